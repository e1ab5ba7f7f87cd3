from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Index caches written by tests (and the processes they start) stay out of the user's home.
os.environ["VISITBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="visitbot-test-cache-")

from visitbot.engine import Engine

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
