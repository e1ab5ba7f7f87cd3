"""The real bot process over real HTTP: polling against a stand-in Bot API on 127.0.0.1,
and webhook mode with its secret and health check."""

from __future__ import annotations

import asyncio
import html
import os
import re
import signal
import socket
import sqlite3
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
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "TELEGRAM_API_BASE_FILE_URL": standin.base_file_url,
            "VISITBOT_DATA_DIR": str(tmp_path / "data"),
            "VISITBOT_LOG_LEVEL": "DEBUG",
            **extra,
        }
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
    port = free_port()
    env = bot_env(standin, tmp_path, VISITBOT_METRICS_PORT=str(port))
    process = await start_bot(env, tmp_path)
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

        # What the operator sees: /healthz and /metrics on the metrics port, `visitbot health`.
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            health = await client.get("/healthz")
            assert health.status_code == 200 and health.json()["status"] == "ok"
            assert health.json()["mode"] == "polling" and health.json()["documents"] == 1
            scraped = (await client.get("/metrics")).text
        assert "visitbot_updates_total" in scraped and "process_resident_memory_bytes" in scraped
        probe = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "visitbot_bot",
            "health",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
        )
        said, _ = await probe.communicate()
        assert probe.returncode == 0 and b'"status": "ok"' in said
    finally:
        logs = await stop_bot(process)
    assert TOKEN not in logs
    assert TOKEN.split(":")[1] not in logs
    assert standin.tokens == {TOKEN}
    handled = [line for line in logs.splitlines() if "visitbot_bot.updates: update handled" in line]
    assert len(handled) == 5  # one line per update: 3 questions, a button, an inline query
    assert sum("question=" in line for line in handled) == 4  # at DEBUG; the button asks none


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
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            right = await client.post("/telegram", json=update, headers=headers)
            assert right.status_code == 200
            # Acknowledged only once answered (and journaled): the answer is already there.
            [(_, answer)] = [c for c in standin.calls if c[0] == "sendMessage"]
            assert "golden thirty years" in plain(answer["text"])
            links = [
                b["url"]
                for row in answer["reply_markup"]["inline_keyboard"]
                for b in row
                if "url" in b
            ]
            assert links == [
                f"http://127.0.0.1:{port}/articles/documents/2024-07-03-tokayev-xi-narrow-format-talks.html#p9s1"
            ]
            page = await client.get(links[0])
            assert page.status_code == 200 and 'id="p9s1"' in page.text
            again = await client.post("/telegram", json=update, headers=headers)  # re-sent
            assert again.status_code == 200
            scraped = (await client.get("/metrics")).text
        assert len([c for c in standin.calls if c[0] == "sendMessage"]) == 1
        assert 'visitbot_updates_total{kind="message",outcome="duplicate"} 1.0' in scraped
    finally:
        logs = await stop_bot(process)
    assert secret not in logs and TOKEN not in logs


async def test_a_killed_bot_answers_every_question_once_after_a_restart(
    standin: StandIn, tmp_path: Path
) -> None:
    """SIGKILL mid-burst, then a restart on the same data folder: nothing is lost, and a
    question answered twice is only one whose reply the journal shows in flight at the kill
    (sent, but Telegram's acknowledgement never journaled). An edit of a question answered
    before the kill edits that answer."""
    env = bot_env(
        standin,
        tmp_path,
        VISITBOT_LOG_LEVEL="INFO",
        VISITBOT_USER_RATE="600",
        VISITBOT_SENDS_PER_SECOND="10000",
        VISITBOT_GROUP_SENDS_PER_MINUTE="100000",
    )
    process = await start_bot(env, tmp_path)
    await standin.wait_for("getUpdates")
    chats = [{"id": 100 + i, "type": "private", "first_name": "U"} for i in range(10)]
    asked = 300
    for i in range(asked):
        body = message("golden thirty years", chat=chats[i % 10], message_id=1000 + i)
        standin.push("message", {**body, "from": {**USER, "id": 100 + i % 10}})

    def answers() -> dict[int, list[dict]]:  # type: ignore[type-arg]
        found: dict[int, list[dict]] = {}  # type: ignore[type-arg]
        for _, method, params in standin.timeline:
            if method == "sendMessage" and params.get("reply_parameters"):
                found.setdefault(params["reply_parameters"]["message_id"], []).append(params)
        return found

    for _ in range(3000):  # bounded waits, no timed assertion
        if len(answers()) >= asked // 4:
            break
        await asyncio.sleep(0.01)
    process.kill()
    await process.wait()
    before = answers()
    assert 0 < len(before) < asked
    process = await start_bot(env, tmp_path)
    try:
        for _ in range(6000):
            if len(answers()) >= asked:
                break
            await asyncio.sleep(0.01)
        early = min(before)
        chat = chats[(early - 1000) % 10]
        standin.push(
            "edited_message",
            {**message("fighter jets", chat=chat, message_id=early), "edit_date": 1},
        )
        edit = await standin.wait_for("editMessageText", chat_id=chat["id"])
    finally:
        await stop_bot(process)
    replies = answers()
    assert sorted(replies) == list(range(1000, 1000 + asked))  # none lost
    twice = {question for question, sent in replies.items() if len(sent) > 1}
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite3") as db:
        in_doubt = {row[0] for row in db.execute("SELECT reply_to FROM sends WHERE attempts > 1")}
        [(answer_id,)] = db.execute(
            "SELECT message_id FROM sends WHERE reply_to = ? AND page = 0", (early,)
        ).fetchall()
    assert twice <= in_doubt
    assert edit["message_id"] == answer_id and "fighter jets" in plain(edit["text"])
