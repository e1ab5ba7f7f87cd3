"""The command line as a user runs it: real subprocesses of the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def visitbot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "visitbot_bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_ask_names_speaker_and_cites() -> None:
    done = visitbot("ask", "Who said China will always be a reliable support for Kazakhstan?")
    assert done.returncode == 0
    first = done.stdout.splitlines()[:3]
    assert first[0] == "1. Xi Jinping — direct quote"
    assert "China will always be a reliable support for Kazakhstan" in first[1]
    assert "July 3, 2024, ¶9" in first[2]


def test_ask_json_contract() -> None:
    done = visitbot("ask", "--json", "--top", "2", "golden thirty years")
    data = json.loads(done.stdout)
    assert set(data) == {"question", "answers"}
    [answer, *_] = data["answers"]
    assert set(answer) == {"speaker", "kind", "excerpt", "paragraph", "document", "score"}
    assert set(answer["document"]) == {"id", "title", "date", "url", "language"}
    assert answer["document"]["language"] == "en"
    assert answer["document"]["date"] == "2024-07-03"
    assert answer["kind"] in {"quote", "reported", "narrative"}
    assert 0 <= answer["score"] <= 1


def test_ask_json_lines_from_stdin_one_object_per_line() -> None:
    lines = ["reliable support", "", "zzzz", "<b>html</b> & stuff", "What did Erdogan say?"]
    done = visitbot("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["question"] for o in objects] == lines
    assert objects[0]["answers"] and objects[0]["answers"][0]["speaker"] == "Xi Jinping"
    assert all(o["answers"] == [] for o in objects[1:])


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02", "🙂" * 50, "x" * 20000])
def test_garbage_questions_exit_zero(question: str) -> None:
    done = visitbot("ask", question)
    assert done.returncode == 0
    assert done.stdout.strip()


def test_unreadable_corpus_is_one_line_and_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Title only\n", encoding="utf-8")
    done = visitbot("ask", "--corpus", str(bad), "anything")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert f"{bad}:1:" in done.stderr
    missing = visitbot("check", "--corpus", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_check_lists_every_statement() -> None:
    done = visitbot("check")
    assert done.returncode == 0
    for paragraph, speaker in [
        (4, "Kassym-Jomart Tokayev"),
        (5, "Kassym-Jomart Tokayev"),
        (6, "Kassym-Jomart Tokayev"),
        (7, "Kassym-Jomart Tokayev"),
        (8, "Xi Jinping"),
        (9, "Xi Jinping"),
    ]:
        assert any(
            f"¶{paragraph} " in line and speaker in line for line in done.stdout.splitlines()
        )


def test_check_another_corpus() -> None:
    done = visitbot("check", "--corpus", str(DATA))
    assert done.returncode == 0
    assert "Anna Holm" in done.stdout and "Lena Berg" in done.stdout


def test_eval_prints_metrics(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "1", "cat": "who", "q": "Who said reliable support?", "speaker": "Xi Jinping",'
        ' "expect_any": ["reliable support"]}\n'
        '{"id": "2", "cat": "none", "q": "pizza recipe", "none": true}\n',
        encoding="utf-8",
    )
    done = visitbot("eval", str(questions))
    assert done.returncode == 0
    overall = done.stdout.splitlines()[-1].split()
    assert overall[:3] == ["overall", "2", "100.0%"]


def test_chat_answers_like_the_bot() -> None:
    done = visitbot("chat", stdin="reliable support\n/speakers\n/quit\n")
    assert done.returncode == 0
    assert "Xi Jinping — direct quote" in done.stdout
    assert "I can quote: Kassym-Jomart Tokayev, Xi Jinping" in done.stdout


def test_run_without_token_opens_the_terminal_chat(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "visitbot_bot", "run"],
        input="reliable support\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0
    assert "@BotFather" in done.stderr
    assert "Xi Jinping — direct quote" in done.stdout


def test_index_is_persisted_and_reused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "a.txt"
    article.write_text(
        "Talks\n2025-01-02\n“We will build a bridge,” said Erik Sand.\n", encoding="utf-8"
    )
    built = visitbot("index", "--corpus", str(corpus))
    assert built.returncode == 0, built.stderr
    saved = Path(built.stdout.split("saved to ")[1].strip())
    assert saved.is_file()
    asked = visitbot("ask", "--corpus", str(corpus), "bridge")
    assert "Erik Sand" in asked.stdout
    article.write_text(
        "Talks\n2025-01-02\n“We will build a tunnel,” said Erik Sand.\n", encoding="utf-8"
    )
    changed = visitbot("ask", "--corpus", str(corpus), "tunnel")
    assert "tunnel" in changed.stdout  # a changed file misses the old index


def test_compare_prints_each_side_and_its_json_shape() -> None:
    done = visitbot("compare", "Tokayev vs Xi on friendship")
    assert done.returncode == 0
    assert done.stdout.startswith("On “friendship”:")
    assert "Kassym-Jomart Tokayev — direct quote" in done.stdout
    shown = json.loads(visitbot("compare", "cooperation", "--json").stdout)
    assert shown["topic"] == "cooperation"
    sides = {s["speaker"]: s["answer"] for s in shown["sides"]}
    assert sides["Xi Jinping"] is None
    assert sides["Kassym-Jomart Tokayev"]["paragraph"] == 6
