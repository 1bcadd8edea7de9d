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

from ..docfeatures import AnalysedText, TfidfTable, analysis_features, masked_text

TABLES_FILE = "tables.npz"
_SEPARATOR = "\n"  # no vocabulary term holds a newline: words and char_wb n-grams are split on whitespace
_NONE, _SIGMOID, _ISOTONIC = 0, 1, 2


def _join(terms) -> np.ndarray:
    return np.array(_SEPARATOR.join(str(t) for t in terms))


def _split(array: np.ndarray) -> list[str]:
    text = str(array)
    return text.split(_SEPARATOR) if text else []


def _vectorizer_arrays(prefix: str, vectorizer) -> tuple[dict[str, np.ndarray], dict]:
    terms = [None] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    params = {"analyzer": vectorizer.analyzer, "ngram_range": list(vectorizer.ngram_range),
              "token_pattern": vectorizer.token_pattern, "lowercase": vectorizer.lowercase,
              "sublinear_tf": vectorizer.sublinear_tf, "norm": vectorizer.norm}
    return {f"{prefix}.terms": _join(terms), f"{prefix}.idf": np.asarray(vectorizer.idf_, dtype=np.float64)}, params


def _head_arrays(name: str, classifier) -> dict[str, np.ndarray]:
    """One multi-label head: every member logistic regression as a weight column, with its calibrator."""
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
        f"{name}.weights": np.column_stack(columns).astype(np.float32),
        f"{name}.intercepts": np.asarray(intercepts), f"{name}.label_of_member": np.asarray(label_of),
        f"{name}.calibration": np.asarray(kinds), f"{name}.sigmoid": np.asarray(sigmoid).reshape(-1, 2),
        f"{name}.isotonic_x": np.asarray(iso_x, dtype=np.float64), f"{name}.isotonic_y": np.asarray(iso_y, dtype=np.float64),
        f"{name}.isotonic_offsets": np.asarray(iso_offsets),
        f"{name}.n_labels": np.asarray(len(classifier.estimators_)),
    }


def compile_linear(featurizer, heads: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Named arrays for a fitted ``NoticeFeaturizer`` and ``MultiLabelIndicatorClassifier`` heads."""
    arrays, params = {}, {}
    word_arrays, params["word"] = _vectorizer_arrays("word", featurizer.word_)
    arrays.update(word_arrays)
    if featurizer.use_char:
        char_arrays, params["char"] = _vectorizer_arrays("char", featurizer.char_)
        arrays.update(char_arrays)
    if featurizer.use_extraction:
        arrays["dict.names"] = _join(featurizer.dict_.feature_names_)
    for name, classifier in heads.items():
        arrays.update(_head_arrays(name, classifier))
    config = {"use_char": featurizer.use_char, "use_extraction": featurizer.use_extraction,
              "use_country": featurizer.use_country, "extraction_weight": featurizer.extraction_weight,
              "mask_countries": featurizer.mask_countries, "heads": list(heads), "vectorizers": params}
    arrays["config"] = np.array(json.dumps(config, sort_keys=True))
    return arrays


def save_tables(arrays: Mapping[str, np.ndarray], path: str | Path) -> None:
    with open(path, "wb") as stream:  # a file object: numpy would otherwise append ".npz"
        np.savez(stream, **arrays)


class _Head:
    def __init__(self, arrays: Mapping[str, np.ndarray], name: str):
        self.weights = arrays[f"{name}.weights"].astype(np.float64)  # stored as float32; score in float64
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
        self.word = self._table(arrays, "word")
        self.char = self._table(arrays, "char") if config["use_char"] else None
        self.dict_names = _split(arrays["dict.names"]) if config["use_extraction"] else []
        self.dict_index = {name: i for i, name in enumerate(self.dict_names)}
        self.heads = {name: _Head(arrays, name) for name in config["heads"]}
        self.n_features = len(self.word) + (len(self.char) if self.char else 0) + len(self.dict_names)

    def _table(self, arrays, prefix: str) -> TfidfTable:
        params = dict(self.config["vectorizers"][prefix])
        return TfidfTable(_split(arrays[f"{prefix}.terms"]), arrays[f"{prefix}.idf"], **params)

    @classmethod
    def load(cls, path: str | Path) -> CompiledLinearModel:
        with np.load(path, allow_pickle=False) as data:
            return cls({key: data[key] for key in data.files})

    def transform(self, docs: list[AnalysedText]) -> sp.csr_matrix:
        """The featurizer's matrix: word TF-IDF | char TF-IDF | extraction features."""
        texts = [masked_text(d) for d in docs] if self.config["mask_countries"] else [d.text for d in docs]
        blocks = [self.word.transform(texts)]
        if self.char is not None:
            blocks.append(self.char.transform(texts))
        if self.config["use_extraction"]:
            rows, cols, values = [], [], []
            weight = self.config["extraction_weight"]
            for i, d in enumerate(docs):
                for name, value in analysis_features(d.analysis, self.config["use_country"]).items():
                    column = self.dict_index.get(name)
                    if column is not None and value:
                        rows.append(i)
                        cols.append(column)
                        values.append(value * weight)
            blocks.append(sp.csr_matrix((np.asarray(values, dtype=np.float32), (rows, cols)),
                                        shape=(len(docs), len(self.dict_names))))
        return sp.hstack(blocks, format="csr")

    def predict_proba(self, X: sp.csr_matrix, head: str = "indicators") -> np.ndarray:
        """Calibrated positive-class probability per label of ``head``, shape (n_samples, n_labels)."""
        return self.heads[head].predict_proba(X)

    def feature_names(self) -> np.ndarray:
        names = [f"word:{t}" for t in self.word.terms]
        if self.char is not None:
            names += [f"char:{t}" for t in self.char.terms]
        names += [f"ext:{n}" for n in self.dict_names]
        return np.asarray(names, dtype=object)
