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
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import NamedTuple, TypeVar

from visitbot.engine import Engine
from visitbot.models import Kind
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
from visitbot.workers import cores

T = TypeVar("T")
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
    """A digest of what a page shows (``repr`` of plain tuples, strings, numbers and dates is
    exact and several times faster than JSON)."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _corpus_key(engine: Engine, version: str, language: str) -> str:
    """Changes with any document, person or statement: equal keys mean every page is as it
    was (the bot's restart, or ``visitbot site`` run twice), found without reading a page."""
    digest = hashlib.sha1(f"{engine.fingerprint}\0{version}\0{language}".encode())
    for s in engine.statements:
        digest.update(repr((s.document_id, s.paragraph, s.start, s.end, s.speaker, s.cue)).encode())
        digest.update(s.kind.value.encode())
    return digest.hexdigest()


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


def _read_manifest(folder: Path) -> tuple[str, dict[str, str]]:
    """The corpus key and what each page in ``folder`` was made from; refuses a folder with
    other content."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} is a file, not a folder")
    manifest = folder / MANIFEST
    if not manifest.is_file():
        if folder.is_dir() and any(folder.iterdir()):
            raise SiteError(
                f"{folder} is not empty and holds no visitbot site; choose a new or empty folder"
            )
        return "", {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", {}
    pages = data.get("pages") if isinstance(data, dict) else None
    if data.get("format") != FORMAT or not isinstance(pages, dict):
        return "", {}
    return str(data.get("corpus", "")), {str(k): str(v) for k, v in pages.items() if _ours(str(k))}


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
    workers: int | None = None,
) -> Written:
    """Write (or bring up to date) the site of ``engine``'s corpus in ``folder``.

    ``language``: the site's own words on the front and speakers' pages (a document's page
    speaks its article's language where visitbot does); ``full``: write every page again;
    ``workers``: processes (default: every core this process may use).
    """
    started = time.perf_counter()
    old_key, old = _read_manifest(folder)
    if full:
        old_key, old = "", {}
    version = _templates_digest()
    key = _corpus_key(engine, version, language)
    if key == old_key and all((folder / path).is_file() for path in old):
        return Written(
            documents=len(engine.documents),
            speakers=sum(1 for path in old if path.startswith(names.SPEAKERS + "/")),
            pages=len(old),
            written=0,
            removed=0,
            seconds=time.perf_counter() - started,
        )
    pages = Pages(engine.people, language)
    documents = engine.documents

    def document_page(d: int) -> _DocumentDone:
        """One document: its page written when what it shows changed (in a worker, on every
        core: reading a document and its statements costs as much as rendering it)."""
        document = documents[d]
        statements = ordered(engine.document_statements(document.id))
        path = names.document_page(document.id)
        signature = _signature(
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
        wrote = old.get(path) != signature or not (folder / path).is_file()
        if wrote:
            _write(folder / path, pages.document(document, statements))
        said = [
            (s.speaker, s.paragraph, anchor, s.kind, s.text, s.cue)
            for s, anchor in zip(statements, statement_anchors(statements), strict=True)
            if s.speaker is not None
        ]
        counts = Counter(s.speaker for s in statements)
        return _DocumentDone(Meta.of(document), counts, path, signature, wrote, said)

    done = fan_out(document_page, len(documents), workers, progress)
    metas = [one.meta for one in done]
    per_document = [one.counts for one in done]
    new: dict[str, str] = {one.path: one.signature for one in done}
    speakers: dict[str, SpeakerData] = {}
    for d, one in enumerate(done):
        for who, paragraph, anchor, kind, text, cue in one.said:
            data = speakers.get(who)
            if data is None:
                data = speakers[who] = SpeakerData(engine.people[who])
            data.counts[kind] += 1
            data.entries.append(SpeakerEntry(d, paragraph, anchor, kind, text, cue))
    written = sum(one.wrote for one in done)
    changed: list[SpeakerData] = []
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
            changed.append(data)

    def speaker_page(i: int) -> None:
        data = changed[i]
        _write(folder / names.speaker_page(data.person.id), pages.speaker(data, metas))

    fan_out(speaker_page, len(changed), workers, progress)
    written += len(changed)
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
    manifest = {"format": FORMAT, "corpus": key, "pages": new}
    _write(folder / MANIFEST, json.dumps(manifest, sort_keys=True))
    return Written(
        documents=len(done),
        speakers=len(speakers),
        pages=len(new),
        written=written,
        removed=removed,
        seconds=time.perf_counter() - started,
    )


class _DocumentDone(NamedTuple):
    """What a worker tells of one document: the front page's line, its speakers' statements."""

    meta: Meta
    counts: Counter[str | None]
    path: str
    signature: str
    wrote: bool
    said: list[tuple[str, int, str, Kind, str, str]]


_job: list[Callable[[int], object]] = []
"""The current fan-out's task, inherited by forked workers (a closure cannot be pickled)."""
PARALLEL_FROM = 200
"""Documents from which the pages are made on every core: below, forking costs more (about
0.1 s) than it saves (a page takes 1–3 ms)."""
CHUNK = 32


def fan_out(task: Callable[[int], T], count: int, workers: int | None, progress: bool) -> list[T]:
    """``task(0) … task(count - 1)`` in order, on every core the process may use (forked
    workers) when there are enough, with a progress bar when asked for."""
    from tqdm import tqdm

    processes = cores() if workers is None else max(1, workers)
    forking = "fork" in multiprocessing.get_all_start_methods()
    with tqdm(total=count, desc="pages", unit="page", disable=not progress, leave=False) as bar:
        if processes < 2 or count < PARALLEL_FROM or not forking:
            results = []
            for i in range(count):
                results.append(task(i))
                bar.update()
            return results
        _job.append(task)
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                done: list[T] = []
                for result in pool.imap(_run, range(count), CHUNK):
                    done.append(result)  # type: ignore[arg-type]  # what task() returned
                    bar.update()
                return done
        finally:
            _job.clear()


def _run(i: int) -> object:
    return _job[-1](i)
