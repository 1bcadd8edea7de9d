"""Explanations (API, CLI, HTML in a real headless browser) and the ecosystem: datasets, pandas,
scikit-learn model selection."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import notice_nlp
from notice_nlp.api import available_models
from notice_nlp.errors import InvalidInputError, MissingExtraError, ModelNotFoundError
from notice_nlp.explain import (
    Explanation,
    predictions_to_dataframe,
    predictions_to_dataset,
    predictions_to_records,
    render_html,
)
from notice_nlp.labels import LABELS
from notice_nlp.types import EntityMention, Evidence, Extraction, Prediction

# the module itself (`from notice_nlp import explain` gives the lazy function until it is imported)
explain_module = importlib.import_module("notice_nlp.explain")

ROOT = Path(__file__).resolve().parents[1]
MODEL = "notice-linear-v1"
TEXT = ("Amir Soltani, a blogger with refugee status in Norway, was detained in Thailand on a Bahraini Red Notice "
        "for 'insulting the king'. A Thai court refused extradition.")
needs_model = pytest.mark.skipif(MODEL not in available_models(), reason=f"model {MODEL} is not in models/")


# --- rendering, with a hand-made prediction (no model) ------------------------------------------

def _prediction(text="Wanted by <Ruritania> for sedition; the journalist has asylum in Norway.", doc_id="p1"):
    def at(phrase):
        start = text.index(phrase)
        return start, start + len(phrase)

    entities = (EntityMention("Ruritania", "COUNTRY", *at("Ruritania"), norm=None),
                EntityMention("sedition", "CHARGE", *at("sedition"), norm="political_speech"),
                EntityMention("journalist", "ROLE", *at("journalist"), norm="journalist"),
                EntityMention("journalist has", "ROLE", *at("journalist has"), negated=True),  # overlaps
                EntityMention("asylum", "STATUS", *at("asylum"), norm="asylum"))
    scores = dict.fromkeys(LABELS, 0.1) | {"political_offence": 0.9, "refugee_or_asylum": 0.6}
    evidence = {"political_offence": (Evidence("sedition", *at("sedition"), 2.5), Evidence("journalist", *at("journalist"), 0.4)),
                "refugee_or_asylum": (Evidence("asylum", *at("asylum"), 3.0),)}
    return Prediction(id=doc_id, scores=scores, labels=("political_offence",),
                      extraction=Extraction(id=doc_id, requesting_country=None, charge_categories=("political_speech",),
                                            roles=("journalist",), entities=entities),
                      evidence=evidence)


class _Marks(HTMLParser):
    """Collect <mark> elements (attributes and own text) and <section> indicator attributes."""

    def __init__(self):
        super().__init__()
        self.marks, self.sections, self._stack = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self._stack.append({**attrs, "text": ""})
        elif tag == "span" and self._stack:
            self._stack[-1]["in_label"] = True
        elif tag == "section":
            self.sections.append(attrs)

    def handle_endtag(self, tag):
        if tag == "mark" and self._stack:
            self.marks.append(self._stack.pop())
        elif tag == "span" and self._stack:
            self._stack[-1]["in_label"] = False

    def handle_data(self, data):
        if self._stack and not self._stack[-1].get("in_label"):
            self._stack[-1]["text"] += data


def _parse(markup):
    parser = _Marks()
    parser.feed(markup)
    return parser


def test_render_html_marks_entities_and_evidence_and_escapes_text():
    pred = _prediction()
    text = "Wanted by <Ruritania> for sedition; the journalist has asylum in Norway."
    page = render_html(text, pred, thresholds=dict.fromkeys(LABELS, 0.5), model_name="m")
    assert page.startswith("<!DOCTYPE html>") and "<Ruritania>" not in page and "&lt;" in page
    parsed = _parse(page)
    evidence = [(m["data-indicator"], m["text"], m["data-weight"]) for m in parsed.marks if "evidence" in m["class"]]
    assert evidence == [("political_offence", "sedition", "2.5000"), ("political_offence", "journalist", "0.4000"),
                        ("refugee_or_asylum", "asylum", "3.0000")]
    entities = [(m["data-label"], m["text"]) for m in parsed.marks if "evidence" not in m["class"]]
    # of two overlapping mentions the longer is highlighted (both stay in the entity table)
    assert entities == [("COUNTRY", "Ruritania"), ("CHARGE", "sedition"), ("ROLE", "journalist has"),
                        ("STATUS", "asylum")]
    assert [m["data-negated"] for m in parsed.marks if m.get("data-label") == "ROLE"] == ["true"]
    assert page.count("<td>journalist</td><td>ROLE</td>") == 1 and "<td>journalist has</td><td>ROLE</td>" in page
    # flagged first, then by score; every indicator has a section with its score
    assert [s["data-indicator"] for s in parsed.sections][:2] == ["political_offence", "refugee_or_asylum"]
    assert len(parsed.sections) == len(LABELS)
    assert "No readable evidence" in page and "never a finding" in page
    fragment = render_html(text, pred, page=False)
    assert "<html" not in fragment and 'class="notice-explain"' in fragment


class _FakeModel:
    """Just enough of NoticeClassifier for explain(): labels, thresholds, name and pipe()."""

    labels = LABELS
    thresholds = np.full(len(LABELS), 0.5)
    name = "fake"

    def pipe(self, items, **kwargs):
        for text, doc_id in items:
            yield _prediction(text, doc_id) if text.strip() else Prediction(id=doc_id, error="[E003] empty")


def test_explain_accepts_a_loaded_model_and_notice_nlp_explain_stays_callable(tmp_path):
    text = "Wanted by <Ruritania> for sedition; the journalist has asylum in Norway."
    result = notice_nlp.explain(text, _FakeModel(), html=tmp_path / "sub" / "x.html")
    assert isinstance(result, Explanation) and result.labels == ("political_offence",)
    assert (tmp_path / "sub" / "x.html").read_text().startswith("<!DOCTYPE html>")
    assert result.to_dict()["evidence"]["political_offence"][0]["weight"] == 2.5
    assert result.to_dict()["model"] == "fake" and "political_offence" in str(result)
    assert "<html" not in result._repr_html_()
    # `import notice_nlp.explain` rebinds the attribute to the module: it must stay callable
    code = ("import notice_nlp, notice_nlp.explain, inspect\n"
            "assert inspect.ismodule(notice_nlp.explain) and callable(notice_nlp.explain)\n"
            "assert callable(notice_nlp.explain.explain)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert explain_module(text, _FakeModel()).labels == ("political_offence",)


def test_explain_errors_are_coded_and_fast():
    with pytest.raises(InvalidInputError, match=r"\[E003\]"):
        notice_nlp.explain("   ", "no-such-model")  # the text is checked before the model is looked up
    with pytest.raises(InvalidInputError, match=r"\[E002\]"):
        notice_nlp.explain(None)
    with pytest.raises(ModelNotFoundError, match=r"\[E010\].*Available models"):
        notice_nlp.explain("Wanted for fraud.", "no-such-model")


def test_cli_explain_errors_are_coded(capsys):
    from notice_nlp.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["explain", "  "])
    assert exit_info.value.code == 2 and "[E003]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["explain", "Wanted for fraud.", "--model", "no-such-model"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "[E010]" in err and "Available models" in err


# --- with the shipped model ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    if MODEL not in available_models():
        pytest.skip(f"model {MODEL} is not in models/")
    return explain_module._model(MODEL)  # the cache the CLI and explain() use


@pytest.fixture(scope="module")
def page(model, tmp_path_factory):
    """`notice-nlp explain TEXT --html out.html`, run in-process (the model is loaded once)."""
    from notice_nlp.cli import main

    out = tmp_path_factory.mktemp("explain") / "out.html"
    with pytest.raises(SystemExit) as exit_info:
        main(["explain", TEXT, "--html", str(out)])
    assert exit_info.value.code in (0, None)
    return out


def test_explain_with_the_shipped_model(model):
    result = notice_nlp.explain(TEXT)
    assert set(result.scores) == set(LABELS)
    assert {"refugee_or_asylum", "politically_motivated"} <= set(result.labels)
    for spans in result.prediction.evidence.values():
        for e in spans:
            assert TEXT[e.start:e.end] == e.text
    parsed = _parse(result.to_html())
    shown = {(m["data-indicator"], m["text"]) for m in parsed.marks if "evidence" in m["class"]}
    expected = {(label, e.text) for label, spans in result.prediction.evidence.items() for e in spans}
    assert shown == expected


def test_cli_explain_writes_json_and_html(page, capsys):
    from notice_nlp.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["explain", TEXT])
    assert exit_info.value.code in (0, None)
    record = json.loads(capsys.readouterr().out)
    assert set(record["scores"]) == set(LABELS) and record["model"] == MODEL
    assert all("weight" in e for spans in record["evidence"].values() for e in spans)
    assert page.is_file() and "data-indicator" in page.read_text()


# --- the page in a real browser -----------------------------------------------------------------

def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.environ.get("NOTICE_NLP_NO_INSTALL"):
        return None
    script = ROOT / "scripts" / "install_chromium.sh"
    try:
        subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return shutil.which("chromium")


def _browser(binary, tmp_path, *args):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars"]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120)


def test_explanation_page_in_headless_chromium(page, model, tmp_path):
    binary = _chromium()
    if binary is None:
        pytest.skip("chromium is not installed and scripts/install_chromium.sh could not install it")
    url = page.resolve().as_uri()
    dom = _browser(binary, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = _parse(dom.stdout)
    prediction = explain_module.explain(TEXT, model).prediction
    shown = {(m["data-indicator"], m["text"]) for m in parsed.marks if "evidence" in m.get("class", "")}
    expected = {(label, e.text) for label, spans in prediction.evidence.items() for e in spans}
    assert expected and shown == expected
    assert {m["data-label"] for m in parsed.marks if "evidence" not in m.get("class", "")} >= {"COUNTRY", "ROLE"}
    assert [s["data-indicator"] for s in parsed.sections if s.get("data-flagged") == "true"] == [
        label for label in sorted(prediction.labels, key=lambda label: -prediction.scores[label])]

    shot = tmp_path / "explain.png"
    result = _browser(binary, tmp_path, "--window-size=1200,2400", f"--screenshot={shot}", url)
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    if os.environ.get("NOTICE_NLP_SCREENSHOT"):  # keep it to look at
        shutil.copy(shot, os.environ["NOTICE_NLP_SCREENSHOT"])
    import matplotlib.image

    pixels = (matplotlib.image.imread(shot)[..., :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (2400, 1200)

    def share(rgb, tolerance=3):
        return (np.abs(pixels - np.array(rgb)).max(axis=-1) <= tolerance).mean()

    assert share((255, 255, 255)) < 0.97  # not blank
    assert share((0xFE, 0xCA, 0x74)) > 0.0005  # COUNTRY entity marks are painted
    strongest = tuple(round(255 * (1 - 0.9) + c * 0.9) for c in explain_module.EVIDENCE_RGB)
    assert share(strongest, tolerance=6) > 0.0005  # the strongest evidence highlight is painted


# --- predictions as tables ----------------------------------------------------------------------

def test_predictions_to_records_dataframe_and_dataset():
    preds = [_prediction(doc_id=1), Prediction(id=2, error="[E003] empty"), _prediction(doc_id=3)]
    rows = predictions_to_records(preds)
    assert [r["id"] for r in rows] == [1, 2, 3] and rows[1]["score_politically_motivated"] is None
    assert rows[0]["flag_political_offence"] and not rows[0]["flag_vague_charge"]
    assert len({tuple(r) for r in rows}) == 1  # every row has the same columns
    frame = predictions_to_dataframe(preds)
    assert frame.shape[0] == 3 and frame["score_political_offence"].iloc[0] == pytest.approx(0.9)
    assert frame["flag_political_offence"].tolist() == [True, False, True]
    assert predictions_to_dataframe([]).shape[0] == 0
    dataset = predictions_to_dataset(preds)
    assert dataset.num_rows == 3 and dataset.features["id"].dtype == "int64"
    assert dataset[0]["evidence"]["political_offence"][0]["text"] == "sedition"
    assert dataset[1]["error"] == "[E003] empty" and dataset[1]["evidence"]["political_offence"] == []
    assert dataset.to_pandas().shape[0] == 3
    mixed = predictions_to_dataset([_prediction(doc_id="a"), _prediction(doc_id=7)], evidence=False, entities=False)
    assert mixed["id"] == ["a", "7"] and "evidence" not in mixed.column_names


def test_missing_pandas_names_the_pip_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"\[E020\].*pip install 'notice_nlp\[notebooks\]'"):
        predictions_to_dataframe([_prediction()])


@needs_model
def test_real_predictions_to_dataframe(model):
    preds = model.predict([TEXT, "", "Wanted by Colombia for the homicide of a shopkeeper in Cali."])
    frame = predictions_to_dataframe(preds)
    assert frame["error"].notna().tolist() == [False, True, False]
    assert frame.loc[0, "requesting_country"] == "BH" and frame.loc[0, "flag_refugee_or_asylum"]
    assert predictions_to_dataset(preds).num_rows == 3


def test_gold_corpus_loads_as_a_dataset():
    from notice_nlp.corpora import load_dataset

    train = load_dataset("gold", split="train")
    assert train.num_rows > 1000 and {"id", "text", "labels", "split"} <= set(train.column_names)
    assert set(train.unique("split")) == {"train"} and set(train[0]["labels"]) == set(LABELS)


# --- scikit-learn model selection ---------------------------------------------------------------

def test_grid_search_over_featurizer_and_calibrated_classifier():
    from sklearn.model_selection import GridSearchCV, cross_val_score
    from sklearn.pipeline import Pipeline

    from notice_nlp.classifiers import CalibratedLinearClassifier
    from notice_nlp.features import NoticeFeaturizer

    political = ["Wanted by Belarus for organising an unauthorised rally; the blogger has asylum in Poland.",
                 "The journalist is charged with spreading false information about the army.",
                 "The activist was sentenced in absentia by a revolutionary court for insulting the leader.",
                 "An opposition politician in exile faces extremism charges; a court refused extradition.",
                 "A human rights lawyer was charged with subversion after defending protesters."]
    ordinary = ["Wanted by Colombia for the homicide of a shopkeeper in Cali on 3 May 2019.",
                "Wanted by Spain for trafficking 400 kilograms of cocaine through Algeciras in 2021.",
                "Sought by Australia for the armed robbery of a bank in Perth in which a guard was shot.",
                "Wanted by Brazil for defrauding 3,000 investors of USD 40 million through a Ponzi scheme.",
                "Sought by Germany for the rape of a minor in Cologne in March 2020."]
    texts = [f"{t} Case {i}." for i, t in enumerate((political + ordinary) * 2)]
    y = np.array(([1] * 5 + [0] * 5) * 2)
    pipe = Pipeline([("features", NoticeFeaturizer(min_df=1, use_char=False)),
                     ("clf", CalibratedLinearClassifier(cv=2))])
    search = GridSearchCV(pipe, {"features__use_extraction": [True, False], "clf__C": [0.5, 4.0]}, cv=2,
                          scoring="roc_auc").fit(texts, y)
    assert set(search.best_params_) == {"features__use_extraction", "clf__C"}
    assert len(search.cv_results_["mean_test_score"]) == 4
    assert search.predict_proba(["The blogger was charged with insulting the president."]).shape == (1, 2)
    assert len(cross_val_score(search.best_estimator_, texts, y, cv=2)) == 2
