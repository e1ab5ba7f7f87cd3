"""Who said what: statements found by how press English marks speech.

One module per convention, run by the coordinator:

- ``people``: names and roles learned from the articles' appositions (``countries``: demonyms);
- ``cues``: speech verbs and asides; ``context``: the reader's memory, cue and pronoun resolution;
- ``dash``: dash-led speech; ``quotes``: quoted speech; ``reported``: reported speech;
- ``coordinator``: precedence between the rules, statements as verbatim slices.
"""

from visitbot.attribution.coordinator import Attributor
from visitbot.attribution.people import learn_people

__all__ = ["Attributor", "learn_people"]
