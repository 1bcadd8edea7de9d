"""Prediction output: encoders (run in the workers) and sinks (run in the writing process).

Formats: ``jsonl`` and ``csv`` (each plain or ``.gz``) and ``parquet``. Workers encode whole
chunks, so the writing process only appends bytes or Arrow tables. A gzip chunk is a complete
gzip member: members concatenate into a valid gzip file and every chunk boundary is a safe place
to truncate to on resume. Parquet is written as part files that are merged at the end, so a
crashed run keeps every committed part.

``read_predictions`` reads any of these back (and dask output folders) as prediction dicts.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from .messages import BatchErrors

FORMATS = ("jsonl", "jsonl.gz", "csv", "csv.gz", "parquet")
SUFFIXES = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "csv": ".csv", "csv.gz": ".csv.gz", "parquet": ".parquet"}


def detect_output_format(path: str, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else from the suffix; '-' and unknown suffixes are JSONL."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt == "json":
            fmt = "jsonl"
        if fmt not in FORMATS:
            raise InvalidInputError(BatchErrors.E076.format(fmt=fmt))
        return fmt
    name = str(path).lower()
    gz = name.endswith(".gz")
    name = name.removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".csv"):
        return "csv.gz" if gz else "csv"
    return "jsonl.gz" if gz else "jsonl"


def _dumps(row: dict) -> str:
    try:
        text = json.dumps(row, ensure_ascii=False, default=str)
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # a lone surrogate in an id: escape it rather than fail the chunk
        return json.dumps(row, ensure_ascii=True, default=str)


def csv_columns(labels: Iterable[str], date: bool) -> list[str]:
    return (["id", "line", "error", "warning"] + (["date"] if date else [])
            + ["requesting_country", "labels", "charge_categories", "roles"]
            + [f"score_{label}" for label in labels] + ["entities", "evidence"])


def _csv_cells(row: dict, columns: list[str]) -> list[Any]:
    cells = []
    for column in columns:
        if column.startswith("score_"):
            value = row["scores"].get(column[6:])
        elif column in ("labels", "charge_categories", "roles"):
            value = ";".join(row.get(column) or [])
        elif column in ("entities", "evidence"):
            value = json.dumps(row.get(column) or ([] if column == "entities" else {}), ensure_ascii=False)
        else:
            value = row.get(column)
        cells.append("" if value is None else value)
    return cells


def parquet_schema():
    import pyarrow as pa

    span = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
    entity = pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                        ("norm", pa.string()), ("negated", pa.bool_())])
    return pa.schema([
        ("id", pa.string()), ("scores", pa.map_(pa.string(), pa.float64())), ("labels", pa.list_(pa.string())),
        ("requesting_country", pa.string()), ("charge_categories", pa.list_(pa.string())),
        ("roles", pa.list_(pa.string())), ("entities", pa.list_(entity)),
        ("evidence", pa.map_(pa.string(), pa.list_(span))), ("error", pa.string()), ("line", pa.int64()),
        ("warning", pa.string()), ("date", pa.string()),
    ])


def _parquet_row(row: dict) -> dict:
    out = dict(row)
    out["id"] = None if row["id"] is None else str(row["id"])
    out["date"] = None if row.get("date") is None else str(row["date"])
    return out


class Encoder:
    """Turns a chunk of prediction dicts into what the sink appends (bytes, or an Arrow table)."""

    def __init__(self, fmt: str, labels: Iterable[str], date: bool = False):
        if fmt not in FORMATS:
            raise InvalidInputError(BatchErrors.E076.format(fmt=fmt))
        self.fmt = fmt
        self.gzip = fmt.endswith(".gz")
        self.columns = csv_columns(labels, date)

    def _wrap(self, data: bytes) -> bytes:
        return gzip.compress(data, compresslevel=6, mtime=0) if self.gzip and data else data

    def header(self) -> bytes:
        if not self.fmt.startswith("csv"):
            return b""
        buffer = io.StringIO()
        csv.writer(buffer).writerow(self.columns)
        return self._wrap(buffer.getvalue().encode("utf-8"))

    def encode(self, rows: list[dict]):
        if self.fmt == "parquet":
            import pyarrow as pa

            return pa.Table.from_pylist([_parquet_row(r) for r in rows], schema=parquet_schema())
        if self.fmt.startswith("jsonl"):
            data = "".join(_dumps(r) + "\n" for r in rows)
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(_csv_cells(row, self.columns))
            data = buffer.getvalue()
        return self._wrap(data.encode("utf-8", "backslashreplace"))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ByteSink:
    """JSONL or CSV (plain or gzip) to a file or stdout; ``commit()`` makes what was written durable."""

    def __init__(self, path: str, header: bytes = b"", state: dict | None = None):
        self.path = path
        if path == "-":
            self.file = sys.stdout.buffer
            self.file.write(header)
            return
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if state is not None:
            self.file = open(path, "r+b")  # noqa: SIM115
            self.file.truncate(state["bytes"])
            self.file.seek(state["bytes"])
        else:
            self.file = open(path, "wb")  # noqa: SIM115
            self.file.write(header)

    def write(self, payload: bytes) -> None:
        self.file.write(payload)

    def commit(self) -> dict:
        self.file.flush()
        if self.path != "-":
            os.fsync(self.file.fileno())
        return {"bytes": self.file.tell() if self.path != "-" else None}

    def close(self) -> None:
        self.file.flush()
        if self.path != "-":
            os.fsync(self.file.fileno())
            self.file.close()


class ParquetSink:
    """A Parquet file written as committed part files in ``<path>.parts/``, merged by ``close()``."""

    def __init__(self, path: str, state: dict | None = None, rows_per_part: int = 50_000):
        if path == "-":
            raise InvalidInputError("Parquet output needs a file path, not stdout. Pass -o FILE.parquet.")
        self.path = Path(path)
        self.parts = Path(f"{path}.parts")
        self.rows_per_part = rows_per_part
        self.buffer: list = []
        self.buffered = 0
        self.count = 0
        if state is not None:
            self.count = state["parts"]
            for part in self.parts.glob("part-*.parquet"):
                if int(part.stem.split("-")[1]) >= self.count:
                    part.unlink()
        else:
            shutil.rmtree(self.parts, ignore_errors=True)
        self.parts.mkdir(parents=True, exist_ok=True)

    def write(self, table) -> None:
        self.buffer.append(table)
        self.buffered += table.num_rows
        if self.buffered >= self.rows_per_part:
            self._flush()

    def _flush(self) -> None:
        if not self.buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = self.parts / f"part-{self.count:06d}.parquet"
        pq.write_table(pa.concat_tables(self.buffer), target, compression="zstd")
        with open(target, "rb") as stream:
            os.fsync(stream.fileno())
        self.buffer, self.buffered = [], 0
        self.count += 1

    def commit(self) -> dict:
        self._flush()
        _fsync_dir(self.parts)
        return {"parts": self.count}

    def close(self) -> None:
        import pyarrow.parquet as pq

        self.commit()
        partial = self.path.with_name(self.path.name + ".partial")
        with pq.ParquetWriter(partial, parquet_schema(), compression="zstd") as writer:
            for i in range(self.count):
                part = pq.ParquetFile(self.parts / f"part-{i:06d}.parquet")
                for group in range(part.num_row_groups):
                    writer.write_table(part.read_row_group(group))
        with open(partial, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(partial, self.path)
        _fsync_dir(self.path.parent)
        shutil.rmtree(self.parts, ignore_errors=True)


def open_sink(path: str, fmt: str, encoder: Encoder, state: dict | None = None):
    if fmt == "parquet":
        return ParquetSink(path, state)
    return ByteSink(path, encoder.header(), state)


# ---------------------------------------------------------------- reading predictions back


def _from_parquet_row(row: dict) -> dict:
    out = dict(row)
    out["scores"] = dict(row["scores"] or [])
    out["evidence"] = {k: list(v) for k, v in (row["evidence"] or [])}
    entities = []
    for entity in row["entities"] or []:
        entity = dict(entity)
        if entity.get("norm") is None:
            entity.pop("norm", None)
        if not entity.get("negated"):
            entity.pop("negated", None)
        entities.append(entity)
    out["entities"] = entities
    for key in ("line", "warning", "date"):
        if out.get(key) is None:
            out.pop(key, None)
    return out


def _read_parquet(path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            yield _from_parquet_row(row)


def _read_csv(stream) -> Iterator[dict]:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    for row in csv.DictReader(text):
        out: dict[str, Any] = {"id": row["id"], "scores": {}, "labels": [], "requesting_country": None,
                               "charge_categories": [], "roles": [], "entities": [], "evidence": {}, "error": None}
        for key, value in row.items():
            if key.startswith("score_"):
                if value != "":
                    out["scores"][key[6:]] = float(value)
            elif key in ("labels", "charge_categories", "roles"):
                out[key] = value.split(";") if value else []
            elif key in ("entities", "evidence"):
                out[key] = json.loads(value) if value else out[key]
            elif key == "line":
                if value:
                    out["line"] = int(value)
            elif key in ("warning", "date"):
                if value:
                    out[key] = value
            elif key in ("requesting_country", "error"):
                out[key] = value or None
        yield out


def _read_file(path: Path) -> Iterator[dict]:
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        yield from _read_parquet(path)
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        if name.removesuffix(".gz").endswith(".csv"):
            yield from _read_csv(stream)
            return
        for line in stream:
            if line.strip():
                yield json.loads(line)


def read_manifest(folder: str | Path) -> dict:
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def read_predictions(path: str | Path) -> Iterator[dict]:
    """Stream prediction dicts from a JSONL/CSV/Parquet file, '-' (JSONL on stdin) or a dask output folder."""
    if str(path) == "-":
        for line in sys.stdin.buffer:
            if line.strip():
                yield json.loads(line)
        return
    path = Path(path)
    try:
        if path.is_dir():
            if not (path / "manifest.json").is_file():
                raise ValueError("the folder has no manifest.json")
            manifest = read_manifest(path)
            for part in manifest["parts"]:
                yield from _read_file(path / part["path"])
            return
        if not path.is_file():
            raise FileNotFoundError("no such file")
        yield from _read_file(path)
    except (OSError, ValueError, KeyError) as error:
        raise InvalidInputError(BatchErrors.E079.format(path=path, detail=error)) from error
