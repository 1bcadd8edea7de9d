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
    from .nlp.extract import extract_pipe
    from .records import open_output, read_records, write_jsonl

    records = read_records(input_path, text_field=text_field, id_field=id_field)
    pending: list = []

    def texts():
        for record in records:
            pending.append(record)
            yield ((record.text if record.error is None else None), record.id)

    summary: Counter = Counter()
    countries: Counter = Counter()
    charges: Counter = Counter()
    roles: Counter = Counter()
    errors: Counter = Counter()
    start = time.perf_counter()

    def rows():
        for extraction in _progress(extract_pipe(texts(), batch_size=batch_size, as_tuples=True, ner=ner),
                                    desc="extract"):
            record = pending.pop(0)
            row = extraction.to_dict()
            if record.error is not None:
                row["error"] = record.error
            if row["error"] is not None:
                row["line"] = record.line
                errors[row["error"].split("]")[0].strip("[")] += 1
            elif record.warning and "warning" not in row:
                row["warning"] = record.warning
            summary["documents"] += 1
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
) -> None:
    """Requesting-country accuracy and charge-category and role micro-F1 on gold records."""
    from .corpora import read_corpus
    from .nlp.evaluate import score_extraction
    from .nlp.extract import extract_pipe

    try:
        gold = [r for r in read_corpus(data) if split is None or r.get("split") == split]
    except NoticeNLPError as error:
        _fail(error)
    predicted = [e.to_dict() for e in extract_pipe(((r["text"], r["id"]) for r in gold), as_tuples=True, ner=not fast)]
    typer.echo(json.dumps(score_extraction(gold, predicted), indent=2))


def run_predict(input_path: str, output_path: str, *, model_name: str = "notice-linear-v1", text_field: str = "text",
                id_field: str = "id", batch_size: int = 256) -> dict:
    """Classify every record of ``input_path`` into spec prediction records; return a summary."""
    from .api import load
    from .records import open_output, read_records, write_jsonl

    model = load(model_name)
    records = read_records(input_path, text_field=text_field, id_field=id_field)
    pending: list = []

    def texts():
        for record in records:
            pending.append(record)
            yield ((record.text if record.error is None else None), record.id)

    label_counts: Counter = Counter()
    errors: Counter = Counter()
    start = time.perf_counter()

    def rows():
        for prediction in _progress(model.pipe(texts(), batch_size=batch_size, as_tuples=True), desc="predict"):
            record = pending.pop(0)
            row = prediction.to_dict()
            if record.error is not None:
                row["error"] = record.error
            if row["error"] is not None:
                row["line"] = record.line
                errors[row["error"].split("]")[0].strip("[")] += 1
            elif record.warning and "warning" not in row:
                row["warning"] = record.warning
            label_counts.update(row["labels"])
            yield row

    with open_output(output_path) as stream:
        written = write_jsonl(rows(), stream)
    elapsed = time.perf_counter() - start
    return {"model": model.name, "documents": written, "errors": dict(errors), "seconds": round(elapsed, 2),
            "docs_per_second": round(written / elapsed, 1) if elapsed else None,
            "labels": {label: label_counts.get(label, 0) for label in model.labels}}


@app.command()
def predict(
    input_path: str = typer.Argument(..., metavar="INPUT", help="JSONL, CSV or Parquet (optionally .gz); '-' for stdin."),
    output: str = typer.Option("-", "-o", "--output", help="JSONL prediction records; '-' for stdout."),
    model: str = typer.Option("notice-linear-v1", "--model", "-m", help="Model name in models/ or artefact path."),
    text_field: str = typer.Option("text", help="Field holding the text."),
    id_field: str = typer.Option("id", help="Field holding the document id."),
    batch_size: int = typer.Option(256, help="Documents per batch."),
) -> None:
    """Score the 8 indicators for every input record, with evidence; prints a summary to stderr."""
    try:
        result = run_predict(input_path, output, model_name=model, text_field=text_field, id_field=id_field,
                             batch_size=batch_size)
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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``notice-nlp`` script; ``argv`` makes it testable without a shell."""
    app(args=argv, prog_name="notice-nlp", standalone_mode=True)


if __name__ == "__main__":
    main()
