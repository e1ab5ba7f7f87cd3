from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Index caches and bot data written by tests (and the processes they start) stay out of the
# user's home, and go when the tests end.
_SCRATCH = tempfile.mkdtemp(prefix="visitbot-test-")
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
os.environ["VISITBOT_CACHE_DIR"] = os.path.join(_SCRATCH, "cache")
os.environ["VISITBOT_DATA_DIR"] = os.path.join(_SCRATCH, "data")

from visitbot.engine import Engine  # noqa: E402 - after the environment it reads

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture(scope="session")
def westland() -> Engine:
    return Engine.load(DATA / "westland.txt")


@pytest.fixture(scope="session")
def northia() -> Engine:
    return Engine.load(DATA / "meta.txt")
