"""The ``linear`` backend: per-label logistic regression with cross-validated calibration."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


def _mean_coefficients(calibrated) -> np.ndarray:
    """Mean coefficients of the logistic regression(s) in a fitted calibrated model."""
    if hasattr(calibrated, "calibrated_classifiers_"):
        return np.mean([c.estimator.coef_ for c in calibrated.calibrated_classifiers_], axis=0)
    return calibrated.coef_


class CalibratedLinearClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression whose probabilities are calibrated by cross-validation.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    class_weight : "balanced" or None
    calibration : {"sigmoid", "isotonic"}
        Calibration method of ``CalibratedClassifierCV``.
    cv : int
        Folds for calibration (reduced automatically when a class is rarer than ``cv``).
    threshold : float
        Decision threshold on the positive-class probability (binary problems).
    random_state : int
    ensemble : bool
        False (default): one model on all data, calibrated on out-of-fold scores (small artefacts,
        exact evidence). True: one calibrated model per fold, averaged.
    """

    def __init__(self, C=4.0, class_weight="balanced", calibration="sigmoid", cv=5, threshold=0.5,
                 random_state=0, ensemble=False):
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.threshold = threshold
        self.random_state = random_state
        self.ensemble = ensemble

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("CalibratedLinearClassifier needs at least two classes in y; got one class.")
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear"
                                  if len(self.classes_) <= 2 else "lbfgs", random_state=self.random_state)
        folds = int(min(self.cv, np.bincount(np.searchsorted(self.classes_, y)).min()))
        if folds >= 2:
            cv = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            self.calibrated_ = CalibratedClassifierCV(base, method=self.calibration, cv=cv,
                                                      ensemble=self.ensemble).fit(X, y)
        else:  # too few examples to calibrate: plain logistic regression
            self.calibrated_ = base.fit(X, y)
        self.coef_ = _mean_coefficients(self.calibrated_)
        return self

    # coef_ is derived from the fitted logistic regressions inside calibrated_: artefacts do not
    # store it a second time (it was half of each skops file), it is rebuilt on load.
    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "coef_"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "calibrated_" in state:
            self.coef_ = _mean_coefficients(self.calibrated_)

    def predict_proba(self, X):
        check_is_fitted(self, "calibrated_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self.calibrated_.predict_proba(X)

    def members(self) -> list[tuple[object, object | None]]:
        """(fitted logistic regression, its probability calibrator or None) pairs; scores average over them."""
        check_is_fitted(self, "calibrated_")
        if hasattr(self.calibrated_, "calibrated_classifiers_"):
            return [(c.estimator, c.calibrators[0]) for c in self.calibrated_.calibrated_classifiers_]
        return [(self.calibrated_, None)]

    def predict(self, X):
        proba = self.predict_proba(X)
        if len(self.classes_) == 2:
            return self.classes_[(proba[:, 1] >= self.threshold).astype(int)]
        return self.classes_[np.argmax(proba, axis=1)]


class MultiLabelIndicatorClassifier(ClassifierMixin, BaseEstimator):
    """One calibrated binary classifier per label, with per-label thresholds.

    Parameters
    ----------
    estimator : estimator, optional
        Template cloned for each label (default ``CalibratedLinearClassifier()``).
    thresholds : array-like or None
        Per-label decision thresholds (set after tuning on held-out data); 0.5 when None.

    ``fit(X, Y)`` takes Y of shape (n_samples, n_labels) with 0/1 entries; -1 marks a label as
    unknown for a sample (weakly supervised rows), which leaves it out of that label only.
    """

    def __init__(self, estimator=None, thresholds=None):
        self.estimator = estimator
        self.thresholds = thresholds

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, Y):
        X = validate_data(self, X, accept_sparse="csr")
        Y = np.asarray(Y)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        template = self.estimator if self.estimator is not None else CalibratedLinearClassifier()
        # A negative entry means "unknown for this label" (weak supervision): the row is left out
        # of that label's training set only.
        self.estimators_ = []
        for j in range(Y.shape[1]):
            known = Y[:, j] >= 0
            self.estimators_.append(clone(template).fit(X[known], Y[known, j]))
        self.n_labels_ = Y.shape[1]
        self.thresholds_ = np.full(self.n_labels_, 0.5)
        if self.thresholds is not None:
            self.thresholds_ = np.asarray(self.thresholds, dtype=float)
        self.classes_ = [np.array([0, 1]) for _ in range(self.n_labels_)]
        return self

    def predict_proba(self, X):
        """Positive-class probability per label, shape (n_samples, n_labels)."""
        check_is_fitted(self, "estimators_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        if all(isinstance(e, CalibratedLinearClassifier) and list(e.classes_) == [0, 1] for e in self.estimators_):
            return self._stacked_positive_proba(X)
        return np.column_stack([
            e.predict_proba(X)[:, list(e.classes_).index(1)] if 1 in e.classes_ else np.zeros(X.shape[0])
            for e in self.estimators_])

    def _stacked_positive_proba(self, X) -> np.ndarray:
        """The same probabilities as each label's ``predict_proba``, from one sparse product.

        Per-label calls spend most of their time validating the same matrix again; the compiled
        head (the code that scores loaded artefacts) stacks every logistic regression's weights.
        """
        from .compiled import CompiledHead, head_arrays

        cached = self.__dict__.get("_stacked_weights")
        if cached is None or cached[0] is not self.estimators_:  # a cache, rebuilt after fit or load
            cached = self._stacked_weights = (
                self.estimators_, CompiledHead(head_arrays("head", self, weight_dtype=np.float64), "head"))
        return cached[1].predict_proba(X)

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_stacked_weights"}

    def predict(self, X):
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def coefficients(self) -> np.ndarray:
        """Mean logistic-regression coefficients per label (rows) for evidence."""
        check_is_fitted(self, "estimators_")
        return np.vstack([e.coef_[0] for e in self.estimators_])
