"""Document fields from a processed Doc: requesting country, charge categories, roles, entities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..types import EntityMention, Extraction
from .countries import is_country_name, normalise_country
from .negation import charge_applies, is_negated, role_applies, status_applies, window
from .pipeline import SPANS_KEY
from .resources import article_table

REPORTED_LABELS = {"PERSON", "ORG", "DATE", "COUNTRY", "CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME"}

_BY_CUES = {("requested", "by"), ("wanted", "by"), ("issued", "by"), ("sought", "by"), ("request", "of"),
            ("behalf", "of"), ("request", "from"), ("requests", "from"), ("requested", "by"),
            ("initiated", "by"), ("filed", "by"), ("placed", "by"), ("charged", "by"), ("prosecuted", "by"),
            ("demanded", "by"), ("accused", "by"), ("convicted", "by"), ("sentenced", "by"),
            ("notice", "from"), ("notices", "from"), ("warrant", "from"), ("warrants", "from"),
            ("alert", "from"), ("diffusion", "from"), ("wanted", "in"), ("sought", "in"), ("wanted", "to"),
            ("request", "by"), ("requests", "by"), ("notice", "by"), ("warrant", "by"), ("issued", "in"),
            ("requesting", "state"), ("requesting", "country"), ("issuing", "country"), ("issuing", "state"),
            ("pedido", "de"), ("solicitud", "de"), ("demande", "de"), ("requête", "de"), ("petición", "de")}
_RETURN_WORDS = {"extradition", "extradite", "extradited", "extraditing", "return", "returned", "returning",
                 "deport", "deported", "deportation", "surrender", "surrendered", "handed", "back", "hand",
                 "repatriated", "repatriation", "sent", "transfer", "transferred", "send"}
_STATE_NEXT = {"notice", "warrant", "request", "requests", "requested", "authorities", "prosecutors",
               "prosecutor", "prosecution", "government", "officials", "investigators",
               "interior", "security", "courts", "court", "judge", "judges", "judiciary", "state",
               "regime", "issued", "sought", "seeks", "wants", "wanted", "charged", "accused", "accuses",
               "convicted", "sentenced", "'s", "’s", "diffusion", "red", "special", "military",
               "intelligence", "ministry", "investigative", "federal", "general", "supreme",
               "revolutionary", "tribunal", "arrest", "criminal", "penal", "law", "officers", "agents",
               "embassy", "president", "leader", "leadership", "interpol", "ncb", "notices", "alert",
               "demand", "demands", "federation", "customs", "kgb", "fsb", "sbu", "procuracy",
               "prosecutor's", "prosecutor-general", "asked", "demanded", "alleges", "alleged"}
# Nouns after a state that name its request itself: a refusal later in the sentence does not undo them.
_REQUEST_NEXT = {"notice", "notices", "warrant", "warrants", "request", "requests", "red", "diffusion",
                 "interpol", "ncb", "alert", "demand", "demands", "'s", "’s"}
_REFUSAL = {"refused", "rejected", "declined", "denied", "blocked", "dismissed", "halted", "freed",
            "released", "granted", "refuses", "rejects", "declines", "denies", "blocks", "protected",
            "quashed", "overturned", "deleted", "removed", "cancelled"}
_PLACE_BEFORE = {"in", "from", "into", "across", "at", "via", "through", "near", "inside", "within", "en", "à",
                 "au", "aux", "vers", "em", "no", "na", "hacia"}
_STAY_WORDS = {"fled", "flee", "fleeing", "arrested", "detained", "living", "lives", "lived", "resides",
               "resident", "settled", "asylum", "refuge", "stopped", "held", "caught", "apprehended",
               "travelled", "traveled", "flew", "moved", "escaped", "hiding", "located", "found", "based",
               "left", "leaving", "bound", "headed", "emigrated", "relocated", "went", "protection",
               "presumably", "believed", "residing", "reside", "arrived", "parti", "partie", "réside", "vit",
               "présumé", "présumée", "huyó", "vive", "residente", "fugó", "fugiu", "mora"}
# "handed over by the UAE", "extradited by Spain": the agent of a return is the requested state.
_HANDED = {"handed", "extradited", "surrendered", "deported", "returned", "expelled", "transferred", "sent"}
_ACTED_NEXT = {"asked", "requested", "sought", "issued", "charged", "accused", "demanded", "wanted",
               "convicted", "sentenced", "filed", "opened", "indicted", "placed", "put", "renewed"}
# "left for Russia", "fled to Georgia", "bound for Dubai": the subject's destination, not the requester.
_GO_TO = {"to", "for"}
# A request *to* a state is addressed to the requested state: "extradition request to the UK".
_ASKED_TO = {"request", "requests", "application", "applied", "appealed", "asked", "appeal"}
_PROTECTION = {"asylum", "refuge", "refugee", "protection", "citizenship", "passport", "residence",
               "nationality", "visa", "embassy"}


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
    left, right = window(span.doc, span.start, span.end, 6, 6)
    while left and left[-1] in {"the", "a", "an", "of"} and not (len(left) > 1 and (left[-2], left[-1]) in _BY_CUES):
        left = left[:-1]
    score = 1.0
    cue = False
    protected = any(w in _PROTECTION for w in left[-4:])
    if left and left[-1] == "by" and any(w in _HANDED for w in left[-4:-1]):
        score -= 2
    elif len(left) >= 2 and (left[-2], left[-1]) in _BY_CUES and not protected:
        score += 4
        cue = True
    elif left and left[-1] == "by" and not protected:
        score += 2
        cue = True
    if left and left[-1] in {"to", "a"} and any(w in _RETURN_WORDS for w in left[-4:-1]):
        if len(left) >= 2 and left[-1] == "to" and left[-2] in _ASKED_TO:
            score -= 2
        else:
            score += 4
            cue = True
    if any(w in {"issuing", "requesting", "request", "requested"} for w in left[-3:]) and ":" in left[-2:]:
        score += 4
        cue = True
    if right and right[0] in _STATE_NEXT:
        if right[0] in _REQUEST_NEXT or right[:2] == ["extradition", "request"]:
            score += 3
        else:
            score += -3 if any(w in _REFUSAL for w in right[:6]) else 2.5
    elif len(right) >= 2 and right[0] in {"has", "had", "have"} and right[1] in _ACTED_NEXT:
        score += 3
    elif right[:1] == ["police"] and any(w in _STAY_WORDS for w in right[1:5]):
        score -= 1
    elif right[:1] and right[0] in {"national", "citizen", "nationals", "citizens", "passport", "asylum",
                                    "citizenship", "residence", "refugee", "protection"}:
        score -= 0.5
    if protected:
        score -= 2
    if left and left[-1] in {"code", "cc", "penal", "law"}:  # "Criminal Code of the Republic of X"
        score += 3
        cue = True
    if not cue and left and left[-1] in _PLACE_BEFORE and not any(w in _RETURN_WORDS for w in left[-4:]):
        score -= 1.5
        if any(w in _STAY_WORDS for w in left[-4:]):
            score -= 1.5
    elif not cue and len(left) >= 2 and left[-1] in _GO_TO and left[-2] in _STAY_WORDS:
        score -= 2.5
    return score


def _header_bonus(span: Span) -> float:
    """The state named in a notice's header ("RED NOTICE / GEORGIA.", "Kazakhstan, Anti-Corruption
    Agency, ...") requested it; a news dateline city ("ALMATY —") is only where the story was filed."""
    if span.start > 8:
        return 0.0
    doc = span.doc
    nxt = doc[span.end].text if span.end < len(doc) else ""
    if nxt not in {",", "-", "—", "–", "(", ".", ":", "/", ";", "|"}:
        return 0.0
    if span.start == 0 and span.text.isupper() and nxt in {"—", "–", ","} and not is_country_name(span.text):
        return 0.0  # a news dateline city
    return 3.0


def requesting_country(country_spans: list[Span], votes: dict[str, float] | None = None) -> str | None:
    """The state that requested the notice or prosecutes the subject, from context cues."""
    totals: dict[str, float] = defaultdict(float, votes or {})
    first: dict[str, int] = {}
    ordered = sorted(country_spans, key=lambda s: s.start)
    for i, span in enumerate(ordered):
        code = span.kb_id_
        totals[code] += _country_score(span)
        if i == 0:
            totals[code] += _header_bonus(span)
        first.setdefault(code, span.start)
    if not totals:
        return None
    best = max(totals, key=lambda c: (totals[c], -first.get(c, 10**9)))
    return best  # a state named in a text about a notice is almost always the one behind it


def analyse(doc: Doc, doc_id=None, warning: str | None = None) -> Analysis:
    """Turn a processed Doc into an Extraction plus the internal mention list."""
    domain = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    countries = [s for s in domain if s.label_ == "COUNTRY"]
    for ent in doc.ents:
        if ent.label_ == "GPE" and not any(s.start < ent.end and ent.start < s.end for s in countries):
            code = normalise_country(ent.text)
            if code:
                countries.append(Span(doc, ent.start, ent.end, label="COUNTRY", kb_id=code))
    votes: dict[str, float] = {}
    for span in domain:  # an article of a named national code: that state prosecutes
        if span.label_ == "CHARGE" and span.kb_id_.startswith("article:"):
            code = span.kb_id_.split(":", 2)[1]
            if code != "?":
                votes[code] = 3.0
    requesting = requesting_country(countries, votes)

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
        elif label == "CHARGE":
            negated = not charge_applies(span)
        elif label in {"CUE", "MECHANISM"}:
            negated = is_negated(span)
        else:
            negated = False
        # "corruption+financial": one phrase, two categories; "other?": only when nothing else is named
        for one in (norm.split("+") if norm else [norm]):
            mentions.append(Mention(label, one, span.start_char, span.end_char, span.text, negated))
    for span in countries:
        mentions.append(Mention("COUNTRY", span.kb_id_, span.start_char, span.end_char, span.text))
    claimed = [(s.start, s.end) for s in domain if s.label_ in {"COUNTRY", "MECHANISM", "CHARGE", "ROLE"}]
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG", "DATE"} and not any(a < ent.end and ent.start < b for a, b in claimed):
            mentions.append(Mention(ent.label_, None, ent.start_char, ent.end_char, ent.text))
    mentions.sort(key=lambda m: (m.start, -m.end))

    charges = sorted({m.norm for m in mentions if m.label == "CHARGE" and m.norm and not m.negated})
    if len(charges) > 1 or charges == ["other?"]:
        charges = [c.rstrip("?") for c in charges if c != "other?"] or ["other"]
    if "other" in charges and "other?" in charges:
        charges.remove("other?")
    roles = sorted({m.norm for m in mentions if m.label == "ROLE" and m.norm and not m.negated}) or ["none"]
    entities = tuple(
        EntityMention(m.text, m.label, m.start, m.end, m.norm, m.negated)
        for m in mentions if m.label in REPORTED_LABELS
    )
    extraction = Extraction(id=doc_id, requesting_country=requesting, charge_categories=tuple(charges),
                            roles=tuple(roles), entities=entities, warning=warning)
    return Analysis(extraction=extraction, mentions=tuple(mentions))
