"""Document fields from a processed Doc: requesting country, charge categories, roles, entities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..types import EntityMention, Extraction
from .countries import normalise_country
from .negation import is_negated, role_applies, status_applies
from .pipeline import SPANS_KEY
from .resources import article_table

REPORTED_LABELS = {"PERSON", "ORG", "DATE", "COUNTRY", "CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME"}

_BY_CUES = {("requested", "by"), ("wanted", "by"), ("issued", "by"), ("sought", "by"), ("request", "of"),
            ("behalf", "of"), ("request", "from"), ("requests", "from"), ("requested", "by"),
            ("initiated", "by"), ("filed", "by"), ("placed", "by"), ("charged", "by"), ("prosecuted", "by"),
            ("demanded", "by"), ("accused", "by"), ("convicted", "by"), ("sentenced", "by"),
            ("pedido", "de"), ("solicitud", "de"), ("demande", "de")}
_RETURN_WORDS = {"extradition", "extradite", "extradited", "extraditing", "return", "returned", "returning",
                 "deport", "deported", "deportation", "surrender", "surrendered", "handed", "back", "hand",
                 "repatriated", "repatriation", "sent", "transfer", "transferred", "send"}
_STATE_NEXT = {"notice", "warrant", "request", "requests", "requested", "authorities", "prosecutors",
               "prosecutor", "prosecution", "government", "police", "officials", "investigators",
               "interior", "security", "courts", "court", "judge", "judges", "judiciary", "state",
               "regime", "issued", "sought", "seeks", "wants", "wanted", "charged", "accused", "accuses",
               "convicted", "sentenced", "'s", "’s", "diffusion", "red", "special", "military",
               "intelligence", "ministry", "investigative", "federal", "general", "supreme",
               "revolutionary", "tribunal", "arrest", "criminal", "penal", "law", "officers", "agents",
               "embassy", "president", "leader", "leadership", "interpol", "ncb", "notices", "alert",
               "request", "demand", "demands", "federation"}
_REFUSAL = {"refused", "rejected", "declined", "denied", "blocked", "dismissed", "halted", "freed",
            "released", "granted", "refuses", "rejects", "declines", "denies", "blocks", "protected",
            "quashed", "overturned", "deleted", "removed", "cancelled"}
_PLACE_BEFORE = {"in", "from", "into", "across", "at", "via", "through", "near", "inside", "within", "en", "à"}
_STAY_WORDS = {"fled", "flee", "fleeing", "arrested", "detained", "living", "lives", "lived", "resides",
               "resident", "settled", "asylum", "refuge", "stopped", "held", "caught", "apprehended",
               "travelled", "traveled", "flew", "moved", "escaped", "hiding", "located", "found", "based"}


@dataclass(frozen=True)
class Mention:
    """One domain or NER mention with its normalised value and negation, cues included."""

    label: str
    norm: str | None
    start: int
    end: int
    text: str
    negated: bool = False


@dataclass(frozen=True)
class Analysis:
    """Everything later stages need from one document."""

    extraction: Extraction
    mentions: tuple[Mention, ...]


def _country_score(span: Span) -> float:
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    left = [t.lower_ for t in doc[max(sent.start, span.start - 6): span.start]]
    right = [t.lower_ for t in doc[span.end: min(sent.end, span.end + 6)]]
    while left and left[-1] in {"the", "a", "an", "of"} and not (len(left) > 1 and (left[-2], left[-1]) in _BY_CUES):
        left = left[:-1]
    score = 1.0
    if len(left) >= 2 and (left[-2], left[-1]) in _BY_CUES:
        score += 4
    elif left and left[-1] == "by":
        score += 2
    if left and left[-1] in {"to", "a"} and any(w in _RETURN_WORDS for w in left[-4:-1]):
        score += 4
    if any(w in {"issuing", "requesting", "request", "requested"} for w in left[-3:]) and ":" in left[-2:]:
        score += 4
    if right and right[0] in _STATE_NEXT:
        score += -3 if any(w in _REFUSAL for w in right[:6]) else 2.5
    elif right[:1] and right[0] in {"national", "citizen", "nationals", "citizens"}:
        score += 0.5
    if left and left[-1] in _PLACE_BEFORE and not any(w in _RETURN_WORDS for w in left[-4:]):
        score -= 1.5
        if any(w in _STAY_WORDS for w in left[-4:]):
            score -= 1.5
    return score


def requesting_country(country_spans: list[Span]) -> str | None:
    """The state that requested the notice or prosecutes the subject, from context cues."""
    totals: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for span in country_spans:
        code = span.kb_id_
        totals[code] += _country_score(span)
        first.setdefault(code, span.start)
    if not totals:
        return None
    best = max(totals, key=lambda c: (totals[c], -first[c]))
    return best if totals[best] > 0 else None


def analyse(doc: Doc, doc_id=None, warning: str | None = None) -> Analysis:
    """Turn a processed Doc into an Extraction plus the internal mention list."""
    domain = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    countries = [s for s in domain if s.label_ == "COUNTRY"]
    for ent in doc.ents:
        if ent.label_ == "GPE" and not any(s.start < ent.end and ent.start < s.end for s in countries):
            code = normalise_country(ent.text)
            if code:
                countries.append(Span(doc, ent.start, ent.end, label="COUNTRY", kb_id=code))
    requesting = requesting_country(countries)

    mentions: list[Mention] = []
    articles = article_table()
    for span in domain:
        label, norm = span.label_, span.kb_id_ or None
        if label == "COUNTRY":
            continue
        if label == "CHARGE" and norm and norm.startswith("article:"):
            _, code, number = norm.split(":", 2)
            code = requesting if code == "?" else code
            norm = articles.get((code or "", number)) or articles.get((code or "", number.split(".")[0]))
        if label == "ROLE":
            negated = not role_applies(span)
        elif label == "STATUS":
            negated = not status_applies(span)
        elif label in {"CHARGE", "CUE", "MECHANISM"}:
            negated = is_negated(span)
        else:
            negated = False
        mentions.append(Mention(label, norm, span.start_char, span.end_char, span.text, negated))
    for span in countries:
        mentions.append(Mention("COUNTRY", span.kb_id_, span.start_char, span.end_char, span.text))
    claimed = [(s.start, s.end) for s in domain if s.label_ in {"COUNTRY", "MECHANISM", "CHARGE", "ROLE"}]
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG", "DATE"} and not any(a < ent.end and ent.start < b for a, b in claimed):
            mentions.append(Mention(ent.label_, None, ent.start_char, ent.end_char, ent.text))
    mentions.sort(key=lambda m: (m.start, -m.end))

    charges = sorted({m.norm for m in mentions if m.label == "CHARGE" and m.norm and not m.negated})
    roles = sorted({m.norm for m in mentions if m.label == "ROLE" and m.norm and not m.negated}) or ["none"]
    entities = tuple(
        EntityMention(m.text, m.label, m.start, m.end, m.norm, m.negated)
        for m in mentions if m.label in REPORTED_LABELS
    )
    extraction = Extraction(id=doc_id, requesting_country=requesting, charge_categories=tuple(charges),
                            roles=tuple(roles), entities=entities, warning=warning)
    return Analysis(extraction=extraction, mentions=tuple(mentions))
