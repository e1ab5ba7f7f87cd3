"""An index updated for added, changed and removed files equals one built from scratch."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pytest

from visitbot import postings
from visitbot.engine import Engine
from visitbot.index import ARRAYS

QUESTIONS = (
    "What did Holm say about grain?",
    "Who spoke about the corridor?",
    "What did the minister say?",
    "timber trade",
    "What did Sand say about the port?",
)


def _article(folder: Path, name: str, title: str, lines: list[str]) -> None:
    (folder / name).write_text(f"{title}\nMay 5, 2025\n" + "\n".join(lines) + "\n")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for d in range(5):
        _article(
            folder,
            f"talks{d}.txt",
            f"President of Westland Erik Sand met delegates, round {d}",
            [
                f"President of Westland Erik Sand met the delegation of Eastria in round {d}.",
                f"“We will open corridor {d} next spring,” said Sand.",
                f"– Trade in timber grew by {d} percent, – the Westland leader said.",
                "“Grain prices must stay fair,” Holm said.",
                f"The sides discussed the new port number {d}.",
            ],
        )
    return folder


def _same(updated: Engine, rebuilt: Engine) -> None:
    a, b = updated.index, rebuilt.index
    assert a.people == b.people
    assert list(a.statements) == list(b.statements)
    assert [d.model_dump() for d in a.documents] == [d.model_dump() for d in b.documents]
    assert a.vocabulary == b.vocabulary
    for name in ARRAYS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.title_docs == b.title_docs and a.date_docs == b.date_docs
    assert updated.fingerprint == rebuilt.fingerprint
    for question in QUESTIONS:
        assert updated.ask(question) == rebuilt.ask(question)


def _read(caplog: pytest.LogCaptureFixture) -> str:
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("index update")]
    caplog.clear()
    return lines[-1] if lines else ""


@pytest.mark.parametrize("few", [postings.FEW, 0], ids=["insert-per-list", "merge-all"])
def test_updates_equal_full_rebuilds(
    few: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Both ways of updating the lists (a few new entries, or many) give a full build's."""
    monkeypatch.setattr(postings, "FEW", few)
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    caplog.set_level(logging.INFO, logger="visitbot.build")
    corpus = _corpus(tmp_path / "corpus")
    first = Engine.load(corpus)
    holm = [s for s in first.statements if "Grain prices" in s.text]
    assert not any(s.speaker for s in holm)  # nobody named Holm is known yet

    # Added: an article about someone new, not named elsewhere — only it is read.
    _article(corpus, "zz-new.txt", "Oskar Dune in Norbia", [
        "President of Norbia Oskar Dune arrived for talks.",
        "“The corridor matters to us,” said Dune.",
    ])  # fmt: skip
    updated = Engine.load(corpus)
    assert _read(caplog) == "index update: 1 of 6 documents read, 5 kept"
    _same(updated, Engine.load(corpus, cache=False))

    # Added: an article that introduces Holm — every article quoting Holm is read again.
    _article(corpus, "aa-holm.txt", "Minister of Trade Anna Holm", [
        "Minister of Trade of Westland Anna Holm opened the fair.",
        "“Grain is our future,” said Holm.",
    ])  # fmt: skip
    updated = Engine.load(corpus)
    assert _read(caplog) == "index update: 6 of 7 documents read, 1 kept"
    _same(updated, Engine.load(corpus, cache=False))
    holm = [s for s in updated.statements if "Grain prices" in s.text]
    assert holm and all(s.speaker == "anna-holm" for s in holm)

    # Changed and removed files.
    _article(corpus, "talks2.txt", "Changed talks", ["“Bridges first,” said Holm."])
    os.utime(corpus / "talks2.txt", ns=(1, 1))
    (corpus / "talks4.txt").unlink()
    updated = Engine.load(corpus)
    assert _read(caplog) == "index update: 1 of 6 documents read, 5 kept"
    _same(updated, Engine.load(corpus, cache=False))

    # Removing the article that introduced Holm takes Holm's words away from the others.
    (corpus / "aa-holm.txt").unlink()
    updated = Engine.load(corpus)
    assert _read(caplog) == "index update: 4 of 5 documents read, 1 kept"
    _same(updated, Engine.load(corpus, cache=False))
    assert "anna-holm" not in updated.people

    # Unchanged: mapped from the cache, nothing read.
    again = Engine.load(corpus)
    assert again.cache_file is None and _read(caplog) == ""
    _same(again, Engine.load(corpus, cache=False))


def test_an_update_rejects_a_duplicate_id_like_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitbot.corpus import CorpusError

    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("---\nid: same\ntitle: A\ndate: 2025-01-01\n---\nOne.\n")
    Engine.load(corpus)
    (corpus / "b.txt").write_text("---\nid: same\ntitle: B\ndate: 2025-01-01\n---\nTwo.\n")
    with pytest.raises(CorpusError, match="also used by"):
        Engine.load(corpus)


def test_a_malformed_file_among_many_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus large enough for worker processes: an error names its file and line (and a
    CorpusError raised in a worker would come back whole: it pickles)."""
    from visitbot import workers
    from visitbot.corpus import CorpusError

    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for d in range(30):
        _article(corpus, f"a{d:02d}.txt", f"Talks {d}", ["Sand met Holm.", "They talked."] * 20)
    (corpus / "a15.txt").write_text("A title\nnot a date at all\nText.\n")
    with pytest.raises(CorpusError, match=r"a15\.txt:2"):
        Engine.load(corpus, cache=False)
    (corpus / "a15.txt").unlink()
    assert len(Engine.load(corpus, cache=False).documents) == 29
