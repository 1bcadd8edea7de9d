"""Extraction throughput, as ratios against a baseline measured in the same run.

Documents: 2,000 news-like paragraphs of 120 words cut from ../shared/data/news_bbc_2005.
Prints fast-path docs/s (one process, target >= 1,000) and the full path's docs/s as a ratio to
raw en_core_web_sm ``nlp.pipe`` with only ``ner`` (and the tok2vec it needs) enabled (target >= 0.85).

Usage: python benchmarks/extraction.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = Path(os.environ.get("NOTICE_NLP_SHARED", ROOT.parent / "shared")) / "data" / "news_bbc_2005" / "bbc_full.jsonl.gz"


def paragraphs(n: int, words: int = 120) -> list[str]:
    out = []
    with gzip.open(BBC, "rt", encoding="utf-8") as stream:
        for line in stream:
            tokens = json.loads(line)["text"].split()
            for i in range(0, len(tokens) - words + 1, words):
                out.append(" ".join(tokens[i:i + words]))
                if len(out) == n:
                    return out
    return out


def rate(fn, texts) -> float:
    start = time.perf_counter()
    fn(texts)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"skipped: {BBC} is absent")
    texts = paragraphs(args.docs)
    import spacy

    from notice_nlp.nlp.extract import extract_pipe
    from notice_nlp.nlp.pipeline import PIPELINE_PACKAGES, get_pipeline

    get_pipeline("fast"), get_pipeline("full")  # build before timing
    raw = None
    for package in PIPELINE_PACKAGES:
        try:
            raw = spacy.load(package, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
            break
        except OSError:
            continue
    list(raw.pipe(texts[:50]))
    list(extract_pipe(texts[:50], ner=True))
    baseline = rate(lambda t: list(raw.pipe(t, batch_size=256)), texts)
    fast = rate(lambda t: list(extract_pipe(t, ner=False)), texts)
    full = rate(lambda t: list(extract_pipe(t, ner=True)), texts)
    print(f"documents: {len(texts)} x 120 words, one process")
    print(f"raw en_core_web_sm nlp.pipe (ner only): {baseline:8.1f} docs/s  (baseline)")
    print(f"notice_nlp full path (NER + domain):    {full:8.1f} docs/s  ratio to baseline {full / baseline:.2f} (target >= 0.85)")
    print(f"notice_nlp fast path (no NER):          {fast:8.1f} docs/s  ratio to baseline {fast / baseline:.2f} (target >= 1,000 docs/s)")


if __name__ == "__main__":
    main()
