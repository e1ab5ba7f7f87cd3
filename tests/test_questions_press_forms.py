"""More of how press questions are asked, on a made-up report: where something happened (a
month after "in" says when, not where), a source cited by the outlet's name ("according to
<agency>"), what a "which …" question asks for before its verb, phrasal verbs of saying
("point out", "make clear"), what "besides X" leaves out, and a word of another ending of the
same stem ("appreciation" ~ "appreciates")."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitbot.engine import Engine
from visitbot.models import Intent
from visitbot.query import parse

REPORT = "\n".join(
    (
        "---",
        "title: Westland and Eastria leaders hold talks in Norburg",
        "date: 2025-05-20",
        "source: Northern Wire Agency",
        "url: https://northernwire.example/westland-eastria",
        "---",
        "Prime Minister of Westland Erik Sand received President of Eastria Anna Holm.",
        "The possible summit of the two leaders was first discussed in May, when both took "
        "office, and the possible summit was expected soon.",
        "The possible summit is expected in Norburg.",
        "“We work together in many areas: farming, shipping and schools,” Erik Sand said.",
        "Erik Sand wrote about the talks in a post on his page.",
        "Anna Holm said the friendship of the two nations had lasted through seven kings.",
        "Anna Holm appreciates Westland's firm support for the river treaty.",
        "The post went up on his page on Friday.",
        "",
    )
)
OTHER = "\n".join(
    (
        "---",
        "title: Eastria's president receives guests",
        "date: 2025-06-02",
        "source: Harbour Daily",
        "---",
        "President of Eastria Anna Holm received Prime Minister of Westland Erik Sand.",
        "Anna Holm said the river treaty mattered to both nations.",
        "",
    )
)
REMARKS = "\n".join(
    (
        "---",
        "title: Remarks of President Holm before a meeting with Prime Minister Sand in Lakeby",
        "date: 2025-07-01",
        "---",
        "President Holm: Good morning, Prime Minister, dear friends.",
        "It is a pleasure to be back after a year of hard work on the river treaty.",
        "So I look forward to our work today, and thank you again.",
        "Prime Minister Sand: Thank you, Madam President.",
        "",
    )
)
SAND, HOLM = "Erik Sand", "Anna Holm"


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("press-forms")
    (folder / "talks.txt").write_text(REPORT, encoding="utf-8")
    (folder / "guests.txt").write_text(OTHER, encoding="utf-8")
    (folder / "remarks.txt").write_text(REMARKS, encoding="utf-8")
    return Engine.load(folder, cache=False)


def test_a_month_after_in_says_when_not_where(press: Engine) -> None:
    # "in May" is no place: the paragraph that names the town answers "where".
    result = press.ask("Where was the possible summit of the two leaders expected?")
    assert result.answers[0].paragraph == 3


def test_an_outlet_cited_is_found_in_its_documents_metadata(press: Engine) -> None:
    # Both reports say a president received someone; the outlet named is the one that
    # published it (its source line or its web address), though its text never names it.
    query = parse(
        "Whom did the president of Eastria receive, according to Harbour Daily?",
        press.index.matcher,
    )
    assert query.cited == ("harbour", "daily")
    result = press.ask("Whom did the president of Eastria receive, according to Harbour Daily?")
    assert result.answers[0].document.id == "guests"
    result = press.ask("Whom did the president of Eastria receive, as reported by Northern Wire?")
    assert result.answers[0].document.id == "talks"
    result = press.ask("According to Harbour Daily, what did Anna Holm say about the river treaty?")
    assert result.intent is Intent.SPEAKER
    assert (result.answers[0].speaker, result.answers[0].document.id) == (HOLM, "guests")


def test_what_a_which_question_asks_for_is_what_was_said(press: Engine) -> None:
    # "in his post" after the verb only places the words; "areas" is what he named.
    query = parse("Which areas did Erik Sand list in his post?", press.index.matcher)
    assert query.intent is Intent.SPEAKER
    assert query.terms[0] == "areas"
    assert set(query.context) >= {"post", "list"}
    result = press.ask("Which areas did Erik Sand list in his post?")
    assert result.answers[0].paragraph == 4
    # A topic the verb links to stays the topic: "What feeling did X express about Y?".
    query = parse("What feeling did Erik Sand express about the talks?", press.index.matcher)
    assert query.terms[0] == "talks"


@pytest.mark.parametrize(
    "question",
    [
        "What did Erik Sand make clear about the areas of work?",
        "What did Erik Sand make it clear about the areas of work?",
        "What did Erik Sand point out about the areas of work?",
        "What did Erik Sand bring up about the areas of work?",
        "What did Erik Sand touch on about the areas of work?",
    ],
)
def test_verbs_of_saying_in_two_words_ask_for_the_speakers_words(
    press: Engine, question: str
) -> None:
    result = press.ask(question)
    assert result.intent is Intent.SPEAKER
    assert result.answers[0].speaker == SAND


def test_who_pointed_out_asks_who_said_it(press: Engine) -> None:
    query = parse("Who pointed out that the friendship had lasted?", press.index.matcher)
    assert query.intent is Intent.WHO
    assert query.speech_verb
    assert "pointed" not in query.terms
    assert press.ask("Who pointed out that the friendship had lasted?").answers[0].speaker == HOLM


def test_one_stem_with_another_short_ending_is_one_family(press: Engine) -> None:
    # WordNet links no "appreciation" to "appreciate"; the shared stem does, below the word.
    matches = press.index.expand("appreciation")
    assert 0 < matches["appreciates"] < 0.85
    assert "appreciates" not in press.index.expand("apprehension")
    result = press.ask("Who voiced appreciation for the firm support for the river treaty?")
    assert result.answers[0].speaker == HOLM
    assert result.answers[0].paragraph == 7


def test_what_a_question_sets_aside_is_not_looked_for(press: Engine) -> None:
    query = parse("Besides the river treaty, what did Anna Holm say?", press.index.matcher)
    assert query.intent is Intent.SPEAKER
    assert not {"river", "treaty"} & set(query.terms)
    result = press.ask("Apart from the treaty, what did Anna Holm say about the two nations?")
    assert (result.answers[0].speaker, result.answers[0].paragraph) == (HOLM, 6)


def test_a_date_question_puts_the_passage_with_a_date_first(press: Engine) -> None:
    # The date is what is asked for, as a place is for "where": it weighs as much.
    result = press.ask("On which day did the post about the talks go up on his page?")
    assert result.intent is Intent.DATE
    assert result.answers[0].paragraph == 8
    assert result.answers[0].score - result.answers[1].score > 0.1


def test_the_kind_of_place_asked_for_is_no_word_to_find(press: Engine) -> None:
    query = parse("In which town is the possible summit expected?", press.index.matcher)
    assert query.where
    assert "town" not in query.terms
    assert press.ask("In which town is the possible summit expected?").answers[0].paragraph == 3


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("How did Anna Holm end her remarks after a year of hard work?", 3),
        ("How did Anna Holm wrap up her short remarks after a year of hard work?", 3),
        ("What did Anna Holm say at the end of her remarks after a year of hard work?", 3),
        ("How did Anna Holm begin her remarks after a year of hard work?", 1),
        ("How did Anna Holm greet Sand at the start of her remarks in Lakeby?", 1),
    ],
)
def test_words_asked_for_by_where_they_stand_in_the_remarks(
    press: Engine, question: str, paragraph: int
) -> None:
    # The report is the one the rest of the question is about (its title too: "Lakeby" is
    # only there); the answer is the speaker's first or last direct words in it.
    query = parse(question, press.index.matcher)
    assert query.position in {"first", "last"}
    result = press.ask(question)
    assert result.intent is Intent.SPEAKER
    assert [(a.speaker, a.document.id, a.paragraph) for a in result.answers] == [
        (HOLM, "remarks", paragraph)
    ]


def test_words_by_position_of_someone_never_quoted_are_nothing(press: Engine) -> None:
    assert not press.ask("How did Anna Holm end her remarks on the moon landing?").answers
    assert parse("How did the talks end?", press.index.matcher).position is None


def test_a_role_whose_holder_is_not_known_names_no_one(press: Engine) -> None:
    # Anna Holm is a president, but not Norland's: her words on the treaty are not the
    # Norland president's, however well they match.
    result = press.ask("What did the Norland president say about the river treaty?")
    assert result.intent is Intent.SPEAKER
    assert result.answers == ()
    assert result.unknown_speaker == "the norland president"
    result = press.ask("What did the Eastrian president say about the river treaty?")
    assert result.answers[0].speaker == HOLM


def test_a_phrase_of_place_set_off_by_a_comma_is_a_circumstance(press: Engine) -> None:
    question = (
        "What did Anna Holm say about the firm support, in the part of the report where the "
        "farmers and the autumn fair came up?"
    )
    query = parse(question, press.index.matcher)
    assert query.terms[:2] == ("firm", "support")
    assert {"part", "report", "farmers", "fair"} <= set(query.context)
    assert press.ask(question).answers[0].paragraph == 7
    # "in particular" is no place: only a phrase with a determiner is cut off.
    query = parse("What did Anna Holm say about support, in particular for the treaty?",
                  press.index.matcher)  # fmt: skip
    assert "treaty" not in query.context


DATELINED = "\n".join(
    (
        "---",
        "title: Harbour leaders sign the fishing accord",
        "date: 2025-08-01",
        "---",
        "LAKEBY, August 1 – The two harbour masters signed the fishing accord.",
        "The two harbour masters said the fishing accord was signed after long work.",
        "",
    )
)


def test_a_dateline_says_where(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("dateline")
    (folder / "accord.txt").write_text(DATELINED, encoding="utf-8")
    engine = Engine.load(folder, cache=False)
    result = engine.ask("Where was the fishing accord signed?")
    assert result.answers[0].paragraph == 1


def test_words_reported_inside_a_quote_answer_for_their_own_speaker(tmp_path: Path) -> None:
    # Sand quotes Holm's proposal: "who proposed …?" is answered with Holm's words, the
    # sentence inside Sand's quote, never with Sand's quote around them.
    (tmp_path / "call.txt").write_text(
        "---\ntitle: Sand and Holm to meet\ndate: 2025-08-01\n---\n"
        "Prime Minister of Westland Erik Sand received President of Eastria Anna Holm.\n"
        "“We spoke on the phone yesterday. It was President Holm's idea. And she proposed, "
        "‘let us meet in Lakeby or in Norburg and discuss the river treaty,’” Sand said.\n",
        encoding="utf-8",
    )
    engine = Engine.load(tmp_path / "call.txt", cache=False)
    result = engine.ask("Who proposed meeting in Lakeby or Norburg to discuss the river treaty?")
    assert result.answers and result.answers[0].speaker == HOLM
