"""Speakers' colours on the site: each page gives its speakers slots in order of appearance.

The five colours were chosen by a max–min search over OKLCH (then rounded to hex): the largest
smallest CIEDE2000 difference between any two of them, for normal vision and for simulated
protanopia, deuteranopia and tritanopia, among colours whose underline keeps 3:1 against the
page (WCAG 1.4.11) and whose tint keeps body text above 4.5:1 (WCAG 1.4.3, AA).
``tests/test_site.py`` checks every one of these properties, so a change that breaks one fails.
Colour is never the only sign: a sixth speaker and on get a dashed, then dotted underline, and
every statement's speaker is also named in its tooltip and its note.
"""

from __future__ import annotations

from typing import NamedTuple


class Colour(NamedTuple):
    line: str
    """The underline and the legend's swatch, against the page's background."""
    tint: str
    """The statement's background, behind the text (55 % white mixed into ``line``)."""


PAGE = "#ffffff"
INK = "#1b1b1b"
"""The page's background and text colour."""
COLOURS = (
    Colour(line="#2e40a3", tint="#a1a9d6"),  # indigo
    Colour(line="#a28218", tint="#d5c797"),  # ochre
    Colour(line="#901308", tint="#cd9590"),  # dark red
    Colour(line="#249c74", tint="#9cd2c0"),  # green
    Colour(line="#8d7bb0", tint="#ccc4db"),  # lavender
)
STYLES = ("solid", "dashed", "dotted")
"""Underline styles: slots past the colours' count repeat the colours with the next style."""
UNATTRIBUTED = Colour(line="#595959", tint="#f2f2f2")
"""Speech whose speaker the text does not settle: grey, with a dotted underline."""
SLOTS = len(COLOURS) * len(STYLES)
"""Distinct looks on one page; a page with more speakers than that repeats them (its legend
and notes still name everyone)."""


class Slot(NamedTuple):
    number: int
    colour: Colour
    style: str


def slots() -> list[Slot]:
    """Every look a speaker can have, in the order speakers get them."""
    return [Slot(i, COLOURS[i % len(COLOURS)], STYLES[i // len(COLOURS)]) for i in range(SLOTS)]


def slot_of(position: int) -> int:
    """The slot of the ``position``-th speaker (0-based) to appear on a page."""
    return position % SLOTS
