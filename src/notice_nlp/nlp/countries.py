"""Country-name normalisation to ISO 3166-1 alpha-2, built on pycountry plus shipped aliases."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from .resources import country_aliases, fold_accents

# Names in pycountry that are also everyday words or common given names in this domain.
_AMBIGUOUS_NAMES = {"chad", "jordan", "georgia", "niger", "guinea", "turkey", "mali", "togo", "oman"}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Two lookups: case-insensitive names and case-sensitive short forms (US, UK, PRC)."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                folded.setdefault(fold_accents(name.lower()), country.alpha_2)
                # "Iran, Islamic Republic of" -> "Iran"
                short = name.split(",")[0].split(" (")[0]
                folded.setdefault(fold_accents(short.lower()), country.alpha_2)
    for code, alias in country_aliases():
        if alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 4:
            exact[alias] = code
        else:
            folded[fold_accents(alias.lower())] = code
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
    return ([(code, phrase) for phrase, code in folded.items() if phrase not in _AMBIGUOUS_NAMES],
            [(code, phrase) for phrase, code in exact.items()]
            + [(folded[w], w.capitalize()) for w in _AMBIGUOUS_NAMES if w in folded])
