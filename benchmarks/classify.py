"""Classification throughput and cold start, as ratios against baselines measured in the same run.

- linear model with the extraction fast path, one process, 120-word news paragraphs
  (from ../shared/data/news_bbc_2005), with and without evidence spans (target >= 1,000 docs/s);
- encoder model (if models/notice-encoder-v1 and the transformers extra are installed), CPU
  (target >= 25 docs/s);
- cold start of `import notice_nlp; notice_nlp.load()` against `import spacy` alone, median of
  3 fresh interpreters each (target <= 1.5x); also with the first prediction, which builds the
  fast-path spaCy pipeline.

Throughput is measured after a warm-up on other paragraphs of the same source, as in a long
stream (the character n-gram table caches each word's columns on first sight).

Usage: OMP_NUM_THREADS=1 python benchmarks/classify.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import BBC, paragraphs  # noqa: E402


def cold_start(code: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"skipped: {BBC} is absent")
    import notice_nlp
    from notice_nlp.api import available_models
    from notice_nlp.nlp.extract import extract_pipe

    both = paragraphs(2 * args.docs)
    warm_up, texts = both[args.docs:], both[: args.docs]
    model = notice_nlp.load("notice-linear-v1")
    model.predict(warm_up, evidence=False)
    start = time.perf_counter()
    list(extract_pipe(texts, ner=False))
    fast_extract = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    model.predict(texts, evidence=False)
    linear = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    model.predict(texts)
    linear_evidence = len(texts) / (time.perf_counter() - start)
    print(f"documents: {len(texts)} x 120 words, one process")
    print(f"extraction fast path alone:          {fast_extract:8.1f} docs/s (baseline)")
    print(f"linear + fast path, no evidence:     {linear:8.1f} docs/s  ratio {linear / fast_extract:.2f} (target >= 1,000 docs/s)")
    print(f"linear + fast path, with evidence:   {linear_evidence:8.1f} docs/s  ratio {linear_evidence / fast_extract:.2f}")
    if "notice-encoder-v1" in available_models():
        try:
            import os

            import torch

            torch.set_num_threads(os.cpu_count() or 1)  # "on CPU": every core, as torch does by default
            encoder = notice_nlp.load("notice-encoder-v1")
            sample = texts[:300]
            encoder.predict(sample[:20], evidence=False)
            start = time.perf_counter()
            encoder.predict(sample, evidence=False)
            rate = len(sample) / (time.perf_counter() - start)
            print(f"encoder (MiniLM, CPU, {torch.get_num_threads()} threads): {rate:6.1f} docs/s  ratio to linear {rate / linear:.3f} (target >= 25 docs/s)")
        except ImportError as error:
            print(f"encoder skipped: {error}")
    spacy_s = cold_start("import spacy")
    ours_s = cold_start("import notice_nlp; notice_nlp.load()")
    first_s = cold_start("import notice_nlp; notice_nlp.load().predict(['Wanted for fraud.'])")
    print(f"cold start: import spacy {spacy_s:.2f} s; import notice_nlp + load() {ours_s:.2f} s; "
          f"ratio {ours_s / spacy_s:.2f} (target <= 1.5); with the first prediction {first_s:.2f} s, "
          f"ratio {first_s / spacy_s:.2f}")


if __name__ == "__main__":
    main()
