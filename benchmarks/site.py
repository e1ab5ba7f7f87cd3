"""How fast the static site is written (``visitbot site``), on generated corpora.

For each size: the corpus is generated (``benchmarks.synthetic``: state-visit press releases
with quotes and reported speech, 20 paragraphs each, or ``--corpus english``: 10 paragraphs of
real English words) and indexed once; then the site is written from scratch into a new folder
``--repeats`` times (median and spread), written again with nothing changed, and brought up to
date after one article is added (the bot's path after an upload). The whole command
(``visitbot site``, interpreter start and mapping the saved index included) is timed too.
Prints figures; asserts nothing (targets: 100 documents ≤ 2 s, 10,000 ≤ 60 s).

    python -m benchmarks.site [--sizes 100 10000] [--repeats 3] [--corpus synthetic|english]
                              [--work DIR] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.english import PER_DOCUMENT as ENGLISH_PER_DOCUMENT
from benchmarks.english import EnglishGenerator
from benchmarks.synthetic import Generator

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC_PER_DOCUMENT = 20


def generate(kind: str, documents: int, folder: Path) -> int:
    """Write ``documents`` articles into ``folder``; returns paragraphs per article."""
    if kind == "english":
        EnglishGenerator(seed=11).write(folder, documents * ENGLISH_PER_DOCUMENT)
        return ENGLISH_PER_DOCUMENT
    Generator(seed=11).write(folder, documents * SYNTHETIC_PER_DOCUMENT, SYNTHETIC_PER_DOCUMENT)
    return SYNTHETIC_PER_DOCUMENT


def size_of(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


class Clock:
    """Wall time, and CPU time of this process and its finished children (the forked workers,
    the command run as a subprocess): user time is the site's own work; system time is the
    kernel's, mostly creating files, which on this VM costs from 0.02 to 1 ms a file."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.times = os.times()

    def user(self) -> float:
        now = os.times()
        return now.user + now.children_user - self.times.user - self.times.children_user

    def system(self) -> float:
        now = os.times()
        return now.system + now.children_system - self.times.system - self.times.children_system

    def text(self) -> str:
        wall = time.perf_counter() - self.wall
        user, system = self.user(), self.system()
        cpu = f"{user + system:.2f} s CPU ({user:.2f} user + {system:.2f} system)"
        return f"{wall:.2f} s wall, {cpu}"


def measure(kind: str, documents: int, repeats: int, work: Path, workers: int | None) -> list[str]:
    from visitbot.engine import Engine
    from visitbot.site import write_site
    from visitbot.workers import cores

    corpus = work / f"{kind}-{documents}"
    per = generate(kind, documents, corpus)
    started = time.perf_counter()
    engine = Engine.load(corpus)
    indexed = time.perf_counter() - started
    progress = sys.stderr.isatty()
    fresh: list[float] = []
    fresh_user: list[float] = []
    fresh_system: list[float] = []
    out = work / f"site-{documents}"
    load_before = os.getloadavg()[0]
    for _ in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        clock = Clock()
        done = write_site(engine, out, progress=progress, workers=workers)
        fresh.append(done.seconds)
        fresh_user.append(clock.user())
        fresh_system.append(clock.system())
    clock = Clock()
    again = write_site(engine, out, workers=workers)
    again_time = clock.text()
    extra = work / "extra"
    generate(kind, documents + 1, extra)
    last = sorted(extra.iterdir())[-1]
    shutil.copy(last, corpus / last.name)
    updated_engine = Engine.load(corpus)
    clock = Clock()
    update = write_site(updated_engine, out, workers=workers)
    update_time = clock.text()
    command_out = work / f"command-{documents}"
    shutil.rmtree(command_out, ignore_errors=True)
    clock = Clock()
    command_line = [sys.executable, "-m", "visitbot_bot", "site", "--quiet"]
    subprocess.run(
        [*command_line, "--corpus", str(corpus), "-o", str(command_out)],
        check=True,
        capture_output=True,
    )
    command = clock.text()
    spread = max(fresh) - min(fresh)
    user, system = statistics.median(fresh_user), statistics.median(fresh_system)
    processes = cores() if workers is None else workers
    return [
        f"{documents:,} documents ({per} paragraphs each, {kind}; {len(engine.statements):,} "
        f"statements, {len(engine.people):,} people); {cores()} core(s), {processes} process(es) "
        "for large writes",
        f"  indexing the corpus first: {indexed:.2f} s (not part of the site's time)",
        f"  site from scratch: median {statistics.median(fresh):.2f} s wall, "
        f"spread {spread:.2f} s over {repeats} ({', '.join(f'{s:.2f}' for s in fresh)}); "
        f"median CPU {user + system:.2f} s ({user:.2f} user + {system:.2f} system) "
        f"({done.pages:,} files, {size_of(out):.1f} MB)",
        f"  again, nothing changed: {again_time} ({again.written} files written)",
        f"  after adding one article: {update_time} ({update.written} files written)",
        f"  whole `visitbot site` command, index already saved: {command}",
        f"  machine load (1-minute average): {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} at the end",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", choices=("synthetic", "english"), default="synthetic")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build",
        help="where the corpora and sites are made (a temporary folder inside it; default "
        "build/: on this VM creating a file in /tmp costs ten times as much)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for a large write (default: every core; 1: no worker processes)",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="visitbot-site-bench-", dir=args.work) as scratch:
        work = Path(scratch)
        os.environ["VISITBOT_CACHE_DIR"] = str(work / "cache")
        for documents in args.sizes:
            for line in measure(args.corpus, documents, args.repeats, work, args.workers):
                print(line, flush=True)


if __name__ == "__main__":
    main()
