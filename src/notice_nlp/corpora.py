"""The gold corpus: reading, validation and Hugging Face ``datasets`` loading.

Run the validator with ``python -m notice_nlp.corpora validate corpora/gold``: it checks schema and
names, span offsets, exact and near duplicates, leakage across splits and the balance rules of the
corpus issue, and exits non-zero on any violation.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from .errors import CorpusValidationError, Errors, NoticeNLPError
from .labels import CHARGE_CATEGORIES, LABELS, ROLES

KINDS = ("alert", "news")
SPLITS = ("train", "dev", "test")
SPAN_LABELS = {"CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME", "COUNTRY", "PERSON", "DATE", "ORG"}
WORD_RANGES = {"alert": (30, 120), "news": (80, 250)}
REQUIRED = ("id", "kind", "text", "labels", "requesting_country", "charge_categories", "roles",
            "source_basis", "split")
#: Balance rules of the gold corpus (issue: gold annotated corpus).
BALANCE = {
    "min_documents": 2000, "min_per_kind": 900, "min_label_each_class": 150,
    "politically_motivated_share": (0.35, 0.55), "min_countries": 80,
    "country_min_docs": 10, "country_minority_share": 0.20,
    "hard_case_share": 0.10, "negated_cue_share": 0.05, "min_docs_with_spans": 400,
}
NEAR_DUPLICATE_JACCARD = 0.8


def default_corpus_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "corpora" / "gold"


def corpus_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(path.glob("*.jsonl"))
    if not files:
        raise NoticeNLPError(Errors.E041.format(path=path))
    return files


def read_corpus(path: str | Path) -> Iterator[dict]:
    """Yield the records of a corpus file or of every ``*.jsonl`` in a corpus directory."""
    for file in corpus_files(path):
        with open(file, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def load_dataset(name: str | Path = "gold", split: str | None = None):
    """The corpus as a ``datasets.Dataset`` (or ``DatasetDict`` when ``split`` is None), from local files.

    ``name`` is "gold" for the shipped corpus or a path to a corpus directory. Nothing is downloaded.
    """
    import datasets

    path = default_corpus_dir() if str(name) == "gold" else Path(name)
    records = list(read_corpus(path))
    for record in records:
        record.setdefault("spans", [])
        record.setdefault("tags", [])
    by_split: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_split[record.get("split", "train")].append(record)
    if split is not None:
        return datasets.Dataset.from_list(by_split[split])
    return datasets.DatasetDict({s: datasets.Dataset.from_list(r) for s, r in by_split.items()})


def shingles(text: str, size: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i:i + size])) for i in range(max(1, len(words) - size + 1))}


def near_duplicates(records: list[dict], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[str, str, float]]:
    """Pairs of record ids whose 5-word shingle Jaccard similarity is at least ``threshold``."""
    sets = [shingles(r["text"]) for r in records]
    index: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            index[h].append(i)
    shared: Counter = Counter()
    for members in index.values():
        if len(members) > 50:  # boilerplate shingles say nothing about duplication
            continue
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                shared[(members[a], members[b])] += 1
    pairs = []
    for (a, b), common in shared.items():
        jaccard = common / (len(sets[a]) + len(sets[b]) - common)
        if jaccard >= threshold:
            pairs.append((records[a]["id"], records[b]["id"], round(jaccard, 3)))
    return pairs


def _group(record: dict) -> str:
    basis = record.get("source_basis", "")
    return basis if basis.startswith("real case: ") else f"doc:{record['id']}"


def check_record(record: dict, countries: set[str]) -> list[str]:
    """Schema, names and offsets of one record."""
    rid = record.get("id", "?")
    problems = [f"{rid}: missing field '{f}'" for f in REQUIRED if f not in record]
    if problems:
        return problems
    if record["kind"] not in KINDS:
        problems.append(f"{rid}: kind {record['kind']!r} not in {KINDS}")
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        return problems + [f"{rid}: text must be a non-empty string"]
    low, high = WORD_RANGES.get(record["kind"], (0, 10**9))
    words = len(text.split())
    if not low <= words <= high:
        problems.append(f"{rid}: {record['kind']} has {words} words, outside {low}-{high}")
    labels = record["labels"]
    if not isinstance(labels, dict) or set(labels) != set(LABELS):
        problems.append(f"{rid}: labels must have exactly the 8 indicator names")
    elif any(v not in (0, 1) for v in labels.values()):
        problems.append(f"{rid}: label values must be 0 or 1")
    rc = record["requesting_country"]
    if rc is not None and rc not in countries:
        problems.append(f"{rid}: requesting_country {rc!r} is not an ISO 3166-1 alpha-2 code")
    bad = set(record["charge_categories"]) - set(CHARGE_CATEGORIES)
    if bad:
        problems.append(f"{rid}: unknown charge categories {sorted(bad)}")
    roles = record["roles"]
    if set(roles) - set(ROLES):
        problems.append(f"{rid}: unknown roles {sorted(set(roles) - set(ROLES))}")
    if not roles or ("none" in roles and len(roles) > 1):
        problems.append(f"{rid}: roles must be ['none'] or a list of roles without 'none'")
    basis = record["source_basis"]
    if basis != "fictional" and not (basis.startswith("real case: ") and len(basis) > 11):
        problems.append(f"{rid}: source_basis must be 'fictional' or 'real case: <name>'")
    if record["split"] not in SPLITS:
        problems.append(f"{rid}: split {record['split']!r} not in {SPLITS}")
    for span in record.get("spans") or []:
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{rid}: span offsets {start}-{end} outside the text")
        elif label not in SPAN_LABELS:
            problems.append(f"{rid}: span label {label!r} not in {sorted(SPAN_LABELS)}")
        elif "text" in span and text[start:end] != span["text"]:
            problems.append(f"{rid}: span {start}-{end} is {text[start:end]!r}, not {span['text']!r}")
    return problems


def corpus_statistics(records: list[dict]) -> dict:
    """Counts the datasheet and the balance rules need."""
    n = len(records)
    positives = {label: sum(r["labels"][label] for r in records) for label in LABELS}
    by_country: dict[str, list[int]] = defaultdict(list)
    for r in records:
        by_country[r["requesting_country"] or "null"].append(r["labels"]["politically_motivated"])
    tags = Counter(t for r in records for t in r.get("tags", []))
    return {
        "documents": n,
        "kinds": dict(Counter(r["kind"] for r in records)),
        "splits": dict(Counter(r["split"] for r in records)),
        "positives": positives,
        "politically_motivated_share": positives["politically_motivated"] / n if n else 0.0,
        "countries": {c: {"n": len(v), "politically_motivated_share": sum(v) / len(v)} for c, v in
                      sorted(by_country.items(), key=lambda kv: -len(kv[1]))},
        "distinct_countries": len([c for c in by_country if c != "null"]),
        "tags": dict(tags),
        "docs_with_spans": sum(bool(r.get("spans")) for r in records),
        "real_case_share": sum(r["source_basis"].startswith("real case: ") for r in records) / n if n else 0.0,
    }


def validate(path: str | Path, *, balance: bool = True) -> dict:
    """Validate a corpus; raise ``CorpusValidationError`` listing every violation; return statistics."""
    import pycountry

    countries = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    records = list(read_corpus(path))
    problems: list[str] = []
    for record in records:
        problems.extend(check_record(record, countries))
    ids = Counter(r.get("id") for r in records)
    problems += [f"duplicate id {i!r}" for i, c in ids.items() if c > 1]
    if problems:
        raise CorpusValidationError(Errors.E040.format(n=len(problems), problems="\n".join(problems[:200])))

    exact: dict[str, str] = {}
    for r in records:
        key = " ".join(r["text"].lower().split())
        if key in exact:
            problems.append(f"exact duplicate texts: {exact[key]} and {r['id']}")
        exact.setdefault(key, r["id"])
    split_of = {r["id"]: r["split"] for r in records}
    for a, b, jaccard in near_duplicates(records):
        where = "across splits (leakage)" if split_of[a] != split_of[b] else "in one split"
        problems.append(f"near duplicates {where}: {a} and {b} (Jaccard {jaccard})")
    groups: dict[str, set[str]] = defaultdict(set)
    for r in records:
        groups[_group(r)].add(r["split"])
    problems += [f"leakage: documents of '{g}' are in splits {sorted(s)}" for g, s in groups.items() if len(s) > 1]

    stats = corpus_statistics(records)
    if balance:
        rules = BALANCE
        n = stats["documents"]
        if n < rules["min_documents"]:
            problems.append(f"balance: {n} documents, at least {rules['min_documents']} required")
        for kind in KINDS:
            if stats["kinds"].get(kind, 0) < rules["min_per_kind"]:
                problems.append(f"balance: {stats['kinds'].get(kind, 0)} {kind} documents, at least {rules['min_per_kind']}")
        for label, pos in stats["positives"].items():
            if min(pos, n - pos) < rules["min_label_each_class"]:
                problems.append(f"balance: {label} has {pos} positives and {n - pos} negatives; "
                                f"each needs at least {rules['min_label_each_class']}")
        low, high = rules["politically_motivated_share"]
        if not low <= stats["politically_motivated_share"] <= high:
            problems.append(f"balance: politically_motivated share {stats['politically_motivated_share']:.3f} "
                            f"outside {low}-{high}")
        if stats["distinct_countries"] < rules["min_countries"]:
            problems.append(f"balance: {stats['distinct_countries']} requesting countries, at least {rules['min_countries']}")
        for country, row in stats["countries"].items():
            share = row["politically_motivated_share"]
            if row["n"] >= rules["country_min_docs"] and min(share, 1 - share) < rules["country_minority_share"]:
                problems.append(f"balance: {country} has {row['n']} documents and a politically_motivated "
                                f"minority share of {min(share, 1 - share):.2f} (< {rules['country_minority_share']})")
        for tag, key in (("hard_case", "hard_case_share"), ("negated_cue", "negated_cue_share")):
            if stats["tags"].get(tag, 0) < rules[key] * n:
                problems.append(f"balance: {stats['tags'].get(tag, 0)} '{tag}' documents, at least {rules[key]:.0%}")
        if stats["docs_with_spans"] < rules["min_docs_with_spans"]:
            problems.append(f"balance: {stats['docs_with_spans']} documents with spans, at least {rules['min_docs_with_spans']}")
    if problems:
        raise CorpusValidationError(Errors.E040.format(n=len(problems), problems="\n".join(problems[:200])))
    return stats


def main(argv: list[str] | None = None) -> int:
    """``python -m notice_nlp.corpora validate DIR [--no-balance]``"""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "validate" or len(argv) < 2:
        print("usage: python -m notice_nlp.corpora validate CORPUS_DIR [--no-balance]", file=sys.stderr)
        return 2
    try:
        stats = validate(argv[1], balance="--no-balance" not in argv)
    except (CorpusValidationError, NoticeNLPError) as error:
        print(f"INVALID: {error}", file=sys.stderr)
        return 1
    summary = {k: v for k, v in stats.items() if k != "countries"}
    print(json.dumps(summary, indent=2))
    print(f"OK: {stats['documents']} documents, {stats['distinct_countries']} requesting countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
