"""spaCy pipeline component ``notice_indicators``: the 8 calibrated indicators on any spaCy ``Doc``.

The factory is registered with spaCy through the ``spacy_factories`` entry point of this package,
so it is available as soon as notice_nlp is installed::

    import spacy

    nlp = spacy.blank("en")                      # or spacy.load("en_core_web_sm")
    nlp.add_pipe("notice_indicators", config={"model": "notice-linear-v1"})
    doc = nlp("Wanted by Belarus for organising an unauthorised rally; the blogger has asylum in Poland.")
    doc._.indicators["politically_motivated"]     # calibrated score, 0-1
    doc._.flagged                                 # indicators at or above their threshold
    doc._.evidence["refugee_or_asylum"]           # ({"text", "start", "end", "weight"}, ...)
    doc.spans["notice_evidence"]                  # the same evidence as spans labelled by indicator
    nlp.to_disk("pipeline"); spacy.load("pipeline")  # restores the component from its config

The component stores only the model *name or path* in its config (``model``); the artefact itself
is loaded (and its hashes verified) the first time a document is processed. Pass a name from
``models/`` (``NOTICE_NLP_MODELS``) or an absolute path so that ``spacy.load`` finds it again.

Doc extensions (``doc._.indicators``, ``doc._.flagged``, ``doc._.evidence``,
``doc._.notice_error``) are registered when the component is created, not at import. Their values
are plain dicts, tuples, floats and strings, so ``DocBin(store_user_data=True)`` keeps them.
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

#: Default key of the evidence spans in ``doc.spans``.
EVIDENCE_SPANS_KEY = "notice_evidence"
#: Default key of the extracted entities (CHARGE, ROLE, COUNTRY, ...) in ``doc.spans``.
ENTITY_SPANS_KEY = "notice_entities"
#: The Doc extensions the component sets, with what each holds.
EXTENSIONS = {
    "indicators": "dict: indicator name -> calibrated score (0-1); {} when the text could not be scored",
    "flagged": "tuple: indicator names whose score is at or above the model's threshold",
    "evidence": "dict: indicator name -> tuple of {'text', 'start', 'end', 'weight'} (character offsets)",
    "notice_error": "str or None: the coded error when the text could not be scored (e.g. empty text)",
}


@lru_cache(maxsize=4)
def _load_model(path: str):
    """Load (and cache for this process) the artefact at ``path``: loading verifies every hash."""
    from .api import load

    return load(path)


def register_extensions() -> None:
    """Register the Doc extensions the component writes (idempotent).

    Called when a ``notice_indicators`` component is created; call it yourself only to read the
    attributes of Docs deserialised (e.g. from a ``DocBin``) without creating the component.
    """
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.factory(
    "notice_indicators",
    default_config={"model": "notice-linear-v1", "spans_key": EVIDENCE_SPANS_KEY,
                    "entities_key": ENTITY_SPANS_KEY, "batch_size": 64},
    assigns=["doc._.indicators", "doc._.flagged", "doc._.evidence", "doc._.notice_error", "doc.spans"],
)
def make_notice_indicators(nlp: Language, name: str, model: str, spans_key: str,
                           entities_key: str | None, batch_size: int) -> "NoticeIndicators":
    """Create a ``notice_indicators`` component (spaCy calls this from ``nlp.add_pipe``).

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component is added to.
    name : str
        The component's name in the pipeline.
    model : str
        A model name from ``models/`` (e.g. ``"notice-linear-v1"``) or the path of an artefact
        directory. It is stored in the pipeline's config, so ``spacy.load`` restores it.
    spans_key : str
        ``doc.spans`` key for the evidence spans (default ``"notice_evidence"``).
    entities_key : str or None
        ``doc.spans`` key for the extracted entities; ``None`` (``null`` in a config) skips them.
    batch_size : int
        Documents scored at a time by ``nlp.pipe``.

    Returns
    -------
    NoticeIndicators
    """
    return NoticeIndicators(nlp, name, model=model, spans_key=spans_key, entities_key=entities_key,
                            batch_size=batch_size)


class NoticeIndicators:
    """Score a Doc's text with a notice_nlp model and attach scores, flags and evidence.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component belongs to.
    name : str
        The component's name.
    model : str
        Model name from ``models/`` or path of an artefact directory. Checked now (a missing model
        raises ``ModelNotFoundError`` [E010] listing the available ones); loaded on first use.
    spans_key : str
        ``doc.spans`` key of the evidence spans; each span's label is the indicator it supports.
        ``doc.spans[spans_key].attrs`` holds ``{"weights": [...], "scores": {...}}``.
    entities_key : str or None
        ``doc.spans`` key of the extracted entities (label = entity type, ``kb_id_`` = normalised
        value); ``doc.spans[entities_key].attrs["negated"]`` lists which are negated.
    batch_size : int
        Documents scored at a time in :meth:`pipe`.

    Raises
    ------
    notice_nlp.errors.ModelNotFoundError
        [E010] when ``model`` is neither a model name in ``models/`` nor an artefact directory.
    """

    def __init__(self, nlp: Language, name: str = "notice_indicators", *, model: str = "notice-linear-v1",
                 spans_key: str = EVIDENCE_SPANS_KEY, entities_key: str | None = ENTITY_SPANS_KEY,
                 batch_size: int = 64):
        from .api import resolve_model

        self.name = name
        self.model_name = str(model)
        self.model_path: Path = resolve_model(model).resolve()
        self.spans_key = spans_key
        self.entities_key = entities_key
        self.batch_size = batch_size
        register_extensions()

    @property
    def model(self):
        """The loaded :class:`notice_nlp.api.NoticeClassifier` (loaded once per process and path)."""
        return _load_model(str(self.model_path))

    @property
    def labels(self) -> tuple[str, ...]:
        """The indicator names, in the model's order."""
        return self.model.labels

    def __call__(self, doc: Doc) -> Doc:
        """Score one Doc and set its extensions and spans.

        Parameters
        ----------
        doc : spacy.tokens.Doc

        Returns
        -------
        spacy.tokens.Doc
            The same Doc, annotated.
        """
        prediction = next(self.model.pipe([(doc.text, None)], as_tuples=True))
        self.set_annotations(doc, prediction)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Score Docs in batches (``nlp.pipe`` calls this), yielding them in order.

        Parameters
        ----------
        stream : iterable of spacy.tokens.Doc
        batch_size : int, optional
            Defaults to the component's ``batch_size``.

        Yields
        ------
        spacy.tokens.Doc
        """
        size = batch_size or self.batch_size
        docs = iter(stream)
        while batch := list(islice(docs, size)):
            predictions = self.model.pipe([(doc.text, i) for i, doc in enumerate(batch)], batch_size=size,
                                          as_tuples=True)
            for doc, prediction in zip(batch, predictions, strict=True):
                self.set_annotations(doc, prediction)
                yield doc

    def set_annotations(self, doc: Doc, prediction: Any) -> None:
        """Write one :class:`notice_nlp.types.Prediction` onto ``doc``.

        Parameters
        ----------
        doc : spacy.tokens.Doc
        prediction : notice_nlp.types.Prediction
            A prediction for ``doc.text`` (offsets index into it).
        """
        ex = prediction.extraction
        error = prediction.error if prediction.error is not None else (ex.error if ex is not None else None)
        doc._.indicators = {label: float(score) for label, score in prediction.scores.items()}
        doc._.flagged = tuple(prediction.labels)
        doc._.notice_error = error
        # tuples, as DocBin gives them back (msgpack), so values compare equal after a round trip
        doc._.evidence = {label: tuple({"text": e.text, "start": e.start, "end": e.end, "weight": float(e.weight)}
                                       for e in spans) for label, spans in prediction.evidence.items()}
        spans, weights = [], []
        for label, items in prediction.evidence.items():
            for e in items:
                span = doc.char_span(e.start, e.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
                    weights.append(float(e.weight))
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans,
                                              attrs={"weights": weights, "scores": dict(doc._.indicators)})
        if self.entities_key:
            entities, negated = [], []
            for m in (ex.entities if ex is not None else ()):
                span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.norm or "", alignment_mode="expand")
                if span is not None:
                    entities.append(span)
                    negated.append(bool(m.negated))
            doc.spans[self.entities_key] = SpanGroup(doc, name=self.entities_key, spans=entities,
                                                     attrs={"negated": negated})
