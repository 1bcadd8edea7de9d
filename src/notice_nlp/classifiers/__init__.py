"""Stage 3: feature matrix -> per-label calibrated probabilities."""

from .linear import CalibratedLinearClassifier, MultiLabelIndicatorClassifier

__all__ = ["CalibratedLinearClassifier", "MultiLabelIndicatorClassifier"]
