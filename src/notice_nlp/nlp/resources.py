"""Domain vocabularies shipped as data files in ``notice_nlp/nlp/data``."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def fold_accents(text: str) -> str:
    """'extorsión' -> 'extorsion', so that patterns match text typed without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def phrase_table(name: str) -> tuple[tuple[str, str], ...]:
    """(norm, phrase) pairs of a two-column vocabulary file, with accent-folded variants added."""
    pairs = {}
    for norm, phrase, *_ in _rows(name):
        for variant in {phrase.lower(), fold_accents(phrase.lower())}:
            pairs.setdefault(variant, norm)
    return tuple((norm, phrase) for phrase, norm in pairs.items())


@cache
def article_table() -> dict[tuple[str, str], str]:
    """(country alpha-2, article number) -> charge category, for penal-code references."""
    return {(country, article.lower()): category for country, article, category, *_ in _rows("articles.tsv")}


@cache
def outcome_patterns() -> tuple[tuple[str, tuple[tuple[bool, tuple[str, ...]], ...]], ...]:
    """Outcome token patterns: (outcome, ((optional, alternatives), ...)) per line."""
    out = []
    for outcome, pattern in _rows("outcomes.tsv"):
        slots = []
        for slot in pattern.split():
            optional = slot.startswith("?")
            slots.append((optional, tuple(slot.lstrip("?").split("|"))))
        out.append((outcome, tuple(slots)))
    return tuple(out)


@cache
def country_aliases() -> tuple[tuple[str, str], ...]:
    return tuple((code, alias) for code, alias in _rows("country_aliases.tsv"))
