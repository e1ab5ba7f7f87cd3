"""The bot through python-telegram-bot's real dispatch, with a recording request layer."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from html_check import telegram_html_problems
from telegram_fakes import (
    BOT,
    GROUP,
    TOKEN,
    USER,
    RecordingRequest,
    bot_message,
    callback,
    inline,
    message,
)
from visitbot.engine import Engine
from visitbot_bot.app import build_application, publish_profile
from visitbot_bot.handlers import EXPIRED, NON_TEXT_HINT, SLOW_DOWN, SORRY
from visitbot_bot.settings import Settings

ADMIN = 7


@pytest.fixture
def request_layer() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def app(engine: Engine, request_layer: RecordingRequest) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    settings = Settings(
        TELEGRAM_BOT_TOKEN=TOKEN, VISITBOT_USER_RATE=5, VISITBOT_ADMIN_IDS=str(ADMIN)
    )  # type: ignore[call-arg]
    application = build_application(engine, settings, request=request_layer, rate_limiter=False)
    async with application:
        request_layer.clear()
        yield application


async def feed(app: Application, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(payload, app.bot))


def only_send(request_layer: RecordingRequest) -> dict[str, Any]:
    [sent] = request_layer.sent()
    assert telegram_html_problems(sent["text"]) == []
    return sent


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def buttons(sent: dict[str, Any]) -> dict[str, str]:
    markup = sent.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def test_private_question_is_answered_with_quote_and_citation(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    question = message("Who said China will always be a reliable support?")
    await feed(app, question)
    sent = only_send(request_layer)
    assert sent["chat_id"] == 42
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert sent["text"].startswith("<b>Xi Jinping — direct quote</b>\n<blockquote>")
    assert "<b>reliable</b> <b>support</b> for Kazakhstan" in sent["text"]
    assert "July 3, 2024, ¶9" in sent["text"]
    assert set(buttons(sent)) >= {"Full paragraph ¶9", "More from Xi Jinping"}
    assert all(len(d.encode()) <= 64 for d in buttons(sent).values())


async def test_nothing_found_is_kind_and_suggests(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("Who won the last Eurovision?"))
    sent = only_send(request_layer)
    assert "I found nothing about that" in sent["text"]
    assert "Kassym-Jomart Tokayev, Xi Jinping" in sent["text"]
    assert "reply_markup" not in sent


async def test_unknown_speaker(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("What did <b>Erdogan</b> say?"))
    sent = only_send(request_layer)
    assert "no statements by" in sent["text"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script> & <b>",
        "x" * 5000,
        "🙂🇰🇿" * 300,
        "שלום עולם reliable",
        "a\x00b\u200bc",
        "&amp; &lt; <i>unclosed",
        "/",
        "   ",
    ],
)
async def test_hostile_input_gives_valid_html(app, request_layer, text: str) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message(text))
    for sent in request_layer.sent():
        assert telegram_html_problems(sent["text"]) == []


async def test_start_lists_knowledge_and_example_buttons(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("/start"))
    sent = only_send(request_layer)
    assert "Hello, Ann!" in sent["text"]
    assert "Kassym-Jomart Tokayev, Xi Jinping" in sent["text"]
    assert len(buttons(sent)) == 3
    request_layer.clear()
    press = callback(
        next(iter(buttons(sent).values())), bot_message("hi", sent["reply_markup"], None)
    )
    await feed(app, press)
    assert request_layer.sent("answerCallbackQuery")
    assert "reliable support" in plain(request_layer.sent()[0]["text"])


async def test_start_deep_links(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("/start speakers"))
    assert "Who is quoted" in plain(only_send(request_layer)["text"])
    request_layer.clear()
    payload = base64.urlsafe_b64encode(b"golden thirty years").decode().rstrip("=")
    await feed(app, message(f"/start q_{payload}"))
    assert "golden thirty years" in plain(only_send(request_layer)["text"])


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/help", "How to ask"),
        ("/speakers", "Kassym-Jomart Tokayev — 2 direct quotes, 2 reported statements"),
        ("/source", "President of Kazakhstan Kassym-Jomart Tokayev held talks"),
        ("/about", "I find who said what"),
        ("/quotes Tokayev", "Kassym-Jomart Tokayev</b> — page 1 of 1"),
        ("/quotes", "Whose quotes?"),
        ("/quotes Macron", "no statements by “Macron”"),
        ("/ask", "Put your question after the command"),
        ("/frobnicate", "I don't know the command /frobnicate"),
    ],
)
async def test_commands(app, request_layer, command: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message(command))
    assert expected in only_send(request_layer)["text"]


async def test_quotes_pagination(engine: Engine, request_layer) -> None:  # type: ignore[no-untyped-def]
    from visitbot_bot import replies

    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN)  # type: ignore[call-arg]
    application = build_application(engine, settings, request=request_layer, rate_limiter=False)
    original = replies.QUOTES_PAGE
    replies.QUOTES_PAGE = 1
    try:
        async with application:
            request_layer.clear()
            await feed(application, message("/quotes Xi"))
            first = only_send(request_layer)
            assert "page 1 of 2" in first["text"]
            request_layer.clear()
            own = bot_message(first["text"], first["reply_markup"], None)
            await feed(application, callback(buttons(first)["Next ›"], own))
            [edit] = request_layer.sent("editMessageText")
            assert "page 2 of 2" in edit["text"] and edit["message_id"] == own["message_id"]
    finally:
        replies.QUOTES_PAGE = original


async def test_buttons_full_paragraph_more_from_and_more_results(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    question = message("cooperation")
    await feed(app, question)
    sent = only_send(request_layer)
    shown = bot_message(sent["text"], sent["reply_markup"], question["message"])
    request_layer.clear()
    paragraph_button = next(d for t, d in buttons(sent).items() if t.startswith("Full paragraph"))
    await feed(app, callback(paragraph_button, shown))
    assert request_layer.sent("answerCallbackQuery")
    full = only_send(request_layer)
    assert full["text"].startswith("<b>¶")
    request_layer.clear()
    if "More results" in buttons(sent):
        await feed(app, callback(buttons(sent)["More results"], shown))
        more = only_send(request_layer)
        assert more["text"].startswith("<i>More results for “cooperation”:</i>")
        assert more["reply_parameters"]["message_id"] == question["message"]["message_id"]


async def test_more_from_speaker_after_who_question(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    question = message("who mentioned the golden thirty years")
    await feed(app, question)
    sent = only_send(request_layer)
    request_layer.clear()
    shown = bot_message(sent["text"], sent["reply_markup"], question["message"])
    await feed(app, callback(buttons(sent)["More from Xi Jinping"], shown))
    text = only_send(request_layer)["text"]
    assert "<b>Xi Jinping</b> — page 1 of 1" in text


@pytest.mark.parametrize(
    "data",
    [
        "v1:000000:p:0:9",
        "v0:abc:p:0:1",
        "garbage",
        "v1:{fp}:p:5:1",
        "v1:{fp}:p:0:99",
        "v1:{fp}:s:9:0",
        "v1:{fp}:e:7",
        "v1:{fp}:m:1",
    ],
)
async def test_stale_or_forged_buttons_get_a_polite_answer(
    app, request_layer, engine: Engine, data: str
) -> None:  # type: ignore[no-untyped-def]
    await feed(app, callback(data.format(fp=engine.fingerprint), bot_message("x", None, None)))
    [answered] = request_layer.sent("answerCallbackQuery")
    assert answered["text"] == EXPIRED
    assert request_layer.sent() == []


async def test_inline_query(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, inline("golden thirty"))
    [answered] = request_layer.sent("answerInlineQuery")
    results = answered["results"]
    assert 1 <= len(results) <= 50
    assert results[0]["title"] == "Xi Jinping — direct quote"
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "golden thirty years" in plain(content["message_text"])
    assert telegram_html_problems(content["message_text"]) == []
    assert len({r["id"] for r in results}) == len(results)


async def test_empty_inline_query_offers_known_quotes(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, inline(""))
    [answered] = request_layer.sent("answerInlineQuery")
    assert len(answered["results"]) >= 4
    assert answered["results"][0]["title"].endswith("direct quote")


async def test_group_rules(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("reliable support", chat=GROUP))
    assert request_layer.calls == []
    await feed(app, message("/frobnicate", chat=GROUP))
    assert request_layer.calls == []
    await feed(app, message("/ask reliable support", chat=GROUP))
    assert "Xi Jinping" in plain(only_send(request_layer)["text"])
    request_layer.clear()
    await feed(app, message("/ask@visit_test_bot golden thirty years", chat=GROUP))
    assert "golden thirty years" in plain(only_send(request_layer)["text"])
    request_layer.clear()
    earlier = bot_message("earlier answer", None, None, chat=GROUP)
    await feed(app, message("and who mentioned Beijing?", chat=GROUP, reply_to=earlier))
    assert "Beijing" in plain(only_send(request_layer)["text"])
    request_layer.clear()
    await feed(app, message("@visit_test_bot fighter jets", chat=GROUP))
    assert "fighter jets" in plain(only_send(request_layer)["text"])


async def test_edited_question_updates_the_answer(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    question = message("reliable support")
    await feed(app, question)
    first = only_send(request_layer)
    request_layer.clear()
    message_id = question["message"]["message_id"]
    await feed(app, message("fighter jets", edited=True, message_id=message_id))
    [edit] = request_layer.sent("editMessageText")
    assert "fighter jets" in plain(edit["text"])
    assert edit["text"] != first["text"]
    assert request_layer.sent() == []


async def test_non_text_messages_get_a_hint(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    sticker = {
        "file_id": "s",
        "file_unique_id": "u",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    await feed(app, message("", sticker=sticker))
    assert NON_TEXT_HINT.split(".")[0] in only_send(request_layer)["text"]
    request_layer.clear()
    photo = [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]
    await feed(app, message("", photo=photo, caption="golden thirty years"))
    assert "golden thirty years" in plain(only_send(request_layer)["text"])


async def test_per_user_limit(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        await feed(app, message("reliable support"))
    texts = [s["text"] for s in request_layer.sent()]
    assert texts[-1] == SLOW_DOWN
    assert sum(t == SLOW_DOWN for t in texts) == 1


async def test_error_handler_tells_user_briefly_and_admin_in_detail(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    failures = iter([True])

    def fail_once(name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if name == "sendMessage" and next(failures, False):
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: boom {TOKEN}",
            }
        return None

    request_layer.responders.append(fail_once)
    await feed(app, message("reliable support"))
    sent = request_layer.sent()
    to_user = [s for s in sent if s["chat_id"] == 42]
    to_admin = [s for s in sent if s["chat_id"] == ADMIN]
    assert [s["text"] for s in to_user[1:]] == [SORRY]
    assert "BadRequest" in to_admin[0]["text"]
    assert TOKEN not in to_admin[0]["text"]


async def test_blocked_user_does_not_crash(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    def blocked(name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if name == "sendMessage":
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        return None

    request_layer.responders.append(blocked)
    await feed(app, message("reliable support"))
    assert len(request_layer.sent()) == 1  # tried once, no error message to anyone


async def test_migrated_group_is_followed(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    def migrate(name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if name == "sendMessage" and params["chat_id"] == GROUP["id"]:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded",
                "parameters": {"migrate_to_chat_id": -100777},
            }
        return None

    request_layer.responders.append(migrate)
    await feed(app, message("/ask reliable support", chat=GROUP))
    assert [s["chat_id"] for s in request_layer.sent()] == [GROUP["id"], -100777]


async def test_profile_publishing_survives_failures(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await publish_profile(app)
    menus = {c.get("language_code"): c for c in request_layer.sent("setMyCommands")}
    assert set(menus) == {None, "ru", "kk"}  # English is every other language's default
    assert {c["command"] for c in menus[None]["commands"]} >= {
        "start",
        "help",
        "speakers",
        "quotes",
        "source",
        "language",
        "about",
    }
    help_ru = next(c for c in menus["ru"]["commands"] if c["command"] == "help")
    assert help_ru["description"] == "Как спрашивать"
    descriptions = {d.get("language_code"): d for d in request_layer.sent("setMyDescription")}
    assert "Токаева" in descriptions["ru"]["description"]
    request_layer.responders.append(
        lambda name, params: (500, {"ok": False, "error_code": 500, "description": "down"})
    )
    await publish_profile(app)  # must not raise


def test_bot_identity_constant() -> None:
    assert BOT["username"] == "visit_test_bot" and USER["id"] == 42


async def test_source_lists_publisher_and_link(request_layer) -> None:  # type: ignore[no-untyped-def]
    from conftest import DATA

    engine = Engine.load(DATA / "meta.txt")
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN)  # type: ignore[call-arg]
    application = build_application(engine, settings, request=request_layer, rate_limiter=False)
    async with application:
        request_layer.clear()
        await feed(application, message("/source"))
        text = only_send(request_layer)["text"]
    assert "(Northia Government Press Office)" in text
    assert '<a href="https://example.org/northia/solar">link</a>' in text


async def test_compare_command_sets_the_speakers_side_by_side(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("/compare friendship"))
    sent = only_send(request_layer)
    text = plain(sent["text"])
    assert text.startswith("On “friendship”")
    assert "Kassym-Jomart Tokayev — direct quote" in text
    assert "Xi Jinping — direct quote" in text
    assert sent["text"].count("<blockquote>") == 2


async def test_compare_in_words_names_a_silent_side(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("What did each leader say about cooperation?"))
    text = plain(only_send(request_layer)["text"])
    assert "Kassym-Jomart Tokayev — reported speech" in text
    assert "Xi Jinping said nothing close to “cooperation” here." in text


async def test_compare_without_a_topic_or_an_answer(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, message("/compare"))
    assert "Put a topic after the command" in plain(only_send(request_layer)["text"])
    request_layer.clear()
    await feed(app, message("/compare space travel"))
    assert plain(only_send(request_layer)["text"]).startswith("Nobody here spoke about")


async def test_inline_comparison(app, request_layer) -> None:  # type: ignore[no-untyped-def]
    await feed(app, inline("Tokayev vs Xi on friendship"))
    [answered] = request_layer.sent("answerInlineQuery")
    [result] = answered["results"]
    assert result["title"] == "Side by side: friendship"
    content = result["input_message_content"]["message_text"]
    assert telegram_html_problems(content) == []
    assert "Xi Jinping — direct quote" in plain(content)
