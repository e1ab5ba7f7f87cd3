"""Articles by upload: admins add (validated, atomically) and remove; everyone else is refused.
Through python-telegram-bot's real dispatch with the recording request layer."""

from __future__ import annotations

import html
import itertools
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from html_check import telegram_html_problems
from telegram_fakes import TOKEN, USER, RecordingRequest, message
from visitbot import library
from visitbot.engine import Engine
from visitbot.library import Library
from visitbot_bot.app import build_application
from visitbot_bot.settings import Settings

ADMIN = {"id": 7, "is_bot": False, "first_name": "Ada", "language_code": "en"}
ARTICLE = """Trade envoy visits Norbia
2025-06-01
Trade Envoy of Westland Mira Holt arrived in Norbia for talks on grain.
“Our bridges will carry grain both ways,” said Holt.
She added that the new port would open in spring.
"""
_files = itertools.count(1)


def _document(name: str, data: bytes, user: dict[str, Any] = ADMIN) -> dict[str, Any]:
    file_id = f"f{next(_files)}"
    DOCUMENTS[file_id] = data
    body = message("", user=user)
    body["message"]["document"] = {
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_name": name,
        "file_size": len(data),
    }
    return body


DOCUMENTS: dict[str, bytes] = {}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "westland.txt").write_text(
        (Path(__file__).parent / "data" / "westland.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
async def bot(corpus: Path) -> AsyncIterator[tuple[Application, RecordingRequest]]:  # type: ignore[type-arg]
    layer = RecordingRequest()
    layer.files = DOCUMENTS
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN, VISITBOT_ADMIN_IDS="7")  # type: ignore[call-arg]
    engine = Engine.load(corpus)
    application = build_application(
        engine, settings, request=layer, rate_limiter=False, corpus=corpus
    )
    async with application:
        layer.clear()
        yield application, layer


async def feed(app: Application, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(payload, app.bot))


def said(layer: RecordingRequest) -> str:
    texts = [s["text"] for s in layer.sent()]
    assert texts and all(telegram_html_problems(t) == [] for t in texts)
    layer.clear()
    return "\n".join(texts)


async def test_an_admin_adds_an_article_and_it_is_answered_at_once(bot, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    await feed(app, _document("holt visit.txt", ARTICLE.encode()))
    reply = said(layer)
    assert "Added <b>Trade envoy visits Norbia</b>" in reply
    assert "Mira Holt — 1 direct quote" in reply
    assert "I now hold 2 documents." in reply
    assert (corpus / "holt-visit.txt").read_bytes() == ARTICLE.encode()
    await feed(app, message("What did Holt say about grain?"))
    answer = html.unescape(re.sub(r"<[^>]+>", "", said(layer)))
    assert "Mira Holt — direct quote" in answer and "carry grain both ways" in answer


async def test_a_bad_article_is_refused_with_its_line_and_nothing_changes(
    bot, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    before = sorted(p.name for p in corpus.iterdir())
    await feed(app, _document("broken.txt", b"Only a title\nnot a date\nA paragraph.\n"))
    assert "broken.txt:2" in said(layer)
    await feed(app, _document("latin1.txt", "Title\n2025-01-01\nCaf\xe9\n".encode("latin-1")))
    assert "latin1.txt:3: the file is not UTF-8 text" in said(layer)
    await feed(app, _document("photo.jpg", b"\xff\xd8"))
    assert "is not an article" in said(layer)
    same_id = b"---\nid: westland\ntitle: Another\ndate: 2025-01-01\n---\nText.\n"
    await feed(app, _document("other.md", same_id))
    assert "already used by" in said(layer)
    assert sorted(p.name for p in corpus.iterdir()) == before


async def test_others_are_refused_politely(bot, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    await feed(app, _document("a.txt", ARTICLE.encode(), user=USER))
    assert "Only the administrators of this bot" in said(layer)
    await feed(app, message("/remove westland", user=USER))
    assert "Only the administrators of this bot" in said(layer)
    assert [p.name for p in corpus.iterdir()] == ["westland.txt"]
    assert not layer.sent("getFile")  # a refused file is not even downloaded


async def test_remove_takes_a_document_out(bot, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    await feed(app, _document("holt.txt", ARTICLE.encode()))
    said(layer)
    await feed(app, message("/remove", user=ADMIN))
    assert "Which document?" in said(layer)
    await feed(app, message("/remove nothing-like-it", user=ADMIN))
    assert "I hold no document “nothing-like-it”" in said(layer)
    await feed(app, message("/remove holt", user=ADMIN))
    assert "Removed “Trade envoy visits Norbia” (holt). I now hold 1 document." in said(layer)
    assert not (corpus / "holt.txt").exists()
    await feed(app, message("/remove westland", user=ADMIN))
    assert "my only document" in said(layer)


def test_a_write_killed_midway_leaves_the_folder_as_it_was(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article is written under a temporary name and renamed: if the process dies before
    the rename, the folder holds what it held (a leftover temporary file is no article)."""
    engine = Engine.load(corpus)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        Library(corpus).add("holt.txt", ARTICLE.encode(), engine)
    assert [p.name for p in corpus.iterdir()] == ["westland.txt"]
    assert Engine.load(corpus).documents[0].id == "westland"


def test_a_bot_serving_the_built_in_article_starts_a_folder_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "corpus"
    shelf = Library(folder, seed=True)
    assert not shelf.ready()
    shelf.add("holt.txt", ARTICLE.encode(), Engine.load())
    assert shelf.ready()
    served = Engine.load(folder)
    assert {d.id for d in served.documents} >= {"holt", "2024-07-03-tokayev-xi-narrow-format-talks"}


def test_names_are_made_safe() -> None:
    assert Library.check_name("../../etc/passwd.txt") == "passwd.txt"
    assert Library.check_name("Holt visit (final).MD") == "Holt-visit-final-.MD"
    for bad in ("photo.jpg", ".txt", "noext"):
        with pytest.raises(library.LibraryError):
            Library.check_name(bad)
