"""What the bot says: message texts and their buttons, built from engine results.

Nothing here talks to Telegram; handlers send what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from visitbot.engine import Engine
from visitbot.models import Answer, AnswerSet, Comparison, Intent, Kind, Person
from visitbot.render import EXAMPLES
from visitbot_bot.callbacks import Action, Button
from visitbot_bot.telegram_html import answers_html, attribute, comparison_html, escape

PAGE = 3
"""Answers per message."""
QUOTES_PAGE = 5
"""Statements per page of /quotes."""
POOL = 15
"""Answers fetched per question, so "More results" has something to show."""


@dataclass(frozen=True)
class Reply:
    html: str
    markup: InlineKeyboardMarkup | None = None


class Replies:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.fingerprint = engine.fingerprint
        self.people: list[Person] = [person for person, _ in engine.speaker_counts()]
        self.documents = engine.documents

    def _button(self, label: str, button: Button) -> InlineKeyboardButton:
        return InlineKeyboardButton(label[:64], callback_data=button.encode(self.fingerprint))

    def person_index(self, name: str | None) -> int | None:
        for i, person in enumerate(self.people):
            if person.name == name:
                return i
        return None

    def comparison(self, result: Comparison) -> Reply:
        return Reply(comparison_html(result, self.people))

    def answer(self, result: AnswerSet, page: int = 0) -> Reply:
        first = page * PAGE
        shown = AnswerSet(
            question=result.question,
            intent=result.intent,
            speaker=result.speaker,
            unknown_speaker=result.unknown_speaker,
            notice=result.notice,
            answers=result.answers[: first + PAGE],
        )
        text = answers_html(shown, self.people, first=first)
        if first and result.answers[first:]:
            text = f"<i>More results for “{escape(result.question[:200])}”:</i>\n\n{text}"
        rows: list[list[InlineKeyboardButton]] = []
        page_answers = result.answers[first : first + PAGE]
        if page_answers:
            top = page_answers[0]
            buttons = [self._paragraph_button(top)]
            if len(result.answers) > first + PAGE:
                buttons.insert(0, self._button("More results", Button(Action.MORE, (page + 1,))))
            rows.append([b for b in buttons if b is not None])
            speaker = self.person_index(top.speaker)
            if result.intent is Intent.WHO and speaker is not None:
                rows.append(
                    [self._button(f"More from {top.speaker}", Button(Action.SPEAKER, (speaker, 0)))]
                )
        return Reply(text, InlineKeyboardMarkup(rows) if rows else None)

    def _paragraph_button(self, answer: Answer) -> InlineKeyboardButton | None:
        d = self.engine.document_position(answer.document.id)
        if d is None:
            return None
        return self._button(
            f"Full paragraph ¶{answer.paragraph}", Button(Action.PARAGRAPH, (d, answer.paragraph))
        )

    def statements(self, person_index: int, page: int) -> Reply | None:
        if not 0 <= person_index < len(self.people):
            return None
        person = self.people[person_index]
        found = self.engine.statements_by(person.id)
        pages = max(1, -(-len(found) // QUOTES_PAGE))
        if page >= pages:
            return None
        chunk = found[page * QUOTES_PAGE : (page + 1) * QUOTES_PAGE]
        result = AnswerSet(question=person.name, intent=Intent.SPEAKER, answers=tuple(chunk))
        header = f"<b>{escape(person.name)}</b> — page {page + 1} of {pages}\n\n"
        nav = []
        if page > 0:
            nav.append(self._button("‹ Previous", Button(Action.SPEAKER, (person_index, page - 1))))
        if page + 1 < pages:
            nav.append(self._button("Next ›", Button(Action.SPEAKER, (person_index, page + 1))))
        return Reply(
            header + answers_html(result, self.people),
            InlineKeyboardMarkup([nav]) if nav else None,
        )

    def examples(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [[self._button(q, Button(Action.EXAMPLE, (i,)))] for i, q in enumerate(EXAMPLES)]
        )

    def welcome(self, first_name: str | None) -> str:
        hello = f"Hello, {escape(first_name)}!" if first_name else "Hello!"
        documents = "; ".join(
            f"“{escape(d.title)}” ({d.date.strftime('%B')} {d.date.day}, {d.date.year})"
            for d in self.documents[:3]
        )
        more = f" and {len(self.documents) - 3} more" if len(self.documents) > 3 else ""
        return (
            f"{hello} I answer <b>who said what</b> in {documents}{more}, quoting the source "
            "word for word with a citation.\n\n"
            f"I can quote: {escape(', '.join(p.name for p in self.people))}.\n\n"
            "Ask in your own words, or tap an example:"
        )

    def help(self) -> str:
        examples = "\n".join(f"• {escape(e)}" for e in EXAMPLES)
        return (
            "<b>How to ask</b>\n"
            "Send any question or a few keywords; typos are fine.\n"
            f"{examples}\n"
            "• What did Xi say about Beijing?\n"
            "• reliabel suport\n\n"
            "<b>Commands</b>\n"
            "/speakers — who is quoted, and how often\n"
            "/quotes &lt;name&gt; — everything one speaker said\n"
            "/source — the documents I quote\n"
            "/ask &lt;question&gt; — ask in a group\n"
            "/about — how I work\n\n"
            "In groups, use /ask, reply to one of my messages, or mention me. "
            "In any chat, type my @username and a few words to share a quote."
        )

    def speakers(self) -> str:
        counts = dict((p.id, c) for p, c in self.engine.speaker_counts())
        if not counts:
            return "No statements are attributed in these documents."
        lines = ["<b>Who is quoted</b>"]
        for person in self.people:
            c = counts[person.id]
            lines.append(
                f"• {escape(person.name)} — {_count(c[Kind.QUOTE], 'direct quote')}, "
                f"{_count(c[Kind.REPORTED], 'reported statement')}"
            )
        lines.append("\nSee everything one of them said with /quotes &lt;name&gt;.")
        return "\n".join(lines)

    def source(self) -> str:
        lines = ["<b>Documents</b>"]
        for document in self.documents:
            date = f"{document.date.strftime('%B')} {document.date.day}, {document.date.year}"
            link = f' · <a href="{attribute(document.url)}">link</a>' if document.url else ""
            source = f" ({escape(document.source)})" if document.source else ""
            lines.append(
                f"• {escape(document.title)}{source} — {date}, "
                f"{len(document.paragraphs)} paragraphs{link}"
            )
        return "\n".join(lines)

    @staticmethod
    def about() -> str:
        return (
            "<b>About</b>\n"
            "I find who said what in the documents I hold and quote the words exactly as "
            "written, with the document, its date and the paragraph number. I attribute words "
            "only where the text says who spoke (quote marks, dashes, “said …”, “he noted”); "
            "when it does not, I say so rather than guess. When nothing matches, I tell you "
            "instead of showing something unrelated."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
