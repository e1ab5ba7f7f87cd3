"""A deterministic, news-like synthetic corpus and query set for the search benchmark.

Documents read like state-visit press releases: titled, dated, with narrative paragraphs,
dash-led quotes, “…,” said X quotes and reported speech, so attribution is exercised too.
The same seed always gives the same corpus and the same queries.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

SYLLABLES = (
    "ka ra mo li sa ven tor al ben dor fi gal hen is jor kel lum mar nor pel quin ros sul tam "
    "ul var wen yor zan bek dar est far gim hol ir jas kor lan mir nas ost pur riv sten tav "
    "ur vol wik yar zor ath bel cor dun el fen gor har in jun kas lor mun nol or pra rud sel"
).split()
TOPICS = (
    "trade energy transport agriculture logistics railways ports aviation tourism education "
    "healthcare pharmaceuticals water irrigation metallurgy mining petrochemicals finance "
    "banking insurance telecommunications broadband satellites space science research "
    "innovation startups manufacturing textiles machinery automotive batteries hydrogen "
    "solar wind nuclear grain wheat cotton livestock fisheries forestry climate ecology "
    "culture sports youth archives museums heritage security customs migration digitalization "
    "cybersecurity infrastructure housing construction cement steel copper uranium lithium"
).split()
ADJECTIVES = (
    "bilateral regional strategic comprehensive sustainable mutual joint practical promising "
    "long-term reliable stable dynamic innovative green digital modern efficient transparent "
    "balanced constructive productive fruitful historic unprecedented significant fundamental "
    "multilateral cross-border interregional industrial agricultural scientific educational "
    "cultural humanitarian economic financial technological logistical investment"
).split()
NOUNS = (
    "partnership cooperation dialogue agreement roadmap initiative project program corridor "
    "hub cluster zone plant facility center fund platform mechanism council commission forum "
    "memorandum contract investment turnover volume capacity output network route terminal "
    "pipeline station campus laboratory exhibition festival delegation visit summit meeting "
    "consultations negotiations talks relations ties friendship neighborliness trust support"
).split()
VERBS = (
    "expand strengthen develop launch implement modernize diversify increase boost deepen "
    "accelerate promote support build establish open upgrade digitalize finance extend"
).split()
CUES = "said noted stressed emphasized underlined stated added remarked".split()
REPORTED = (
    "noted the progress of",
    "expressed gratitude for",
    "highly appreciated",
    "stressed the importance of",
    "emphasized the need for",
    "pointed out the potential of",
    "welcomed progress in",
)
TITLES = (
    "President",
    "Prime Minister",
    "Minister of Trade",
    "Minister of Energy",
    "Minister of Foreign Affairs",
    "Chairman",
    "Governor",
    "Ambassador",
)
SALAD = (
    "pizza violin glacier umbrella saxophone giraffe marathon lasagna telescope origami "
    "volcano jellyfish trampoline croissant kangaroo skateboard harmonica avalanche "
    "cupcake meteorite flamingo snorkel parachute karaoke yoghurt igloo pinball walrus "
    "tornado espresso cactus gondola hamster chandelier quiz zebra noodle tuxedo"
).split()


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class Speaker:
    name: str
    title: str
    country: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True)
class Paragraph:
    document: str
    number: int
    text: str
    speaker: str | None
    quote: str | None


@dataclass(frozen=True)
class Query:
    kind: str  # fragment | question | salad
    text: str
    document: str | None
    paragraph: int | None
    relevant: list[tuple[str, int]] = field(default_factory=list)
    """Every paragraph that answers it: the one it was taken from, and any other that holds the
    same words verbatim (and, for "what did X say", is X's) — press text repeats set phrases."""


class Generator:
    def __init__(self, seed: int = 7, lexicon: int = 60_000) -> None:
        self.rng = random.Random(seed)
        self.countries = sorted({_word(self.rng, 2) + "ia" for _ in range(80)})
        self.places = sorted({_word(self.rng, 2 + i % 2) for i in range(3000)})
        self.people = [
            Speaker(
                f"{_word(self.rng, 2)} {_word(self.rng, 2 + i % 2)}",
                self.rng.choice(TITLES),
                self.rng.choice(self.countries),
            )
            for i in range(2000)
        ]
        words = sorted({_word(self.rng, 2 + i % 3).lower() for i in range(lexicon)})
        self.rng.shuffle(words)
        self.use_lexicon(words)

    def use_lexicon(self, words: list[str]) -> None:
        """Draw rare words from these, by Zipf's law: the k-th most common word is used about
        1/k as often as the first."""
        self.lexicon = words
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(words) + 1):
            total += 1.0 / rank
            self.cumulative.append(total)

    def rare(self) -> str:
        return self.rng.choices(self.lexicon, cum_weights=self.cumulative)[0]

    def _phrase(self) -> str:
        rng = self.rng
        return f"{rng.choice(ADJECTIVES)} {self.rare()} {rng.choice(NOUNS)} in {rng.choice(TOPICS)}"

    def _clause(self) -> str:
        rng = self.rng
        forms = (
            lambda: (
                f"we intend to {rng.choice(VERBS)} {self._phrase()} with {rng.choice(self.places)}"
            ),
            lambda: (
                f"the {rng.choice(NOUNS)} on {rng.choice(TOPICS)} and {self.rare()} "
                f"will {rng.choice(VERBS)} the {self.rare()} {rng.choice(NOUNS)}"
            ),
            lambda: (
                f"turnover in {rng.choice(TOPICS)} grew by {rng.randint(2, 90)} percent "
                f"in {rng.randint(2015, 2025)} thanks to the {self.rare()} {rng.choice(NOUNS)}"
            ),
            lambda: (
                f"{rng.choice(self.places)} and {rng.choice(self.places)} will host a "
                f"{rng.choice(ADJECTIVES)} {self.rare()} {rng.choice(NOUNS)} "
                f"on {rng.choice(TOPICS)}"
            ),
            lambda: (
                f"the {self.rare()} {rng.choice(NOUNS)} near {rng.choice(self.places)} "
                f"opens in {rng.randint(2025, 2035)} with {rng.randint(100, 9000)} "
                f"{self.rare()} jobs"
            ),
            lambda: (
                f"our {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} with "
                f"{rng.choice(self.countries)} rests on {self.rare()} and {self.rare()}"
            ),
            lambda: (
                f"{rng.choice(TOPICS)} companies from {rng.choice(self.places)} signed "
                f"{rng.randint(2, 40)} contracts on {self.rare()} {rng.choice(TOPICS)}"
            ),
        )
        return rng.choice(forms)()

    def _sentence(self) -> str:
        clause = self._clause()
        return clause[0].upper() + clause[1:] + "."

    def document(self, index: int, paragraphs: int) -> tuple[str, list[Paragraph]]:
        rng = self.rng
        host, guest = rng.sample(self.people, 2)
        doc_id = f"doc{index:05d}"
        date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        title = (
            f"{host.title} of {host.country} {host.name} held talks with "
            f"{guest.title} of {guest.country} {guest.name}"
        )
        out: list[Paragraph] = []
        for number in range(1, paragraphs + 1):
            speaker = rng.choice((host, guest))
            style = rng.random()
            body = " ".join(self._sentence() for _ in range(rng.randint(1, 3)))
            if style < 0.25:
                quote = body[:-1]
                who = f"{speaker.title} of {speaker.country} {speaker.name}"
                text = f"“{quote},” {rng.choice(CUES)} {who}."
            elif style < 0.45:
                quote = body[:-1]
                text = f"– {quote}, – {speaker.surname} {rng.choice(CUES)}."
            elif style < 0.6:
                quote = f"{rng.choice(REPORTED)} {self._phrase()}"
                text = f"{speaker.name} {quote}. {body}"
            else:
                quote, speaker_name = None, None
                place = rng.choice(self.places)
                text = f"In {place}, the delegations discussed {self._phrase()}. {body}"
                out.append(Paragraph(doc_id, number, text, speaker_name, quote))
                continue
            out.append(Paragraph(doc_id, number, text, speaker.name, quote))
        header = f"{title}\n{date.strftime('%B')} {date.day}, {date.year}\n\n"
        return header + "\n".join(p.text for p in out) + "\n", out

    def write(self, folder: Path, paragraphs: int, per_document: int = 20) -> list[Paragraph]:
        folder.mkdir(parents=True, exist_ok=True)
        everything: list[Paragraph] = []
        for index in range(-(-paragraphs // per_document)):
            count = min(per_document, paragraphs - index * per_document)
            text, items = self.document(index, count)
            (folder / f"doc{index:05d}.txt").write_text(text, encoding="utf-8")
            everything.extend(items)
        return everything

    def typo(self, word: str) -> str:
        if len(word) < 5:
            return word
        rng = self.rng
        i = rng.randint(1, len(word) - 2)
        kind = rng.choice(("swap", "drop", "double", "replace"))
        if kind == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if kind == "drop":
            return word[:i] + word[i + 1 :]
        if kind == "double":
            return word[:i] + word[i] + word[i:]
        return word[:i] + rng.choice("aeiourstln") + word[i + 1 :]

    def fragment(self, text: str) -> tuple[str, str]:
        """A few consecutive words with 0–2 typos, and the same words as written."""
        words = [w.strip(".,“”–") for w in text.split()]
        words = [w for w in words if w]
        size = self.rng.randint(4, 7)
        start = self.rng.randint(0, max(0, len(words) - size))
        chosen = words[start : start + size]
        exact = " ".join(chosen)
        for _ in range(self.rng.randint(0, 2)):
            k = self.rng.randrange(len(chosen))
            chosen[k] = self.typo(chosen[k])
        return " ".join(chosen), exact

    def queries(self, paragraphs: list[Paragraph], count: int) -> list[Query]:
        rng = self.rng
        per_kind = count // 3
        out: list[Query] = []
        holders = _Holders(paragraphs)
        for _ in range(per_kind):
            p = rng.choice(paragraphs)
            fragment, exact = self.fragment(p.text)
            found = holders.find(exact, None)
            out.append(Query("fragment", fragment, p.document, p.number, found))
        spoken = [p for p in paragraphs if p.speaker]
        for i in range(per_kind):
            p = rng.choice(spoken)
            fragment, exact = self.fragment(p.quote or p.text)
            surname = p.speaker.split()[-1] if p.speaker else ""
            if i % 2 == 0:
                text, found = f"who said {fragment}?", holders.find(exact, None)
            else:
                text = f"what did {surname} say about {fragment}?"
                found = holders.find(exact, p.speaker)
            out.append(Query("question", text, p.document, p.number, found))
        for _ in range(count - 2 * per_kind):
            out.append(Query("salad", " ".join(rng.sample(SALAD, rng.randint(2, 4))), None, None))
        return out


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class _Holders:
    """Finds every paragraph holding a run of words, in one pass over the joined corpus."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs
        folded = [f" {_words(p.text)} " for p in paragraphs]
        self.starts: list[int] = []
        cursor = 0
        for text in folded:
            self.starts.append(cursor)
            cursor += len(text) + 1
        self.joined = "\n".join(folded)

    def find(self, words: str, speaker: str | None) -> list[tuple[str, int]]:
        needle = f" {_words(words)} "
        found: list[tuple[str, int]] = []
        at = self.joined.find(needle)
        while at >= 0:
            p = self.paragraphs[bisect_right(self.starts, at) - 1]
            if speaker is None or p.speaker == speaker:
                found.append((p.document, p.number))
            at = self.joined.find(needle, at + 1)
        return found
