"""Scoring extraction against gold records: requesting country, charge categories, roles."""

from __future__ import annotations

from collections.abc import Iterable


def set_f1(gold: Iterable[set[str]], predicted: Iterable[set[str]]) -> dict[str, float]:
    """Micro precision, recall and F1 over per-document label sets."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def score_extraction(gold: list[dict], predicted: list[dict]) -> dict[str, object]:
    """Compare extraction dicts with gold corpus records (same order).

    Country accuracy counts documents whose gold requesting_country is set. Roles are scored
    without the 'none' placeholder, so a document with no role contributes only false positives.
    """
    with_country = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.get("requesting_country")]
    correct = sum(g["requesting_country"] == p.get("requesting_country") for g, p in with_country)

    def roles(record: dict) -> set[str]:
        return set(record.get("roles") or []) - {"none"}

    return {
        "documents": len(gold),
        "requesting_country_accuracy": correct / len(with_country) if with_country else None,
        "requesting_country_support": len(with_country),
        "charge_categories": set_f1([set(g.get("charge_categories") or []) for g in gold],
                                    [set(p.get("charge_categories") or []) for p in predicted]),
        "roles": set_f1([roles(g) for g in gold], [roles(p) for p in predicted]),
    }
