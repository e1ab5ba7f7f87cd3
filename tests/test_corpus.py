from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from visitbot.corpus import (
    CorpusError,
    builtin_files,
    load_documents,
    parse_document,
    read_document,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_builtin_article_is_shipped_word_for_word() -> None:
    [path] = builtin_files()
    shipped = path.read_text(encoding="utf-8")
    source = SHARED / path.name
    if source.exists():
        assert shipped == source.read_text(encoding="utf-8")
    [document] = load_documents([path])
    assert document.date == dt.date(2024, 7, 3)
    assert document.title.startswith("President of Kazakhstan Kassym-Jomart Tokayev held talks")
    assert len(document.paragraphs) == 10
    # two paragraphs sit on adjacent lines: both are paragraphs of their own
    assert document.paragraphs[0].text.startswith("A solemn welcoming ceremony")
    assert document.paragraphs[1].text.startswith("Head of State Kassym-Jomart Tokayev personally")
    assert "reliable support for Kazakhstan" in document.paragraphs[8].text


@pytest.mark.parametrize(
    "line",
    [
        "July 3, 2024",
        "2024-07-03",
        "3 July 2024",
        "03.07.2024",
        "Jul 3, 2024",
        "Wednesday, July 3, 2024",
    ],
)
def test_date_forms(line: str) -> None:
    document = parse_document(Path("x.txt"), f"Title\n{line}\n\nA paragraph.\n")
    assert document.date == dt.date(2024, 7, 3)


def test_metadata_form(northia_path: Path = Path(__file__).parent / "data" / "meta.txt") -> None:
    document = read_document(northia_path)
    assert document.id == "northia-solar"
    assert document.url == "https://example.org/northia/solar"
    assert document.source == "Northia Government Press Office"
    assert document.date == dt.date(2025, 5, 12)
    assert document.paragraphs[0].number == 1
    assert document.paragraphs[0].line == 9


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", None, "empty"),
        ("Only a title\n", 1, "date line"),
        ("Title\nnot a date\nPara\n", 2, "expected a date"),
        ("Title\nJuly 3, 2024\n\n", None, "no paragraphs"),
        ("---\ntitle: T\ndate: 2024-07-03\n", 1, "never closed"),
        ("---\ntitle: T\ndate: 2024-07-03\nPara\n", 4, "key: value"),
        ("---\ntitle: T\ncolour: red\n---\nPara\n", 3, "key: value"),
        ("---\ndate: 2024-07-03\n---\nPara\n", 1, "no 'title:'"),
    ],
)
def test_malformed_files_name_file_and_line(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(CorpusError) as caught:
        parse_document(Path("bad.txt"), text)
    message = str(caught.value)
    assert message.startswith(f"bad.txt:{line}:" if line else "bad.txt:")
    assert fragment in message


def test_not_utf8_is_reported_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"Title\nJuly 3, 2024\nCaf\xe9\n")
    with pytest.raises(CorpusError, match=r"latin.txt:3: the file is not UTF-8"):
        read_document(bad)


def test_duplicate_ids_rejected(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("---\ntitle: T\ndate: 2024-07-03\nid: same\n---\nP\n")
    with pytest.raises(CorpusError, match="also used by"):
        load_documents(sorted(tmp_path.glob("*.txt")))


def test_links_out_of_a_corpus_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\n2024-01-01\nThe password is hunter2.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks\n2024-07-03\nA paragraph.\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "inner").symlink_to(tmp_path, target_is_directory=True)
    from visitbot.corpus import corpus_files

    files = corpus_files(corpus)
    assert [f.name for f in files] == ["a.txt"]


def test_dates_in_any_accepted_form_whatever_came_before() -> None:
    """The parser tries the previous date's format first; every form still parses, in any order."""
    import datetime as dt

    from visitbot.corpus import parse_date

    day = dt.date(2024, 7, 3)
    forms = ["2024-07-03", "July 3, 2024", "03.07.2024", "3 July 2024", "2024/07/03", "2024-7-3"]
    for form in forms + forms[::-1]:
        assert parse_date(form) == day, form
    assert parse_date("2024-13-03") is None and parse_date("Tuesday-ish") is None
