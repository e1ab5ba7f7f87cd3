from __future__ import annotations

import pytest

from visitbot.engine import Engine


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Tokayev", "kassym-jomart-tokayev"),
        ("tokaev", "kassym-jomart-tokayev"),
        ("Токаев", "kassym-jomart-tokayev"),
        ("Тоқаев", "kassym-jomart-tokayev"),
        ("托卡耶夫", "kassym-jomart-tokayev"),
        ("Kassym-Jomart Tokayev", "kassym-jomart-tokayev"),
        ("the Head of our state", "kassym-jomart-tokayev"),
        ("the President of Kazakhstan", "kassym-jomart-tokayev"),
        ("Xi", "xi-jinping"),
        ("Xi Jinping", "xi-jinping"),
        ("Xi Jinpng", "xi-jinping"),
        ("Си Цзиньпин", "xi-jinping"),
        ("习近平", "xi-jinping"),
        ("the Chairman of the PRC", "xi-jinping"),
        ("Chairman of the People's Republic of China", "xi-jinping"),
        ("Chairman of the People’s Republic of China", "xi-jinping"),
        ("the Chinese leader", "xi-jinping"),
        ("Chinese President", "xi-jinping"),
    ],
)
def test_aliases_across_scripts_spellings_and_roles(engine: Engine, text: str, person: str) -> None:
    found = engine.find_person(text)
    assert found is not None and found.id == person


@pytest.mark.parametrize("text", ["Macron", "the President", "president", "", "😀", "Kazakhstan"])
def test_no_person_for_unknown_or_ambiguous_text(engine: Engine, text: str) -> None:
    assert engine.find_person(text) is None


def test_user_registry_adds_aliases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(
        "Talks\n2025-01-02\n“We agree on everything important,” said Erik Sand.\n", encoding="utf-8"
    )
    (tmp_path / "speakers.json").write_text(
        '{"people": [{"name": "Erik Sand", "aliases": ["Эрик Сан"], "pronoun": "he"}]}',
        encoding="utf-8",
    )
    loaded = Engine.load(tmp_path)
    person = loaded.find_person("Эрик Сан")
    assert person is not None and person.name == "Erik Sand"
    assert loaded.ask("what did Эрик Сан say").answers[0].speaker == "Erik Sand"
