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
