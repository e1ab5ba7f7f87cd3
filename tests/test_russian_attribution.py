"""Russian press conventions of who said what, on made-up text: names in any case, a subject
found by its case and its agreement with the verb, "по словам", a quote split by its cue between
dashes, press services, and names the dictionary does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitbot.engine import Engine
from visitbot.models import Kind

ARTICLE = """---
title: Переговоры в Вике
date: 2025-03-14
---
Президент Финляндии Юхан Велл провёл переговоры с премьер-министром Эстонии Анной Холм.
«Мы рады видеть вас в Вике, - заявил Велл. - Наши страны связывает долгая дружба».
Анна Холм поблагодарила Велла за тёплый приём и сообщила, что Эстония откроет торговый коридор.
По словам Холм, порты Эстонии готовы принять вдвое больше грузов уже в следующем году.
Встретившись с Холм, Велл заявил, что торговля зерном между странами вырастет вдвое.
Как сообщает пресс-служба президента Финляндии, стороны подписали пять соглашений о сотрудничестве.
«Это начало новой эпохи в наших отношениях», - подчеркнула премьер-министр.
Велл и Холм обсудили также сотрудничество в области образования.
Велл назвал переговоры «настоящим прорывом» в отношениях двух стран.
Президент Латвии, в свою очередь, поблагодарил коллег за приглашение на форум.
Велл сообщил о планах открыть консульство в Таллине, пишет пресс-служба президента Финляндии.
"""
VELL, HOLM = "Юхан Велл", "Анна Холм"


@pytest.fixture(scope="module")
def vik(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("ru") / "vik.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return Engine.load(path, cache=False)


def said(engine: Engine) -> dict[int, list[tuple[str | None, Kind]]]:
    found: dict[int, list[tuple[str | None, Kind]]] = {}
    for statement in engine.statements:
        person = engine.index.people.get(statement.speaker or "")
        name = person.name if person else None
        found.setdefault(statement.paragraph, []).append((name, statement.kind))
    return found


def test_people_are_named_in_the_nominative_whatever_the_case(vik: Engine) -> None:
    learned = {p.name: p for p in vik.index.people.values() if p.learned}
    assert VELL in learned and HOLM in learned
    # "Велл" is in the dictionary only as a woman's name in the genitive plural: no gender.
    assert learned[VELL].pronoun != "she"
    assert learned[HOLM].pronoun == "she"


def test_a_quote_split_by_its_cue_between_dashes(vik: Engine) -> None:
    assert said(vik)[2] == [(VELL, Kind.QUOTE), (VELL, Kind.QUOTE)]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        (3, HOLM),  # the nominative subject, not "Велла" whom she thanked
        (4, HOLM),  # "По словам Холм, …"
        (5, VELL),  # "Встретившись с Холм, Велл заявил": Холм is in the instrumental
        (6, "пресс-служба президента Финляндии"),
        (7, HOLM),  # "подчеркнула премьер-министр": the title she was introduced with
    ],
)
def test_who_speaks_in_each_paragraph(vik: Engine, paragraph: int, speaker: str) -> None:
    assert {s for s, _ in said(vik)[paragraph]} == {speaker}


def test_what_two_people_did_together_is_no_ones_statement(vik: Engine) -> None:
    assert all(s is None for s, _ in said(vik).get(8, []))


def test_the_source_of_a_report_is_a_speaker_of_its_sentence_too(vik: Engine) -> None:
    assert {s for s, _ in said(vik)[11]} == {VELL, "пресс-служба президента Финляндии"}


def test_a_partial_quote_is_part_of_the_reported_sentence(vik: Engine) -> None:
    [statement] = [s for s in vik.statements if s.paragraph == 9]
    assert statement.kind is Kind.REPORTED and statement.text.startswith("Велл назвал")
    assert statement.text.endswith("двух стран.")


def test_a_title_of_another_country_is_not_the_holder_named_here(vik: Engine) -> None:
    # Велл is "президент Финляндии": "Президент Латвии" is someone the article does not name.
    assert all(s is None for s, _ in said(vik).get(10, []))


TRANSCRIPT = """---
title: Встреча в Вике
date: 2025-03-15
language: ru
---
Президент Финляндии Юхан Велл провёл встречу с премьер-министром Эстонии Анной Холм.
— Мы рады видеть вас в Вике, — сказал Велл.
Ю. Велл: Уважаемая госпожа премьер-министр! Благодарю вас за визит.
А. Холм: Спасибо. Наши страны давно сотрудничают.
Мы готовы расширить торговлю.
В свою очередь, Анна Холм выразила благодарность за тёплый приём.
— Спасибо за гостеприимство, — отметила глава делегации.
"""


def test_dash_led_speech_and_transcript_labels_with_initials(tmp_path: Path) -> None:
    path = tmp_path / "vik2.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    found = said(Engine.load(path, cache=False))
    assert found[2] == [(VELL, Kind.QUOTE)]  # "— …, — сказал Велл."
    assert found[3] == [(VELL, Kind.QUOTE)]  # "Ю. Велл:"
    assert found[4] == found[5] == [(HOLM, Kind.QUOTE)]  # her turn runs on
    # A paragraph that names her in the third person is the article's narrative again.
    assert found[6] == [(HOLM, Kind.REPORTED)]


def test_a_cue_naming_someone_unknown_still_ends_the_quote(tmp_path: Path) -> None:
    path = tmp_path / "vik2.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    [statement] = [s for s in Engine.load(path, cache=False).statements if s.paragraph == 7]
    assert statement.speaker is None and statement.text == "Спасибо за гостеприимство"


LEADERS = """---
title: Звонок из Вики
date: 2025-03-16
language: ru
---
Президенты Финляндии и Латвии Юхан Велл и Карлис Озолс провели телефонный разговор.
Велл поздравил коллегу с праздником. Глава Латвии, в свою очередь, поблагодарил его за поздравление.
Латвийский лидер также отметил, что порты Риги готовы к новым грузам.
Председатель комитета парламента Финляндии Ээро Ниеми встретился с гостями в Вике.
Глава государства подчеркнул, что Финляндия поддержит строительство моста.
"""
OZOLS = "Карлис Озолс"


def test_a_plural_title_gives_each_name_its_country_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(LEADERS, encoding="utf-8")
    engine = Engine.load(path, cache=False)
    roles = {p.name: p.roles for p in engine.index.people.values() if p.learned}
    assert roles[VELL] == ("президент Финляндии",) and roles[OZOLS] == ("президент Латвии",)
    found = said(engine)
    # "Глава Латвии": the head of the country named after it, not the other president.
    assert found[2] == [(VELL, Kind.REPORTED), (OZOLS, Kind.REPORTED)]
    assert found[3] == [(OZOLS, Kind.REPORTED)]  # "Латвийский лидер"


def test_the_head_of_state_is_no_head_of_a_committee(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(LEADERS, encoding="utf-8")
    found = said(Engine.load(path, cache=False))
    # Two presidents are named, so "Глава государства" stays with no one: it is not
    # the committee's chairman named just before either.
    assert all(s != "Ээро Ниеми" for s, _ in found.get(5, []))


CITED = """---
title: Велл о переговорах
date: 2025-03-17
language: ru
---
Президент Финляндии Юхан Велл провёл переговоры с премьер-министром Эстонии Анной Холм.
«Стороны обсудили торговлю зерном и новый паром», — приводит агентство Викские новости слова Холм.
Ранее Велл заявил, что паром начнёт ходить весной.
"""


def test_whose_words_a_cue_cites_and_a_sentence_opening_adverb(tmp_path: Path) -> None:
    path = tmp_path / "cited.txt"
    path.write_text(CITED, encoding="utf-8")
    engine = Engine.load(path, cache=False)
    found = said(engine)
    assert found[2] == [(HOLM, Kind.QUOTE)]  # "приводит … слова Холм": hers, not the outlet's
    assert found[3] == [(VELL, Kind.REPORTED)]  # "Ранее" opens the sentence: no "Ранее Велл"
    assert not any("Ранее" in p.name for p in engine.index.people.values())


AGENCY = "\n".join(
    (
        "---",
        "title: Визит Холм",
        "date: 2025-03-18",
        "language: ru",
        "---",
        "Президент Финляндии Юхан Велл провёл переговоры с премьер-министром Эстонии Анной Холм.",
        "Пресс-служба подтвердила визит премьер-министра Эстонии Анны Холм в Вику, передает "
        "vik-news.fi.",
        "За несколько дней до визита премьер-министра Эстонии, президент Финляндии Юхан Велл "
        "побеседовал с журналистами. Он рассказал о планах открыть паромную линию.",
        "",
    )
)


def test_an_outlet_reporting_after_a_comma_and_a_title_across_a_comma(tmp_path: Path) -> None:
    path = tmp_path / "agency.txt"
    path.write_text(AGENCY, encoding="utf-8")
    engine = Engine.load(path, cache=False)
    found = said(engine)
    # ", передает vik-news.fi": the outlet reports; Holm, before the comma, says nothing
    assert all(s != HOLM for s, _ in found.get(2, []))
    # "премьер-министра Эстонии, президент Финляндии Юхан Велл": two people's titles, so
    # Велл is the subject, and "Он" after him is Велл
    roles = {p.name: p.roles for p in engine.index.people.values() if p.learned}
    assert not any("министр" in r for r in roles[VELL])
    assert found[3] == [(VELL, Kind.REPORTED)]
