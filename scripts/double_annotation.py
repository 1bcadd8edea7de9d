"""Agreement between the first-pass labels (corpora/raw) and the blind second pass
(corpora/annotation/second_pass_*.jsonl): Cohen's kappa per label, and the list of
disagreements for adjudication (corpora/annotation/disagreements.jsonl).

Usage: python scripts/double_annotation.py
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
LABELS = ["political_offence", "vague_charge", "dissident_profile", "refugee_or_asylum", "external_finding",
          "political_context", "due_process_concern", "politically_motivated"]


def main() -> None:
    first = {}
    for path in sorted((ROOT / "corpora" / "raw").glob("batch_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                first[r["id"]] = r
    second = {}
    for path in sorted((ROOT / "corpora" / "annotation").glob("second_pass_[0-9].jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                second[r["id"]] = r["labels"]
    ids = sorted(i for i in second if i in first)
    result = {"documents": len(ids), "kappa": {}, "agreement": {}}
    disagreements = []
    for label in LABELS:
        a = [first[i]["labels"][label] for i in ids]
        b = [second[i][label] for i in ids]
        result["kappa"][label] = round(float(cohen_kappa_score(a, b)), 3)
        result["agreement"][label] = round(sum(x == y for x, y in zip(a, b, strict=True)) / len(ids), 3)
        for i, x, y in zip(ids, a, b, strict=True):
            if x != y:
                disagreements.append({"id": i, "label": label, "first": x, "second": y, "text": first[i]["text"]})
    out = ROOT / "corpora" / "annotation" / "disagreements.jsonl"
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in disagreements), encoding="utf-8")
    result["disagreements"] = len(disagreements)
    (ROOT / "corpora" / "annotation" / "agreement.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
