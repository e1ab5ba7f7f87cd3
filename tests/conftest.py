from __future__ import annotations

from pathlib import Path

import pytest

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
