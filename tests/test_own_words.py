"""Questions in the user's own words: word forms, meaning, speakers by role, counts — and no
speaker guessed on the way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from visitbot import semantic
from visitbot.engine import Engine
from visitbot.evaluate import evaluate, read_questions
from visitbot.forms import word_forms
from visitbot.semantic import neighbours

XI, TOKAYEV = "Xi Jinping", "Kassym-Jomart Tokayev"
PARAPHRASES = Path(__file__).parent / "data" / "paraphrase_questions.jsonl"


@pytest.mark.parametrize(
    ("word", "form"),
    [("held", "hold"), ("spoke", "speak"), ("countries", "country"), ("rose", "rise")],
)
def test_word_forms_are_irregular_forms_of_one_lemma(word: str, form: str) -> None:
    assert form in word_forms(word)
    assert word not in word_forms(word)


@pytest.mark.parametrize(
    ("question", "expected", "speaker"),
    [
        ("What did the jet fighters leave behind them?", "trail", None),  # jet / jets
        ("Where did the two leaders meet last year?", "Beijing", None),  # meet / met
        ("Which leader said they had met two times last year?", "met twice", XI),
    ],
)
def test_word_forms_find_the_passage(
    engine: Engine, question: str, expected: str, speaker: str | None
) -> None:
    top = engine.ask(question).answers[0]
    assert expected in top.excerpt
    assert speaker is None or top.speaker == speaker


def test_meaning_reaches_a_word_the_question_does_not_use(engine: Engine) -> None:
    assert "visit" in neighbours("trip", engine.index.word_id)
    top = engine.ask("Who praised the Chinese leader's trip as exceptionally important?")
    assert top.answers and top.answers[0].speaker == TOKAYEV
    assert "exceptional importance" in top.answers[0].excerpt


def test_meaning_comes_from_the_installed_package_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model must come from the installed package")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(semantic, "_loaded", [])
    weights, tokenizer = semantic.model_files()
    assert weights.is_file() and tokenizer.is_file()
    assert neighbours("journey", {"visit", "trip"})


def test_only_words_with_a_vector_are_looked_up_by_meaning(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "_loaded", [])
    assert semantic.has_vector("trip") and not semantic.has_vector("relatons")
    assert neighbours("relatons", {"relations"}) == {}
    assert semantic._loaded == []  # the weights were not even read for a typo


def test_forms_come_from_the_index_not_the_dictionary(engine: Engine) -> None:
    assert "met" in engine.index.expand("meet")
    assert "hold" not in engine.index.word_id and "held" in engine.index.expand("hold")


@pytest.mark.parametrize(
    "question",
    [
        "What did Xi say about space travel?",
        "Who talked about the football championship?",
        "What did Tokayev say about the price of oil?",
        "Who travelled to the moon?",
    ],
)
def test_meaning_does_not_make_other_topics_answerable(engine: Engine, question: str) -> None:
    assert engine.ask(question).answers == ()


def test_a_role_filters_to_its_holder_whatever_words_others_use(engine: Engine) -> None:
    # "Head of State" is Tokayev's title; Xi's quote uses the words ("as Head of State, you …").
    for question in ("Head of State reforms", "What did the Head of State say about reforms?"):
        result = engine.ask(question)
        assert result.speaker == TOKAYEV
        assert all(a.speaker == TOKAYEV for a in result.answers)
    chairman = engine.ask("What did the Chairman say about the President?")
    assert chairman.speaker == XI and chairman.answers
    assert all(a.speaker == XI for a in chairman.answers)


def test_a_who_question_never_answers_with_the_person_it_names(engine: Engine) -> None:
    for answer in engine.ask("Who thanked the Chinese leader for coming?", top=5).answers:
        assert answer.speaker != XI


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many times did the two leaders meet last year?", "twice"),
        ("How many countries' anthems were played?", "two countries"),
    ],
)
def test_number_words_answer_how_many(engine: Engine, question: str, expected: str) -> None:
    top = engine.ask(question).answers[0]
    assert expected in top.excerpt


def test_own_paraphrase_questions_hold_their_floor(engine: Engine) -> None:
    """The paraphrase file (README, "Asking"): word forms, roles and counts all right, no
    misattribution, every out-of-scope question rejected. Synonyms are the open part."""
    tallies = evaluate(engine, read_questions(PARAPHRASES))
    for category in ("forms", "role", "count"):
        assert tallies[category].top1 == tallies[category].answerable, category
    assert tallies["overall"].misattributed == 0
    assert tallies["none"].rejected == tallies["none"].out_of_scope
    assert len([json.loads(line) for line in PARAPHRASES.open()]) == tallies["overall"].questions


def test_a_person_named_by_role_is_found_by_name(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Prime Minister of Northia Lena Berg opened a solar plant\n2025-05-12\n"
        "Prime Minister of Northia Lena Berg arrived in Vik on Monday.\n"
        "The Prime Minister later toured the harbour and the new ferry terminal.\n"
        "A new ferry terminal also opened in Sor, far to the south.\n",
        encoding="utf-8",
    )
    engine = Engine.load(tmp_path / "a.txt", cache=False)
    top = engine.ask("Where did Berg tour the ferry terminal?").answers[0]
    assert top.paragraph == 2  # "The Prime Minister …" is Berg; paragraph 3 names nobody


def test_the_lemma_dictionary_is_let_go_after_indexing(engine: Engine) -> None:
    from lemminflect.core.Lemmatizer import Lemmatizer

    Engine.load()
    assert not hasattr(Lemmatizer(), "lemma_dict")  # 43 MB a server need not carry
    assert "held" in engine.index.expand("hold")
