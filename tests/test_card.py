"""Quote cards: the words drawn are the answer's words, wrapped inside the card, in a font that
has every letter; the "Share as image" button sends one; the CLI writes one."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from telegram import Update
from telegram.ext import Application

from telegram_fakes import TOKEN, RecordingRequest, bot_message, callback, message
from visitbot import card
from visitbot.engine import Engine
from visitbot.models import Answer, DocumentRef, Kind
from visitbot_bot.app import build_application
from visitbot_bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _answer(excerpt: str, speaker: str | None = "Xi Jinping", kind: Kind = Kind.QUOTE) -> Answer:
    return Answer(
        speaker=speaker,
        kind=kind,
        excerpt=excerpt,
        paragraph=9,
        document=DocumentRef(id="d", title="Talks in Astana", date=dt.date(2024, 7, 3)),
        score=1.0,
        start=0,
        end=len(excerpt),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_card_holds_the_words_wrapped_inside_it() -> None:
    words = ("We will build the bridge together and open the corridor to every partner. " * 9)[:600]
    drawn = card.render_card(_answer(words), "visit_test_bot")
    image = Image.open(io.BytesIO(drawn.png))
    assert image.size == (card.WIDTH, drawn.height) and 600 < drawn.height < 2000
    quote = drawn.blocks[0]
    assert _flat(" ".join(quote.lines)) == _flat(f"“{card.card_text(_answer(words))}”")
    inner = card.WIDTH - 2 * card.PADDING
    for block in drawn.blocks:
        for line in block.lines:
            assert card._width(line, block.bold, block.size) <= inner, line
    assert "Talks in Astana — July 3, 2024,\u00a0¶9" in drawn.text
    assert drawn.text.endswith("Quoted by @visit_test_bot")
    # Every line band has ink in it: the words were drawn, not only laid out.
    pixels = image.convert("L")
    y = card.PADDING
    for line in quote.lines:
        band = pixels.crop((card.PADDING, y, card.WIDTH - card.PADDING, y + quote.size))
        assert band.getextrema()[1] > 200, line
        y += round(quote.size * 1.32)


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = "cooperation " * 120
    shown = card.card_text(_answer(words))
    assert len(shown) <= card.CARD_CHARS + 2 and shown.endswith(" …")
    assert words.startswith(shown[:-2])


def test_reported_speech_is_not_put_in_quote_marks() -> None:
    drawn = card.render_card(_answer("He noted the growth of trade.", kind=Kind.REPORTED))
    assert drawn.blocks[0].lines[0] == "He noted the growth of trade."
    assert drawn.blocks[1].lines[0] == "Xi Jinping — reported speech"


def test_every_script_has_a_font() -> None:
    """Kazakh Cyrillic and accented Latin in DejaVu; Chinese in Noto Sans CJK."""
    text = "Қасым-Жомарт Тоқаев · Erdoğan · Łukaszenka · 习近平"
    runs = card._runs(text, False, 40)
    faces = card._faces(False)
    for run, font in runs:
        face = next(f for f in faces if Path(font.path) == f.path)
        assert all(ord(c) in face.covers or c.isspace() for c in run), run
    assert any("习近平" in run for run, _ in runs)
    drawn = card.render_card(_answer("习近平 said: “We are friends”", speaker="Xi Jinping"))
    assert "习近平" in drawn.text


def test_card_speed_is_printed_not_asserted(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    card.render_card(_answer("warm up"))
    started = time.perf_counter()
    card.render_card(_answer(("Trade and friendship between our nations. " * 15)[:600]))
    with capsys.disabled():
        print(f"\n  quote card, 600 characters: {1000 * (time.perf_counter() - started):.0f} ms")


@pytest.fixture
async def bot(engine: Engine) -> AsyncIterator[tuple[Application, RecordingRequest]]:  # type: ignore[type-arg]
    layer = RecordingRequest()
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN)  # type: ignore[call-arg]
    application = build_application(engine, settings, request=layer, rate_limiter=False)
    async with application:
        layer.clear()
        yield application, layer


async def feed(app: Application, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(payload, app.bot))


async def test_share_as_image_sends_the_card_under_the_answer(bot) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    question = message("reliable support")
    await feed(app, question)
    [answer] = layer.sent()
    labels = {
        b["text"]: b["callback_data"]
        for row in answer["reply_markup"]["inline_keyboard"]
        for b in row
    }
    layer.clear()
    shown = bot_message(answer["text"], answer["reply_markup"], question["message"])
    await feed(app, callback(labels["Share as image"], shown))
    [photo] = layer.sent("sendPhoto")
    assert photo["caption"].startswith("Xi Jinping — direct quote\n")
    assert photo["reply_parameters"]["message_id"] == shown["message_id"]
    assert layer.sent("answerCallbackQuery")


def test_cli_card(tmp_path: Path) -> None:
    output = tmp_path / "card.png"
    done = subprocess.run(
        [sys.executable, "-m", "visitbot_bot", "card", "reliable support", "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{output}: 1080×") and "Xi Jinping — direct quote" in done.stdout
    assert Image.open(output).size[0] == card.WIDTH
    nothing = subprocess.run(
        [sys.executable, "-m", "visitbot_bot", "card", "zzzz qqqq", "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert nothing.returncode == 1 and "I found nothing" in nothing.stderr


async def test_others_are_answered_while_a_card_renders(
    bot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The card is drawn in a worker thread: a question that arrives meanwhile is answered
    before the card is done."""
    import asyncio
    import threading

    from visitbot_bot.handlers import buttons

    app, layer = bot
    question = message("reliable support")
    await feed(app, question)
    [answer] = layer.sent()
    data = {
        b["text"]: b["callback_data"]
        for row in answer["reply_markup"]["inline_keyboard"]
        for b in row
    }
    layer.clear()
    release = threading.Event()
    real = card.render_card

    def slow(*args: Any) -> card.Card:
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(buttons, "render_card", slow)
    shown = bot_message(answer["text"], answer["reply_markup"], question["message"])
    pressing = asyncio.create_task(feed(app, callback(data["Share as image"], shown)))
    await asyncio.sleep(0.05)
    await feed(app, message("golden thirty years"))
    assert [name for name, _ in layer.calls if name in {"sendMessage", "sendPhoto"}] == [
        "sendMessage"
    ]
    release.set()
    await pressing
    assert [name for name, _ in layer.calls if name in {"sendMessage", "sendPhoto"}] == [
        "sendMessage",
        "sendPhoto",
    ]
