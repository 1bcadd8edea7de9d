"""Frozen record types (foundation). ``Prediction.to_dict()`` is the spec's prediction record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EntityMention:
    text: str
    label: str
    start: int
    end: int
    #: Normalised value: ISO alpha-2 for COUNTRY, category for CHARGE, role for ROLE, ...
    norm: str | None = None
    #: True when the mention is negated or used irrelevantly ("not a journalist").
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "label": self.label, "start": self.start, "end": self.end}
        if self.norm is not None:
            out["norm"] = self.norm
        if self.negated:
            out["negated"] = True
        return out


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Extraction:
    """What the extractor found in one document."""

    id: Any
    requesting_country: str | None = None
    charge_categories: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    error: str | None = None
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "requesting_country": self.requesting_country,
            "charge_categories": list(self.charge_categories),
            "roles": list(self.roles),
            "entities": [e.to_dict() for e in self.entities],
            "error": self.error,
        }
        if self.warning:
            out["warning"] = self.warning
        return out


@dataclass(frozen=True)
class Prediction:
    """One prediction record, as written by ``notice-nlp predict``."""

    id: Any
    scores: dict[str, float] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    extraction: Extraction | None = None
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        ex = self.extraction or Extraction(id=self.id)
        out = {
            "id": self.id,
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
            "labels": list(self.labels),
            "requesting_country": ex.requesting_country,
            "charge_categories": list(ex.charge_categories),
            "roles": list(ex.roles),
            "entities": [e.to_dict() for e in ex.entities],
            "evidence": {k: [e.to_dict() for e in v] for k, v in self.evidence.items()},
            "error": self.error if self.error is not None else ex.error,
        }
        if ex.warning:
            out["warning"] = ex.warning
        return out
