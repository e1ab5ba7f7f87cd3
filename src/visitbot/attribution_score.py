"""Attribution against hand-made ground truth: which (document, paragraph, speaker) the engine
finds, compared with what a person reading the articles wrote down.

Ground truth is Markdown (the format of shared/eval/real-dev/SOURCES.md): a ``### <document
id>`` heading per document, then one line per statement, ``- ¶N <anything> → Full Name``.
``→ both (joint)`` marks joint narrative, which is no one's speech and is not scored. Names are
matched as people, so another spelling of the same name counts as the same speaker.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from visitbot.corpus import CorpusError
from visitbot.engine import Engine

_DOCUMENT = re.compile(r"^###\s+(?P<id>\S+)\s*$")
_STATEMENT = re.compile(r"^-\s+¶(?P<paragraph>\d+)\s.*→\s*(?P<who>.+?)\s*$")
_JOINT = re.compile(r"\bjoint\b", re.IGNORECASE)

Pair = tuple[str, int, str]
"""(document id, paragraph, speaker name)."""


class AttributionScore(BaseModel):
    right: int
    found: int
    expected: int
    extra: list[Pair]
    """Found but not in the ground truth: a wrong speaker, or speech where there is none."""
    missed: list[Pair]

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 0.0


def read_truth(path: Path, engine: Engine) -> set[Pair]:
    """The ground truth's (document, paragraph, speaker) pairs, speakers as the engine names
    them; documents the corpus does not hold are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read the ground truth ({exc})") from None
    known = {d.id for d in engine.documents}
    pairs: set[Pair] = set()
    document: str | None = None
    for line in lines:
        if heading := _DOCUMENT.match(line):
            document = heading["id"] if heading["id"] in known else None
        elif document and (statement := _STATEMENT.match(line)):
            who = statement["who"]
            if not _JOINT.search(who):
                person = engine.find_person(who)
                pairs.add((document, int(statement["paragraph"]), person.name if person else who))
    if not pairs:
        raise CorpusError(path, "no '### <document id>' with '- ¶N … → Name' lines for this corpus")
    return pairs


def score(engine: Engine, truth: set[Pair]) -> AttributionScore:
    documents = {d for d, _, _ in truth}
    found = {
        (s.document_id, s.paragraph, engine.people[s.speaker].name)
        for s in engine.statements
        if s.speaker is not None and s.document_id in documents
    }
    return AttributionScore(
        right=len(found & truth),
        found=len(found),
        expected=len(truth),
        extra=sorted(found - truth),
        missed=sorted(truth - found),
    )


def report(result: AttributionScore) -> str:
    rows = [f"  wrong or extra  {d} ¶{p} {who}" for d, p, who in result.extra]
    rows += [f"  missed          {d} ¶{p} {who}" for d, p, who in result.missed]
    rows.append(
        f"attribution (paragraph, speaker) pairs: precision {result.precision:.2f} "
        f"({result.right}/{result.found}), recall {result.recall:.2f} "
        f"({result.right}/{result.expected})"
    )
    return "\n".join(rows)
