"""Train a backend from a TOML config on the gold corpus and write an artefact directory."""

from __future__ import annotations

import random
import time
import tomllib
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

from .._logging import logger
from ..calibration import tune_threshold
from ..card import model_card
from ..classifiers import CalibratedLinearClassifier, MultiLabelIndicatorClassifier
from ..corpora import read_corpus
from ..errors import ConfigError, Errors
from ..features import AnalysedText, NoticeFeaturizer
from ..labels import CHARGE_CATEGORIES, LABELS, ROLES
from ..nlp.extract import analyse_pipe
from ..persist import data_hash, package_versions, save_artefact
from .metrics import indicator_metrics, prf

FIELD_LABELS = tuple(f"charge:{c}" for c in CHARGE_CATEGORIES) + tuple(f"role:{r}" for r in ROLES if r != "none")
DEFAULTS = {
    "name": "notice-linear-v1", "backend": "linear", "corpus": "corpora/gold", "output": "models",
    "seed": 13, "C": 8.0, "calibration": "sigmoid", "cv": 5, "char_ngrams": True,
    "max_word_features": 50000, "max_char_features": 50000, "use_country": False, "extraction_weight": 1.0,
    "weak_supervision": True, "shared": "../shared", "encoder_C": 1.0, "encoder_batch_size": 64,
    "stack_folds": 3, "pm_threshold_beta": 0.5, "mask_countries": False, "refit_with_dev": False,
}
BACKENDS = ("linear", "encoder", "finetune")


def read_config(path: str | Path) -> dict:
    try:
        config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(Errors.E051.format(path=path, detail=error)) from error
    if config.get("backend") == "finetune":
        from .finetune import FINETUNE_DEFAULTS

        unknown = set(config) - set(FINETUNE_DEFAULTS)
        if unknown:
            raise ConfigError(Errors.E051.format(path=path, detail=f"unknown keys {sorted(unknown)}"))
        return {**FINETUNE_DEFAULTS, **config}
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ConfigError(Errors.E051.format(path=path, detail=f"unknown keys {sorted(unknown)}"))
    if config.get("backend", "linear") not in BACKENDS:
        raise ConfigError(Errors.E050.format(backend=config["backend"], valid=", ".join(BACKENDS)))
    return {**DEFAULTS, **config}


def analysed(records: list[dict]) -> list[AnalysedText]:
    analyses = analyse_pipe(((r["text"], r["id"]) for r in records), as_tuples=True, ner=False)
    return [AnalysedText(r["text"], a) for r, a in zip(records, analyses, strict=True)]


def field_matrix(records: list[dict]) -> np.ndarray:
    return np.array([[int(f.split(":", 1)[1] in (r["charge_categories"] if f.startswith("charge:") else r["roles"]))
                      for f in FIELD_LABELS] for r in records])


def fit_model(config: dict, train: list[dict], dev: list[dict], weak: list[dict] | None = None):
    """Fit featurizer, indicator heads and field heads; tune thresholds on ``dev``.

    ``weak`` rows (real text with ``weak_labels``, -1 = unknown) join the indicator heads only.
    Returns a dict of fitted parts and thresholds.
    """
    random.seed(config["seed"])
    np.random.seed(config["seed"])
    weak = weak or []
    featurizer = NoticeFeaturizer(use_char=config["char_ngrams"], max_word_features=config["max_word_features"],
                                  max_char_features=config["max_char_features"], use_country=config["use_country"],
                                  extraction_weight=config["extraction_weight"],
                                  mask_countries=config["mask_countries"])
    train_docs, weak_docs, dev_docs = analysed(train), analysed(weak), analysed(dev)
    X_all = featurizer.fit_transform(train_docs + weak_docs)
    X_train = X_all[: len(train)]
    X_dev = featurizer.transform(dev_docs)
    estimator = CalibratedLinearClassifier(C=config["C"], calibration=config["calibration"], cv=config["cv"],
                                           random_state=config["seed"])
    Y_train = np.array([[r["labels"][label] for label in LABELS] for r in train])
    Y_all = np.vstack([Y_train] + ([np.array([r["weak_labels"] for r in weak])] if weak else []))
    Y_dev = np.array([[r["labels"][label] for label in LABELS] for r in dev])
    indicators = MultiLabelIndicatorClassifier(estimator).fit(X_all, Y_all)
    dev_scores = indicators.predict_proba(X_dev)
    betas = [config["pm_threshold_beta"] if label == "politically_motivated" else 1.0 for label in LABELS]
    thresholds = [tune_threshold(Y_dev[:, j], dev_scores[:, j], beta=betas[j]) for j in range(len(LABELS))]
    indicators.set_params(thresholds=thresholds)
    indicators.thresholds_ = np.asarray(thresholds)
    F_train, F_dev = field_matrix(train), field_matrix(dev)
    keep = [j for j in range(len(FIELD_LABELS)) if 0 < F_train[:, j].sum() < len(train)]
    fields = MultiLabelIndicatorClassifier(estimator).fit(X_train, F_train[:, keep])
    field_dev = fields.predict_proba(X_dev)
    field_thresholds = {FIELD_LABELS[j]: tune_threshold(F_dev[:, k], field_dev[:, k]) if F_dev[:, k].any() else 0.5
                        for k, j in enumerate(keep)}
    parts = {"featurizer": featurizer, "indicators": indicators, "fields": fields}
    result = {"parts": parts, "thresholds": dict(zip(LABELS, thresholds, strict=True)),
              "field_labels": [FIELD_LABELS[j] for j in keep], "field_thresholds": field_thresholds}
    if config["backend"] == "encoder":
        from ..classifiers.encoder import MiniLMEncoder

        encoder = MiniLMEncoder(batch_size=config["encoder_batch_size"]).fit()
        oof = out_of_fold_scores(estimator, X_all, Y_all, config["stack_folds"], config["seed"])
        Z_all = np.hstack([encoder.transform(train_docs + weak_docs), oof])
        Z_dev = np.hstack([encoder.transform(dev_docs), dev_scores])
        head = CalibratedLinearClassifier(C=config["encoder_C"], calibration=config["calibration"], cv=config["cv"],
                                          random_state=config["seed"])
        encoder_heads = MultiLabelIndicatorClassifier(head).fit(Z_all, Y_all)
        enc_dev = encoder_heads.predict_proba(Z_dev)
        enc_thresholds = [tune_threshold(Y_dev[:, j], enc_dev[:, j], beta=betas[j]) for j in range(len(LABELS))]
        encoder_heads.set_params(thresholds=enc_thresholds)
        encoder_heads.thresholds_ = np.asarray(enc_thresholds)
        parts.update({"encoder": encoder, "encoder_heads": encoder_heads})
        result["linear_thresholds"] = result["thresholds"]
        result["thresholds"] = dict(zip(LABELS, enc_thresholds, strict=True))
    if config["refit_with_dev"] and config["backend"] == "linear":
        # Thresholds and model choices are settled on dev; the calibrated probabilities keep their
        # scale, so the thresholds carry over to the same model refitted on train + dev (21% more
        # gold text). Not for the encoder, whose stacked heads are tuned on the dev scores.
        featurizer = clone(featurizer)
        X_all = featurizer.fit_transform(train_docs + weak_docs + dev_docs)
        Y_refit = np.vstack([Y_all, Y_dev])
        indicators = MultiLabelIndicatorClassifier(estimator, thresholds=thresholds).fit(X_all, Y_refit)
        X_gold = sp.vstack([X_all[: len(train)], X_all[len(train) + len(weak_docs):]], format="csr")
        fields = MultiLabelIndicatorClassifier(estimator).fit(X_gold, np.vstack([F_train, F_dev])[:, keep])
        parts.update({"featurizer": featurizer, "indicators": indicators, "fields": fields})
    return result


def out_of_fold_scores(estimator, X, Y, folds: int, seed: int) -> np.ndarray:
    """Linear-head probabilities for each row from a model that did not see it (for stacking)."""
    from sklearn.model_selection import KFold

    scores = np.zeros(Y.shape, dtype=float)
    for fit_idx, held_idx in KFold(folds, shuffle=True, random_state=seed).split(X):
        model = MultiLabelIndicatorClassifier(estimator).fit(X[fit_idx], Y[fit_idx])
        scores[held_idx] = model.predict_proba(X[held_idx])
    return scores


def train(config: dict) -> Path:
    """Train, evaluate on the test split, write ``<output>/<name>/`` with meta.json and a model card."""
    if config["backend"] == "finetune":
        from .finetune import finetune

        return finetune(config)
    start = time.perf_counter()
    records = list(read_corpus(config["corpus"]))
    split = {s: [r for r in records if r["split"] == s] for s in ("train", "dev", "test")}
    weak = []
    if config["weak_supervision"]:
        from .weak import weak_records

        weak = weak_records(config["shared"], seed=config["seed"])
    logger.info("training %s on %d documents (+%d weak)", config["name"], len(split["train"]), len(weak))
    fitted = fit_model(config, split["train"], split["dev"], weak)
    parts, thresholds = fitted["parts"], fitted["thresholds"]
    field_labels, field_thresholds = fitted["field_labels"], fitted["field_thresholds"]
    featurizer, fields = parts["featurizer"], parts["fields"]
    test_docs = analysed(split["test"])
    X_test = featurizer.transform(test_docs)
    test_scores = parts["indicators"].predict_proba(X_test)
    if "encoder" in parts:
        Z_test = np.hstack([parts["encoder"].transform(test_docs), test_scores])
        test_scores = parts["encoder_heads"].predict_proba(Z_test)
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
        "linear_thresholds": fitted.get("linear_thresholds", thresholds),
        "params": {k: config[k] for k in DEFAULTS if k not in ("name", "output", "corpus", "shared")},
        "training_data": {"path": str(config["corpus"]), "sha256": data_hash(split["train"] + split["dev"]),
                          "weak_documents": len(weak), "weak_sha256": data_hash(
                              [{"id": r["id"], "text": r["text"], "labels": r["weak_labels"]} for r in weak]),
                          "train_documents": len(split["train"]), "dev_documents": len(split["dev"]),
                          "test_documents": len(split["test"])},
        "metrics": metrics, "train_seconds": round(time.perf_counter() - start, 1),
    }
    out = Path(config["output"]) / config["name"]
    card = model_card({**meta, "versions": package_versions()})
    save_artefact(out, parts, meta, extra_files={"README.md": card})
    return out


def evaluate(model, records: list[dict]) -> tuple[dict, str]:
    """Metrics and an HTML report of a loaded model on gold records."""
    from ..report import evaluation_html

    scores = model.predict_proba([(r["text"], r["id"]) for r in records])
    y_true = np.array([[r["labels"][label] for label in LABELS] for r in records])
    metrics = indicator_metrics(records, scores, model.thresholds)
    return metrics, evaluation_html(model.name, metrics, y_true, scores, model.thresholds)
