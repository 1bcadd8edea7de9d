import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NOTICE_NLP_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is absent")
    return data


@pytest.fixture(scope="session")
def taxonomy_text() -> str:
    path = SHARED / "spec" / "taxonomy.md"
    if not path.is_file():
        pytest.skip("../shared/spec/taxonomy.md is absent")
    return path.read_text(encoding="utf-8")
