"""Attribution against hand-made ground truth: which (document, paragraph, speaker) the engine
finds, compared with what a person reading the articles wrote down.

Ground truth is Markdown (the format of shared/eval/real-dev/SOURCES.md): a ``### <document
id>`` heading per document, then one line per statement, ``- ¶N <anything> → Full Name``.
``→ both (joint)`` marks joint narrative, which is no one's speech and is not scored; so are
``→ journalist`` (a reporter's question), ``→ unnamed`` (no source named) and ``→ unclear``:
speech whose speaker is no one to name. Names are matched as people, so another spelling of the
same name counts as the same speaker.

Each pair found is also credited to the rule that found it (its statement's ``rule``), so a
weak rule shows itself: right and wrong pairs per rule, and per rule the pairs it missed in a
paragraph where it found speech with no speaker or another one.
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
NOT_SCORED = frozenset({"journalist", "unnamed", "unclear"})
"""Ground-truth speakers that are no one to name (see the module's docstring)."""
NO_RULE = "(no statement found)"

Pair = tuple[str, int, str]
"""(document id, paragraph, speaker name)."""


class AttributionScore(BaseModel):
    right: int
    found: int
    expected: int
    extra: list[Pair]
    """Found but not in the ground truth: a wrong speaker, or speech where there is none."""
    missed: list[Pair]
    rules: dict[str, tuple[int, int, int]] = {}
    """Per rule: pairs right, wrong, and missed where the rule found speech in the paragraph."""

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
            if not _JOINT.search(who) and who.strip().lower() not in NOT_SCORED:
                person = engine.find_person(who)
                pairs.add((document, int(statement["paragraph"]), person.name if person else who))
    if not pairs:
        raise CorpusError(path, "no '### <document id>' with '- ¶N … → Name' lines for this corpus")
    return pairs


def score(engine: Engine, truth: set[Pair]) -> AttributionScore:
    documents = {d for d, _, _ in truth}
    by_rule: dict[str, set[Pair]] = {}
    rules_here: dict[tuple[str, int], set[str]] = {}
    for s in engine.statements:
        if s.document_id not in documents:
            continue
        rule = s.rule or "(unnamed rule)"
        rules_here.setdefault((s.document_id, s.paragraph), set()).add(rule)
        if s.speaker is not None:
            pair = (s.document_id, s.paragraph, engine.people[s.speaker].name)
            by_rule.setdefault(rule, set()).add(pair)
    found = set().union(*by_rule.values()) if by_rule else set()
    missed = truth - found
    rules: dict[str, tuple[int, int, int]] = {}
    for rule in sorted({*by_rule, *(r for rs in rules_here.values() for r in rs), NO_RULE}):
        pairs = by_rule.get(rule, set())
        missed_here = sum(1 for d, p, _ in missed if rule in rules_here.get((d, p), {NO_RULE}))
        if pairs or missed_here:
            rules[rule] = (len(pairs & truth), len(pairs - truth), missed_here)
    return AttributionScore(
        right=len(found & truth),
        found=len(found),
        expected=len(truth),
        extra=sorted(found - truth),
        missed=sorted(missed),
        rules=rules,
    )


def report(result: AttributionScore) -> str:
    rows = [f"  wrong or extra  {d} ¶{p} {who}" for d, p, who in result.extra]
    rows += [f"  missed          {d} ¶{p} {who}" for d, p, who in result.missed]
    if result.rules:
        rows.append(f"{'rule':28} {'right':>6} {'wrong':>6} {'missed':>7}")
        for rule, (right, wrong, missed) in result.rules.items():
            rows.append(f"{rule:28} {right:6} {wrong:6} {missed:7}")
    rows.append(
        f"attribution (paragraph, speaker) pairs: precision {result.precision:.2f} "
        f"({result.right}/{result.found}), recall {result.recall:.2f} "
        f"({result.right}/{result.expected})"
    )
    return "\n".join(rows)
