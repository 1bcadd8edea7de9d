"""The spec's names and records, as code."""

import re
import warnings

import pytest

from notice_nlp import errors, labels
from notice_nlp.types import EntityMention, Evidence, Extraction, Prediction

SPEC_PREDICTION_KEYS = {"id", "scores", "labels", "requesting_country", "charge_categories", "roles",
                        "entities", "evidence", "error"}


def test_labels_match_taxonomy(taxonomy_text):
    table = re.findall(r"^\| ([a-z_]+) \|", taxonomy_text, flags=re.M)
    assert [name for name in table if name != "label"] == list(labels.LABELS)
    categories = re.search(r"## Charge categories.*?\n\n?(.*?)\n\n", taxonomy_text, flags=re.S).group(1)
    assert [c.strip() for c in categories.replace("\n", " ").split(",")] == list(labels.CHARGE_CATEGORIES)
    roles = re.search(r"## Roles.*?\n(.*?)\n\n", taxonomy_text, flags=re.S).group(1)
    assert [r.strip() for r in roles.replace("\n", " ").split(",")] == list(labels.ROLES)


def test_every_indicator_has_definition_and_grounds():
    assert len(labels.INDICATORS) == 8
    for item in labels.INDICATORS:
        assert len(item.definition) > 40 and item.grounds
    assert labels.indicator("vague_charge").name == "vague_charge"
    with pytest.raises(KeyError, match=r"\[E030\].*political_offence"):
        labels.indicator("nope")


def test_prediction_record_has_exactly_the_spec_fields():
    extraction = Extraction(id="x", requesting_country="TR", charge_categories=("terrorism",), roles=("none",),
                            entities=(EntityMention("Ankara", "COUNTRY", 0, 6, "TR"),))
    record = Prediction(id="x", scores={name: 0.5 for name in labels.LABELS}, labels=("vague_charge",),
                        extraction=extraction, evidence={"vague_charge": (Evidence("TCK 314", 10, 17),)}).to_dict()
    assert set(record) == SPEC_PREDICTION_KEYS
    assert record["entities"][0] == {"text": "Ankara", "label": "COUNTRY", "start": 0, "end": 6, "norm": "TR"}
    assert record["evidence"]["vague_charge"] == [{"text": "TCK 314", "start": 10, "end": 17}]
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        extraction.id = "y"  # frozen


def test_error_catalogue_is_coded_and_actionable():
    for name in dir(errors.Errors):
        if re.fullmatch(r"E\d{3}", name):
            message = getattr(errors.Errors, name)
            assert message.startswith(f"[{name}] ")
    assert issubclass(errors.ModelNotFoundError, FileNotFoundError)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        errors.warn(errors.Warnings.W001.format(n=10, limit=5))
    assert caught[0].category is errors.NoticeNLPWarning


def test_import_has_no_global_side_effects():
    """A fresh interpreter: importing adds only a NullHandler and never imports torch."""
    import subprocess
    import sys

    code = ("import logging, sys; import notice_nlp; "
            "assert logging.getLogger().handlers == []; "
            "assert [type(h).__name__ for h in logging.getLogger('notice_nlp').handlers] == ['NullHandler']; "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
