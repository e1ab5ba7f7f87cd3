"""Any string is a question the engine survives, and every excerpt is verbatim."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitbot.engine import Engine
from visitbot.models import AnswerSet

ENGINE = Engine.load()
WORDS = st.sampled_from(
    "reliable support golden thirty years Tokayev Xi Си 习近平 <b> & said who what did about "
    "friendship cooperation 🙂 \u202e \x00 \u200b Akorda jets".split()
)
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=12).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=5000, max_size=10000),
)


def verbatim(result: AnswerSet) -> None:
    for answer in result.answers:
        document = next(d for d in ENGINE.documents if d.id == answer.document.id)
        paragraph = document.paragraphs[answer.paragraph - 1].text
        assert answer.excerpt.replace("…", "").strip() in paragraph
        assert paragraph[answer.start : answer.end] in answer.excerpt
        assert 0.0 <= answer.score <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONS)
def test_any_text_never_raises_and_excerpts_are_verbatim(question: str) -> None:
    result = ENGINE.ask(question)
    verbatim(result)
    assert result.contract()["question"] == result.question
