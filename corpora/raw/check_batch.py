"""Self-check for a hand-written corpus batch (used by corpus writers while writing).

Usage: python corpora/raw/check_batch.py corpora/raw/batch_1.jsonl
"""
import json
import sys
from collections import Counter, defaultdict

LABELS = ["political_offence", "vague_charge", "dissident_profile", "refugee_or_asylum",
          "external_finding", "political_context", "due_process_concern", "politically_motivated"]
CATS = set("violent sexual drugs financial cyber trafficking terrorism extremism political_speech "
           "public_order military religious corruption war_crimes other".split())
ROLES = set("journalist activist human_rights_defender lawyer opposition_politician former_official "
            "businessperson athlete religious_figure academic none".split())
SPAN_LABELS = {"CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME", "COUNTRY", "PERSON", "DATE", "ORG"}


def main(path):
    problems = []
    docs = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: invalid JSON ({e})")
    ids = Counter(d.get("id") for d in docs)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"duplicate id {i}")
    kinds = Counter()
    pos = Counter()
    tags = Counter()
    country = defaultdict(list)
    real = 0
    spans_docs = 0
    for d in docs:
        did = d.get("id")
        kind = d.get("kind")
        kinds[kind] += 1
        words = len(d.get("text", "").split())
        if kind == "alert" and not 30 <= words <= 120:
            problems.append(f"{did}: alert has {words} words (30-120)")
        if kind == "news" and not 80 <= words <= 250:
            problems.append(f"{did}: news has {words} words (80-250)")
        if kind not in ("alert", "news"):
            problems.append(f"{did}: kind {kind!r}")
        labels = d.get("labels", {})
        if set(labels) != set(LABELS) or any(v not in (0, 1) for v in labels.values()):
            problems.append(f"{did}: labels must be exactly the 8 names with 0/1")
        for k, v in labels.items():
            pos[k] += v == 1
        for c in d.get("charge_categories", []):
            if c not in CATS:
                problems.append(f"{did}: unknown charge category {c!r}")
        roles = d.get("roles", [])
        for r in roles:
            if r not in ROLES:
                problems.append(f"{did}: unknown role {r!r}")
        if "none" in roles and len(roles) > 1:
            problems.append(f"{did}: 'none' together with another role")
        if not roles:
            problems.append(f"{did}: roles empty (use ['none'])")
        rc = d.get("requesting_country")
        if rc is not None and (not isinstance(rc, str) or len(rc) != 2 or not rc.isupper()):
            problems.append(f"{did}: requesting_country {rc!r} not ISO alpha-2")
        country[rc].append(labels.get("politically_motivated", 0))
        sb = d.get("source_basis", "")
        if sb.startswith("real case: "):
            real += 1
        elif sb != "fictional":
            problems.append(f"{did}: source_basis {sb!r}")
        for t in d.get("tags", []):
            tags[t] += 1
        if d.get("spans"):
            spans_docs += 1
            for s in d["spans"]:
                if s.get("label") not in SPAN_LABELS:
                    problems.append(f"{did}: span label {s.get('label')!r}")
                if s.get("text", "") not in d.get("text", ""):
                    problems.append(f"{did}: span text {s.get('text')!r} not found in text")
    total = len(docs)
    print(f"documents: {total}  kinds: {dict(kinds)}  real-case share: {real / max(total, 1):.2f}  "
          f"docs with spans: {spans_docs}")
    print("positives per label:")
    for k in LABELS:
        print(f"  {k:24s} {pos[k]:4d}  ({pos[k] / max(total, 1):.0%})")
    print(f"tags: {dict(tags)}")
    print("per requesting country (n, politically_motivated share):")
    for c, v in sorted(country.items(), key=lambda kv: -len(kv[1])):
        share = sum(v) / len(v)
        flag = ""
        if len(v) >= 10 and min(share, 1 - share) < 0.25:
            flag = "  <-- minority class under 25%: rebalance"
        print(f"  {c}: {len(v)}, {share:.2f}{flag}")
    print(f"\n{len(problems)} problem(s)")
    for p in problems[:200]:
        print("  " + p)


if __name__ == "__main__":
    main(sys.argv[1])
