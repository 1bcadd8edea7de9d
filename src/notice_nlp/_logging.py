"""The library's named logger (foundation).

The library never configures logging for the application: it only attaches a NullHandler so that
an application without logging configured sees no "no handler" warnings.
"""

import logging

logger = logging.getLogger("notice_nlp")
logger.addHandler(logging.NullHandler())


def preview(text: str, width: int = 40) -> str:
    """A short, log-safe preview of an input text: never log whole texts (they name people)."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
