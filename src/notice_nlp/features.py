"""Stage 2: documents -> feature matrix, with feature names that evidence can point back to.

Three blocks: word n-grams, character n-grams, and what extraction yields (charge categories,
roles, status, outcomes, mechanisms and cues, each negation-aware) plus requesting-country
indicators from the committed country table.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from .country_data import country_table
from .nlp.extract import analyse_pipe
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


class CharNgramTfidf:
    """``TfidfVectorizer(analyzer="char_wb").transform`` with the column ids of each word cached.

    char_wb n-grams never cross whitespace, so a document's counts are the sum of its words'
    counts; words repeat (Zipf), so looking each word's ids up once replaces generating and
    hashing thousands of n-gram strings per document. Output equals the vectorizer's.
    """

    def __init__(self, vectorizer: TfidfVectorizer, max_cached_words: int = 200_000):
        self.vectorizer = vectorizer
        self.max_cached_words = max_cached_words
        self._preprocess = vectorizer.build_preprocessor()
        self._ids: dict[str, list[int]] = {}

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        v = self.vectorizer
        vocabulary, (min_n, max_n), cache = v.vocabulary_, v.ngram_range, self._ids
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in self._preprocess(text).split():
                ids = cache.get(word)
                if ids is None:
                    if len(cache) >= self.max_cached_words:
                        cache.clear()
                    ids = cache[word] = [vocabulary[g] for g in char_wb_ngrams(word, min_n, max_n)
                                         if g in vocabulary]
                indices.extend(ids)
            indptr.append(len(indices))
        counts = sp.csr_matrix((np.ones(len(indices), dtype=v.dtype), np.asarray(indices, dtype=np.int32),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(vocabulary)))
        counts.sum_duplicates()
        if v.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        if v.use_idf:
            counts.data *= v.idf_[counts.indices].astype(v.dtype)
        return normalize(counts, norm=v.norm, copy=False) if v.norm else counts


def _as_analysed(X) -> list[AnalysedText]:
    items = list(X)
    todo = [(i, x) for i, x in enumerate(items) if not isinstance(x, AnalysedText)]
    if todo:
        done = analyse_pipe([(x, i) for i, x in todo], as_tuples=True, ner=False)
        for (i, x), analysis in zip(todo, done, strict=True):
            items[i] = AnalysedText(x if isinstance(x, str) else "", analysis)
    return items


class NoticeFeaturizer(TransformerMixin, BaseEstimator):
    """Texts (or AnalysedText) -> sparse matrix of word, character and extraction features.

    Parameters
    ----------
    word_ngram_range, char_ngram_range : tuple of int
        n-gram ranges of the two TF-IDF blocks.
    max_word_features, max_char_features : int
        Vocabulary caps (most frequent n-grams are kept).
    use_char, use_extraction, use_country : bool
        Switch feature blocks on or off.
    extraction_weight : float
        Scale of the extraction block relative to the TF-IDF blocks.
    """

    def __init__(self, word_ngram_range=(1, 2), char_ngram_range=(3, 5), max_word_features=50000,
                 max_char_features=50000, use_char=True, use_extraction=True, use_country=True,
                 extraction_weight=1.0, min_df=2):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.use_char = use_char
        self.use_extraction = use_extraction
        self.use_country = use_country
        self.extraction_weight = extraction_weight
        self.min_df = min_df

    def fit(self, X, y=None):
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None):
        docs = _as_analysed(X)
        texts = [d.text for d in docs]
        self.word_ = TfidfVectorizer(ngram_range=tuple(self.word_ngram_range), min_df=self.min_df,
                                     max_features=self.max_word_features, sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w[\w'-]*\w\b|\b\w\b", dtype=np.float32)
        blocks = [self.word_.fit_transform(texts)]
        if self.use_char:
            self.char_ = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                         min_df=self.min_df, max_features=self.max_char_features,
                                         sublinear_tf=True, dtype=np.float32)
            blocks.append(self.char_.fit_transform(texts))
        if self.use_extraction:
            self.dict_ = DictVectorizer(dtype=np.float32)
            blocks.append(self.dict_.fit_transform(
                [analysis_features(d.analysis, self.use_country) for d in docs]) * self.extraction_weight)
        for vectorizer in (self.word_, getattr(self, "char_", None)):
            if vectorizer is not None and hasattr(vectorizer, "stop_words_"):
                del vectorizer.stop_words_  # only for introspection; it holds every pruned n-gram
        self.n_features_out_ = sum(b.shape[1] for b in blocks)
        return sp.hstack(blocks, format="csr")

    def transform(self, X):
        check_is_fitted(self, "word_")
        docs = _as_analysed(X)
        texts = [d.text for d in docs]
        blocks = [self.word_.transform(texts)]
        if self.use_char:
            blocks.append(self._char_tfidf().transform(texts))
        if self.use_extraction:
            blocks.append(self.dict_.transform(
                [analysis_features(d.analysis, self.use_country) for d in docs]) * self.extraction_weight)
        return sp.hstack(blocks, format="csr")

    def _char_tfidf(self) -> CharNgramTfidf:
        # A cache, not learned state: built on first use, never saved (see __getstate__).
        if self.__dict__.get("_char_cache") is None or self._char_cache.vectorizer is not self.char_:
            self._char_cache = CharNgramTfidf(self.char_)
        return self._char_cache

    # skops writes dicts node by node (hundreds of bytes per n-gram); storing each vocabulary as
    # one array of terms keeps artefacts small. The dicts are rebuilt on load.
    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_char_cache", None)
        for key in ("word_", "char_"):
            vectorizer = state.get(key)
            if vectorizer is not None and isinstance(getattr(vectorizer, "vocabulary_", None), dict):
                terms = np.empty(len(vectorizer.vocabulary_), dtype=object)
                for term, index in vectorizer.vocabulary_.items():
                    terms[index] = term
                slim = copy.copy(vectorizer)
                del slim.vocabulary_
                state[key] = slim
                state[f"{key}terms"] = np.asarray(terms, dtype=str)
        return state

    def __setstate__(self, state):
        for key in ("word_", "char_"):
            terms = state.pop(f"{key}terms", None)
            if terms is not None:
                state[key].vocabulary_ = {str(term): i for i, term in enumerate(terms)}
        self.__dict__.update(state)

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "word_")
        names = [f"word:{n}" for n in self.word_.get_feature_names_out()]
        if self.use_char:
            names += [f"char:{n}" for n in self.char_.get_feature_names_out()]
        if self.use_extraction:
            names += [f"ext:{n}" for n in self.dict_.get_feature_names_out()]
        return np.asarray(names, dtype=object)
