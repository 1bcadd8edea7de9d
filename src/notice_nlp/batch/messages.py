"""Batch error codes (E070-E079, kept in ``notice_nlp.errors``) and the short names under which the batch summary counts error rows by kind.
"""

from __future__ import annotations

import re

from ..errors import Errors

# The batch codes live in the one catalogue, notice_nlp.errors.Errors.
BatchErrors = Errors


#: Error rows counted by kind in summaries: code -> short name.
ERROR_KINDS = {
    "E002": "not_a_string",
    "E003": "empty_text",
    "E004": "invalid_json",
    "E005": "missing_field",
    "E007": "invalid_utf8",
    "E070": "record_too_large",
    "E071": "ragged_row",
    "E072": "csv_parse_error",
}

_CODE = re.compile(r"^\[([EW]\d{3})\]")


def error_kind(message: str | None) -> str | None:
    """The short kind of an error row's message ("[E004] ..." -> "invalid_json")."""
    if message is None:
        return None
    match = _CODE.match(message)
    if not match:
        return "other"
    return ERROR_KINDS.get(match.group(1), match.group(1))
