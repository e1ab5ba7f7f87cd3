"""Who said what: hand-written ground truth for the built-in article, and unseen articles."""

from __future__ import annotations

from visitbot.engine import Engine
from visitbot.models import Kind

TOKAYEV = "kassym-jomart-tokayev"
XI = "xi-jinping"

# (paragraph, kind, speaker, first words, last words) — read off the article by hand.
GROUND_TRUTH = [
    (
        4,
        Kind.REPORTED,
        TOKAYEV,
        "At the beginning of the negotiations",
        "invitation to visit Kazakhstan.",
    ),
    (5, Kind.QUOTE, TOKAYEV, "I believe that your visit", "for the benefit of our peoples"),
    (6, Kind.REPORTED, TOKAYEV, "Kassym-Jomart Tokayev highly appreciated", "in all areas."),
    (7, Kind.QUOTE, TOKAYEV, "China is not just a good neighbor", "from year to year"),
    (
        8,
        Kind.REPORTED,
        XI,
        "In turn, President Xi Jinping expressed",
        "warm welcome on Kazakh land.",
    ),
    (9, Kind.QUOTE, XI, "Dear Mr. President, my dear friend!", "a reliable support for Kazakhstan"),
]


def test_every_statement_of_paragraphs_4_to_9(engine: Engine) -> None:
    found = [
        (s.paragraph, s.kind, s.speaker, s.text) for s in engine.statements if 4 <= s.paragraph <= 9
    ]
    assert len(found) == len(GROUND_TRUTH)
    for (paragraph, kind, speaker, text), (p, k, who, first, last) in zip(
        found, GROUND_TRUTH, strict=True
    ):
        assert (paragraph, kind, speaker) == (p, k, who)
        assert text.startswith(first)
        assert text.endswith(last)


def test_narrative_paragraphs_have_no_statements(engine: Engine) -> None:
    assert {s.paragraph for s in engine.statements} == {4, 5, 6, 7, 8, 9}


def test_statement_text_is_a_verbatim_slice_with_offsets(engine: Engine) -> None:
    document = engine.documents[0]
    for statement in engine.statements:
        paragraph = document.paragraphs[statement.paragraph - 1].text
        assert paragraph[statement.start : statement.end] == statement.text


def test_object_of_a_sentence_is_not_its_speaker(engine: Engine) -> None:
    # ¶8 names Tokayev ("the Head of our state") as the one thanked; Xi is the speaker.
    [eighth] = [s for s in engine.statements if s.paragraph == 8]
    assert eighth.speaker == XI


def test_unseen_article_learns_names_and_roles(westland: Engine) -> None:
    people = {p.id: p for p in westland.people.values()}
    assert "erik-sand" in people and "anna-holm" in people
    assert "President of Westland" in people["erik-sand"].roles
    assert "Westland leader" in people["erik-sand"].roles
    assert "Minister of Trade of Eastria" in people["anna-holm"].roles
    by_paragraph = {(s.paragraph, s.kind): s for s in westland.statements}
    assert (
        by_paragraph[(3, Kind.QUOTE)].speaker == "erik-sand"
    )  # "– …, – the Westland leader said."
    assert by_paragraph[(4, Kind.REPORTED)].speaker == "anna-holm"  # "Anna Holm thanked …"
    assert by_paragraph[(5, Kind.QUOTE)].speaker == "anna-holm"  # "…,” the minister noted."
    assert by_paragraph[(6, Kind.QUOTE)].speaker == "erik-sand"  # "…,” said Erik Sand."


def test_a_pronoun_means_the_one_recent_speaker_it_fits(westland: Engine) -> None:
    # "she added" right after Sand (Erik: a man's name) and Holm (Anna: a woman's) spoke.
    [seventh] = [s for s in westland.statements if s.paragraph == 7]
    assert seventh.kind is Kind.QUOTE
    assert seventh.speaker == "anna-holm"


def test_a_pronoun_two_recent_people_fit_stays_unattributed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "Talks in Vik\n2025-03-14\n"
        "Minister of Trade of Eastria Anna Holm met Minister of Energy of Westland Lena Berg.\n"
        "“Our ports are ready,” said Anna Holm. “Our grid is ready too,” said Lena Berg.\n"
        "“The rail link comes next,” said Erik Sand.\n"
        "“We will build it together,” she added.\n",
        encoding="utf-8",
    )
    speakers = {s.paragraph: s.speaker for s in Engine.load(article, cache=False).statements}
    assert speakers[3] == "erik-sand"
    assert speakers[4] is None  # the topic is a man; two women spoke just before


def test_action_verbs_and_scare_quotes_are_not_statements(westland: Engine) -> None:
    paragraphs = {s.paragraph for s in westland.statements}
    assert 2 not in paragraphs  # "Erik Sand welcomed the guest" is an act, not speech
    assert 8 not in paragraphs  # the “silicon valley of the north” is a name, not a quote


def test_role_and_pronoun_in_metadata_article(northia: Engine) -> None:
    statements = {s.paragraph: s for s in northia.statements}
    assert statements[2].speaker == "lena-berg"  # "…,” the Prime Minister said."
    assert statements[3].speaker == "lena-berg"  # "She also noted that …"
    assert statements[3].kind is Kind.REPORTED
    assert statements[4].speaker == "tom-aas"  # "Engineer Tom Aas explained how …"


def test_generic_title_words_are_not_people(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "Talks\n2025-01-02\n"
        "Head of the Agency Erik Sand met the press.\n"
        "The head of the honor guard company said the parade would start at noon.\n",
        encoding="utf-8",
    )
    engine = Engine.load(article)
    assert all(s.speaker != "erik-sand" for s in engine.statements if s.paragraph == 2)


def test_shared_surname_resolves_to_the_one_the_document_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, first in (("a.txt", "Erik"), ("b.txt", "Olaf")):
        (tmp_path / name).write_text(
            f"{first} Sand visited Norburg\n2025-01-02\n"
            f"Minister of Trade {first} Sand opened the fair.\n"
            "– We will double exports of timber this year, – Sand said.\n",
            encoding="utf-8",
        )
    engine = Engine.load(tmp_path)
    speakers = {(s.document_id, s.paragraph): s.speaker for s in engine.statements}
    assert speakers[("a", 2)] == "erik-sand"
    assert speakers[("b", 2)] == "olaf-sand"


def test_press_style_asides_according_to_and_demonyms() -> None:
    from conftest import DATA

    engine = Engine.load(DATA / "uzbekistan.txt")
    tokayev, guest = "kassym-jomart-tokayev", "shavkat-mirziyoyev"
    found = {(s.paragraph, s.kind): s.speaker for s in engine.statements}
    assert found[(4, Kind.REPORTED)] == tokayev  # "According to the Head of State, …"
    assert found[(5, Kind.REPORTED)] == guest  # "Shavkat Mirziyoyev, in turn, thanked …"
    assert found[(6, Kind.QUOTE)] == guest  # "…,” the Uzbek leader stressed."
    assert found[(7, Kind.REPORTED)] == guest  # "He also proposed …"
    assert found[(9, Kind.QUOTE)] == guest  # "…,” the President of Uzbekistan said."
    assert {p for p, _ in found} == {2, 3, 4, 5, 6, 7, 9}


def test_joint_and_passive_statements_are_no_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "President of Kazakhstan Kassym-Jomart Tokayev met President of Mongolia Ukhnaagiin "
        "Khurelsukh\n2024-10-05\n"
        "Kassym-Jomart Tokayev and Ukhnaagiin Khurelsukh noted the growing trade between them.\n"
        "Xi Jinping was told by Kassym-Jomart Tokayev that the new railway would open soon.\n"
        "Tokayev’s spokesman said the talks were constructive and lasted three hours.\n"
        "“We will build the road together,” the Mongolian leader said.\n",
        encoding="utf-8",
    )
    attributed = {s.paragraph: s.speaker for s in Engine.load(article).statements if s.speaker}
    assert attributed == {4: "ukhnaagiin-khurelsukh"}
