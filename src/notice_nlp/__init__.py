"""notice_nlp: signs of political motivation in INTERPOL notices and press coverage.

A screening and research aid: it reads text and reports indicators with evidence. It never
decides anything about a person.
"""

from ._logging import logger
from .about import __version__
from .labels import CHARGE_CATEGORIES, LABELS, ROLES
from .nlp.extract import extract, extract_pipe

__all__ = ["__version__", "extract", "extract_pipe", "LABELS", "CHARGE_CATEGORIES", "ROLES", "logger"]
