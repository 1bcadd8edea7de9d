"""Negation and irrelevant use of cue words, decided from the tokens around a mention.

"He is not a journalist", "the robbery at a refugee camp", "his asylum claim was rejected": the
cue word is present but says nothing about the subject. Rules are small and local on purpose: the
sentence around the mention, a few tokens either side.
"""

from __future__ import annotations

from spacy.tokens import Span

NEGATORS = {"not", "no", "never", "n't", "neither", "nor", "without", "non", "nothing", "none",
            "denies", "denied", "deny", "nunca", "ni", "ne", "jamais", "pas", "sin", "sans"}
# Words after a STATUS cue that make it a place or an institution, not the subject's status.
STATUS_NOT_SUBJECT_NEXT = {"camp", "camps", "crisis", "agency", "council", "convention", "law",
                           "laws", "policy", "office", "commissioner", "centre", "center",
                           "settlement", "flows", "influx", "organisation", "organization",
                           "charity", "charities", "rights", "system", "shelter", "hostel"}
STATUS_LOST = {"rejected", "refused", "denied", "revoked", "withdrawn", "withdrew", "stripped",
               "cancelled", "canceled", "excluded", "exclusion", "lost", "ended", "terminated",
               "annulled", "dismissed", "declined", "failed", "refusal", "rejection", "revocation",
               "withdrawal", "unsuccessful"}
# Words that make a ROLE noun somebody other than the subject (victim, counsel, commentator).
ROLE_OTHER_BEFORE = {"his", "her", "their", "its", "victim", "victims", "killing", "killed",
                     "murder", "murdered", "murdering", "kill", "attack", "attacked", "assault",
                     "assaulted", "kidnapping", "kidnapped", "abducted", "abduction", "robbed",
                     "shot", "stabbed", "beat", "beaten", "threatened", "against", "targeting",
                     "told", "according", "interviewed", "harmed", "injured", "extorted",
                     "defrauded", "raped", "whose", "by"}
ROLE_OTHER_AFTER = {"said", "says", "told", "argued", "argues", "added", "noted", "stated",
                    "representing", "representative", "for", "who", "was", "were", "killed",
                    "died", "victim"}
VICTIM_WORDS = {"victim", "victims", "killed", "murdered", "died", "injured", "kidnapped",
                "abducted", "robbed", "assaulted", "attacked", "harmed", "beaten", "shot"}


def window(doc, start: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    """Lower-cased tokens up to ``before``/``after`` either side of doc[start:end], within its sentence.

    Walks only the few tokens asked for: ``span.sent`` would build every token of the sentence.
    """
    left: list[str] = []
    i = start - 1
    if start < len(doc) and doc[start].is_sent_start:
        i = -1
    while i >= 0 and len(left) < before:
        token = doc[i]
        left.append(token.lower_)
        if token.is_sent_start:
            break
        i -= 1
    left.reverse()
    right: list[str] = []
    j = end
    n = len(doc)
    while j < n and len(right) < after:
        token = doc[j]
        if token.is_sent_start and j != 0:
            break
        right.append(token.lower_)
        j += 1
    return left, right


def _window(span: Span, before: int, after: int) -> tuple[list[str], list[str]]:
    return window(span.doc, span.start, span.end, before, after)


def is_negated(span: Span) -> bool:
    """A negator in the few tokens before the cue, inside the same sentence."""
    left, _ = _window(span, 4, 0)
    return any(word in NEGATORS for word in left)


def status_applies(span: Span) -> bool:
    """True when a refugee/asylum/protection cue states the subject's own status."""
    left, right = _window(span, 5, 7)
    if right and right[0] in STATUS_NOT_SUBJECT_NEXT:
        return False
    if left and left[-1] in {"at", "in", "near", "from", "into"} and right[:1] and right[0] in STATUS_NOT_SUBJECT_NEXT:
        return False
    if any(word in STATUS_LOST for word in left + right):
        return False
    if span.text.lower().endswith("s") and span.text.lower() in {"refugees", "asylum seekers"}:
        return False
    if any(word in VICTIM_WORDS for word in right[:4]) or "victims" in left:
        return False
    return not is_negated(span)


# Lawyers in a case are mostly counsel; a lawyer is the subject only when introduced as one.
LAWYER_INTRO = {",", "is", "was", "as", "—", "-", "(", "a", "an", "prominent", "well-known", "practising",
                "veteran", "human", "rights", "former"}


def role_applies(span: Span) -> bool:
    """True when a role noun plausibly describes the subject rather than another person."""
    left, right = _window(span, 3, 3)
    if span.kb_id_ == "lawyer" and len(span) == 1:
        if not left or left[-1] not in {"a", "an", "prominent", "well-known", "practising", "veteran", "former"}:
            return False
        if len(left) >= 2 and left[-2] not in LAWYER_INTRO and left[-2] not in {"and", "who"}:
            return False
    if span.text.lower().endswith("s") and not span.text.lower().endswith(("ss", "ous", "ics", "ws")) \
            and span.kb_id_ not in {"human_rights_defender"}:
        return False  # plural role nouns name other people: "journalists", "activists"
    if any(word in ROLE_OTHER_BEFORE for word in left[-2:]):
        return False
    if right and right[0] in ROLE_OTHER_AFTER and right[0] not in {"who", "was", "were", "for"}:
        return False
    if right[:2] in (["for", "the"], ["for", "him"], ["for", "her"]) or right[:1] == ["representing"]:
        return False
    if right[:1] in (["was"], ["were"]) and any(w in VICTIM_WORDS for w in right[1:4]):
        return False
    return not is_negated(span)


# Words before a charge word that make it a topic or an institution, not the subject's charge:
# "anti-corruption foundation", "reporting about corruption", "counter-terrorism court".
CHARGE_TOPIC_BEFORE = {"anti", "counter", "about", "exposing", "exposed", "expose", "exposé", "against",
                       "fighting", "fight", "combat", "combating", "combatting", "investigating",
                       "reporting", "denounced", "denouncing", "uncovering", "uncovered", "documenting",
                       "documented", "revealing", "revealed", "criticising", "criticizing", "criticised",
                       "criticized", "alleging", "highlighting", "condemned", "condemning", "survived",
                       "witnessed", "witness", "victims", "victim", "tackling", "tackle", "campaigned",
                       "campaigning", "reported", "writing", "wrote", "covered", "covering", "probing",
                       "risk", "faces", "faced", "facing", "fear", "fears", "feared", "under", "suffered",
                       "subjected", "alleged", "claims", "claimed", "extracted", "bribes", "falsely"}
CHARGE_TOPIC_AFTER = {"court", "courts", "chamber", "unit", "agency", "bureau", "police", "department",
                      "prosecutor", "prosecutors", "office", "squad", "commission", "foundation", "watchdog",
                      "investigators", "tribunal", "law", "laws", "legislation", "campaign", "campaigns",
                      "activist", "activists", "researcher", "reporting", "investigations", "investigation",
                      "survivor", "survivors", "victim", "victims", "allegations"}


def charge_applies(span: Span) -> bool:
    """True when a charge phrase names an offence the subject is accused of, not a topic or a court."""
    left, right = _window(span, 4, 2)
    if left and left[-1] == "-" and len(left) > 1 and left[-2] in {"anti", "counter"}:
        return False
    if left and left[-1] in CHARGE_TOPIC_BEFORE and left[-1] not in {"alleged", "under"}:
        return False
    if len(left) >= 2 and left[-1] in {"on", "into", "of"} and left[-2] in CHARGE_TOPIC_BEFORE - {"alleged", "under", "faces", "faced", "facing", "victims", "victim"}:
        return False  # "reported on corruption", "investigating into fraud"
    if left[-2:] in (["under", "torture"],) or (left and left[-1] == "under" and span.text.lower() in {"torture", "duress"}):
        return False
    if right and right[0] in CHARGE_TOPIC_AFTER and right[0] not in {"law", "laws"}:
        return False
    return not is_negated(span)
