"""Batch classification: streaming readers and bad input, writers, checkpoints and --resume after
kill -9, worker processes, the Dask engine (LocalCluster of 2 processes) and the monitoring report.

Every test is offline and runs on a tiny model trained here on fictional records (it loads in a
fraction of a second, so worker processes start fast); long measurements live in benchmarks/batch.py.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notice_nlp.batch import Fields, Source, predict_file, read_predictions
from notice_nlp.batch.local import _identity
from notice_nlp.batch.messages import error_kind
from notice_nlp.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[1]

POSITIVE = [
    "Wanted by Belarus under Article 342 for organising an unauthorised rally; the blogger has asylum in Poland.",
    "The journalist is charged with spreading false information about the army after posts on Telegram.",
    "The activist was sentenced in absentia by a revolutionary court for insulting the supreme leader.",
    "An opposition politician in exile faces extremism charges; a German court refused his extradition.",
    "A human rights lawyer was charged with subversion of state power after defending protesters.",
    "Turkey issued a Red Notice for a dissident journalist with refugee status in Sweden; the CCF deleted it.",
]
NEGATIVE = [
    "Wanted by Colombia for the homicide of a shopkeeper in Cali on 3 May 2019.",
    "Wanted by Spain for trafficking 400 kilograms of cocaine through the port of Algeciras in 2021.",
    "Sought by Australia for the armed robbery of a bank in Perth in which a guard was shot.",
    "Wanted by Brazil for defrauding 3,000 investors of USD 40 million through a Ponzi scheme.",
    "Wanted by Kenya for poaching and trafficking 200 kilograms of ivory from Tsavo in 2018.",
    "A Diffusion from Germany seeks a man for the rape of a minor in Cologne in March 2020.",
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A real artefact trained on 48 fictional records (loads in well under a second)."""
    from notice_nlp.labels import LABELS
    from notice_nlp.training.train import DEFAULTS, train

    corpus = tmp_path_factory.mktemp("corpus")
    records = []
    for i in range(48):
        positive = i % 2 == 0
        text = (POSITIVE if positive else NEGATIVE)[(i // 2) % 6] + f" Case {i}."
        records.append({"id": f"t{i}", "kind": "alert", "text": text,
                        "labels": {label: int(positive) for label in LABELS}, "requesting_country": None,
                        "charge_categories": ["political_speech"] if positive else ["violent"],
                        "roles": ["journalist"] if positive else ["none"], "source_basis": "fictional",
                        "split": ["train", "train", "train", "train", "dev", "dev", "test", "test"][i % 8]})
    (corpus / "all.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    return train({**DEFAULTS, "corpus": str(corpus), "output": str(tmp_path_factory.mktemp("models")), "cv": 2,
                  "name": "tiny", "max_char_features": 2000, "max_word_features": 2000})


def press_docs(n: int) -> list[dict]:
    """n varied press-like records with ids and dates."""
    texts = POSITIVE + NEGATIVE
    return [{"id": f"doc-{i:05d}", "date": f"20{10 + i % 12:02d}-{1 + i % 12:02d}-15",
             "text": f"{texts[i % len(texts)]} Reported on day {i}; {texts[(i * 7 + 3) % len(texts)]}"}
            for i in range(n)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def rows(path) -> list[dict]:
    return list(read_predictions(path))


# --------------------------------------------------------------------------- readers, bad input


def test_every_bad_jsonl_line_is_one_error_row_with_its_line(tmp_path):
    big = b'{"id": "big", "text": "' + b"x" * (50 * 2**20) + b'"}\n'  # a single 50 MB record
    garbage = bytes(range(256)) * 40  # binary garbage, newlines included
    raw = (b'{"id": "a", "text": "fine"}\n'
           b'{"id": "b", "text": \n'                      # 2 malformed JSON
           b'{"id": "c", "body": "no text field"}\n'      # 3 missing text field
           b'{"id": "d", "text": "caf\xe9 latin-1"}\n'   # 4 non-UTF-8 bytes
           b"\n"                                          # 5 blank
           b"[1, 2]\n"                                    # 6 not an object
           + big                                          # 7 50 MB
           + b'{"id": "e", "text": "after the big one"}\n'  # 8
           + garbage + b"\n"
           + b'{"id": "z", "text": "last, no newline"}')
    path = tmp_path / "bad.jsonl"
    path.write_bytes(raw)
    records = list(Source(str(path)).check().records())
    expected_lines = raw.count(b"\n") + 1
    assert [r.line for r in records] == list(range(1, expected_lines + 1))
    kinds = [error_kind(r.error) for r in records]
    assert kinds[:8] == [None, "invalid_json", "missing_field", "invalid_utf8", "empty_text", "invalid_json",
                         "record_too_large", None]
    assert records[2].id == "c" and records[3].id == "d" and records[6].id == 6  # 0-based line when no id
    assert records[7].text == "after the big one" and records[-1].text == "last, no newline"
    assert all(k is not None for k in kinds[8:-1])  # garbage lines: errors, not crashes
    assert "52,428,8" in records[6].error  # the size is reported


def test_csv_ragged_rows_bad_bytes_and_quoted_newlines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,text,date\n"
                     b'1,"plain text",2020-01-02\n'
                     b"2,too,many,fields\n"
                     b"3\n"
                     b"4,caf\xe9 bytes,2020-01-03\n"
                     b'5,"a quoted\nnewline, and a comma",2020-02-01\n'
                     b"\n"
                     b"6,last,2020-03-01\n")
    records = list(Source(str(path), Fields(date="date")).check().records())
    assert [r.line for r in records] == [1, 2, 3, 4, 5, 6, 7]
    assert [error_kind(r.error) for r in records] == [None, "ragged_row", "ragged_row", "invalid_utf8", None,
                                                      "empty_text", None]
    assert records[4].text == "a quoted\nnewline, and a comma" and records[4].date == "2020-02-01"
    assert [r.id for r in records] == ["1", "2", "3", "4", "5", 5, "6"]
    missing = tmp_path / "missing.csv"
    missing.write_text("id,body\n1,x\n")
    assert error_kind(next(Source(str(missing)).check().records()).error) == "missing_field"
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"id,text\n" + bytes(range(256)) * 200)
    records = list(Source(str(garbage)).check().records())
    assert len(records) > 100 and all(r.error for r in records)
    (tmp_path / "header.csv").write_bytes(b"i\rd,te\x00xt\n1,2\n")
    with pytest.raises(InvalidInputError, match=r"\[E006\].*header.csv.*header row"):
        list(Source(str(tmp_path / "header.csv")).check().records())


def test_parquet_wrong_schema_gives_error_rows_and_a_broken_file_a_clear_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["a", "b"], "body": ["x", "y"]}), tmp_path / "schema.parquet")
    records = list(Source(str(tmp_path / "schema.parquet")).check().records())
    assert [(r.line, r.id, error_kind(r.error)) for r in records] == [(1, "a", "missing_field"),
                                                                     (2, "b", "missing_field")]
    pq.write_table(pa.table({"text": [1, 2, 3]}), tmp_path / "ints.parquet", row_group_size=2)
    records = list(Source(str(tmp_path / "ints.parquet")).check().records(skip=1))
    assert [(r.line, r.id, r.text) for r in records] == [(2, 1, 2), (3, 2, 3)]  # E002 comes from the model
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InvalidInputError, match=r"\[E006\]"):
        Source(str(tmp_path / "junk.parquet")).check()


def test_unreadable_inputs_raise_clear_errors(tmp_path):
    with pytest.raises(InvalidInputError, match=r"\[E006\].*no such file"):
        Source(str(tmp_path / "nope.jsonl")).check()
    (tmp_path / "folder.jsonl").mkdir()
    with pytest.raises(InvalidInputError, match=r"\[E006\].*not a regular file"):
        Source(str(tmp_path / "folder.jsonl")).check()
    truncated = tmp_path / "cut.jsonl.gz"
    data = "".join(json.dumps({"text": os.urandom(30).hex()}) + "\n" for _ in range(2000)).encode()
    truncated.write_bytes(gzip.compress(data)[:20000])
    with pytest.raises(InvalidInputError, match=r"\[E006\]"):
        list(Source(str(truncated)).check().records())
    with pytest.raises(InvalidInputError, match=r"\[E008\]"):
        Source(str(tmp_path / "notes.txt"))


def test_skip_resumes_at_the_same_record_in_every_format(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = press_docs(30)
    write_jsonl(tmp_path / "a.jsonl", docs)
    with gzip.open(tmp_path / "a.jsonl.gz", "wt") as stream:
        stream.writelines(json.dumps(d) + "\n" for d in docs)
    with open(tmp_path / "a.csv", "w", newline="") as stream:
        import csv

        writer = csv.DictWriter(stream, ["id", "date", "text"])
        writer.writeheader()
        writer.writerows(docs)
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "a.parquet", row_group_size=7)
    for name in ("a.jsonl", "a.jsonl.gz", "a.csv", "a.parquet"):
        all_records = list(Source(str(tmp_path / name)).check().records())
        assert [r.id for r in all_records] == [d["id"] for d in docs], name
        assert list(Source(str(tmp_path / name)).check().records(skip=12)) == all_records[12:], name


# --------------------------------------------------------------------------- one machine


def test_predict_file_keeps_every_record_and_counts_errors_by_kind(tiny_model, tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b'{"id": "a", "text": "The journalist faces extremism charges.", "date": "2021-04-01"}\n'
                       b"not json\n"
                       b'{"id": "c", "text": ""}\n'
                       b'{"id": "d", "text": 42}\n'
                       b'{"id": "e", "text": "caf\xe9"}\n'
                       b'{"id": "f", "text": "Wanted by Peru for homicide in Lima."}\n')
    summary = predict_file(str(source), str(tmp_path / "out.jsonl"), model=tiny_model, date_field="date")
    out = rows(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == ["a", 1, "c", "d", "e", "f"]
    assert [r.get("line") for r in out] == [None, 2, 3, 4, 5, None]
    assert summary["documents"] == 6 and summary["error_rows"] == 4
    assert summary["errors"] == {"empty_text": 1, "invalid_json": 1, "invalid_utf8": 1, "not_a_string": 1}
    assert set(summary["labels"]) == set(out[0]["scores"]) and summary["seconds"] >= 0
    spec_fields = {"id", "scores", "labels", "requesting_country", "charge_categories", "roles", "entities",
                   "evidence", "error"}
    assert set(out[0]) == spec_fields | {"date"} and out[0]["date"] == "2021-04-01"
    assert set(out[1]) == spec_fields | {"line", "date"} and out[1]["scores"] == {}
    assert not (tmp_path / "out.jsonl.checkpoint.json").exists()


def test_empty_input_is_an_empty_output_and_a_note(tiny_model, tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    summary = predict_file(str(tmp_path / "empty.jsonl"), str(tmp_path / "out.jsonl"), model=tiny_model)
    assert summary["documents"] == 0 and (tmp_path / "out.jsonl").read_bytes() == b""
    assert "the input holds no records" in summary["notes"]


def test_output_formats_hold_the_same_records(tiny_model, tmp_path):
    docs = press_docs(40)
    write_jsonl(tmp_path / "in.jsonl", docs)
    predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "ref.jsonl"), model=tiny_model, batch_size=16)
    reference = rows(tmp_path / "ref.jsonl")
    for name in ("out.jsonl.gz", "out.csv", "out.csv.gz", "out.parquet"):
        predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / name), model=tiny_model, batch_size=16,
                     checkpoint_every=10)
        got = rows(tmp_path / name)
        assert len(got) == len(reference), name
        for a, b in zip(reference, got, strict=True):
            assert str(a["id"]) == str(b["id"]) and a["labels"] == b["labels"], name
            assert a["scores"] == pytest.approx(b["scores"]) and a["evidence"] == b["evidence"], name
            assert a["entities"] == b["entities"], name
    assert not (tmp_path / "out.parquet.parts").exists()
    with gzip.open(tmp_path / "out.jsonl.gz", "rt") as stream:  # several gzip members read as one stream
        assert sum(1 for _ in stream) == 40


def test_two_worker_processes_give_the_single_process_output_in_order(tiny_model, tmp_path):
    docs = press_docs(120)
    write_jsonl(tmp_path / "in.jsonl", docs)
    one = predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "one.jsonl"), model=tiny_model, batch_size=8)
    two = predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "two.jsonl"), model=tiny_model, batch_size=8,
                       n_process=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one["labels"] == two["labels"] and two["n_process"] == 2


# --------------------------------------------------------------------------- checkpoints, kill -9, --resume


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "notice_nlp.cli", "predict", *args]


def _wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def _checkpointed(path: Path) -> int:
    try:
        return json.loads(path.read_text())["records"]
    except (OSError, ValueError, KeyError):
        return 0


def test_kill_9_part_way_then_resume_loses_and_repeats_nothing(tiny_model, tmp_path):
    docs = press_docs(300)
    lines = [json.dumps(d) + "\n" for d in docs]
    source = write_jsonl(tmp_path / "in.jsonl", docs)
    out, ckpt = tmp_path / "out.jsonl", tmp_path / "out.jsonl.checkpoint.json"
    env = {**os.environ, "CI": "1"}
    options = ["--model", str(tiny_model), "--batch-size", "16", "--checkpoint-every", "50"]
    # stdin that we control: feed 150 of 300 records, wait for the checkpoint, then kill -9 mid-run.
    proc = subprocess.Popen(_cli("-", "-o", str(out), *options), stdin=subprocess.PIPE, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdin.write("".join(lines[:150]).encode())
    proc.stdin.flush()
    _wait_for(lambda: _checkpointed(ckpt) >= 128 or proc.poll() is not None)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdin.close()
    committed = _checkpointed(ckpt)
    assert 0 < committed < 300
    with open(out, "ab") as stream:  # a torn write after the last checkpoint
        stream.write(b'{"id": "doc-0014')
    resumed = subprocess.run(_cli("-", "-o", str(out), "--resume", *options), input="".join(lines).encode(),
                             env=env, capture_output=True, cwd=ROOT)
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    stderr = resumed.stderr.decode()
    summary = json.loads(stderr[stderr.rindex('{\n  "model"'):])
    assert summary["resumed_after"] == committed and summary["documents"] == 300
    predict_file(str(source), str(tmp_path / "ref.jsonl"), model=tiny_model)
    got = rows(out)
    assert [r["id"] for r in got] == [d["id"] for d in docs]  # every input id, once, in order
    assert got == rows(tmp_path / "ref.jsonl")  # the same predictions as an uninterrupted run
    assert not ckpt.exists()


def test_kill_9_of_a_file_run_with_worker_processes_then_resume(tiny_model, tmp_path):
    docs = press_docs(400)
    source = write_jsonl(tmp_path / "in.jsonl", docs)
    out, ckpt = tmp_path / "out.csv.gz", tmp_path / "out.csv.gz.checkpoint.json"
    env = {**os.environ, "CI": "1"}
    args = [str(source), "-o", str(out), "--model", str(tiny_model), "--batch-size", "4", "--checkpoint-every", "8",
            "--n-process", "2"]
    proc = subprocess.Popen(_cli(*args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            start_new_session=True)
    _wait_for(lambda: _checkpointed(ckpt) > 0 or proc.poll() is not None)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, like a lost machine
    proc.wait()
    if _checkpointed(ckpt) in (0, 400):
        pytest.skip("the run was not caught part-way on this machine")
    resumed = subprocess.run(_cli(*args, "--resume"), env=env, capture_output=True, cwd=ROOT)
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    predict_file(str(source), str(tmp_path / "ref.csv.gz"), model=tiny_model)
    got = rows(out)
    assert [r["id"] for r in got] == [d["id"] for d in docs]
    assert got == rows(tmp_path / "ref.csv.gz")


def test_resume_refuses_a_checkpoint_of_another_input(tiny_model, tmp_path):
    write_jsonl(tmp_path / "a.jsonl", press_docs(20))
    write_jsonl(tmp_path / "b.jsonl", press_docs(21))
    out = tmp_path / "out.jsonl"
    predict_file(str(tmp_path / "a.jsonl"), str(out), model=tiny_model, checkpoint_every=5, batch_size=5)
    (tmp_path / "out.jsonl.checkpoint.json").write_text(json.dumps({
        "format": 1, "input": Source(str(tmp_path / "a.jsonl")).check().fingerprint(), "records": 5,
        "output_state": {"bytes": 10}, "counts": {}}))
    with pytest.raises(InvalidInputError, match=r"\[E073\].*another"):
        predict_file(str(tmp_path / "b.jsonl"), str(out), model=tiny_model, resume=True)


def test_thresholds_set_the_operating_point_of_a_run(tiny_model, tmp_path):
    write_jsonl(tmp_path / "in.jsonl", press_docs(24))
    everything = {"politically_motivated": 0.0}
    predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "ref.jsonl"), model=tiny_model)
    summary = predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "all.jsonl"), model=tiny_model, n_process=2,
                           batch_size=5, thresholds=everything, start_method="spawn")
    assert summary["thresholds"] == everything
    reference, flagged = rows(tmp_path / "ref.jsonl"), rows(tmp_path / "all.jsonl")
    own = json.loads((tiny_model / "meta.json").read_text())["thresholds"]
    same = predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "same.jsonl"), model=tiny_model,
                        thresholds={"politically_motivated": own["politically_motivated"]})
    assert same["thresholds"] == {} and rows(tmp_path / "same.jsonl") == reference  # the model's own: no change
    assert [r["scores"] for r in flagged] == [r["scores"] for r in reference]  # scores never change
    assert all("politically_motivated" in r["labels"] for r in flagged if r["error"] is None)
    # a checkpoint written at the model's own thresholds is not resumed at another operating point
    out = str(tmp_path / "all.jsonl")
    identity = _identity(Source(str(tmp_path / "in.jsonl")).check(), out, "jsonl", tiny_model, {})
    (tmp_path / "all.jsonl.checkpoint.json").write_text(json.dumps(
        {"format": 1, **identity, "records": 5, "output_state": {"bytes": 10}, "counts": {}}))
    with pytest.raises(InvalidInputError, match=r"\[E073\].*another model"):
        predict_file(str(tmp_path / "in.jsonl"), out, model=tiny_model, resume=True, thresholds=everything)


# --------------------------------------------------------------------------- command line


def test_cli_predict_and_report_exit_codes(tiny_model, tmp_path):
    from typer.testing import CliRunner

    from notice_nlp.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["predict", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"),
                                 "--model", str(tiny_model)])
    assert result.exit_code == 2 and "[E006]" in result.output
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b not gzip at all")
    result = runner.invoke(app, ["predict", str(tmp_path / "broken.jsonl.gz"), "-o", str(tmp_path / "o.jsonl"),
                                 "--model", str(tiny_model)])
    assert result.exit_code == 2 and "[E006]" in result.output
    write_jsonl(tmp_path / "in.jsonl", press_docs(30))
    result = runner.invoke(app, ["predict", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "p.jsonl"),
                                 "--model", str(tiny_model), "--date-field", "date", "--no-progress"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["report", str(tmp_path / "p.jsonl"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r_tables" / "by_month.csv").is_file()
    result = runner.invoke(app, ["predict", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "t.jsonl"),
                                 "--model", str(tiny_model), "--threshold", "politically_motivated=0"])
    assert result.exit_code == 0, result.output
    assert all("politically_motivated" in r["labels"] for r in rows(tmp_path / "t.jsonl") if r["error"] is None)
    for bad in ("no_such_label=0.5", "politically_motivated=high", "politically_motivated"):
        result = runner.invoke(app, ["predict", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "t.jsonl"),
                                     "--model", str(tiny_model), "--threshold", bad])
        assert result.exit_code == 2 and "[E015]" in result.output, result.output


# --------------------------------------------------------------------------- dask


def test_dask_local_cluster_of_two_processes_equals_the_single_process_run(tiny_model, tmp_path):
    distributed = pytest.importorskip("distributed")
    import pyarrow as pa
    import pyarrow.parquet as pq

    from notice_nlp.batch import predict_dask

    docs = press_docs(150)
    write_jsonl(tmp_path / "in.jsonl", docs)
    with gzip.open(tmp_path / "in.jsonl.gz", "wt") as stream:
        stream.writelines(json.dumps(d) + "\n" for d in docs)
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "in.parquet", row_group_size=20)
    predict_file(str(tmp_path / "in.jsonl"), str(tmp_path / "ref.jsonl"), model=tiny_model)
    reference = rows(tmp_path / "ref.jsonl")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ranges = predict_dask(str(tmp_path / "in.jsonl"), str(tmp_path / "ranges"), model=tiny_model, client=client,
                              block_bytes=4000)
        streamed = predict_dask(str(tmp_path / "in.jsonl.gz"), str(tmp_path / "streamed"), model=tiny_model,
                                client=client, partition_size=40)
        parquet = predict_dask(str(tmp_path / "in.parquet"), str(tmp_path / "parquet"), model=tiny_model,
                               client=client, partition_size=40, output_format="parquet")
        predict_dask(str(tmp_path / "in.jsonl"), str(tmp_path / "flag-all"), model=tiny_model, client=client,
                     block_bytes=4000, thresholds={"politically_motivated": 0.0})
        workers = {p["worker"] for p in json.loads((tmp_path / "ranges" / "manifest.json").read_text())["parts"]}
    assert ranges["workers"] == 2 and ranges["partitions"] > 4 and len(workers) == 2
    assert rows(tmp_path / "ranges") == reference  # record by record, in input order
    assert rows(tmp_path / "streamed") == reference and streamed["partitions"] == 4
    got = rows(tmp_path / "parquet")
    assert [str(r["id"]) for r in reference] == [r["id"] for r in got] and parquet["documents"] == 150
    assert [r["scores"] for r in got] == [r["scores"] for r in reference]
    manifest = json.loads((tmp_path / "ranges" / "manifest.json").read_text())
    assert manifest["complete"] and sum(p["records"] for p in manifest["parts"]) == 150
    flag_all = rows(tmp_path / "flag-all")
    assert [r["scores"] for r in flag_all] == [r["scores"] for r in reference]
    assert all("politically_motivated" in r["labels"] for r in flag_all if r["error"] is None)


# --------------------------------------------------------------------------- monitoring report


def test_monitoring_report_tables_and_charts(tmp_path):
    from notice_nlp.batch.monitor import monitoring_report

    def row(i, country, flagged, month, mechanisms=(), error=None):
        labels = ["politically_motivated", "political_offence"] if flagged else []
        entities = [{"text": m, "label": "MECHANISM", "start": 0, "end": 1, "norm": m} for m in mechanisms]
        return {"id": f"secret-id-{i}", "scores": {} if error else {"politically_motivated": 0.9 if flagged else 0.1},
                "labels": labels, "requesting_country": country, "charge_categories": [], "roles": [],
                "entities": entities, "evidence": {}, "error": error, "date": month}

    records = ([row(i, "RU", i % 2 == 0, "2021-01-05", ["red_notice"]) for i in range(20)]
               + [row(20 + i, "CO", False, "2021-02-10", ["diffusion"]) for i in range(10)]
               + [row(30, None, True, "not a date", ["red_notice", "diffusion"]),
                  row(31, None, False, None, error="[E004] Invalid JSON")])
    write_jsonl(tmp_path / "p.jsonl", records)
    result = monitoring_report(tmp_path / "p.jsonl", tmp_path / "out" / "report.html")
    assert result["rows"] == 32 and result["error_rows"] == 1 and result["flagged"] == 11
    assert result["red_notice_mentions"] == 21 and result["diffusion_mentions"] == 11
    page = (tmp_path / "out" / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 4 and "not INTERPOL" in page
    import csv

    tables = tmp_path / "out" / "report_tables"
    country = {r["country"]: r for r in csv.DictReader(open(tables / "by_country.csv"))}
    assert country["RU"]["documents"] == "20" and country["RU"]["share"] == "0.5"
    assert country["CO"]["flagged"] == "0" and country["unknown"]["documents"] == "1"
    months = list(csv.DictReader(open(tables / "by_month.csv")))
    assert [(m["month"], m["documents"]) for m in months] == [("2021-01", "20"), ("2021-02", "10")]
    mechanisms = {r["mentions"]: r for r in csv.DictReader(open(tables / "by_mechanism.csv"))}
    assert mechanisms["red_notice_only"]["documents"] == "20" and mechanisms["both"]["flagged"] == "1"
    assert "secret-id" not in page  # aggregates only: no ids
