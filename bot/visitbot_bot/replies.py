"""What the bot says: message texts and their buttons, built from engine results.

Nothing here talks to Telegram; handlers send what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from visitbot.engine import Engine
from visitbot.i18n import N_, _, long_date, ngettext
from visitbot.models import Answer, AnswerSet, Comparison, Intent, Kind, Person
from visitbot.render import EXAMPLES, language_name
from visitbot_bot.articles import Articles
from visitbot_bot.callbacks import Action, Button
from visitbot_bot.telegram_html import (
    answers_html,
    attribute,
    bold,
    comparison_html,
    escape,
    paragraph_html,
)

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
    def __init__(self, engine: Engine, articles: Articles | None = None) -> None:
        """``articles``: where the annotated articles are published (None: nowhere, and
        answers carry no link to them)."""
        self.engine = engine
        self.articles = articles
        self.fingerprint = engine.fingerprint
        self.people: list[Person] = [person for person, _counts in engine.speaker_counts()]
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
            more = _("More results for “{question}”:").format(
                question=escape(result.question[:200])
            )
            text = f"<i>{more}</i>\n\n{text}"
        rows: list[list[InlineKeyboardButton]] = []
        page_answers = result.answers[first : first + PAGE]
        if page_answers:
            top = page_answers[0]
            buttons = [
                self._paragraph_button(top),
                self._button(_("Share as image"), Button(Action.CARD, (page, 0))),
            ]
            if len(result.answers) > first + PAGE:
                buttons.insert(0, self._button(_("More results"), Button(Action.MORE, (page + 1,))))
            rows.append([b for b in buttons if b is not None])
            speaker = self.person_index(top.speaker)
            if result.intent is Intent.WHO and speaker is not None:
                rows.append(
                    [
                        self._button(
                            _("More from {speaker}").format(speaker=top.speaker),
                            Button(Action.SPEAKER, (speaker, 0)),
                        )
                    ]
                )
            article = self.article_button(top)
            if article is not None:
                rows.append([article])
        return Reply(text, InlineKeyboardMarkup(rows) if rows else None)

    def article_button(self, answer: Answer) -> InlineKeyboardButton | None:
        """A link to the answer's words, highlighted in the whole annotated article."""
        if self.articles is None:
            return None
        return InlineKeyboardButton(
            _("Open in article ¶{number}").format(number=answer.paragraph)[:64],
            url=self.articles.link(self.engine, answer),
        )

    def paragraph(self, answer: Answer) -> Reply:
        """A whole paragraph, with the link to it in its article."""
        button = self.article_button(answer)
        return Reply(paragraph_html(answer), InlineKeyboardMarkup([[button]]) if button else None)

    def _paragraph_button(self, answer: Answer) -> InlineKeyboardButton | None:
        d = self.engine.document_position(answer.document.id)
        if d is None:
            return None
        return self._button(
            _("Full paragraph ¶{number}").format(number=answer.paragraph),
            Button(Action.PARAGRAPH, (d, answer.paragraph)),
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
        where = _("page {page} of {pages}").format(page=page + 1, pages=pages)
        header = f"<b>{escape(person.name)}</b> — {where}\n\n"
        nav = []
        if page > 0:
            nav.append(
                self._button(_("‹ Previous"), Button(Action.SPEAKER, (person_index, page - 1)))
            )
        if page + 1 < pages:
            nav.append(self._button(_("Next ›"), Button(Action.SPEAKER, (person_index, page + 1))))
        return Reply(
            header + answers_html(result, self.people),
            InlineKeyboardMarkup([nav]) if nav else None,
        )

    def examples(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [[self._button(q, Button(Action.EXAMPLE, (i,)))] for i, q in enumerate(EXAMPLES)]
        )

    def welcome(self, first_name: str | None) -> str:
        hello = _("Hello, {name}!").format(name=escape(first_name)) if first_name else _("Hello!")
        documents = "; ".join(
            f"“{escape(d.title)}” ({long_date(d.date)})" for d in self.documents[:3]
        )
        extra = len(self.documents) - 3
        if extra > 0:
            more = ngettext("and {count} more", "and {count} more", extra).format(count=extra)
            documents = f"{documents} {more}"
        return (
            hello
            + " "
            + _(
                "I answer <b>who said what</b> in {documents}, quoting the source word for "
                "word with a citation."
            ).format(documents=documents)
            + "\n\n"
            + _("I can quote: {names}.").format(
                names=escape(", ".join(p.name for p in self.people))
            )
            + "\n\n"
            + _("Ask in your own words, or tap an example:")
        )

    def help(self) -> str:
        examples = "\n".join(f"• {escape(e)}" for e in EXAMPLES)
        commands = "\n".join(
            f"/{name} — {escape(_(description))}" for name, description in COMMANDS_HELP
        )
        return (
            bold(_("How to ask"))
            + "\n"
            + _("Send any question or a few keywords; typos are fine.")
            + f"\n{examples}\n"
            "• What did Xi say about Beijing?\n"
            "• Что сказал Токаев?\n"
            "• reliabel suport\n\n"
            + bold(_("Commands"))
            + f"\n{commands}\n\n"
            + _(
                "In groups, use /ask, reply to one of my messages, or mention me. "
                "In any chat, type my @username and a few words to share a quote."
            )
            + "\n"
            + _(
                "I read English and Russian sources and quote them as written, naming the "
                "language; ask in English, Russian or Kazakh: words are looked up across English "
                "and Russian, and sources in your language come first."
            )
        )

    def speakers(self) -> str:
        counts = dict((p.id, c) for p, c in self.engine.speaker_counts())
        if not counts:
            return escape(_("No statements are attributed in these documents."))
        lines = [bold(_("Who is quoted"))]
        for person in self.people:
            c = counts[person.id]
            quotes = ngettext("{count} direct quote", "{count} direct quotes", c[Kind.QUOTE])
            reported = ngettext(
                "{count} reported statement", "{count} reported statements", c[Kind.REPORTED]
            )
            lines.append(
                f"• {escape(person.name)} — {quotes.format(count=c[Kind.QUOTE])}, "
                f"{reported.format(count=c[Kind.REPORTED])}"
            )
        lines.append("\n" + _("See everything one of them said with /quotes &lt;name&gt;."))
        return "\n".join(lines)

    def source(self) -> str:
        lines = [bold(_("Documents"))]
        link_text = _("link")
        for document in self.documents:
            link = f' · <a href="{attribute(document.url)}">{link_text}</a>' if document.url else ""
            source = f" ({escape(document.source)})" if document.source else ""
            count = len(document.paragraphs)
            paragraphs = ngettext("{count} paragraph", "{count} paragraphs", count)
            language = language_name(document.language)
            written = f"{escape(language)}, " if language else ""
            lines.append(
                f"• {escape(document.title)}{source} — {long_date(document.date)}, "
                f"{written}{paragraphs.format(count=count)}{link}"
            )
        return "\n".join(lines)

    @staticmethod
    def about() -> str:
        return (
            bold(_("About"))
            + "\n"
            + escape(
                _(
                    "I find who said what in the documents I hold and quote the words exactly as "
                    "written, with the document, its date and the paragraph number. I attribute "
                    "words only where the text says who spoke (quote marks, dashes, “said …”, “he "
                    "noted”); when it does not, I say so rather than guess. When nothing matches, "
                    "I tell you instead of showing something unrelated."
                )
            )
        )


COMMANDS_HELP = (
    ("speakers", N_("who is quoted, and how often")),
    ("quotes", N_("everything one speaker said: /quotes Tokayev")),
    ("compare", N_("what each speaker said on a topic: /compare trade")),
    ("source", N_("the documents I quote")),
    ("ask", N_("ask in a group")),
    ("language", N_("the language I answer in")),
    ("about", N_("how I work")),
)
"""The commands /help lists (translated when shown)."""
