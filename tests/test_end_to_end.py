"""The real bot process over real HTTP: polling against a stand-in Bot API on 127.0.0.1,
and webhook mode with its secret and health check."""

from __future__ import annotations

import asyncio
import html
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from standin import StandIn
from telegram_fakes import GROUP, PRIVATE, TOKEN, USER

ROOT = Path(__file__).resolve().parents[1]


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def bot_env(standin: StandIn, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "VISITBOT_"))}
    # The session's cache (conftest): the dictionaries' tables are derived once per session,
    # not once per bot started (seven seconds each on a busy two-core machine).
    env["VISITBOT_CACHE_DIR"] = os.environ["VISITBOT_CACHE_DIR"]
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=standin.base_url,
        TELEGRAM_API_BASE_FILE_URL=standin.base_file_url,
        VISITBOT_DATA_DIR=str(tmp_path / "data"),
        VISITBOT_LOG_LEVEL="DEBUG",
        **extra,
    )
    return env


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    yield server
    await server.stop()


async def start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "visitbot_bot",
        "run",
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_bot(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    return stderr.decode()


def message(text: str, chat: dict = PRIVATE, message_id: int = 1) -> dict:  # type: ignore[type-arg]
    body = {"message_id": message_id, "date": 0, "chat": chat, "from": USER, "text": text}
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return body


async def test_a_user_session_over_http(standin: StandIn, tmp_path: Path) -> None:
    process = await start_bot(bot_env(standin, tmp_path), tmp_path)
    try:
        await standin.wait_for("getMe")
        await standin.wait_for("setMyCommands")
        await standin.wait_for("getUpdates")

        standin.push(
            "message", message("Who said China will always be a reliable support?", message_id=11)
        )
        answer = await standin.wait_for("sendMessage", chat_id=42)
        text = plain(answer["text"])
        assert text.startswith("Xi Jinping — direct quote")
        assert "I assure you that China will always be a reliable support for Kazakhstan" in text
        assert "¶9" in text and answer["parse_mode"] == "HTML"

        buttons = {
            b["text"]: b["callback_data"]
            for row in answer["reply_markup"]["inline_keyboard"]
            for b in row
        }
        shown = {
            "message_id": 500,
            "date": 0,
            "chat": PRIVATE,
            "text": "answer",
            "from": {"id": 999, "is_bot": True, "first_name": "VisitBot"},
            "reply_markup": answer["reply_markup"],
            "reply_to_message": message(
                "Who said China will always be a reliable support?", message_id=11
            ),
        }
        standin.push(
            "callback_query",
            {
                "id": "cq1",
                "from": USER,
                "chat_instance": "c",
                "data": buttons["Full paragraph ¶9"],
                "message": shown,
            },
        )
        await standin.wait_for("answerCallbackQuery", callback_query_id="cq1")
        paragraph = await standin.wait_for("sendMessage", chat_id=42)
        assert "–Dear Mr. President, my dear friend!" in plain(paragraph["text"])

        standin.push(
            "inline_query", {"id": "iq1", "from": USER, "query": "golden thirty", "offset": ""}
        )
        inline = await standin.wait_for("answerInlineQuery", inline_query_id="iq1")
        assert inline["results"][0]["title"] == "Xi Jinping — direct quote"

        standin.push(
            "message",
            message("/ask who mentioned the golden thirty years", chat=GROUP, message_id=12),
        )
        group = await standin.wait_for("sendMessage", chat_id=GROUP["id"])
        assert "golden thirty years" in plain(group["text"])

        standin.push("message", message("What did Xi say about space travel?", message_id=13))
        nothing = await standin.wait_for("sendMessage", chat_id=42)
        assert "I found nothing Xi Jinping said about that" in plain(nothing["text"])
    finally:
        logs = await stop_bot(process)
    assert TOKEN not in logs
    assert TOKEN.split(":")[1] not in logs
    assert standin.tokens == {TOKEN}


ARTICLE = """Trade envoy visits Norbia
2025-06-01
Trade Envoy of Westland Mira Holt arrived in Norbia for talks on grain.
“Our bridges will carry grain both ways,” said Holt.
"""


async def test_upload_language_and_card_over_http(standin: StandIn, tmp_path: Path) -> None:
    """The new paths through the real process: an admin's article (downloaded from the
    stand-in's file server) answered at once; the user's language; a quote card as a photo.
    The bot serves the built-in article, so the upload starts a folder in its data folder,
    which a restarted bot serves."""
    admin = {**USER, "id": 7}
    env = bot_env(standin, tmp_path, VISITBOT_ADMIN_IDS="7")
    process = await start_bot(env, tmp_path)
    try:
        await standin.wait_for("getUpdates")
        standin.files["f1"] = ARTICLE.encode()
        upload = {**message("", message_id=21), "from": admin}
        del upload["text"]
        upload["document"] = {"file_id": "f1", "file_unique_id": "u1", "file_name": "holt.txt"}
        standin.push("message", upload)
        added = plain((await standin.wait_for("sendMessage", chat_id=42))["text"])
        assert "Added Trade envoy visits Norbia" in added and "Mira Holt — 1 direct quote" in added
        assert (tmp_path / "data" / "corpus" / "holt.txt").is_file()

        standin.push("message", message("/language ru", message_id=22))
        chosen = plain((await standin.wait_for("sendMessage", chat_id=42))["text"])
        assert chosen.startswith("Теперь я отвечаю по-русски")
        question = message("What did Holt say about grain?", message_id=23)
        standin.push("message", question)
        answer = await standin.wait_for("sendMessage", chat_id=42)
        assert "Mira Holt — прямая цитата" in plain(answer["text"])
        buttons = {
            b["text"]: b["callback_data"]
            for row in answer["reply_markup"]["inline_keyboard"]
            for b in row
        }
        shown = {
            "message_id": 600,
            "date": 0,
            "chat": PRIVATE,
            "text": "answer",
            "from": {"id": 999, "is_bot": True, "first_name": "VisitBot"},
            "reply_markup": answer["reply_markup"],
            "reply_to_message": question,
        }
        standin.push(
            "callback_query",
            {
                "id": "cq9",
                "from": USER,
                "chat_instance": "c",
                "data": buttons["Поделиться картинкой"],
                "message": shown,
            },
        )
        photo = await standin.wait_for("sendPhoto", chat_id=42)
        assert photo["photo"]["head"] == "89504e470d0a1a0a"  # a PNG
        assert photo["photo"]["bytes"] > 10_000
        assert plain(photo["caption"]).startswith("Mira Holt — прямая цитата")
    finally:
        await stop_bot(process)
    process = await start_bot(env, tmp_path)  # restarted: the folder with the upload is served
    try:
        await standin.wait_for("getUpdates")
        standin.push("message", message("Who said the bridges will carry grain?", message_id=31))
        again = plain((await standin.wait_for("sendMessage", chat_id=42))["text"])
        assert again.startswith("Mira Holt — прямая цитата")  # and the language was kept
    finally:
        await stop_bot(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_checks_the_secret(standin: StandIn, tmp_path: Path) -> None:
    port = free_port()
    secret = "s3cret-Token_for-webhooks"
    env = bot_env(
        standin,
        tmp_path,
        VISITBOT_MODE="webhook",
        VISITBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        VISITBOT_WEBHOOK_SECRET=secret,
        VISITBOT_WEBHOOK_LISTEN="127.0.0.1",
        VISITBOT_WEBHOOK_PORT=str(port),
    )
    process = await start_bot(env, tmp_path)
    try:
        registered = await standin.wait_for("setWebhook")
        assert registered["secret_token"] == secret
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for _ in range(100):
                try:
                    health = await client.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            assert health.status_code == 200 and health.json()["status"] == "ok"
            site = await client.get("/articles/")  # the annotated articles, written at start
            assert site.status_code == 200 and "Who said what" in site.text
            update = {"update_id": 1, "message": message("golden thirty years", message_id=21)}
            wrong = await client.post(
                "/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            assert wrong.status_code == 403
            missing = await client.post("/telegram", json=update)
            assert missing.status_code == 403
            right = await client.post(
                "/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
            )
            assert right.status_code == 200
        answer = await standin.wait_for("sendMessage", chat_id=42)
        assert "golden thirty years" in plain(answer["text"])
        links = [
            b["url"] for row in answer["reply_markup"]["inline_keyboard"] for b in row if "url" in b
        ]
        assert links == [
            f"http://127.0.0.1:{port}/articles/documents/2024-07-03-tokayev-xi-narrow-format-talks.html#p9s1"
        ]
        async with httpx.AsyncClient(timeout=10) as client:
            page = await client.get(links[0])
        assert page.status_code == 200 and 'id="p9s1"' in page.text
        assert len([c for c in standin.calls if c[0] == "sendMessage"]) == 0
    finally:
        logs = await stop_bot(process)
    assert secret not in logs and TOKEN not in logs
