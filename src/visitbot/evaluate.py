"""Answer quality on a question file, in either of two formats:

- expected words: ``{"id", "cat", "q", "speaker", "expect_any": [...], "none"}`` (an answer is
  right when its excerpt or date holds one of the words; shared/eval/dev_questions.jsonl);
- expected place: ``{"id", "q", "category", "doc", "paragraph", "speaker"}`` (right when it
  comes from that document and paragraph; category "none" is out of scope;
  shared/eval/real-dev/questions.jsonl).

Metrics, per category and overall: top-1 accuracy, speaker accuracy, misattributions (a top
answer naming another speaker than the expected one), MRR@5 and out-of-scope rejection. An
expected speaker is matched as a person, so another spelling of the same name counts as right.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, ValidationError, model_validator

from visitbot.corpus import CorpusError
from visitbot.engine import Engine
from visitbot.models import Answer

RANKS = 5


class EvalQuestion(BaseModel):
    id: str
    cat: str = Field(validation_alias=AliasChoices("cat", "category"))
    q: str
    speaker: str | None = None
    expect_any: list[str] = []
    doc: str | None = None
    paragraph: int | None = None
    none: bool = False

    @model_validator(mode="after")
    def _out_of_scope(self) -> EvalQuestion:
        if self.cat == "none":
            self.none = True
        elif not self.none and not self.expect_any and (self.doc is None or self.paragraph is None):
            raise ValueError("an answerable question needs expect_any, or doc and paragraph")
        return self


class Tally(BaseModel):
    questions: int = 0
    answerable: int = 0
    top1: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    misattributed: int = 0
    reciprocal_ranks: float = 0.0
    out_of_scope: int = 0
    rejected: int = 0


def read_questions(path: Path) -> list[EvalQuestion]:
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read the question file ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate_json(line))
        except ValidationError as exc:
            raise CorpusError(
                path, f"not a question record: {exc.errors()[0]['msg']}", number
            ) from None
    return questions


def _hits(answer: Answer, question: EvalQuestion) -> bool:
    if question.doc is not None:
        return answer.document.id == question.doc and answer.paragraph == question.paragraph
    expected = question.expect_any
    haystack = [answer.excerpt.lower(), answer.document.date.isoformat()]
    date = answer.document.date
    haystack.append(f"{date.strftime('%B')} {date.day}, {date.year}".lower())
    return any(e.lower() in h for e in expected for h in haystack)


def evaluate(engine: Engine, questions: list[EvalQuestion]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for question in questions:
        result = engine.ask(question.q, top=RANKS)
        for key in (question.cat, "overall"):
            tally = tallies[key]
            tally.questions += 1
            if question.none:
                tally.out_of_scope += 1
                tally.rejected += not result.answers
                continue
            tally.answerable += 1
            top = result.answers[0] if result.answers else None
            if top is not None and _hits(top, question):
                tally.top1 += 1
            rank = next(
                (i for i, a in enumerate(result.answers, 1) if _hits(a, question)),
                None,
            )
            tally.reciprocal_ranks += 1 / rank if rank else 0.0
            if question.speaker:
                expected = _canonical(engine, question.speaker)
                said = top.speaker if top is not None else None
                tally.speaker_checked += 1
                tally.speaker_right += said == expected
                tally.misattributed += said is not None and said != expected
    return dict(tallies)


def _canonical(engine: Engine, name: str) -> str:
    """The engine's name for the person a file names ("Qasym-Zhomart Toqaev" → its merge)."""
    person = engine.find_person(name)
    return person.name if person is not None else name


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def report(tallies: dict[str, Tally]) -> str:
    header = (
        f"{'category':<10} {'n':>3} {'top-1':>7} {'speaker':>8} {'misattr':>7} "
        f"{'MRR@5':>6} {'reject':>7}"
    )
    rows = [header, "-" * len(header)]
    for name in sorted(tallies, key=lambda k: (k == "overall", k)):
        t = tallies[name]
        mrr = f"{t.reciprocal_ranks / t.answerable:6.3f}" if t.answerable else "     –"
        rows.append(
            f"{name:<10} {t.questions:>3} {_pct(t.top1, t.answerable):>7} "
            f"{_pct(t.speaker_right, t.speaker_checked):>8} {t.misattributed:>7} {mrr} "
            f"{_pct(t.rejected, t.out_of_scope):>7}"
        )
    return "\n".join(rows)
