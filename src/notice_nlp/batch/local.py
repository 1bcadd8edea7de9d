"""One machine: stream the input, classify in N worker processes, write in input order, checkpoint.

``predict_file`` is what ``notice-nlp predict`` runs. With ``n_process=1`` the model is loaded in
this process; with ``n_process=N`` each of N worker processes loads it once, the parent reads and
writes only, and at most ``2 N + 2`` chunks are in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from pathlib import Path

from ..api import checked_thresholds
from ..errors import InvalidInputError, NoticeNLPError
from ..records import InputRecord
from .checkpoint import Checkpointer, checkpoint_path, model_fingerprint, read_checkpoint
from .messages import BatchErrors
from .progress import Progress, progress_enabled
from .readers import DEFAULT_MAX_RECORD_BYTES, Fields, Source
from .sinks import Encoder, detect_output_format, open_sink
from .worker import ChunkResult, classify_chunk, init_process, load_warm, preload, process_chunk


class WorkerError(NoticeNLPError, RuntimeError):
    """A worker process died; the run can be resumed from its last checkpoint."""


class Counts:
    """Running totals of a run (restored from the checkpoint on resume)."""

    def __init__(self, data: dict | None = None):
        data = data or {}
        self.documents = data.get("documents", 0)
        self.errors = Counter(data.get("errors", {}))
        self.labels = Counter(data.get("labels", {}))
        self.warnings = data.get("warnings", 0)

    def add(self, result: ChunkResult) -> None:
        self.documents += result.records
        self.errors.update(result.errors)
        self.labels.update(result.labels)
        self.warnings += result.warnings

    def to_dict(self) -> dict:
        return {"documents": self.documents, "errors": dict(self.errors), "labels": dict(self.labels),
                "warnings": self.warnings}


def run_thresholds(thresholds: dict | None, meta: dict) -> dict[str, float]:
    """The checked thresholds of a run that differ from the model's own (those change nothing)."""
    checked = checked_thresholds(thresholds or {}, tuple(meta["labels"]))
    return {label: value for label, value in checked.items() if value != meta["thresholds"].get(label)}


def model_info(model: str | Path) -> tuple[Path, dict]:
    """The artefact folder and its meta.json, without loading the model (the workers load it)."""
    from ..api import resolve_model

    path = resolve_model(model)
    return path, json.loads((path / "meta.json").read_text(encoding="utf-8"))


def chunked(records: Iterator[InputRecord], size: int, counter: dict) -> Iterator[list[InputRecord]]:
    chunk: list[InputRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            counter["read"] += len(chunk)
            yield chunk
            chunk = []
    if chunk:
        counter["read"] += len(chunk)
        yield chunk


def _in_process(chunks, model_path: Path, thresholds: dict, encoder: Encoder, date_field, batch_size, ready: dict):
    model = load_warm(model_path, thresholds)
    ready[0] = time.time()
    ready["cpu"] = time.process_time()
    for chunk in chunks:
        yield classify_chunk(model, chunk, encoder, date_field=date_field, batch_size=batch_size)


def default_start_method() -> str:
    """'fork' on Linux (the model is loaded once and shared copy-on-write), else 'spawn'."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _start_pool(model_path: Path, thresholds: dict, encoder: Encoder, date_field, batch_size, n_process: int,
                start_method: str, ready: dict) -> ProcessPoolExecutor:
    if start_method == "fork":
        preload(load_warm(model_path, thresholds))
        ready[os.getpid()] = time.time()
    context = multiprocessing.get_context(start_method)
    executor = ProcessPoolExecutor(n_process, mp_context=context, initializer=init_process,
                                   initargs=(str(model_path), encoder, date_field, batch_size, thresholds))
    if start_method == "fork":
        # Fork every worker now, before this process starts any other thread. gc.freeze() keeps the
        # collector from writing to the model's objects, which would copy their pages into each worker.
        gc.freeze()
        for future in [executor.submit(os.getpid) for _ in range(n_process)]:
            future.result()
    return executor


def _in_pool(chunks, executor: ProcessPoolExecutor, n_process: int, ready: dict):
    pending: deque = deque()
    limit = 2 * n_process + 2
    try:
        for chunk in chunks:
            pending.append(executor.submit(process_chunk, chunk))
            if len(pending) >= limit:
                result = pending.popleft().result()
                ready[result.pid] = result.ready_at
                yield result
        while pending:
            result = pending.popleft().result()
            ready[result.pid] = result.ready_at
            yield result
    except BrokenProcessPool as error:
        raise WorkerError(BatchErrors.E078) from error
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        preload(None)
        gc.unfreeze()


def _identity(source: Source, output: str, fmt: str, model_path: Path, thresholds: dict) -> dict:
    return {"input": source.fingerprint(), "input_format": source.fmt,
            "output": str(Path(output).resolve()), "output_format": fmt,
            "model": model_fingerprint(model_path, thresholds), "fields": asdict(source.fields)}


def _check_resumable(output: str, fmt: str, state: dict, checkpoint: Path) -> None:
    if fmt == "parquet":
        parts = Path(f"{output}.parts")
        missing = [i for i in range(state["parts"]) if not (parts / f"part-{i:06d}.parquet").is_file()]
        if missing:
            raise InvalidInputError(BatchErrors.E073.format(output=output, checkpoint=checkpoint,
                                                            what=f"parts that are missing now ({len(missing)})"))
    elif not Path(output).is_file() or Path(output).stat().st_size < state["bytes"]:
        raise InvalidInputError(BatchErrors.E073.format(output=output, checkpoint=checkpoint,
                                                        what="an output longer than the file there now"))


def predict_file(input_path: str, output_path: str = "-", *, model: str | Path = "notice-linear-v1",
                 n_process: int = 1, batch_size: int = 256, text_field: str = "text", id_field: str = "id",
                 date_field: str | None = None, input_format: str | None = None, output_format: str | None = None,
                 resume: bool = False, checkpoint: bool = True, checkpoint_every: int = 5000,
                 checkpoint_seconds: float = 60.0, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                 progress: bool | None = None, start_method: str | None = None,
                 thresholds: dict[str, float] | None = None) -> dict:
    """Classify every record of ``input_path`` into ``output_path``; return the run's summary.

    Parameters
    ----------
    input_path : str
        JSONL, CSV or Parquet, plain or gzip; '-' reads JSONL (or gzip JSONL) from stdin.
    output_path : str
        ``.jsonl``, ``.csv`` (either may end in ``.gz``) or ``.parquet``; '-' writes JSONL to stdout.
    n_process : int
        1 classifies in this process; N > 1 starts N worker processes that each load the model once.
        Output order is always input order.
    resume : bool
        Continue from ``<output>.checkpoint.json`` after a crash: the output is cut back to its last
        committed size and the records it covers are skipped, so no record is lost or written twice.
    checkpoint, checkpoint_every, checkpoint_seconds
        Commit the output and write a checkpoint every so many records or seconds (file outputs only).
    max_record_bytes : int
        Larger records become error rows (E070) without being read into memory.
    progress : bool, optional
        Show a progress bar; by default only on a terminal and never when ``CI`` is set.
    start_method : str, optional
        How worker processes start: "fork" (the default on Linux: the model is loaded once here and
        shared copy-on-write, so N workers cost little more memory than one) or "spawn" (the
        default elsewhere: each worker imports the library and loads the model itself).
    thresholds : dict, optional
        Decision thresholds to use instead of the model's, by label (the operating point).

    Raises
    ------
    InvalidInputError
        The input cannot be read at all, or a checkpoint does not match this run.
    WorkerError
        A worker process died; resume with ``resume=True``.
    """
    started = time.perf_counter()
    fields = Fields(text_field, id_field, date_field, max_record_bytes)
    source = Source(input_path, fields, input_format).check()
    fmt = detect_output_format(output_path, output_format)
    if fmt == "parquet" and output_path == "-":
        raise InvalidInputError("Parquet output needs a file path, not stdout. Pass -o FILE.parquet.")
    model_path, meta = model_info(model)
    labels = tuple(meta["labels"])
    thresholds = run_thresholds(thresholds, meta)
    encoder = Encoder(fmt, labels, date=date_field is not None)

    identity = _identity(source, output_path, fmt, model_path, thresholds) if output_path != "-" else {}
    ckpt_file = checkpoint_path(output_path) if output_path != "-" else None
    skip, state, counts, notes = 0, None, Counts(), []
    if resume:
        if output_path == "-":
            raise InvalidInputError(BatchErrors.E074)
        previous = read_checkpoint(ckpt_file)
        if previous is None:
            notes.append("no checkpoint found: started from the beginning")
        else:
            changed = [key for key in identity if previous.get(key) != identity[key]
                       and not (key == "input" and identity[key] is None)]
            if changed:
                raise InvalidInputError(BatchErrors.E073.format(output=output_path, checkpoint=ckpt_file,
                                                                what="another " + ", ".join(changed)))
            skip, state, counts = previous["records"], previous["output_state"], Counts(previous["counts"])
            _check_resumable(output_path, fmt, state, ckpt_file)
    elif ckpt_file is not None and ckpt_file.exists():
        notes.append("a checkpoint of an earlier run was discarded: pass --resume to continue a run")
        ckpt_file.unlink()

    checkpointer = Checkpointer(ckpt_file if checkpoint else None, identity, checkpoint_every, checkpoint_seconds)
    checkpointer.last_records = skip
    sink = open_sink(output_path, fmt, encoder, state)
    counter = {"read": 0}
    chunks = chunked(source.records(skip), batch_size, counter)
    ready: dict = {}
    load_started = time.time()
    if n_process <= 1:
        results = _in_process(chunks, model_path, thresholds, encoder, date_field, batch_size, ready)
    else:
        executor = _start_pool(model_path, thresholds, encoder, date_field, batch_size, n_process,
                               start_method or default_start_method(), ready)
        ready["cpu"] = time.process_time()
        results = _in_pool(chunks, executor, n_process, ready)
    bar = Progress(progress_enabled(progress), total=source.total, size=source.size, initial=skip)
    written = skip
    classify_cpu = 0.0
    phase = "read"
    try:
        for result in results:
            phase = "write"
            sink.write(result.payload)
            written += result.records
            classify_cpu += result.cpu
            counts.add(result)
            if checkpointer.due(written):
                begin = time.perf_counter()
                checkpointer.save(written, sink.commit(), counts.to_dict(), started=begin)
            phase = "read"
            bar.update(result.records, read=counter["read"], position=source.position(),
                       errors=sum(counts.errors.values()))
        phase = "finish"
        sink.close()
    except BaseException:
        # Reading or a worker failed between chunks: what is written is whole, so record it.
        if phase == "read" and checkpoint and ckpt_file is not None:
            try:
                checkpointer.save(written, sink.commit(), counts.to_dict())
            except Exception:  # noqa: BLE001 - keep the original error
                pass
        raise
    finally:
        bar.close()
        results.close()
    checkpointer.remove()
    elapsed = time.perf_counter() - started
    parent_cpu = time.process_time() - ready.pop("cpu", time.process_time())
    load_seconds = (max(ready.values()) - load_started) if ready else None
    processed = written - skip
    summary = {
        "model": meta.get("name", str(model)), "thresholds": thresholds, "engine": "local",
        "n_process": max(1, n_process),
        "input": str(input_path), "output": str(output_path), "output_format": fmt,
        "documents": counts.documents, "processed_this_run": processed,
        "error_rows": sum(counts.errors.values()), "errors": dict(sorted(counts.errors.items())),
        "warning_rows": counts.warnings,
        "labels": {label: counts.labels.get(label, 0) for label in labels},
        "seconds": round(elapsed, 2),
        "model_load_seconds": round(load_seconds, 2) if load_seconds is not None else None,
        "docs_per_second": round(processed / elapsed, 1) if elapsed else None,
        "docs_per_second_after_load": (round(processed / (elapsed - load_seconds), 1)
                                       if load_seconds is not None and elapsed > load_seconds else None),
        "checkpoints": checkpointer.written,
        "checkpoint_seconds": round(checkpointer.seconds_spent, 3),
        # CPU seconds after the model was loaded: classifying (summed over the workers) and this
        # process (reading, writing; with n_process=1 it includes the classifying)
        "cpu_seconds": {"classify": round(classify_cpu, 2), "parent": round(parent_cpu, 2)},
    }
    if skip:
        summary["resumed_after"] = skip
    if notes:
        summary["notes"] = notes
    if counts.documents == 0:
        summary.setdefault("notes", []).append("the input holds no records")
    return summary
