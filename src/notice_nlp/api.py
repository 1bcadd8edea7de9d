"""The predict API: ``load()`` and ``NoticeClassifier``; plus ``describe()`` for ``notice-nlp info``."""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from .about import ARTEFACT_FORMAT, __version__
from .errors import ConfigError, Errors, ModelNotFoundError
from .types import Prediction

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


def checked_thresholds(thresholds: dict[str, float], labels) -> dict[str, float]:
    """``thresholds`` as floats, or ConfigError E015 for a label not in ``labels`` or a value outside 0-1."""
    out = {}
    for label, value in thresholds.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if label not in labels or not 0.0 <= number <= 1.0:
            raise ConfigError(Errors.E015.format(label=label, value=value, labels=", ".join(labels)))
        out[label] = number
    return out


class NoticeClassifier:
    """A loaded artefact: extraction (fast path), features, calibrated indicators and evidence.

    Use ``notice_nlp.load()`` to get one.
    """

    def __init__(self, scorer, meta: dict, path: Path | None = None, encoder=None, encoder_heads=None,
                 trusted: list[str] | None = None):
        self.scorer = scorer
        self.encoder = encoder
        self.encoder_heads = encoder_heads
        self.meta = meta
        self.path = path
        self.trusted = trusted
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.field_labels: tuple[str, ...] = tuple(meta.get("field_labels", []))
        self.thresholds = np.array([meta["thresholds"][label] for label in self.labels])
        self.field_thresholds = np.array([meta.get("field_thresholds", {}).get(f, 0.5) for f in self.field_labels])
        self._has_fields = "fields" in scorer.heads
        self._names = None
        self._coef = None
        self._estimators: dict[str, object] = {}

    @property
    def name(self) -> str:
        return self.meta.get("name", "model")

    def set_thresholds(self, thresholds: dict[str, float]) -> NoticeClassifier:
        """Change the decision threshold of some labels (the operating point); returns the model.

        The shipped thresholds are tuned on the dev split; the overall flag's favours not flagging
        ordinary crime. A screening reader who prefers to miss fewer political cases can lower it,
        e.g. ``model.set_thresholds({"politically_motivated": 0.6})``; the README shows the trade-off.
        """
        updated = self.thresholds.copy()
        for label, value in checked_thresholds(thresholds, self.labels).items():
            updated[self.labels.index(label)] = value
        self.thresholds = updated
        return self

    def estimator(self, part: str):
        """The fitted scikit-learn estimator ``part`` ("featurizer", "indicators", "fields"), read
        from its skops file on first use (for inspection or further training; predicting uses the
        compiled tables, which give the same scores)."""
        if part not in self._estimators:
            from .persist import load_part

            if self.path is None:
                raise ValueError("this model was not loaded from an artefact directory")
            self._estimators[part] = load_part(self.path, part, self.trusted)
        return self._estimators[part]

    def _evidence_tables(self):
        if self._names is None:
            self._names = self.scorer.feature_names()
            self._coef = self.scorer.heads["indicators"].coefficients()
        return self._names, self._coef

    def pipe(self, texts: Iterable, *, batch_size: int = 256, as_tuples: bool | None = None,
             evidence: bool = True) -> Iterator[Prediction]:
        """Stream one Prediction per input, in order; ``(text, id)`` tuples keep ids with texts.

        Parameters
        ----------
        texts : iterable of str or (str, id)
            Documents to score; ids default to the 0-based position.
        batch_size : int
            Documents analysed and scored at a time.
        as_tuples : bool, optional
            Force ``(text, id)`` handling; by default 2-tuples are detected.
        evidence : bool
            Compute evidence spans per label (slightly slower).

        Yields
        ------
        notice_nlp.types.Prediction
            Scores, flagged labels, extraction and evidence; a bad input (not a string, empty)
            yields a Prediction with ``error`` set ([E002]/[E003]) instead of raising.
        """
        from .docfeatures import AnalysedText
        from .evidence import evidence_rows
        from .nlp.extract import analyse_pipe, text_id_pairs

        items = text_id_pairs(texts, as_tuples)
        while inputs := list(islice(items, batch_size)):
            batch = list(zip([text for text, _ in inputs],
                             analyse_pipe(inputs, batch_size=batch_size, as_tuples=True, ner=False), strict=True))
            good = [(i, a) for i, (_, a) in enumerate(batch) if a.extraction.error is None]
            docs = [AnalysedText(batch[i][0], a) for i, a in good]
            scores = fields = X = None
            if docs:
                X = self.scorer.transform(docs)
                scores = self.scorer.predict_proba(X, "indicators")
                if self.encoder_heads is not None:
                    scores = self.encoder_heads.predict_proba(np.hstack([self.encoder.transform(docs), scores]))
                fields = self.scorer.predict_proba(X, "fields") if self._has_fields else None
            position = {i: k for k, (i, _) in enumerate(good)}
            for i, (_, analysis) in enumerate(batch):
                ex = analysis.extraction
                if i not in position:
                    yield Prediction(id=ex.id, extraction=ex, error=ex.error)
                    continue
                k = position[i]
                row = scores[k]
                if fields is not None:
                    ex = self._merge_fields(ex, fields[k])
                ev = {}
                if evidence:
                    names, coef = self._evidence_tables()
                    ev = dict(zip(self.labels, evidence_rows(docs[k], X, k, names, coef), strict=True))
                yield Prediction(
                    id=ex.id,
                    scores={label: float(row[j]) for j, label in enumerate(self.labels)},
                    labels=tuple(label for j, label in enumerate(self.labels) if row[j] >= self.thresholds[j]),
                    extraction=ex, evidence=ev)

    def _merge_fields(self, ex, probs):
        """Charge categories and roles from the learned field heads (which see the rule matches)."""
        from dataclasses import replace

        charges = sorted(f.split(":", 1)[1] for f, p, t in zip(self.field_labels, probs, self.field_thresholds, strict=True)
                         if f.startswith("charge:") and p >= t)
        roles = sorted(f.split(":", 1)[1] for f, p, t in zip(self.field_labels, probs, self.field_thresholds, strict=True)
                       if f.startswith("role:") and p >= t) or ["none"]
        return replace(ex, charge_categories=tuple(charges), roles=tuple(roles))

    def predict(self, texts: Iterable, **kwargs) -> list[Prediction]:
        """Predictions for a list of texts (or ``(text, id)`` tuples).

        Parameters
        ----------
        texts : iterable of str or (str, id)
        **kwargs
            Passed to :meth:`pipe` (``batch_size``, ``as_tuples``, ``evidence``).

        Returns
        -------
        list of notice_nlp.types.Prediction
            One per input, in order.
        """
        return list(self.pipe(texts, **kwargs))

    def predict_proba(self, texts: Iterable) -> np.ndarray:
        """Scores as an array (n_texts, 8) in ``self.labels`` order; NaN rows for bad inputs.

        Parameters
        ----------
        texts : iterable of str or (str, id)

        Returns
        -------
        numpy.ndarray
            Calibrated scores, shape (n_texts, n_labels).
        """
        rows = []
        for p in self.pipe(texts, evidence=False):
            rows.append([p.scores.get(label, np.nan) for label in self.labels])
        return np.asarray(rows, dtype=float).reshape(-1, len(self.labels))


def resolve_model(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if (path / "meta.json").is_file():
        return path
    candidate = models_dir() / str(name_or_path)
    if (candidate / "meta.json").is_file():
        return candidate
    raise ModelNotFoundError(Errors.E010.format(name=name_or_path, available=", ".join(available_models()) or "none"))


def load(name_or_path: str | Path = "notice-linear-v1", *, trusted: list[str] | None = None) -> NoticeClassifier:
    """Load a model artefact by name (from ``models/``) or path, verifying every file's sha256.

    Parameters
    ----------
    name_or_path : str or Path
        "notice-linear-v1" or the path of an artefact directory.
    trusted : list of str, optional
        Extra types to trust when loading skops files (inspect them first).

    Returns
    -------
    NoticeClassifier

    Raises
    ------
    notice_nlp.errors.ModelNotFoundError
        [E010] when no such model exists; the message lists the available ones.
    notice_nlp.errors.IntegrityError
        [E011] when a file does not match the sha256 recorded in meta.json.
    notice_nlp.errors.UntrustedTypesError
        [E013] when a skops file holds types that are not trusted.
    """
    from .classifiers.compiled import TABLES_FILE, CompiledLinearModel
    from .persist import load_part, read_meta, verify

    path = resolve_model(name_or_path)
    meta = read_meta(path)
    verify(path, meta, meta.get("name", str(name_or_path)))
    files = meta.get("files", {})
    if TABLES_FILE in files:
        scorer = CompiledLinearModel.load(path / TABLES_FILE)
    else:  # an artefact written before tables.npz existed: compile its estimators now
        from .classifiers.compiled import compile_linear

        heads = {"indicators": load_part(path, "indicators", trusted)}
        if "fields.skops" in files:
            heads["fields"] = load_part(path, "fields", trusted)
        scorer = CompiledLinearModel(compile_linear(load_part(path, "featurizer", trusted), heads))
    encoder = encoder_heads = None
    if "encoder_heads.skops" in files:
        encoder = load_part(path, "encoder", trusted)
        encoder_heads = load_part(path, "encoder_heads", trusted)
    return NoticeClassifier(scorer, meta, path, encoder=encoder, encoder_heads=encoder_heads, trusted=trusted)
