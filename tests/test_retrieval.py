"""Answer quality: forms of questions, typos, speaker scope, out-of-scope, excerpts."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitbot.engine import Engine
from visitbot.models import Intent, Kind, Notice

XI = "Xi Jinping"
TOKAYEV = "Kassym-Jomart Tokayev"


@pytest.mark.parametrize(
    ("question", "speaker", "words"),
    [
        (
            "Who said China will always be a reliable support for Kazakhstan?",
            XI,
            "reliable support",
        ),
        ("Who said China will always be a reliable support?", XI, "reliable support"),
        ("who called China a time-tested reliable partner", TOKAYEV, "time-tested"),
        ("Who thanked Xi for accepting the invitation?", TOKAYEV, "accepting the invitation"),
        (
            "who said relations are developing at an unprecedented pace",
            TOKAYEV,
            "unprecedented pace",
        ),
        ("Who said they met twice last year?", XI, "met twice"),
        ("who talked about opportunistic influences", XI, "opportunistic influences"),
        ("Who said Kazakhstan is a priority of China's foreign policy?", XI, "priority"),
    ],
)
def test_who_questions(engine: Engine, question: str, speaker: str, words: str) -> None:
    result = engine.ask(question)
    assert result.intent is Intent.WHO
    top = result.answers[0]
    assert top.speaker == speaker
    assert words in top.excerpt


@pytest.mark.parametrize(
    ("question", "speaker", "words"),
    [
        ("reliabel suport", XI, "reliable support"),
        ("exemplary interstate relatoins", TOKAYEV, "exemplary interstate relations"),
        ("goldn thirty years", XI, "golden thirty years"),
        ("strategic heigth", XI, "strategic height"),
        ("FIGHTER JETS", None, "fighter jets"),
        ("“reliable support”", XI, "reliable support"),
        ("support reliable", XI, "reliable support"),
    ],
)
def test_typos_case_quotes_and_word_order(
    engine: Engine, question: str, speaker: str | None, words: str
) -> None:
    top = engine.ask(question).answers[0]
    assert top.speaker == speaker
    assert words.lower() in top.excerpt.lower()


@pytest.mark.parametrize(
    ("question", "speaker", "words"),
    [
        ("What did Tokayev say about cooperation?", TOKAYEV, "cooperation"),
        ("What did Xi say about the golden thirty years?", XI, "golden thirty years"),
        (
            "Did Tokayev mention the eternal comprehensive strategic partnership?",
            TOKAYEV,
            "eternal",
        ),
        ("quotes from Xi Jinping about reforms", XI, "reforms"),
        ("Tokayev's remarks on friendship", TOKAYEV, "friend"),
        ("Си Цзиньпин reliable support", XI, "reliable support"),
    ],
)
def test_speaker_scoped(engine: Engine, question: str, speaker: str, words: str) -> None:
    result = engine.ask(question)
    assert result.intent is Intent.SPEAKER
    assert result.speaker == speaker
    assert result.answers and all(a.speaker == speaker for a in result.answers)
    assert words in result.answers[0].excerpt


def test_speaker_scope_never_shows_someone_else(engine: Engine) -> None:
    # Tokayev never spoke of a "reliable support"; Xi did. The answer must not show Xi.
    result = engine.ask("What did Tokayev say about Kazakhstan's foreign policy priority?")
    assert all(a.speaker == TOKAYEV for a in result.answers)


def test_what_did_speaker_say_lists_their_statements(engine: Engine) -> None:
    result = engine.ask("What did Xi say?", top=10)
    assert [a.paragraph for a in result.answers] == [8, 9]
    assert {a.kind for a in result.answers} == {Kind.QUOTE, Kind.REPORTED}


@pytest.mark.parametrize(
    "question",
    [
        "Who won the last Eurovision?",
        "What did Erdogan say?",
        "What did Xi say about space travel?",
        "What did Tokayev say about the Olympics?",
        "What is the capital of France?",
        "how to cook pasta",
        "bitcoin price prediction",
        "Who is the president of the United States?",
        "zzz",
        "asdf qwer zxcv",
        "What did the two leaders say about football?",
        "Tokayev golden thirty years",
    ],
)
def test_out_of_scope_gets_no_answers(engine: Engine, question: str) -> None:
    result = engine.ask(question)
    assert result.answers == ()
    assert result.notice is not None


def test_unknown_speaker_is_named(engine: Engine) -> None:
    result = engine.ask("What did Erdogan say about trade?")
    assert result.notice is Notice.UNKNOWN_SPEAKER
    assert result.unknown_speaker == "erdogan"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Where was the welcoming ceremony held?", "Akorda residence"),
        ("What colours did the jets leave behind?", "red and yellow"),
        ("Which anthems were played?", "national anthems"),
        ("Who gave a greeting report?", "honor guard"),
        ("Who introduced the members of the official delegations?", "official delegations"),
    ],
)
def test_questions_about_the_event(engine: Engine, question: str, words: str) -> None:
    top = engine.ask(question).answers[0]
    assert words in top.excerpt
    assert top.speaker is None and top.kind is Kind.NARRATIVE


@pytest.mark.parametrize("question", ["When did the talks take place?", "What was the date?"])
def test_date_questions(engine: Engine, question: str) -> None:
    result = engine.ask(question)
    assert result.intent is Intent.DATE
    assert result.answers[0].document.date.isoformat() == "2024-07-03"


def test_excerpt_is_the_smallest_span_and_marks_cuts(engine: Engine) -> None:
    top = engine.ask("Who said China will always be a reliable support?").answers[0]
    assert (
        top.excerpt == "… I assure you that China will always be a reliable support for Kazakhstan"
    )
    paragraph = engine.documents[0].paragraphs[top.paragraph - 1].text
    assert paragraph[top.start : top.end] == top.excerpt.removeprefix("… ")


def test_full_paragraph_stays_reachable(engine: Engine) -> None:
    top = engine.ask("reliable support").answers[0]
    whole = engine.paragraph(top.document.id, top.paragraph)
    assert whole is not None
    assert whole.excerpt == engine.documents[0].paragraphs[8].text


def test_scores_are_normalised_and_sorted(engine: Engine) -> None:
    answers = engine.ask("cooperation between the two countries", top=10).answers
    scores = [a.score for a in answers]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_unseen_article_questions(westland: Engine) -> None:
    top = westland.ask("Who said the ports are ready to handle twice the cargo?").answers[0]
    assert top.speaker == "Anna Holm"
    top = westland.ask("What did the Westland leader say about grain?").answers[0]
    assert top.speaker == "Erik Sand"
    assert "grain" in top.excerpt
    # "she added" after Erik Sand (a man's name) and Anna Holm (a woman's) spoke: Holm.
    result = westland.ask("Who spoke of a long friendship between our nations?")
    assert result.answers[0].speaker == "Anna Holm"


@pytest.mark.parametrize(
    ("question", "speaker", "words"),
    [
        ("Can you tell me what Tokayev said about the visit?", TOKAYEV, "visit"),
        ("Tell me what Xi Jinping said about Central Asia", XI, "Central Asia"),
        ("According to Xi, what is Kazakhstan for China?", XI, "Kazakhstan"),
        ("What were Tokayev's words on cooperation?", TOKAYEV, "cooperation"),
    ],
)
def test_more_ways_of_asking_for_a_speaker(
    engine: Engine, question: str, speaker: str, words: str
) -> None:
    result = engine.ask(question)
    assert result.answers and all(a.speaker == speaker for a in result.answers)
    assert words in result.answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Who is the president of China?", XI),
        ("Who is Tokayev?", TOKAYEV),
        ("who is the Chinese leader", XI),
    ],
)
def test_who_is_answers_with_the_persons_own_named_words(
    engine: Engine, question: str, speaker: str
) -> None:
    top = engine.ask(question).answers[0]
    assert top.speaker == speaker
    assert speaker.split()[-1] in top.excerpt or speaker.split()[0] in top.excerpt


def test_a_misspelt_verb_still_asks_who_said_it(engine: Engine) -> None:
    result = engine.ask("who sayd china is a relaible partner")
    assert result.intent is Intent.WHO
    assert result.answers[0].speaker == TOKAYEV
    assert "reliable partner" in result.answers[0].excerpt


@pytest.mark.parametrize(
    "question",
    ["Who promised that China would be a reliable support?", "reliabel suport for kazakstan"],
)
def test_weaker_passages_by_someone_else_are_not_shown(engine: Engine, question: str) -> None:
    answers = engine.ask(question, top=5).answers
    assert answers and {a.speaker for a in answers} == {XI}


def test_quantity_questions_need_a_number(engine: Engine) -> None:
    assert engine.ask("How long did the talks last?").answers == ()
    assert engine.ask("How many people attended the ceremony?").answers == ()
    top = engine.ask("How many countries played their anthems?").answers[0]
    assert "two countries" in top.excerpt


def test_words_before_a_person_must_describe_them(tmp_path: Path) -> None:
    article = tmp_path / "summit.txt"
    article.write_text(
        "Ministers met in Varenna\n2025-05-02\n\n"
        "UN Secretary-General Ana Lopes said refugees need safe corridors before winter.\n"
        "Foreign Ministry spokesperson Lina Odo told reporters that refugees would be "
        "welcomed at the border.\n"
        "The delegations visited a school.\n",
        encoding="utf-8",
    )
    engine = Engine.load(article)
    result = engine.ask("What did the UN secretary-general say about refugees?")
    assert result.intent is Intent.SPEAKER
    assert [a.speaker for a in result.answers] == ["Ana Lopes"]
    # Another ministry's spokesperson is not Lina Odo.
    assert engine.ask("What did the Defence Ministry spokesperson say?").speaker != "Lina Odo"
    # A clause in the speaker's place is no speaker: a question about the event.
    assert engine.ask("What kind of visit did Ana Lopes make?").intent is not Intent.SPEAKER
