"""Stage 3: feature matrix -> per-label calibrated probabilities.

The scikit-learn estimators are imported on first use, so that ``classifiers.compiled`` (which
scores from plain arrays) does not pay scikit-learn's import.
"""

__all__ = ["CalibratedLinearClassifier", "MultiLabelIndicatorClassifier"]


def __getattr__(name):
    if name in __all__:
        from . import linear

        return getattr(linear, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
