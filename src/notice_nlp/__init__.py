"""notice_nlp: signs of political motivation in INTERPOL notices and press coverage.

A screening and research aid: it reads text and reports indicators with evidence. It never
decides anything about a person.
"""

from ._logging import logger
from .about import __version__
from .labels import CHARGE_CATEGORIES, LABELS, ROLES
from .nlp.extract import extract, extract_pipe


def load(name_or_path="notice-linear-v1", **kwargs):
    """Load a model artefact; see :func:`notice_nlp.api.load`."""
    from .api import load as _load

    return _load(name_or_path, **kwargs)

__all__ = ["__version__", "extract", "extract_pipe", "load", "LABELS", "CHARGE_CATEGORIES", "ROLES", "logger"]
