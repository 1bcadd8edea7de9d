"""Feature helpers without scikit-learn: shared by the fitted featurizer and the compiled scorer.

``TfidfTable`` reproduces ``TfidfVectorizer.transform`` (word or ``char_wb`` analyzer) from its
vocabulary and idf weights, so that a loaded model scores text without importing scikit-learn
(whose import, with skops', cost more than spaCy's). Tests check equality with scikit-learn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .country_data import country_table
from .nlp.fields import Analysis


@dataclass(frozen=True)
class AnalysedText:
    """A text with its extraction already done, so that nothing is parsed twice."""

    text: str
    analysis: Analysis


def _num(value: str, scale: float, invert: bool = False) -> float | None:
    try:
        x = float(value) / scale
    except (TypeError, ValueError):
        return None
    return 1 - x if invert else x


def country_features(code: str | None) -> dict[str, float]:
    """Repression indicators of the requesting state scaled to 0-1 (1 = most repressive)."""
    row = country_table().get(code or "")
    if row is None:
        return {"country=unknown": 1.0}
    values = {
        "country:fh_pr": _num(row["fh_pr"], 7), "country:fh_cl": _num(row["fh_cl"], 7),
        "country:vdem_freexp": _num(row["vdem_freexp"], 1, invert=True),
        "country:rsf": _num(row["rsf_score"], 100, invert=True), "country:pts": _num(row["pts"], 5),
    }
    out = {k: v for k, v in values.items() if v is not None}
    out[f"country_risk={row['risk_group']}"] = 1.0
    return out


def analysis_features(analysis: Analysis, with_country: bool = True) -> dict[str, float]:
    """Sparse dict features from extraction: ``label=norm`` for affirmed, ``label!=norm`` for negated."""
    feats: dict[str, float] = {}
    for m in analysis.mentions:
        if m.label in {"PERSON", "ORG", "DATE", "COUNTRY"} or not m.norm:
            continue
        key = f"{m.label.lower()}{'!=' if m.negated else '='}{m.norm}"
        feats[key] = 1.0
    ex = analysis.extraction
    feats["n_charge_categories"] = min(len(ex.charge_categories), 5) / 5
    if with_country:
        feats.update(country_features(ex.requesting_country))
    return feats


#: What country names become in the n-gram blocks when ``mask_countries`` is on.
COUNTRY_PLACEHOLDER = "country"


def masked_text(doc: AnalysedText) -> str:
    """The text with every country mention (name, demonym, capital) replaced by one placeholder.

    The n-gram blocks then learn "<country> prosecutors" rather than which state it is: the
    taxonomy says the country alone never makes a label 1, and state names were the main source
    of the higher false-positive rate for requests from high-risk states.
    """
    spans = sorted((m.start, m.end) for m in doc.analysis.mentions if m.label == "COUNTRY")
    if not spans:
        return doc.text
    parts, position = [], 0
    for start, end in spans:
        if start < position:  # overlapping mentions: the first one already covers it
            continue
        parts.append(doc.text[position:start])
        parts.append(COUNTRY_PLACEHOLDER)
        position = end
    parts.append(doc.text[position:])
    return "".join(parts)


def char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams scikit-learn's ``analyzer="char_wb"`` yields for one whitespace-free word."""
    padded = f" {word} "
    grams = []
    for n in range(min_n, max_n + 1):
        if len(padded) <= n:  # a short word counts once, whole
            grams.append(padded)
            break
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def word_ngrams(tokens: list[str], min_n: int, max_n: int) -> list[str]:
    """Word n-grams in scikit-learn's order (all unigrams, then bigrams, ...)."""
    grams = list(tokens) if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


class TfidfTable:
    """Texts -> L2-normalised TF-IDF rows over a fixed vocabulary, as ``TfidfVectorizer`` gives.

    ``analyzer="char_wb"``: n-grams never cross whitespace, so a document's counts are the sum of
    its words' counts; the column ids of each word are cached (words repeat), which replaces
    generating and hashing thousands of n-gram strings per document.
    """

    def __init__(self, terms: Sequence[str], idf: np.ndarray, *, analyzer: str, ngram_range: tuple[int, int],
                 token_pattern: str | None, lowercase: bool, sublinear_tf: bool, norm: str | None,
                 max_cached_words: int = 200_000):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer must be 'word' or 'char_wb', got {analyzer!r}")
        self.terms = list(terms)
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.analyzer = analyzer
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.token_pattern = token_pattern
        self._token = re.compile(token_pattern) if analyzer == "word" else None
        self.lowercase = lowercase
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.max_cached_words = max_cached_words
        self._ids: dict[str, list[int]] = {}

    @classmethod
    def from_vectorizer(cls, vectorizer) -> TfidfTable:
        """The table of a fitted ``TfidfVectorizer`` (read by attribute; scikit-learn is not imported)."""
        terms = [""] * len(vectorizer.vocabulary_)
        for term, index in vectorizer.vocabulary_.items():
            terms[index] = term
        return cls(terms, vectorizer.idf_, analyzer=vectorizer.analyzer, ngram_range=tuple(vectorizer.ngram_range),
                   token_pattern=vectorizer.token_pattern, lowercase=vectorizer.lowercase,
                   sublinear_tf=vectorizer.sublinear_tf, norm=vectorizer.norm)

    def params(self) -> dict:
        """Keyword arguments that rebuild this table with ``terms`` and ``idf``."""
        return {"analyzer": self.analyzer, "ngram_range": list(self.ngram_range), "token_pattern": self.token_pattern,
                "lowercase": self.lowercase, "sublinear_tf": self.sublinear_tf, "norm": self.norm}

    def __len__(self) -> int:
        return len(self.terms)

    def _word_ids(self, text: str) -> list[int]:
        vocabulary = self.vocabulary
        grams = word_ngrams(self._token.findall(text), *self.ngram_range)
        return [vocabulary[g] for g in grams if g in vocabulary]

    def _char_ids(self, text: str) -> list[int]:
        vocabulary, (min_n, max_n), cache = self.vocabulary, self.ngram_range, self._ids
        ids: list[int] = []
        for word in text.split():
            found = cache.get(word)
            if found is None:
                if len(cache) >= self.max_cached_words:
                    cache.clear()
                found = cache[word] = [vocabulary[g] for g in char_wb_ngrams(word, min_n, max_n) if g in vocabulary]
            ids.extend(found)
        return ids

    def transform(self, texts: Sequence[str], dtype=np.float32) -> sp.csr_matrix:
        ids_of = self._word_ids if self.analyzer == "word" else self._char_ids
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            indices.extend(ids_of(text.lower() if self.lowercase else text))
            indptr.append(len(indices))
        counts = sp.csr_matrix((np.ones(len(indices), dtype=np.float64), np.asarray(indices, dtype=np.int32),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(self.terms)))
        counts.sum_duplicates()
        if self.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        counts.data *= self.idf[counts.indices]
        if self.norm == "l2":
            norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            counts.data /= np.repeat(norms, np.diff(counts.indptr))
        elif self.norm is not None:
            raise ValueError(f"norm {self.norm!r} is not supported; use 'l2' or None")
        return counts.astype(dtype)


class FeatureTables:
    """The featurizer's transform from plain tables: word TF-IDF | char TF-IDF | extraction features.

    ``NoticeFeaturizer.transform`` and the compiled model (``classifiers.compiled``) both use it,
    so the feature matrix is built by one piece of code.
    """

    def __init__(self, word: TfidfTable, char: TfidfTable | None, dict_names: Sequence[str] | None, *,
                 use_country: bool, extraction_weight: float, mask_countries: bool):
        self.word = word
        self.char = char
        self.dict_names = list(dict_names) if dict_names is not None else None
        self.dict_index = {name: i for i, name in enumerate(self.dict_names or [])}
        self.use_country = use_country
        self.extraction_weight = extraction_weight
        self.mask_countries = mask_countries

    def __len__(self) -> int:
        return len(self.word) + (len(self.char) if self.char else 0) + len(self.dict_index)

    def transform(self, docs: Sequence[AnalysedText]) -> sp.csr_matrix:
        texts = [masked_text(d) for d in docs] if self.mask_countries else [d.text for d in docs]
        blocks = [self.word.transform(texts)]
        if self.char is not None:
            blocks.append(self.char.transform(texts))
        if self.dict_names is not None:
            rows, cols, values = [], [], []
            for i, d in enumerate(docs):
                for name, value in analysis_features(d.analysis, self.use_country).items():
                    column = self.dict_index.get(name)
                    if column is not None and value:
                        rows.append(i)
                        cols.append(column)
                        values.append(value * self.extraction_weight)
            blocks.append(sp.csr_matrix((np.asarray(values, dtype=np.float32), (rows, cols)),
                                        shape=(len(docs), len(self.dict_names))))
        return sp.hstack(blocks, format="csr")

    def feature_names(self) -> np.ndarray:
        names = [f"word:{t}" for t in self.word.terms]
        if self.char is not None:
            names += [f"char:{t}" for t in self.char.terms]
        names += [f"ext:{n}" for n in self.dict_names or []]
        return np.asarray(names, dtype=object)
