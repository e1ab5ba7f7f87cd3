"""Speech over several paragraphs.

- A quote opened and not closed continues in the next paragraph, which opens with a mark again;
  only the last one closes, and its cue names the speaker of the whole run.
- Dash-led paragraphs in a row are one speech when only the last names its speaker; an uncued
  one right after a cued one is a dialogue turn and waits for nobody.

("X said:" introducing the quoted paragraphs after it is remembered by the reader's state and
applied by the quotes rule.) The coordinator reports each paragraph's speech here; statements
still waiting for a speaker are given one when a later paragraph of the same run names it, and
given up (left unattributed) when the run ends without a cue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from visitbot.models import Statement

UNSETTLED = "no cue names the speaker"
"""The cue of a statement whose speaker the text has not (yet) named."""


@dataclass
class Runs:
    """Statements (by index in the document's list) waiting for a later cue."""

    waiting: list[int] = field(default_factory=list)
    kind: str = ""
    """The run that is open into the next paragraph: 'quote', 'dash' or none."""
    cued_dash: bool = False
    """The last paragraph was dash-led speech with its own cue: a dialogue, not one speech."""

    def paragraph(
        self, found: list[Statement], kind: str, lead: int | None, tail: int | None
    ) -> None:
        """One paragraph of speech of ``kind``: ``lead`` is its statement that carries on the
        run open before it (if any), ``tail`` its statement that runs on into the next one."""
        if lead is None or kind != self.kind:
            self.waiting = []
        if lead is not None and found[lead].speaker and self.waiting:
            named = found[lead]
            cue = f"{named.cue} (¶{named.paragraph}, where this speech ends)"
            for i in self.waiting:
                found[i] = found[i]._replace(speaker=named.speaker, cue=cue, rule=f"{kind} run")
            self.waiting = []
        # An uncued dash-led paragraph right after a cued one answers it: a dialogue.
        dialogue = kind == "dash" and lead is not None and self.cued_dash
        asked = kind == "dash" and tail is not None and found[tail].text.rstrip().endswith("?")
        if asked:
            # A dash-led question is an interviewer's turn: the answer's cue is not its speaker.
            self.waiting = []
        elif tail is not None and _unsettled(found[tail]) and (self.waiting or not dialogue):
            if tail not in self.waiting:
                self.waiting.append(tail)
        else:
            self.waiting = []
        self.kind = kind if tail is not None else ""
        self.cued_dash = kind == "dash" and tail is not None and found[tail].speaker is not None

    def stop(self) -> None:
        """A paragraph that is no speech ends every run."""
        self.waiting, self.kind, self.cued_dash = [], "", False


def _unsettled(statement: Statement) -> bool:
    return statement.speaker is None and statement.cue == UNSETTLED
