"""Writing the site into a folder, and keeping it up to date as the corpus changes.

The folder holds ``index.html``, ``style.css``, ``documents/<id>.html``, ``speakers/<id>.html``
and a manifest of what each page was made from (a SHA-1 of its document's text, statements and
speakers' names, the templates and the language). Writing again renders only the pages whose
inputs changed — an upload re-renders its document, the speakers it quotes and the front page —
and removes the pages of documents and speakers that are gone. Each file is written beside its
old version and renamed over it, so a server never hands out half a page.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath

from visitbot.engine import Engine
from visitbot.models import Document
from visitbot.site import names, palette
from visitbot.site.pages import (
    Meta,
    Pages,
    SpeakerData,
    SpeakerEntry,
    icon,
    ordered,
    statement_anchors,
)
from visitbot.site.pages import stylesheet as render_stylesheet
from visitbot.workers import PerDocument

MANIFEST = ".visitbot-site.json"
FORMAT = 1
"""The manifest's format; a manifest of another format makes every page be written again."""
INDEX = "index.html"
STYLESHEET = "style.css"
ICON = "favicon.svg"


class SiteError(Exception):
    """A folder the site cannot be written to; str() says why, in one line."""


@dataclass(frozen=True)
class Written:
    documents: int
    speakers: int
    pages: int
    """Files of the site now (pages and the stylesheet)."""
    written: int
    """Files written this time; the rest were up to date."""
    removed: int
    seconds: float


@cache
def _templates_digest() -> str:
    """Changes when a template, the stylesheet or the palette does: every page is redone."""
    digest = hashlib.sha1(str(FORMAT).encode())
    folder = resources.files("visitbot.site").joinpath("templates")
    for name in sorted(entry.name for entry in folder.iterdir()):
        digest.update(name.encode() + b"\0" + folder.joinpath(name).read_bytes())
    digest.update(repr((palette.COLOURS, palette.STYLES, palette.UNATTRIBUTED)).encode())
    return digest.hexdigest()


def _signature(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _write(path: Path, text: str) -> None:
    """Write ``text`` beside ``path`` and rename it over ``path`` (atomic for readers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_manifest(folder: Path) -> dict[str, str]:
    """What the pages in ``folder`` were made from; refuses a folder with other content."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} is a file, not a folder")
    manifest = folder / MANIFEST
    if not manifest.is_file():
        if folder.is_dir() and any(folder.iterdir()):
            raise SiteError(
                f"{folder} is not empty and holds no visitbot site; choose a new or empty folder"
            )
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    if data.get("format") != FORMAT or not isinstance(pages, dict):
        return {}
    return {str(k): str(v) for k, v in pages.items() if _ours(str(k))}


def _ours(path: str) -> bool:
    """A path a manifest may name: a page of the site, never anything outside its folders."""
    parts = PurePosixPath(path).parts
    if path in (INDEX, STYLESHEET, ICON):
        return True
    return (
        len(parts) == 2
        and parts[0] in (names.DOCUMENTS, names.SPEAKERS)
        and parts[1].endswith(".html")
        and not parts[1].startswith(".")
    )


def write_site(
    engine: Engine,
    folder: Path,
    *,
    language: str = "en",
    full: bool = False,
    progress: bool = False,
    workers: PerDocument | None = None,
) -> Written:
    """Write (or bring up to date) the site of ``engine``'s corpus in ``folder``.

    ``language``: the site's own words on the front and speakers' pages (a document's page
    speaks its article's language where visitbot does); ``full``: write every page again.
    """
    started = time.perf_counter()
    old = _read_manifest(folder)
    if full:
        old = {}
    version = _templates_digest()
    pages = Pages(engine.people, language)
    documents = engine.documents
    metas: list[Meta] = []
    per_document: list[Counter[str | None]] = []
    speakers: dict[str, SpeakerData] = {}
    new: dict[str, str] = {}
    todo: list[int] = []
    for d in range(len(documents)):
        document = documents[d]
        statements = ordered(engine.document_statements(document.id))
        metas.append(Meta.of(document))
        per_document.append(Counter(s.speaker for s in statements))
        for statement, anchor in zip(statements, statement_anchors(statements), strict=True):
            if statement.speaker is None:
                continue
            data = speakers.get(statement.speaker)
            if data is None:
                data = speakers[statement.speaker] = SpeakerData(engine.people[statement.speaker])
            data.counts[statement.kind] += 1
            data.entries.append(
                SpeakerEntry(
                    d, statement.paragraph, anchor, statement.kind, statement.text, statement.cue
                )
            )
        path = names.document_page(document.id)
        new[path] = _signature(
            version,
            language,
            document.id,
            document.title,
            document.date,
            document.url,
            document.source,
            document.language,
            [p.text for p in document.paragraphs],
            [(s.paragraph, s.start, s.end, s.kind.value, s.speaker, s.cue) for s in statements],
            sorted({engine.people[s.speaker].name for s in statements if s.speaker}),
        )
        if old.get(path) != new[path] or not (folder / path).is_file():
            todo.append(d)

    def render(document: Document) -> None:
        statements = ordered(engine.document_statements(document.id))
        _write(folder / names.document_page(document.id), pages.document(document, statements))

    (workers or PerDocument(progress=progress)).map(render, _Selected(documents, todo), "pages")
    written = len(todo)
    for data in speakers.values():
        data.entries.sort(key=lambda e: (-metas[e.document].date.toordinal(), e.document))
        path = names.speaker_page(data.person.id)
        new[path] = _signature(
            version,
            language,
            data.person.name,
            data.person.spellings,
            [
                (metas[e.document], e.paragraph, e.anchor, e.kind.value, e.text, e.cue)
                for e in data.entries
            ],
        )
        if old.get(path) != new[path] or not (folder / path).is_file():
            _write(folder / path, pages.speaker(data, metas))
            written += 1
    for path, text in (
        (INDEX, pages.index(metas, per_document, list(speakers.values()))),
        (STYLESHEET, render_stylesheet()),
        (ICON, icon()),
    ):
        new[path] = _signature(text)
        if old.get(path) != new[path] or not (folder / path).is_file():
            _write(folder / path, text)
            written += 1
    removed = 0
    for path in old.keys() - new.keys():
        if path in (INDEX, STYLESHEET, ICON):
            continue
        target = folder / path
        if target.is_file():
            target.unlink()
            removed += 1
    _write(folder / MANIFEST, json.dumps({"format": FORMAT, "pages": new}, sort_keys=True))
    return Written(
        documents=len(documents),
        speakers=len(speakers),
        pages=len(new),
        written=written,
        removed=removed,
        seconds=time.perf_counter() - started,
    )


class _Selected(Sequence[Document]):
    """The documents at ``positions``, read from ``documents`` when asked for (in a forked
    worker, the worker reads them itself)."""

    def __init__(self, documents: Sequence[Document], positions: list[int]) -> None:
        self.documents = documents
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, i: int) -> Document:  # type: ignore[override]
        return self.documents[self.positions[i]]
