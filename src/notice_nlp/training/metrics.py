"""Metrics of a model on gold records: per-label P/R/F1, ECE, per-kind and per-country-group tables."""

from __future__ import annotations

import numpy as np

from ..calibration import expected_calibration_error
from ..country_data import country_table
from ..labels import LABELS


def prf(y_true, y_pred) -> dict[str, float]:
    y_true = np.asarray(y_true).astype(int)
    y_pred = np.asarray(y_pred).astype(int)
    tp = int(((y_pred == 1) & (y_true == 1)).sum())
    fp = int(((y_pred == 1) & (y_true == 0)).sum())
    fn = int(((y_pred == 0) & (y_true == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": int(y_true.sum())}


def indicator_metrics(records: list[dict], scores: np.ndarray, thresholds: np.ndarray) -> dict:
    Y = np.array([[r["labels"][label] for label in LABELS] for r in records])
    pred = (scores >= thresholds).astype(int)
    per_label = {}
    for j, label in enumerate(LABELS):
        row = prf(Y[:, j], pred[:, j])
        row["ece"] = expected_calibration_error(Y[:, j], scores[:, j])
        per_label[label] = row
    out = {"documents": len(records), "per_label": per_label,
           "macro_f1": float(np.mean([per_label[label]["f1"] for label in LABELS]))}
    pm = LABELS.index("politically_motivated")
    by_kind = {}
    for kind in sorted({r["kind"] for r in records}):
        mask = np.array([r["kind"] == kind for r in records])
        by_kind[kind] = {"n": int(mask.sum()), "macro_f1": float(np.mean(
            [prf(Y[mask, j], pred[mask, j])["f1"] for j in range(len(LABELS))])),
            "politically_motivated_f1": prf(Y[mask, pm], pred[mask, pm])["f1"]}
    out["by_kind"] = by_kind
    table = country_table()
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        group = table.get(r.get("requesting_country") or "", {}).get("risk_group", "unknown")
        groups.setdefault(group, []).append(i)
    fpr = {}
    for group, idx in sorted(groups.items()):
        negatives = [i for i in idx if Y[i, pm] == 0]
        if negatives:
            fpr[group] = {"n": len(negatives), "fpr": float(pred[negatives, pm].mean())}
    out["fpr_by_country_group"] = fpr
    return out
