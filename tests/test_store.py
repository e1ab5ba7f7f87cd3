from __future__ import annotations

import os
from pathlib import Path

import pytest

from visitbot import store
from visitbot.engine import Engine

DATA = Path(__file__).parent / "data"


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    first = Engine.load(DATA / "westland.txt")
    assert first.cache_file is not None and first.cache_file.is_file()
    second = Engine.load(DATA / "westland.txt")
    assert second.cache_file is None  # nothing written: it was read
    assert [s.text for s in second.statements] == [s.text for s in first.statements]
    assert second.ask("grain").answers == first.ask("grain").answers


def test_a_torn_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    first = Engine.load(DATA / "westland.txt")
    assert first.cache_file is not None
    first.cache_file.write_bytes(b"not a pickle")
    again = Engine.load(DATA / "westland.txt")
    assert again.cache_file is not None and again.ask("grain").answers


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(blocked / "cache"))
    engine = Engine.load(DATA / "westland.txt")
    assert engine.cache_file is None and engine.ask("grain").answers


def test_key_changes_with_the_file(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("T\n2025-01-01\nOne.\n")
    before = store.cache_key([article], [b""])
    article.write_text("T\n2025-01-01\nTwo words.\n")
    os.utime(article, ns=(1, 1))
    assert store.cache_key([article], [b""]) != before


def test_old_indexes_are_pruned_and_used_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(cache))
    used = Engine.load(DATA / "westland.txt").cache_file
    assert used is not None
    os.utime(used, (1, 1))  # written long ago …
    Engine.load(DATA / "westland.txt")  # … but just read again
    for n in range(store.KEPT_INDEXES + 3):
        old = cache / f"{n:032x}.index"
        old.write_bytes(b"x")
        os.utime(old, (1000 + n, 1000 + n))
    torn = cache / "leftover.tmp"
    torn.write_bytes(b"x")
    os.utime(torn, (1, 1))
    store.prune(cache)
    left = sorted(p.name for p in cache.iterdir())
    assert used.name in left
    assert len(left) == store.KEPT_INDEXES
    assert "leftover.tmp" not in left
    assert f"{store.KEPT_INDEXES + 2:032x}.index" in left  # the newest of the old ones
    assert f"{0:032x}.index" not in left
