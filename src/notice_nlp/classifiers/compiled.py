"""Linear heads compiled to plain arrays: a loaded model scores text without scikit-learn.

``compile_linear`` (at save time, with the fitted estimators) turns the featurizer and the
multi-label heads into named arrays, written as ``tables.npz`` in the artefact (``numpy.savez``:
no pickle; read back with ``allow_pickle=False``). ``CompiledLinearModel`` gives the same
probabilities as the estimators (tests compare both) while importing only numpy and scipy.sparse:
scikit-learn's and skops' imports took longer than spaCy's, and every CLI run paid them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..docfeatures import AnalysedText, FeatureTables, TfidfTable

TABLES_FILE = "tables.npz"
_SEPARATOR = "\n"  # no vocabulary term holds a newline: words and char_wb n-grams are split on whitespace
_NONE, _SIGMOID, _ISOTONIC = 0, 1, 2


def _join(terms) -> np.ndarray:
    return np.array(_SEPARATOR.join(str(t) for t in terms))


def _split(array: np.ndarray) -> list[str]:
    text = str(array)
    return text.split(_SEPARATOR) if text else []


def head_arrays(name: str, classifier, weight_dtype=np.float32) -> dict[str, np.ndarray]:
    """One multi-label head: every member logistic regression as a weight column, with its calibrator.

    Artefacts store the weights as float32 (half the size; scores move by about 1e-6).
    """
    columns, intercepts, label_of, kinds, sigmoid = [], [], [], [], []
    iso_x, iso_y, iso_offsets = [], [], [0]
    for j, estimator in enumerate(classifier.estimators_):
        if not hasattr(estimator, "members") or list(estimator.classes_) != [0, 1]:
            raise ValueError(f"head {name!r}: label {j} is not a binary CalibratedLinearClassifier; cannot compile")
        for regression, calibrator in estimator.members():
            columns.append(np.asarray(regression.coef_[0], dtype=np.float64))
            intercepts.append(float(regression.intercept_[0]))
            label_of.append(j)
            if calibrator is None:
                kinds.append(_NONE)
                sigmoid.append((0.0, 0.0))
            elif hasattr(calibrator, "a_"):
                kinds.append(_SIGMOID)
                sigmoid.append((float(calibrator.a_), float(calibrator.b_)))
            elif hasattr(calibrator, "X_thresholds_"):
                kinds.append(_ISOTONIC)
                sigmoid.append((0.0, 0.0))
                iso_x.extend(calibrator.X_thresholds_)
                iso_y.extend(calibrator.y_thresholds_)
            else:
                raise ValueError(f"head {name!r}: calibrator {type(calibrator).__name__} cannot be compiled")
            iso_offsets.append(len(iso_x))
    return {
        f"{name}.weights": np.column_stack(columns).astype(weight_dtype),
        f"{name}.intercepts": np.asarray(intercepts), f"{name}.label_of_member": np.asarray(label_of),
        f"{name}.calibration": np.asarray(kinds), f"{name}.sigmoid": np.asarray(sigmoid).reshape(-1, 2),
        f"{name}.isotonic_x": np.asarray(iso_x, dtype=np.float64), f"{name}.isotonic_y": np.asarray(iso_y, dtype=np.float64),
        f"{name}.isotonic_offsets": np.asarray(iso_offsets),
        f"{name}.n_labels": np.asarray(len(classifier.estimators_)),
    }


def compile_linear(featurizer, heads: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Named arrays for a fitted ``NoticeFeaturizer`` and ``MultiLabelIndicatorClassifier`` heads."""
    tables = featurizer.tables()
    arrays, params = {}, {}
    for prefix, table in (("word", tables.word), ("char", tables.char)):
        if table is not None:
            arrays[f"{prefix}.terms"] = _join(table.terms)
            arrays[f"{prefix}.idf"] = table.idf
            params[prefix] = table.params()
    if tables.dict_names is not None:
        arrays["dict.names"] = _join(tables.dict_names)
    for name, classifier in heads.items():
        arrays.update(head_arrays(name, classifier))
    config = {"use_char": tables.char is not None, "use_extraction": tables.dict_names is not None,
              "use_country": tables.use_country, "extraction_weight": tables.extraction_weight,
              "mask_countries": tables.mask_countries, "heads": list(heads), "vectorizers": params}
    arrays["config"] = np.array(json.dumps(config, sort_keys=True))
    return arrays


def save_tables(arrays: Mapping[str, np.ndarray], path: str | Path) -> None:
    with open(path, "wb") as stream:  # a file object: numpy would otherwise append ".npz"
        np.savez(stream, **arrays)


class CompiledHead:
    """Calibrated probabilities of one multi-label head from ``head_arrays``: one sparse product
    scores every member logistic regression, then each calibrator maps its column and members
    are averaged per label. ``MultiLabelIndicatorClassifier.predict_proba`` uses it too."""

    def __init__(self, arrays: Mapping[str, np.ndarray], name: str):
        self.weights = arrays[f"{name}.weights"].astype(np.float64)  # float32 in artefacts; score in float64
        self.intercepts = arrays[f"{name}.intercepts"]
        self.label_of_member = arrays[f"{name}.label_of_member"]
        self.calibration = arrays[f"{name}.calibration"]
        self.sigmoid = arrays[f"{name}.sigmoid"]
        self.isotonic_x = arrays[f"{name}.isotonic_x"]
        self.isotonic_y = arrays[f"{name}.isotonic_y"]
        self.isotonic_offsets = arrays[f"{name}.isotonic_offsets"]
        self.n_labels = int(arrays[f"{name}.n_labels"])
        self.members_per_label = np.bincount(self.label_of_member, minlength=self.n_labels)

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        decisions = np.asarray(X @ self.weights, dtype=np.float64) + self.intercepts
        calibrated = np.empty_like(decisions)
        for k, kind in enumerate(self.calibration):
            d = decisions[:, k]
            if kind == _SIGMOID:
                a, b = self.sigmoid[k]
                calibrated[:, k] = 1.0 / (1.0 + np.exp(a * d + b))
            elif kind == _ISOTONIC:
                lo, hi = self.isotonic_offsets[k], self.isotonic_offsets[k + 1]
                calibrated[:, k] = np.interp(d, self.isotonic_x[lo:hi], self.isotonic_y[lo:hi])
            else:
                calibrated[:, k] = 1.0 / (1.0 + np.exp(-d))
        proba = np.zeros((X.shape[0], self.n_labels))
        np.add.at(proba.T, self.label_of_member, calibrated.T)
        return np.clip(proba / self.members_per_label, 0.0, 1.0)

    def coefficients(self) -> np.ndarray:
        """Mean member coefficients per label, shape (n_labels, n_features)."""
        out = np.zeros((self.n_labels, self.weights.shape[0]))
        np.add.at(out, self.label_of_member, self.weights.T)
        return out / self.members_per_label[:, None]


class CompiledLinearModel:
    """Featurizer and linear heads from plain arrays (see module docstring).

    Parameters
    ----------
    arrays : mapping of str to numpy.ndarray
        What ``compile_linear`` returned (or ``tables.npz`` holds).
    """

    def __init__(self, arrays: Mapping[str, np.ndarray]):
        config = json.loads(str(arrays["config"]))
        self.config = config

        def table(prefix: str) -> TfidfTable:
            return TfidfTable(_split(arrays[f"{prefix}.terms"]), arrays[f"{prefix}.idf"], **config["vectorizers"][prefix])

        self.features = FeatureTables(
            table("word"), table("char") if config["use_char"] else None,
            _split(arrays["dict.names"]) if config["use_extraction"] else None,
            use_country=config["use_country"], extraction_weight=config["extraction_weight"],
            mask_countries=config["mask_countries"])
        self.heads = {name: CompiledHead(arrays, name) for name in config["heads"]}

    @classmethod
    def load(cls, path: str | Path) -> CompiledLinearModel:
        with np.load(path, allow_pickle=False) as data:
            return cls({key: data[key] for key in data.files})

    def transform(self, docs: list[AnalysedText]) -> sp.csr_matrix:
        """The featurizer's matrix: word TF-IDF | char TF-IDF | extraction features."""
        return self.features.transform(docs)

    def predict_proba(self, X: sp.csr_matrix, head: str = "indicators") -> np.ndarray:
        """Calibrated positive-class probability per label of ``head``, shape (n_samples, n_labels)."""
        return self.heads[head].predict_proba(X)

    def feature_names(self) -> np.ndarray:
        return self.features.feature_names()
