"""Coded messages of the batch tools, in the style of ``notice_nlp.errors`` (codes E070-E079).

Also the short names under which the batch summary counts error rows by kind.
"""

from __future__ import annotations

import re

from ..errors import ErrorsWithCodes


class BatchErrors(metaclass=ErrorsWithCodes):
    E070 = ("Record of {size:,} bytes is larger than the limit of {limit:,} bytes. Split the document or "
            "raise --max-record-bytes.")
    E071 = "Ragged CSV row: {n} fields where the header has {expected}. Quote fields that hold commas."
    E072 = "CSV row cannot be parsed: {detail}. Fix the row; other rows are still processed."
    E073 = ("A checkpoint exists for '{output}' but it was written for {what}. Delete '{checkpoint}' to start "
            "over, or resume with the same input and options.")
    E074 = "--resume needs a file or directory output, not stdout. Pass -o PATH."
    E075 = ("Output '{output}' holds a finished run (manifest complete). Choose a new output folder or "
            "delete it.")
    E076 = "Unknown output format '{fmt}'. Use jsonl, csv or parquet (jsonl and csv may end in .gz)."
    E077 = "Unknown engine '{engine}'. Use 'local' or 'dask'."
    E078 = ("A worker process died while classifying (out of memory, or killed). Resume the run with "
            "--resume; lower --n-process or --batch-size if it happens again.")
    E079 = "Cannot read predictions from '{path}': {detail}. Pass a JSONL or Parquet file or a dask output folder."


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
