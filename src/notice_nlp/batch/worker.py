"""What a worker does with a chunk of input records: classify, build prediction rows, encode.

Used in-process (``--n-process 1``), in each ``--n-process N`` worker process and in each Dask
worker, so every engine writes byte-identical records for the same input.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..records import InputRecord
from ..types import Prediction
from .messages import error_kind
from .sinks import Encoder


@dataclass
class ChunkResult:
    """One encoded chunk and the counts the summary needs."""

    payload: Any
    records: int
    first_line: int
    last_line: int
    labels: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    warnings: int = 0
    pid: int = 0
    ready_at: float = 0.0
    cpu: float = 0.0  # CPU seconds the worker spent on this chunk


def prediction_rows(model, records: list[InputRecord], *, date_field: str | None = None,
                    batch_size: int = 256) -> list[dict]:
    """The prediction record of each input record, in order (error rows carry ``line``)."""
    good = [r for r in records if r.error is None]
    predictions = model.pipe(((r.text, r.id) for r in good), batch_size=batch_size, as_tuples=True)
    rows = []
    for record in records:
        if record.error is None:
            row = next(predictions).to_dict()
        else:
            row = Prediction(id=record.id, error=record.error).to_dict()
        if row["error"] is not None:
            row["line"] = record.line
        elif record.warning and "warning" not in row:
            row["warning"] = record.warning
        if date_field is not None:
            row["date"] = record.date
        rows.append(row)
    return rows


def classify_chunk(model, records: list[InputRecord], encoder: Encoder, *, date_field: str | None = None,
                   batch_size: int = 256, ready_at: float = 0.0) -> ChunkResult:
    cpu = time.process_time()
    rows = prediction_rows(model, records, date_field=date_field, batch_size=batch_size)
    labels: Counter = Counter()
    errors: Counter = Counter()
    warnings = 0
    for row in rows:
        labels.update(row["labels"])
        if row["error"] is not None:
            errors[error_kind(row["error"])] += 1
        if row.get("warning"):
            warnings += 1
    payload = encoder.encode(rows)
    return ChunkResult(payload, len(rows), records[0].line if records else 0,
                       records[-1].line if records else 0, dict(labels), dict(errors), warnings,
                       os.getpid(), ready_at, time.process_time() - cpu)


def load_warm(model_ref, thresholds: dict[str, float] | None = None):
    """Load the model (at the given operating point) and run one document through it, so that the
    spaCy pipeline is built too."""
    from ..api import load

    model = load(model_ref).set_thresholds(thresholds or {})
    list(model.pipe([("Wanted by Colombia for the homicide of a shopkeeper in Cali.", None)], as_tuples=True))
    return model


# ------------------------------------------------------------- worker processes (--n-process)

_STATE: dict[str, Any] = {}


def preload(model) -> None:
    """Before forking: the workers inherit this model (shared copy-on-write) instead of loading it."""
    _STATE.clear()
    if model is not None:
        _STATE.update(model=model, ready_at=time.time())


def init_process(model_ref: str, encoder: Encoder, date_field: str | None, batch_size: int,
                 thresholds: dict[str, float] | None = None) -> None:
    """Pool initializer: one BLAS thread (the processes are the parallelism); the model, once.

    Forked workers find the parent's model in ``_STATE``; spawned workers load it here.
    """
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        pass
    if _STATE.get("model") is None:
        _STATE.update(model=load_warm(model_ref, thresholds), ready_at=time.time())
    _STATE.update(encoder=encoder, date_field=date_field, batch_size=batch_size)


def process_chunk(records: list[InputRecord]) -> ChunkResult:
    return classify_chunk(_STATE["model"], records, _STATE["encoder"], date_field=_STATE["date_field"],
                          batch_size=_STATE["batch_size"], ready_at=_STATE["ready_at"])
