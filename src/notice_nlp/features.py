"""Stage 2: documents -> feature matrix, with feature names that evidence can point back to.

Three blocks: word n-grams, character n-grams, and what extraction yields (charge categories,
roles, status, outcomes, mechanisms and cues, each negation-aware) plus requesting-country
indicators from the committed country table.
"""

from __future__ import annotations

import copy

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .docfeatures import AnalysedText, FeatureTables, TfidfTable, analysis_features, masked_text
from .nlp.extract import analyse_pipe

__all__ = ["AnalysedText", "NoticeFeaturizer"]


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
    mask_countries : bool
        Replace country mentions by one placeholder word before the n-gram blocks (see
        ``masked_text``).
    extraction_weight : float
        Scale of the extraction block relative to the TF-IDF blocks.
    """

    def __init__(self, word_ngram_range=(1, 2), char_ngram_range=(3, 5), max_word_features=50000,
                 max_char_features=50000, use_char=True, use_extraction=True, use_country=True,
                 extraction_weight=1.0, min_df=2, mask_countries=False):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.use_char = use_char
        self.use_extraction = use_extraction
        self.use_country = use_country
        self.extraction_weight = extraction_weight
        self.min_df = min_df
        self.mask_countries = mask_countries

    def fit(self, X, y=None):
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None):
        docs = _as_analysed(X)
        texts = self._ngram_texts(docs)
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
        return self.tables().transform(_as_analysed(X))

    def _ngram_texts(self, docs: list[AnalysedText]) -> list[str]:
        return [masked_text(d) for d in docs] if self.mask_countries else [d.text for d in docs]

    def tables(self) -> FeatureTables:
        """The fitted featurizer as plain tables (what ``transform`` uses, and what models compile)."""
        # A cache, not learned state: built on first use from the fitted vectorizers, never saved.
        cached = self.__dict__.get("_table_cache")
        if cached is None or cached[0] is not self.word_:
            tables = FeatureTables(
                TfidfTable.from_vectorizer(self.word_),
                TfidfTable.from_vectorizer(self.char_) if self.use_char else None,
                self.dict_.feature_names_ if self.use_extraction else None,
                use_country=self.use_country, extraction_weight=self.extraction_weight,
                mask_countries=self.mask_countries)
            cached = self._table_cache = (self.word_, tables)
        return cached[1]

    # skops writes dicts node by node (hundreds of bytes per n-gram); storing each vocabulary as
    # one array of terms keeps artefacts small. The dicts are rebuilt on load.
    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_table_cache", None)
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
        state.setdefault("mask_countries", False)  # artefacts saved before the parameter existed
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
