"""The scikit-learn-free feature code matches scikit-learn, and the fast-path tokenizer keeps text."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from notice_nlp.docfeatures import AnalysedText, TfidfTable, masked_text
from notice_nlp.features import NoticeFeaturizer
from notice_nlp.nlp.extract import analyse_pipe
from notice_nlp.nlp.pipeline import DOC_TEXT_KEY, get_pipeline

CORPUS = [
    "Dana Virel, a blogger, is wanted by Tajikistan for 'extremism' under Article 307.",
    "The court in Lyon refused the extradition of Omar Falk to Russia's prosecutors.",
    "Wanted for armed robbery and murder in Lima; the U.S. didn't object.",
    "Ünïcode  café\tnon-compliant notice — withdrawn in 2021 (CCF).",
    "Turkish prosecutors accuse the journalist of membership of a terrorist organisation.",
]
TEXT = st.lists(st.sampled_from(list("abc xyz.,'-’\n\tÉé01U.S.") + ["don't", "Russia's", "  ", "İ"]),
                max_size=40).map("".join)


@pytest.mark.parametrize("params", [
    {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w[\w'-]*\w\b|\b\w\b"},
    {"analyzer": "char_wb", "ngram_range": (3, 5)},
    {"analyzer": "char_wb", "ngram_range": (2, 4), "sublinear_tf": False},
])
def test_tfidf_table_equals_sklearn(params):
    vectorizer = TfidfVectorizer(sublinear_tf=params.pop("sublinear_tf", True), **params).fit(CORPUS)
    table = TfidfTable.from_vectorizer(vectorizer)
    texts = CORPUS + ["an unseen text, with a café and x", "", "a"]
    assert np.allclose(table.transform(texts).toarray(), vectorizer.transform(texts).toarray(), atol=1e-6)
    assert np.allclose(table.transform(texts).toarray(), vectorizer.transform(texts).toarray(), atol=1e-6)  # cached


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_char_table_equals_sklearn_on_any_text(texts):
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(CORPUS)
    expected = vectorizer.transform(texts).toarray()
    assert np.allclose(TfidfTable.from_vectorizer(vectorizer).transform(texts).toarray(), expected, atol=1e-6)


@settings(max_examples=200, deadline=None)
@given(TEXT.filter(str.strip))
def test_fast_tokenizer_keeps_the_text(text):
    doc = get_pipeline("fast").tokenizer(text)
    assert doc.user_data.pop(DOC_TEXT_KEY) == text
    assert doc.text == text


def test_fast_tokenizer_splits_like_spacy_where_patterns_care():
    words = [t.text for t in get_pipeline("fast").tokenizer("The U.S. didn't extradite O'Brien; Russia’s non-compliant notice.")]
    assert words == ["The", "U.S.", "did", "n't", "extradite", "O'Brien", ";", "Russia", "’s", "non", "-",
                     "compliant", "notice", "."]


@pytest.mark.parametrize("mode", ["fast", "full"])
def test_both_tokenizers_split_elided_articles(mode):
    """"l'Algérie", "d'Haïti", "D'IVOIRE": the name is a token of its own on both paths; names such as
    "D'Souza" and "O'Brien" and English possessives ("Mr D's") stay as they were."""
    text = "l'extradition vers l'Algérie, République d'Haïti, CÔTE D'IVOIRE; O'Brien, Anil D'Souza, Mr D's car"
    doc = get_pipeline(mode).tokenizer(text)
    assert doc.text == text
    assert [t.text for t in doc] == ["l'", "extradition", "vers", "l'", "Algérie", ",", "République", "d'", "Haïti",
                                     ",", "CÔTE", "D'", "IVOIRE", ";", "O'Brien", ",", "Anil", "D'Souza", ",", "Mr",
                                     "D", "'s", "car"]


@pytest.mark.parametrize("mode", ["fast", "full"])
def test_a_country_with_an_elided_article_is_found_in_any_case(mode):
    from notice_nlp.nlp.pipeline import SPANS_KEY

    nlp = get_pipeline(mode)
    for text in ["Wanted by Côte d'Ivoire.", "Wanted by Côte D'Ivoire.", "Wanted by Côte D’Ivoire.",
                 "RED NOTICE — CÔTE D'IVOIRE."]:
        doc = nlp(text)
        assert [s.kb_id_ for s in doc.spans[SPANS_KEY] if s.label_ == "COUNTRY"] == ["CI"], text


def test_masked_text_hides_states_but_keeps_the_rest():
    text = "Russian prosecutors asked Ankara to arrest him in Turkey."
    doc = AnalysedText(text, next(analyse_pipe([text])))
    masked = masked_text(doc)
    assert "Russian" not in masked and "Ankara" not in masked and "Turkey" not in masked
    assert masked.startswith("country prosecutors asked country to arrest him in country")


def test_featurizer_masks_countries_when_asked():
    texts = CORPUS * 2
    plain = NoticeFeaturizer(min_df=1, use_char=False).fit(texts)
    masked = NoticeFeaturizer(min_df=1, use_char=False, mask_countries=True).fit(texts)
    assert {"word:turkish", "word:tajikistan"} <= set(plain.get_feature_names_out())
    assert not {"word:turkish", "word:tajikistan"} & set(masked.get_feature_names_out())


@pytest.mark.parametrize("calibration", ["sigmoid", "isotonic"])
def test_compiled_model_scores_like_the_estimators(calibration):
    from notice_nlp.classifiers import CalibratedLinearClassifier, MultiLabelIndicatorClassifier
    from notice_nlp.classifiers.compiled import CompiledLinearModel, compile_linear

    texts = CORPUS * 6
    docs = [AnalysedText(t, a) for t, a in zip(texts, analyse_pipe(texts), strict=True)]
    y = np.array([[i % 2, (i // 2) % 2] for i in range(len(texts))])
    featurizer = NoticeFeaturizer(min_df=1, max_char_features=500, mask_countries=True)
    X = featurizer.fit_transform(docs)
    heads = MultiLabelIndicatorClassifier(CalibratedLinearClassifier(calibration=calibration, cv=2)).fit(X, y)
    compiled = CompiledLinearModel(compile_linear(featurizer, {"indicators": heads}))
    assert abs(compiled.transform(docs) - X).max() < 1e-6
    assert np.allclose(compiled.predict_proba(X), heads.predict_proba(X), atol=1e-5)
