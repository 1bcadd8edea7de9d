"""Public extraction API: ``extract`` and the streaming ``extract_pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..errors import InvalidInputError
from ..text import prepare
from ..types import Extraction
from .fields import Analysis, analyse
from .pipeline import get_pipeline


def text_id_pairs(texts: Iterable[Any], as_tuples: bool | None) -> Iterator[tuple[Any, Any]]:
    """(text, id) pairs from texts or ``(text, id)`` tuples; ids default to the 0-based position."""
    for i, item in enumerate(texts):
        if as_tuples or (as_tuples is None and isinstance(item, tuple) and len(item) == 2):
            yield item[0], item[1]
        else:
            yield item, i


def analyse_pipe(texts: Iterable[Any], *, batch_size: int = 256, as_tuples: bool | None = None,
                 ner: bool = False) -> Iterator[Analysis]:
    """Yield one Analysis per input, in input order; bad inputs yield an Analysis with ``error``.

    ``texts`` holds strings or ``(text, id)`` tuples; ids default to the 0-based position.
    ``ner=False`` takes the fast path (no statistical model): no PERSON/ORG entities.
    """
    nlp = get_pipeline("full" if ner else "fast")
    items = text_id_pairs(texts, as_tuples)
    while batch := list(islice(items, batch_size)):
        prepared: list[tuple[Any, str | None, str | None, str | None]] = []
        for text, doc_id in batch:
            try:
                clean, warning = prepare(text)
                prepared.append((doc_id, clean, warning, None))
            except InvalidInputError as error:
                prepared.append((doc_id, None, None, str(error)))
        docs = iter(nlp.pipe([clean for _, clean, _, err in prepared if err is None]))
        for doc_id, _, warning, error in prepared:
            if error is not None:
                yield Analysis(Extraction(id=doc_id, error=error), ())
            else:
                yield analyse(next(docs), doc_id, warning)


def extract_pipe(texts: Iterable[Any], *, batch_size: int = 256, as_tuples: bool | None = None,
                 ner: bool = True) -> Iterator[Extraction]:
    """Stream Extractions for texts or ``(text, id)`` tuples, one per input, in order.

    Parameters
    ----------
    texts : iterable of str or (str, id)
        Documents to read.
    batch_size : int
        Documents handed to spaCy at a time.
    as_tuples : bool, optional
        Force tuple handling; by default 2-tuples are detected.
    ner : bool
        Run the statistical NER for PERSON/ORG/DATE (slower). ``False`` is the fast path.
    """
    for analysis in analyse_pipe(texts, batch_size=batch_size, as_tuples=as_tuples, ner=ner):
        yield analysis.extraction


def extract(text: str, *, ner: bool = True) -> Extraction:
    """Extract the requesting country, charges, roles and entities from one text."""
    return next(extract_pipe([(text, None)], as_tuples=True, ner=ner))
