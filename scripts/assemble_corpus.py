"""Assemble the gold corpus from the hand-written batches in corpora/raw.

- span texts become character offsets (every occurrence, checked against the text);
- adjudicated labels from the double annotation (corpora/annotation/adjudication.jsonl: one
  decision per disagreeing document and label) replace the first pass;
- documents get a train/dev/test split (70/15/15), stratified by kind and politically_motivated,
  grouped so that every document about one real case lands in one split.

Usage: python scripts/assemble_corpus.py [--seed 13]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpora" / "raw"
GOLD = ROOT / "corpora" / "gold"
ADJUDICATED = ROOT / "corpora" / "annotation" / "adjudication.jsonl"
TARGET = {"train": 0.70, "dev": 0.15, "test": 0.15}
FIELDS = ("id", "kind", "text", "labels", "requesting_country", "charge_categories", "roles", "spans",
          "source_basis", "split", "tags")


def offsets(text: str, spans: list[dict]) -> list[dict]:
    out, taken = [], set()
    for span in spans:
        needle = span["text"]
        if not needle.strip():
            continue
        for m in re.finditer(re.escape(needle), text):
            key = (m.start(), m.end(), span["label"])
            overlap = any(s < m.end() and m.start() < e and lab == span["label"] for s, e, lab in taken)
            if key in taken or overlap:
                continue
            taken.add(key)
            out.append({"start": m.start(), "end": m.end(), "label": span["label"], "text": needle})
    return sorted(out, key=lambda s: (s["start"], s["end"]))


def group_key(record: dict) -> str:
    basis = record["source_basis"]
    return basis if basis.startswith("real case: ") else f"doc:{record['id']}"


def stable(value: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{value}".encode()).hexdigest()


def assign_splits(records: list[dict], seed: int) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        groups[group_key(r)].append(r)
    strata = defaultdict(int)
    for r in records:
        strata[(r["kind"], r["labels"]["politically_motivated"])] += 1
    counts = {s: defaultdict(int) for s in TARGET}
    # Large real-case groups first, so they do not unbalance the end of the assignment.
    order = sorted(groups, key=lambda g: (-len(groups[g]), stable(g, seed)))
    for g in order:
        members = groups[g]

        def need(split: str, members: list[dict] = members) -> float:
            return sum(TARGET[split] * strata[(r["kind"], r["labels"]["politically_motivated"])]
                       - counts[split][(r["kind"], r["labels"]["politically_motivated"])] for r in members)

        split = max(TARGET, key=lambda s: (need(s), TARGET[s]))
        for r in members:
            r["split"] = split
            counts[split][(r["kind"], r["labels"]["politically_motivated"])] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    adjudicated: dict[str, dict[str, int]] = defaultdict(dict)
    if ADJUDICATED.is_file():
        for line in ADJUDICATED.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                adjudicated[row["id"]][row["label"]] = int(row["value"])
    records = []
    for path in sorted(RAW.glob("batch_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            r["spans"] = offsets(r["text"], r.get("spans") or [])
            r["labels"] = {**r["labels"], **adjudicated.get(r["id"], {})}
            r.setdefault("tags", [])
            if not r.get("roles"):
                r["roles"] = ["none"]
            records.append(r)
    assign_splits(records, args.seed)
    GOLD.mkdir(parents=True, exist_ok=True)
    for split in TARGET:
        rows = [{k: r.get(k) for k in FIELDS} for r in records if r["split"] == split]
        rows.sort(key=lambda r: r["id"])
        with open(GOLD / f"{split}.jsonl", "w", encoding="utf-8") as stream:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(split, len(rows))


if __name__ == "__main__":
    main()
