"""Weak supervision at train time: real text from ../shared/data as extra negatives.

The hand-written corpus teaches the indicators; real text teaches what ordinary material looks
like, so that generic words ("conspiracy", "act", "organisation") do not carry a flag:
- INTERPOL Red Notice charge lines (real notices, mostly ordinary and terrorism charges);
- UN Security Council sanctions-list narratives (designated terrorists and their financiers);
- BBC news paragraphs outside politics (business, sport, tech, entertainment).
Each gets 0 for the labels the text clearly does not support and -1 (unknown, left out) for the
rest. Read at train time, never committed; absent ../shared means no weak rows.
FBI posters and INTERPOL's most-wanted list are evaluation-only and never read here.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from pathlib import Path

from ..labels import LABELS

UNKNOWN = -1


def _row(label_values: dict[str, int]) -> list[int]:
    return [label_values.get(label, UNKNOWN) for label in LABELS]


ORDINARY = _row({label: 0 for label in LABELS if label != "vague_charge"})
NO_CASE = _row({label: 0 for label in LABELS})


def weak_records(shared: str | Path, seed: int = 13, max_per_source: int = 400) -> list[dict]:
    """Records shaped like corpus records plus ``weak_labels`` (a list aligned with LABELS)."""
    data = Path(shared) / "data"
    rng = random.Random(seed)
    out: list[dict] = []
    notices = data / "interpol_red_notices_api_sample" / "red_notices_details.json"
    if notices.is_file():
        rows = []
        for r in json.loads(notices.read_text(encoding="utf-8")):
            for w in r["arrest_warrants"]:
                rows.append(f"Red Notice. Issuing country: {w['issuing_country_id']}. Charges: {w['charge']}")
        out += [{"id": f"weak-notice-{i}", "text": t, "weak_labels": ORDINARY} for i, t in enumerate(rows)]
    un = data / "un_sc_consolidated_list" / "un_consolidated_2020-03-20_flat.csv"
    if un.is_file():
        with open(un, encoding="utf-8", newline="") as stream:
            texts = [" ".join(r["comments"].split()) for r in csv.DictReader(stream) if len(r["comments"].split()) >= 25]
        rng.shuffle(texts)
        out += [{"id": f"weak-un-{i}", "text": t, "weak_labels": ORDINARY} for i, t in enumerate(texts[:max_per_source])]
    bbc = data / "news_bbc_2005" / "bbc_full.jsonl.gz"
    if bbc.is_file():
        texts = []
        with gzip.open(bbc, "rt", encoding="utf-8") as stream:
            for line in stream:
                r = json.loads(line)
                if r["category"] != "politics":
                    words = r["text"].split()
                    texts.append(" ".join(words[:150]))
        rng.shuffle(texts)
        out += [{"id": f"weak-bbc-{i}", "text": t, "weak_labels": NO_CASE} for i, t in enumerate(texts[:max_per_source])]
    return out
