"""How often real text written by other hands about contested INTERPOL requests gets flagged.

The corpus is hand-written; this checks the other direction from benchmarks/real_alerts.py on
real prose. ../shared/data/derived/interpol_abuse_seed_cases.csv lists people that Wikipedia's
INTERPOL article and a 2013 data-journalism article describe as targets of contested or
politically motivated requests, each with an anchor phrase. The passage is the sentence holding
the anchor and the one after it, each passage counted once. These are weak labels, not gold:
many passages list several people in one sentence and say little about any one case, so the
shares are a floor on recall for encyclopedic prose, not an estimate of it for notices. The row
marked ``unclear`` is left out.

Usage: python benchmarks/real_positives.py [--model notice-linear-v1 --model notice-encoder-v1]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_alerts import shipped_models  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NOTICE_NLP_SHARED", ROOT.parent / "shared")) / "data"
SEEDS = DATA / "derived" / "interpol_abuse_seed_cases.csv"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def passages() -> list[tuple[str, str]]:
    """(passage, id) per distinct passage holding a seed case's anchor phrase."""
    paragraphs: dict[str, list[str]] = {}  # source file -> paragraphs with line wraps undone
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    with open(SEEDS, encoding="utf-8", newline="") as stream:
        for i, row in enumerate(csv.DictReader(stream)):
            if row["source_characterization"] == "unclear":
                continue
            if row["source_file"] not in paragraphs:
                text = (DATA / row["source_file"]).read_text(encoding="utf-8")
                paragraphs[row["source_file"]] = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
            anchor = " ".join(row["anchor_text"].split())
            paragraph = next((p for p in paragraphs[row["source_file"]] if anchor in p), None)
            if paragraph is None:
                continue
            sentences = _SENTENCE_END.split(paragraph)
            ends = np.cumsum([len(sentence) + 1 for sentence in sentences])
            k = min(int(np.searchsorted(ends, paragraph.index(anchor), side="right")), len(sentences) - 1)
            passage = " ".join(sentences[k:k + 2])
            if passage not in seen:  # one sentence often names several people
                seen.add(passage)
                out.append((passage, f"seed-{i}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", default=None)
    args = parser.parse_args()
    if not SEEDS.is_file():
        sys.exit(f"skipped: {SEEDS} is absent")
    items = passages()
    for name, model in shipped_models(args.model):
        predictions = model.predict(items, evidence=False)
        flagged = sum("politically_motivated" in p.labels for p in predictions)
        any_label = sum(bool(p.labels) for p in predictions)
        scores = np.array([p.scores["politically_motivated"] for p in predictions])
        print(f"{name:20s} {len(items)} passages: politically_motivated flagged {flagged} ({flagged / len(items):.0%}), "
              f"any indicator {any_label} ({any_label / len(items):.0%}), median score {np.median(scores):.2f}")


if __name__ == "__main__":
    main()
