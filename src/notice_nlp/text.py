"""Input checks and cleaning that keep character offsets into the original text."""

from __future__ import annotations

import re

from .errors import Errors, InvalidInputError, Warnings

#: Longer texts are cut to this many characters (a warning says so).
MAX_CHARS = 200_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def prepare(text: object, max_chars: int = MAX_CHARS) -> tuple[str, str | None]:
    """Check one input text and return (clean text, warning or None).

    Control characters become spaces so that offsets still point into the caller's text.
    Raises ``InvalidInputError`` for non-strings and empty texts.
    """
    if not isinstance(text, str):
        raise InvalidInputError(Errors.E002.format(type=type(text).__name__))
    if not text.strip():
        raise InvalidInputError(Errors.E003)
    warning = None
    if len(text) > max_chars:
        warning = Warnings.W001.format(n=len(text), limit=max_chars)
        text = text[:max_chars]
    text = _CONTROL.sub(" ", text)
    sample = text[:5000]
    if sample.isascii():  # the usual case: an ASCII text cannot fail the check below
        return text, warning
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 20:
        ascii_share = sum(c.isascii() for c in letters) / len(letters)
        if ascii_share < 0.6:
            warning = Warnings.W002.format(share=ascii_share)
    return text, warning
