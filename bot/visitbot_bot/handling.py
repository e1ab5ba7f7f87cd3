"""The update being handled, as the handlers see it: what kind it is, what was asked and
found, how it ended. The update processor opens one per update (a context variable, so every
handler, worker thread and Bot API call of that update reaches it without passing it around)
and turns it into one log line, metrics and a journal entry when the update is done."""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from telegram import MessageEntity, Update

from visitbot.models import Intent

OUTCOMES = ("no-reply", "sent", "timed-out", "rate-limited", "blocked", "error", "duplicate")
"""How an update ended, from least to most telling: a later one in this order wins (a reply
sent, then an error, is an error)."""
INTENTS = {
    Intent.WHO: "who",
    Intent.SPEAKER: "speaker",
    Intent.GENERAL: "fact",
    Intent.DATE: "date",
    Intent.EMPTY: "empty",
}
"""Metric and log names of the engine's intents ("speaker": what did S say); "compare" is the
side-by-side view."""


@dataclass
class Handling:
    update_id: int
    kind: str
    chat_type: str
    received: float = field(default_factory=time.monotonic)
    """When the update reached the bot (getUpdates answered, or the webhook was called)."""
    intent: str | None = None
    """Set when the update asked a question."""
    answers: int | None = None
    engine_seconds: float = 0.0
    question: str | None = None
    replied: float | None = None
    """When Telegram acknowledged the last reply."""
    outcome: str = "no-reply"
    delivered: dict[int, int] = field(default_factory=dict)
    """Reply parts the journal shows delivered before a restart: part number → message id."""
    parts: int = 0
    """Reply parts numbered so far (in the order the handler sends them)."""

    def note(self, outcome: str) -> None:
        if OUTCOMES.index(outcome) > OUTCOMES.index(self.outcome):
            self.outcome = outcome

    def next_part(self) -> int:
        self.parts += 1
        return self.parts - 1

    def asked(self, question: str, intent: str, answers: int, seconds: float) -> None:
        self.question = question
        self.intent = intent
        self.answers = answers
        self.engine_seconds += seconds

    @property
    def reply_ms(self) -> float | None:
        return None if self.replied is None else 1000 * (self.replied - self.received)


_current: ContextVar[Handling | None] = ContextVar("visitbot_handling", default=None)


def current() -> Handling | None:
    """The update this task is handling (None outside the update processor, e.g. in tests
    that call Application.process_update directly)."""
    return _current.get()


def begin(handling: Handling) -> object:
    return _current.set(handling)


def end(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def kind_of(update: Update) -> str:
    if update.callback_query is not None:
        return "button"
    if update.inline_query is not None or update.chosen_inline_result is not None:
        return "inline"
    message = update.message or update.edited_message
    if message is None:
        return "other"
    if message.document is not None:
        return "upload"
    entities = message.entities or ()
    if any(e.type == MessageEntity.BOT_COMMAND and e.offset == 0 for e in entities):
        return "command"
    return "edit" if update.edited_message is not None else "message"


def chat_type_of(update: Update) -> str:
    chat = update.effective_chat
    if chat is not None:
        return str(chat.type)
    return "inline" if update.inline_query is not None else "none"
