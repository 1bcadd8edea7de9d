"""Package version and artefact format version (foundation: standard library only)."""

__version__ = "0.1.0"
#: Version of the on-disk model artefact layout; bumped when meta.json changes incompatibly.
ARTEFACT_FORMAT = 1
