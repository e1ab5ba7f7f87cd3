"""A second benchmark corpus, unlike the one the engine was tuned on: real English words.

Its vocabulary is the system English word list (Debian's ``wamerican``, installed if missing)
drawn with Zipf's law, so questions are made of more, and more common, real words; the layout is
many small files (10 paragraphs each) with plain sentences, dash-led quotes closed by "said
<First> <Last>", “…” quotes and reported speech. Word salad is made of invented words, since
every English word may stand somewhere in such a corpus. The same seed gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess
from pathlib import Path

from benchmarks.synthetic import Generator, Paragraph, Query, Speaker

WORDS = Path("/usr/share/dict/words")
PER_DOCUMENT = 10
_PLAIN = re.compile(r"^[a-z]{3,12}$")


def word_list() -> list[str]:
    """The system English word list, installing Debian's wamerican when it is missing."""
    if not WORDS.exists() and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wamerican"], check=False, capture_output=True
        )
    if not WORDS.exists():
        raise SystemExit(f"{WORDS} is missing: apt-get install wamerican")
    lines = WORDS.read_text(encoding="utf-8", errors="ignore").split()
    return sorted({w for w in lines if _PLAIN.match(w)})


class EnglishGenerator(Generator):
    def __init__(self, seed: int = 7) -> None:
        super().__init__(seed, lexicon=10)
        rng = self.rng
        words = word_list()
        rng.shuffle(words)
        self.use_lexicon(words)
        names = [w.capitalize() for w in words[-4000:]]
        self.people = [
            Speaker(f"{names[2 * i]} {names[2 * i + 1]}", "Speaker", "Nowhere") for i in range(2000)
        ]

    def _plain(self, low: int, high: int) -> str:
        words = [self.rare() for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def document(self, index: int, paragraphs: int) -> tuple[str, list[Paragraph]]:
        rng = self.rng
        doc_id = f"doc{index:05d}"
        date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        title = self._plain(4, 8)[:-1]
        out: list[Paragraph] = []
        for number in range(1, paragraphs + 1):
            speaker = rng.choice(self.people)
            body = " ".join(self._plain(8, 20) for _ in range(rng.randint(1, 3)))
            style = rng.random()
            if style < 0.25:
                quote = body[:-1]
                text = f"– {quote}, said {speaker.name}."
            elif style < 0.4:
                quote = body[:-1]
                text = f"“{quote},” {speaker.name} said."
            elif style < 0.5:
                quote = self._plain(6, 12)[:-1].lower()
                text = f"{speaker.name} noted that {quote}. {body}"
            else:
                out.append(Paragraph(doc_id, number, body, None, None))
                continue
            out.append(Paragraph(doc_id, number, text, speaker.name, quote))
        header = f"{title}\n{date.isoformat()}\n\n"
        return header + "\n".join(p.text for p in out) + "\n", out

    def write(
        self, folder: Path, paragraphs: int, per_document: int = PER_DOCUMENT
    ) -> list[Paragraph]:
        return super().write(folder, paragraphs, per_document)

    def queries(self, paragraphs: list[Paragraph], count: int) -> list[Query]:
        """The project benchmark's kinds of query; word salad made of invented words."""
        rng = self.rng
        return [
            Query("salad", " ".join(_invented(rng) for _ in range(rng.randint(2, 4))), None, None)
            if q.kind == "salad"
            else q
            for q in super().queries(paragraphs, count)
        ]


def _invented(rng: random.Random) -> str:
    """A word no dictionary has: letter pairs English does not write."""
    return "".join(
        rng.choice(("zq", "xv", "qk", "vz", "jx")) + rng.choice("aeiou") for _ in range(3)
    )
