"""notice_nlp: signs of political motivation in INTERPOL notices and press coverage.

A screening and research aid: it reads text and reports indicators with evidence. It never
decides anything about a person.
"""

from ._logging import logger
from .about import __version__
from .labels import CHARGE_CATEGORIES, LABELS, ROLES


def extract(text, **kwargs):
    """Extract fields and entities from one text; see :func:`notice_nlp.nlp.extract.extract`."""
    from .nlp.extract import extract as _extract

    return _extract(text, **kwargs)


def extract_pipe(texts, **kwargs):
    """Stream extractions; see :func:`notice_nlp.nlp.extract.extract_pipe`."""
    from .nlp.extract import extract_pipe as _extract_pipe

    return _extract_pipe(texts, **kwargs)


def load(name_or_path="notice-linear-v1", **kwargs):
    """Load a model artefact (verifying every file's sha256); see :func:`notice_nlp.api.load`.

    Parameters
    ----------
    name_or_path : str or Path
        A model name in ``models/`` (default ``"notice-linear-v1"``) or an artefact directory.
    **kwargs
        Passed to :func:`notice_nlp.api.load` (``trusted=``).

    Returns
    -------
    notice_nlp.api.NoticeClassifier
        With ``.predict``, ``.pipe`` and ``.predict_proba``.

    Raises
    ------
    notice_nlp.errors.ModelNotFoundError
        [E010] when no such model exists; the message lists the available ones.
    """
    from .api import load as _load

    return _load(name_or_path, **kwargs)


def explain(text, model="notice-linear-v1", **kwargs):
    """Score one text and explain it; see :func:`notice_nlp.explain.explain`.

    Parameters
    ----------
    text : str
        The notice or article text.
    model : str, Path or NoticeClassifier
        Model name, artefact path or a loaded model (loaded models are cached per process).
    **kwargs
        ``html=PATH`` also writes the explanation page.

    Returns
    -------
    notice_nlp.explain.Explanation
        Displays itself in a notebook (entities, and per indicator its score with the evidence
        highlighted); ``.save(path)`` writes the page.
    """
    from .explain import explain as _explain

    return _explain(text, model, **kwargs)


__all__ = ["__version__", "explain", "extract", "extract_pipe", "load", "LABELS", "CHARGE_CATEGORIES", "ROLES",
           "logger"]
