"""Stage 4: calibration metrics and thresholds on held-out data."""

from __future__ import annotations

import numpy as np


def expected_calibration_error(y_true, proba, n_bins: int = 10) -> float:
    """ECE with equal-width bins: sum over bins of |accuracy - confidence| weighted by bin size."""
    y_true = np.asarray(y_true, dtype=float)
    proba = np.asarray(proba, dtype=float)
    bins = np.minimum((proba * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(y_true[mask].mean() - proba[mask].mean())
    return float(ece)


def reliability_curve(y_true, proba, n_bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed rate, count) per non-empty bin."""
    y_true = np.asarray(y_true, dtype=float)
    proba = np.asarray(proba, dtype=float)
    bins = np.minimum((proba * n_bins).astype(int), n_bins - 1)
    return [(float(proba[bins == b].mean()), float(y_true[bins == b].mean()), int((bins == b).sum()))
            for b in range(n_bins) if (bins == b).any()]


def tune_threshold(y_true, proba, grid=None, beta: float = 1.0) -> float:
    """Threshold maximising F-beta on held-out data (ties: the one closest to 0.5).

    beta < 1 weighs precision more: right for a flag whose real-world prevalence is far lower than
    in the development data.
    """
    y_true = np.asarray(y_true).astype(int)
    proba = np.asarray(proba, dtype=float)
    grid = np.round(np.arange(0.1, 0.91, 0.025), 3) if grid is None else grid
    best = (-1.0, 0.5)
    for t in grid:
        pred = proba >= t
        tp = int((pred & (y_true == 1)).sum())
        fp = int((pred & (y_true == 0)).sum())
        fn = int((~pred & (y_true == 1)).sum())
        b2 = beta * beta
        f1 = (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp) if tp else 0.0
        if f1 > best[0] + 1e-9 or (abs(f1 - best[0]) <= 1e-9 and abs(t - 0.5) < abs(best[1] - 0.5)):
            best = (f1, float(t))
    return best[1]
