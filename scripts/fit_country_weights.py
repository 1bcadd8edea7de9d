"""Fit the learned part of the requesting-country scorer on the gold TRAIN split only.

Each country mention gets the hand-written cue score of ``fields._country_score`` plus a sum of
learned weights of its context features (``fields._mention_features``: neighbouring words, form,
place in the text). A document's candidates are the states it names; the model is a conditional
logit over them (score of a state = sum over its mentions, plus article votes), fitted with L2 by
L-BFGS. The hand score keeps a fixed coefficient, so weights are corrections on the same scale.
Deterministic: same corpus and code, same file.

Usage: python scripts/fit_country_weights.py [--l2 2.0] [--min-docs 10]
Writes src/notice_nlp/nlp/data/country_weights.tsv (feature<TAB>weight).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "notice_nlp" / "nlp" / "data" / "country_weights.tsv"


def documents(split: str) -> list[dict]:
    path = ROOT / "corpora" / "gold" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def candidates(records: list[dict]) -> list[tuple[str, dict[str, float], dict[str, Counter]]]:
    """Per document: gold code, base score per state, feature counts per state."""
    from notice_nlp.nlp import fields
    from notice_nlp.nlp.pipeline import SPANS_KEY, get_pipeline
    from notice_nlp.text import prepare

    nlp = get_pipeline("fast")
    out = []
    texts = [prepare(r["text"])[0] for r in records]
    for record, doc in zip(records, nlp.pipe(texts), strict=True):
        domain = list(doc.spans[SPANS_KEY])
        spans = sorted((s for s in domain if s.label_ == "COUNTRY" and not fields._is_region(s)),
                       key=lambda s: s.start)
        base: dict[str, float] = defaultdict(float)
        feats: dict[str, Counter] = defaultdict(Counter)
        for span in domain:
            if span.label_ == "CHARGE" and span.kb_id_.startswith("article:"):
                code = span.kb_id_.split(":", 2)[1]
                if code != "?":
                    base[code] = 3.0
        for span, (score, names) in zip(spans, fields._mention_scores(spans, features=True), strict=True):
            base[span.kb_id_] += score
            feats[span.kb_id_].update(names)
        out.append((record.get("requesting_country"), dict(base), dict(feats)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2", type=float, default=2.0)
    parser.add_argument("--min-docs", type=int, default=10)
    args = parser.parse_args()

    data = [d for d in candidates(documents("train")) if d[0] and d[0] in d[1] and len(d[1]) > 1]
    df = Counter(f for _, _, feats in data for f in set().union(*feats.values()))
    vocab = sorted(f for f, n in df.items() if n >= args.min_docs)
    index = {f: i for i, f in enumerate(vocab)}

    groups = []  # (base scores, feature matrix rows, gold position)
    for gold, base, feats in data:
        codes = sorted(base)
        rows = np.zeros((len(codes), len(vocab)))
        for r, code in enumerate(codes):
            for f, n in feats.get(code, {}).items():
                if f in index:
                    rows[r, index[f]] += n
        groups.append((np.array([base[c] for c in codes]), rows, codes.index(gold)))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * args.l2 * w @ w, args.l2 * w
        for base, rows, gold in groups:
            s = base + rows @ w
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            total -= np.log(p[gold] + 1e-300)
            grad = grad + rows.T @ p - rows[gold]
        return total, grad

    result = minimize(loss, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = result.x
    lines = ["# feature\tweight: learned corrections to country-mention cue scores (scripts/fit_country_weights.py)",
             f"# fitted on corpora/gold/train.jsonl, l2={args.l2}, min_docs={args.min_docs}"]
    for f, value in sorted(zip(vocab, w, strict=True), key=lambda x: (-abs(x[1]), x[0])):
        if abs(value) >= 0.01:
            lines.append(f"{f}\t{value:.3f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(groups)} documents, {len(vocab)} features, {len(lines) - 2} kept, loss {result.fun:.1f}")


if __name__ == "__main__":
    main()
