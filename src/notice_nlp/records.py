"""The input record type, input-format detection and JSONL output (foundation of I/O).

The streaming readers live in ``notice_nlp.batch.readers``: every physical input line or row yields
exactly one ``InputRecord``, in order; a bad one carries ``error`` (with its line number).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import Errors, InvalidInputError


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
