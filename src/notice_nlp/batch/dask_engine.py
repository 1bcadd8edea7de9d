"""A Dask cluster: partition the input, ship the model to each worker once, write partitioned output.

Partitions:

- plain JSONL files are cut into byte ranges at line ends, and each worker reads its own range;
- Parquet files are cut into groups of row groups, and each worker reads its own groups;
- gzip JSONL, CSV and stdin cannot be cut without reading them, so this process reads them and
  ships partitions of ``partition_size`` records.

Workers read and write files by path, so on a real cluster the input (when it is a plain JSONL
or Parquet file) and the output folder must be on a filesystem every worker and this process
see at the same path (NFS, a shared volume).

The model artefact's files travel once to each worker inside a ``WorkerPlugin`` (also to workers
that join later); each worker writes them to its local directory and loads them with the usual
sha256 verification. Output: ``part-00000.jsonl`` (or ``.jsonl.gz``, ``.csv``, ``.csv.gz``,
``.parquet``) per partition, plus ``manifest.json`` listing the parts in input order with their
record counts, line ranges and label and error counts. The manifest is rewritten after every
finished part, so ``resume=True`` only runs the partitions that are missing.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from ..errors import Errors, InvalidInputError, MissingExtraError
from .checkpoint import model_fingerprint, write_json_atomic
from .local import Counts, chunked, model_info, run_thresholds
from .messages import BatchErrors
from .progress import Progress, progress_enabled
from .readers import (
    DEFAULT_MAX_RECORD_BYTES,
    Fields,
    Source,
    open_parquet,
    parquet_records,
    plan_byte_ranges,
    read_byte_range,
)
from .sinks import FORMATS, SUFFIXES, Encoder
from .worker import classify_chunk

PLUGIN_PREFIX = "notice-nlp-model-"
MANIFEST = "manifest.json"


def _distributed():
    try:
        import distributed
    except ImportError as error:
        raise MissingExtraError(Errors.E020.format(extra="distributed")) from error
    return distributed


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class ModelPlugin(WorkerPlugin):
        """Carries the artefact files to a worker once; the worker loads the model once."""

        idempotent = True

        def __init__(self, name: str, sha: str, files: dict[str, bytes] | None, path: str | None = None):
            self.name, self.sha, self.files, self.path = name, sha, files, path
            self.model = None
            self.ready_at = None

        async def setup(self, worker):
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self._load, worker.local_directory)

        def _load(self, local_directory: str) -> None:
            from .worker import load_warm

            if self.files is not None:
                folder = Path(local_directory) / f"notice-nlp-model-{self.name}-{self.sha[:12]}"
                folder.mkdir(parents=True, exist_ok=True)
                for file_name, data in self.files.items():
                    (folder / file_name).write_bytes(data)
                self.files = None  # the bytes are on disk now; free them
                path = folder
            else:
                path = self.path
            self.model = load_warm(path)
            self.ready_at = time.time()

    return ModelPlugin


def _artefact_files(model_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(model_path.iterdir()) if p.is_file()}


def partition_records(spec: dict, fields: Fields) -> Iterator:
    kind = spec["kind"]
    if kind == "range":
        return read_byte_range(spec["path"], spec["start"], spec["end"], spec["first_line"], fields)
    if kind == "parquet":
        return parquet_records(open_parquet(spec["path"]), fields, path=spec["path"], row_groups=spec["row_groups"],
                               first_row=spec["first_line"])
    return iter(spec["records"])


def _open_part(url: str):
    if "://" in url:
        import fsspec

        return fsspec.open(url, "wb").open()
    Path(url).parent.mkdir(parents=True, exist_ok=True)
    return open(url, "wb")  # noqa: SIM115


def run_partition(spec: dict, out_dir: str, index: int, fmt: str, labels: tuple, date_field: str | None,
                  fields: dict, batch_size: int, plugin_name: str, thresholds: dict[str, float]) -> dict:
    """Task run on a worker: classify one partition and write ``part-NNNNN.<fmt>``; return its counts."""
    from distributed import get_worker

    started = time.perf_counter()
    worker = get_worker()
    plugin = worker.plugins[plugin_name]
    # One loaded model per worker serves every operating point: a shallow copy holds the thresholds.
    model = copy.copy(plugin.model).set_thresholds(thresholds) if thresholds else plugin.model
    encoder = Encoder(fmt, labels, date=date_field is not None)
    name = f"part-{index:05d}{SUFFIXES[fmt]}"
    url = f"{out_dir.rstrip('/')}/{name}"
    local = "://" not in url
    target = f"{url}.tmp" if local else url
    counts = Counts()
    cpu = 0.0
    first = last = None
    stream = _open_part(target)
    writer = None
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            from .sinks import parquet_schema

            writer = pq.ParquetWriter(stream, parquet_schema(), compression="zstd")
        else:
            stream.write(encoder.header())
        tables = []
        for chunk in chunked(partition_records(spec, Fields(**fields)), batch_size, {"read": 0}):
            result = classify_chunk(model, chunk, encoder, date_field=date_field, batch_size=batch_size)
            counts.add(result)
            cpu += result.cpu
            first = result.first_line if first is None else first
            last = result.last_line
            if writer is not None:
                tables.append(result.payload)
                if sum(t.num_rows for t in tables) >= 8192:
                    import pyarrow as pa

                    writer.write_table(pa.concat_tables(tables))
                    tables = []
            else:
                stream.write(result.payload)
        if writer is not None:
            if tables:
                import pyarrow as pa

                writer.write_table(pa.concat_tables(tables))
            writer.close()
    finally:
        stream.close()
    if local:
        Path(target).replace(url)
    return {"index": index, "path": name, "records": counts.documents, "first_line": first, "last_line": last,
            "labels": dict(counts.labels), "errors": dict(counts.errors), "warnings": counts.warnings,
            "seconds": round(time.perf_counter() - started, 3), "cpu": round(cpu, 3), "worker": worker.address}


def plan(source: Source, *, partition_size: int, block_bytes: int | None, n_workers: int) -> tuple[list[dict], str]:
    """Partition specs without records (``records`` partitions are filled while streaming)."""
    path = str(Path(source.path).resolve()) if source.path != "-" else "-"
    if source.fmt == "parquet":
        parquet = open_parquet(source.path)
        specs, group, rows, first = [], [], 0, 1
        for g in range(parquet.num_row_groups):
            n = parquet.metadata.row_group(g).num_rows
            group.append(g)
            rows += n
            if rows >= partition_size:
                specs.append({"kind": "parquet", "path": path, "row_groups": group, "first_line": first})
                first += rows
                group, rows = [], 0
        if group:
            specs.append({"kind": "parquet", "path": path, "row_groups": group, "first_line": first})
        return specs, "parquet row groups"
    if source.fmt == "jsonl" and source.path != "-" and not _is_gzip(source.path):
        size = source.size or 0
        block = block_bytes or min(64 * 2**20, max(2**20, size // max(1, 4 * n_workers)))
        return ([{"kind": "range", "path": path, "start": s, "end": e, "first_line": f}
                 for s, e, f in plan_byte_ranges(source.path, block)], f"byte ranges of {block} bytes")
    return [], f"streamed partitions of {partition_size} records"


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as stream:
        return stream.read(2) == b"\x1f\x8b"


def _streamed(source: Source, partition_size: int, skip_indices: set[int]) -> Iterator[dict]:
    """Partitions of records read here; those already done are read past, not shipped."""
    batch, index = [], 0
    for record in source.records():
        batch.append(record)
        if len(batch) >= partition_size:
            yield {"kind": "records", "index": index, "records": batch if index not in skip_indices else None,
                   "first_line": batch[0].line}
            batch, index = [], index + 1
    if batch:
        yield {"kind": "records", "index": index, "records": batch if index not in skip_indices else None,
               "first_line": batch[0].line}


def predict_dask(input_path: str, output_dir: str, *, model: str | Path = "notice-linear-v1",
                 scheduler: str | None = None, n_workers: int | None = None, threads_per_worker: int = 1,
                 partition_size: int = 10_000, block_bytes: int | None = None, output_format: str = "jsonl",
                 batch_size: int = 256, text_field: str = "text", id_field: str = "id", date_field: str | None = None,
                 input_format: str | None = None, resume: bool = False,
                 max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES, ship_model: bool = True,
                 progress: bool | None = None, client=None, thresholds: dict[str, float] | None = None) -> dict:
    """Classify ``input_path`` on a Dask cluster into ``output_dir`` (parts + manifest.json).

    Parameters
    ----------
    scheduler : str, optional
        ``tcp://HOST:8786`` of a running ``dask scheduler``; without it a ``LocalCluster`` of
        ``n_workers`` processes (default: one per core) with ``threads_per_worker`` threads each.
    partition_size : int
        Records per partition for streamed inputs (gzip JSONL, CSV, stdin) and Parquet.
    block_bytes : int, optional
        Bytes per partition of a plain JSONL file (default: a quarter of the file per worker,
        1-64 MiB).
    output_format : str
        ``jsonl``, ``jsonl.gz``, ``csv``, ``csv.gz`` or ``parquet``: the format of every part.
    ship_model : bool
        Send the artefact's files to each worker (default). ``False``: workers load the model by
        name or path from their own ``models/`` folder or ``NOTICE_NLP_MODELS``.
    client : distributed.Client, optional
        Use this client instead of connecting or starting a cluster.
    thresholds : dict, optional
        Decision thresholds to use instead of the model's, by label (the operating point).
    """
    distributed = _distributed()
    started = time.perf_counter()
    output_format = output_format.lower().lstrip(".")
    if output_format not in FORMATS:
        raise InvalidInputError(BatchErrors.E076.format(fmt=output_format))
    fields = Fields(text_field, id_field, date_field, max_record_bytes)
    source = Source(input_path, fields, input_format).check()
    model_path, meta = model_info(model)
    labels = tuple(meta["labels"])
    thresholds = run_thresholds(thresholds, meta)
    sha = model_fingerprint(model_path)
    out = Path(output_dir)
    identity = {"input": source.fingerprint(), "input_format": source.fmt, "output_format": output_format,
                "model": model_fingerprint(model_path, thresholds), "fields": asdict(fields),
                "partition_size": partition_size, "block_bytes": block_bytes}
    manifest_path = out / MANIFEST
    previous = json.loads(manifest_path.read_text()) if manifest_path.is_file() else None
    done: dict[int, dict] = {}
    notes: list[str] = []
    if previous is not None:
        if previous.get("complete") and not resume:
            raise InvalidInputError(BatchErrors.E075.format(output=output_dir))
        if resume:
            changed = [k for k in identity if previous.get("identity", {}).get(k) != identity[k]
                       and not (k == "input" and identity[k] is None)]
            if changed:
                raise InvalidInputError(BatchErrors.E073.format(output=output_dir, checkpoint=manifest_path,
                                                                what="another " + ", ".join(changed)))
            done = {p["index"]: p for p in previous["parts"] if (out / p["path"]).is_file()}
        else:
            notes.append("the parts of an unfinished earlier run were replaced: pass --resume to continue a run")
    elif resume:
        notes.append("no manifest found: started from the beginning")
    if not resume:
        for stale in out.glob("part-*"):
            stale.unlink()
    out.mkdir(parents=True, exist_ok=True)

    cluster = None
    own_client = client is None
    if client is None:
        if scheduler:
            client = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker,
                                               processes=True, dashboard_address=None, silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
    try:
        workers = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
        ModelPlugin = _plugin_class()
        plugin = (ModelPlugin(meta.get("name", "model"), sha, _artefact_files(model_path)) if ship_model
                  else ModelPlugin(meta.get("name", "model"), sha, None, str(model)))
        plugin_name = PLUGIN_PREFIX + sha[:16]  # one per model: a cluster may serve several
        client.register_plugin(plugin, name=plugin_name)
        load_seconds = time.perf_counter() - started
        client_cpu = time.process_time()
        specs, partitioning = plan(source, partition_size=partition_size, block_bytes=block_bytes, n_workers=workers)
        if previous is not None and resume and previous.get("specs") is not None:
            specs = previous["specs"]  # the very same cut as the interrupted run
        streamed = not specs
        manifest = {"format": "notice-nlp-predictions", "version": 1, "model": meta.get("name"),
                    "thresholds": thresholds,
                    "identity": identity, "partitioning": partitioning, "output_format": output_format,
                    "specs": specs if not streamed else None, "parts": sorted(done.values(), key=lambda p: p["index"]),
                    "complete": False}
        write_json_atomic(manifest_path, manifest)
        if streamed:
            tasks = (s for s in _streamed(source, partition_size, set(done)) if s["index"] not in done)
        else:
            tasks = ({**s, "index": i} for i, s in enumerate(specs) if i not in done)
        already = sum(p["records"] for p in done.values())
        bar = Progress(progress_enabled(progress), total=source.total, size=source.size, initial=already,
                       desc="predict (dask)")
        target = output_dir if "://" in str(output_dir) else str(out.resolve())
        args = dict(fmt=output_format, labels=labels, date_field=date_field, fields=asdict(fields),
                    batch_size=batch_size, plugin_name=plugin_name, thresholds=thresholds)
        finished = dict(done)
        queue = distributed.as_completed()
        in_flight = 0
        limit = 2 * workers + 1

        def submit(spec):
            index = spec.pop("index")
            future = client.submit(run_partition, spec, target, index, pure=False, **args)
            queue.add(future)

        exhausted = False
        try:
            while True:
                while not exhausted and in_flight < limit:
                    spec = next(tasks, None)
                    if spec is None:
                        exhausted = True
                        break
                    submit(spec)
                    in_flight += 1
                if in_flight == 0:
                    break
                future = next(queue)
                part = future.result()
                in_flight -= 1
                finished[part["index"]] = part
                manifest["parts"] = [finished[i] for i in sorted(finished)]
                write_json_atomic(manifest_path, manifest)
                bar.update(part["records"])
        finally:
            bar.close()
        counts = Counts()
        for part in manifest["parts"]:
            counts.documents += part["records"]
            counts.errors.update(part["errors"])
            counts.labels.update(part["labels"])
            counts.warnings += part["warnings"]
        elapsed = time.perf_counter() - started
        processed = counts.documents - already
        summary = {
            "model": meta.get("name", str(model)), "thresholds": thresholds, "engine": "dask",
            "scheduler": scheduler or "LocalCluster", "workers": workers,
            "input": str(input_path), "output": str(output_dir), "output_format": output_format,
            "partitions": len(manifest["parts"]), "partitioning": partitioning,
            "documents": counts.documents, "processed_this_run": processed,
            "error_rows": sum(counts.errors.values()), "errors": dict(sorted(counts.errors.items())),
            "warning_rows": counts.warnings,
            "labels": {label: counts.labels.get(label, 0) for label in labels},
            "seconds": round(elapsed, 2), "model_load_seconds": round(load_seconds, 2),
            "docs_per_second": round(processed / elapsed, 1) if elapsed else None,
            "docs_per_second_after_load": round(processed / (elapsed - load_seconds), 1) if elapsed > load_seconds else None,
            "part_seconds": round(sum(p["seconds"] for p in manifest["parts"] if p["index"] not in done), 2),
            "cpu_seconds": {"classify": round(sum(p.get("cpu", 0.0) for p in manifest["parts"]
                                                  if p["index"] not in done), 2),
                            "parent": round(time.process_time() - client_cpu, 2)},
        }
        if done:
            summary["resumed_parts"] = len(done)
        if notes:
            summary["notes"] = notes
        if counts.documents == 0:
            summary.setdefault("notes", []).append("the input holds no records")
        manifest["complete"] = True
        manifest["summary"] = {k: summary[k] for k in ("documents", "error_rows", "errors", "warning_rows", "labels")}
        write_json_atomic(manifest_path, manifest)
        return summary
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()

