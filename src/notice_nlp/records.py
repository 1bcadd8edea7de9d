"""Streaming input records from JSONL, CSV or Parquet (plain or gzip), and JSONL output.

Every physical input line or row yields exactly one ``InputRecord``, in order: a bad one carries
``error`` (with its line number) instead of stopping the stream.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import Errors, InvalidInputError, Warnings


@dataclass(frozen=True)
class InputRecord:
    line: int  # 1-based line (JSONL) or data row (CSV, Parquet) number
    id: Any
    text: Any
    error: str | None = None
    warning: str | None = None
    date: Any = None


def detect_format(path: str) -> str:
    name = path.lower().removesuffix(".gz")
    for suffix, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl"), (".csv", "csv"),
                        (".parquet", "parquet"), (".pq", "parquet")):
        if name.endswith(suffix):
            return fmt
    if path == "-":
        return "jsonl"
    raise InvalidInputError(Errors.E008.format(path=path))


@contextmanager
def open_binary(path: str):
    """Open ``path`` (or stdin for '-') for binary reading, gunzipping by magic number."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        raw = open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise InvalidInputError(Errors.E006.format(path=path, detail=error.strerror or error)) from error
    try:
        magic = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        yield gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
    finally:
        raw.close()


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), Warnings.W004


def _jsonl(stream: IO[bytes], text_field: str, id_field: str, date_field: str | None) -> Iterator[InputRecord]:
    for number, raw in enumerate(stream, 1):
        line, warning = _decode(raw.rstrip(b"\r\n"))
        default_id = number - 1
        if not line.strip():
            yield InputRecord(number, default_id, None, Errors.E003)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputRecord(number, default_id, None, Errors.E004.format(detail=error.msg), warning)
            continue
        if not isinstance(obj, dict):
            yield InputRecord(number, default_id, None, Errors.E004.format(detail="not a JSON object"), warning)
            continue
        doc_id = obj.get(id_field, default_id)
        if text_field not in obj:
            yield InputRecord(number, doc_id, None, Errors.E005.format(field=text_field), warning)
            continue
        yield InputRecord(number, doc_id, obj[text_field], None, warning, obj.get(date_field) if date_field else None)


def _csv(stream: IO[bytes], text_field: str, id_field: str, date_field: str | None) -> Iterator[InputRecord]:
    csv.field_size_limit(2**31 - 1)
    text_stream = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    reader = csv.DictReader(text_stream)
    for number, row in enumerate(reader, 1):
        doc_id = row.get(id_field) or number - 1
        text = row.get(text_field)
        if text_field not in (reader.fieldnames or []):
            yield InputRecord(number, doc_id, None, Errors.E005.format(field=text_field))
        elif text is None:
            yield InputRecord(number, doc_id, None, Errors.E005.format(field=text_field) + " (ragged row)")
        else:
            yield InputRecord(number, doc_id, text, None, "\ufffd" in text and Warnings.W004 or None,
                              row.get(date_field) if date_field else None)


def _parquet(path: str, text_field: str, id_field: str, date_field: str | None) -> Iterator[InputRecord]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for unreadable files
        raise InvalidInputError(Errors.E006.format(path=path, detail=error)) from error
    names = parquet.schema_arrow.names
    number = 0
    for batch in parquet.iter_batches(batch_size=4096):
        columns = batch.to_pydict()
        for i in range(batch.num_rows):
            number += 1
            doc_id = columns[id_field][i] if id_field in names else number - 1
            if text_field not in names:
                yield InputRecord(number, doc_id, None, Errors.E005.format(field=text_field))
            else:
                date = columns[date_field][i] if date_field and date_field in names else None
                yield InputRecord(number, doc_id, columns[text_field][i], None, None, date)


def read_records(path: str, *, text_field: str = "text", id_field: str = "id",
                 date_field: str | None = None, fmt: str | None = None) -> Iterator[InputRecord]:
    """Stream InputRecords from ``path`` ('-' for stdin). Unreadable files raise InvalidInputError."""
    fmt = fmt or detect_format(path)
    if fmt != "parquet" and path != "-" and not Path(path).is_file():
        raise InvalidInputError(Errors.E006.format(path=path, detail="no such file"))
    if fmt == "parquet":
        yield from _parquet(path, text_field, id_field, date_field)
        return
    with open_binary(path) as stream:
        reader = _jsonl if fmt == "jsonl" else _csv
        try:
            yield from reader(stream, text_field, id_field, date_field)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise InvalidInputError(Errors.E006.format(path=path, detail=error)) from error


@contextmanager
def open_output(path: str):
    """Text stream for JSONL output: stdout for '-', gzip for '*.gz', else a plain file."""
    if path == "-":
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    stream = gzip.open(path, "wt", encoding="utf-8") if path.endswith(".gz") else open(path, "w", encoding="utf-8")
    try:
        yield stream
    finally:
        stream.close()


def write_jsonl(rows: Iterable[dict], stream: IO[str]) -> int:
    n = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
