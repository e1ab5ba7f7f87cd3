"""Each stage of attribution alone, on made-up text: the lexicon (speech acts from WordNet),
names and titles, people found by the text, institutions, seats of power, salience, every
transcript form, speech over paragraphs, nested speech, the per-rule report, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from visitbot.attribution.cues import verb_class
from visitbot.attribution.institutions import organisations
from visitbot.attribution.lexical import WordNetMissing, _derive, _shipped, wordnet_dir
from visitbot.attribution.names import given_name_gender, is_title_word, split_run
from visitbot.attribution.people import introductions
from visitbot.attribution_score import read_truth, score
from visitbot.corpus import read_document
from visitbot.engine import Engine
from visitbot.models import Kind


def load(tmp_path: Path, body: str, title: str = "Talks in Vik", url: str = "") -> Engine:
    front = f"---\ntitle: {title}\ndate: 2025-03-14\n{f'url: {url}' if url else ''}\n---\n"
    (tmp_path / "a.txt").write_text(front + body.strip() + "\n", encoding="utf-8")
    return Engine.load(tmp_path / "a.txt", cache=False)


def said(engine: Engine) -> dict[int, set[str | None]]:
    found: dict[int, set[str | None]] = {}
    for statement in engine.statements:
        found.setdefault(statement.paragraph, set()).add(statement.speaker)
    return found


# --- 1. the lexicon: speech acts from WordNet -----------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("said", "speech"),
        ("quipped", "speech"),
        ("emphasised", "speech"),  # British spelling of a WordNet verb
        ("thanked", "speech"),
        ("believes", "clausal"),  # a view: a statement only with a clause
        ("discussed", "joint"),  # two parties' act
        ("signed", "joint"),
        ("extended", "message"),  # a speech act only with something expressed
        ("visited", None),
        ("say", None),  # the bare form is as often a noun's ("a say in")
    ],
)
def test_speech_verbs_come_from_wordnet(word: str, kind: str | None) -> None:
    assert verb_class(word) == kind


def test_the_shipped_lexicon_is_what_wordnet_gives_today() -> None:
    """The package ships the lexicon derived from WordNet (make lexicon): a rule changed without
    writing it again would leave every machine with the old lexicon."""
    try:
        folder = wordnet_dir()
    except WordNetMissing as missing:
        pytest.skip(str(missing))
    shipped = _shipped()
    assert shipped is not None, "the shipped lexicon predates LEXICAL_VERSION: make lexicon"
    assert shipped == json.loads(json.dumps(_derive(folder))), "stale: make lexicon"


# --- 2. names and titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "opening", "title", "name"),
    [
        (
            "Northian State Councillor Tarn Vell",
            False,
            ("Northian", "State", "Councillor"),
            ("Tarn", "Vell"),
        ),
        ("Deputy Premier Oskar Lind", False, ("Deputy", "Premier"), ("Oskar", "Lind")),
        ("Ambassador Kiro Das", False, ("Ambassador",), ("Kiro", "Das")),
        ("President Hu", False, ("President",), ("Hu",)),  # two letters after a title: a name
        ("Then Sand", True, ("Then",), ("Sand",)),  # an adverb that opens the sentence
        ("Office Lin Bo", False, ("Office",), ("Lin", "Bo")),
        ("Chinese President", False, ("Chinese", "President"), ()),
    ],
)
def test_a_run_splits_into_title_and_name(
    run: str, opening: bool, title: tuple[str, ...], name: tuple[str, ...]
) -> None:
    split = split_run(run.split(), sentence_start=opening)
    assert (split.title, split.name) == (title, name)


def test_titles_and_given_names_come_from_lexical_resources() -> None:
    assert is_title_word("Councillor") and is_title_word("Secretary-General")
    assert is_title_word("Mr.") and is_title_word("President-elect")
    assert not is_title_word("Kremlin") and not is_title_word("Foreign")
    assert given_name_gender("Anna") == "she" and given_name_gender("Erik") == "he"
    assert given_name_gender("Vell") is None


def test_people_found_by_the_text_itself(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Talks in Vik\n2025-03-14\n"
        "Northian State Councillor Tarn Vell met Ambassador Kiro Das in Vik.\n"
        "Mira Holt, the president-elect of Eastria, joined them later.\n"
        "Vell said the talks went well.\n",
        encoding="utf-8",
    )
    found = {i.name: i for i in introductions(read_document(tmp_path / "a.txt"))}
    assert set(found) >= {"Tarn Vell", "Kiro Das", "Mira Holt"}
    assert "Northian State Councillor" in found["Tarn Vell"].roles
    assert "State Councillor" in found["Tarn Vell"].titles
    assert "Vell" in found["Tarn Vell"].aliases  # the article uses it alone
    assert any("president-elect of Eastria" in r for r in found["Mira Holt"].roles)
    assert found["Mira Holt"].pronoun == "she"


def test_a_name_with_no_title_is_a_person_by_the_speech_verb_after_it(tmp_path: Path) -> None:
    # No title, no given name the dictionary knows: only "said.", sentence stop and all.
    engine = load(tmp_path, "“The corridor opens in May,” Tarn Vell said.\n")
    assert said(engine) == {1: {"tarn-vell"}}


def test_family_name_first_and_short_names(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Premier Lin Bo received Ambassador Kiro Das on Friday.\n"
        "Cooperation in energy will deepen in the coming years, Lin said.\n"
        "“We are ready to open two consulates,” Das said.\n",
    )
    assert said(engine) == {2: {"lin-bo"}, 3: {"kiro-das"}}


# --- 3. institutions and seats of power ------------------------------------------------------


def test_institutions_from_group_nouns_and_acronyms() -> None:
    texts = [
        "In a post by the Northian Trade Promotion Unit (NTPU), the plan was published.",
        "The NTPU announced new rules. The Vik News Agency reported it.",
        "The Eastrian Ministry of Energy said the grid was ready; the UN estimates growth.",
        "Delegates of the United Nations met in Vik.",
    ]
    names = {name: aliases for name, aliases, _ in organisations(texts)}
    assert "Northian Trade Promotion Unit (NTPU)" in names
    assert "NTPU" in names["Northian Trade Promotion Unit (NTPU)"]
    assert "United Nations" in names and "UN" in names["United Nations"]
    assert not any("News Agency" in name for name in names)  # the press is no speaker


def test_an_institution_speaks_but_a_news_agency_only_reports(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "The Northian Trade Promotion Unit (NTPU) opened an office in Vik.\n"
        "“Exports will double within five years,” the NTPU announced.\n"
        "The port will open in May, the Vik Times reported.\n",
    )
    found = said(engine)
    speaker = engine.people[next(iter(found[2]))]
    assert speaker.institution and speaker.name == "Northian Trade Promotion Unit (NTPU)"
    assert 3 not in found


def test_a_seat_of_power_names_the_president_the_document_names(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Russian President Ivan Orlov met Westland President Erik Sand in Moscow.\n"
        "The Kremlin said the talks were constructive and would continue in June.\n",
    )
    assert said(engine)[2] == {"ivan-orlov"}
    other = load(tmp_path, "The Kremlin said the talks were constructive and would go on.\n")
    assert said(other).get(1, {None}) == {None}  # no Russian president named: no one to name


# --- 4. salience -------------------------------------------------------------------------------


WESTLAND = "President of Westland Erik Sand received President of Eastria Oskar Dune in Vik.\n"


def test_a_pronoun_means_the_topic_speaker_not_the_last_name_printed(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“Our ports are ready for the new cargo,” Dune told Erik Sand.\n"
        + "“The first ships will come in May,” he added.\n",
    )
    assert said(engine)[3] == {"oskar-dune"}  # Sand, the object, does not take the topic over


def test_a_speaker_nobody_knows_becomes_the_topic(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“The border will open in spring,” said Erik Sand.\n"
        + "Customs will need new staff, said a senior official at the ministry.\n"
        + "According to him, two hundred people will be hired.\n",
    )
    found = said(engine)
    assert found[2] == {"erik-sand"}
    assert found.get(4, {None}) == {None}  # "him" is the official, not Sand


def test_a_titled_stranger_takes_the_topic_from_the_last_speaker(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "President Erik Sand met the visiting Prime Minister of Westland.\n"
        + "President Sand said the talks went well.\n"
        + "For his part, Prime Minister Key called the attacks “an act of terror” which shows "
        + "“no country is safe.” He thanked Eastria for the reception.\n"
        + "President Sand arrived in Vik later. He said the port was ready.\n"
        + "Mr. Sand waved to the cameras and nodded.\n",
    )
    found = said(engine)
    # "Key" is a word, so no person: but "he" after him is not Sand either
    assert "erik-sand" not in found[3]
    assert found[4] == {"erik-sand"}
    assert 5 not in found  # waving and nodding are gestures, no words


def test_for_his_part_moves_the_topic(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "Erik Sand thanked the guest for the visit.\n"
        + "For his part, Oskar Dune invited Sand to visit Eastria in autumn.\n"
        + "He also proposed a joint railway company.\n",
    )
    assert said(engine)[4] == {"oskar-dune"}


def test_in_its_own_press_the_head_of_state_is_the_countrys_leader(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Kazakh President Arman Bekov received Uzbek President Timur Rasulov in Astana.\n"
        "The two presidents discussed water and energy.\n"
        "The Head of State noted that trade had grown by a third.\n",
        url="https://example.kz/news/1",
    )
    assert said(engine)[3] == {"arman-bekov"}


# --- 5. transcripts ------------------------------------------------------------------------------


def test_every_transcript_and_question_form(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "SECRETARY SAND: Welcome to Vik.\n"
        + "Nordberg, Vik Daily: Will the border open soon?\n"
        + "Is there a date for it?\n"
        + "President Dune. We hope so, this year.\n"
        + "2. Energy\n"
        + "Erik Sand says: The grid is ready.\n"
        + "“And the prices will fall.\n",
    )
    found = said(engine)
    assert found[2] == {"erik-sand"}  # a label in capitals
    assert 3 not in found and 4 not in found  # a journalist's question, and its continuation
    assert found[5] == {"oskar-dune"}  # a label ending in a full stop
    assert 6 not in found  # a topic heading between turns
    assert found[7] == {"erik-sand"} and found[8] == {"erik-sand"}  # "X says:" and its run


def test_a_label_several_people_may_hold_is_no_ones(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Finland's Prime Minister Erik Sand told reporters as he and President Kallas ended "
        + "their meeting that trade would grow.\n"
        + "Kallas said earlier he was asked about the proposal of President Oskar Dune.\n"
        + "Q: Mr. President, has Mr. Sand agreed to the plan?\n"
        + "THE PRESIDENT: Based on what President Dune said last night, I think that he "
        + "would agree with that, too.\n"
        + "PRIME MINISTER SAND: Yes, we agreed.\n",
    )
    found = said(engine)
    assert 3 not in found  # a question reports no one's words
    # "THE PRESIDENT" may be Kallas or Dune: the turn is no one's, and what Dune "said"
    # there, or "would" do, gives no words of his.
    assert 4 not in found
    assert found[5] == {"erik-sand"}


def test_a_briefings_answers_are_its_headlines_person(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Q: Port Council Director Anna Holm said trade with Westland grew. Comment?\n"
        + "A: We have noted the reports. Trade with Westland is growing fast.\n"
        + "We welcome it.\n"
        + "Q: Will the ferry open in May?\n"
        + "A: Good afternoon, ladies and gentlemen. Yes, in May.\n",
        title="Foreign Ministry Spokesperson Erik Gang's Regular Press Conference on May 5",
    )
    people = {p.id: p for p in engine.index.people.values() if p.learned}
    assert not people["erik-gang"].institution  # "gang" is a group noun, not here
    assert not any("gentlemen" in r for p in people.values() for r in p.roles)
    found = said(engine)
    assert found[1] == {"anna-holm"}  # a named person's words reported in a question
    assert found[2] == found[3] == found[5] == {"erik-gang"}
    assert 4 not in found


def test_a_label_in_capitals_names_a_person_whose_name_is_also_a_word(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "PRESIDENT BUSH: Thank you all for coming.\n"
        + "We had a good talk.\n"
        + "PRESIDENT KALLAS: Thank you, George.\n",
    )
    names = {p.name for p in engine.index.people.values() if p.learned}
    assert "Bush" in names and "PRESIDENT BUSH" not in names
    assert said(engine)[1] == said(engine)[2] == {"bush"}


# --- 6. speech over paragraphs and inside others' words ----------------------------------------


def test_x_said_then_dash_and_plain_paragraphs(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "President Erik Sand said:\n"
        + "– Dear friends, welcome.\n"
        + "We are glad to see you in Vik again and we will sign the rail treaty today.\n"
        + "The guests then toured the port.\n",
    )
    found = said(engine)
    assert found[2] == found[3] == found[4] == {"erik-sand"}
    assert 5 not in found  # narrative in the third person ends the speech


def test_a_speaker_named_last_after_a_verb_first_clause(tmp_path: Path) -> None:
    # Agency copy translated word for word: the verb opens its clause, the speaker ends
    # the sentence, set off by a comma.
    engine = load(
        tmp_path,
        WESTLAND
        + "The two presidents may meet in Rauma in May to discuss grain and ports, told "
        + "reporters on the sidelines of a forum in Vik, the President of Eastria Oskar Dune.\n"
        + "The two presidents may meet in Rauma in May to discuss grain and ports, told "
        + "reporters on the sidelines of a forum in Vik, a diplomat and Oskar Dune.\n",
    )
    found = said(engine)
    [statement] = [s for s in engine.statements if s.paragraph == 2]
    assert statement.speaker == "oskar-dune" and statement.rule == "comma cue"
    assert found.get(3, {None}) == {None}  # two people at the end: no one's words


def test_what_a_title_is_of_stands_between_it_and_its_verb(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Erik Sand, Deputy Chairman, Port Council of Finland, visited Vik.\n"
        + "The Deputy Chairman of the Port Council of Finland also emphasized the importance "
        + "of trade.\n",
    )
    assert said(engine)[2] == {"erik-sand"}


def test_a_named_speaker_inside_a_quote_is_theirs_too(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“I understand when President Dune says that Eastria needs a port,” Sand said.\n",
    )
    found = said(engine)
    assert found[2] == {"erik-sand", "oskar-dune"}
    nested = [s for s in engine.statements if s.speaker == "oskar-dune"]
    assert nested and nested[0].kind is Kind.REPORTED and nested[0].rule == "nested"


def test_a_pronoun_inside_a_quote_is_the_one_person_the_quote_named(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“I met President Dune last week. He proposed that we meet in Rauma,” Sand said.\n"
        + "“He proposed that we meet in Rauma,” Sand said.\n"
        + "“Dune and Holm called me. He proposed that we meet in Rauma,” Sand said.\n",
    )
    found = said(engine)
    assert found[2] == {"erik-sand", "oskar-dune"}
    [nested] = [s for s in engine.statements if s.speaker == "oskar-dune"]
    assert nested.rule == "nested pronoun" and nested.text.startswith("He proposed")
    # A quote that names no one before the pronoun, or two people, leaves it to no one.
    assert found[3] == found[4] == {"erik-sand"}


def test_a_pronoun_in_a_reported_sentence_is_its_reporter_not_someone_named_there(
    tmp_path: Path,
) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "Anna Holm was the second guest to meet the Eastrian President. Speaking to the "
        + "press, after meeting President Dune, he said they are working for peace.\n",
    )
    assert "oskar-dune" not in said(engine).get(2, set())


def test_a_relative_clause_inside_reported_words_is_its_subjects(tmp_path: Path) -> None:
    # "the delegation of" is no modifier of the title that follows (it once hid Dune).
    engine = load(
        tmp_path,
        WESTLAND + "Sand thanked the delegation of President Oskar Dune, who said that the "
        "port would open in May.\n",
    )
    assert said(engine)[2] == {"erik-sand", "oskar-dune"}


def test_the_source_of_a_report_speaks_in_its_sentence_too(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND + "Sand thanked Dune for the visit, the Westland Foreign Ministry said.\n",
    )
    speakers = {engine.people[p].name for p in said(engine)[2] if p}
    assert speakers == {"Erik Sand", "Westland Foreign Ministry"}


def test_a_quoted_phrase_is_part_of_the_sentence_that_reports_it(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND + "Sand explained that “it will not be easy” for the port to open before May.\n",
    )
    [statement] = [s for s in engine.statements if s.paragraph == 2]
    assert statement.speaker == "erik-sand" and statement.kind is Kind.REPORTED
    assert statement.text.endswith("before May.") and statement.rule == "partial quote"


# --- 7. precision and the report per rule ------------------------------------------------------


def test_joint_acts_and_joint_subjects_are_no_ones(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "Erik Sand and Oskar Dune noted the growth of trade between the two countries.\n"
        + "Erik Sand signed the treaty on behalf of Westland in the palace.\n"
        + "The presidents stressed the importance of the new railway.\n",
    )
    assert said(engine) == {}


def test_the_report_credits_each_rule(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“Our ports are ready,” said Erik Sand.\n"
        + "Oskar Dune stressed that the railway would open in May.\n",
    )
    truth = tmp_path / "truth.md"
    truth.write_text(
        "### a\n- ¶2 quote → Erik Sand\n- ¶3 reported → Oskar Dune\n- ¶1 x → journalist\n",
        encoding="utf-8",
    )
    result = score(engine, read_truth(truth, engine))
    assert (result.right, result.found, result.expected) == (2, 2, 2)
    assert result.rules["quote, cue after"] == (1, 0, 0)
    assert result.rules["speech act"] == (1, 0, 0)


@pytest.mark.parametrize(
    "body",
    [
        "Erik Sand:\n" * 1000,
        " ".join(["Vell"] * 200) + " said the talks went well.\n",
        "He said she said he added she noted he told her.\n" * 3,
        "“" * 50 + "\n" + "– " * 100 + "\n",
    ],
)
def test_hostile_text_breaks_nothing(tmp_path: Path, body: str) -> None:
    engine = load(tmp_path, WESTLAND + body)
    document = engine.documents[0]
    for statement in engine.statements:
        text = document.paragraphs[statement.paragraph - 1].text
        assert text[statement.start : statement.end] == statement.text


# --- precision on conventions met in press from elsewhere -------------------------------------


def test_a_subject_with_a_relative_clause_and_no_first_comma(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "President Dune who himself came from a village, said President Sand as a man from "
        + "a village serves his people well.\n"
        + "He said the two countries should meet more often.\n"
        + "President Sand was warmly welcomed by President Dune at the palace.\n",
    )
    found = said(engine)
    assert found[2] == found[3] == {"oskar-dune"}
    assert 4 not in found  # a welcome in the passive says nothing of Dune's


def test_names_inside_a_relative_clause_are_not_the_subject(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "Westland's press secretary Lina Odo, who was asked how President Dune sees the "
        + "treaty, said Vik would like to see Eastria as a partner.\n",
    )
    assert said(engine)[2] == {"lina-odo"}


def test_a_day_after_a_name_is_no_part_of_it_and_counterparts_have_a_country(
    tmp_path: Path,
) -> None:
    engine = load(
        tmp_path,
        "President Erik Sand and his Finnish counterpart Oskar Dune Saturday agreed to work "
        + "together for peace.\n"
        + "During the meeting, President Sand welcomed President Dune and said the ties were "
        + "close.\n"
        + "Finnish president also expressed his gratitude for the warm welcome.\n",
    )
    people = {p.id: p for p in engine.index.people.values() if p.learned}
    assert "oskar-dune" in people and "Finnish counterpart" in people["oskar-dune"].roles
    # Not the topic (Sand): the country before the title names the other president.
    assert said(engine)[3] == {"oskar-dune"}


def test_an_apposition_then_an_auxiliary_before_the_verb(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Erik Sand, President of Finland, has expressed condolences to the families of the "
        + "victims of the storm in Vik.\n",
    )
    assert said(engine)[1] == {"erik-sand"}


def test_a_lower_case_title_of_a_country_before_a_name(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "Prime Minister Erik Sand hosted newly accredited ambassador of Laos Anna Holm.\n",
    )
    people = {p.id: p for p in engine.index.people.values() if p.learned}
    assert "ambassador of Laos" in people["anna-holm"].roles
    assert "Lao ambassador" in people["anna-holm"].roles  # as a question may name her


def test_a_counterpart_holds_the_office_of_whose_counterpart_they_are(tmp_path: Path) -> None:
    engine = load(
        tmp_path,
        "President Erik Sand on Friday met his US counterpart Joe Vance to discuss trade.\n"
        + "Vance welcomed him to the White House, I have been waiting for this all year.\n",
    )
    people = {p.id: p for p in engine.index.people.values() if p.learned}
    assert "President" in people["joe-vance"].titles
    assert "US President" in people["joe-vance"].roles
    # what follows a comma after an institution is a new clause, not its title
    assert all("waiting" not in r for p in people.values() for r in p.roles)


def test_a_new_sentence_after_a_quote_that_ends_its_own_does_not_sign_it(
    tmp_path: Path,
) -> None:
    engine = load(
        tmp_path,
        WESTLAND
        + "“Our ports are ready,” Dune said.\n"
        + "He said both sides should work to make the visit “quick and safe.” Sand conveyed "
        + "greetings to Dune, saying the people of Westland wait for him.\n",
    )
    statements = [s for s in engine.statements if s.paragraph == 3]
    quoted = [s for s in statements if "quick and safe" in s.text]
    assert quoted and all(s.speaker == "oskar-dune" for s in quoted)
