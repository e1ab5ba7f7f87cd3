"""Side by side: each speaker's best words on a topic, found the way single questions are."""

from __future__ import annotations

from pathlib import Path

from visitbot.engine import Engine
from visitbot.models import Notice


def corpus(tmp_path: Path) -> Engine:
    (tmp_path / "a.txt").write_text(
        "President of Westland Erik Sand received President of Eastria Oskar Dune\n2025-03-14\n"
        "“Our grain exports to Eastria will double by 2030,” said Erik Sand.\n"
        "“Eastria will buy more Westland grain and timber next year,” Oskar Dune said.\n"
        "“The new bridge over the river opens in May,” Erik Sand added.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Prime Minister of Northia Lena Berg opened a solar plant\n2025-05-12\n"
        "“Clean power will cover half of our needs by 2030,” said Lena Berg.\n",
        encoding="utf-8",
    )
    return Engine.load(tmp_path, cache=False)


def test_the_sides_are_the_speakers_of_the_documents_on_the_topic(tmp_path: Path) -> None:
    result = corpus(tmp_path).compare("grain")
    assert [s.speaker for s in result.sides] == ["Erik Sand", "Oskar Dune"]
    assert all(s.answer is not None and "grain" in s.answer.excerpt for s in result.sides)
    assert {s.answer.speaker for s in result.sides if s.answer} == {"Erik Sand", "Oskar Dune"}


def test_named_sides_and_a_silent_one(tmp_path: Path) -> None:
    result = corpus(tmp_path).compare("Sand vs Berg on the bridge")
    assert result.topic == "the bridge"
    sand, berg = result.sides
    assert sand.answer is not None and "bridge" in sand.answer.excerpt
    assert berg.speaker == "Lena Berg" and berg.answer is None


def test_nothing_to_compare(tmp_path: Path) -> None:
    engine = corpus(tmp_path)
    assert engine.compare("space travel").notice is Notice.NOT_FOUND
    assert engine.compare("   ").notice is Notice.EMPTY
    assert not engine.comparison_asked("What did Sand say about grain?")
    assert engine.comparison_asked("What did each leader say about grain?")
