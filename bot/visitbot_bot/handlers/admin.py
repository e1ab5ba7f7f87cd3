"""Admin: articles added by sending a .txt or .md file, /remove <document id>; everyone else
gets a polite refusal. The corpus changes on disk atomically and the index is updated (only the
changed file is read) off the event loop; questions keep being answered meanwhile."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError

from visitbot.corpus import CorpusError
from visitbot.engine import Engine
from visitbot.i18n import N_, _, long_date, ngettext
from visitbot.library import MAX_ARTICLE_BYTES, Library, LibraryError, too_large
from visitbot.models import Kind
from visitbot_bot.handlers.base import Base, Context, log
from visitbot_bot.replies import Replies, Reply
from visitbot_bot.telegram_html import bold, escape

Say = Callable[[str], Awaitable[None]]
"""Replies (HTML) to the message being handled."""
ADMINS_ONLY = N_(
    "Only the administrators of this bot can change its documents. "
    "Ask me a question instead, or see /help."
)


class Admin(Base):
    _changing: asyncio.Lock | None = None

    async def _admitted(self, update: Update, context: Context) -> Say | None:
        """How to reply to an admin's change; None (after a polite refusal) for anyone else,
        or when this bot takes no uploads."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return None
        chat_id, message_id = chat.id, message.message_id

        async def say(html: str) -> None:
            await self.send(context, chat_id, Reply(html), message_id)

        user = update.effective_user
        if user is None or user.id not in self.admin_ids:
            await say(escape(_(ADMINS_ONLY)))
            return None
        if self.library is None:
            await say(escape(_(Library.NO_FOLDER)))
            return None
        return say

    async def document(self, update: Update, context: Context) -> None:
        """A file sent in a private chat: an admin's new article, or a polite refusal."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        say = await self._admitted(update, context)
        if say is None or self.library is None:
            return
        sent = message.document
        name = sent.file_name or "article.txt"
        if sent.file_size is not None and sent.file_size > MAX_ARTICLE_BYTES:
            await say(escape(too_large(name)))
            return
        try:
            Library.check_name(name)
            telegram_file = await context.bot.get_file(sent.file_id)
            data = bytes(await telegram_file.download_as_bytearray())
        except LibraryError as exc:
            await say(escape(str(exc)))
            return
        except TelegramError as exc:
            log.warning("could not download an upload: %s", type(exc).__name__)
            await say(
                escape(_("I could not download that file from Telegram. Please send it again."))
            )
            return
        async with self._lock():
            try:
                added = await asyncio.to_thread(self.library.add, name, data, self.engine)
                engine = await asyncio.to_thread(self._reload)
            except (CorpusError, LibraryError) as exc:
                await say(escape(_("I did not add it: {reason}").format(reason=exc)))
                return
            self._serve(engine)
        await say(self._summary(added.document_id, added.replaced))

    async def remove(self, update: Update, context: Context) -> None:
        say = await self._admitted(update, context)
        if say is None or self.library is None:
            return
        document_id = " ".join(context.args or []).strip()
        if not document_id:
            ids = [row[0] for row in self.engine.index.documents.rows[:20]]
            await say(
                escape(
                    _("Which document? For example: /remove {id}. I hold: {ids}.").format(
                        id=ids[0], ids=", ".join(ids)
                    )
                )
            )
            return
        async with self._lock():
            try:
                title = await asyncio.to_thread(self.library.remove, document_id, self.engine)
                engine = await asyncio.to_thread(self._reload)
            except (CorpusError, LibraryError) as exc:
                await say(escape(str(exc)))
                return
            self._serve(engine)
        await say(
            escape(
                _("Removed “{title}” ({id}).").format(title=title, id=document_id)
                + " "
                + _holding(len(engine.documents))
            )
        )

    def _reload(self) -> Engine:
        """The changed corpus, indexed (only what changed is read), in a worker thread, and its
        pages on the site brought up to date (before any answer links to them)."""
        assert self.library is not None
        started = time.perf_counter()
        engine = Engine.load(self.library.folder)
        self.metrics.index_seconds.labels("update").observe(time.perf_counter() - started)
        engine.warm()
        self.metrics.corpus(engine)
        if self.articles is not None:
            self.articles.refresh(engine)
        return engine

    def _serve(self, engine: Engine) -> None:
        """From now on, answer from ``engine`` (buttons made before expire politely)."""
        self.engine = engine
        self.replies = Replies(engine, self.articles)

    def _lock(self) -> asyncio.Lock:
        """One change at a time (two uploads at once would index twice, the second
        without the first)."""
        if self._changing is None:
            self._changing = asyncio.Lock()
        return self._changing

    def _summary(self, document_id: str, replaced: bool) -> str:
        engine = self.engine
        d = engine.document_position(document_id)
        if d is None:
            return escape(_holding(len(engine.documents)))
        document = engine.documents[d]
        said = engine.document_statements(document_id)
        counts: dict[str, Counter[Kind]] = {}
        for statement in said:
            if statement.speaker:
                counts.setdefault(statement.speaker, Counter())[statement.kind] += 1
        head = _("Replaced {title}") if replaced else _("Added {title}")
        paragraphs = ngettext("{count} paragraph", "{count} paragraphs", len(document.paragraphs))
        statements = ngettext("{count} statement", "{count} statements", len(said))
        lines = [
            head.format(title=bold(escape(document.title)))
            + f" ({escape(document.id)}, {escape(long_date(document.date))}): "
            + paragraphs.format(count=len(document.paragraphs))
            + ", "
            + statements.format(count=len(said))
            + "."
        ]
        if counts:
            lines.append(escape(_("Speakers:")))
            for person_id, kinds in counts.items():
                quotes = ngettext(
                    "{count} direct quote", "{count} direct quotes", kinds[Kind.QUOTE]
                )
                reported = ngettext(
                    "{count} reported statement",
                    "{count} reported statements",
                    kinds[Kind.REPORTED],
                )
                lines.append(
                    f"• {escape(engine.people[person_id].name)} — "
                    f"{quotes.format(count=kinds[Kind.QUOTE])}, "
                    f"{reported.format(count=kinds[Kind.REPORTED])}"
                )
        unattributed = sum(1 for s in said if not s.speaker)
        if unattributed:
            left = ngettext(
                "{count} statement is left unattributed: the text does not say who.",
                "{count} statements are left unattributed: the text does not say who.",
                unattributed,
            )
            lines.append(escape(left.format(count=unattributed)))
        lines.append(escape(_holding(len(engine.documents))))
        return "\n".join(lines)


def _holding(count: int) -> str:
    return ngettext("I now hold {count} document.", "I now hold {count} documents.", count).format(
        count=count
    )


def library_for(corpus: Path | None, folder: Path) -> Library | None:
    """Uploads go into the corpus folder; a bot serving the built-in article starts a folder
    of its own (seeded with that article); a bot serving one file takes no uploads."""
    if corpus is None:
        return Library(folder, seed=True)
    if corpus.is_dir():
        return Library(corpus)
    return None
