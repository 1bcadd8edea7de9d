"""Document fields from a processed Doc: requesting country, charge categories, roles, entities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _package_files
from itertools import takewhile

from spacy.tokens import Doc, Span

from ..types import EntityMention, Extraction
from .countries import is_country_name, normalise_country
from .negation import PROTEST_NOUNS, SPEECH_NOUNS, charge_applies, is_negated, role_applies, status_applies, window
from .pipeline import SPANS_KEY
from .resources import _rows, article_table

REPORTED_LABELS = {"PERSON", "ORG", "DATE", "COUNTRY", "CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME"}

_BY_CUES = {("requested", "by"), ("wanted", "by"), ("issued", "by"), ("sought", "by"), ("request", "of"),
            ("behalf", "of"), ("request", "from"), ("requests", "from"), ("requested", "by"),
            ("initiated", "by"), ("filed", "by"), ("placed", "by"), ("charged", "by"), ("prosecuted", "by"),
            ("demanded", "by"), ("accused", "by"), ("convicted", "by"), ("sentenced", "by"),
            ("notice", "from"), ("notices", "from"), ("warrant", "from"), ("warrants", "from"),
            ("alert", "from"), ("diffusion", "from"), ("wanted", "in"), ("sought", "in"), ("wanted", "to"),
            ("request", "by"), ("requests", "by"), ("notice", "by"), ("warrant", "by"), ("issued", "in"),
            ("requesting", "state"), ("requesting", "country"), ("issuing", "country"), ("issuing", "state"),
            ("pedido", "de"), ("solicitud", "de"), ("demande", "de"), ("requête", "de"), ("petición", "de"),
            ("demande", "d'"), ("demande", "du"), ("recherché", "par"), ("recherchée", "par"), ("réclamé", "par"),
            ("réclamée", "par"), ("poursuivi", "par"), ("poursuivie", "par"), ("demandé", "par"),
            ("demandée", "par"), ("émis", "par"), ("émise", "par"), ("condamné", "par"), ("condamnée", "par"),
            ("buscado", "por"), ("buscada", "por"), ("reclamado", "por"), ("reclamada", "por"),
            ("requerido", "por"), ("requerida", "por"), ("solicitado", "por"), ("solicitada", "por"),
            ("emitida", "por"), ("condenado", "por"), ("condenada", "por"), ("procurado", "por")}
_RETURN_WORDS = {"extradition", "extradite", "extradited", "extraditing", "return", "returned", "returning",
                 "deport", "deported", "deportation", "surrender", "surrendered", "handed", "back", "hand",
                 "repatriated", "repatriation", "sent", "transfer", "transferred", "send", "extradé", "extradée",
                 "remis", "remise", "renvoyé", "renvoyée", "expulsé", "expulsée", "extraditado", "extraditada",
                 "entregado", "entregada", "extradición", "extradição"}
_STATE_NEXT = {"notice", "warrant", "request", "requests", "requested", "authorities", "prosecutors",
               "prosecutor", "prosecution", "government", "officials", "investigators",
               "interior", "security", "courts", "court", "judge", "judges", "judiciary", "state",
               "regime", "issued", "sought", "seeks", "wants", "wanted", "charged", "accused", "accuses",
               "convicted", "sentenced", "'s", "’s", "diffusion", "red", "special", "military",
               "intelligence", "ministry", "investigative", "federal", "general", "supreme",
               "revolutionary", "tribunal", "arrest", "criminal", "penal", "law", "officers", "agents",
               "embassy", "president", "leader", "leadership", "interpol", "ncb", "notices", "alert",
               "demand", "demands", "federation", "customs", "kgb", "fsb", "sbu", "procuracy",
               "prosecutor's", "prosecutor-general", "asked", "demanded", "alleges", "alleged", "eaw",
               "chief", "attorney", "attorney-general", "procurator", "procurator-general", "charge", "charges"}
# Nouns after a state that name its request itself: a refusal later in the sentence does not undo them.
_REQUEST_NEXT = {"notice", "notices", "warrant", "warrants", "request", "requests", "red", "diffusion",
                 "interpol", "ncb", "alert", "demand", "demands", "'s", "’s", "eaw"}
# "South America", "Latin American": a region, not the United States.
_REGION_BEFORE = {"south", "latin", "central", "north", "meso", "pan", "inter"}
_PROSECUTING_BODY = {"prosecutors", "prosecutor", "prosecution", "investigators", "court", "courts", "judge",
                     "judges", "tribunal"}
# A state doing these to the subject is the requested state.
_SURRENDER_VERBS = {"extradite", "extradites", "extradited", "extraditing", "surrender", "surrenders",
                    "surrendered", "deport", "deported", "deports", "arrest", "arrested", "detain", "detained",
                    "hand", "handed", "locate", "expel", "expelled"}
# A state's court or government that approves a surrender is the requested state.
_DECIDES = {"approved", "approve", "approves", "authorised", "authorized", "authorises", "authorizes", "agreed",
            "agrees", "upheld", "upholds", "ordered", "orders", "allowed", "cleared", "consented", "accepted"}
_SURRENDER_WORDS = {"extradition", "extradite", "surrender", "hand", "handover", "return", "deportation",
                    "deport", "transfer"}
# INTERPOL's seat: "the request was sent to Lyon" names the General Secretariat, not France.
_INTERPOL_SEATS = {"lyon"}
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
# French and Spanish participles of arresting or handing over: "extradé par l'Espagne", "la police
# italienne a arrêté" name the requested state.
_ROMANCE_HANDED = {"extradé", "extradée", "remis", "remise", "livré", "livrée", "arrêté", "arrêtée", "interpellé",
                   "interpellée", "détenu", "détenue", "detenido", "detenida"}
_HANDED = {"handed", "extradited", "surrendered", "deported", "returned", "expelled", "transferred", "sent",
           "expulsé", "expulsée", "extraditado", "extraditada", "entregado", "entregada", "expulsado",
           "expulsada"} | _ROMANCE_HANDED
_ACTED_NEXT = {"asked", "requested", "sought", "issued", "charged", "accused", "demanded", "wanted",
               "convicted", "sentenced", "filed", "opened", "indicted", "placed", "put", "renewed"}
# French and Spanish articles, dropped before a state name like "the": "vers l'Algérie", "la Turquie".
_ROMANCE_ARTICLES = {"l'", "l’", "la", "le", "les", "el", "los", "las"}
# "the extradition to X" in French and Portuguese: "l'extradition vers l'Algérie", "extradição para o Brasil".
_TO_ROMANCE = {"vers", "para"}
# A state's body named right before its adjective in French and Spanish: "la justice algérienne",
# "le parquet turc", "la fiscalía boliviana", "las autoridades chinas".
_BODY_BEFORE = {"justice", "justicia", "parquet", "audiencia", "procureur", "procureurs", "fiscalía", "fiscal", "fiscales",
                "tribunal", "tribunaux", "tribunales", "juge", "juges", "juez", "jueces", "autorités", "autoridades",
                "gouvernement", "gobierno", "régime", "régimen", "police", "policía", "policia"}
# "le Tribunal suprême espagnol", "la Audiencia Nacional española": an adjective between body and state.
_BODY_ADJECTIVES = {"suprême", "supremo", "suprema", "supérieur", "national", "nacional", "militaire", "militar",
                    "fédéral", "federal", "constitutionnel", "constitucional", "pénal", "penal", "général", "general"}
# ... unless that body arrests, refuses or hands over: "la police italienne a arrêté", "el gobierno
# español aprobó la extradición": then it is the requested state's.
_ROMANCE_REQUESTED = {"arrête", "refusé", "refuse", "rejeté", "rejette", "autorisé", "autorise", "detuvo", "arrestó",
                      "rechazó", "rechaza", "aprobó", "aprueba", "extraditó", "entregó", "negó",
                      "deniega"} | _ROMANCE_HANDED
# "Alger le poursuit", "Ankara réclame son extradition": a state that prosecutes or claims, in French
# or Spanish. "accuse" is also English ("officials in Canada accuse him"): only after a French pronoun.
_ROMANCE_ACTS = {"poursuit", "poursuivent", "réclame", "réclament", "recherche", "recherchent", "condamne",
                 "exige", "exigent", "reclama", "reclaman", "acusa", "acusan", "persigue", "persiguen", "busca",
                 "buscan"}
_FRENCH_OBJECT_PRONOUNS = {"le", "la", "l'", "l’", "les", "lui"}
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


def _returned_before(left: list[str]) -> bool:
    """A return word ("extradited", "handed", "deported") shortly before, in the same clause:
    "extradited a British man to [X]", "handed over to [X]"."""
    for w in reversed(left[-6:-1]):
        if w in _RETURN_WORDS:
            return True
        if w in {",", ";", ":", "(", ")"} or w in _STAY_WORDS:
            return False
    return False


def _country_score(span: Span, context: tuple[list[str], list[str]] | None = None) -> float:
    left, right = context or window(span.doc, span.start, span.end, 6, 6)
    if span.text.lower() in _INTERPOL_SEATS:
        return 0.0
    if right[:2] == ["-", "born"] or right[:1] == ["-born"]:  # "a Jordanian-born blogger": origin only
        return 0.0
    # "asylum to a Belarusian journalist": after "a"/"an" the state describes a person, not a place
    modifier = bool(left) and left[-1] in {"a", "an"}
    body = left[-1:] if left[-1:] and left[-1] not in _BODY_ADJECTIVES else left[-2:-1]  # before any stripping
    while left and left[-1] in {"the", "a", "an", "of"} | _ROMANCE_ARTICLES \
            and not (len(left) > 1 and (left[-2], left[-1]) in _BY_CUES):
        left = left[:-1]
    score = 1.0
    cue = False
    protected = not modifier and any(w in _PROTECTION for w in left[-4:])
    if left and left[-1] in {"by", "par", "por"} and any(w in _HANDED for w in left[-4:-1]):
        score -= 2
    elif len(left) >= 2 and (left[-2], left[-1]) in _BY_CUES and not protected:
        score += 4
        cue = True
    elif left and left[-1] in {"by", "par"} and not protected:
        score += 2
        cue = True
    if left and left[-1] in {"to", "a"} | _TO_ROMANCE and _returned_before(left):
        if len(left) >= 2 and left[-1] == "to" and left[-2] in _ASKED_TO:
            score -= 2
        else:
            score += 4
            cue = True
    if any(w in {"issuing", "requesting", "request", "requested"} for w in left[-3:]) and ":" in left[-2:]:
        score += 4
        cue = True
    if right and right[0] in _STATE_NEXT and right[:2] not in (["charge", "d'"], ["charge", "d’"]):  # "chargé d'affaires"
        possessive = right[0] in {"'s", "’s"}
        if (right[0] in _REQUEST_NEXT and not possessive) or right[:2] == ["extradition", "request"] or (
                possessive and right[1:2] and right[1] in _REQUEST_NEXT | {"extradition", "interior"}):
            score += 3
            if left and left[-1] in {"on", "under", "upon", "via", "through"}:  # "detained on a Russian notice"
                score += 1.5
        elif any(w in _REFUSAL for w in right):
            score -= 3
        elif any(w in _DECIDES for w in right) and any(w in _SURRENDER_WORDS for w in right):
            score -= 2  # "Spain's National Court has approved the extradition": the requested state decides
        else:
            score += 3 if possessive else 2.5
    elif len(right) >= 2 and right[0] in {"has", "had", "have"} and right[1] in _ACTED_NEXT:
        score += 3
    elif (right[:1] and right[0] in _SURRENDER_VERBS) or (
            len(right) >= 2 and right[0] in {"to", "has", "had", "have", "would", "will", "could", "should"}
            and (right[1] in _SURRENDER_VERBS
                 or (right[1] in {"not", "never", "n't"} and right[2:3] and right[2] in _SURRENDER_VERBS))):
        score -= 2  # "asked Sweden to extradite him", "Spain extradited him": the requested state
    elif right[:1] == ["police"] and any(w in _STAY_WORDS for w in right[1:5]):
        score -= 1
    elif right[:1] and right[0] in {"national", "citizen", "nationals", "citizens", "passport", "asylum",
                                    "citizenship", "residence", "refugee", "protection"}:
        score -= 0.5
    # "la justice algérienne", "el gobierno chino": a lower-case adjective, not a name ("Police Scotland")
    if body and body[0] in _BODY_BEFORE and not modifier and span.text[:1].islower():
        clause = list(takewhile(lambda w: w not in {",", ";", ".", ":", "(", ")"}, right))
        # "la police italienne a arrêté ...", "arrêté par la police espagnole": the requested state's body
        if any(w in _ROMANCE_REQUESTED for w in clause[:3]) or any(w in _HANDED for w in left[-5:]):
            score -= 2
        else:
            score += 2.5
            cue = True
    if right[:1] and right[0] in _FRENCH_OBJECT_PRONOUNS:
        acted = right[1:2] and right[1] in _ROMANCE_ACTS | {"accuse", "accusent"}
    else:
        acted = right[:1] and right[0] in _ROMANCE_ACTS
    if acted:  # "Alger le poursuit", "Ankara réclame son extradition"
        score += 3
        cue = True
    if left and left[-1] == "for" and right[:1] and right[0] in {"ncb", "interpol"}:
        score -= 2  # "summary for the Dutch NCB": the office the file is addressed to
    if protected:
        score -= 2
    if left and left[-1] in {"code", "cc", "penal", "law"}:  # "Criminal Code of the Republic of X"
        score += 3
        cue = True
    if len(left) >= 2 and left[-1] == "in" and left[-2] in _PROSECUTING_BODY:
        # "wanted by a court in X", "prosecutors in X say": the body that prosecutes sits there
        if any(w in {"by", "wanted", "sought", "charged", "convicted"} for w in left[-6:-2]):
            score += 4
            cue = True
        elif left[-2] in {"prosecutors", "prosecutor", "prosecution", "investigators"}:
            score += 2
            cue = True
    if not cue and left and left[-1] in _PLACE_BEFORE and not any(w in _RETURN_WORDS for w in left[-4:]):
        score -= 1.5
        if any(w in _STAY_WORDS for w in left[-4:]):
            score -= 1.5
    elif not cue and not modifier and len(left) >= 2 and left[-1] in _GO_TO and left[-2] in _STAY_WORDS:
        score -= 2.5
    elif not cue and left and left[-1] == "from" and any(w in _RETURN_WORDS for w in left[-4:-1]):
        score -= 2  # "extradited from Spain", "sent back from Cambodia": the requested state
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
    if span.start == 0 and span.text.isupper() and nxt in {"—", "–", ",", "-"} and not is_country_name(span.text):
        return 0.0  # a news dateline city
    return 3.0


_WEIGHTS_FILE = "country_weights.tsv"


@lru_cache(maxsize=1)
def _country_weights() -> dict[str, float]:
    """Learned corrections to the cue score of a country mention, by context feature.

    Fitted on the gold train split by ``scripts/fit_country_weights.py``; a plain TSV, no pickle.
    An absent file leaves the hand-written cues alone.
    """
    if not _package_files.files(__package__).joinpath("data", _WEIGHTS_FILE).is_file():
        return {}
    return {"\t".join(row[:-1]): float(row[-1]) for row in _rows(_WEIGHTS_FILE)}


_KINDS = ("form", "l1", "l2", "r1", "r2", "lb", "rb", "flag")


@lru_cache(maxsize=1)
def _weight_tables() -> tuple[dict[str, float], ...] | None:
    """The learned weights split by feature kind (in ``_KINDS`` order), keyed by the bare value."""
    weights = _country_weights()
    if not weights:
        return None
    tables: dict[str, dict[str, float]] = {kind: {} for kind in _KINDS}
    for feature, value in weights.items():
        kind, _, key = feature.partition(":")
        if kind in tables:
            tables[kind][key] = value
    return tuple(tables[kind] for kind in _KINDS)


@lru_cache(maxsize=4096)
def _form(text: str) -> str:
    return "name" if is_country_name(text) else "alias"


def _mention_features(span: Span, left: list[str], right: list[str], first: bool, header: bool) -> list[str]:
    """Context features of one country mention: neighbouring words, its form and its place.

    The names the fitting script learns weights for; ``_learned_score`` sums the same weights.
    """
    l1 = left[-1] if left else "<s>"
    l2 = left[-2] if len(left) > 1 else "<s>"
    r1 = right[0] if right else "</s>"
    r2 = right[1] if len(right) > 1 else "</s>"
    feats = [f"form:{_form(span.text)}", f"l1:{l1}", f"l2:{l2}_{l1}", f"r1:{r1}", f"r2:{r1}_{r2}"]
    feats += [f"lb:{w}" for w in set(left[-5:])]
    feats += [f"rb:{w}" for w in set(right[:5])]
    if first:
        feats.append("flag:first")
    if header:
        feats.append("flag:header")
    return feats


def _learned_score(span: Span, left: list[str], right: list[str], first: bool, header: bool) -> float:
    """Sum of the learned weights of ``_mention_features`` without building the feature names."""
    tables = _weight_tables()
    if tables is None:
        return 0.0
    form, t_l1, t_l2, t_r1, t_r2, lb, rb, flags = tables
    l1 = left[-1] if left else "<s>"
    l2 = left[-2] if len(left) > 1 else "<s>"
    r1 = right[0] if right else "</s>"
    r2 = right[1] if len(right) > 1 else "</s>"
    score = form.get(_form(span.text), 0.0) + t_l1.get(l1, 0.0) + t_r1.get(r1, 0.0)
    score += t_l2.get(f"{l2}_{l1}", 0.0) + t_r2.get(f"{r1}_{r2}", 0.0)
    for w in set(left[-5:]):
        score += lb.get(w, 0.0)
    for w in set(right[:5]):
        score += rb.get(w, 0.0)
    if first:
        score += flags.get("first", 0.0)
    if header:
        score += flags.get("header", 0.0)
    return score


def _mention_scores(ordered: list[Span], features: bool = False) -> list[tuple[float, list[str]]]:
    """(cue score, learned score or feature names) per mention, mentions in text order."""
    out = []
    for i, span in enumerate(ordered):
        left, right = window(span.doc, span.start, span.end, 6, 6)
        bonus = _header_bonus(span) if i == 0 else 0.0
        score = _country_score(span, (left, right)) + bonus
        if features:
            out.append((score, _mention_features(span, left, right, i == 0, bonus > 0)))
        else:
            out.append((score, _learned_score(span, left, right, i == 0, bonus > 0)))
    return out


def _is_region(span: Span) -> bool:
    """"South America", "Latin American", "Lake Chad": a region or feature named after a state."""
    i = span.start - 1
    if i > 0 and span.doc[i].text == "-":  # "Inter-American"
        i -= 1
    if i < 0 or not span.doc[i].text[:1].isupper():
        return False
    word = span.doc[i].lower_
    return word == "lake" or (word in _REGION_BEFORE and span.text.lower().startswith("americ"))


def requesting_country(country_spans: list[Span], votes: dict[str, float] | None = None) -> str | None:
    """The state that requested the notice or prosecutes the subject, from context cues."""
    candidates = {span.kb_id_ for span in country_spans} | set(votes or ())
    if len(candidates) <= 1:  # one state named (or none): no scoring can change the answer
        return next(iter(candidates), None)
    totals: dict[str, float] = defaultdict(float, votes or {})
    first: dict[str, int] = {}
    ordered = sorted(country_spans, key=lambda s: s.start)
    for span, (score, learned) in zip(ordered, _mention_scores(ordered), strict=True):
        code = span.kb_id_
        totals[code] += score + learned
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
    countries = [s for s in countries if not _is_region(s)]
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
            sub = article_subdivision(span, number)
            norm = (sub and articles.get((code or "", sub))) or articles.get((code or "", number)) \
                or articles.get((code or "", number.split(".")[0]))
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
    roles = sorted({m.norm for m in mentions if m.label == "ROLE" and m.norm and not m.negated}) \
        or conduct_roles(mentions) or ["none"]
    charges = religious_speech(charges, roles)
    roles = founder_of_business(mentions, charges, roles)
    entities = tuple(
        EntityMention(m.text, m.label, m.start, m.end, m.norm, m.negated)
        for m in mentions if m.label in REPORTED_LABELS
    )
    extraction = Extraction(id=doc_id, requesting_country=requesting, charge_categories=tuple(charges),
                            roles=tuple(roles), entities=entities, warning=warning)
    return Analysis(extraction=extraction, mentions=tuple(mentions))


def article_subdivision(span: Span, number: str) -> str | None:
    """'Art. 361-1', 'Art. 307(3)', 'Art. 155-3': the numbered sub-article as '361.1', read from the
    tokens right after the reference (the article pattern stops at the hyphen or the bracket)."""
    if "." in number:
        return None
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i - 1].whitespace_:
        return None
    first, second = doc[i].text, doc[i + 1].text
    if first in {"-", "–", "("} and second.isdigit() and len(second) <= 2 and not doc[i].whitespace_:
        if first == "(" and not (i + 2 < len(doc) and doc[i + 2].text == ")"):
            return None
        return f"{number}.{second}"
    return None


_CONDUCT_NOUNS = SPEECH_NOUNS | PROTEST_NOUNS


def conduct_roles(mentions: list[Mention]) -> list[str]:
    """A subject charged over their own posts, speeches or protests is an activist when the text
    names no other role for them ("charged over a poem", "for organising a march")."""
    for m in mentions:
        if m.label == "CHARGE" and not m.negated and m.text.lower() in _CONDUCT_NOUNS:
            return ["activist"]
    return []


_SPEECH_CHARGES = {"political_speech", "public_order", "extremism"}


def religious_speech(charges: list[str], roles: list[str]) -> list[str]:
    """A cleric, imam or pastor prosecuted for speech, assembly or 'extremism' is prosecuted for a
    religious activity: the charges are religious as well ("a bishop sentenced for 'false news'")."""
    if "religious_figure" in roles and "religious" not in charges and _SPEECH_CHARGES & set(charges):
        return sorted([*charges, "religious"])
    return charges


_FOUNDER = {"founder", "co-founder"}


def founder_of_business(mentions: list[Mention], charges: list[str], roles: list[str]) -> list[str]:
    """'founder of Megaupload', 'co-founder of Terraform Labs' charged with fraud: the founder of an
    enterprise the charges are about is a businessperson, even when the name does not say 'company'."""
    if "businessperson" in roles or not {"financial", "cyber"} & set(charges):
        return roles
    if any(m.label == "ROLE" and m.text.lower() in _FOUNDER for m in mentions):
        return sorted({*roles, "businessperson"} - {"none"})
    return roles
