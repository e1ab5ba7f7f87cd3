"""The annotated articles in the bot: the "Open in article ¶N" button on answers (only with a
public address), pages regenerated on uploads and /remove, and the site served under
/articles/ by the webhook server. Through python-telegram-bot's real dispatch."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.ext import Application

from telegram_fakes import TOKEN, USER, RecordingRequest, bot_message, callback, inline, message
from visitbot.engine import Engine
from visitbot.site import names
from visitbot_bot.app import build_application
from visitbot_bot.articles import Articles
from visitbot_bot.settings import Settings, SettingsError, load_settings
from visitbot_bot.webhook import ARTICLES_POLICY, make_server

ADMIN = {"id": 7, "is_bot": False, "first_name": "Ada", "language_code": "en"}
PUBLIC = "https://bot.example.org"
ARTICLE = """Trade envoy visits Norbia
2025-06-01
Trade Envoy of Westland Mira Holt arrived in Norbia for talks on grain.
“Our bridges will carry grain both ways,” said Holt.
"""


def settings(**values: str) -> Settings:
    return Settings(TELEGRAM_BOT_TOKEN=TOKEN, VISITBOT_ADMIN_IDS="7", **values)  # type: ignore[call-arg]


def test_where_the_articles_are(tmp_path: Path) -> None:
    data = str(tmp_path)
    assert Articles.configure(settings(VISITBOT_DATA_DIR=data)) is None  # polling, no address
    public = Articles.configure(settings(VISITBOT_DATA_DIR=data, VISITBOT_PUBLIC_URL=PUBLIC + "/"))
    assert public is not None and public.base_url == PUBLIC + "/articles/"
    assert public.folder == tmp_path / "site"
    webhook = Articles.configure(
        settings(
            VISITBOT_DATA_DIR=data,
            VISITBOT_MODE="webhook",
            VISITBOT_WEBHOOK_URL="https://hooks.example.org:8443/telegram",
        )
    )
    assert webhook is not None and webhook.base_url == "https://hooks.example.org:8443/articles/"


def test_a_public_address_must_be_a_web_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISITBOT_PUBLIC_URL", "javascript:alert(1)")
    with pytest.raises(SettingsError, match="VISITBOT_PUBLIC_URL"):
        load_settings(env_file=None)


async def feed(app: Application, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(payload, app.bot))


def url_buttons(sent: dict[str, Any]) -> dict[str, str]:
    markup = sent.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["url"] for row in markup["inline_keyboard"] for b in row if "url" in b}


@pytest.fixture
async def published(
    engine: Engine, tmp_path: Path
) -> AsyncIterator[tuple[Application, RecordingRequest, Articles]]:  # type: ignore[type-arg]
    articles = Articles(tmp_path / "site", PUBLIC + "/articles/")
    assert articles.refresh(engine)
    layer = RecordingRequest()
    application = build_application(
        engine, settings(), request=layer, rate_limiter=False, articles=articles
    )
    async with application:
        layer.clear()
        yield application, layer, articles


async def test_answers_open_the_article_at_their_words(published, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    app, layer, articles = published
    question = message("Who said China will always be a reliable support?")
    await feed(app, question)
    [sent] = layer.sent()
    page = names.document_page(engine.documents[0].id)
    assert url_buttons(sent) == {"Open in article ¶9": f"{PUBLIC}/articles/{page}#p9s1"}
    assert (articles.folder / page).is_file()
    layer.clear()
    answer = bot_message(sent["text"], sent["reply_markup"], reply_to=question["message"])
    full = next(
        b["callback_data"]
        for row in sent["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "Full paragraph ¶9"
    )
    await feed(app, callback(full, answer))
    [paragraph] = layer.sent()
    assert url_buttons(paragraph) == {"Open in article ¶9": f"{PUBLIC}/articles/{page}#p9s1"}
    layer.clear()
    await feed(app, inline("golden thirty years"))
    [offered] = layer.sent("answerInlineQuery")
    first = offered["results"][0]["reply_markup"]["inline_keyboard"][0][0]
    assert first["text"] == "Open in article ¶9" and first["url"].endswith("#p9s1")


async def test_the_button_speaks_the_users_language(published) -> None:  # type: ignore[no-untyped-def]
    app, layer, _articles = published
    russian = {**USER, "language_code": "ru"}
    await feed(app, message("Who said China will always be a reliable support?", user=russian))
    [sent] = layer.sent()
    assert "Открыть в статье ¶9" in url_buttons(sent)


async def test_without_a_public_address_there_is_no_button(engine: Engine) -> None:
    layer = RecordingRequest()
    application = build_application(engine, settings(), request=layer, rate_limiter=False)
    async with application:
        layer.clear()
        await feed(application, message("Who said China will always be a reliable support?"))
        [sent] = layer.sent()
    assert url_buttons(sent) == {}


async def test_uploads_and_remove_regenerate_the_pages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "westland.txt").write_text(
        (Path(__file__).parent / "data" / "westland.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    engine = Engine.load(corpus)
    articles = Articles(tmp_path / "site", PUBLIC + "/articles/")
    articles.refresh(engine)
    layer = RecordingRequest()
    layer.files = {"f1": ARTICLE.encode()}
    application = build_application(
        engine, settings(), request=layer, rate_limiter=False, corpus=corpus, articles=articles
    )
    page = articles.folder / names.document_page("holt")
    async with application:
        upload = message("", user=ADMIN)
        upload["message"]["document"] = {
            "file_id": "f1",
            "file_unique_id": "u1",
            "file_name": "holt.txt",
            "file_size": len(ARTICLE),
        }
        await feed(application, upload)
        assert "Added" in layer.sent()[0]["text"]
        assert page.is_file() and "carry grain both ways" in page.read_text(encoding="utf-8")
        holt = articles.folder / names.speaker_page("mira-holt")
        assert holt.is_file()
        index = (articles.folder / "index.html").read_text(encoding="utf-8")
        assert "Trade envoy visits Norbia" in index
        layer.clear()
        await feed(application, message("Who said the bridges will carry grain?"))
        [answer] = layer.sent()
        assert url_buttons(answer) == {
            "Open in article ¶2": f"{PUBLIC}/articles/{names.document_page('holt')}#p2s1"
        }
        layer.clear()
        await feed(application, message("/remove holt", user=ADMIN))
        assert "Removed" in layer.sent()[0]["text"]
    assert not page.exists() and not holt.exists()
    assert "Trade envoy" not in (articles.folder / "index.html").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_webhook_server_serves_the_site(engine: Engine, tmp_path: Path) -> None:
    articles = Articles(tmp_path / "site", "http://127.0.0.1/articles/")
    articles.refresh(engine)
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    application = build_application(engine, settings(), request=RecordingRequest())
    server = make_server(application, "s3cret", "/telegram", articles.folder)
    port = free_port()
    server.listen(port, address="127.0.0.1")
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            front = await client.get("/articles/")
            assert front.status_code == 200 and "Who said what" in front.text
            assert front.headers["Content-Security-Policy"] == ARTICLES_POLICY
            assert front.headers["X-Content-Type-Options"] == "nosniff"
            assert (await client.get("/articles")).status_code in (301, 302)
            page = await client.get("/articles/" + names.document_page(engine.documents[0].id))
            assert page.status_code == 200 and 'id="p9s1"' in page.text
            assert page.headers["Content-Type"].startswith("text/html")
            css = await client.get("/articles/style.css")
            assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
            for escape in ("/articles/../secret.txt", "/articles/%2e%2e/secret.txt"):
                outside = await client.get(escape)
                assert outside.status_code in (403, 404) and "not for the web" not in outside.text
            assert (await client.get("/articles/nothing.html")).status_code == 404
            assert (await client.post("/telegram", json={})).status_code == 403
    finally:
        server.stop()
        await asyncio.sleep(0)
