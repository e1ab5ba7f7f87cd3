"""The large-corpus path: candidate stage, phrases, sentence pairs, fast scans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitbot import rank
from visitbot.engine import Engine
from visitbot.postings import _distinct
from visitbot.speakers import Lexicon, builtin_registry
from visitbot.text import token_spans, token_starts

FILLER = (
    "Delegates from many regions also reviewed schedules, budgets, staffing, transport, "
    "housing, schools, clinics, archives, museums, parks, bridges and several other items "
    "that the commission will return to in the autumn session after the summer recess."
)


def _corpus(folder: Path, paragraphs: list[str], per_document: int = 20) -> Path:
    folder.mkdir()
    for d in range(0, len(paragraphs), per_document):
        body = "\n".join(paragraphs[d : d + per_document])
        (folder / f"doc{d:05d}.txt").write_text(f"Talks number {d}\nMay 5, 2024\n\n{body}\n")
    return folder


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """More paragraphs than are scored precisely: 600 short ones that hold 'project' and
    'metallurgy' apart, and one long one that holds them as a phrase."""
    many = [
        f"Project number {i} was reviewed by experts in metallurgy and mining." for i in range(600)
    ]
    many[437] = f"{FILLER} They agreed that the project on metallurgy opens in Kelburg. {FILLER}"
    engine = Engine.load(_corpus(tmp_path_factory.mktemp("c") / "corpus", many), cache=False)
    assert engine.index.paragraph_count > rank.RERANK_ALL
    return engine


def test_a_phrase_is_found_among_hundreds_holding_its_words(crowded: Engine) -> None:
    top = crowded.ask("the project on metallurgy").answers[0]
    assert "project on metallurgy" in top.excerpt


def test_the_phrase_comes_from_the_word_pairs_index(
    crowded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the word pairs, BM25 alone prefers the short paragraphs (the case above)."""
    monkeypatch.setattr(rank, "PHRASE", 0.0)
    answers = crowded.ask("the project on metallurgy", top=5).answers
    assert all("project on metallurgy" not in a.excerpt for a in answers)


def test_typos_still_find_the_phrase(crowded: Engine) -> None:
    top = crowded.ask("projetc on metalurgy").answers[0]
    assert "project on metallurgy" in top.excerpt


def test_a_quoted_run_may_cross_a_full_stop(tmp_path: Path) -> None:
    paragraphs = [
        "Officials discussed a partnership in broadband. Turnover in automotive grew by 22 "
        "percent last year.",
        "“Turnover in automotive grew by 16 percent. The platform on broadband will open "
        "soon,” said Minister of Trade of Westland Anna Holm.",
    ]
    engine = Engine.load(_corpus(tmp_path / "corpus", paragraphs), cache=False)
    top = engine.ask("broadband Turnover in automotive grew by").answers[0]
    assert top.paragraph == 1


def test_small_words_break_ties_between_equal_matches(tmp_path: Path) -> None:
    paragraphs = [
        "The ministers opened a project in metallurgy in the north.",
        "The ministers opened the project on metallurgy in the north.",
    ]
    engine = Engine.load(_corpus(tmp_path / "corpus", paragraphs), cache=False)
    answers = engine.ask("the project on metallurgy", top=2).answers
    assert [a.paragraph for a in answers] == [2, 1]
    assert answers[0].score > answers[1].score


def test_people_scan_is_the_same_on_both_paths() -> None:
    """Plain ASCII text takes a faster path than text with other scripts or apostrophes."""
    lexicon = Lexicon(builtin_registry())
    text = "President Xi Jinping met the President of Kazakhstan Kassym-Jomart Tokayev."
    plain = lexicon.scan(text)
    assert plain
    assert lexicon.scan(text + " Привет") == plain
    possessive = lexicon.scan(text + " Tokayev's")
    assert possessive[:-1] == plain
    assert possessive[-1][0] == len(text) + 1
    assert possessive[-1][2] == plain[-1][2]


def test_distinct_counts_values_of_a_sorted_array() -> None:
    values, counts = _distinct(np.array([1, 1, 2, 3, 3, 3], dtype=np.int64))
    assert values.tolist() == [1, 2, 3]
    assert counts.tolist() == [2, 1, 3]
    empty, none = _distinct(np.array([], dtype=np.int64))
    assert len(empty) == len(none) == 0


CROWD_WORDS = st.sampled_from(
    "the project on metallurgy projetc metalurgy number reviewed experts mining Kelburg opens "
    "who said what did about in of 🙂 Си <b> \u200b".split()
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.one_of(st.text(max_size=200), st.lists(CROWD_WORDS, max_size=10).map(" ".join)))
def test_the_candidate_stage_survives_any_text(crowded: Engine, question: str) -> None:
    for answer in crowded.ask(question, top=5).answers:
        document = next(d for d in crowded.documents if d.id == answer.document.id)
        paragraph = document.paragraphs[answer.paragraph - 1].text
        assert paragraph[answer.start : answer.end] in answer.excerpt
        assert answer.excerpt.replace("…", "").strip() in paragraph


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(
            st.sampled_from(["a", "Ab", "x1", "7", "’s", "“", "”", "—", " ", ".", "İ", "é", "Си"]),
            max_size=20,
        ).map("".join),
    )
)
def test_fast_tokens_are_the_tokens(text: str) -> None:
    """Indexing takes a faster path for English press text; it must give the same words."""
    spans = token_spans(text)
    assert token_starts(text) == ([t for _, _, t in spans], [s for s, _, _ in spans])


def test_a_build_across_processes_equals_a_build_in_one(tmp_path: Path) -> None:
    """Per-document work forked to workers and merged in document order: same people, same
    statements, same answers as a single process."""
    from visitbot.build import build_index
    from visitbot.corpus import corpus_files, load_documents
    from visitbot.speakers import builtin_registry
    from visitbot.workers import PARALLEL_FROM, PerDocument

    countries = ["Westland", "Eastria", "Norbia", "Sudland"]
    for d in range(PARALLEL_FROM // 20 + 10):
        host, guest = f"Erik Sand{d % 7}", f"Oskar Dune{d % 5}"
        country = countries[d % 4]
        lines = [f"President of {country} {host} received Minister of Trade Anna Holm{d % 3}"]
        lines.append(f"2025-03-{1 + d % 28:02d}")
        for k in range(20):
            lines.append(
                [
                    f"“We will open corridor {k} next spring,” said {host}.",
                    f"{guest} thanked the hosts for talks on grain number {k} and {d}.",
                    f"– Trade in timber grew by {k} percent, – the {country} leader said.",
                    f"The sides discussed {k} projects on energy in the region of {country}.",
                    f"He also noted that the new port {k} would open soon after {d} years.",
                ][k % 5]
            )
        (tmp_path / f"doc{d:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents = load_documents(corpus_files(tmp_path))
    alone = build_index(documents, builtin_registry(), PerDocument(workers=1))
    shared = build_index(documents, builtin_registry(), PerDocument(workers=2))
    assert alone.people == shared.people
    assert list(alone.statements) == list(shared.statements)
    assert np.array_equal(alone.tokens, shared.tokens)
