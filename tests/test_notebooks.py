"""The notebooks in notebooks/ are committed without outputs and run top to bottom (nbclient)."""

import time
from pathlib import Path

import pytest

from notice_nlp.api import available_models

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Per-cell limit; each notebook takes well under a minute on a laptop.
CELL_TIMEOUT_S = 180


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {"01_quick_start", "02_retrain_on_your_annotations",
                                          "03_press_corpus_by_country_and_month"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    if "notice-linear-v1" not in available_models():
        pytest.skip("the shipped model notice-linear-v1 is not in models/")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError with the failing cell and its traceback
    elapsed = time.perf_counter() - start
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert elapsed < 2 * CELL_TIMEOUT_S, f"{path.name} took {elapsed:.0f} s"
