"""Train a backend from a TOML config on the gold corpus and write an artefact directory."""

from __future__ import annotations

import random
import time
import tomllib
from pathlib import Path

import numpy as np

from .._logging import logger
from ..calibration import tune_threshold
from ..card import model_card
from ..classifiers import CalibratedLinearClassifier, MultiLabelIndicatorClassifier
from ..corpora import read_corpus
from ..errors import ConfigError, Errors
from ..features import AnalysedText, NoticeFeaturizer
from ..labels import CHARGE_CATEGORIES, LABELS, ROLES
from ..nlp.extract import analyse_pipe
from ..persist import data_hash, save_artefact
from .metrics import indicator_metrics, prf

FIELD_LABELS = tuple(f"charge:{c}" for c in CHARGE_CATEGORIES) + tuple(f"role:{r}" for r in ROLES if r != "none")
DEFAULTS = {
    "name": "notice-linear-v1", "backend": "linear", "corpus": "corpora/gold", "output": "models",
    "seed": 13, "C": 4.0, "calibration": "sigmoid", "cv": 5, "char_ngrams": True,
    "max_word_features": 50000, "max_char_features": 50000, "use_country": True, "extraction_weight": 1.0,
}


def read_config(path: str | Path) -> dict:
    try:
        config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(Errors.E051.format(path=path, detail=error)) from error
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ConfigError(Errors.E051.format(path=path, detail=f"unknown keys {sorted(unknown)}"))
    if config.get("backend", "linear") != "linear":
        raise ConfigError(Errors.E050.format(backend=config["backend"], valid="linear"))
    return {**DEFAULTS, **config}


def analysed(records: list[dict]) -> list[AnalysedText]:
    analyses = analyse_pipe(((r["text"], r["id"]) for r in records), as_tuples=True, ner=False)
    return [AnalysedText(r["text"], a) for r, a in zip(records, analyses, strict=True)]


def field_matrix(records: list[dict]) -> np.ndarray:
    return np.array([[int(f.split(":", 1)[1] in (r["charge_categories"] if f.startswith("charge:") else r["roles"]))
                      for f in FIELD_LABELS] for r in records])


def fit_model(config: dict, train: list[dict], dev: list[dict]):
    """Fit featurizer, indicator heads and field heads; tune thresholds on ``dev``."""
    random.seed(config["seed"])
    np.random.seed(config["seed"])
    featurizer = NoticeFeaturizer(use_char=config["char_ngrams"], max_word_features=config["max_word_features"],
                                  max_char_features=config["max_char_features"], use_country=config["use_country"],
                                  extraction_weight=config["extraction_weight"])
    X_train = featurizer.fit_transform(analysed(train))
    X_dev = featurizer.transform(analysed(dev))
    estimator = CalibratedLinearClassifier(C=config["C"], calibration=config["calibration"], cv=config["cv"],
                                           random_state=config["seed"])
    Y_train = np.array([[r["labels"][label] for label in LABELS] for r in train])
    Y_dev = np.array([[r["labels"][label] for label in LABELS] for r in dev])
    indicators = MultiLabelIndicatorClassifier(estimator).fit(X_train, Y_train)
    dev_scores = indicators.predict_proba(X_dev)
    thresholds = [tune_threshold(Y_dev[:, j], dev_scores[:, j]) for j in range(len(LABELS))]
    indicators.set_params(thresholds=thresholds)
    indicators.thresholds_ = np.asarray(thresholds)
    F_train, F_dev = field_matrix(train), field_matrix(dev)
    keep = [j for j in range(len(FIELD_LABELS)) if 0 < F_train[:, j].sum() < len(train)]
    fields = MultiLabelIndicatorClassifier(estimator).fit(X_train, F_train[:, keep])
    field_dev = fields.predict_proba(X_dev)
    field_thresholds = {FIELD_LABELS[j]: tune_threshold(F_dev[:, k], field_dev[:, k]) if F_dev[:, k].any() else 0.5
                        for k, j in enumerate(keep)}
    return featurizer, indicators, fields, dict(zip(LABELS, thresholds, strict=True)), \
        [FIELD_LABELS[j] for j in keep], field_thresholds


def train(config: dict) -> Path:
    """Train, evaluate on the test split, write ``<output>/<name>/`` with meta.json and a model card."""
    start = time.perf_counter()
    records = list(read_corpus(config["corpus"]))
    split = {s: [r for r in records if r["split"] == s] for s in ("train", "dev", "test")}
    logger.info("training %s on %d documents", config["name"], len(split["train"]))
    featurizer, indicators, fields, thresholds, field_labels, field_thresholds = fit_model(config, split["train"], split["dev"])
    X_test = featurizer.transform(analysed(split["test"]))
    test_scores = indicators.predict_proba(X_test)
    metrics = {"test": indicator_metrics(split["test"], test_scores, np.array([thresholds[label] for label in LABELS]))}
    field_probs = fields.predict_proba(X_test)
    F_test = field_matrix(split["test"])
    field_pred = {f: field_probs[:, k] >= field_thresholds[f] for k, f in enumerate(field_labels)}
    for prefix in ("charge:", "role:"):
        names = [f for f in field_labels if f.startswith(prefix)]
        truth = np.concatenate([F_test[:, FIELD_LABELS.index(f)] for f in names])
        guess = np.concatenate([field_pred[f] for f in names])
        metrics["test"][f"{prefix[:-1]}_micro"] = prf(truth, guess)
    meta = {
        "name": config["name"], "backend": config["backend"], "labels": list(LABELS),
        "thresholds": thresholds, "field_labels": field_labels, "field_thresholds": field_thresholds,
        "params": {k: config[k] for k in DEFAULTS if k not in ("name", "output", "corpus")},
        "training_data": {"path": str(config["corpus"]), "sha256": data_hash(split["train"] + split["dev"]),
                          "train_documents": len(split["train"]), "dev_documents": len(split["dev"]),
                          "test_documents": len(split["test"])},
        "metrics": metrics, "train_seconds": round(time.perf_counter() - start, 1),
    }
    out = Path(config["output"]) / config["name"]
    card = model_card(meta)
    save_artefact(out, {"featurizer": featurizer, "indicators": indicators, "fields": fields}, meta,
                  extra_files={"README.md": card})
    return out


def evaluate(model, records: list[dict]) -> tuple[dict, str]:
    """Metrics and an HTML report of a loaded model on gold records."""
    from ..report import evaluation_html

    scores = model.predict_proba([(r["text"], r["id"]) for r in records])
    y_true = np.array([[r["labels"][label] for label in LABELS] for r in records])
    metrics = indicator_metrics(records, scores, model.thresholds)
    return metrics, evaluation_html(model.name, metrics, y_true, scores, model.thresholds)
