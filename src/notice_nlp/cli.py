"""The ``notice-nlp`` command line: thin typer wrappers over importable functions."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from .errors import InvalidInputError, NoticeNLPError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Signs of political motivation in INTERPOL notices and press coverage.")


def _progress(iterable, total=None, desc=""):
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr)


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=2)


@app.command()
def info() -> None:
    """Versions, the spaCy pipeline in use and the models available."""
    from .api import describe

    typer.echo(json.dumps(describe(), indent=2))


def run_extract(input_path: str, output_path: str, *, text_field: str = "text", id_field: str = "id",
                ner: bool = True, batch_size: int = 256) -> dict:
    """Extract fields from every record of ``input_path`` into JSONL; return a summary dict."""
    from collections import deque

    from .batch.readers import Fields, Source
    from .nlp.extract import extract_pipe
    from .records import open_output, write_jsonl

    records = Source(input_path, Fields(text=text_field, id=id_field)).check().records()
    pending: deque = deque()

    def texts():
        for record in records:
            pending.append(record)
            yield ((record.text if record.error is None else None), record.id)

    countries: Counter = Counter()
    charges: Counter = Counter()
    roles: Counter = Counter()
    errors: Counter = Counter()
    start = time.perf_counter()

    def rows():
        for extraction in _progress(extract_pipe(texts(), batch_size=batch_size, as_tuples=True, ner=ner),
                                    desc="extract"):
            record = pending.popleft()
            row = extraction.to_dict()
            if record.error is not None:
                row["error"] = record.error
            if row["error"] is not None:
                row["line"] = record.line
                errors[row["error"].split("]")[0].strip("[")] += 1
            elif record.warning and "warning" not in row:
                row["warning"] = record.warning
            if row["error"] is None and row["requesting_country"]:
                countries[row["requesting_country"]] += 1
            charges.update(row["charge_categories"])
            roles.update(r for r in row["roles"] if r != "none")
            yield row

    with open_output(output_path) as stream:
        written = write_jsonl(rows(), stream)
    elapsed = time.perf_counter() - start
    return {"documents": written, "errors": dict(errors), "seconds": round(elapsed, 2),
            "requesting_countries": dict(countries.most_common(15)),
            "charge_categories": dict(charges.most_common()), "roles": dict(roles.most_common())}


@app.command()
def extract(
    input_path: str = typer.Argument(..., metavar="INPUT", help="JSONL, CSV or Parquet (optionally .gz); '-' for stdin."),
    output: str = typer.Option("-", "-o", "--output", help="JSONL output; '-' for stdout."),
    text_field: str = typer.Option("text", help="Field holding the text."),
    id_field: str = typer.Option("id", help="Field holding the document id."),
    fast: bool = typer.Option(False, "--fast", help="Skip the statistical NER (no PERSON/ORG): much faster."),
    summary: bool = typer.Option(False, "--summary", help="Print a summary to stderr at the end."),
) -> None:
    """Extract requesting country, charges, roles and entities from every input record."""
    try:
        result = run_extract(input_path, output, text_field=text_field, id_field=id_field, ner=not fast)
    except (InvalidInputError, NoticeNLPError) as error:
        _fail(error)
    if summary:
        typer.echo(json.dumps(result, indent=2), err=True)


@app.command("evaluate-extraction")
def evaluate_extraction(
    data: Path = typer.Argument(..., help="Gold JSONL file or corpus directory."),
    split: Optional[str] = typer.Option(None, help="Only records of this split (train/dev/test)."),
    fast: bool = typer.Option(False, "--fast", help="Evaluate the fast path."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="Take charge categories and roles from this model's learned heads."),
) -> None:
    """Requesting-country accuracy and charge-category and role micro-F1 on gold records."""
    from .corpora import read_corpus
    from .nlp.evaluate import score_extraction
    from .nlp.extract import extract_pipe

    try:
        gold = [r for r in read_corpus(data) if split is None or r.get("split") == split]
        items = [(r["text"], r["id"]) for r in gold]
        if model:
            from .api import load

            predicted = [p.to_dict() for p in load(model).pipe(items, as_tuples=True, evidence=False)]
        else:
            predicted = [e.to_dict() for e in extract_pipe(items, as_tuples=True, ner=not fast)]
    except NoticeNLPError as error:
        _fail(error)
    typer.echo(json.dumps(score_extraction(gold, predicted), indent=2))


def run_predict(input_path: str, output_path: str, *, model_name: str = "notice-linear-v1", text_field: str = "text",
                id_field: str = "id", batch_size: int = 256, engine: str = "local", **options) -> dict:
    """Classify every record of ``input_path`` into spec prediction records; return the run's summary.

    A thin wrapper over :func:`notice_nlp.batch.predict_file` (``engine="local"``: one machine,
    ``n_process`` workers, checkpoints, ``resume``) and :func:`notice_nlp.batch.predict_dask`
    (``engine="dask"``: partitioned output plus a manifest); ``options`` go to them unchanged.
    """
    from .batch import predict_dask, predict_file

    common = dict(model=model_name, text_field=text_field, id_field=id_field, batch_size=batch_size)
    if engine == "local":
        return predict_file(input_path, output_path, **common, **options)
    if engine == "dask":
        if output_path == "-":
            raise InvalidInputError("--engine dask writes a folder of parts: pass -o FOLDER.")
        return predict_dask(input_path, output_path, **common, **options)
    raise InvalidInputError(f"Unknown engine '{engine}'. Use 'local' or 'dask'.")


@app.command()
def predict(
    input_path: str = typer.Argument(..., metavar="INPUT", help="JSONL, CSV or Parquet (optionally .gz); '-' for stdin."),
    output: str = typer.Option("-", "-o", "--output",
                               help="Local engine: .jsonl/.csv (optionally .gz) or .parquet file, '-' for stdout. "
                                    "Dask engine: a folder for the parts and manifest.json."),
    model: str = typer.Option("notice-linear-v1", "--model", "-m", help="Model name in models/ or artefact path."),
    text_field: str = typer.Option("text", help="Field holding the text."),
    id_field: str = typer.Option("id", help="Field holding the document id."),
    date_field: Optional[str] = typer.Option(None, help="Field holding the date; copied to each record as 'date'."),
    batch_size: int = typer.Option(256, help="Documents per batch (and per task handed to a worker)."),
    n_process: int = typer.Option(1, "--n-process", "-n", help="Worker processes, each loading the model once."),
    engine: str = typer.Option("local", help="'local' (this machine) or 'dask' (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://HOST:8786 "
                                                        "(default: a LocalCluster on this machine)."),
    n_workers: Optional[int] = typer.Option(None, help="LocalCluster worker processes (default: one per core)."),
    partition_size: int = typer.Option(10_000, help="Dask: records per partition of streamed or Parquet input."),
    input_format: Optional[str] = typer.Option(None, help="jsonl, csv or parquet (default: from the file name)."),
    output_format: Optional[str] = typer.Option(None, help="jsonl, jsonl.gz, csv, csv.gz or parquet "
                                                            "(default: from the output name; dask: jsonl)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run from its checkpoint "
                                                         "(dask: from its manifest)."),
    checkpoint: bool = typer.Option(True, "--checkpoint/--no-checkpoint", help="Write checkpoints (file output)."),
    checkpoint_every: int = typer.Option(5000, help="Records between checkpoints (also at least every minute)."),
    max_record_bytes: int = typer.Option(8 * 2**20, help="Larger records become error rows (E070)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: on a terminal, not in CI)."),
    threshold: Optional[list[str]] = typer.Option(
        None, "--threshold", metavar="LABEL=VALUE",
        help="Decision threshold of a label instead of the model's, e.g. politically_motivated=0.6 (repeatable)."),
) -> None:
    """Score the 8 indicators for every input record, with evidence; prints a summary to stderr.

    Streams input larger than memory, keeps input order, checkpoints as it goes (--resume after a
    crash), and runs on N processes (--n-process) or a Dask cluster (--engine dask).
    """
    if engine == "dask":
        options = dict(scheduler=scheduler, n_workers=n_workers, partition_size=partition_size,
                       output_format=output_format or "jsonl")
    else:
        if scheduler:
            _fail(InvalidInputError("--scheduler needs --engine dask."))
        options = dict(n_process=n_process, output_format=output_format, checkpoint=checkpoint,
                       checkpoint_every=checkpoint_every)
    try:
        thresholds = dict(pair.partition("=")[::2] for pair in threshold or [])
        result = run_predict(input_path, output, model_name=model, text_field=text_field, id_field=id_field,
                             batch_size=batch_size, engine=engine, date_field=date_field, input_format=input_format,
                             resume=resume, max_record_bytes=max_record_bytes, progress=progress,
                             thresholds=thresholds, **options)
    except NoticeNLPError as error:
        _fail(error)
    except KeyboardInterrupt:
        typer.echo("interrupted: run the same command with --resume to continue", err=True)
        raise typer.Exit(code=130) from None
    typer.echo(json.dumps(result, indent=2), err=True)


@app.command("report")
def report_command(
    predictions: str = typer.Argument(..., metavar="PREDICTIONS",
                                      help="Prediction records: JSONL/CSV/Parquet file, '-' or a dask output folder."),
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML report."),
    tables: Optional[Path] = typer.Option(None, help="Folder for the CSV tables (default: <report>_tables/)."),
    flag_label: str = typer.Option("politically_motivated", help="The label whose share is reported."),
    min_docs: int = typer.Option(10, help="Countries with fewer documents are greyed and left out of the chart."),
) -> None:
    """Monitoring report: flagged shares by requesting country, month, label and mechanism, charts and CSV tables."""
    from .batch import monitoring_report

    try:
        result = monitoring_report(predictions, output, tables_dir=tables, flag_label=flag_label, min_docs=min_docs)
    except NoticeNLPError as error:
        _fail(error)
    typer.echo(json.dumps(result, indent=2), err=True)


@app.command()
def train(config: Path = typer.Option(..., "--config", "-c", help="TOML config, e.g. configs/linear.toml."),
          output: Optional[str] = typer.Option(None, help="Override the config's output folder.")) -> None:
    """Train a model from a config on the gold corpus; writes an artefact directory and its card."""
    from .training.train import read_config
    from .training.train import train as train_model

    try:
        settings = read_config(config)
        if output:
            settings["output"] = output
        path = train_model(settings)
    except NoticeNLPError as error:
        _fail(error)
    meta = json.loads((path / "meta.json").read_text())
    typer.echo(json.dumps({"artefact": str(path), "test": {k: v for k, v in meta["metrics"]["test"].items()
                                                             if k in ("macro_f1", "charge_micro", "role_micro")}}, indent=2))


@app.command()
def evaluate(data: Path = typer.Argument(..., help="Gold JSONL file or corpus directory."),
             model: str = typer.Option("notice-linear-v1", "--model", "-m"),
             split: Optional[str] = typer.Option("test", help="Split to evaluate ('' for all records)."),
             html_out: Optional[Path] = typer.Option(None, "--html", help="Write the HTML report here.")) -> None:
    """Metrics JSON (and an HTML report) of a model on gold records."""
    from .api import load
    from .corpora import read_corpus
    from .training.train import evaluate as evaluate_model

    try:
        records = [r for r in read_corpus(data) if not split or r.get("split") == split]
        metrics, report = evaluate_model(load(model), records)
    except NoticeNLPError as error:
        _fail(error)
    if html_out:
        html_out.write_text(report, encoding="utf-8")
    typer.echo(json.dumps(metrics, indent=2))


@app.command("explain")
def explain_command(
    text: str = typer.Argument(..., metavar="TEXT", help="The text to explain; '-' reads it from stdin."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write the explanation page (HTML) here."),
    model: str = typer.Option("notice-linear-v1", "--model", "-m", help="Model name in models/ or artefact path."),
) -> None:
    """Scores, flags and evidence for one text as JSON; --html writes a page with the evidence highlighted."""
    from .explain import explain as explain_text

    if text == "-":
        text = sys.stdin.read()
    try:
        result = explain_text(text, model)
        if html_out is not None:
            result.save(html_out)
    except NoticeNLPError as error:
        _fail(error)
    except OSError as error:
        _fail(OSError(f"cannot write '{html_out}': {error.strerror or error}. Choose a writable path for --html."))
    typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    if html_out is not None:
        typer.echo(f"wrote {html_out}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``notice-nlp`` script; ``argv`` makes it testable without a shell."""
    app(args=argv, prog_name="notice-nlp", standalone_mode=True)


if __name__ == "__main__":
    main()
