"""Reading articles from disk: the built-in one and any file or folder a user points at.

Two forms are accepted (README, "Corpus format"):

* plain: a title line, a date line, then one paragraph per non-empty line;
* with metadata: a ``---`` block of ``key: value`` lines (title, date, url, source, language, id),
  a closing ``---``, then one paragraph per non-empty line.

A malformed file raises :class:`CorpusError` naming the file and line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from visitbot.language import detect, normalise
from visitbot.models import Document, Paragraph

BUILTIN_PACKAGE = "visitbot.data"
SPEAKERS_FILE = "speakers.json"
TEXT_SUFFIXES = (".txt", ".md")
METADATA_KEYS = frozenset({"title", "date", "url", "source", "language", "id"})
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
DETECT_PARAGRAPHS = 40
"""Paragraphs (with the title) a document's language is told from, when it does not say."""
_WEEKDAY = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+", re.IGNORECASE
)


class CorpusError(Exception):
    """A corpus problem a user can fix; str() is the one-line message to show them."""

    def __init__(
        self, path: Path | str, message: str | None = None, line: int | None = None
    ) -> None:
        if message is None:  # already formatted: an error coming back from a worker process
            super().__init__(str(path))
            return
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_last_format = [_DATE_FORMATS[0]]
"""The format the previous date had: a corpus writes its dates one way (a failed strptime
costs 20 µs, so trying six formats first was a second of a 10,000-file build)."""


def parse_date(text: str) -> dt.date | None:
    cleaned = _WEEKDAY.sub("", " ".join(text.split()).strip(" ."))
    if _ISO.match(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            return None
    for fmt in dict.fromkeys([_last_format[0], *_DATE_FORMATS]):
        try:
            parsed = dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        _last_format[0] = fmt
        return parsed
    return None


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]


def _front_matter(
    path: Path, lines: list[tuple[int, str]]
) -> tuple[dict[str, str], list[tuple[int, str]]]:
    meta: dict[str, str] = {}
    for index, (number, line) in enumerate(lines[1:], start=1):
        if line == "---":
            return meta, lines[index + 1 :]
        if not line:
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in METADATA_KEYS:
            raise CorpusError(
                path,
                f"expected 'key: value' with a key among {', '.join(sorted(METADATA_KEYS))}",
                number,
            )
        meta[key] = value.strip()
    raise CorpusError(path, "the metadata block opened with '---' is never closed", lines[0][0])


def parse_document(path: Path, text: str, default_id: str | None = None) -> Document:
    """Parse one article; ``path`` is only used to name the file in errors."""
    lines = _numbered_lines(text.lstrip("\ufeff"))
    content = [(n, line) for n, line in lines if line]
    if not content:
        raise CorpusError(path, "the file is empty; expected a title line, a date line, paragraphs")
    meta: dict[str, str] = {}
    if content[0][1] == "---":
        meta, rest = _front_matter(path, content)
        body = [(n, line) for n, line in rest if line]
        for key in ("title", "date"):
            if not meta.get(key):
                raise CorpusError(path, f"the metadata block has no '{key}:' line", content[0][0])
        title, date_line, date_text = meta["title"], content[0][0], meta["date"]
    else:
        if len(content) < 2:
            raise CorpusError(path, "expected a date line after the title", content[0][0])
        (_, title), (date_line, date_text) = content[0], content[1]
        body = content[2:]
    date = parse_date(date_text)
    if date is None:
        raise CorpusError(
            path,
            f"expected a date such as 'July 3, 2024' or '2024-07-03', found {date_text[:60]!r}",
            date_line,
        )
    if not body:
        raise CorpusError(path, "the document has a title and a date but no paragraphs")
    paragraphs = tuple(
        Paragraph(number=i, text=line, line=n) for i, (n, line) in enumerate(body, start=1)
    )
    language = normalise(meta.get("language")) or detect(
        "\n".join([title, *(p.text for p in paragraphs[:DETECT_PARAGRAPHS])])
    )
    return Document(
        id=meta.get("id") or default_id or _slug(path.stem),
        title=title,
        date=date,
        url=meta.get("url") or None,
        source=meta.get("source") or None,
        language=language,
        path=path,
        paragraphs=paragraphs,
    )


def read_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(path, "the file is not UTF-8 text", line) from None
    return parse_document(path, text)


FileRecord = tuple[str, int, int]
"""A corpus file as the index remembers it: path, size, modification time (ns)."""


def file_record(path: str, stat: os.stat_result) -> FileRecord:
    return (path, stat.st_size, stat.st_mtime_ns)


def corpus_files(path: Path) -> list[Path]:
    """The article files at a path: the file itself, or a folder's text files in name order."""
    return [Path(file) for file, _ in corpus_stats(path)]


def corpus_stats(path: Path) -> list[tuple[str, os.stat_result]]:
    """The article files at a path with their size and time (what the index remembers), from
    one walk of the folder: os.scandir reads a directory's entries and their types at once,
    so ten thousand files cost one stat each, not four; paths stay strings (a Path object per
    file costs more than the stat).

    A link inside a folder that leads outside it is not followed, so a corpus setting cannot
    be used to read other files; links to folders are not descended.
    """
    if path.is_dir():
        root = path.resolve()
        found: list[tuple[str, os.stat_result]] = []
        folders = [str(path)]
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES:
                        linked = _article(entry, root)
                        if linked is not None:
                            found.append(linked)
        if not found:
            raise CorpusError(path, f"the folder holds no {' or '.join(TEXT_SUFFIXES)} files")
        return sorted(found, key=lambda item: item[0].split(os.sep))  # as paths sort
    if not path.exists():
        raise CorpusError(path, "no such file or folder")
    return [(str(path), path.stat())]


def _article(entry: os.DirEntry[str], root: Path) -> tuple[str, os.stat_result] | None:
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return entry.path, target.stat()
    if not entry.is_file(follow_symlinks=False):
        return None
    return entry.path, entry.stat(follow_symlinks=False)


def load_documents(paths: Iterable[Path]) -> list[Document]:
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for path in paths:
        document = read_document(path)
        if document.id in seen:
            raise CorpusError(
                path, f"document id {document.id!r} is also used by {seen[document.id]}"
            )
        seen[document.id] = path
        documents.append(document)
    return documents


def builtin_files() -> list[Path]:
    """The shipped article(s); read through importlib so an installed wheel works too."""
    root = resources.files(BUILTIN_PACKAGE)
    return sorted(
        Path(str(entry)) for entry in root.iterdir() if str(entry).endswith(TEXT_SUFFIXES)
    )
