"""Shared fixtures: the repository's fixtures directory and the `relucert` command line."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def _binary():
    env = os.environ.get("RELUCERT_BIN")
    if env:
        return env
    target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
    for profile in ("debug", "release"):
        path = Path(target) / profile / "relucert"
        if path.exists():
            return str(path)
    return shutil.which("relucert")


@pytest.fixture(scope="session")
def fixtures():
    return FIXTURES


@pytest.fixture(scope="session")
def cli():
    """Run the `relucert` command line (RELUCERT_BIN, set by `make test`)."""
    binary = _binary()
    if binary is None:
        pytest.fail("the relucert binary was not found: set RELUCERT_BIN (make test does)")

    def run(*args, cwd=None):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)

    return run
