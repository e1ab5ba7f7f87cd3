"""A corpus folder that changes while it is served: articles added atomically and removed.

An article is checked before it enters the folder (the corpus format, UTF-8, a document id no
other article uses), written beside the others under a temporary name, flushed to disk and
renamed into place: a reader, or a restart after a kill, sees the folder with the article or
without it, never half of it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from visitbot.corpus import TEXT_SUFFIXES, CorpusError, builtin_files, parse_document
from visitbot.i18n import N_, _

if TYPE_CHECKING:
    from visitbot.engine import Engine

MAX_ARTICLE_BYTES = 1 << 20
"""An article's largest size: a long press release is 50 KB; a megabyte is a book chapter."""
_SAFE_NAME = re.compile(r"[^\w.-]+")


def too_large(name: str) -> str:
    return _("{file} is too large: articles up to {size} KB.").format(
        file=name, size=MAX_ARTICLE_BYTES // 1024
    )


class LibraryError(Exception):
    """A change the folder cannot take; str() is the sentence to show."""


class Added(NamedTuple):
    document_id: str
    path: Path
    replaced: bool


class Library:
    NO_FOLDER = N_(
        "I serve a single file, so I cannot add articles to it. Point VISITBOT_CORPUS at a "
        "folder of articles (or leave it unset) to add articles by sending them."
    )

    def __init__(self, folder: Path, seed: bool = False) -> None:
        """``seed``: a folder made for uploads starts with the built-in article."""
        self.folder = folder
        self.seed = seed

    @staticmethod
    def check_name(name: str) -> str:
        """The file name the article gets: the sent name without folders or odd signs."""
        base = _SAFE_NAME.sub("-", Path(name.replace("\\", "/")).name).strip(".-")
        if not base.lower().endswith(TEXT_SUFFIXES) or len(base) <= 4:
            raise LibraryError(
                _(
                    "“{name}” is not an article: send a .txt or .md file in the corpus format "
                    "(a title line, a date line, then one paragraph per line)."
                ).format(name=name[:80])
            )
        return base[:120]

    def ready(self) -> bool:
        """Whether the folder holds articles (a bot serves it when it does)."""
        return self.folder.is_dir() and any(
            p.suffix.lower() in TEXT_SUFFIXES for p in self.folder.iterdir()
        )

    def add(self, name: str, data: bytes, engine: Engine) -> Added:
        """Check the article and put it in the folder; raises CorpusError (with the line) or
        LibraryError, and then the folder is as it was."""
        target_name = self.check_name(name)
        if len(data) > MAX_ARTICLE_BYTES:
            raise LibraryError(too_large(target_name))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CorpusError(target_name, "the file is not UTF-8 text", line) from None
        document = parse_document(Path(target_name), text)
        target = self.folder / target_name
        same = engine.document_position(document.id)
        other = engine.documents[same] if same is not None else None
        if other is not None and (other.path is None or other.path.name != target_name):
            raise LibraryError(
                _(
                    "{file}: document id “{id}” is already used by “{title}”; give the article "
                    "another id (an id: line) or remove that one first with /remove {id}."
                ).format(file=target_name, id=document.id, title=other.title)
            )
        self._prepare()
        replaced = target.exists()
        _write_atomically(target, data)
        return Added(document.id, target, replaced)

    def remove(self, document_id: str, engine: Engine) -> str:
        """Take a document's file out of the folder; returns its title."""
        position = engine.document_position(document_id)
        if position is None:
            known = ", ".join(d.id for d in engine.documents[:20])
            raise LibraryError(
                _("I hold no document “{id}”. I hold: {known}.").format(
                    id=document_id[:80], known=known
                )
            )
        document = engine.documents[position]
        path = document.path
        if path is None or path.resolve().parent != self.folder.resolve():
            raise LibraryError(
                _("“{title}” is not in my folder of articles; I leave it.").format(
                    title=document.title
                )
            )
        if len(engine.documents) == 1:
            raise LibraryError(_("That is my only document; add another before removing it."))
        path.unlink()
        _sync_folder(self.folder)
        return document.title

    def _prepare(self) -> None:
        """The folder, made if needed: a bot that served the built-in article keeps it."""
        if self.folder.is_dir() and self.ready():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.seed:
            for file in builtin_files():
                if not (self.folder / file.name).exists():
                    _write_atomically(self.folder / file.name, file.read_bytes())


def _write_atomically(target: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=".upload-", suffix=".tmp", delete=False
    ) as handle:
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    try:
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk (a directory's entries are flushed with it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
