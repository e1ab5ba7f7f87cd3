"""The words press English uses to mark speech: cue verbs, asides, pronouns.

Every rule of attribution builds its patterns from these pieces, so a verb added here is known
to quotes, dash-led speech and reported speech alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

CUE_VERBS = (
    "said says stated states noted notes stressed stresses emphasized emphasised emphasizes "
    "emphasises underlined underlines underscored underscores added adds remarked pointed "
    "announced announces declared declares urged urges proposed proposes suggested suggests "
    "assured assures confirmed confirms thanked thanks praised informed told explained "
    "explains recalled recalls mentioned mentions reiterated reiterates highlighted highlights "
    "acknowledged acknowledges voiced conveyed congratulated expressed expresses appreciated "
    "appreciates believes hoped hopes insisted warned argued promised pledged asserted affirmed "
    "observed commented replied answered responded concluded continued shared outlined "
    "claimed admitted wrote called commended hailed lauded condemned criticized criticised "
    "reaffirmed asked asks"
).split()
ASIDE = r"(?:,\s+(?:[a-z]+\s+){0,3}[a-z]+,)?"
"""'X, in turn, thanked …', 'X, in clear terms, said …': a short lower-case aside between the
speaker and the verb."""
ADVERB = rf"{ASIDE}\s*(?:[a-z]+ly\s+|also\s+|then\s+|further\s+|once\s+again\s+|again\s+)*"


def alternatives(words: Sequence[str]) -> str:
    """A regex alternation of words grouped by first letter: the same matches, found with a
    few tries per position instead of one per word (it runs on every word of a corpus)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in groups.items()) + ")"


VERB = alternatives(CUE_VERBS)
WELCOMED = (
    r"welcome[sd]\b(?=\s+(?!(?:the\s+|a\s+|our\s+)?(?:guests?|delegations?|visitors?|"
    r"participants|him|her|them|everyone|[A-Z])))"
)
"""'welcomed the decision' reports a view; 'welcomed the guests' or 'welcomed Xi' is an act."""
REPORTING_VERB = rf"(?:{VERB}|{WELCOMED})"
PRONOUN = r"(?:he|she)"
ANY_CUE_VERB = re.compile(rf"\b{VERB}\b", re.IGNORECASE)
ANY_PRONOUN = re.compile(rf"\b{PRONOUN}\b", re.IGNORECASE)
