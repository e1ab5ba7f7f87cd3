"""Who said what: statements found by how press English marks speech.

One module per convention, run by the coordinator:

- ``people``: names and roles learned from the articles' appositions (``countries``: demonyms;
  ``identity``: one person across spellings); ``transcript``: speaker labels and turns;
- ``cues``: speech verbs and asides; ``context``: the reader's memory, cue and pronoun resolution;
- ``dash``: dash-led speech; ``marks``, ``quotes``: quote marks and quoted speech;
  ``cue_clauses``: comma-set trailing and inserted cues; ``reported``: reported speech;
  ``continuation``: speech over several paragraphs;
- ``coordinator``: precedence between the rules, statements as verbatim slices.
"""

from visitbot.attribution.coordinator import Attributor
from visitbot.attribution.people import introductions, people_from

__all__ = ["Attributor", "introductions", "people_from"]
