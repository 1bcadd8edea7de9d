"""The gold corpus validator: the shipped corpus passes, and every kind of violation fails loudly."""

import json

import pytest

from notice_nlp.corpora import default_corpus_dir, main, near_duplicates, validate
from notice_nlp.errors import CorpusValidationError
from notice_nlp.labels import LABELS


def test_gold_corpus_passes_the_validator():
    stats = validate(default_corpus_dir())
    assert stats["documents"] >= 2000
    assert stats["kinds"]["alert"] >= 900 and stats["kinds"]["news"] >= 900
    assert 0.35 <= stats["politically_motivated_share"] <= 0.55
    assert stats["distinct_countries"] >= 80
    assert main(["validate", str(default_corpus_dir())]) == 0


def _record(i, text=None, split="train", **overrides):
    text = text or (f"Document {i} about a fictional case. " + " ".join(f"word{i}x{k}" for k in range(40)))
    record = {"id": f"d{i}", "kind": "alert", "text": text, "labels": {label: 0 for label in LABELS},
              "requesting_country": "PE", "charge_categories": ["violent"], "roles": ["none"], "spans": [],
              "source_basis": "fictional", "split": split}
    record.update(overrides)
    return record


def _write(tmp_path, records):
    (tmp_path / "all.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("override, message", [
    ({"labels": {"political_offence": 1}}, "exactly the 8 indicator names"),
    ({"charge_categories": ["arson"]}, "unknown charge categories"),
    ({"roles": ["none", "journalist"]}, "roles must be"),
    ({"requesting_country": "XX"}, "not an ISO 3166-1"),
    ({"kind": "tweet"}, "kind 'tweet'"),
    ({"spans": [{"start": 5, "end": 2, "label": "CHARGE"}]}, "outside the text"),
    ({"spans": [{"start": 0, "end": 8, "label": "CHARGE", "text": "not this"}]}, "is 'Document'"),
    ({"source_basis": "a blog"}, "source_basis"),
])
def test_schema_violations_fail_loudly(tmp_path, override, message):
    corpus = _write(tmp_path, [_record(0, **override), _record(1)])
    with pytest.raises(CorpusValidationError, match=message):
        validate(corpus, balance=False)


def test_duplicates_leakage_and_balance_are_caught(tmp_path):
    base = _record(0)["text"]
    records = [_record(0), _record(1, text=base.replace("word0x39", "changed"), split="test"),
               _record(2, source_basis="real case: Ana Example"),
               _record(3, source_basis="real case: Ana Example", split="dev")]
    corpus = _write(tmp_path, records)
    with pytest.raises(CorpusValidationError) as caught:
        validate(corpus)
    text = str(caught.value)
    assert "near duplicates across splits (leakage): d0 and d1" in text
    assert "leakage: documents of 'real case: Ana Example'" in text
    assert "balance: 4 documents" in text
    assert main(["validate", str(corpus)]) == 1


def test_near_duplicates_by_shingles():
    a = {"id": "a", "text": " ".join(f"w{i}" for i in range(60))}
    b = {"id": "b", "text": " ".join(f"w{i}" for i in range(59)) + " other"}
    c = {"id": "c", "text": " ".join(f"z{i}" for i in range(60))}
    assert [(x, y) for x, y, _ in near_duplicates([a, b, c])] == [("a", "b")]


def test_load_dataset_from_local_files():
    from notice_nlp.corpora import load_dataset

    train = load_dataset("gold", split="train")
    assert len(train) >= 1000 and set(train[0]["labels"]) == set(LABELS)
