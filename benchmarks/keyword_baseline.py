"""The keyword baseline: what an analyst with a search box would do, against the shipped model.

For each label a set of cue-word patterns; a document is positive when any pattern matches.
Prints macro-F1 of the baseline and of the model on the same gold test split, and the difference
(target: model >= baseline + 0.10).

Usage: python benchmarks/keyword_baseline.py [--model notice-linear-v1] [--split test]
"""

from __future__ import annotations

import argparse
import re

import numpy as np

from notice_nlp.corpora import default_corpus_dir, read_corpus
from notice_nlp.labels import LABELS

CUES = {
    "political_offence": r"treason|sedition|insult\w*|false (information|news)|extremis\w*|separatis\w*|"
                         r"unauthori[sz]ed (rally|protest|demonstration)|desert\w*|draft evasion|blasphemy|apostasy|"
                         r"lèse-majesté|lese majeste|discredit\w*",
    "vague_charge": r"against the state|constitutional order|national security|extremis\w*|terroris\w*|"
                    r"membership|undermin\w*",
    "dissident_profile": r"journalist|blogger|activist|dissident|human rights defender|opposition|critic|"
                         r"whistleblower|lawyer",
    "refugee_or_asylum": r"refugee|asylum|protection status",
    "external_finding": r"refused extradition|refused to extradite|extradition (was )?(refused|rejected|denied)|"
                        r"notice (was )?(deleted|removed|cancelled)|\bCCF\b|politically motivated",
    "political_context": r"election|protest|coup|crackdown|opposition|criticis\w*|criticiz\w*|regime",
    "due_process_concern": r"in absentia|torture|military court|revolutionary court|state security court|"
                           r"unfair trial|denied access to (a )?lawyer",
    "politically_motivated": r"politically motivated|political persecution|dissident|opposition|journalist|"
                             r"activist|critic of|asylum|refugee",
}


def keyword_predictions(texts: list[str]) -> np.ndarray:
    patterns = [re.compile(CUES[label], re.IGNORECASE) for label in LABELS]
    return np.array([[int(bool(p.search(t))) for p in patterns] for t in texts])


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    scores = []
    for j in range(y.shape[1]):
        tp = int(((pred[:, j] == 1) & (y[:, j] == 1)).sum())
        fp = int(((pred[:, j] == 1) & (y[:, j] == 0)).sum())
        fn = int(((pred[:, j] == 0) & (y[:, j] == 1)).sum())
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def main() -> None:
    import notice_nlp

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="notice-linear-v1")
    parser.add_argument("--split", default="test")
    args = parser.parse_args()
    records = [r for r in read_corpus(default_corpus_dir()) if r["split"] == args.split]
    y = np.array([[r["labels"][label] for label in LABELS] for r in records])
    baseline = macro_f1(y, keyword_predictions([r["text"] for r in records]))
    model = notice_nlp.load(args.model)
    scores = model.predict_proba([(r["text"], r["id"]) for r in records])
    ours = macro_f1(y, (scores >= model.thresholds).astype(int))
    print(f"{args.split} split, {len(records)} documents")
    print(f"keyword baseline macro-F1: {baseline:.3f}")
    print(f"{model.name} macro-F1:     {ours:.3f}  (difference {ours - baseline:+.3f}; target >= +0.10)")


if __name__ == "__main__":
    main()
