"""Streaming, fault-tolerant readers: JSONL, CSV and Parquet, plain or gzip, files or stdin.

Every physical JSONL line, CSV data row or Parquet row yields exactly one ``InputRecord``, in
order, whatever is wrong with it: a bad one carries ``error`` and its 1-based ``line`` (JSONL line,
CSV data row, Parquet row), and reading goes on. Lines are read with a size cap, so binary
garbage without newlines or a 50 MB record never sits whole in memory. Only a file that cannot be
read at all (missing, not gzip after a gzip header, not Parquet, truncated) raises
``InvalidInputError``.

``skip`` resumes after the first ``skip`` records without parsing them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import Errors, InvalidInputError
from ..records import InputRecord, detect_format
from .messages import BatchErrors

#: Records above this many bytes become error rows (E070) instead of being read into memory.
DEFAULT_MAX_RECORD_BYTES = 8 * 2**20

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Stands in, inside the CSV reader, for a physical line that was too long to read.
_OVERSIZE = "\ue000notice-nlp-oversize-line\ue000"


@dataclass(frozen=True)
class Fields:
    """Which fields hold the text, the id and (optionally) the date, and the record size cap."""

    text: str = "text"
    id: str = "id"
    date: str | None = None
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES


def _unreadable(path: str, detail: object) -> InvalidInputError:
    return InvalidInputError(Errors.E006.format(path=path, detail=detail))


def raw_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, bytes or None when longer than limit, size in bytes)``."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while True:  # drop the rest of the oversize line, a MiB at a time
                more = stream.readline(2**20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None, size
        else:
            yield number, raw, len(raw)


def json_safe(value: Any) -> Any:
    """Dates and other non-JSON values from CSV/Parquet as strings; JSON values unchanged."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | dict):
        return value
    return str(value)


def parse_json_line(number: int, raw: bytes, fields: Fields) -> InputRecord:
    """One JSONL line (with or without its newline) as an InputRecord; never raises."""
    default_id = number - 1
    raw = raw.rstrip(b"\r\n")
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    utf8_error = None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.decode("utf-8", "replace")
        utf8_error = Errors.E007.format(detail=f"byte {error.start} of the line")
    if not line.strip():
        return InputRecord(number, default_id, None, utf8_error or Errors.E003)
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as error:
        detail = getattr(error, "msg", None) or type(error).__name__
        return InputRecord(number, default_id, None, utf8_error or Errors.E004.format(detail=detail))
    if not isinstance(obj, dict):
        return InputRecord(number, default_id, None, utf8_error or Errors.E004.format(detail="not a JSON object"))
    doc_id = obj.get(fields.id, default_id)
    if utf8_error:
        return InputRecord(number, doc_id, None, utf8_error)
    if fields.text not in obj:
        return InputRecord(number, doc_id, None, Errors.E005.format(field=fields.text))
    text = obj[fields.text]
    if isinstance(text, str) and _SURROGATE.search(text):
        return InputRecord(number, doc_id, None, Errors.E007.format(detail="a lone surrogate escape in the text"))
    date = json_safe(obj.get(fields.date)) if fields.date else None
    return InputRecord(number, doc_id, text, None, None, date)


def jsonl_records(stream: IO[bytes], fields: Fields, *, skip: int = 0, first_line: int = 1) -> Iterator[InputRecord]:
    """Records of a JSONL byte stream; ``first_line`` numbers a stream that starts mid-file."""
    limit = fields.max_record_bytes
    offset = first_line - 1
    for number, raw, size in raw_lines(stream, limit):
        if number <= skip:
            continue
        number += offset
        if raw is None:
            yield InputRecord(number, number - 1, None, BatchErrors.E070.format(size=size, limit=limit))
        else:
            yield parse_json_line(number, raw, fields)


class _CsvLines:
    """Physical lines for ``csv.reader``: size-capped, decoded with surrogateescape (bad bytes stay visible)."""

    def __init__(self, stream: IO[bytes], limit: int):
        self.lines = raw_lines(stream, limit)
        self.oversize = 0
        self.first = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        _, raw, size = next(self.lines)
        if raw is None:
            self.oversize = max(self.oversize, size)
            return _OVERSIZE + "\n"
        if self.first:
            self.first = False
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
        return raw.decode("utf-8", "surrogateescape")


def csv_records(stream: IO[bytes], fields: Fields, *, skip: int = 0, path: str = "CSV input") -> Iterator[InputRecord]:
    """Records of a CSV byte stream with a header row; rows are numbered from 1 after the header."""
    limit = fields.max_record_bytes
    lines = _CsvLines(stream, limit)
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        reader = csv.reader(lines)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _unreadable(path, f"the CSV header row cannot be parsed ({error})") from error
        i_text = header.index(fields.text) if fields.text in header else None
        i_id = header.index(fields.id) if fields.id in header else None
        i_date = header.index(fields.date) if fields.date and fields.date in header else None
        number = 0
        while True:
            lines.oversize = 0
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                number += 1
                if number > skip:
                    detail = str(error)
                    if "field larger than field limit" in detail:
                        yield InputRecord(number, number - 1, None,
                                          BatchErrors.E070.format(size=limit + 1, limit=limit))
                    else:
                        yield InputRecord(number, number - 1, None, BatchErrors.E072.format(detail=detail))
                continue
            number += 1
            if number <= skip:
                continue
            yield _csv_record(number, row, header, i_text, i_id, i_date, fields, lines.oversize)
    finally:
        csv.field_size_limit(previous_limit)


def _csv_record(number: int, row: list[str], header: list[str], i_text, i_id, i_date, fields: Fields,
                oversize: int) -> InputRecord:
    default_id = number - 1
    doc_id = row[i_id] if i_id is not None and i_id < len(row) and row[i_id] != "" else default_id
    if not row or (len(row) == 1 and not row[0].strip() and len(header) > 1):
        return InputRecord(number, default_id, None, Errors.E003)
    if oversize or any(_OVERSIZE in value for value in row):
        return InputRecord(number, default_id, None,
                           BatchErrors.E070.format(size=max(oversize, fields.max_record_bytes + 1),
                                                   limit=fields.max_record_bytes))
    joined = "\x1f".join(row)
    if _SURROGATE.search(joined):
        at = _SURROGATE.search(joined).start()
        safe_id = doc_id if not (isinstance(doc_id, str) and _SURROGATE.search(doc_id)) else default_id
        return InputRecord(number, safe_id, None, Errors.E007.format(detail=f"character {at} of the row"))
    if len(row) != len(header):
        return InputRecord(number, doc_id, None, BatchErrors.E071.format(n=len(row), expected=len(header)))
    if i_text is None:
        return InputRecord(number, doc_id, None, Errors.E005.format(field=fields.text))
    date = row[i_date] if i_date is not None else None
    return InputRecord(number, doc_id, row[i_text], None, None, date)


def open_parquet(path: str):
    """A ``pyarrow.parquet.ParquetFile`` for a local path or an fsspec URL."""
    import pyarrow.parquet as pq

    try:
        if "://" in path:
            import fsspec

            return pq.ParquetFile(fsspec.open(path, "rb").open())
        return pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for unreadable files
        raise _unreadable(path, f"not a readable Parquet file ({error})") from error


def parquet_records(parquet, fields: Fields, *, path: str = "", skip: int = 0,
                    row_groups: list[int] | None = None, first_row: int = 1) -> Iterator[InputRecord]:
    """Records of a Parquet file (or some of its row groups, numbered from ``first_row``)."""
    names = parquet.schema_arrow.names
    columns = [c for c in dict.fromkeys((fields.text, fields.id, fields.date)) if c and c in names]
    groups = range(parquet.num_row_groups) if row_groups is None else row_groups
    number = first_row - 1
    limit = fields.max_record_bytes
    for group in groups:
        n_rows = parquet.metadata.row_group(group).num_rows
        if number - (first_row - 1) + n_rows <= skip:
            number += n_rows
            continue
        if columns:
            batches = _parquet_batches(parquet, group, columns, path)
        else:
            batches = iter([{"__rows__": [None] * n_rows}])
        for data in batches:
            size = len(next(iter(data.values()))) if data else 0
            for i in range(size):
                number += 1
                if number - (first_row - 1) <= skip:
                    continue
                doc_id = json_safe(data[fields.id][i]) if fields.id in data else number - 1
                if fields.text not in data:
                    yield InputRecord(number, doc_id, None, Errors.E005.format(field=fields.text))
                    continue
                text = data[fields.text][i]
                if isinstance(text, str) and len(text) > limit:
                    yield InputRecord(number, doc_id, None, BatchErrors.E070.format(size=len(text), limit=limit))
                    continue
                date = json_safe(data[fields.date][i]) if fields.date and fields.date in data else None
                yield InputRecord(number, doc_id, text, None, None, date)


def _parquet_batches(parquet, group: int, columns: list[str], path: str) -> Iterator[dict]:
    batches = parquet.iter_batches(batch_size=4096, row_groups=[group], columns=columns)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as error:  # a corrupt page: the file cannot be read on
            raise _unreadable(path, f"row group {group} cannot be read ({error})") from error
        yield batch.to_pydict()


class Source:
    """One input: a path (or '-' for stdin) and its format; ``records(skip)`` streams it.

    ``position()`` and ``size`` (bytes) or ``total`` (records, Parquet) drive the progress bar.
    """

    def __init__(self, path: str, fields: Fields | None = None, fmt: str | None = None):
        self.path = str(path)
        self.fields = fields or Fields()
        self.fmt = fmt or detect_format(self.path)
        if self.fmt not in ("jsonl", "csv", "parquet"):
            raise InvalidInputError(Errors.E008.format(path=self.path))
        self.size: int | None = None
        self.total: int | None = None
        self._raw = None
        self._parquet = None

    def check(self) -> Source:
        """Fail early, with E006, when the input cannot be read at all."""
        if self.path == "-":
            if self.fmt == "parquet":
                raise _unreadable("-", "Parquet cannot be read from stdin; pass a file")
            return self
        path = Path(self.path)
        if not path.exists():
            raise _unreadable(self.path, "no such file")
        if not path.is_file():
            raise _unreadable(self.path, "not a regular file")
        if not os.access(path, os.R_OK):
            raise _unreadable(self.path, "permission denied")
        self.size = path.stat().st_size
        if self.fmt == "parquet":
            self._parquet = open_parquet(self.path)
            self.total = self._parquet.metadata.num_rows
        return self

    def fingerprint(self) -> dict | None:
        """Size and hashes of the first and last MiB: enough to refuse resuming on another file."""
        if self.path == "-":
            return None
        path = Path(self.path)
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            digest.update(stream.read(2**20))
            size = path.stat().st_size
            if size > 2**20:
                stream.seek(max(2**20, size - 2**20))
                digest.update(stream.read())
        return {"path": str(path.resolve()), "size": size, "sha256_head_tail": digest.hexdigest()}

    def position(self) -> int | None:
        try:
            return self._raw.tell() if self._raw is not None else None
        except (OSError, ValueError):
            return None

    @contextmanager
    def _open(self):
        if self.path == "-":
            raw = sys.stdin.buffer
            magic = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
            yield gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
            return
        try:
            raw = open(self.path, "rb")  # noqa: SIM115
        except OSError as error:
            raise _unreadable(self.path, error.strerror or error) from error
        self._raw = raw
        try:
            magic = raw.peek(2)[:2]
            yield gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
        finally:
            self._raw = None
            raw.close()

    def records(self, skip: int = 0) -> Iterator[InputRecord]:
        if self.fmt == "parquet":
            parquet = self._parquet or open_parquet(self.path)
            yield from parquet_records(parquet, self.fields, path=self.path, skip=skip)
            return
        with self._open() as stream:
            try:
                if self.fmt == "jsonl":
                    yield from jsonl_records(stream, self.fields, skip=skip)
                else:
                    yield from csv_records(stream, self.fields, skip=skip, path=self.path)
            except (OSError, EOFError, zlib.error) as error:  # BadGzipFile is an OSError
                raise _unreadable(self.path, f"{type(error).__name__}: {error}") from error


def plan_byte_ranges(path: str, block_bytes: int) -> list[tuple[int, int, int]]:
    """Split a plain (uncompressed) JSONL file at line ends: ``[(start, end, first_line), ...]``.

    One pass over the file counting newlines; each range starts on a line of its own.
    """
    size = Path(path).stat().st_size
    ranges: list[tuple[int, int, int]] = []
    start, line = 0, 1
    with open(path, "rb") as stream:
        while start < size:
            target = start + block_bytes
            if target >= size:
                end = size
            else:
                stream.seek(target)
                stream.readline()  # to the end of the line that straddles the target
                end = stream.tell()
            ranges.append((start, end, line))
            stream.seek(start)
            remaining = end - start
            count = 0
            while remaining:
                chunk = stream.read(min(remaining, 8 * 2**20))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                remaining -= len(chunk)
            line += count
            start = end
    return ranges


def read_byte_range(path: str, start: int, end: int, first_line: int, fields: Fields) -> Iterator[InputRecord]:
    """Records of the lines in ``[start, end)`` of a plain JSONL file (local path or fsspec URL)."""
    if "://" in path:
        import fsspec

        opener = fsspec.open(path, "rb")
    else:
        opener = open(path, "rb")  # noqa: SIM115
    with opener as stream:
        stream.seek(start)
        window = _Window(stream, end - start)
        yield from jsonl_records(io.BufferedReader(window, buffer_size=2**20), fields, first_line=first_line)


class _Window(io.RawIOBase):
    """A read-only raw stream over the next ``length`` bytes of ``stream``."""

    def __init__(self, stream, length: int):
        super().__init__()
        self.stream, self.left = stream, length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        data = self.stream.read(min(len(buffer), self.left))
        buffer[: len(data)] = data
        self.left -= len(data)
        return len(data)
