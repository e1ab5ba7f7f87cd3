"""Callback data for inline buttons: versioned, short, validated, and valid after a restart.

The data names the corpus it was made for (a short fingerprint), so a button pressed after the
corpus changed gets a polite "expired" instead of a wrong answer. No state is kept in memory:
"More results" re-asks the question the button's message replied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VERSION = "v1"
MAX_BYTES = 64
MAX_NUMBER = 99_999


class Action(StrEnum):
    MORE = "m"  # more results for the question this message answers: page
    PARAGRAPH = "p"  # full paragraph: document index, paragraph number
    SPEAKER = "s"  # statements by one speaker: person index, page
    EXAMPLE = "e"  # ask an example question from /start: example index
    CARD = "c"  # the answer as a picture: page, answer on the page
    LANGUAGE = "l"  # answer in a language: its index in visitbot.i18n.LANGUAGES


_ARITY = {
    Action.MORE: 1,
    Action.PARAGRAPH: 2,
    Action.SPEAKER: 2,
    Action.EXAMPLE: 1,
    Action.CARD: 2,
    Action.LANGUAGE: 1,
}
_SHAPE = re.compile(r"^v1:([0-9a-f]{6}):([a-z]):(\d{1,5})(?::(\d{1,5}))?$")


@dataclass(frozen=True)
class Button:
    action: Action
    numbers: tuple[int, ...]

    def encode(self, fingerprint: str) -> str:
        data = ":".join([VERSION, fingerprint, self.action.value, *map(str, self.numbers)])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError("callback data over 64 bytes")
        return data


def decode(data: str | None, fingerprint: str) -> Button | None:
    """The button, or None for anything forged, garbled, from another version or corpus."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    match = _SHAPE.match(data)
    if match is None or match.group(1) != fingerprint:
        return None
    try:
        action = Action(match.group(2))
    except ValueError:
        return None
    numbers = tuple(int(g) for g in match.groups()[2:] if g is not None)
    if len(numbers) != _ARITY[action] or any(n > MAX_NUMBER for n in numbers):
        return None
    return Button(action, numbers)
