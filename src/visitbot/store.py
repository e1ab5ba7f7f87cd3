"""The persisted index: a corpus is parsed and indexed once, then loaded from a cache file.

The file's name is a hash of everything the index depends on — each corpus file's path, size
and modification time, the speaker registries, and this package's index format — so a changed
file simply misses the cache. Files are written atomically; an unreadable one is rebuilt.
The cache holds pickles, so it must be a folder only its user can write (the default is).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from visitbot.index import Index

log = logging.getLogger(__name__)
FORMAT = "visitbot-index-1"
KEPT_INDEXES = 5
"""Indexes kept in the cache folder: the corpora in use, not every corpus ever loaded."""
TMP_AGE_S = 3600
"""A temporary file this old is no write in progress."""


def _code_version() -> bytes:
    """The engine's own source: any change to how an index is built makes a new cache key."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


CODE_VERSION = _code_version()


def cache_dir() -> Path:
    configured = os.environ.get("VISITBOT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "visitbot"


def cache_key(
    files: Sequence[Path],
    registries: Sequence[bytes],
    stats: Sequence[os.stat_result] | None = None,
) -> str:
    """Every file's path, size and time (``stats`` when the caller has them already), the
    registries and the engine's own code: any change makes a new key."""
    stats = stats if stats is not None else [path.stat() for path in files]
    digest = hashlib.sha256(FORMAT.encode() + CODE_VERSION)
    for path, stat in zip(files, stats, strict=True):
        digest.update(f"{path.absolute()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for registry in registries:
        digest.update(hashlib.sha256(registry).digest())
    return digest.hexdigest()[:32]


def cache_path(key: str) -> Path:
    return cache_dir() / f"{key}.index"


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Unpickling creates millions of objects and no garbage; the cycle collector would
    only walk them over and over (it doubles the cold start of a large index)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(key: str) -> Index | None:
    path = cache_path(key)
    try:
        with path.open("rb") as handle, _no_cycle_collection():
            index = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a torn, foreign or outdated file is rebuilt, not fatal
        log.warning("ignoring an unreadable index cache at %s", path)
        return None
    if not isinstance(index, Index):
        return None
    with suppress(OSError):
        os.utime(path)  # recently used: kept when older ones are pruned
    return index


def save(key: str, index: Index) -> Path | None:
    """Write the index next to the others; a read-only or full disk only costs speed."""
    path = cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError as exc:
        log.warning("could not write the index cache at %s: %s", path, exc.strerror or exc)
        return None
    prune(path.parent)
    return path


def prune(folder: Path, keep: int = KEPT_INDEXES) -> None:
    """Delete all but the ``keep`` most recently used indexes, and temporary files a killed
    writer left behind: every change to a corpus or to the engine makes a new index, and a
    large corpus's index is a hundred megabytes."""
    try:
        entries = [(p.stat().st_mtime, p) for p in folder.iterdir() if p.suffix == ".index"]
        stale = [p for p in folder.glob("*.tmp") if time.time() - p.stat().st_mtime > TMP_AGE_S]
    except OSError:
        return
    entries.sort(reverse=True)
    for path in [p for _, p in entries[keep:]] + stale:
        with suppress(OSError):
            path.unlink()
