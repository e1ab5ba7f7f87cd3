"""Quote cards: one answer as a PNG to share — the verbatim words, who said them, the
document, its date and paragraph, and the bot's name; wrapped and sized to the text.

Fonts ship in installed packages: DejaVu Sans (matplotlib's) for Latin, Greek and Cyrillic,
Kazakh letters included; Noto Sans CJK (notojp-matplotlib's) for Chinese, Japanese and Korean
names. Each character is drawn in the first font that has it. Nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from visitbot.i18n import _, long_date
from visitbot.models import Answer, Kind
from visitbot.render import speaker_line

WIDTH = 1080
"""Pixels: a phone screen's width at full resolution, the size social networks keep."""
PADDING = 84
CARD_CHARS = 600
"""A longer quote is cut at a word with "…", as excerpts are."""
QUOTE_SIZES = ((140, 58), (280, 50), (420, 44), (CARD_CHARS + 2, 38))
"""(characters up to, font size in px): shorter quotes in larger type."""
BACKGROUND = (17, 24, 39)
TEXT = (243, 244, 246)
MUTED = (156, 163, 175)
ACCENT = (56, 189, 248)
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
"""Scripts written without spaces: a line may break between any two of their characters."""


class FontsMissing(Exception):
    """The packages that ship the card's fonts are not installed."""


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)  # finds it without importing it
    if spec is None or not spec.submodule_search_locations:
        raise FontsMissing(f"the {package} package (it ships the card's fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


@dataclass(frozen=True)
class Face:
    path: Path
    covers: frozenset[int] = field(repr=False)


@cache
def _faces(bold: bool) -> tuple[Face, ...]:
    latin = _package_file(
        "matplotlib",
        "mpl-data",
        "fonts",
        "ttf",
        "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf",
    )
    cjk = _package_file("notojp_matplotlib", "fonts", "NotoSansCJKjp-Regular.otf")
    return tuple(
        Face(path, frozenset(TTFont(path, lazy=True).getBestCmap())) for path in (latin, cjk)
    )


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _runs(text: str, bold: bool, size: int) -> list[tuple[str, ImageFont.FreeTypeFont]]:
    """The text split where the font drawing it changes."""
    faces = _faces(bold)
    runs: list[tuple[str, ImageFont.FreeTypeFont]] = []
    for char in text:
        face = next((f for f in faces if ord(char) in f.covers), faces[0])
        font = _font(face.path, size)
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs


def _width(text: str, bold: bool, size: int) -> float:
    return sum(font.getlength(run) for run, font in _runs(text, bold, size))


def _pieces(text: str) -> list[str]:
    """Where a line may break: after spaces (not no-break spaces: "3 июля 2024 г."), and
    around characters of spaceless scripts."""
    return [p for p in re.split(rf"([ \t\n]+|{_CJK.pattern})", text) if p]


def wrap(text: str, bold: bool, size: int, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        candidate = line + piece
        if line and not piece.isspace() and _width(candidate.rstrip(), bold, size) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def card_text(answer: Answer) -> str:
    """The words on the card: the excerpt, cut at a word with "…" past CARD_CHARS."""
    words = answer.excerpt.strip()
    if len(words) <= CARD_CHARS:
        return words
    cut = words[:CARD_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return f"{cut} …"


@dataclass(frozen=True)
class Block:
    lines: tuple[str, ...]
    size: int
    bold: bool
    colour: tuple[int, int, int]
    gap: int
    """Space above the block, in pixels."""


@dataclass(frozen=True)
class Card:
    """A rendered card and the lines drawn on it (what tests compare with the answer)."""

    png: bytes
    width: int
    height: int
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(line for block in self.blocks for line in block.lines)


def render_card(answer: Answer, bot_name: str | None = None) -> Card:
    quote = card_text(answer)
    size = next(s for limit, s in QUOTE_SIZES if len(quote) <= limit)
    inner = WIDTH - 2 * PADDING
    where = f"{long_date(answer.document.date)},\u00a0¶{answer.paragraph}"
    citation = f"{answer.document.title} — {where}"
    # Quote marks only round a speaker's own words; reported speech and narrative are the
    # report's words, shown as they are, under their label.
    words = f"“{quote}”" if answer.kind is Kind.QUOTE else quote
    blocks = [
        Block(tuple(wrap(words, False, size, inner)), size, False, TEXT, 0),
        Block(tuple(wrap(speaker_line(answer), True, 34, inner)), 34, True, ACCENT, 48),
        Block(tuple(wrap(citation, False, 28, inner)), 28, False, MUTED, 14),
    ]
    if bot_name:
        blocks.append(Block((_("Quoted by @{name}").format(name=bot_name),), 26, False, MUTED, 40))
    height = PADDING * 2 + sum(b.gap + round(b.size * 1.32) * len(b.lines) for b in blocks)
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 12, height), fill=ACCENT)
    y = PADDING
    for block in blocks:
        y += block.gap
        for line in block.lines:
            x: float = PADDING
            for run, font in _runs(line, block.bold, block.size):
                draw.text((x, y), run, font=font, fill=block.colour)
                x += font.getlength(run)
            y += round(block.size * 1.32)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return Card(buffer.getvalue(), WIDTH, height, tuple(blocks))
