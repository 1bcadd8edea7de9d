"""Checkpoints: what a run has durably written, so ``--resume`` neither loses nor repeats a record.

Protocol. The writer appends encoded chunks in input order. Every ``every`` records (or
``seconds``), it fsyncs the output, then atomically replaces ``<output>.checkpoint.json`` (write a
temporary file, fsync, rename, fsync the folder) with: input records consumed, the output's
committed state (bytes for JSONL/CSV, parts for Parquet) and the running counts. A crash at any
point leaves a checkpoint that describes a prefix of the output exactly; ``--resume`` truncates
the output to that prefix and skips that many input records.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

FORMAT = 1


def checkpoint_path(output: str) -> Path:
    return Path(f"{output}.checkpoint.json")


def write_json_atomic(path: Path, data: dict) -> None:
    """Write JSON so that a reader sees the old or the new content, never a mix, even after kill -9."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=1, default=str)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(tmp, path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:  # some filesystems refuse fsync on folders
        pass


def read_checkpoint(path: Path) -> dict | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("format") == FORMAT else None


def model_fingerprint(model_path: Path, thresholds: dict[str, float] | None = None) -> str:
    """sha256 of the artefact's meta.json (which holds the sha256 of every artefact file) and of the
    thresholds set for the run, if any: another operating point is another model for a resumed run."""
    digest = hashlib.sha256((Path(model_path) / "meta.json").read_bytes())
    if thresholds:
        digest.update(json.dumps(thresholds, sort_keys=True).encode())
    return digest.hexdigest()


class Checkpointer:
    """Decides when a checkpoint is due and writes it."""

    def __init__(self, path: Path | None, identity: dict, every: int = 5000, seconds: float = 60.0):
        self.path = path
        self.identity = identity
        self.every = max(1, every)
        self.seconds = seconds
        self.last_records = 0
        self.last_time = time.monotonic()
        self.written = 0
        self.seconds_spent = 0.0  # in save(), output commit included: the cost of the bookkeeping

    def due(self, records: int) -> bool:
        if self.path is None:
            return False
        return records - self.last_records >= self.every or time.monotonic() - self.last_time >= self.seconds

    def save(self, records: int, output_state: dict, counts: dict, *, started: float | None = None) -> None:
        """Write the checkpoint; ``started`` (a ``time.perf_counter()``) also charges the output commit."""
        if self.path is None:
            return
        begin = time.perf_counter() if started is None else started
        write_json_atomic(self.path, {"format": FORMAT, **self.identity, "records": records,
                                      "output_state": output_state, "counts": counts,
                                      "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S")})
        self.last_records = records
        self.last_time = time.monotonic()
        self.written += 1
        self.seconds_spent += time.perf_counter() - begin

    def remove(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
