"""The ``notice_indicators`` spaCy component: entry point, extensions, spans, batching, save/load."""

import importlib.metadata
import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import DocBin  # noqa: E402

from notice_nlp.api import available_models, models_dir  # noqa: E402
from notice_nlp.errors import ModelNotFoundError  # noqa: E402
from notice_nlp.labels import LABELS  # noqa: E402

MODEL = "notice-linear-v1"
TEXTS = [
    "Wanted by Belarus under Article 342 for organising an unauthorised rally; the blogger has asylum in Poland.",
    "Sought by Germany for the rape of a minor in Cologne in March 2020.",
    "Amir Soltani, a blogger with refugee status in Norway, was detained in Thailand on a Bahraini Red Notice "
    "for 'insulting the king'. A Thai court refused extradition.",
]

pytestmark = pytest.mark.skipif(MODEL not in available_models(), reason=f"model {MODEL} is not in models/")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("notice_indicators", config={"model": MODEL})
    return nlp


def test_factory_is_registered_through_the_spacy_factories_entry_point():
    points = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")}
    assert points.get("notice_indicators") == "notice_nlp.spacy_component:make_notice_indicators", (
        "entry point missing: reinstall the package (`pip install -e .`) after editing pyproject.toml")


def test_extensions_are_registered_when_the_component_is_created_not_at_import():
    code = (
        "import spacy\nfrom spacy.tokens import Doc\n"
        "import notice_nlp.spacy_component\n"
        "nlp = spacy.blank('en')\n"  # spaCy imports every spacy_factories entry point here
        "assert not Doc.has_extension('indicators'), 'registered at import'\n"
        f"nlp.add_pipe('notice_indicators', config={{'model': {MODEL!r}}})\n"  # resolves; loads lazily
        "assert all(Doc.has_extension(n) for n in ('indicators', 'flagged', 'evidence', 'notice_error'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_component_sets_indicators_evidence_and_spans(nlp):
    doc = nlp(TEXTS[0])
    assert set(doc._.indicators) == set(LABELS)
    assert all(0.0 <= s <= 1.0 for s in doc._.indicators.values())
    assert set(doc._.flagged) <= set(LABELS) and doc._.notice_error is None
    assert "politically_motivated" in doc._.flagged
    assert set(doc._.evidence) == set(LABELS)
    for spans in doc._.evidence.values():
        for e in spans:
            assert doc.text[e["start"]:e["end"]] == e["text"] and e["weight"] > 0
    group = doc.spans["notice_evidence"]
    assert len(group) == sum(len(v) for v in doc._.evidence.values()) > 0
    assert {span.label_ for span in group} <= set(LABELS)
    assert len(group.attrs["weights"]) == len(group)
    assert group.attrs["scores"] == doc._.indicators
    evidence_texts = {(label, e["text"]) for label, spans in doc._.evidence.items() for e in spans}
    for span in group:  # spans snap to token boundaries: each holds its evidence text
        assert any(label == span.label_ and text in span.text for label, text in evidence_texts)
    entities = {(s.text, s.label_, s.kb_id_) for s in doc.spans["notice_entities"]}
    assert ("Belarus", "COUNTRY", "BY") in entities and ("blogger", "ROLE", "journalist") in entities


def test_pipe_matches_call_and_reports_bad_texts(nlp):
    docs = list(nlp.pipe(TEXTS + ["   "], batch_size=2))
    for text, doc in zip(TEXTS, docs, strict=False):
        single = nlp(text)
        assert doc._.indicators == pytest.approx(single._.indicators)
        assert doc._.flagged == single._.flagged
    assert docs[1]._.indicators["politically_motivated"] < docs[0]._.indicators["politically_motivated"]
    empty = docs[-1]
    assert empty._.indicators == {} and empty._.flagged == () and empty._.notice_error.startswith("[E003]")
    assert len(empty.spans["notice_evidence"]) == 0


def test_to_disk_and_spacy_load_restore_the_component(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    restored = spacy.load(tmp_path / "pipeline")
    assert restored.pipe_names == ["notice_indicators"]
    config = restored.config["components"]["notice_indicators"]
    assert config["factory"] == "notice_indicators" and config["model"] == MODEL
    assert restored.get_pipe("notice_indicators").model_path == (models_dir() / MODEL).resolve()
    doc = restored(TEXTS[2])
    assert doc._.indicators == pytest.approx(nlp(TEXTS[2])._.indicators)
    assert "refugee_or_asylum" in doc._.flagged


def test_model_path_and_custom_keys(tmp_path):
    nlp = spacy.blank("en")
    path = str((models_dir() / MODEL).resolve())
    nlp.add_pipe("notice_indicators", config={"model": path, "spans_key": "why", "entities_key": None})
    doc = nlp(TEXTS[0])
    assert "why" in doc.spans and "notice_entities" not in doc.spans
    nlp.to_disk(tmp_path / "p")
    assert spacy.load(tmp_path / "p").config["components"]["notice_indicators"]["model"] == path


def test_docbin_keeps_the_extension_values(nlp):
    doc = nlp(TEXTS[0])
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert back._.indicators == pytest.approx(doc._.indicators)
    assert back._.evidence == doc._.evidence and back._.flagged == doc._.flagged
    assert [s.label_ for s in back.spans["notice_evidence"]] == [s.label_ for s in doc.spans["notice_evidence"]]


def test_missing_model_is_a_coded_error_listing_the_available_ones():
    nlp = spacy.blank("en")
    with pytest.raises(ModelNotFoundError, match=r"\[E010\].*Available models: .*notice-linear-v1"):
        nlp.add_pipe("notice_indicators", config={"model": "no-such-model"})
    assert "notice_indicators" not in nlp.pipe_names
