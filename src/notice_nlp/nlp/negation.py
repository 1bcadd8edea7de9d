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


def _window(span: Span, before: int, after: int) -> tuple[list[str], list[str]]:
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    left = [t.lower_ for t in span.doc[max(sent.start, span.start - before): span.start]]
    right = [t.lower_ for t in span.doc[span.end: min(sent.end, span.end + after)]]
    return left, right


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


def role_applies(span: Span) -> bool:
    """True when a role noun plausibly describes the subject rather than another person."""
    left, right = _window(span, 3, 3)
    if span.text.lower().endswith("s") and not span.text.lower().endswith(("ss", "ous")):
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
