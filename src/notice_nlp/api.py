"""The predict API: ``load()`` and ``NoticeClassifier``; plus ``describe()`` for ``notice-nlp info``."""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

from .about import ARTEFACT_FORMAT, __version__

#: Where the shipped models live: the repository's models/ folder, or NOTICE_NLP_MODELS.
MODELS_ENV = "NOTICE_NLP_MODELS"


def models_dir() -> Path:
    env = os.environ.get(MODELS_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def available_models() -> list[str]:
    root = models_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "meta.json").is_file())


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def describe() -> dict:
    """Versions, the spaCy pipeline in use and the models available."""
    from .nlp.pipeline import pipeline_name

    return {
        "notice_nlp": __version__,
        "artefact_format": ARTEFACT_FORMAT,
        "dependencies": {p: _version(p) for p in ("spacy", "scikit-learn", "skops", "numpy", "datasets",
                                                    "transformers", "torch", "dask")},
        "spacy_pipeline": pipeline_name(),
        "models_dir": str(models_dir()),
        "models": available_models(),
    }
