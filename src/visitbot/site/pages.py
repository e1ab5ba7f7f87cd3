"""The site's pages as HTML: what each page shows, built from the engine's documents, statements
and people, and rendered with Jinja2 templates (autoescaped: every text of an article, a name or
a cue reaches the page as text, never as markup).

The words the site says itself are in the page's language where visitbot speaks it (gettext,
as the bot's), the article's own words as the source wrote them.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import NamedTuple, TypeVar
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from visitbot.answer import kind_label
from visitbot.i18n import LANGUAGES, N_, _, current, long_date, ngettext, use
from visitbot.models import Document, Kind, Person, Statement
from visitbot.site import names, palette

T = TypeVar("T")
DOCUMENT_ROOT = "../"
"""From a document's or a speaker's page to the site's root."""

WORDS = {
    "skip": N_("Skip to the text"),
    "site_nav": N_("Site"),
    "all_documents": N_("All documents"),
    "speakers": N_("Speakers"),
    "footer": N_(
        "Made by visitbot from the text as published. Highlights show who said what as its "
        "rules read the text; where the text does not say who spoke, the words are marked "
        "unattributed."
    ),
    "original": N_("original"),
    "who_speaks": N_("Who speaks here"),
    "hint": N_(
        "Hover over a highlighted passage, or focus or tap it, to see who said it and which "
        "words decided that; the notes under each paragraph say the same."
    ),
    "nobody": N_("Nobody is quoted in this document: it is all narrative."),
    "who_said_what": N_("Who said what"),
    "documents": N_("Documents"),
    "none_attributed": N_("No statements are attributed in these documents."),
}
"""The site's own words, translated per page (templates show them as ``t.<key>``)."""


def in_language(language: str, work: Callable[[], T]) -> T:
    """``work()`` with visitbot speaking ``language``, leaving the caller's language as it was."""

    def run() -> T:
        use(language)
        return work()

    return contextvars.copy_context().run(run)


@cache
def environment() -> Environment:
    """The templates, compiled once per process (no check for a changed file at every page:
    ``auto_reload`` would stat each template for each of ten thousand pages)."""
    return Environment(
        loader=PackageLoader("visitbot.site", "templates"),
        auto_reload=False,
        autoescape=select_autoescape(("html", "css"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def date_text(date: dt.date) -> str:
    """The long date in the current language (remembered: a corpus repeats its dates)."""
    return _date_text(date, current())


@cache
def _date_text(date: dt.date, language: str) -> str:
    return long_date(date)


def stylesheet() -> str:
    return (
        environment()
        .get_template("style.css")
        .render(
            slots=palette.slots(),
            unattributed=palette.UNATTRIBUTED,
            ink=palette.INK,
            page=palette.PAGE,
        )
    )


def icon() -> str:
    """The site's icon (browsers ask for one; without it every page logs a 404)."""
    return resources.files("visitbot.site").joinpath("templates", "favicon.svg").read_text("utf-8")


class View(dict[str, object]):
    """A page's values, read by the templates as attributes (``doc.title``): found at once,
    where a plain dict would make Jinja try an attribute and fail first, for every value."""

    def __getattr__(self, name: str) -> object:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Segment(NamedTuple):
    """A run of a paragraph's text and the statements it belongs to (none: plain text)."""

    text: str
    notes: tuple[Note, ...] = ()
    first: tuple[str, ...] = ()
    """Anchors of the statements that start here (their first fragment carries the anchor)."""
    ends: tuple[Note, ...] = ()
    """Statements that end here: their note's number follows."""


class Note(NamedTuple):
    """One statement as its page shows it: highlighted in the text and listed under it."""

    anchor: str
    number: int
    look: str
    """CSS class of the speaker's slot (``s3``), ``un`` when unattributed."""
    kind: str
    speaker: str
    href: str | None
    details: str
    """After the speaker's name: the kind and the cue that decided the speaker (or why none)."""
    tip: str
    ref_label: str
    back_label: str


class ParagraphView(NamedTuple):
    number: int
    anchor: str
    segments: list[Segment]
    notes: list[Note]


def html_text(value: object) -> str:
    """``value`` as the templates write it: markupsafe's escaping (``& < > ' "`` as ``&amp;
    &lt; &gt; &#39; &#34;``), without making a Markup of every string (several times faster
    on the short strings a page is made of)."""
    text = str(value)
    if "&" in text or "<" in text or ">" in text or "'" in text or '"' in text:
        text = (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return text


def paragraph_html(paragraph: ParagraphView, ui_attr: str, root: str) -> str:
    """One paragraph of a document's page with its marks and notes: HTML, every text escaped.

    Written here rather than in document.html because a large site has hundreds of thousands
    of paragraphs and Jinja's loops cost several times as much; ``tests/test_site.py`` checks
    the markup against the template it replaced, character for character. ``ui_attr``: the
    `` lang="…"`` of the site's own words when they differ from the article's (or "")."""
    e = html_text
    anchor = e(paragraph.anchor)
    out = [
        f'<div class="para"><p id="{anchor}"><a class="pn" href="#{anchor}"{ui_attr}>'
        f"¶{e(paragraph.number)}</a> "
    ]
    for segment in paragraph.segments:
        for note in segment.notes:
            mark = e(note.anchor)
            target = (
                f' id="{mark}" tabindex="0" aria-describedby="n-{mark}"'
                if note.anchor in segment.first
                else ""
            )
            out.append(
                f'<mark{target} class="st {e(note.look)} {e(note.kind)}" data-s="{mark}" '
                f'data-tip="{e(note.tip)}">'
            )
        out.append(e(segment.text))
        out.append("</mark>" * len(segment.notes))
        for note in segment.ends:
            out.append(
                f'<sup class="ref"{ui_attr}><a href="#n-{e(note.anchor)}" '
                f'aria-label="{e(note.ref_label)}">{e(note.number)}</a></sup>'
            )
    out.append("</p>\n")
    if paragraph.notes:
        out.append(f'<ol class="notes"{ui_attr}>\n')
        for note in paragraph.notes:
            speaker = (
                f'<a href="{e(root)}{e(note.href)}">{e(note.speaker)}</a>'
                if note.href
                else f"<strong>{e(note.speaker)}</strong>"
            )
            out.append(
                f'<li id="n-{e(note.anchor)}"><span class="sw {e(note.look)}" '
                f'aria-hidden="true"></span>{speaker} — {e(note.details)} '
                f'<a class="back" href="#{e(note.anchor)}" aria-label="{e(note.back_label)}">'
                "↑</a></li>\n"
            )
        out.append("</ol>")
    out.append("</div>\n")
    return "".join(out)


class Said(NamedTuple):
    """One statement as a speaker's page lists it."""

    text: str
    kind: str
    kind_label: str
    decided: str
    href: str
    link_label: str


class SaidIn(NamedTuple):
    """A document's statements on a speaker's page."""

    title: str
    href: str
    lang: str
    iso_date: str
    date: str
    statements: list[Said]


def said_html(number: int, group: SaidIn) -> Markup:
    """The ``number``-th (1-based) document of a speaker's page and what they said in it (in
    Python for the same reason as :func:`paragraph_html`, and checked the same way)."""
    e = html_text
    lang = e(group.lang)
    out = [
        f'<section class="said" aria-labelledby="d{number}">\n<h2 id="d{number}"><a '
        f'href="{e(group.href)}" lang="{lang}">{e(group.title)}</a> <span class="meta"><time '
        f'datetime="{e(group.iso_date)}">{e(group.date)}</time></span></h2>\n<ul>\n'
    ]
    for said in group.statements:
        out.append(
            f'<li><blockquote lang="{lang}"><p><mark class="st s0 {e(said.kind)}">'
            f'{e(said.text)}</mark></p></blockquote>\n<p class="meta">{e(said.kind_label)} — '
            f'{e(said.decided)} — <a href="{e(said.href)}">{e(said.link_label)}</a></p></li>\n'
        )
    out.append("</ul>\n</section>\n")
    return Markup("".join(out))


class Quoted(NamedTuple):
    """A speaker of a document, on the front page."""

    name: str
    href: str
    said: int
    """How many of the document's statements are theirs."""


class Row(NamedTuple):
    """A document on the front page."""

    title: str
    href: str
    lang: str
    iso_date: str
    date: str
    source: str | None
    language_name: str
    paragraphs: str
    speakers: list[Quoted]
    unattributed: str


def row_html(row: Row) -> Markup:
    """A document's line on the front page (in Python for the same reason as
    :func:`paragraph_html`: a large corpus has ten thousand, and checked the same way)."""
    e = html_text
    lang = e(row.lang)
    source = f' · <span lang="{lang}">{e(row.source)}</span>' if row.source else ""
    out = [
        f'<li><a class="title" href="{e(row.href)}" lang="{lang}">{e(row.title)}</a>\n'
        f'<p class="meta"><time datetime="{e(row.iso_date)}">{e(row.date)}</time>{source} · '
        f"{e(row.language_name)} · {e(row.paragraphs)}</p>\n"
    ]
    if row.speakers or row.unattributed:
        out.append('<p class="who">')
        out.append(
            ", ".join(f'<a href="{e(s.href)}">{e(s.name)}</a> ({e(s.said)})' for s in row.speakers)
        )
        if row.unattributed:
            out.append(f"; {e(row.unattributed)}" if row.speakers else e(row.unattributed))
        out.append("</p>")
    out.append("</li>\n")
    return Markup("".join(out))


def ordered(statements: Iterable[Statement]) -> list[Statement]:
    """A document's statements in reading order (the order their anchors are numbered in)."""
    return sorted(statements, key=lambda s: (s.paragraph, s.start, s.end))


def statement_anchors(statements: Sequence[Statement]) -> list[str]:
    """The anchor of each of a document's statements (given in reading order)."""
    anchors: list[str] = []
    paragraph, k = 0, 0
    for statement in statements:
        k = k + 1 if statement.paragraph == paragraph else 1
        paragraph = statement.paragraph
        anchors.append(names.statement_anchor(paragraph, k))
    return anchors


def segments(text: str, spans: Sequence[tuple[int, int, Note]]) -> list[Segment]:
    """The paragraph cut wherever a statement starts or ends. A segment lists the statements
    that cover it, outermost (earliest) first: statements may overlap (reported words that
    take in the start of a quote), and each is then shown in fragments, the first carrying its
    anchor, the last followed by its note's number."""
    if not spans:
        return [Segment(text)] if text else []
    inside = (p for s, e, _n in spans for p in (s, e) if 0 <= p <= len(text))
    cuts = sorted({0, len(text), *inside})
    outermost = sorted(spans, key=lambda x: (x[0], -x[1]))
    starts: dict[int, int] = {}
    for s, _e, note in spans:
        starts.setdefault(id(note), s)  # where a note's (first) span starts
    out: list[Segment] = []
    for left, right in pairwise(cuts):
        covering = tuple(note for s, e, note in outermost if s <= left < e)
        first = tuple(n.anchor for n in covering if starts[id(n)] == left)
        last = tuple(n for s, e, n in spans if e == right and s < e)
        out.append(Segment(text[left:right], covering, first, last))
    return out


def counts_text(counts: Counter[Kind]) -> str:
    quotes = ngettext("{count} direct quote", "{count} direct quotes", counts[Kind.QUOTE])
    reported = ngettext(
        "{count} reported statement", "{count} reported statements", counts[Kind.REPORTED]
    )
    return (
        f"{quotes.format(count=counts[Kind.QUOTE])}, {reported.format(count=counts[Kind.REPORTED])}"
    )


def unattributed_text(count: int) -> str:
    return ngettext(
        "{count} unattributed statement: the text does not say who",
        "{count} unattributed statements: the text does not say who",
        count,
    ).format(count=count)


def safe_url(url: str | None) -> str | None:
    """An article's ``url:`` as a link only when it is http(s): ``javascript:`` and other
    schemes never become links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@cache
def language_name(tag: str, in_language: str) -> str:
    """ "Russian", "русский", "орыс тілі": a tag's language named in the page's language."""
    try:
        name = Locale.parse(in_language).languages.get(tag.split("-")[0].lower())
    except (UnknownLocaleError, ValueError):
        name = None
    return name or tag


def ui_language(tag: str, fallback: str) -> str:
    """The language of a page's own words: the article's where visitbot speaks it."""
    base = tag.split("-")[0].lower()
    return base if base in LANGUAGES else fallback


class Meta(NamedTuple):
    """What the front page and speakers' pages show of a document (not its text)."""

    id: str
    title: str
    date: dt.date
    source: str | None
    language: str
    """BCP 47 tag (see names.language_tag)."""
    paragraphs: int

    @classmethod
    def of(cls, document: Document) -> Meta:
        return cls(
            document.id,
            document.title,
            document.date,
            document.source,
            names.language_tag(document.language),
            len(document.paragraphs),
        )


@dataclass
class SpeakerEntry:
    """One statement as a speaker's page lists it."""

    document: int
    paragraph: int
    anchor: str
    kind: Kind
    text: str
    cue: str


@dataclass
class SpeakerData:
    person: Person
    counts: Counter[Kind] = field(default_factory=Counter)
    entries: list[SpeakerEntry] = field(default_factory=list)


class _NoteWords(NamedTuple):
    """What a document's notes say, in the page's language (looked up once per page)."""

    kinds: dict[Kind, str]
    decided: str
    unattributed: str
    note: str
    back: str

    @classmethod
    def here(cls) -> _NoteWords:
        return cls(
            kinds={kind: kind_label(kind) for kind in Kind},
            decided=_("decided by: {cue}"),
            unattributed=_("Unattributed {kind} (the text does not say who)"),
            note=_("Note {number}: {speaker}"),
            back=_("Back to the text"),
        )


class Pages:
    """Renders one engine's pages; ``language``: the index's and speakers' pages' own words,
    and a document page's when visitbot does not speak its article's language."""

    def __init__(self, people: dict[str, Person], language: str = "en") -> None:
        self.people = people
        self.language = language

    def document(self, document: Document, statements: Sequence[Statement]) -> str:
        """A document's page; ``statements``: its statements, in reading order."""
        tag = names.language_tag(document.language)
        ui = ui_language(tag, self.language)
        return in_language(ui, lambda: self._document(document, statements, tag, ui))

    def _document(
        self, document: Document, statements: Sequence[Statement], tag: str, ui: str
    ) -> str:
        slots: dict[str, int] = {}
        counts: dict[str, Counter[Kind]] = {}
        unattributed = 0
        for statement in statements:
            if statement.speaker is None:
                unattributed += 1
                continue
            if statement.speaker not in slots:
                slots[statement.speaker] = palette.slot_of(len(slots))
            counts.setdefault(statement.speaker, Counter())[statement.kind] += 1
        by_paragraph: dict[int, list[tuple[int, int, Note]]] = {}
        anchors = statement_anchors(statements)
        words = _NoteWords.here()
        for statement, anchor in zip(statements, anchors, strict=True):
            spans = by_paragraph.setdefault(statement.paragraph, [])
            note = self._note(statement, anchor, slots, words)
            spans.append((statement.start, statement.end, note))
        ui_attr = _ui_attr(tag, ui)
        paragraphs = Markup(
            "".join(
                paragraph_html(
                    ParagraphView(
                        number=p.number,
                        anchor=names.paragraph_anchor(p.number),
                        segments=segments(p.text, by_paragraph.get(p.number, [])),
                        notes=[note for _s, _e, note in by_paragraph.get(p.number, [])],
                    ),
                    ui_attr,
                    DOCUMENT_ROOT,
                )
                for p in document.paragraphs
            )
        )
        speakers = [
            View(
                {
                    "slot": slot,
                    "name": self.people[person].name,
                    "href": names.speaker_page(person),
                    "counts": counts_text(counts[person]),
                }
            )
            for person, slot in slots.items()
        ]
        view = View(
            {
                "title": document.title,
                "iso_date": document.date.isoformat(),
                "date": date_text(document.date),
                "source": document.source,
                "language_name": language_name(tag, ui),
                "url": safe_url(document.url),
                "speakers": speakers,
                "unattributed": unattributed_text(unattributed) if unattributed else "",
                "paragraphs": paragraphs,
            }
        )
        return self._render("document.html", tag, ui, root=DOCUMENT_ROOT, doc=view)

    def _note(
        self, statement: Statement, anchor: str, slots: dict[str, int], words: _NoteWords
    ) -> Note:
        kind = words.kinds[statement.kind]
        if statement.speaker is None:
            speaker = words.unattributed.format(kind=kind)
            look, href, details = "un", None, statement.cue
        else:
            speaker = self.people[statement.speaker].name
            look, href = f"s{slots[statement.speaker]}", names.speaker_page(statement.speaker)
            details = f"{kind} — {words.decided.format(cue=statement.cue)}"
        number = int(anchor.rsplit("s", 1)[1])
        return Note(
            anchor=anchor,
            number=number,
            look=look,
            kind=statement.kind.value,
            speaker=speaker,
            href=href,
            details=details,
            tip=f"{speaker} — {details}",
            ref_label=words.note.format(number=number, speaker=speaker),
            back_label=words.back,
        )

    def speaker(self, data: SpeakerData, documents: Sequence[Meta]) -> str:
        return in_language(self.language, lambda: self._speaker(data, documents))

    def _speaker(self, data: SpeakerData, documents: Sequence[Meta]) -> str:
        person = data.person
        groups: list[SaidIn] = []
        decided, link_label = _("decided by: {cue}"), _("in the article, ¶{number}")
        labels = {kind: kind_label(kind) for kind in Kind}
        current: int | None = None
        for entry in data.entries:
            if entry.document != current:
                current = entry.document
                document = documents[entry.document]
                href = f"../{names.document_page(document.id)}"
                groups.append(
                    SaidIn(
                        title=document.title,
                        href=href,
                        lang=document.language,
                        iso_date=document.date.isoformat(),
                        date=date_text(document.date),
                        statements=[],
                    )
                )
            groups[-1].statements.append(
                Said(
                    text=entry.text,
                    kind=entry.kind.value,
                    kind_label=labels[entry.kind],
                    decided=decided.format(cue=entry.cue),
                    href=f"{href}#{entry.anchor}",
                    link_label=link_label.format(number=entry.paragraph),
                )
            )
        also = ", ".join(person.spellings)
        view = View(
            {
                "name": person.name,
                "also": _("also written {names}").format(names=also) if also else "",
                "counts": counts_text(data.counts),
                "documents": [said_html(i, group) for i, group in enumerate(groups, 1)],
            }
        )
        return self._render("speaker.html", self.language, self.language, root="../", person=view)

    def index(
        self,
        documents: Sequence[Meta],
        per_document: Sequence[Counter[str | None]],
        speakers: Sequence[SpeakerData],
    ) -> str:
        """The front page: every document (newest first) and every speaker (most quoted
        first); ``per_document``: each document's statements per speaker id (None:
        unattributed)."""
        return in_language(self.language, lambda: self._index(documents, per_document, speakers))

    def _index(
        self,
        documents: Sequence[Meta],
        per_document: Sequence[Counter[str | None]],
        speakers: Sequence[SpeakerData],
    ) -> str:
        rows = []
        for position in sorted(
            range(len(documents)), key=lambda d: (-documents[d].date.toordinal(), d)
        ):
            document = documents[position]
            said = per_document[position]
            tag = document.language
            count = document.paragraphs
            row = Row(
                title=document.title,
                href=names.document_page(document.id),
                lang=tag,
                iso_date=document.date.isoformat(),
                date=date_text(document.date),
                source=document.source,
                language_name=language_name(tag, self.language),
                paragraphs=ngettext("{count} paragraph", "{count} paragraphs", count).format(
                    count=count
                ),
                speakers=[
                    Quoted(self.people[who].name, names.speaker_page(who), n)
                    for who, n in said.items()
                    if who is not None
                ],
                unattributed=unattributed_text(said[None]) if said[None] else "",
            )
            rows.append(row_html(row))
        people = [
            View(
                {
                    "name": s.person.name,
                    "href": names.speaker_page(s.person.id),
                    "counts": counts_text(s.counts),
                }
            )
            for s in sorted(speakers, key=lambda s: (-sum(s.counts.values()), s.person.name))
        ]
        summary = (
            ngettext("{count} document", "{count} documents", len(documents)).format(
                count=len(documents)
            )
            + ", "
            + ngettext("{count} speaker", "{count} speakers", len(people)).format(count=len(people))
        )
        site = View({"summary": summary, "documents": rows, "speakers": people})
        return self._render("index.html", self.language, self.language, root="", site=site)

    def _render(self, template: str, lang: str, ui: str, **values: object) -> str:
        words = {key: _(text) for key, text in WORDS.items()}
        ui_attr = Markup(_ui_attr(lang, ui))
        return (
            environment()
            .get_template(template)
            .render(lang=lang, ui_attr=ui_attr, t=words, **values)
        )


def _ui_attr(lang: str, ui: str) -> str:
    """`` lang="ru"`` on the site's own words when they are not in the page's language."""
    return f' lang="{html_text(ui)}"' if ui != lang else ""
