"""How press questions are asked, on made-up articles: a speaker asked for by what they are
("Which official said …"), by an initialism ("PM Sand") or a phrase no form spells out ("the
president of Norland"), questions citing a source ("According to X, …", "…, as quoted by X"),
the person spoken to, a circumstance clause, and words of the same meaning or family as the
article's (WordNet, through the index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from visitbot.attribution.lexical import WordNetMissing, wordnet_dir
from visitbot.engine import Engine
from visitbot.models import Intent, Person
from visitbot.query import parse
from visitbot.related import RELATED_VERSION, SHIPPED, derive, shipped
from visitbot.speakers import PeopleMatcher

ARTICLE = "\n".join(
    (
        "Prime Minister of Westland Erik Sand received the new Eastrian ambassador",
        "2025-05-20",
        "Prime Minister of Westland Erik Sand on Tuesday received Ambassador of Eastria "
        "Anna Holm, who presented her credentials in Norburg.",
        "“Westland supports Eastria in keeping its economy stable,” Erik Sand said.",
        "Anna Holm said Eastria and Westland would stay in close contact to keep their "
        "economies stable.",
        "The ambassador said her country would like to open a consulate in Norburg next year.",
        "Erik Sand told the ambassador that trade in grain had doubled since the spring.",
        "Anna Holm promised to bring a delegation of Eastrian farmers to the autumn fair.",
        "The meeting lasted an hour.",
        "",
    )
)
SAND, HOLM = "Erik Sand", "Anna Holm"


@pytest.fixture(scope="module")
def westland(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("press") / "reception.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return Engine.load(path, cache=False)


def test_words_of_the_same_meaning_find_the_statement(westland: Engine) -> None:
    # "backs" is "supports" (WordNet): without it, Holm's words on staying in contact to keep
    # the economies stable, which share every other word, would be taken for the answer.
    result = westland.ask("Who said Westland backs Eastria in staying stable?")
    assert result.answers[0].speaker == SAND
    assert result.answers[0].paragraph == 2


def test_a_speaker_asked_for_by_what_they_are(westland: Engine) -> None:
    result = westland.ask("Which official said her country wants to open a consulate?")
    assert result.intent is Intent.WHO
    assert result.answers[0].speaker == HOLM
    # A verb that is no speech act makes no who-question of "which …".
    assert westland.ask("Which city hosted the ambassador?").intent is not Intent.WHO


def test_an_initialism_describes_its_holder(westland: Engine) -> None:
    result = westland.ask("What did PM Sand say about grain?")
    assert result.intent is Intent.SPEAKER
    assert [a.speaker for a in result.answers][:1] == [SAND]


def test_the_person_spoken_to_is_not_the_topic(westland: Engine) -> None:
    query = parse("What did Erik Sand tell the ambassador about grain?", westland.index.matcher)
    assert query.intent is Intent.SPEAKER
    assert query.terms == ("grain",)


def test_a_clause_opened_by_when_is_a_circumstance_not_a_date(westland: Engine) -> None:
    result = westland.ask("What did the ambassador promise when the prime minister received her?")
    assert result.intent is Intent.SPEAKER
    assert result.answers[0].speaker == HOLM
    assert "promised" in result.answers[0].excerpt
    assert westland.ask("When did the ambassador present her credentials?").intent is Intent.DATE


def test_according_to_a_person_or_a_source(westland: Engine) -> None:
    result = westland.ask("According to the ambassador, what would Eastria like to open?")
    assert result.intent is Intent.SPEAKER
    assert result.answers[0].speaker == HOLM
    # An outlet is where it was said: its words weigh as a circumstance's, nobody is speaker.
    query = parse(
        "Where would Eastria like to open a consulate, according to the Westland Gazette?",
        westland.index.matcher,
    )
    assert query.intent is not Intent.SPEAKER
    assert "gazette" in query.context
    # Someone else's words as a source reports them: the source is not the speaker.
    query = parse(
        "What did Erik Sand say about grain, as quoted by the ambassador?",
        westland.index.matcher,
    )
    assert query.speakers == ("erik-sand",)


def test_a_light_verb_makes_no_speaker_slot(westland: Engine) -> None:
    # "interview" can be a verb, but in "give the interview" it is what was given.
    query = parse("Which channel did Anna Holm give the interview to?", westland.index.matcher)
    assert query.intent is not Intent.SPEAKER


NORLAND = Person(
    id="ilya-vark", name="Ilya Vark", roles=("Norland president",), titles=("President",)
)
SOUTHIA = Person(
    id="tom-reed", name="Tom Reed", roles=("Southia president",), titles=("President",)
)
UNITED = Person(id="un", name="United Nations", aliases=("UN",), institution=True)
LOPES = Person(id="ana-lopes", name="Ana Lopes", titles=("Secretary-General",))


def test_a_phrase_no_form_spells_out_names_whoever_it_describes() -> None:
    matcher = PeopleMatcher([NORLAND, SOUTHIA, UNITED, LOPES])
    query = parse("What did the president of Norland say about grain?", matcher)
    assert query.intent is Intent.SPEAKER
    assert query.speakers == ("ilya-vark",)
    # Both are presidents: no one speaker.
    assert parse("What did the president say about grain?", matcher).speakers == ()


def test_an_institution_before_a_role_is_the_holders() -> None:
    matcher = PeopleMatcher([NORLAND, SOUTHIA, UNITED, LOPES])
    query = parse("What did the UN secretary-general say about refugees?", matcher)
    assert query.speakers == ("ana-lopes",)
    assert query.terms == ("refugees",)


def test_related_words_are_common_words_of_frequent_senses() -> None:
    table = shipped()
    assert "support/v" in table["back/v"]  # a frequent sense both share
    assert "arrival/n" in table["arrive/v"]  # one family, another part of speech
    assert "china/n" not in table.get("taiwan/n", [])  # names are no common words
    assert "say/v" not in table.get("state/v", [])  # plain saying is no paraphrase


def test_the_shipped_related_words_are_what_wordnet_gives_today() -> None:
    """The package ships the table derived from WordNet (make lexicon): a rule changed without
    writing it again would leave every machine with the old table."""
    try:
        folder = wordnet_dir()
    except WordNetMissing as missing:
        pytest.skip(str(missing))
    import gzip

    saved = json.loads(gzip.decompress(Path(SHIPPED).read_bytes()))
    assert saved["version"] == RELATED_VERSION, "the shipped table predates RELATED_VERSION"
    assert saved["related"] == json.loads(json.dumps(derive(folder))), "stale: make lexicon"


SUMMIT = "\n".join(
    (
        "---\ntitle: Sand and Dune meet in the Granite Hall\ndate: 2025-06-02\nid: summit\n---",
        "President of Westland Erik Sand and President of Eastria Oskar Dune held an extended "
        "meeting in the Granite Hall of Norburg on Monday.",
        "Ministers of both sides joined the 90-minute meeting.",
        "Speaking at a joint press conference with Oskar Dune, Erik Sand called the two nations "
        "“natural allies”.",
        "Oskar Dune arrived in Norburg from Valmora on Sunday evening.",
        "",
    )
)
FAIR = "\n".join(
    (
        "---\ntitle: Holm visits the Valmora fair\ndate: 2025-06-20\nid: fair\n---",
        "Minister of Trade of Eastria Anna Holm opened the autumn fair in Valmora on Friday, "
        "with farmers from all over Eastria.",
        "“Our farmers will bring twice as much grain next year,” Anna Holm said.",
        "",
    )
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "summit.txt").write_text(SUMMIT, encoding="utf-8")
    (folder / "fair.txt").write_text(FAIR, encoding="utf-8")
    return Engine.load(folder, cache=False)


def test_a_quote_is_found_by_the_sentence_that_frames_it(reports: Engine) -> None:
    # The quote is two words; the sentence around it says where and of whom they were said.
    result = reports.ask(
        "What did the Westland president call the two nations at the press conference with Dune?"
    )
    assert result.answers[0].speaker == SAND
    assert result.answers[0].excerpt == "natural allies"


def test_a_later_paragraph_relies_on_what_its_report_said_first(reports: Engine) -> None:
    # "the 90-minute meeting" is the extended meeting in the Granite Hall of the paragraph
    # before; only a passage with a length of time answers "how long".
    top = reports.ask("How long did the extended meeting in the Granite Hall last?").answers[0]
    assert (top.document.id, top.paragraph) == ("summit", 2)
    assert reports.ask("How long did the fair last?").answers == ()


def test_which_country_or_city_asks_for_a_place(reports: Engine) -> None:
    query = parse("From which city did Dune arrive in Norburg?", reports.index.matcher)
    assert query.where


def test_a_word_is_meant_as_written_a_non_word_is_a_typo(reports: Engine) -> None:
    assert "over" not in reports.index.expand("cover")  # "cover" is a word of its own
    assert "grain" in reports.index.expand("grian")
    top = reports.ask("Who said farmers would bring twice as much grian?").answers[0]
    assert top.speaker == HOLM


def test_a_preposition_of_several_words_is_no_topic(westland: Engine) -> None:
    query = parse(
        "How did Erik Sand describe the grain trade in terms of prices?", westland.index.matcher
    )
    assert "terms" not in query.terms
    assert {"grain", "trade", "prices"} <= set(query.terms)
