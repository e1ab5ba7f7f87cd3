"""Writing the site into a folder, and keeping it up to date as the corpus changes.

The folder holds ``index.html``, ``style.css``, ``documents/<id>.html``, ``speakers/<id>.html``
and a manifest of what each page was made from: a SHA-1 of a document's text, metadata,
statements and speakers' names (with the templates and the language); of a speaker's name and
the signatures of the documents their page lists; of the front page's documents. Signatures come
from the index's arrays without decoding a document, so writing again renders only the pages
whose inputs changed — an upload re-renders its document, the speakers it quotes and the front
page — and removes the pages of documents and speakers that are gone. Each file is written
beside its old version and renamed over it, so a server never hands out half a page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TypeVar

import numpy as np

from visitbot.engine import Engine
from visitbot.models import Document, Kind, Statement
from visitbot.site import names, palette
from visitbot.site.pages import Meta, Pages, SpeakerData, SpeakerEntry, icon
from visitbot.site.pages import stylesheet as render_stylesheet
from visitbot.tables import KINDS, RULE_SEPARATOR
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
    """Changes when the site's code, a template, the stylesheet, the palette or a translation
    does: every page is redone. (The code counts: the markup of paragraphs, speakers' statements
    and the front page's lines is written in pages.py.)"""
    digest = hashlib.sha1(str(FORMAT).encode())
    package = resources.files("visitbot.site")
    folder = package.joinpath("templates")
    files = {e.name: package.joinpath(e.name) for e in package.iterdir() if e.name.endswith(".py")}
    files.update({f"templates/{e.name}": folder.joinpath(e.name) for e in folder.iterdir()})
    locale = resources.files("visitbot").joinpath("locale")
    for language in locale.iterdir():
        catalogue = language.joinpath("LC_MESSAGES", "visitbot.mo")
        if catalogue.is_file():
            files[f"locale/{language.name}"] = catalogue
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].read_bytes())
    digest.update(repr((palette.COLOURS, palette.STYLES, palette.UNATTRIBUTED)).encode())
    return digest.hexdigest()


def _signature(*parts: object) -> str:
    """A digest of what a page shows (``repr`` of plain tuples, strings, numbers and dates is
    exact and several times faster than JSON)."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it over ``path`` (atomic for readers); the
    folder exists. The temporary name is this process's and thread's own (``.<name>.<pid>.
    <thread>.tmp``): fewer calls than ``tempfile.mkstemp``, which matters at 12,000 files."""
    temporary = f"{path.parent}/.{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    fd = os.open(temporary, _CREATE, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.chmod(temporary, 0o644)  # whatever the umask: a web server reads the pages
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


def _read_manifest(folder: Path) -> dict[str, str]:
    """What each page in ``folder`` was made from (its signature); refuses a folder with
    other content."""
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


class _Corpus:
    """What every page shows, read from the index's arrays rather than from documents: each
    document's statements in reading order, each speaker's, and a signature of what each page
    is made of. Nothing is decoded or rendered here (a 10,000-document corpus takes a fraction
    of a second), so a write renders only the pages whose signature changed: after an upload,
    its document, the speakers it quotes and the front page."""

    def __init__(self, engine: Engine, version: str, language: str) -> None:
        index = engine.index
        table = index.statements
        documents = index.documents
        self.engine = engine
        self.rows = documents.rows
        # Reading order (a document's statements by paragraph, start and end; np.lexsort is
        # stable, as pages.ordered's sort is), grouped by document as the index keeps them.
        order = np.lexsort((table.end, table.start, table.paragraph, table.document))
        self.bounds: list[int] = index.doc_statements.tolist()
        """Document d's statements are places bounds[d] to bounds[d + 1] - 1 of the lists
        below, which hold every statement in reading order."""
        document = table.document[order].astype(np.int64)
        paragraph = table.paragraph[order].astype(np.int64)
        speaker = table.speaker[order].astype(np.int64)
        kind = table.kind[order].astype(np.int64)
        cue = table.cue[order]
        self.document_of: list[int] = document.tolist()
        self.paragraph: list[int] = paragraph.tolist()
        self.start: list[int] = table.start[order].tolist()
        self.end: list[int] = table.end[order].tolist()
        number = np.arange(len(order))
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = (document[1:] != document[:-1]) | (paragraph[1:] != paragraph[:-1])
        first = np.maximum.accumulate(np.where(starts, number, 0)) if len(order) else number
        self.within: list[int] = (number - first + 1).tolist()
        """Each statement's place among its paragraph's (its anchor's number)."""
        people = [engine.people[who] for who in index.people_order]
        self.speaker: list[str | None] = [None if k < 0 else people[k].id for k in speaker.tolist()]
        self.kind: list[Kind] = [KINDS[k] for k in kind.tolist()]
        split = [text.rpartition(RULE_SEPARATOR) for text in table.cues]
        cues = [words for _rule, _, words in split]
        self.cue: list[str] = [cues[k] for k in cue.tolist()]
        self.rule: list[str] = [split[k][0] for k in cue.tolist()]
        paragraphs: list[int] = documents.first.tolist()
        self.paragraphs = paragraphs
        """Document d's paragraphs are the index's paragraphs[d] to paragraphs[d + 1] - 1."""
        self.metas = [
            Meta(
                row[0],
                row[1],
                dt.date.fromisoformat(row[2]),
                row[4],
                names.language_tag(row[5]),
                paragraphs[d + 1] - paragraphs[d],
            )
            for d, row in enumerate(self.rows)
        ]
        # A document's signature: its metadata; its paragraphs' text as the index keeps it
        # (UTF-8 bytes and each paragraph's length); its statements' places and kinds, their
        # speakers' ids and names and their cues (reprs: exact, whatever the text holds).
        offsets = documents.texts.offsets
        lengths = np.diff(offsets).astype(np.int64)
        blob, cut = documents.texts.blob, offsets.tolist()
        places = np.ascontiguousarray(
            np.stack([paragraph, table.start[order], table.end[order]], axis=1), dtype=np.int64
        )
        spoken = [repr((p.id, p.name)) for p in people]
        cue_words = [repr(text) for text in cues]
        kinds = [k.value for k in KINDS]
        said = [
            kinds[k] + ("None" if who < 0 else spoken[who]) + cue_words[c]
            for k, who, c in zip(kind.tolist(), speaker.tolist(), cue.tolist(), strict=True)
        ]
        self.signatures: list[str] = []
        for d, row in enumerate(self.rows):
            a, b = self.bounds[d], self.bounds[d + 1]
            lo, hi = paragraphs[d], paragraphs[d + 1]
            head = repr((version, language, row[:6], hi - lo, b - a))
            digest = hashlib.sha1(head.encode("utf-8", "surrogatepass"))
            digest.update(lengths[lo:hi].tobytes())
            digest.update(blob[cut[lo] : cut[hi]])
            digest.update(places[a:b].tobytes())
            digest.update("".join(said[a:b]).encode("utf-8", "surrogatepass"))
            self.signatures.append(digest.hexdigest())
        # Speakers as the documents first quote them; each one's statements as their page lists
        # them: newest document first (then the corpus's order), in reading order within one.
        quoted = np.flatnonzero(speaker >= 0)
        who, first_said = np.unique(speaker[quoted], return_index=True)
        in_order = who[np.argsort(first_said, kind="stable")]
        rank = np.empty(len(people), dtype=np.int64)
        rank[in_order] = np.arange(len(in_order))
        dates = np.array([meta.date.toordinal() for meta in self.metas], dtype=np.int64)
        listed = quoted[
            np.lexsort((quoted, document[quoted], -dates[document[quoted]], rank[speaker[quoted]]))
        ]
        counts = np.bincount(rank[speaker[listed]], minlength=len(in_order)).tolist()
        self.speakers: list[SpeakerData] = []
        self.speaker_entries: list[list[int]] = []
        """Each speaker's statements (places in reading order), as their page lists them."""
        self.speaker_signatures: list[str] = []
        at = 0
        for k, n in zip(in_order.tolist(), counts, strict=True):
            entries = listed[at : at + n].tolist()
            at += n
            person = people[k]
            data = SpeakerData(person)
            data.counts.update(self.kind[j] for j in entries)
            shown = dict.fromkeys(self.document_of[j] for j in entries)
            self.speakers.append(data)
            self.speaker_entries.append(entries)
            self.speaker_signatures.append(
                _signature(
                    version,
                    language,
                    person.id,
                    person.name,
                    person.spellings,
                    [self.signatures[d] for d in shown],
                )
            )
        self.index_signature = _signature(version, language, self.signatures)

    def per_document(self) -> list[Counter[str | None]]:
        """Each document's statements per speaker (None: unattributed), as first quoted."""
        return [
            Counter(self.speaker[self.bounds[d] : self.bounds[d + 1]])
            for d in range(len(self.rows))
        ]

    def document_statements(self, d: int, document: Document) -> list[Statement]:
        """Document d's statements in reading order (as pages.ordered gives them), their
        words cut from ``document``'s paragraphs (decoded once, not once per statement)."""
        texts = [p.text for p in document.paragraphs]
        return [
            Statement(
                document.id,
                self.paragraph[j],
                self.start[j],
                self.end[j],
                texts[self.paragraph[j] - 1][self.start[j] : self.end[j]],
                self.kind[j],
                self.speaker[j],
                self.cue[j],
                self.rule[j],
            )
            for j in range(self.bounds[d], self.bounds[d + 1])
        ]

    def speaker_data(self, k: int) -> SpeakerData:
        """The k-th speaker with the statements their page lists (newest documents first)."""
        data = self.speakers[k]
        texts = self.engine.index.documents.texts
        entries = [
            SpeakerEntry(
                self.document_of[j],
                self.paragraph[j],
                names.statement_anchor(self.paragraph[j], self.within[j]),
                self.kind[j],
                texts[self.paragraphs[self.document_of[j]] + self.paragraph[j] - 1][
                    self.start[j] : self.end[j]
                ],
                self.cue[j],
            )
            for j in self.speaker_entries[k]
        ]
        return SpeakerData(data.person, data.counts, entries)


def _existing(folder: Path) -> set[str]:
    """The site's files now in ``folder`` (one listing per folder, not a look-up per page)."""
    found: set[str] = set()
    for sub in ("", names.DOCUMENTS + "/", names.SPEAKERS + "/"):
        try:
            with os.scandir(folder / sub if sub else folder) as entries:
                found.update(sub + entry.name for entry in entries if entry.is_file())
        except (FileNotFoundError, NotADirectoryError):
            continue
    return found


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
    old = _read_manifest(folder)
    existing = set() if full else _existing(folder)
    version = _templates_digest()
    corpus = _Corpus(engine, version, language)
    pages = Pages(engine.people, language)
    new: dict[str, str] = {}
    jobs: list[tuple[str, int]] = []
    """The pages to write: ("index", 0), ("speaker", k), ("document", d), ("file", i)."""
    files = ((STYLESHEET, render_stylesheet()), (ICON, icon()))

    def due(path: str, signature: str) -> bool:
        new[path] = signature
        return old.get(path) != signature or path not in existing

    # The front page and speakers' pages first: the largest, so that both cores end together.
    if due(INDEX, corpus.index_signature):
        jobs.append(("index", 0))
    for k, data in enumerate(corpus.speakers):
        if due(names.speaker_page(data.person.id), corpus.speaker_signatures[k]):
            jobs.append(("speaker", k))
    for d, row in enumerate(corpus.rows):
        if due(names.document_page(row[0]), corpus.signatures[d]):
            jobs.append(("document", d))
    for i, (path, text) in enumerate(files):
        if due(path, _signature(text)):
            jobs.append(("file", i))

    def render(job: int) -> tuple[str, bytes]:
        """One page, rendered (in a worker, when there are many): its path and its bytes."""
        what, n = jobs[job]
        if what == "document":
            document = engine.documents[n]
            statements = corpus.document_statements(n, document)
            page, text = names.document_page(document.id), pages.document(document, statements)
        elif what == "speaker":
            data = corpus.speaker_data(n)
            page, text = names.speaker_page(data.person.id), pages.speaker(data, corpus.metas)
        elif what == "index":
            page, text = INDEX, pages.index(corpus.metas, corpus.per_document(), corpus.speakers)
        else:
            page, text = files[n]
        return page, text.encode("utf-8")

    for sub in (names.DOCUMENTS, names.SPEAKERS):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    # Pages are made on every core but written by this process alone: creating files in one
    # folder from two processes costs more kernel time than it saves (measured on this VM).
    with closing(fan_out(render, len(jobs), workers, progress)) as rendered:
        for page, content in rendered:
            _write(folder / page, content)
    removed = 0
    for path in old.keys() - new.keys():
        target = folder / path
        if target.is_file():
            target.unlink()
            removed += 1
    if new != old or MANIFEST not in existing:
        manifest = json.dumps({"format": FORMAT, "pages": new}, sort_keys=True)
        _write(folder / MANIFEST, manifest.encode("utf-8"))
    return Written(
        documents=len(corpus.rows),
        speakers=len(corpus.speakers),
        pages=len(new),
        written=len(jobs),
        removed=removed,
        seconds=time.perf_counter() - started,
    )


_job: list[Callable[[int], object]] = []
"""The current fan-out's task, inherited by forked workers (a closure cannot be pickled)."""
PARALLEL_FROM = 300
"""Pages from which they are rendered on every core. Measured on this 2-core VM while other
work shared it (load 1.4–1.9; median of 5 ``write_site`` from scratch into build/, synthetic
corpora of 50–2,000 documents): 152 pages took 71 ms in one process and 92 ms with two
forked workers (starting and stopping them costs 30–75 ms), 292 pages 151 and 133 ms, 571
pages 355 and 273 ms, 3,721 pages 5.3 and 3.9 s (the workers use 10–30 % more CPU from 500
pages up, more below). So from about 300 pages the workers pay; below, and for an upload's
few pages, nothing is forked."""
CHUNK = 16
"""Pages handed to a worker at a time."""
AHEAD = 512
"""Pages rendered ahead of the writing (at most, a few MB): the workers wait rather than
fill this process's memory with a whole site when the disk is slower than they are."""


def fan_out(
    task: Callable[[int], T], count: int, workers: int | None, progress: bool
) -> Generator[T, None, None]:
    """``task(0) … task(count - 1)``, yielded in order, on every core the process may use
    (forked workers) when there are enough, with a progress bar when asked for."""
    from tqdm import tqdm

    processes = cores() if workers is None else max(1, workers)
    forking = "fork" in multiprocessing.get_all_start_methods()
    with tqdm(total=count, desc="pages", unit="page", disable=not progress, leave=False) as bar:
        if processes < 2 or count < PARALLEL_FROM or not forking:
            for i in range(count):
                yield task(i)
                bar.update()
            return
        room = threading.Semaphore(AHEAD)
        stopped = False

        def feed() -> Iterator[int]:
            """Job numbers, as fast as results are taken (read by the pool's own thread)."""
            for i in range(count):
                room.acquire()
                if stopped:
                    return
                yield i

        _job.append(task)
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                try:
                    for result in pool.imap(_run, feed(), CHUNK):
                        room.release()
                        yield result  # type: ignore[misc]  # what task() returned
                        bar.update()
                finally:
                    # Before the pool stops (it waits for its thread): that thread must not
                    # wait for room that will never come, after an error or when stopped.
                    stopped = True
                    room.release(count)
        finally:
            _job.clear()


def _run(i: int) -> object:
    return _job[-1](i)
