"""Reading the gold corpus (JSONL records of shared/spec/taxonomy.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .errors import Errors, NoticeNLPError


def corpus_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(path.glob("*.jsonl"))
    if not files:
        raise NoticeNLPError(Errors.E041.format(path=path))
    return files


def read_corpus(path: str | Path) -> Iterator[dict]:
    """Yield the records of a corpus file or of every ``*.jsonl`` in a corpus directory."""
    for file in corpus_files(path):
        with open(file, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)
