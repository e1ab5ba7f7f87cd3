"""The persisted index: one file of named sections, mapped into memory, never unpickled.

Layout: a magic line, the header's length and CRC-32, a JSON header (format, every section's
offset, length, dtype and shape, the data's length and CRC-32), then the sections, each aligned
to 64 bytes. Arrays are numpy views into the mapped file, so a start reads no more than it
touches, and several processes serving the same corpus share its pages. Loading runs no code
from the file (no pickle): a torn, foreign or tampered file fails its header or a checksum and
is rebuilt, with one line in the log saying so.

One file per corpus (its place, its registries and this engine's code), replaced atomically
when the corpus changes: the new index is written beside it and renamed over it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import struct
import tempfile
import time
import zlib
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
FORMAT = "visitbot-index-2"
MAGIC = b"VISITBOT-INDEX\n"
ALIGN = 64
"""Sections start on cache-line boundaries, so every array view is aligned for its dtype."""
KEPT_INDEXES = 5
"""Indexes kept in the cache folder: the corpora in use, not every corpus ever loaded."""
TMP_AGE_S = 3600
"""A temporary file this old is no write in progress."""
_LENGTH = struct.Struct("<Q")


def _code_version() -> bytes:
    """The engine's own source and data files (the shipped registry, seats of power): any
    change to how an index is built makes a new cache key."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *(package / "data").glob("*.json*")]):
        digest.update(path.read_bytes())
    return digest.digest()


CODE_VERSION = _code_version()


class CorruptIndex(Exception):
    """The file is not an index this engine wrote, or it changed since."""


def cache_dir() -> Path:
    configured = os.environ.get("VISITBOT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "visitbot"


def cache_key(corpus: Path, registries: Sequence[bytes]) -> str:
    """Where the corpus lives, its registries and the engine's code: the file's identity.
    Which files the corpus holds is not part of it: the index records them, and a changed
    corpus updates its index in place (see :mod:`visitbot.build`)."""
    digest = hashlib.sha256(FORMAT.encode() + CODE_VERSION)
    digest.update(str(corpus.absolute()).encode())
    for registry in registries:
        digest.update(hashlib.sha256(registry).digest())
    return digest.hexdigest()[:32]


def cache_path(key: str) -> Path:
    return cache_dir() / f"{key}.index"


@dataclass(frozen=True)
class Sections:
    """An index as stored: numpy arrays, byte blobs, and a small JSON header of scalars."""

    arrays: Mapping[str, np.ndarray]
    blobs: Mapping[str, bytes | memoryview]
    header: Mapping[str, Any]


def write(path: Path, sections: Sections) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one (a
    crash may leave either, or a file that fails its check and is rebuilt)."""
    entries: dict[str, dict[str, Any]] = {}
    payload: list[tuple[int, bytes | memoryview]] = []
    offset = 0
    items: list[tuple[str, bytes | memoryview, dict[str, Any]]] = []
    for name, array in sections.arrays.items():
        contiguous = np.ascontiguousarray(array)
        kind = {"dtype": contiguous.dtype.str, "shape": contiguous.shape}
        items.append((name, contiguous.data.cast("B"), kind))
    for name, blob in sections.blobs.items():
        items.append((name, blob, {}))
    for name, data, kind in items:
        offset = -(-offset // ALIGN) * ALIGN
        entries[name] = {"offset": offset, "length": len(data), **kind}
        payload.append((offset, data))
        offset += len(data)
    crc = 0
    written = 0
    for at, data in payload:
        crc = zlib.crc32(data, zlib.crc32(b"\0" * (at - written), crc))
        written = at + len(data)
    header = {
        "format": FORMAT,
        "sections": entries,
        "meta": dict(sections.header),
        "size": written,
        "crc": crc,
    }
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw_crc = _LENGTH.pack(zlib.crc32(raw))
    start = -(-(len(MAGIC) + 2 * _LENGTH.size + len(raw)) // ALIGN) * ALIGN
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        try:
            handle.write(MAGIC + _LENGTH.pack(len(raw)) + raw_crc + raw)
            written = handle.tell()
            for at, data in payload:
                handle.write(b"\0" * (start + at - written))
                handle.write(data)
                written = start + at + len(data)
            # No fsync: the index is a cache. After a power loss a file the disk did not keep
            # whole fails its length or CRC and is rebuilt; waiting for the disk costs every
            # update a tenth of a second at 100,000 paragraphs.
            handle.flush()
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, path)


def read(path: Path, verify: bool = True) -> Sections:
    """Map the file and check it: the header's CRC, the file's length, every section's
    bounds and, with ``verify``, the CRC of all data (about 40 ms per 100 MB). Raises
    CorruptIndex."""
    with path.open("rb") as handle:
        try:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            raise CorruptIndex("empty file") from None
    view = memoryview(mapped)
    head = len(MAGIC) + 2 * _LENGTH.size
    if len(view) < head or bytes(view[: len(MAGIC)]) != MAGIC:
        raise CorruptIndex("not an index file")
    (size,) = _LENGTH.unpack_from(view, len(MAGIC))
    (crc,) = _LENGTH.unpack_from(view, len(MAGIC) + _LENGTH.size)
    raw = bytes(view[head : head + size])
    if len(raw) != size or zlib.crc32(raw) != crc:
        raise CorruptIndex("torn header")
    try:
        header = json.loads(raw)
    except ValueError:
        raise CorruptIndex("unreadable header") from None
    if header.get("format") != FORMAT:
        raise CorruptIndex(f"format {header.get('format')!r}")
    start = -(-(head + size) // ALIGN) * ALIGN
    if len(view) != start + int(header["size"]):
        raise CorruptIndex("cut short" if len(view) < start + int(header["size"]) else "too long")
    if verify and _checksum(mapped, view, start) != header["crc"]:
        raise CorruptIndex("its data fails the checksum")
    arrays: dict[str, np.ndarray] = {}
    blobs: dict[str, memoryview] = {}
    for name, entry in header["sections"].items():
        at, length = start + int(entry["offset"]), int(entry["length"])
        if at + length > len(view):
            raise CorruptIndex(f"section {name} cut short")
        data = view[at : at + length]
        if "dtype" in entry:
            dtype = np.dtype(entry["dtype"])
            if dtype.hasobject:
                raise CorruptIndex(f"section {name} holds objects")
            shape = tuple(int(n) for n in entry["shape"])
            if int(np.prod(shape)) * dtype.itemsize != length:
                raise CorruptIndex(f"section {name} has the wrong size")
            arrays[name] = np.frombuffer(data, dtype=dtype).reshape(shape)
        else:
            blobs[name] = data
    return Sections(arrays, blobs, header["meta"])


CHUNK = 16 << 20
"""Bytes checksummed at a time before their pages are given back (a multiple of the page
size): the check reads the whole file without holding all of it in memory at once."""


def _checksum(mapped: mmap.mmap, view: memoryview, start: int) -> int:
    """CRC-32 of everything from ``start``; each chunk's pages are given back once read
    (pages a query needs fault in again from the page cache, the rest stay out of this
    process's resident set)."""
    crc = 0
    at = start
    while at < len(view):
        end = min(len(view), (at // CHUNK + 1) * CHUNK)
        crc = zlib.crc32(view[at:end], crc)
        page = at // mmap.PAGESIZE * mmap.PAGESIZE
        with suppress(OSError, AttributeError):
            mapped.madvise(mmap.MADV_DONTNEED, page, end - page)
        at = end
    return crc


def load(key: str) -> Sections | None:
    path = cache_path(key)
    try:
        sections = read(path)
    except FileNotFoundError:
        return None
    except (CorruptIndex, OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("rebuilding the index: the cached one at %s is unusable (%s)", path, exc)
        return None
    with suppress(OSError):
        os.utime(path)  # recently used: kept when older ones are pruned
    return sections


def save(key: str, sections: Sections) -> Path | None:
    """Write the index next to the others; a read-only or full disk only costs speed."""
    path = cache_path(key)
    try:
        write(path, sections)
    except OSError as exc:
        log.warning("could not write the index cache at %s: %s", path, exc.strerror or exc)
        return None
    prune(path.parent)
    return path


def prune(folder: Path, keep: int = KEPT_INDEXES) -> None:
    """Delete all but the ``keep`` most recently used indexes, and temporary files a killed
    writer left behind: every corpus and every engine version has its own index, and a large
    corpus's index is a hundred megabytes."""
    try:
        entries = [(p.stat().st_mtime, p) for p in folder.iterdir() if p.suffix == ".index"]
        stale = [p for p in folder.glob("*.tmp") if time.time() - p.stat().st_mtime > TMP_AGE_S]
    except OSError:
        return
    entries.sort(reverse=True)
    for path in [p for _, p in entries[keep:]] + stale:
        with suppress(OSError):
            path.unlink()
