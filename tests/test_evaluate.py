"""The quality reports on made-up data: both question formats, attribution ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitbot.attribution_score import read_truth, score
from visitbot.corpus import CorpusError
from visitbot.engine import Engine
from visitbot.evaluate import evaluate, read_questions

ARTICLE = (
    "Talks in Vik\n2025-03-14\n"
    "President of Westland Erik Sand received President of Eastria Oskar Dune in Vik.\n"
    "“The rail corridor will carry ten million tonnes of grain a year,” said Erik Sand.\n"
    "Oskar Dune thanked his host for the warm welcome and the gifts.\n"
    "The sides discussed energy and transport.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Engine:
    (tmp_path / "vik.txt").write_text(ARTICLE, encoding="utf-8")
    return Engine.load(tmp_path, cache=False)


def test_questions_with_an_expected_place_and_other_spellings(
    corpus: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "1", "q": "Who said the corridor will carry grain?", "category": "who",'
        ' "doc": "vik", "paragraph": 2, "speaker": "Eric Sand"}\n'
        '{"id": "2", "q": "What did Dune thank his host for?", "category": "speaker",'
        ' "doc": "vik", "paragraph": 3, "speaker": "Oskar Dune"}\n'
        '{"id": "3", "q": "Who said the corridor will carry grain?", "category": "trap",'
        ' "doc": "vik", "paragraph": 2, "speaker": "Oskar Dune"}\n'
        '{"id": "4", "q": "What did Sand say about pizza?", "category": "none",'
        ' "doc": null, "paragraph": null, "speaker": null}\n',
        encoding="utf-8",
    )
    tallies = evaluate(corpus, read_questions(path))
    assert tallies["who"].speaker_right == 1  # "Eric Sand" is a spelling of Erik Sand
    assert tallies["speaker"].top1 == 1
    assert tallies["trap"].misattributed == 1
    assert tallies["none"].rejected == 1


def test_a_question_without_an_expectation_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1", "q": "Who?", "category": "who"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"q.jsonl:1: .*expect_any, or doc and paragraph"):
        read_questions(path)


def test_attribution_against_ground_truth(corpus: Engine, tmp_path: Path) -> None:
    truth = tmp_path / "truth.md"
    truth.write_text(
        "# Ground truth\n### vik\n"
        "- ¶2 quote, cue 'said Erik Sand' → Erik Sand\n"
        "- ¶3 reported, cue 'Oskar Dune thanked' → Oskar Dune\n"
        "- ¶4 joint narrative → both (joint)\n"
        "### not-in-this-corpus\n- ¶1 quote → Someone Else\n",
        encoding="utf-8",
    )
    result = score(corpus, read_truth(truth, corpus))
    assert (result.precision, result.recall) == (1.0, 1.0)
    truth.write_text("### vik\n- ¶2 quote → Oskar Dune\n", encoding="utf-8")
    wrong = score(corpus, read_truth(truth, corpus))
    assert wrong.recall == 0.0 and ("vik", 2, "Erik Sand") in wrong.extra


def test_ground_truth_for_another_corpus_is_an_error(corpus: Engine, tmp_path: Path) -> None:
    truth = tmp_path / "truth.md"
    truth.write_text("### elsewhere\n- ¶2 quote → Erik Sand\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no '### <document id>'"):
        read_truth(truth, corpus)
