"""Answers as plain text and JSON, and the friendly sentences every front end shares.

Telegram HTML lives in the bot package; it reuses :func:`explain` and :func:`citation` so the
terminal and the bot say the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from babel import Locale, UnknownLocaleError

from visitbot.answer import kind_label
from visitbot.i18n import _, current, long_date
from visitbot.models import Answer, AnswerSet, Comparison, Intent, Notice, Person

EXAMPLES = (
    "Who said China will always be a reliable support?",
    "What did Tokayev say about cooperation?",
    "Where was the welcoming ceremony held?",
)


def human_date(answer: Answer) -> str:
    return long_date(answer.document.date)


def language_name(code: str | None) -> str | None:
    """A language's name in the user's language ("Russian", "русский", "орыс тілі"), from
    CLDR through Babel; None when unknown."""
    if not code:
        return None
    try:
        name = Locale.parse(current()).languages.get(code)
    except (ValueError, UnknownLocaleError):
        return None
    return str(name) if name else code


def citation(answer: Answer) -> str:
    """Title, date, paragraph, and the language the words are in."""
    cited = f"{answer.document.title} — {human_date(answer)}, ¶{answer.paragraph}"
    language = language_name(answer.document.language)
    return f"{cited} ({language})" if language else cited


def speaker_line(answer: Answer) -> str:
    if answer.speaker:
        return f"{answer.speaker} — {kind_label(answer.kind)}"
    if answer.kind.value == "narrative":
        return _("From the report")
    return _("Unattributed {kind} (the text does not say who)").format(kind=kind_label(answer.kind))


def speaker_names(people: Sequence[Person]) -> str:
    return ", ".join(p.name for p in people) or _("nobody yet")


def explain(result: AnswerSet, speakers: Sequence[Person]) -> str:
    """One or two sentences on why there is no answer, and what can be asked instead."""
    names = speaker_names(speakers)
    if result.notice is Notice.EMPTY:
        return _(
            "Ask me who said what in these documents, for example: “{first}” or “{second}”."
        ).format(first=EXAMPLES[0], second=EXAMPLES[1])
    if result.notice is Notice.UNKNOWN_SPEAKER:
        return _(
            "I have no statements by “{name}” in these documents. I can quote: {names}."
        ).format(name=result.unknown_speaker, names=names)
    if result.notice is Notice.FOREIGN_TOPIC:
        return _(
            "I understood who and what you asked about, but I cannot translate Kazakh words "
            "into the sources' languages. Name the topic in Russian or English (“Кім айтты "
            "reliable support?”) or ask what someone said (“Тоқаев не деді?”)."
        )
    if result.notice is Notice.NO_DICTIONARY:
        return _(
            "I found nothing in the sources' own language, and the English–Russian dictionary "
            "that would translate your words is not installed here (Debian packages "
            "dict-freedict-eng-rus and mueller7-dict). Ask in the language of the sources."
        )
    if result.notice is Notice.NO_STATEMENTS:
        return _("{name} is mentioned, but no words of theirs are quoted here.").format(
            name=result.speaker
        )
    if result.speaker:
        return _(
            "I found nothing {name} said about that. "
            "Try other words, or ask “What did {name} say?” for everything."
        ).format(name=result.speaker)
    return _(
        "I found nothing about that in these documents. I answer questions on who said what; "
        "the speakers I can quote are {names}."
    ).format(names=names)


def date_line(result: AnswerSet) -> str | None:
    if result.intent is Intent.DATE and result.answers:
        return _("Date: {date} (the date of the document).").format(
            date=human_date(result.answers[0])
        )
    return None


def to_text(result: AnswerSet, speakers: Sequence[Person]) -> str:
    if not result.answers:
        return explain(result, speakers)
    lines: list[str] = []
    if (line := date_line(result)) is not None:
        lines += [line, ""]
    for number, answer in enumerate(result.answers, start=1):
        lines.append(f"{number}. {speaker_line(answer)}")
        lines.append(f"   “{answer.excerpt}”")
        lines.append(f"   {citation(answer)}")
        if answer.document.url:
            lines.append(f"   {answer.document.url}")
    return "\n".join(lines)


def to_json(result: AnswerSet | Comparison) -> str:
    return json.dumps(result.contract(), ensure_ascii=False)


def silent_line(speaker: str, topic: str) -> str:
    return _("{name} said nothing close to “{topic}” here.").format(name=speaker, topic=topic)


def comparison_text(result: Comparison, speakers: Sequence[Person]) -> str:
    """Each side as a block: speaker, words, citation; a silent side in one line."""
    if result.notice is Notice.EMPTY:
        return _("Give me a topic to compare, for example “compare cooperation”.")
    if result.notice is Notice.NOT_FOUND:
        return _("Nobody here spoke about “{topic}”. The speakers I can quote are {names}.").format(
            topic=result.topic, names=speaker_names(speakers)
        )
    lines = [_("On “{topic}”:").format(topic=result.topic)]
    for side in result.sides:
        lines.append("")
        if side.answer is None:
            lines.append(silent_line(side.speaker, result.topic))
            continue
        lines.append(speaker_line(side.answer))
        lines.append(f"   “{side.answer.excerpt}”")
        lines.append(f"   {citation(side.answer)}")
    return "\n".join(lines)
