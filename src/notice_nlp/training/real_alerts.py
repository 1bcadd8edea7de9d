"""Real ordinary-crime alert text for evaluation only (never training): FBI wanted posters and
INTERPOL's 2010-2014 "Infra-Red" most-wanted list, read from ../shared/data at run time."""

from __future__ import annotations

import csv
import gzip
import html
import re
from pathlib import Path

# FBI poster subjects that are persons wanted for crimes (not missing persons, victims,
# unidentified remains or requests for information).
FBI_WANTED_SUBJECTS = (
    "cyber's most wanted", "violent crime - murders", "additional violent crimes", "criminal enterprise",
    "counterintelligence", "white-collar crime", "white collar crime", "most wanted terrorists",
    "crimes against children", "domestic terrorism", "ten most wanted", "human trafficking",
    "known bank robbers", "transnational repression",
)
_TAG = re.compile(r"<[^>]+>")


def fbi_wanted_texts(path: str | Path) -> list[tuple[str, str]]:
    """(text, id) for FBI posters of persons wanted for crimes: title, charges and caution narrative."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        for i, row in enumerate(csv.DictReader(stream)):
            subject = row["subject"].lower()
            if "seeking information" in subject or not any(s in subject for s in FBI_WANTED_SUBJECTS):
                continue
            caution = " ".join(html.unescape(_TAG.sub(" ", row["caution"])).split())
            text = f"{row['title']}. Wanted for: {row['description']}. {caution}".strip()
            out.append((text, f"fbi-{i}"))
    return out


def interpol_most_wanted_texts(path: str | Path) -> list[tuple[str, str]]:
    """(text, id) for the INTERPOL Infra-Red most-wanted fugitives (ordinary crime)."""
    out = []
    with open(path, encoding="utf-8", newline="") as stream:
        for i, row in enumerate(csv.DictReader(stream)):
            text = (f"Wanted by {row['Wanted by']} for {row['Wanted for']}. {row['Details of reason wanted for']}. "
                    f"{row['Details']}")
            out.append((" ".join(text.split()), f"infrared-{i}"))
    return out


def flagged_share(model, items: list[tuple[str, str]], label: str = "politically_motivated") -> dict:
    """Share of documents whose ``label`` reaches the model's threshold."""
    predictions = model.predict(items, evidence=False)
    flagged = [p.id for p in predictions if label in p.labels]
    return {"documents": len(predictions), "flagged": len(flagged),
            "share": len(flagged) / len(predictions) if predictions else 0.0, "flagged_ids": flagged}
