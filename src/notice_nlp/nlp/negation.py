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


# Organisation nouns that give a role only through a membership word before them: "leader of the
# Erk party", "a senior member of the banned Islamic Renaissance Party", "founder of a movement".
ORG_ROLE_HEADS = {"party", "movement", "front", "coalition", "bloc", "opposition", "legislative council"}
MEMBER_WORDS = {"leader", "co-leader", "member", "ex-member", "founder", "co-founder", "chairman", "chairwoman", "chair",
                "head", "secretary-general", "general-secretary", "president", "vice-president", "cadre",
                "spokesman", "spokeswoman", "spokesperson", "co-chair", "deputy", "candidate", "founded",
                "co-founded", "leads", "led", "leading", "heads", "headed", "chairs", "coordinator",
                "organiser", "organizer", "convener", "militant", "figure", "joined"}
ORG_NOT_OPPOSITION = {"ruling", "governing", "rival", "pro-government", "pro-kremlin", "own", "any", "no",
                      "communist", "nazi", "guerrilla", "armed", "youth", "wing"}


def org_role_applies(span: Span) -> bool:
    """A party/movement noun names the subject's role only after a membership word, in one phrase."""
    left, right = _window(span, 8, 2)
    if right[:1] and right[0] in {"'s", "’s", "supporters", "members", "activists", "officials"}:
        return False
    if span.text.lower() == "movement" and "opposition" in left:
        return False  # "founder of the opposition movement": the opposition phrase names the role
    for i in range(len(left) - 1, -1, -1):
        word = left[i]
        if word in {",", ";", ":", "(", ")", "and", "—", "which", "that", "whose", "by", "against", "to"}:
            return False
        if word in ORG_NOT_OPPOSITION:
            return False
        if word in MEMBER_WORDS:
            before = left[max(0, i - 3):i]
            if before[-1:] in (["his"], ["her"], ["their"], ["its"]):
                return False
            return not any(w in NEGATORS for w in before)
    return False


# Office nouns that make the subject a former official only with "former" in the same phrase:
# "former Israeli energy minister", "ex-head of the customs service".
FORMER_HEADS = {"minister", "president", "governor", "mayor", "ambassador", "premier", "prime minister",
                "chairman", "official", "representative", "judge", "prosecutor", "commissioner", "spokesman",
                "spokesperson", "spokeswoman", "head", "clerk", "attorney general", "vice-chairman",
                "police commissioner", "procurement manager", "deputy", "minister of"}
FORMER_WORDS = {"former", "ex", "ex-", "onetime", "one-time", "ousted", "deposed", "toppled", "sacked",
                "dismissed", "exiled", "retired", "suspended", "served", "then", "appointed"}


FORMER_AFTER = {"from", "until", "between", "under", "in", "driven", "ousted", "removed", "toppled"}


def _held_office_after(right: list[str]) -> bool:
    """'president from 2009 to 2014', 'President of Ukraine 2010-2014', 'minister under Pérez Molina'."""
    for k, word in enumerate(right):
        if word[:2] in {"19", "20"} and len(word) >= 4 and word[:4].isdigit():
            return k > 0 and (right[k - 1] in {"from", "between", "until", "in"} or "-" in word or "–" in word
                              or (k + 1 < len(right) and right[k + 1] in {"-", "–", "to"}))
        if word in {",", ";", ".", "who", "which", "and"}:
            return False
    return right[:1] == ["under"] or right[:3] == ["driven", "from", "power"]


def former_head_applies(span: Span) -> bool:
    left, right = _window(span, 4, 6)
    if right[:1] and right[0] in {"'s", "’s", "who", "said", "says", "told"}:
        return False
    if _held_office_after(right) and not any(w in RELATION_BEFORE for w in left):
        return True
    for i in range(len(left) - 1, -1, -1):
        word = left[i]
        if word in {",", ";", ":", "(", ")", "and", "—", "of", "by", "to", "his", "her", "their", "its", "whose"}:
            return False
        if word in FORMER_WORDS:
            return not any(w in NEGATORS for w in left[:i])
    return False


# A role noun a few words after a killing or an attack names the victim: "accused of stabbing a local
# radio presenter", "the 2021 murder of Karim Abi Saab, a publisher".
KILL_BEFORE = {"murder", "murders", "murdering", "murdered", "killing", "killed", "kill", "assassination",
               "assassinating", "assassinated", "stabbing", "stabbed", "strangled", "strangling", "shooting",
               "shot", "beating", "beat", "abducting", "abduct", "abducted", "abduction", "kidnapping",
               "kidnapped", "robbing", "robbed", "attacking", "attacked", "torturing", "tortured",
               "threatening", "threatened", "extorting", "extorted", "defrauding", "defrauded", "bribing",
               "bribed", "injuring", "injured", "wounding", "wounded", "raping", "raped", "disappearance"}
# Relatives and associates: "her brother, a barangay councillor", "a follower of the cleric".
RELATION_BEFORE = {"son", "daughter", "brother", "sister", "wife", "husband", "father", "mother", "relative",
                   "cousin", "nephew", "niece", "uncle", "aunt", "widow", "follower", "followers", "ally",
                   "associate", "colleague", "colleagues", "employer", "friend", "partner", "brother-in-law",
                   "son-in-law", "father-in-law", "supporter", "supporters", "aide", "bodyguard", "driver",
                   "co-presenter", "successor", "predecessor", "rival", "fiancé", "fiancée", "girlfriend",
                   "boyfriend", "stepson", "stepfather", "parents", "children",
                   # backing or meeting somebody else: "bankrolled an opposition party", "met a senior cleric"
                   "bankrolled", "funded", "financed", "supported", "support", "backed", "donated", "donating",
                   "funding", "financing", "backing", "met", "meet", "meeting", "interviewed", "criticised",
                   "criticized", "criticising", "criticizing", "mocking", "mocked", "insulting", "insulted",
                   # another person's time in office: "under former president Zuma", "the fall of President X"
                   "under", "fall", "removed", "overthrew", "overthrow", "ousting", "toppling", "daughter-in-law"}
# The subject's own claim is not a role: "describing himself as a 'financial reporter'",
# "has not claimed to be a dissident", "posed as a journalist".
SELF_CLAIM = {"himself", "herself", "themselves", "claimed", "claims", "claim", "claiming", "posed", "posing",
              "pretended", "pretending", "self-described", "self-styled", "self-proclaimed", "argument",
              "insists", "insisted", "argued", "argues", "contends", "contended", "maintains"}
# A role noun after "leaked to a", "complaint from a", "contacts with a" is the other party.
TO_OTHER = {"to", "from", "with"}
DETERMINERS = {"a", "an", "the"}
_SUBJECT_BREAK = {".", ";", "he", "she", "they", "who", "suspect", "accused", "subject", "defendant"}


def other_person_context(span: Span) -> bool:
    """False when the words just before a role noun make it a victim, a relative or a counterpart."""
    left, _ = _window(span, 9, 0)
    if any(w in SELF_CLAIM for w in left[-5:]) or "any" in left[-2:]:
        return False
    for i in range(len(left) - 1, -1, -1):
        word = left[i]
        if word in _SUBJECT_BREAK:
            break
        if word in KILL_BEFORE:
            return False
        if word in RELATION_BEFORE and len(left) - i <= 4:
            return False
    if len(left) >= 2 and left[-2] in TO_OTHER and left[-1] in DETERMINERS:
        return False
    if len(left) >= 3 and left[-3] in TO_OTHER and left[-2] in DETERMINERS:
        return False
    return True


BUSINESS_NOT_ORG = {"party", "movement", "front", "coalition", "ngo", "organisation", "organization",
                    "association", "church", "union", "confederation", "foundation", "campaign", "charity",
                    "rights", "opposition", "orphanage", "school", "university", "hospital", "ministry",
                    "website", "channel", "newspaper", "outlet", "magazine", "group's", "network", "institute",
                    "centre", "center", "committee", "council", "league", "syndicate", "army", "brigade",
                    "militia", "cell", "gang", "cartel"}


STATE_OWNED = {"state-owned", "state-run", "government-owned", "state", "municipal", "provincial", "public"}


def business_is_other_org(span: Span) -> bool:
    """'chairman of the Islamic Renaissance Party', 'co-founder of the rights group': not a business;
    'former chief executive of a state-owned energy company': an official's post, not a business."""
    left, right = _window(span, 3, 6)
    if any(w in {"state-owned", "state-run", "government-owned"} for w in left):
        return True
    for word in right:
        if word in {",", ";", ".", "(", ")", "—", "and", "who", "which"}:
            break
        if word in BUSINESS_NOT_ORG or word in STATE_OWNED:
            return True
    return False


# Plural objects of a described act ("organised protests", "propaganda leaflets") are not plural people.
PLURAL_OBJECTS = {"protests", "elections", "leaflets", "rallies", "demonstrations", "strikes", "vigils",
                  "rights", "affairs", "news", "politics", "companies", "businesses", "firms", "articles",
                  "programmes", "websites", "channels", "shops", "restaurants", "hotels", "factories", "activities"}


def _describes_acts(span: Span) -> bool:
    if len(span) < 2:
        return False
    if span[-1].lower_ in PLURAL_OBJECTS:
        return True
    return any(t.lower_.endswith(("ed", "ing")) for t in span[:-1])


BUSINESS_WORDS = {"company", "companies", "firm", "exchange", "platform", "bank", "group", "fund", "app",
                  "retailer", "airline", "corporation", "holding", "holdings", "capital", "brand", "chain",
                  "startup", "start-up", "business", "businesses", "agency", "ltd", "llc", "inc", "plc", "jsc",
                  "bv", "sa", "gmbh", "cooperative", "scheme", "investment", "investments", "lender", "network",
                  "marketplace", "casino", "club", "pyramid", "project", "developer", "trading"}


def founded_a_business(span: Span) -> bool:
    """'founder of the Thodex cryptocurrency exchange', not 'founder of Aware Girls'."""
    left, right = _window(span, 3, 7)
    for k, word in enumerate(right):
        if word in {",", ";", ".", "(", ")", "—", "which", "who"}:
            right = right[:k]
            break
    return any(w in BUSINESS_WORDS for w in left + right)


# Words before "lawyer" that make it somebody's counsel: "the state-appointed lawyer", "the defence lawyer".
COUNSEL_BEFORE = {"defence", "defense", "state-appointed", "court-appointed", "appointed", "own", "family",
                  "prosecution", "government", "state", "victim's", "victims'", "duty", "new", "other",
                  "second", "third", "their", "his", "her", "its"}
_APPOSITION_END = {",", ".", ";", "and", "who", "of", "representing", "defending", "known", "(", "—", "with"}


def lawyer_introduced(span: Span, left: list[str], right: list[str]) -> bool:
    """A lawyer is the subject only when introduced as one: "a lawyer who defended protesters",
    "KOMAN, Veronica, lawyer.", "the New York lawyer who leads", "a commercial lawyer"."""
    if left and left[-1] in {"a", "an", "prominent", "well-known", "practising", "veteran", "former"}:
        return len(left) < 2 or left[-2] in LAWYER_INTRO or left[-2] in {"and", "who"}
    if left and left[-1] == "," and right[:1] and right[0] in _APPOSITION_END and span.start >= 2:
        before = span.doc[span.start - 2]
        return before.is_digit or (before.text[:1].isupper() and before.lower_ not in {"his", "her"})
    if len(left) >= 2 and left[-2] in {"a", "an", "the"} and left[-1] not in COUNSEL_BEFORE \
            and right[:1] and right[0] in _APPOSITION_END | {"who"}:
        counsel = any(w in {"by", "said", "says", "with", "hired", "retained", "told", "to"} for w in left[-4:])
        acting = right[1:2] and right[1] in {"represents", "represented", "representing", "acting", "for", "said"}
        return not counsel and not acting
    return False


PROCEEDINGS = {"notice", "notices", "warrant", "warrants", "request", "requests", "case", "charges", "proceedings",
               "indictment", "diffusion", "complaint", "accusations", "prosecution"}


def _proceedings_against(span: Span, left: list[str]) -> bool:
    """'a Red Notice against the former chairman': the person proceeded against is the subject."""
    if "against" not in left[-2:]:
        return False
    wider, _ = _window(span, 5, 0)
    return any(w in PROCEEDINGS for w in wider) and not any(w in ROLE_OTHER_BEFORE - {"against"} for w in left[-2:])


def role_applies(span: Span) -> bool:
    """True when a role noun plausibly describes the subject rather than another person."""
    text = span.text.lower()
    if text in ORG_ROLE_HEADS:  # the specific test first: most bare nouns fail it cheaply
        return org_role_applies(span) and other_person_context(span)
    if span.kb_id_ == "former_official" and text in FORMER_HEADS:
        return former_head_applies(span) and other_person_context(span)
    if not other_person_context(span):
        return False
    left, right = _window(span, 3, 3)
    if span.kb_id_ == "businessperson" and business_is_other_org(span):
        return False
    if right[:1] and right[0] in {"'s", "’s"} and left[-1:] == ["the"]:
        return False  # "the rector's resignation", "the reporter's office": somebody else's
    if span.text.lower() in {"founder", "co-founder"} and not founded_a_business(span):
        return False
    if span.kb_id_ == "lawyer" and len(span) == 1 and not lawyer_introduced(span, left, right):
        return False
    if span.text.lower().endswith("s") and not span.text.lower().endswith(("ss", "ous", "ics", "ws")) \
            and span.kb_id_ not in {"human_rights_defender"} and not _describes_acts(span):
        return False  # plural role nouns name other people: "journalists", "activists"
    if any(word in ROLE_OTHER_BEFORE for word in left[-2:]) and not _proceedings_against(span, left):
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
                      "survivor", "survivors", "victim", "victims", "allegations", "video", "exercise"}


# "who was shot dead", "survived a shooting", "labelled a 'terrorist'": an event or a label, not a charge.
PASSIVE_BEFORE = {"was", "were", "been", "being", "is", "are", "got", "get"}
SURVIVED = {"survived", "surviving", "survivor", "survivors", "escaped"}
LABELLED = {"labelled", "labeled", "branded", "designated", "dubbed", "named", "called", "calls", "listed"}


# A protest noun is a public-order charge only as the subject's own act: "organising a march",
# "took part in the rally", "calls for nationwide protests", "leading a university occupation".
PROTEST_NOUNS = {"protest", "protests", "rally", "rallies", "march", "marches", "demonstration",
                 "demonstrations", "strike", "general strike", "national strike", "sit-in", "walkout", "vigil",
                 "vigils", "blockade", "blockades", "occupation", "occupations", "picket", "stay-away",
                 "flash-mob protest", "procession", "plantones", "huelga", "manifestation", "manifestación"}
PROTEST_VERBS = {"organising", "organizing", "organised", "organized", "organise", "organize", "organiser",
                 "organizer", "organisation", "organization", "leading", "led", "lead", "leads", "calling",
                 "called", "calls", "call", "joining", "joined", "join", "part", "participating",
                 "participated", "participation", "staging", "staged", "coordinating", "coordinated",
                 "convening", "convened", "convoking", "promoting", "promoted", "attending", "attended",
                 "convocatoria", "convocar", "convocó", "organizar", "dirigir", "appel", "organisé",
                 "mobilising", "mobilizing", "mobilised", "mobilized"}
_PROTEST_STOP = {".", ";", ":", ",", "(", ")", "after", "against", "during", "since", "following", "hunger",
                 "unrelated", "any", "never", "welcome", "supporters"}


def protest_is_own_act(span: Span) -> bool:
    left, _ = _window(span, 5, 0)
    for word in reversed(left):
        if word in PROTEST_VERBS:
            return True
        if word in _PROTEST_STOP:
            return False
    return False


# A piece of speech is the charged conduct only after "for", "over", "based on": "charged over a poem",
# "for posts criticising the governor", "Basis: articles on Talysh identity".
SPEECH_NOUNS = {"post", "posts", "poem", "poems", "video", "videos", "speech", "speeches", "article",
                "articles", "tweet", "tweets", "livestream", "livestreams", "broadcast", "broadcasts",
                "interviews", "sermon", "sermons", "cartoon", "cartoons", "sketches", "songs", "statements",
                "reporting", "criticism", "leaflets", "podcast", "placard", "banner", "talks", "online petition",
                "petition", "op-eds"}
SPEECH_CUES = {"for", "over", "because", "based", "basis", "concerning", "conduct", "acts", "publishing",
               "posting", "posted", "published", "sharing", "shared", "broadcasting", "writing", "wrote",
               "reciting", "recited", "holding", "displaying", "distributing", "performing", "performed",
               "giving", "gave", "making", "uploading", "uploaded", "through", "via", "by", "beyond", "on",
               "to", "cites", "cited", "citing", "relied", "rests", "rested", "consists", "consisting", "refers",
               "referred", "related", "collection", "only", "solely", "are", "were", "than", "organising",
               "organizing", "organised", "organized", "launching", "launched", "signing", "signed"}
_SPEECH_FILLERS = {":", "a", "an", "the", "his", "her", "their", "its", "online", "social", "media", "facebook",
                   "youtube", "telegram", "tiktok", "twitter", "x", "instagram", "several", "two", "three",
                   "four", "series", "of", "satirical", "critical", "public", "televised", "recorded", "viral",
                   "some", "these", "those", "this", "that", "various", "anonymous", "alleged", "live"}


def speech_is_charged_act(span: Span) -> bool:
    left, right = _window(span, 5, 1)
    if right[:1] == ["of"] or (left and left[-1] == "to" and len(left) > 1 and left[-2] == "according"):
        return False  # "videos of child abuse", "according to videos verified by investigators"
    for word in reversed(left):
        if word in SPEECH_CUES:
            return True
        if word not in _SPEECH_FILLERS and not word.isdigit():
            return False
    return False


def charge_applies(span: Span) -> bool:
    """True when a charge phrase names an offence the subject is accused of, not a topic or a court."""
    left, right = _window(span, 4, 2)
    if span.kb_id_ == "political_speech" and span.text.lower() in SPEECH_NOUNS:
        return speech_is_charged_act(span) and not is_negated(span)
    if span.kb_id_ == "public_order" and span.text.lower() in PROTEST_NOUNS:
        return protest_is_own_act(span) and not is_negated(span)
    if span.kb_id_ in {"violent", "war_crimes", "terrorism"}:
        if left and left[-1] in PASSIVE_BEFORE and span[0].lower_.endswith(("ed", "shot", "dead")):
            return False
        if any(w in SURVIVED for w in left[-3:]):
            return False
    if any(w in LABELLED for w in left[-3:]) and span.kb_id_ in {"terrorism", "extremism"} \
            and len(span) == 1:
        return False
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
