"""The user's language: complete catalogues, /language through the real dispatch, answers in
the user's Telegram language, and questions asked in Russian or Kazakh."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from telegram import Update
from telegram.ext import Application

from html_check import telegram_html_problems
from telegram_fakes import TOKEN, USER, RecordingRequest, bot_message, callback, message
from visitbot import i18n
from visitbot.engine import Engine
from visitbot.models import Intent, Notice
from visitbot.render import explain
from visitbot_bot.app import build_application
from visitbot_bot.preferences import Preferences
from visitbot_bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "visitbot" / "locale"
RUSSIAN_USER = {**USER, "id": 43, "language_code": "ru"}
KAZAKH_USER = {**USER, "id": 44, "language_code": "kk"}


def _source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("src", "bot"):
        for _, _, text, _, _ in extract_from_dir(
            ROOT / folder, keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        ):
            found.add(text if isinstance(text, str) else text[0])
    return found


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_sentence_is_translated_and_compiled(language: str) -> None:
    """A sentence added to the code without a translation fails here (run `make translations`)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "visitbot.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]): m
        for m in catalogue
        if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert _source_messages() - translated.keys() == set()
    for key, entry in translated.items():
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == set(re.findall(r"\{\w+\}", key)), key
    with (folder / "visitbot.mo").open("rb") as handle:
        compiled = read_mo(handle)

    def entries(messages: Any) -> dict[object, object]:
        return {_key(m.id): _key(m.string) for m in messages if m.id and not m.fuzzy}

    assert entries(compiled) == entries(catalogue), "the .mo is older: run `make translations`"


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("kk", "kk"), ("en-GB", "en"), ("uk", "en"), (None, "en")],
)
def test_telegram_language_codes(code: str | None, expected: str) -> None:
    assert i18n.supported(code) == expected


def test_dates_and_sentences_in_each_language(engine: Engine) -> None:
    result = engine.ask("What did Xi say about space travel?")
    said = {}
    for language in ("en", "ru", "kk"):
        i18n.use(language)
        said[language] = (i18n.long_date(dt.date(2024, 7, 3)), explain(result, []))
    i18n.use("en")
    assert said["en"] == ("July 3, 2024", said["en"][1])
    assert said["en"][1].startswith("I found nothing Xi Jinping said about that")
    assert said["ru"][0].replace("\u202f", " ") == "3 июля 2024 г."
    assert said["ru"][1].startswith("Я не нашёл")
    assert said["kk"][0].startswith("2024") and "Xi Jinping" in said["kk"][1]


@pytest.mark.parametrize(
    ("question", "intent", "speaker"),
    [
        ("Что сказал Токаев?", Intent.SPEAKER, "Kassym-Jomart Tokayev"),
        ("Что говорил Си Цзиньпин о реформах?", Intent.SPEAKER, "Xi Jinping"),
        ("Слова Си Цзиньпина", Intent.SPEAKER, "Xi Jinping"),
        ("Тоқаев не деді?", Intent.SPEAKER, "Kassym-Jomart Tokayev"),
        ("Тоқаевтың сөздері", Intent.SPEAKER, "Kassym-Jomart Tokayev"),
        ("Кто сказал reliable support?", Intent.WHO, None),
        ("Кім айтты golden thirty years?", Intent.WHO, None),
        ("Когда прошли переговоры?", Intent.DATE, None),
    ],
)
def test_questions_in_russian_and_kazakh(
    engine: Engine, question: str, intent: Intent, speaker: str | None
) -> None:
    result = engine.ask(question)
    assert result.intent is intent
    assert result.answers, question
    if speaker:
        assert result.speaker == speaker
        assert all(a.speaker == speaker for a in result.answers)
    if intent is Intent.WHO:
        assert result.answers[0].speaker == "Xi Jinping"


def test_what_cannot_be_searched_in_cyrillic_is_said_plainly(engine: Engine) -> None:
    unknown = engine.ask("Что сказал Путин?")
    assert unknown.notice is Notice.UNKNOWN_SPEAKER and unknown.unknown_speaker == "Путин"
    topic = engine.ask("Кто говорил о надёжной опоре?")  # Russian words, English text
    assert topic.answers and topic.answers[0].speaker == "Xi Jinping"
    kazakh = engine.ask("Кім ғарыш туралы айтты?")  # Kazakh words are not translated
    assert kazakh.notice is Notice.FOREIGN_TOPIC and not kazakh.answers
    assert "Тоқаев не деді?" in explain(kazakh, [])


def test_an_english_question_naming_someone_in_cyrillic_stays_english(engine: Engine) -> None:
    result = engine.ask("What did Токаев say about cooperation?")
    assert result.intent is Intent.SPEAKER and result.speaker == "Kassym-Jomart Tokayev"
    assert "cooperation" in result.answers[0].excerpt.lower()


@pytest.fixture
async def bot(
    engine: Engine, tmp_path: Path
) -> AsyncIterator[tuple[Application, RecordingRequest]]:  # type: ignore[type-arg]
    layer = RecordingRequest()
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN, VISITBOT_DATA_DIR=str(tmp_path / "data"))  # type: ignore[call-arg]
    application = build_application(engine, settings, request=layer, rate_limiter=False)
    async with application:
        layer.clear()
        yield application, layer


async def feed(app: Application, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(payload, app.bot))


def sent(layer: RecordingRequest) -> dict[str, Any]:
    [reply] = layer.sent()
    assert telegram_html_problems(reply["text"]) == []
    layer.clear()
    return reply


async def test_answers_follow_the_users_telegram_language(bot) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    await feed(app, message("What did Xi say about space travel?", user=RUSSIAN_USER))
    assert sent(layer)["text"].startswith("Я не нашёл, что Xi Jinping говорил(а) об этом")
    await feed(app, message("/help", user=KAZAKH_USER))
    assert "Қалай сұрау керек" in sent(layer)["text"]
    await feed(app, message("reliable support", user=RUSSIAN_USER))
    answer = sent(layer)
    text = re.sub(r"<[^>]+>", "", answer["text"]).replace("\u202f", " ")
    assert "Xi Jinping — прямая цитата" in text
    assert "reliable support for Kazakhstan" in text  # the quote stays as the source wrote it
    assert "3 июля 2024 г." in text
    labels = {b["text"] for row in answer["reply_markup"]["inline_keyboard"] for b in row}
    assert "Поделиться картинкой" in labels


async def test_language_command_and_buttons_are_remembered(bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    ask = message("/language")
    await feed(app, ask)
    choices = sent(layer)
    markup = choices["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in markup] == ["✓ English", "Русский", "Қазақша"]
    shown = bot_message(choices["text"], choices["reply_markup"], ask["message"])
    await feed(app, callback(markup[2][0]["callback_data"], shown))
    [edited] = layer.sent("editMessageText")
    assert edited["text"].startswith("Енді мен қазақша жауап беремін")
    layer.clear()
    await feed(app, message("/about"))
    assert sent(layer)["text"].startswith("<b>Мен туралы</b>")
    await feed(app, message("/language ru"))
    assert sent(layer)["text"].startswith("Теперь я отвечаю по-русски")
    await feed(app, message("/language klingon"))
    assert "✓ Русский" in str(sent(layer)["reply_markup"])
    stored = Preferences(tmp_path / "data" / "preferences.json")
    assert stored.language(USER["id"]) == "ru"


def test_preferences_survive_a_torn_file(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    path.write_text("{not json")
    assert Preferences(path).language(1) is None
    Preferences(path).set_language(1, "kk")
    assert Preferences(path).language(1) == "kk"
    assert io.StringIO(path.read_text()).read().startswith("{")


async def test_citations_and_source_name_each_documents_language(bot) -> None:  # type: ignore[no-untyped-def]
    app, layer = bot
    await feed(app, message("/source", user=RUSSIAN_USER))
    assert "английский" in sent(layer)["text"]
    await feed(app, message("reliable support"))
    assert "¶9 (English)" in re.sub(r"<[^>]+>", "", sent(layer)["text"])
    await feed(app, message("Кто сказал, что Китай будет надёжной опорой?", user=RUSSIAN_USER))
    text = re.sub(r"<[^>]+>", "", sent(layer)["text"])
    assert "Xi Jinping" in text and "reliable support for Kazakhstan" in text
    assert "(английский)" in text
