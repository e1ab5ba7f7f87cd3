from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from html_check import telegram_html_problems
from visitbot.engine import Engine
from visitbot_bot.callbacks import Action, Button, decode
from visitbot_bot.telegram_html import answer_html, escape, split_html, visible_length


def test_answer_html_escapes_and_highlights(engine: Engine) -> None:
    answer = engine.ask("reliable support").answers[0]
    text = answer_html(answer)
    assert text.startswith("<b>Xi Jinping — direct quote</b>\n<blockquote>")
    assert "<b>reliable</b> <b>support</b>" in text
    assert "¶9" in text
    assert telegram_html_problems(text) == []


def test_split_keeps_tags_balanced_and_under_limit() -> None:
    body = "<b>Head</b>\n<blockquote>" + escape("word & <x> " * 2000) + "</blockquote>\n<i>end</i>"
    parts = split_html(body, limit=1000)
    assert len(parts) > 5
    for part in parts:
        assert telegram_html_problems(part) == []
        assert visible_length(part) <= 1000
    joined = "".join(parts).replace("</blockquote><blockquote>", "")
    assert joined.count("&amp;") == 2000


def test_split_cuts_a_single_huge_word() -> None:
    parts = split_html("<i>" + "x" * 9000 + "</i>")
    assert len(parts) == 3
    assert all(telegram_html_problems(p) == [] for p in parts)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=6000), st.integers(min_value=50, max_value=4000))
def test_split_any_escaped_text(text: str, limit: int) -> None:
    html = f"<b>x</b><blockquote>{escape(text)}</blockquote>"
    for part in split_html(html, limit=limit):
        assert visible_length(part) <= limit


def test_callback_data_round_trip_and_rejects_forgeries() -> None:
    data = Button(Action.PARAGRAPH, (0, 9)).encode("abc123")
    assert len(data.encode()) <= 64
    assert decode(data, "abc123") == Button(Action.PARAGRAPH, (0, 9))
    for forged in [
        None,
        "",
        "v2:abc123:p:0:9",
        "v1:ffffff:p:0:9",
        "v1:abc123:p:0",
        "v1:abc123:z:1",
        "v1:abc123:p:0:999999",
        "v1:abc123:m:1:2:3",
        "x" * 100,
        "v1:abc123:p:-1:9",
        "\x00\xff",
    ]:
        assert decode(forged, "abc123") is None
