"""Stage 5: evidence spans per label: the n-grams and entities that pushed a score up."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from .docfeatures import AnalysedText
from .types import Evidence


@lru_cache(maxsize=65536)
def _ngram_pattern(ngram: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in ngram.split()) + r"\b", re.IGNORECASE)


def _locate(text: str, ngram: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ngram_pattern(ngram).finditer(text)]


def evidence_rows(doc: AnalysedText, X, k: int, feature_names: np.ndarray, coef: np.ndarray,
                  top_k: int = 5) -> list[tuple[Evidence, ...]]:
    """Per label (rows of ``coef``), the spans of the strongest positive contributions (feature
    value x coefficient) in document ``k`` of the CSR matrix ``X``.

    Word n-grams are located in the text; extraction features point to the mentions behind them;
    character n-grams and country figures are not shown (they are not readable evidence).
    """
    start, end = X.indptr[k], X.indptr[k + 1]
    columns, values = X.indices[start:end], X.data[start:end]
    return [_evidence(doc, columns, values * label_coef[columns], feature_names, top_k) for label_coef in coef]


def _evidence(doc: AnalysedText, columns: np.ndarray, contributions: np.ndarray, feature_names: np.ndarray,
              top_k: int) -> tuple[Evidence, ...]:
    order = np.argsort(-contributions)
    spans: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    for i in order:
        weight = float(contributions[i])
        if weight <= 0 or len(spans) >= top_k:
            break
        name = feature_names[columns[i]]
        located: list[tuple[int, int]] = []
        if name.startswith("word:"):
            words = name[5:].split()
            if all(w in STOP_WORDS or len(w) < 3 for w in words):
                continue
            located = _locate(doc.text, name[5:])[:2]
        elif name.startswith("ext:") and "=" in name and "!=" not in name:
            label, norm = name[4:].split("=", 1)
            located = [(m.start, m.end) for m in doc.analysis.mentions
                       if m.label.lower() == label and m.norm == norm and not m.negated][:2]
        for start, end in located:
            if any(s < end and start < e for s, e in seen):
                continue
            seen.add((start, end))
            spans.append(Evidence(doc.text[start:end], start, end, round(weight, 4)))
    return tuple(sorted(spans, key=lambda e: e.start))
