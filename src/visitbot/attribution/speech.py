"""A stretch of words found to be someone's statement, as the rules hand it to the coordinator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Speech:
    start: int
    end: int
    speaker: str | None
    cue: str
    rule: str = ""
    """The convention that found it (see RULES), for measuring each rule alone."""
    reported: bool = False
    """Reported speech that quotes some of its words ('X said that “…” for …'), though a
    rule for quotes found it."""
