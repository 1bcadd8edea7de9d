"""The committed table of requesting-country indicators (foundation: standard library only).

Built by scripts/build_country_table.py; sources and licences in data/COUNTRY_INDICATORS.md.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def country_table() -> dict[str, dict[str, str]]:
    """alpha-2 code -> row of figures (Freedom House, V-Dem, RSF, PTS, risk_group)."""
    text = resources.files("notice_nlp").joinpath("data", "country_indicators.csv").read_text(encoding="utf-8")
    return {row["alpha2"]: row for row in csv.DictReader(text.splitlines())}
