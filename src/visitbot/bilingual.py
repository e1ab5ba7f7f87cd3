"""English–Russian word translations, read from Debian's dictd dictionaries at indexing.

Two maintained Debian packages, both in dictd's format (``NAME.index`` of head words with
base64 offsets, ``NAME.dict.dz`` of entries, gzip-compatible) under ``/usr/share/dictd``:

* ``dict-freedict-eng-rus`` — FreeDict's English–Russian (1,693 head words: the basic ones);
* ``mueller7-dict`` — V. K. Mueller's English–Russian dictionary, 7th edition (46,000 head
  words; it has "support", "ceremony", "reliable", which FreeDict lacks: of the built-in
  article's 250 words FreeDict translates 82, Mueller 226).

Only one-word Russian translations are kept (an example phrase says more than the word), from
an entry's senses in order, skipping senses marked archaic, poetic, rare, dialect or slang; a
word's first :data:`PER_WORD` translations. They are used both ways: English → Russian for
questions in Russian about English text, Russian → English for the other way round. The index
stores what its corpus words translate to (see :mod:`visitbot.wordtables`), so answering
never reads the dictionaries; without them (another system, the packages not installed) the
index has no translations and says so (:func:`missing`), and questions in one language find
only names and words written alike in the other.

``VISITBOT_DICTD_DIR`` points at another folder of dictd files (``:``-separated).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

DICTIONARIES = ("freedict-eng-rus", "mueller7")
"""dictd databases read, by file name, in this order (FreeDict's translations first)."""
PACKAGES = ("dict-freedict-eng-rus", "mueller7-dict")
"""The Debian packages that install them."""
DEFAULT_DIRS = ("/usr/share/dictd",)
PER_WORD = 16
"""Translations kept per head word, the first senses' first: Mueller's "state" gives
"государство" as its 13th (after состояние, положение, ранг …); beyond 16 come rare uses."""
BACK_PER_WORD = 40
"""English head words kept per Russian word: "государство" is a translation of 31 (state,
nation, commonwealth, polity, realm …); a few common words of hundreds."""
CACHE_FORMAT = 2
"""Bumped when what is kept of the dictionaries changes."""
_B64 = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_SKIPPED = re.compile(r"_(?:уст|поэт|библ|редк|диал|сл|жарг|шутл|груб|вульг|презр|школ)\.")
"""Sense labels whose words a reader of press text would not use for the head word."""
_LABEL = re.compile(r"_[^\s.]+\.")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|/[^/\n]*/")
_SENSE = re.compile(r"(?:^|\s)(?:\d+[.)]|[а-яa-z][)])\s")
_WORD = re.compile(r"^[а-яё]+$")
_LATIN = re.compile(r"[A-Za-z]")


class Translations(NamedTuple):
    english: dict[str, tuple[str, ...]]
    """English head word (lower case) → Russian words ("support" → поддержка, опора …)."""
    russian: dict[str, tuple[str, ...]]
    """Russian word (lower case, ё as е) → English head words, the other way round."""
    sources: tuple[str, ...]
    """The dictionaries read (empty: none was found)."""


def folders() -> list[Path]:
    configured = os.environ.get("VISITBOT_DICTD_DIR")
    return [Path(p) for p in (configured.split(os.pathsep) if configured else DEFAULT_DIRS)]


def _files(name: str) -> tuple[Path, Path] | None:
    for folder in folders():
        index, data = folder / f"{name}.index", folder / f"{name}.dict.dz"
        if index.is_file() and data.is_file():
            return index, data
    return None


def missing() -> list[str]:
    """The Debian packages whose dictionaries are not on this machine."""
    return [p for name, p in zip(DICTIONARIES, PACKAGES, strict=True) if _files(name) is None]


def signature() -> str:
    """Which dictionary files there are (path, size, time): part of an index's identity, so
    installing them later makes the next start index again, with translations."""
    parts = []
    for name in DICTIONARIES:
        found = _files(name)
        if found is not None:
            stat = found[1].stat()
            parts.append(f"{found[1]}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64[char]
    return value


def russian_words(body: str) -> list[str]:
    """The one-word Russian translations of a dictionary entry's body, senses in order."""
    text = " ".join(body.split())
    found: list[str] = []
    for sense in _SENSE.split(text):
        if _SKIPPED.search(sense):
            continue
        for part in _BRACKETS.sub(" ", _LABEL.sub(" ", sense)).split(";"):
            if _LATIN.search(part):
                continue  # an example: English words and their rendering
            for item in part.split(","):
                word = item.strip(" .!?:-–—").lower().replace("ё", "е")
                if _WORD.match(word) and word not in found:
                    found.append(word)
    return found


def read_dictionary(index: Path, data: Path) -> dict[str, list[str]]:
    """Head word → Russian words of one dictd database (entries of one head word joined)."""
    blob = gzip.decompress(data.read_bytes())  # dictzip is gzip with a random-access table
    entries: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        head, _, rest = line.partition("\t")
        offset, _, length = rest.partition("\t")
        if not length or head.startswith("00database") or " " in head.strip():
            continue
        start = _number(offset)
        entry = blob[start : start + _number(length)].decode("utf-8", "replace")
        body = entry.partition("\n")[2]
        words = russian_words(body)
        if words:
            known = entries.setdefault(head.strip().lower(), [])
            known.extend(w for w in words if w not in known)
    return entries


_lock = threading.Lock()
_loaded: list[Translations] = []


def translations() -> Translations:
    """Both directions from every dictionary found, kept until :func:`release`. Parsing the
    dictionaries takes two seconds, so what they give is kept as JSON in the cache folder,
    named by the files' identity, and read from there (0.1 s) by every later build."""
    with _lock:
        if not _loaded:
            _loaded.append(_cached())
        return _loaded[0]


def _cached() -> Translations:
    from visitbot.store import cache_dir

    name = hashlib.sha256(f"{CACHE_FORMAT}|{signature()}".encode()).hexdigest()[:16]
    path = cache_dir() / f"translations-{name}.json"
    with suppress(OSError, ValueError, KeyError, TypeError):
        stored = json.loads(path.read_bytes())
        return Translations(
            {k: tuple(v) for k, v in stored["english"].items()},
            {k: tuple(v) for k, v in stored["russian"].items()},
            tuple(stored["sources"]),
        )
    found = _read_all()
    if found.sources:
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".translations-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(found._asdict(), out, ensure_ascii=False)
            os.replace(temporary, path)
    return found


def release() -> None:
    """Let the tables go once a corpus is indexed: answering never needs them."""
    with _lock:
        _loaded.clear()


def _read_all() -> Translations:
    english: dict[str, list[str]] = {}
    sources: list[str] = []
    for name in DICTIONARIES:
        found = _files(name)
        if found is None:
            continue
        sources.append(name)
        for head, words in read_dictionary(*found).items():
            known = english.setdefault(head, [])
            known.extend(w for w in words if w not in known)
    if not sources:
        log.warning(
            "no English–Russian dictionary found in %s (Debian: apt-get install %s): "
            "questions in one language will not find text in the other",
            ", ".join(str(f) for f in folders()),
            " ".join(PACKAGES),
        )
    kept = {head: tuple(words[:PER_WORD]) for head, words in english.items()}
    ranked: dict[str, list[tuple[int, str]]] = {}
    for head, translated in kept.items():
        for rank, word in enumerate(translated):
            ranked.setdefault(word, []).append((rank, head))
    # The other way: the head words a Russian word translates best first (it is the first
    # sense of "polity" and the 13th of "state"), at most BACK_PER_WORD of them.
    russian = {w: tuple(h for _, h in sorted(heads)[:BACK_PER_WORD]) for w, heads in ranked.items()}
    return Translations(kept, russian, tuple(sources))


_BRITISH = (
    ("or", re.compile(r"or(?=(?:s|ed|ing|ly|ship|hood|liness|able)?$)"), "our"),
    ("iz", re.compile(r"iz(?=(?:e|es|ed|ing|ation|ations)$)"), "is"),
    ("er", re.compile(r"er(?=s?$)"), "re"),
    ("", re.compile(r"^(co|re|pre)(?=[aeiou])"), r"\1-"),
)
"""American → British spellings, as Mueller writes head words: "neighbor" → "neighbour",
"organize" → "organise", "center" → "centre", "cooperation" → "co-operation"."""


def spellings(word: str) -> list[str]:
    """The word and its British spellings (only those a dictionary has are used)."""
    found = [word]
    for letters, pattern, replacement in _BRITISH:
        if letters not in word or (not letters and not word.startswith(("co", "re", "pre"))):
            continue  # most words have nothing to respell: no pattern is run for them
        other = pattern.sub(replacement, word, count=1)
        if other not in found:
            found.append(other)
    return found
