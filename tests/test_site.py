"""The static site (``visitbot site``): every statement marked with its speaker, colours that
meet WCAG AA and stay apart for colour-blind readers, hostile text kept as text, each page's
language, and pages rewritten only when what they show changed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import pytest
from coloraide import Color

from visitbot.engine import Engine
from visitbot.models import Answer, DocumentRef, Kind
from visitbot.site import SiteError, names, palette, write_site
from visitbot.site.links import answer_path
from visitbot.site.pages import ordered, statement_anchors

DATA = Path(__file__).parent / "data"
VISIONS = (None, "protan", "deutan", "tritan")
"""Normal vision and simulated dichromacy (coloraide's Brettel/Viénot filters)."""
LINES_APART = 12.0
TINTS_APART = 8.0
"""Smallest CIEDE2000 difference between two speakers' underlines and tints, in every vision:
about 2 is "just noticeable" side by side, 10 and more reads as another colour."""


def contrast(a: str, b: str) -> float:
    return float(Color(a).contrast(Color(b), method="wcag21"))


def test_palette_meets_wcag_aa() -> None:
    for colour in (*palette.COLOURS, palette.UNATTRIBUTED):
        assert contrast(palette.INK, colour.tint) >= 4.5, colour  # text on its highlight
        assert contrast(colour.line, palette.PAGE) >= 3.0, colour  # underline on the page
    assert contrast(palette.INK, palette.PAGE) >= 4.5


@pytest.mark.parametrize("vision", VISIONS)
def test_speakers_colours_stay_apart_for_colour_blind_readers(vision: str | None) -> None:
    def seen(hex_colour: str) -> Color:
        colour = Color(hex_colour)
        return colour.filter(vision) if vision else colour

    for a, b in combinations((*palette.COLOURS, palette.UNATTRIBUTED), 2):
        assert seen(a.line).delta_e(seen(b.line), method="2000") >= LINES_APART, (a, b)
        assert seen(a.tint).delta_e(seen(b.tint), method="2000") >= TINTS_APART, (a, b)


def test_slots_past_the_colours_change_the_underline() -> None:
    looks = {(s.colour, s.style) for s in palette.slots()}
    assert len(looks) == palette.SLOTS
    assert palette.slot_of(palette.SLOTS) == 0


class Page(HTMLParser):
    """What a test needs of a page: its tags and attributes, and each mark's text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: dict[str, dict[str, str]] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "mark":
            anchor = str(found.get("data-s"))
            mark = self.marks.setdefault(
                anchor,
                {"class": str(found.get("class")), "tip": str(found.get("data-tip")), "text": ""},
            )
            assert mark["class"] == found.get("class")  # every fragment looks the same
            self._open.append(anchor)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for anchor in self._open:
            self.marks[anchor]["text"] += data

    def ids(self) -> set[str]:
        return {str(a["id"]) for _tag, a in self.tags if a.get("id")}


def site_of(engine: Engine, folder: Path, **options: object) -> Path:
    write_site(engine, folder, **options)  # type: ignore[arg-type]
    return folder


def check_every_statement(engine: Engine, folder: Path) -> int:
    """Every statement of every document is a mark on its page, with its exact text, its
    speaker's name in its tooltip, and one look per speaker on the page; returns the count."""
    checked = 0
    for document in engine.documents:
        page = Page((folder / names.document_page(document.id)).read_text(encoding="utf-8"))
        statements = ordered(engine.document_statements(document.id))
        looks: dict[str | None, str] = {}
        for statement, anchor in zip(statements, statement_anchors(statements), strict=True):
            mark = page.marks[anchor]
            assert mark["text"] == statement.text
            assert anchor in page.ids()  # the first fragment carries the anchor
            look = next(c for c in mark["class"].split() if c == "un" or c[1:].isdigit())
            if statement.speaker is None:
                assert look == "un" and mark["tip"].startswith("Unattributed")
            else:
                assert mark["tip"].startswith(engine.people[statement.speaker].name + " — ")
                assert statement.cue in mark["tip"]
                assert looks.setdefault(statement.speaker, look) == look
            checked += 1
        said = [look for who, look in looks.items() if who is not None]
        assert len(set(said)) == len(said)  # two speakers never look alike on one page
        assert {f"p{p.number}" for p in document.paragraphs} <= page.ids()
    return checked


def test_built_in_article(engine: Engine, tmp_path: Path) -> None:
    folder = site_of(engine, tmp_path / "site")
    assert check_every_statement(engine, folder) == len(engine.statements) == 6
    page = (folder / names.document_page(engine.documents[0].id)).read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert '<mark id="p9s1" tabindex="0" aria-describedby="n-p9s1" class="st s1 quote"' in page
    assert "decided by: said the Chinese leader" in page
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Kassym-Jomart Tokayev</a> (4)" in index and "1 document, 2 speakers" in index
    xi = (folder / "speakers" / "xi-jinping.html").read_text(encoding="utf-8")
    assert f'href="../{names.document_page(engine.documents[0].id)}#p9s1"' in xi
    css = (folder / "style.css").read_text(encoding="utf-8")
    assert palette.COLOURS[0].tint in css and "{{" not in css


def test_real_press_like_corpus_marks_unattributed_speech(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "talks.txt").write_text(
        "Talks in Vik\nMay 2, 2025\n"
        "President of Westland Erik Sand met Prime Minister of Northia Lena Berg.\n"
        "“The bridge opens in spring,” said Erik Sand.\n"
        "“Trade will double,” someone in the hall said.\n",
        encoding="utf-8",
    )
    engine = Engine.load(corpus, cache=False)
    unattributed = [s for s in engine.statements if s.speaker is None]
    folder = site_of(engine, tmp_path / "site")
    assert check_every_statement(engine, folder) == len(engine.statements)
    page = (folder / "documents" / "talks.html").read_text(encoding="utf-8")
    if unattributed:
        assert 'class="st un quote"' in page and "unattributed statement" in page


def test_overlapping_statements_are_shown_whole() -> None:
    from visitbot.site.pages import Note, segments

    def note(anchor: str) -> Note:
        return Note(anchor, 1, "s0", "quote", "X", None, "", "", "", "")

    a, b = note("p1s1"), note("p1s2")
    text = "Reported: “quoted words” and more."
    parts = segments(text, [(0, 24, a), (10, 34, b)])
    assert "".join(p.text for p in parts) == text
    assert "".join(p.text for p in parts if a in p.notes) == text[0:24]
    assert "".join(p.text for p in parts if b in p.notes) == text[10:34]
    assert [p.first for p in parts] == [("p1s1",), ("p1s2",), ()]
    assert [[n.anchor for n in p.ends] for p in parts] == [[], ["p1s1"], ["p1s2"]]


HOSTILE = """---
title: <script>alert("title")</script> & "quotes" 'too'
date: 2025-05-02
url: javascript:alert(document.cookie)
source: "><img src=x onerror=alert(1)>
language: en"><script>alert(2)</script>
id: ../../evil
---
President of Westland Erik Sand met <b onmouseover="alert(3)">Minister</b> Anna Holm.
“</mark><script>alert(4)</script><mark>,” said Erik Sand.
{{ 7*7 }} {% if true %}jinja{% endif %} &amp; &lt;p&gt; </p></div></body>
"""


def test_hostile_article_cannot_inject_markup(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    engine = Engine.load(corpus, cache=False)
    assert any(s.speaker for s in engine.statements)
    folder = site_of(engine, tmp_path / "site")
    pages = sorted(folder.rglob("*.html"))
    assert all(folder in p.parents for p in pages)  # the id "../../evil" stays inside
    allowed = {
        "html", "head", "meta", "title", "link", "body", "a", "header", "nav", "main", "footer",
        "p", "article", "h1", "h2", "time", "span", "section", "ul", "ol", "li", "div", "mark",
        "sup", "strong", "blockquote",
    }  # fmt: skip
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert {tag for tag, _attrs in page.tags} <= allowed, path
        for _tag, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), path
            for name in ("href", "src"):
                assert not str(attrs.get(name, "")).lower().startswith("javascript"), path
        assert "49" not in text.split("jinja")[0][-20:]  # the article's {{ 7*7 }} stays text
    document = (folder / names.document_page("../../evil")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in document
    assert "{{ 7*7 }} {% if true %}jinja{% endif %} &amp;amp; &amp;lt;p&amp;gt;" in document
    assert "javascript:" not in document  # not a link, and not shown as one
    assert '<html lang="en">' in document  # an unusable language value is not copied


RUSSIAN = """---
title: Президент Вестландии Эрик Санд встретился с министром Анной Холм
date: 2025-05-02
language: ru
source: Пресс-служба
---
Президент Вестландии Эрик Санд провёл переговоры в Вике.
«Мост откроется весной», — сказал Эрик Санд.
"""


def test_page_language_follows_the_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (corpus / "de.txt").write_text(
        "---\ntitle: Erik Sand in Vik\ndate: 2025-05-03\nlanguage: German\n---\n"
        "Der Präsident traf die Ministerin.\n",
        encoding="utf-8",
    )
    engine = Engine.load(corpus, cache=False)
    folder = site_of(engine, tmp_path / "site")
    russian = (folder / "documents" / "ru.html").read_text(encoding="utf-8")
    assert russian.startswith('<!doctype html>\n<html lang="ru">')
    assert '<meta charset="utf-8">' in russian
    # Russian is read: the quote is Erik Sand's, named in the nominative, notes in Russian.
    assert re.search(
        r"«<mark [^>]*data-tip=\"Эрик Санд — прямая цитата[^>]*>Мост откроется весной</mark>",
        russian,
    )
    assert "Кто здесь говорит" in russian and "2 мая 2025" in russian  # the page's own words
    german = (folder / "documents" / "de.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in german
    assert '<header class="site" lang="en">' in german  # English words on a German page
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'lang="ru">Президент Вестландии' in index and "Russian" in index


def test_only_changed_pages_are_written_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "westland.txt", corpus / "westland.txt")
    shutil.copy(DATA / "meta.txt", corpus / "meta.txt")
    folder = tmp_path / "site"
    first = write_site(Engine.load(corpus, cache=False), folder)
    assert first.written == first.pages and first.removed == 0
    again = write_site(Engine.load(corpus, cache=False), folder)
    assert again.written == 0 and again.pages == first.pages
    (corpus / "meta.txt").unlink()
    engine = Engine.load(corpus, cache=False)
    removed = write_site(engine, folder)
    assert removed.removed >= 1 and removed.written == 1  # the front page only
    assert not any("northia" in p.name for p in (folder / "documents").iterdir())
    (folder / names.document_page(engine.documents[0].id)).unlink()
    restored = write_site(engine, folder)
    assert restored.written == 1 and restored.removed == 0
    assert check_every_statement(engine, folder) == len(engine.statements)


def test_a_folder_with_other_files_is_refused(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteError, match="not empty"):
        write_site(engine, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_file_names_stay_in_their_folder() -> None:
    stems = {names.file_stem(i) for i in ("../x", "a/b", "Иван", "CON", "x", "X", "a b")}
    assert len(stems) == 7
    assert all("/" not in s and ".." not in s and s.isascii() for s in stems)
    assert names.file_stem("2024-07-03-talks") == "2024-07-03-talks"


def test_language_tags() -> None:
    assert names.language_tag(None) == "en"
    assert names.language_tag("ru") == "ru"
    assert names.language_tag("pt_BR") == "pt-BR"
    assert names.language_tag("Russian") == "ru"
    assert names.language_tag('en"><script>') == "en"


def test_answers_link_to_their_statement_or_paragraph(engine: Engine) -> None:
    result = engine.ask("Who said China will always be a reliable support?")
    top = result.answers[0]
    page = names.document_page(top.document.id)
    assert answer_path(engine, top) == f"{page}#p9s1"
    document = engine.documents[0]
    narrative = Answer(
        speaker=None,
        kind=Kind.NARRATIVE,
        excerpt=document.paragraphs[0].text[:20],
        paragraph=1,
        document=DocumentRef(id=document.id, title=document.title, date=document.date),
        score=1.0,
        start=0,
        end=20,
    )
    assert answer_path(engine, narrative) == f"{page}#p1"


def test_command_line(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "visitbot_bot", "site", "-o", str(tmp_path / "site")]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "1 document(s), 2 speaker(s); 6 of 6 files written" in done.stdout
    again = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "0 of 6 files written" in again.stdout
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "index.html").write_text("mine", encoding="utf-8")
    refused = subprocess.run(
        [*run[:-1], str(tmp_path / "other")], capture_output=True, text=True, check=False
    )
    assert refused.returncode == 2 and "holds no visitbot site" in refused.stderr


PARAGRAPH_TEMPLATE = (
    '<div class="para"><p id="{{ p.anchor }}"><a class="pn" href="#{{ p.anchor }}"{{ ui_attr }}>'
    "¶{{ p.number }}</a> {% for seg in p.segments %}{% for n in seg.notes %}<mark"
    '{% if n.anchor in seg.first %} id="{{ n.anchor }}" tabindex="0" aria-describedby="n-'
    '{{ n.anchor }}"{% endif %} class="st {{ n.look }} {{ n.kind }}" data-s="{{ n.anchor }}" '
    'data-tip="{{ n.tip }}">{% endfor %}{{ seg.text }}{% for n in seg.notes %}</mark>{% endfor %}'
    '{% for n in seg.ends %}<sup class="ref"{{ ui_attr }}><a href="#n-{{ n.anchor }}" '
    'aria-label="{{ n.ref_label }}">{{ n.number }}</a></sup>{% endfor %}{% endfor %}</p>\n'
    '{% if p.notes %}<ol class="notes"{{ ui_attr }}>\n'
    '{% for n in p.notes %}<li id="n-{{ n.anchor }}"><span class="sw {{ n.look }}" '
    'aria-hidden="true"></span>{% if n.href %}<a href="{{ root }}{{ n.href }}">{{ n.speaker }}'
    "</a>{% else %}<strong>{{ n.speaker }}</strong>{% endif %} — {{ n.details }} "
    '<a class="back" href="#{{ n.anchor }}" aria-label="{{ n.back_label }}">↑</a></li>\n'
    "{% endfor %}</ol>{% endif %}\n</div>\n"
)
"""A paragraph's markup as document.html wrote it with Jinja before pages.paragraph_html."""


@pytest.mark.parametrize("ui_attr", ["", ' lang="en"'])
def test_paragraphs_are_written_as_the_template_wrote_them(ui_attr: str) -> None:
    from markupsafe import Markup

    from visitbot.site.pages import Note, ParagraphView, environment, paragraph_html, segments

    hostile = "<script>alert('x')</script> & \"quoted\" {{ 7*7 }}"

    def note(anchor: str, number: int, href: str | None, speaker: str = hostile) -> Note:
        return Note(
            anchor, number, "s0" if href else "un", "quote", speaker, href,
            f"direct quote — decided by: {hostile}", f"{speaker} — tip", f"Note {number}",
            "Back to the text",
        )  # fmt: skip

    a, b, c = note("p3s1", 1, "speakers/x.html"), note("p3s2", 2, None), note("p3s3", 3, "s/y")
    text = f"Reported: “{hostile}” and more. {hostile}"
    cases = [
        ("", []),
        (text, []),
        (text, [(0, 24, a), (10, 40, b), (45, len(text), c)]),
        (text, [(0, len(text), a), (0, len(text), b)]),
        (text, [(5, 5, a), (6, 9, b)]),
    ]
    template = environment().from_string(PARAGRAPH_TEMPLATE)
    for body, spans in cases:
        view = ParagraphView(3, "p3", segments(body, spans), [n for _s, _e, n in spans])
        expected = template.render(p=view, ui_attr=Markup(ui_attr), root="../")
        assert paragraph_html(view, ui_attr, "../") == expected


def made_up_corpus(folder: Path, documents: int) -> None:
    """Articles with several speakers each, quotes, reported speech and some unattributed
    words, on a few dates (so speakers' pages list documents of the same day), plus the
    hostile and Russian ones."""
    folder.mkdir(parents=True, exist_ok=True)
    countries = ["Westland", "Eastria", "Norbia", "Sudland"]
    for d in range(documents):
        host, guest = f"Erik Sand{d % 7}", f"Oskar Dune{d % 5}"
        country = countries[d % 4]
        lines = [f"{host} received {guest} in {country}", f"2025-03-{1 + d % 3:02d}"]
        for k in range(6):
            lines.append(
                [
                    f"President of {country} {host} met Minister of Trade {guest}.",
                    f"“We will open corridor {k} next spring,” said {host}.",
                    f"{guest} said trade in grain number {k} would grow.",
                    f"“Trade will double,” someone in the hall said about {d}.",
                    f"– Timber grew by {k} percent, – the {country} leader said.",
                    f"The sides discussed {k} projects on energy.",
                ][k]
            )
        (folder / f"doc{d:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "ru.txt").write_text(RUSSIAN, encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_pages_made_on_every_core_equal_those_made_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitbot.site import writer

    made_up_corpus(tmp_path / "corpus", 30)
    engine = Engine.load(tmp_path / "corpus", cache=False)
    alone = write_site(engine, tmp_path / "alone", workers=1)
    forked: list[str] = []
    real_context = writer.multiprocessing.get_context

    def spy(method: str | None = None) -> object:
        forked.append(str(method))
        return real_context(method)

    monkeypatch.setattr(writer, "PARALLEL_FROM", 2)
    monkeypatch.setattr(writer.multiprocessing, "get_context", spy)
    shared = write_site(engine, tmp_path / "shared", workers=2)
    assert forked == ["fork"] or "fork" not in writer.multiprocessing.get_all_start_methods()
    assert alone == replace(shared, seconds=alone.seconds)
    assert files_of(tmp_path / "alone") == files_of(tmp_path / "shared")
    assert check_every_statement(engine, tmp_path / "shared") == len(engine.statements)


def test_a_site_brought_up_to_date_equals_one_written_afresh(tmp_path: Path) -> None:
    """After an article is added, one is changed and one removed, the pages written again
    (and only those) make the same site as writing every page from scratch."""
    corpus = tmp_path / "corpus"
    made_up_corpus(corpus, 12)
    folder = tmp_path / "site"
    first = write_site(Engine.load(corpus, cache=False), folder)
    assert write_site(Engine.load(corpus, cache=False), folder).written == 0
    shutil.copy(DATA / "westland.txt", corpus / "westland.txt")
    added = write_site(Engine.load(corpus, cache=False), folder)
    assert 2 <= added.written <= 6 and added.pages > first.pages  # page, speakers, front
    text = (corpus / "doc004.txt").read_text(encoding="utf-8")
    same_length = text.replace("corridor 1", "passages 1")  # only the words differ
    (corpus / "doc004.txt").write_text(same_length, encoding="utf-8")
    (corpus / "doc007.txt").unlink()
    engine = Engine.load(corpus, cache=False)
    changed = write_site(engine, folder)
    assert changed.removed >= 1 and changed.written < changed.pages // 2
    assert files_of(folder) == files_of(site_of(engine, tmp_path / "afresh"))


SAID_TEMPLATE = (
    '<section class="said" aria-labelledby="d{{ loop.index }}">\n'
    '<h2 id="d{{ loop.index }}"><a href="{{ d.href }}" lang="{{ d.lang }}">{{ d.title }}</a> '
    '<span class="meta"><time datetime="{{ d.iso_date }}">{{ d.date }}</time></span></h2>\n'
    "<ul>\n"
    '{% for s in d.statements %}<li><blockquote lang="{{ d.lang }}"><p><mark class="st s0 '
    '{{ s.kind }}">{{ s.text }}</mark></p></blockquote>\n'
    '<p class="meta">{{ s.kind_label }} — {{ s.decided }} — <a href="{{ s.href }}">'
    "{{ s.link_label }}</a></p></li>\n"
    "{% endfor %}</ul>\n"
    "</section>\n"
)
ROW_TEMPLATE = (
    '<li><a class="title" href="{{ d.href }}" lang="{{ d.lang }}">{{ d.title }}</a>\n'
    '<p class="meta"><time datetime="{{ d.iso_date }}">{{ d.date }}</time>{% if d.source %} · '
    '<span lang="{{ d.lang }}">{{ d.source }}</span>{% endif %} · {{ d.language_name }} · '
    "{{ d.paragraphs }}</p>\n"
    '{% if d.speakers or d.unattributed %}<p class="who">{% for s in d.speakers %}<a href="'
    '{{ s.href }}">{{ s.name }}</a> ({{ s.said }}){% if not loop.last %}, {% endif %}'
    "{% endfor %}{% if d.unattributed %}{% if d.speakers %}; {% endif %}{{ d.unattributed }}"
    "{% endif %}</p>{% endif %}</li>\n"
)
"""A speaker's document and a front page's line as speaker.html and index.html wrote them with
Jinja before pages.said_html and pages.row_html (one loop turn each)."""


def test_speakers_and_front_page_lines_are_written_as_the_templates_wrote_them() -> None:
    from visitbot.site.pages import (
        Quoted,
        Row,
        Said,
        SaidIn,
        environment,
        row_html,
        said_html,
    )

    hostile = "<script>alert('x')</script> & \"quoted\" {{ 7*7 }}"
    said = Said(
        hostile, "quote", "direct quote", f"decided by: {hostile}", "../d/x.html#p1s1", "¶1"
    )
    for statements in ([], [said], [said, said._replace(kind="reported", text="")]):
        group = SaidIn(hostile, "../documents/x.html", 'ru"', "2025-05-02", "May 2", statements)
        expected = (
            environment()
            .from_string("{% for d in groups %}" + SAID_TEMPLATE + "{% endfor %}")
            .render(groups=[group, group])
        )
        assert said_html(1, group) + said_html(2, group) == expected
    template = environment().from_string("{% for d in rows %}" + ROW_TEMPLATE + "{% endfor %}")
    people = [Quoted(hostile, "speakers/a.html", 3), Quoted("B", "speakers/b.html", 1)]
    for source in (None, "", hostile):
        for speakers in ([], people[:1], people):
            for unattributed in ("", f"2 unattributed {hostile}"):
                row = Row(
                    hostile, "documents/x.html", "en", "2025-05-02", "May 2, 2025", source,
                    "English", "3 paragraphs", speakers, unattributed,
                )  # fmt: skip
                assert row_html(row) == template.render(rows=[row])


FAILING_DISK = """
import sys
from pathlib import Path
from visitbot.engine import Engine
from visitbot.site import writer
writer.PARALLEL_FROM, writer.AHEAD, writer.CHUNK = 2, 4, 2
real, calls = writer._write, []
def failing(path, data):
    calls.append(path)
    if len(calls) == 9:
        raise OSError(28, "No space left on device")
    real(path, data)
writer._write = failing
try:
    writer.write_site(Engine.load(Path(sys.argv[1]), cache=False), Path(sys.argv[2]), workers=2)
except OSError as exc:
    print("stopped:", exc.strerror)
"""


def test_a_failed_write_stops_the_workers(tmp_path: Path) -> None:
    """A disk that fails while workers render ahead: the error reaches the caller and every
    worker stops (a hang here would be the pool waiting for its feeder)."""
    made_up_corpus(tmp_path / "corpus", 10)
    done = subprocess.run(
        [sys.executable, "-c", FAILING_DISK, str(tmp_path / "corpus"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "stopped: No space left on device" in done.stdout
