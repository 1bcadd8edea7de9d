"""Country-name normalisation to ISO 3166-1 alpha-2, built on pycountry plus shipped aliases."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from .resources import country_aliases, fold_accents

# Names in pycountry that are also everyday words or common given names in this domain.
_AMBIGUOUS_NAMES = {"chad", "jordan", "georgia", "niger", "guinea", "turkey", "mali", "togo", "oman"}
# Country names in the languages notices and press text come in (pycountry's translations).
_NAME_LANGUAGES = ("fr", "es", "pt", "de", "it")
# Translated names that are English words, ambiguous between two states or too short to trust.
_SKIP_TRANSLATED = {"island", "chili", "oma", "corea", "coree", "coreia", "guiana", "kongo", "congo",
                    "aland", "macau", "georgien", "niger", "mali", "irlanda", "maurice"}


def _translated_names() -> list[tuple[str, str]]:
    """(name, alpha-2) pairs of the short country names in the languages above."""
    out = []
    for language in _NAME_LANGUAGES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except (OSError, AttributeError):
            continue
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if name:
                    local = translation.gettext(name)
                    out.append((local, country.alpha_2))
                    out.append((local.split(",")[0].split(" (")[0].strip(), country.alpha_2))
    return out


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Lower-case names whose accents fold away ("türkiye"), so the matcher finds both spellings."""
    _tables()
    return _ACCENTED


_ACCENTED: dict[str, str] = {}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Two lookups: case-insensitive names and case-sensitive short forms (US, UK, PRC)."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}

    def keep_accented(name: str, code: str) -> None:
        lower = name.lower()
        if fold_accents(lower) != lower:
            _ACCENTED.setdefault(lower, code)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                folded.setdefault(fold_accents(name.lower()), country.alpha_2)
                # "Iran, Islamic Republic of" -> "Iran"
                short = name.split(",")[0].split(" (")[0]
                folded.setdefault(fold_accents(short.lower()), country.alpha_2)
                keep_accented(name, country.alpha_2)
                keep_accented(short, country.alpha_2)
    for code, alias in country_aliases():
        if alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 4:
            exact[alias] = code
        else:
            folded[fold_accents(alias.lower())] = code
            keep_accented(alias, code)
    for name, code in _translated_names():
        key = fold_accents(name.lower())
        if len(key) >= 4 and key not in _SKIP_TRANSLATED and key not in _AMBIGUOUS_NAMES and key not in folded:
            folded[key] = code
        if folded.get(key) == code:
            keep_accented(name, code)
    return folded, exact


def normalise_country(name: str) -> str | None:
    """Return the ISO alpha-2 code for a country name, demonym, capital or short form."""
    folded, exact = _tables()
    name = name.strip()
    if name in exact:
        return exact[name]
    key = fold_accents(name.lower()).strip(" .")
    if key.startswith("the "):
        key = key[4:]
    return folded.get(key) or folded.get(key.rstrip("s"))


def country_phrases() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, phrase) lists for the matcher: case-insensitive and case-sensitive ones."""
    folded, exact = _tables()
    accented = [(code, phrase) for phrase, code in _accented().items()
                if fold_accents(phrase) in folded and fold_accents(phrase) not in _AMBIGUOUS_NAMES]
    return ([(code, phrase) for phrase, code in folded.items() if phrase not in _AMBIGUOUS_NAMES] + accented,
            [(code, phrase) for phrase, code in exact.items()]
            + [(folded[w], w.capitalize()) for w in _AMBIGUOUS_NAMES if w in folded]
            + [(folded[w], w.upper()) for w in _AMBIGUOUS_NAMES if w in folded])


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                names.add(fold_accents(name.lower()))
                names.add(fold_accents(name.split(",")[0].split(" (")[0].lower()))
    return frozenset(names)


def is_country_name(text: str) -> bool:
    """True for the name of a state ("NEPAL", "Republic of Kazakhstan"), False for a city or demonym."""
    key = fold_accents(text.lower()).strip(" .")
    return key in _country_names() or key.removeprefix("the ") in _country_names()
