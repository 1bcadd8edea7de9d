"""Share of real ordinary-crime alerts flagged politically_motivated (evaluation only, never training).

Reads ../shared/data/fbi_wanted (persons wanted for crimes, not missing persons) and the INTERPOL
Infra-Red most-wanted list of ../shared/data/alice_corona_datasets; target <= 3% each. Prints the
share per model, and how many flagged documents come from each source.

Usage: python benchmarks/real_alerts.py [--model notice-linear-v1 --model notice-encoder-v1]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NOTICE_NLP_SHARED", ROOT.parent / "shared")) / "data"
FBI = DATA / "fbi_wanted" / "fbi_wanted_2024-02.csv.gz"
INFRA_RED = DATA / "alice_corona_datasets" / "interpol_most_wanted" / "Fugitives.csv"


def shipped_models(names: list[str] | None):
    """(name, loaded model) for ``names``, or for the shipped models that are present; a model whose
    extra is not installed is reported and skipped."""
    import notice_nlp
    from notice_nlp.api import available_models

    for name in names or [m for m in ("notice-linear-v1", "notice-encoder-v1") if m in available_models()]:
        try:
            yield name, notice_nlp.load(name)
        except ImportError as error:  # the encoder needs the transformers extra
            print(f"{name}: skipped ({error})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", default=None)
    args = parser.parse_args()
    if not FBI.is_file() or not INFRA_RED.is_file():
        sys.exit(f"skipped: {FBI} or {INFRA_RED} is absent")
    from notice_nlp.training.real_alerts import fbi_wanted_texts, flagged_share, interpol_most_wanted_texts

    sources = {"FBI wanted (crimes)": fbi_wanted_texts(FBI), "INTERPOL Infra-Red": interpol_most_wanted_texts(INFRA_RED)}
    for name, model in shipped_models(args.model):
        for source, items in sources.items():
            result = flagged_share(model, items)
            print(f"{name:20s} {source:20s} {result['flagged']:4d} of {result['documents']:4d} flagged "
                  f"politically_motivated = {result['share']:.1%} (target <= 3%)")


if __name__ == "__main__":
    main()
