"""The site in a real browser: Debian's Chromium, headless, driven by Playwright (which never
downloads a browser here), pages served over HTTP with the bot's own headers (CSP included).

Every page loads without console errors or failed requests; every statement of the corpus
(as ``visitbot check`` lists them) is highlighted with its speaker's colour and named on hover
and focus; a link to ``#p9`` or ``#p9s1`` scrolls there and marks it; at 390 px nothing scrolls
sideways and the highlights are visible; axe-core (from npm: tests/browser/package.json) finds
no serious or critical violation. Skipped, saying why, where Chromium, Playwright or axe-core
is missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from coloraide import Color

from visitbot.engine import Engine
from visitbot.site import names, palette, write_site
from visitbot.site.pages import ordered, statement_anchors
from visitbot_bot.webhook import ARTICLES_POLICY

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("VISITBOT_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
REAL_PRESS = ROOT.parent / "shared" / "eval" / "real-dev" / "corpus"
"""Third-party articles beside the repository (read at run time where present, never copied)."""
SCREENSHOTS = ROOT / "build" / "site-screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Without the background-networking flags Chromium keeps calling out, and this closed network
refuses it."""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests: the playwright package is not installed"
)
if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
    pytest.skip(
        f"browser tests: no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

HOSTILE = """---
title: <script>alert(1)</script> Trade talks & “tariffs”
date: 2025-05-02
url: javascript:alert(2)
---
President of Westland Erik Sand met Minister of Trade of Eastria Anna Holm in Vik.
“</mark><img src=x onerror=alert(3)> We will open the corridor,” said Erik Sand.
“Tariffs fall in May,” said Anna Holm.
“Nobody knows who said this,” the hall heard.
"""
RUSSIAN = """---
title: Президент Вестландии Эрик Санд встретился с министром Анной Холм
date: 2025-05-03
language: ru
---
Президент Вестландии Эрик Санд провёл переговоры в Вике с министром торговли Анной Холм.
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """The site as the bot's webhook server hands it out (same security headers)."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", ARTICLES_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Site:
    def __init__(self, name: str, engine: Engine, folder: Path, url: str) -> None:
        self.name, self.engine, self.folder, self.url = name, engine, folder, url

    def pages(self) -> list[str]:
        return sorted(str(p.relative_to(self.folder)) for p in self.folder.rglob("*.html"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Site]]:
    base = tmp_path_factory.mktemp("sites")
    made = base / "made-up"
    made.mkdir()
    for name in ("westland.txt", "meta.txt", "uzbekistan.txt"):
        shutil.copy(ROOT / "tests" / "data" / name, made / name)
    (made / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (made / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    corpora: list[tuple[str, Path | None]] = [("built-in", None), ("made-up", made)]
    if REAL_PRESS.is_dir():
        corpora.append(("real-press", REAL_PRESS))
    root = base / "www"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    port = server.server_address[1]
    built = []
    for name, corpus in corpora:
        engine = Engine.load(corpus)
        write_site(engine, root / name)
        built.append(Site(name, engine, root / name, f"http://127.0.0.1:{port}/{name}/"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield built
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors, uncaught exceptions and failed requests are kept."""

    def __init__(self, browser: Any, viewport: dict[str, int], **options: Any) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: (
                self.problems.append(f"failed: {r.url} {r.failure}")
                if "ERR_ABORTED" not in str(r.failure)  # a request cut short by the next page
                else None
            ),
        )
        self.page.on(
            "response",
            lambda r: self.problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
        )

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


def test_every_page_loads_without_errors(browser: Any, sites: list[Site]) -> None:
    watched = Watched(browser, DESKTOP)
    try:
        opened = 0
        for site in sites:
            for page in site.pages():
                loaded = watched.open(site.url + page)
                assert loaded.evaluate("document.styleSheets.length") == 1, page
                opened += 1
        assert watched.problems == []
        assert opened >= 10
    finally:
        watched.close()


MARKS = """() => {
  const found = {};
  for (const m of document.querySelectorAll('mark.st')) {
    const key = m.dataset.s;
    if (!found[key]) {
      const first = document.getElementById(key), s = getComputedStyle(first);
      const r = first.getBoundingClientRect();
      found[key] = {id: key, text: '', tip: first.dataset.tip, background: s.backgroundColor,
                    line: s.borderBottomColor, color: s.color, width: r.width, height: r.height};
    }
    found[key].text += m.textContent;  // a fragment holds its own words only
  }
  return Object.values(found);
}"""


def rgb(css: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_every_statement_is_highlighted_with_its_speaker(browser: Any, sites: list[Site]) -> None:
    watched = Watched(browser, DESKTOP)
    tints = {c.tint for c in palette.COLOURS}
    checked = 0
    try:
        for site in sites:
            engine = site.engine
            for document in engine.documents:
                page = watched.open(site.url + names.document_page(document.id))
                marks = {m["id"]: m for m in page.evaluate(MARKS)}
                statements = ordered(engine.document_statements(document.id))
                assert len(marks) == len(statements), document.id
                colours: dict[str | None, str] = {}
                anchors = statement_anchors(statements)
                for statement, anchor in zip(statements, anchors, strict=True):
                    mark = marks[anchor]
                    assert mark["text"] == statement.text
                    assert mark["width"] > 0 and mark["height"] > 0
                    background = rgb(mark["background"])
                    contrast = Color(rgb(mark["color"])).contrast(background, method="wcag21")
                    assert contrast >= 4.5, (anchor, background)
                    if statement.speaker is None:
                        assert background == palette.UNATTRIBUTED.tint
                        assert mark["tip"].startswith("Unattributed")
                    else:
                        assert background in tints
                        name = engine.people[statement.speaker].name
                        assert mark["tip"].startswith(f"{name} — ")
                        looks = (background, mark["line"])
                        assert colours.setdefault(statement.speaker, str(looks)) == str(looks)
                    checked += 1
                said = [look for who, look in colours.items() if who is not None]
                assert len(set(said)) == len(said), document.id  # speakers look different
    finally:
        watched.close()
    assert checked == sum(len(site.engine.statements) for site in sites)
    assert watched.problems == []


def test_links_scroll_to_the_paragraph_and_mark_the_statement(
    browser: Any, sites: list[Site]
) -> None:
    built_in = sites[0]
    page_url = built_in.url + names.document_page(built_in.engine.documents[0].id)
    watched = Watched(browser, PHONE)
    try:
        page = watched.open(page_url + "#p9")
        top = page.evaluate("document.getElementById('p9').getBoundingClientRect().top")
        assert page.evaluate("window.scrollY") > 500 and 0 <= top < 60
        assert page.evaluate("getComputedStyle(document.getElementById('p9')).backgroundColor") != (
            "rgba(0, 0, 0, 0)"
        )
        page = watched.open(page_url + "#p10")  # another fragment: a new load, to the end
        page = watched.open(page_url + "#p4s1")
        target = page.evaluate(
            """() => {
              const m = document.querySelector(':target'), r = m.getBoundingClientRect();
              return {id: m.id, top: r.top, bottom: r.bottom,
                      width: getComputedStyle(m).borderBottomWidth,
                      paragraph: getComputedStyle(m.closest('p')).backgroundColor}; }"""
        )
        assert target["id"] == "p4s1" and target["width"] == "6px"
        assert 0 <= target["top"] < PHONE["height"] and target["paragraph"] != "rgba(0, 0, 0, 0)"
    finally:
        watched.close()
    assert watched.problems == []


def test_who_said_it_shows_on_hover_and_on_focus(browser: Any, sites: list[Site]) -> None:
    built_in = sites[0]
    watched = Watched(browser, PHONE)
    tip = "(id) => getComputedStyle(document.getElementById(id), '::after').content"
    try:
        page = watched.open(built_in.url + names.document_page(built_in.engine.documents[0].id))
        assert page.evaluate(tip, "p9s1") in ("none", "normal")
        page.hover("#p9s1")
        assert page.evaluate(tip, "p9s1").startswith('"Xi Jinping — direct quote — decided by')
        page.mouse.move(0, 0)
        page.keyboard.press("Tab")  # skip link, then the navigation, then the speakers
        for _ in range(30):
            if page.evaluate("document.activeElement.id") == "p4s1":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "p4s1"  # reachable by keyboard
        assert page.evaluate(tip, "p4s1").startswith('"Kassym-Jomart Tokayev — reported speech')
        box = page.evaluate(
            """() => {
              const s = getComputedStyle(document.getElementById('p4s1'), '::after');
              return {position: s.position, bottom: s.bottom}; }"""
        )
        assert box == {"position": "fixed", "bottom": "8px"}  # in view, whatever the scroll
    finally:
        watched.close()
    assert watched.problems == []


def test_phone_and_desktop_layout(browser: Any, sites: list[Site]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        watched = Watched(browser, viewport, device_scale_factor=2 if size == "phone" else 1)
        try:
            for site in sites:
                for page_path in site.pages():
                    page = watched.open(site.url + page_path)
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    assert wide <= viewport["width"], (size, site.name, page_path, wide)
                    outside = page.evaluate(
                        """(w) => [...document.querySelectorAll('mark')].filter(m =>
                        [...m.getClientRects()].some(r => r.left < 0 || r.right > w)).length""",
                        viewport["width"],
                    )
                    assert outside == 0, (size, page_path)
            built_in = sites[0]
            page = watched.open(built_in.url + names.document_page(built_in.engine.documents[0].id))
            shot = SCREENSHOTS / f"built-in-{size}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            mark = page.locator("#p9s1")
            pixels = _colours(mark.screenshot())
            tint = palette.COLOURS[1].tint  # Xi Jinping, the page's second speaker
            assert pixels.get(tint, 0) > 0.3, pixels  # the highlight is there …
            assert sum(v for c, v in pixels.items() if _dark(c)) > 0.02  # … with text on it
        finally:
            watched.close()
        assert watched.problems == []


def _colours(png: bytes) -> dict[str, float]:
    """Share of a PNG's pixels per colour."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height) or []
    total = image.width * image.height
    return {f"#{r:02x}{g:02x}{b:02x}": n / total for n, (r, g, b) in counts}


def _dark(hex_colour: str) -> bool:
    return Color(hex_colour).luminance() < 0.1


def sample(site: Site, per_folder: int) -> list[str]:
    """The front page and, per folder, the pages with the most marks and links (axe takes
    about a second a page, so a large corpus is sampled: its pages share one template)."""
    pages = site.pages()
    if len(pages) <= 2 * per_folder + 1:
        return pages

    def weight(page: str) -> int:
        text = (site.folder / page).read_text(encoding="utf-8")
        return text.count("<mark") + text.count("<a ")

    chosen = ["index.html"]
    for folder in (names.DOCUMENTS, names.SPEAKERS):
        inside = [p for p in pages if p.startswith(folder + "/")]
        chosen += sorted(inside, key=weight, reverse=True)[:per_folder]
    return chosen


@pytest.mark.skipif(
    not AXE.is_file(), reason="axe-core is not installed: npm ci --prefix tests/browser"
)
def test_no_serious_accessibility_violations(browser: Any, sites: list[Site]) -> None:
    """axe-core in each page (the context lets the injected script past the CSP)."""
    axe = AXE.read_text(encoding="utf-8")
    found: list[str] = []
    checked = 0
    for viewport in (PHONE, DESKTOP):
        watched = Watched(browser, viewport, bypass_csp=True)
        try:
            for site in sites:
                for page_path in sample(site, 4):
                    page = watched.open(site.url + page_path)
                    page.add_script_tag(content=axe)
                    violations = page.evaluate(
                        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                        ".violations.map(v => ({id: v.id, impact: v.impact,"
                        " nodes: v.nodes.length}))"
                    )
                    found += [
                        f"{site.name}/{page_path} at {viewport['width']} px: {v['id']} "
                        f"({v['nodes']} elements)"
                        for v in violations
                        if v["impact"] in ("serious", "critical")
                    ]
                    checked += 1
        finally:
            watched.close()
    assert found == []
    assert checked >= 20
