"""Documents and statements as read-only sequences over the index's arrays: an item becomes a
model object only when it is asked for, so a start does not create a hundred thousand of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from visitbot.models import Document, DocumentRef, Kind, Paragraph, Statement

KINDS = tuple(Kind)
RULE_SEPARATOR = "\x1f"
"""Between a statement's rule and its cue words in the index's table of cues."""
"""Statement kinds by their stored number."""
DOCUMENT_FIELDS = ("id", "title", "date", "url", "source", "language", "path")
"""A document's stored metadata, in this order (a JSON list per document)."""


def document_row(document: Document) -> list[Any]:
    return [
        document.id,
        document.title,
        document.date.isoformat(),
        document.url,
        document.source,
        document.language,
        None if document.path is None else str(document.path),
    ]


class Texts:
    """Paragraph texts: one UTF-8 blob and the byte offset where each paragraph starts."""

    def __init__(self, blob: bytes | memoryview, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, g: int) -> str:
        a, b = int(self.offsets[g]), int(self.offsets[g + 1])
        return bytes(self.blob[a:b]).decode("utf-8")


class Documents(Sequence[Document]):
    def __init__(
        self, rows: list[list[Any]], first: np.ndarray, texts: Texts, lines: np.ndarray
    ) -> None:
        self.rows = rows
        self.first = first
        """Document d's paragraphs are first[d] to first[d + 1] (global numbers)."""
        self.texts = texts
        self.lines = lines
        self.position = {row[0]: d for d, row in enumerate(rows)}

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, d: int) -> Document: ...
    @overload
    def __getitem__(self, d: slice) -> list[Document]: ...
    def __getitem__(self, d: int | slice) -> Document | list[Document]:
        if isinstance(d, slice):
            return [self[i] for i in range(*d.indices(len(self)))]
        if d < 0:
            d += len(self)
        fields = dict(zip(DOCUMENT_FIELDS, self.rows[d], strict=True))
        fields["date"] = dt.date.fromisoformat(fields["date"])
        fields["path"] = None if fields["path"] is None else Path(fields["path"])
        lo, hi = int(self.first[d]), int(self.first[d + 1])
        fields["paragraphs"] = tuple(
            Paragraph(g - lo + 1, self.texts[g], int(self.lines[g])) for g in range(lo, hi)
        )
        return Document.model_construct(**fields)

    def __iter__(self) -> Iterator[Document]:
        return (self[d] for d in range(len(self)))

    def ref(self, d: int) -> DocumentRef:
        """What an answer cites of document d (its paragraphs are not read)."""
        doc_id, title, date, url, _, language = self.rows[d][:6]
        return DocumentRef(
            id=doc_id, title=title, date=dt.date.fromisoformat(date), url=url, language=language
        )

    def paragraph_count(self, d: int) -> int:
        return int(self.first[d + 1] - self.first[d])


class Statements(Sequence[Statement]):
    """Statements in document order; a statement's text is its slice of its paragraph."""

    def __init__(
        self,
        columns: Mapping[str, np.ndarray],
        documents: Documents,
        speakers: Sequence[str],
        cues: Sequence[str],
    ) -> None:
        self.document = columns["st_doc"]
        self.paragraph = columns["st_para"]
        self.start = columns["st_start"]
        self.end = columns["st_end"]
        self.kind = columns["st_kind"]
        self.speaker = columns["st_speaker"]
        self.cue = columns["st_cue"]
        self.documents = documents
        self.speakers = speakers
        """Speaker ids by their stored number (the index's people, in order)."""
        self.cues = cues

    def __len__(self) -> int:
        return len(self.document)

    @overload
    def __getitem__(self, i: int) -> Statement: ...
    @overload
    def __getitem__(self, i: slice) -> list[Statement]: ...
    def __getitem__(self, i: int | slice) -> Statement | list[Statement]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        d, number = int(self.document[i]), int(self.paragraph[i])
        start, end = int(self.start[i]), int(self.end[i])
        text = self.documents.texts[int(self.documents.first[d]) + number - 1]
        speaker = int(self.speaker[i])
        rule, _, cue = self.cues[int(self.cue[i])].rpartition(RULE_SEPARATOR)
        return Statement(
            document_id=self.documents.rows[d][0],
            paragraph=number,
            start=start,
            end=end,
            text=text[start:end],
            kind=KINDS[int(self.kind[i])],
            speaker=None if speaker < 0 else self.speakers[speaker],
            cue=cue,
            rule=rule,
        )

    def __iter__(self) -> Iterator[Statement]:
        return (self[i] for i in range(len(self)))

    def by(self, speakers: Sequence[str]) -> list[int]:
        """Numbers of the statements these speakers made, in document order."""
        wanted = [k for k, who in enumerate(self.speakers) if who in speakers]
        return list(np.flatnonzero(np.isin(self.speaker, wanted)).tolist())
