from __future__ import annotations

import os
import pickle
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


def test_a_torn_cache_file_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    first = Engine.load(DATA / "westland.txt")
    assert first.cache_file is not None
    whole = first.cache_file.read_bytes()
    first.cache_file.write_bytes(whole[: len(whole) // 2])
    again = Engine.load(DATA / "westland.txt")
    assert again.cache_file is not None and again.ask("grain").answers
    assert "unusable" in caplog.text and "cut short" in caplog.text


@pytest.mark.parametrize("where", [0.3, 0.6, 0.95])
def test_a_tampered_cache_file_is_detected_and_rebuilt(
    where: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One changed byte anywhere in the data: a checksum fails, the index is rebuilt."""
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    first = Engine.load(DATA / "westland.txt")
    assert first.cache_file is not None
    data = bytearray(first.cache_file.read_bytes())
    at = int(len(data) * where)
    data[at] ^= 0x20
    first.cache_file.write_bytes(bytes(data))
    with pytest.raises(store.CorruptIndex):
        store.read(first.cache_file)
    again = Engine.load(DATA / "westland.txt")
    assert again.cache_file is not None
    assert list(again.statements) == list(first.statements)
    assert "unusable" in caplog.text


def test_a_pickle_in_the_cache_is_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds arrays and JSON: a pickle put in its place is data, not code."""
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    first = Engine.load(DATA / "westland.txt")
    assert first.cache_file is not None
    marker = tmp_path / "ran"
    first.cache_file.write_bytes(pickle.dumps(_Touch(marker)))
    assert Engine.load(DATA / "westland.txt").ask("grain").answers
    assert not marker.exists()


class _Touch:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.path}",))


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(blocked / "cache"))
    engine = Engine.load(DATA / "westland.txt")
    assert engine.cache_file is None and engine.ask("grain").answers


def test_key_is_the_corpus_place_and_its_registries(tmp_path: Path) -> None:
    """One index per corpus: its files' changes update it rather than make another."""
    key = store.cache_key(tmp_path / "a", [b""])
    assert store.cache_key(tmp_path / "a", [b""]) == key
    assert store.cache_key(tmp_path / "b", [b""]) != key
    assert store.cache_key(tmp_path / "a", [b"", b"{}"]) != key


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
    left = sorted(p.name for p in cache.iterdir() if p.suffix in {".index", ".tmp"})
    assert used.name in left
    assert len(left) == store.KEPT_INDEXES
    assert "leftover.tmp" not in left
    assert f"{store.KEPT_INDEXES + 2:032x}.index" in left  # the newest of the old ones
    assert f"{0:032x}.index" not in left
