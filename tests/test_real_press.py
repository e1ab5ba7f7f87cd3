"""Conventions of real press, on made-up articles: transcripts, cue clauses anywhere, speech
over several paragraphs, every quote style, roles of any country, one person across spellings,
and precision when the text does not settle who spoke."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitbot.attribution.identity import same_spelling
from visitbot.attribution.marks import quote_spans
from visitbot.engine import Engine
from visitbot.models import Kind, Statement

SAND, HOLM, BERG, DUNE = "erik-sand", "anna-holm", "lena-berg", "oskar-dune"


def load(tmp_path: Path, body: str, title: str = "Talks in Vik", name: str = "a.txt") -> Engine:
    (tmp_path / name).write_text(f"{title}\n2025-03-14\n{body.strip()}\n", encoding="utf-8")
    return Engine.load(tmp_path / name if name == "a.txt" else tmp_path, cache=False)


def by_paragraph(engine: Engine) -> dict[int, list[Statement]]:
    found: dict[int, list[Statement]] = {}
    for statement in engine.statements:
        found.setdefault(statement.paragraph, []).append(statement)
    return found


def speakers(engine: Engine) -> dict[int, set[str | None]]:
    return {n: {s.speaker for s in said} for n, said in by_paragraph(engine).items()}


WESTLAND_HOSTS = (
    "President of Westland Erik Sand received President of Eastria Oskar Dune in Vik.\n"
)


# --- 1. transcripts -------------------------------------------------------------------------


def test_transcript_turns_run_until_the_next_label(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Transcript of the opening remarks:\n"
        "President of Westland Erik Sand: Dear friends, welcome to Vik.\n"
        "Our grain trade doubled last year, and Oskar Dune knows how hard our farmers worked.\n"
        "(Applause.)\n"
        "President of Eastria Oskar Dune (through an interpreter): Thank you, Mr President.\n"
        "We came to sign the rail agreement.\n"
        "E. Sand: Then let us sign it today.\n"
        "Question: Will the border open soon?\n"
        "This paragraph follows a question label and belongs to no known speaker.\n",
    )
    found = speakers(engine)
    assert 1 not in found  # a heading ending in a colon is no turn
    assert found[2] == {SAND} and found[3] == {SAND}  # a name inside a turn changes nothing
    assert 4 not in found  # a stage note is not speech
    assert found[5] == {DUNE} and found[6] == {DUNE}
    assert found[7] == {SAND}  # "E." fits Erik
    assert 8 not in found and 9 not in found  # an unknown label ends the turn
    [turn] = by_paragraph(engine)[2]
    assert turn.kind is Kind.QUOTE and turn.text == "Dear friends, welcome to Vik."


def test_an_initial_that_does_not_fit_is_no_label(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "Erik Sand: We are glad to host you.\n"
        + "Oskar Dune: We are glad to be here.\n"
        + "K. Sand: This is someone else entirely.\n",
    )
    found = speakers(engine)
    assert found[2] == {SAND} and found[3] == {DUNE}
    assert found.get(4, {None}) == {None}


def test_a_lone_label_attributes_its_own_paragraph_only(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "Erik Sand: The corridor will open in spring.\n"
        + "The two delegations then visited the new port terminal on the river.\n",
    )
    found = speakers(engine)
    assert found[2] == {SAND}
    assert 3 not in found


@pytest.mark.parametrize(
    "body",
    [
        "Erik Sand:\nOskar Dune:\nErik Sand:\n",  # every paragraph a label, nothing after it
        "Erik Sand: \nOskar Dune: Yes.\n",
        "Erik Sand: " + "word " * 10_000 + "\n",
    ],
)
def test_odd_transcripts_break_nothing(tmp_path: Path, body: str) -> None:
    engine = load(tmp_path, WESTLAND_HOSTS + body)
    for statement in engine.statements:
        text = engine.documents[0].paragraphs[statement.paragraph - 1].text
        assert text[statement.start : statement.end] == statement.text


# --- 2. cue clauses anywhere -------------------------------------------------------------------


def test_trailing_inserted_and_leading_cues(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "The rail corridor will carry ten million tonnes a year, Sand said.\n"
        + "Grain exports will double by 2030, said President Dune during talks with Erik Sand.\n"
        + "Twenty years ago, Dune said, the two countries traded almost nothing at all.\n"
        + "“Our ports are ready for the new cargo,” Sand told Dune.\n"
        + "Noting the rise in trade, Erik Sand said that the new bridge would open in May.\n"
        + "According to him, the bridge will cut the journey by two hours.\n",
    )
    found = speakers(engine)
    assert found[2] == {SAND}  # "…, Sand said."
    assert found[3] == {DUNE}  # "…, said President Dune during talks with Erik Sand."
    assert found[4] == {DUNE}  # "…, Dune said, …" inserted mid-sentence
    assert found[5] == {SAND}  # "“…,” Sand told Dune." — the one before the verb
    assert found[6] == {SAND}
    assert found[7] == {SAND}  # "According to him" → the current subject


def test_split_quote_and_two_speakers_in_one_paragraph(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "“We will build the bridge,” Sand said, “and we will build it on time.”\n"
        + "“Eastria will pay half of its cost,” Dune replied. "
        + "“Then we agree on everything,” said Erik Sand.\n",
    )
    paragraphs = by_paragraph(engine)
    assert {s.speaker for s in paragraphs[2]} == {SAND} and len(paragraphs[2]) == 2
    assert [s.speaker for s in paragraphs[3]] == [DUNE, SAND]


def test_lowercase_roles_and_asides(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Prime Minister of Northia Lena Berg met Westland business leaders in Vik.\n"
        "The new plant will employ four hundred people, the prime minister said.\n"
        "Lena Berg, in clear terms, said that no tariffs would be raised this year.\n",
    )
    found = speakers(engine)
    assert found[2] == {BERG} and found[3] == {BERG}


# --- 3. speech over several paragraphs ---------------------------------------------------------


def test_open_quote_continues_until_its_cue(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "“We have waited for this railway for thirty years and we are ready to build it.\n"
        + "“The first trains will run next spring between Vik and the eastern border.\n"
        + "“Nothing will stop us now,” Sand said.\n",
    )
    assert speakers(engine) == {2: {SAND}, 3: {SAND}, 4: {SAND}}


def test_colon_introduces_the_speech_paragraphs_after_it(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "At the press conference Oskar Dune said:\n"
        + "“Eastria and Westland share a river, a border and a long common history.”\n"
        + "“Today we open a new chapter of that history with the rail agreement.”\n"
        + "“We will sign the water treaty next year,” Sand added.\n",
    )
    found = speakers(engine)
    assert found[3] == {DUNE} and found[4] == {DUNE}
    assert found[5] == {SAND}


def test_dash_run_takes_the_cue_of_its_last_paragraph(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "– We have been partners for many years and we trust each other completely.\n"
        + "– This visit is the proof of that trust, Oskar Dune said.\n",
    )
    assert speakers(engine) == {2: {DUNE}, 3: {DUNE}}


def test_dialogue_of_dashes_is_not_one_speech(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "– Will the border open this year? – asked Oskar Dune.\n"
        + "– It depends on many things that are not in our hands.\n"
        + "– Then we will wait, – Erik Sand said.\n",
    )
    found = speakers(engine)
    assert found[2] == {DUNE} and found[4] == {SAND}
    assert found[3] == {None}  # the answer between two cued turns is nobody's guess


def test_a_quote_never_closed_at_the_end_breaks_nothing(tmp_path: Path) -> None:
    engine = load(tmp_path, WESTLAND_HOSTS + "“We will go on, and on, and on without end\n")
    [statement] = engine.statements
    assert statement.speaker is None and statement.text.startswith("We will go on")


# --- 4. quote styles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("«Мы готовы», – сказал он.", ["Мы готовы"]),
        ("„Wir sind bereit“, sagte er.", ["Wir sind bereit"]),
        ("He called it ‘a good start’ and didn’t say more.", ["a good start"]),
        ('“Mixed marks end here," he said.', ["Mixed marks end here,"]),
        ('No opening mark here," he said.', ["No opening mark here,"]),
        ("“Quote with ‘inner’ words,” she said.", ["Quote with ‘inner’ words,"]),
        ("Kazakhstan’s leaders’ plans don’t change.", []),
    ],
)
def test_quote_styles(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e, _, _ in quote_spans(text)] == quoted


def test_titles_and_slogans_in_marks_are_not_speech(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "The leaders toured the “Bridges of the North” exhibition and the «Silk Way» museum.\n",
    )
    assert list(engine.statements) == []


# --- 5. roles of any country ------------------------------------------------------------------


def test_country_roles_from_every_spelling_of_the_country(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Belarus President Ivan Petrov met Kazakhstan President Arman Bekov in Minsk.\n"
        "The Belarusian head of state believes that trade will grow by a third this year.\n"
        "“We trust our partners in Astana completely,” the Belarusian leader said.\n"
        "“Kazakhstan is ready to buy more machinery,” said the Kazakh President.\n",
        title="Meeting of two presidents",
    )
    found = speakers(engine)
    assert found[2] == {"ivan-petrov"} and found[3] == {"ivan-petrov"}
    assert found[4] == {"arman-bekov"}


def test_a_registry_title_never_reaches_into_an_article_about_someone_else(tmp_path: Path) -> None:
    # The shipped registry calls Tokayev "the Head of State"; here two other presidents meet.
    engine = load(
        tmp_path,
        "President of Westland Erik Sand met President of Eastria Oskar Dune in Vik.\n"
        "“We will open the border to all trucks next spring,” said the head of state.\n",
    )
    assert speakers(engine) == {2: {None}}


def test_a_title_two_people_hold_is_the_subject_only_when_no_other_is_about(
    tmp_path: Path,
) -> None:
    engine = load(
        tmp_path,
        "Presidents of Westland and Eastria met in Vik.\n"
        "Welcoming his guest, Erik Sand noted the importance of the visit.\n"
        "“Our countries have never been closer,” said the President.\n"
        "Oskar Dune thanked Erik Sand for the welcome.\n"
        "“We will meet again in autumn in the eastern capital,” said the President.\n",
        title="President of Westland Erik Sand received President of Eastria Oskar Dune",
    )
    found = speakers(engine)
    assert found[3] == {SAND}  # only Sand is about
    assert found[5] == {None}  # both were just named: no guess


def test_the_latter_and_joint_statements(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "Erik Sand and Oskar Dune laughed after the latter said that the talks went well.\n"
        + "The sides discussed transport and energy.\n"
        + "The presidents noted the growth of trade.\n",
    )
    assert speakers(engine) == {2: {DUNE}}


# --- 6. one person across documents and spellings ------------------------------------------


def test_spellings_of_one_person_merge_across_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Talks in Vik\n2025-03-14\n"
        "Eastrian President Aleksandr Lukovich met traders in Vik.\n"
        "“Trade will double,” said Aleksandr Lukovich.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Talks in Nor\n2025-04-02\n"
        "Eastrian President Alyaksandr Lukovych opened the fair.\n"
        "“The fair is open to all,” said Alyaksandr Lukovych.\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text(
        "Talks in Sor\n2025-05-02\n"
        "A farmer sold grain at the market in Sor town on Friday morning.\n"
        "“Prices are good this year,” said Aleksandr Lukovic.\n",
        encoding="utf-8",
    )
    engine = Engine.load(tmp_path, cache=False)
    merged = [p for p in engine.people.values() if "Alyaksandr Lukovych" in p.spellings]
    assert len(merged) == 1
    person = merged[0]
    said = {(s.document_id, s.speaker) for s in engine.statements if s.speaker}
    assert ("a", person.id) in said and ("b", person.id) in said
    answers = engine.ask("What did Lukovych say about the fair?").answers
    assert answers and answers[0].document.id == "b"
    # no role or country in common: a namesake in c.txt stays someone else
    assert all(s.speaker != person.id for s in engine.statements if s.document_id == "c")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kassym-Jomart Tokayev", "Qasym-Zhomart Toqaev", True),
        ("Emomali Rahmon", "Emomali Rakhmon", True),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan", True),
        ("Ilham Aliyev", "Heydar Aliyev", False),
        ("Erik Sand", "Erik Sandberg", False),
    ],
)
def test_same_spelling(a: str, b: str, same: bool) -> None:
    assert same_spelling(a, b) is same


def test_a_dotted_abbreviation_does_not_end_a_sentence(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Addressing reporters beside U.S. President Tom Hale, Westland President "
        "Erik Sand emphasized that both countries were strategic partners.\n",
    )
    [statement] = engine.statements
    assert statement.speaker == SAND and statement.text.startswith("Addressing")


def test_an_interviewers_dash_led_question_is_not_the_answerers(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND_HOSTS
        + "– Mr President, how do you assess the results of the talks with your guest?\n"
        + "– Very positively, we agreed on the railway and on the grain trade, – Erik Sand said.\n",
    )
    found = speakers(engine)
    assert found[2] == {None} and found[3] == {SAND}
