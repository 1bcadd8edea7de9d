"""Estimator contract, calibration helpers, artefacts (round trip, tamper, trust) and reproducibility."""

import json

import numpy as np
import pytest
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from notice_nlp.calibration import expected_calibration_error, tune_threshold
from notice_nlp.classifiers import CalibratedLinearClassifier, MultiLabelIndicatorClassifier
from notice_nlp.errors import IntegrityError, ModelNotFoundError
from notice_nlp.features import NoticeFeaturizer


def _expected_failures(estimator):
    # Calibration maps scores back to observed frequencies, so extreme class weights do not force
    # predictions to one class: by design, not a defect.
    return {"check_class_weight_classifiers": "calibration undoes extreme class weights by design"}


@parametrize_with_checks([CalibratedLinearClassifier(cv=3)], expected_failed_checks=_expected_failures)
def test_sklearn_estimator_contract(estimator, check):
    check(estimator)


TEXTS = [
    "Wanted by Belarus under Article 342 for organising an unauthorised rally; the blogger has asylum in Poland.",
    "The journalist is charged with spreading false information about the army after posts on Telegram.",
    "The activist was sentenced in absentia by a revolutionary court for insulting the supreme leader.",
    "Red Notice requested by Turkey for membership of an armed organisation; he held a Bank Asya account.",
    "An opposition politician in exile faces extremism charges; a German court refused extradition.",
    "A human rights lawyer was charged with subversion of state power after defending protesters.",
    "Wanted by Colombia for the homicide of a shopkeeper in Cali on 3 May 2019.",
    "Wanted by Spain for trafficking 400 kilograms of cocaine through the port of Algeciras in 2021.",
    "Sought by Australia for the armed robbery of a bank in Perth in which a guard was shot.",
    "Wanted by Brazil for defrauding 3,000 investors of USD 40 million through a Ponzi scheme.",
    "Wanted by Kenya for poaching and trafficking 200 kilograms of ivory from Tsavo in 2018.",
    "Sought by Germany for the rape of a minor in Cologne in March 2020.",
] * 2
Y = np.array([[1, 1, 1, 1, 1, 1, 1, 1]] * 6 + [[0] * 8] * 6)
Y = np.vstack([Y, Y])


def test_featurizer_and_multilabel_fit_predict_in_a_pipeline():
    pipe = Pipeline([("features", NoticeFeaturizer(min_df=1, use_char=False)),
                     ("clf", MultiLabelIndicatorClassifier(CalibratedLinearClassifier(cv=2)))])
    pipe.fit(TEXTS, Y)
    proba = pipe.predict_proba(TEXTS)
    assert proba.shape == (24, 8) and ((0 <= proba) & (proba <= 1)).all()
    assert proba[:6, 7].mean() > proba[6:12, 7].mean()
    names = pipe.named_steps["features"].get_feature_names_out()
    assert any(n.startswith("ext:charge=") for n in names)
    scores = cross_val_score(Pipeline([("features", NoticeFeaturizer(min_df=1, use_char=False)),
                                       ("clf", CalibratedLinearClassifier(cv=2))]), TEXTS, Y[:, 7], cv=2)
    assert len(scores) == 2


def test_calibration_helpers():
    assert expected_calibration_error([0, 1, 0, 1], [0.0, 1.0, 0.0, 1.0]) == 0.0
    assert expected_calibration_error([0, 0, 0, 0], [0.9, 0.9, 0.9, 0.9]) == pytest.approx(0.9)
    assert tune_threshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == pytest.approx(0.5, abs=0.31)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A real artefact trained on a tiny fictional corpus (the test's own records)."""
    from notice_nlp.labels import LABELS
    from notice_nlp.training.train import DEFAULTS, train

    corpus = tmp_path_factory.mktemp("corpus")
    records = []
    for i, (text, y) in enumerate(zip(TEXTS, Y, strict=True)):
        split = ["train", "train", "dev", "test"][i % 4] if i >= 12 else "train"
        records.append({"id": f"t{i}", "kind": "alert", "text": text + f" Case {i}.",
                        "labels": dict(zip(LABELS, map(int, y), strict=True)), "requesting_country": None,
                        "charge_categories": ["violent"] if not y[0] else ["political_speech"],
                        "roles": ["journalist"] if y[0] else ["none"], "source_basis": "fictional", "split": split})
    (corpus / "all.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    config = {**DEFAULTS, "corpus": str(corpus), "output": str(tmp_path_factory.mktemp("models")), "cv": 2,
              "name": "tiny", "max_char_features": 2000}
    return train(config)


def test_artefact_round_trip_and_predictions(tiny_model):
    from notice_nlp.api import load

    meta = json.loads((tiny_model / "meta.json").read_text())
    assert set(meta["files"]) >= {"featurizer.skops", "indicators.skops", "README.md"}
    assert meta["versions"]["scikit-learn"] and meta["training_data"]["sha256"]
    model = load(tiny_model)
    preds = model.predict([("Wanted by Peru for homicide.", "x"), ("", "y")])
    assert [p.id for p in preds] == ["x", "y"]
    assert set(preds[0].scores) == set(meta["labels"]) and preds[1].error.startswith("[E003]")
    record = preds[0].to_dict()
    assert set(record) == {"id", "scores", "labels", "requesting_country", "charge_categories", "roles",
                           "entities", "evidence", "error"}
    for spans in record["evidence"].values():
        for span in spans:
            assert "Wanted by Peru for homicide."[span["start"]:span["end"]] == span["text"]


def test_thresholds_set_the_operating_point(tiny_model):
    from notice_nlp.api import load
    from notice_nlp.errors import ConfigError

    model = load(tiny_model)
    text = ["Wanted by Peru for homicide."]
    score = model.predict(text)[0].scores["politically_motivated"]
    flagged = ["politically_motivated" in model.set_thresholds({"politically_motivated": value}).predict(text)[0].labels
               for value in (0.0, score, 1.0)]
    assert flagged == [True, True, score >= 1.0]
    assert model.predict(text)[0].scores["politically_motivated"] == score  # scores never change
    for bad in ({"no_such_label": 0.5}, {"politically_motivated": 1.5}):
        with pytest.raises(ConfigError, match=r"\[E015\]"):
            model.set_thresholds(bad)


@pytest.mark.parametrize("part", ["indicators.skops", "tables.npz"])
def test_tampered_artefact_is_refused(tiny_model, tmp_path, part):
    import shutil

    from notice_nlp.api import load

    copy = tmp_path / "tampered"
    shutil.copytree(tiny_model, copy)
    with open(copy / part, "ab") as stream:
        stream.write(b"\0")
    with pytest.raises(IntegrityError, match=r"\[E011\]"):
        load(copy)


def test_missing_model_lists_available():
    from notice_nlp.api import load

    with pytest.raises(ModelNotFoundError, match=r"\[E010\].*Available models"):
        load("no-such-model")


def test_training_is_reproducible(tiny_model, tmp_path):
    from notice_nlp.api import load
    from notice_nlp.training.train import DEFAULTS, train

    meta = json.loads((tiny_model / "meta.json").read_text())
    config = {**DEFAULTS, "corpus": meta["training_data"]["path"], "output": str(tmp_path), "cv": 2, "name": "tiny",
              "max_char_features": 2000}
    again = train(config)
    meta2 = json.loads((again / "meta.json").read_text())
    assert meta2["metrics"] == meta["metrics"] and meta2["thresholds"] == meta["thresholds"]
    texts = ["The journalist faces extremism charges.", "Wanted for armed robbery in Lima."]
    assert np.array_equal(load(tiny_model).predict_proba(texts), load(again).predict_proba(texts))


def test_untrusted_types_are_refused_unless_trusted(tiny_model, tmp_path):
    import shutil

    import skops.io as sio
    from sklearn.tree import DecisionTreeClassifier

    from notice_nlp.api import load
    from notice_nlp.errors import UntrustedTypesError
    from notice_nlp.persist import sha256

    copy = tmp_path / "odd"
    shutil.copytree(tiny_model, copy)

    class Odd(DecisionTreeClassifier):  # a type nobody vetted
        pass

    Odd.__module__ = "tests.odd_module"
    sio.dump({"extra": np.arange(3), "weird": Odd}, copy / "fields.skops")
    meta = json.loads((copy / "meta.json").read_text())
    meta["files"]["fields.skops"] = sha256(copy / "fields.skops")
    (copy / "meta.json").write_text(json.dumps(meta))
    model = load(copy)  # scoring reads the compiled tables; the skops files are read on demand
    with pytest.raises(UntrustedTypesError, match=r"\[E013\]"):
        model.estimator("fields")


def test_compiled_tables_score_like_the_estimators(tiny_model):
    from notice_nlp.api import load
    from notice_nlp.docfeatures import AnalysedText
    from notice_nlp.nlp.extract import analyse_pipe

    model = load(tiny_model)
    texts = TEXTS + ["Wanted by Peru for homicide.", "A blogger in exile faces 'false information' charges."]
    docs = [AnalysedText(t, a) for t, a in zip(texts, analyse_pipe(texts), strict=True)]
    X = model.estimator("featurizer").transform(docs)
    assert abs(X - model.scorer.transform(docs)).max() < 1e-6
    for head in ("indicators", "fields"):
        expected = model.estimator(head).predict_proba(X)
        assert np.allclose(model.scorer.predict_proba(X, head), expected, atol=1e-5)
    assert np.allclose(model.scorer.heads["indicators"].coefficients(), model.estimator("indicators").coefficients(),
                       atol=1e-6)


def test_artefact_without_tables_is_compiled_at_load(tiny_model, tmp_path):
    import shutil

    from notice_nlp.api import load

    copy = tmp_path / "older"
    shutil.copytree(tiny_model, copy)
    (copy / "tables.npz").unlink()
    meta = json.loads((copy / "meta.json").read_text())
    del meta["files"]["tables.npz"]
    (copy / "meta.json").write_text(json.dumps(meta))
    texts = ["The journalist faces extremism charges.", "Wanted for armed robbery in Lima."]
    assert np.allclose(load(copy).predict_proba(texts), load(tiny_model).predict_proba(texts), atol=1e-6)


def test_loading_and_predicting_import_neither_sklearn_nor_skops(tiny_model):
    import subprocess
    import sys

    code = ("import json, sys, notice_nlp; m = notice_nlp.load(sys.argv[1]); m.predict(['Wanted by Peru for homicide.']); "
            "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code, str(tiny_model)], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "notice_nlp" in loaded and not loaded & {"sklearn", "skops"}


def test_version_mismatch_warns(tiny_model, tmp_path):
    import shutil

    from notice_nlp.api import load
    from notice_nlp.errors import NoticeNLPWarning

    copy = tmp_path / "old"
    shutil.copytree(tiny_model, copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["versions"]["scikit-learn"] = "0.0.1"
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.warns(NoticeNLPWarning, match=r"\[W003\]"):
        load(copy)


def test_real_training_run_on_the_gold_corpus(tmp_path):
    """The linear backend trained on the gold train split (a lighter config: word n-grams, 3 folds)."""
    from notice_nlp.corpora import default_corpus_dir
    from notice_nlp.training.train import DEFAULTS, train

    if not default_corpus_dir().is_dir():
        pytest.skip("corpora/gold is absent")
    config = {**DEFAULTS, "output": str(tmp_path), "name": "ci-linear", "char_ngrams": False, "cv": 3,
              "weak_supervision": False}
    meta = json.loads((train(config) / "meta.json").read_text())
    test = meta["metrics"]["test"]
    assert test["macro_f1"] >= 0.75
    assert test["per_label"]["politically_motivated"]["f1"] >= 0.85
    assert meta["training_data"]["train_documents"] >= 1000
