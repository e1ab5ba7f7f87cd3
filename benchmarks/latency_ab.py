"""Before/after latency: the reliability harness's stand-in and questions against the bot of
two source trees, run after run, alternating the order (a shared machine drifts).

    git archive <commit> | tar -x -C /tmp/before
    python -m benchmarks.latency_ab /tmp/before . [--rounds 6] [--paced 300] [--burst 1000]

Per run: the p50 and p95 of 300 questions asked one at a time (after 20 to warm up: latency
without queueing), of 1,000 asked at once, and the bot's CPU per paced question; then per tree
the median and the min–max over the rounds. A tree is NAME=PATH[:SENDS_IN_FLIGHT] or a path.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks import reliability
from benchmarks.reliability import Harness, Question

WARM_UP = 20


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latencies(harness: Harness, asked: list[Question]) -> list[float]:
    answered = harness.answers()
    found = []
    for question in asked:
        handed = harness.standin.delivered.get(question.update_id)
        if handed is not None and question.message_id in answered:
            found.append(1000 * (answered[question.message_id][0][0] - handed))
    return sorted(found)


def quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def run(root: Path, paced: int, burst: int, in_flight: int) -> tuple[float, ...]:
    reliability.ROOT = root  # the bot's code comes from this tree (PYTHONPATH)
    with tempfile.TemporaryDirectory(prefix="visitbot-ab-") as tmp:
        harness = Harness(100, Path(tmp), in_flight)
        await harness.standin.start()
        process = await harness.start_bot()
        try:
            asked: list[Question] = []
            for i in range(WARM_UP + paced):
                if i == WARM_UP:
                    cpu = cpu_seconds(process.pid)
                asked += harness.ask(1)
                await harness.wait_answered(asked[-1:], {}, None, poll=0.001)
            cpu_ms = 1000 * (cpu_seconds(process.pid) - cpu) / paced
            alone = latencies(harness, asked[WARM_UP:])
            at_once = harness.ask(burst)
            await harness.wait_answered(at_once, {}, None)
            queued = latencies(harness, at_once)
        finally:
            await harness.stop(process)
            await harness.standin.stop()
    return (
        quantile(alone, 0.5),
        quantile(alone, 0.95),
        quantile(queued, 0.5),
        quantile(queued, 0.95),
        cpu_ms,
    )


async def main_async(args: argparse.Namespace) -> None:
    logging.getLogger("tornado").setLevel(logging.CRITICAL)
    trees: dict[str, tuple[Path, int]] = {}
    for i, spec in enumerate(args.trees):
        name, _, rest = spec.rpartition("=") if "=" in spec else (f"tree{i}", "", spec)
        path, _, flight = rest.partition(":")
        trees[name or f"tree{i}"] = (Path(path).resolve(), int(flight or 1))
    runs: dict[str, list[tuple[float, ...]]] = {name: [] for name in trees}
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for name in order:
            path, flight = trees[name]
            result = await run(path, args.paced, args.burst, flight)
            runs[name].append(result)
            print(
                f"round {round_} {name:<10} paced p50 {result[0]:6.2f} p95 {result[1]:6.2f} ms"
                f"  burst p50 {result[2]:7.1f} p95 {result[3]:7.1f} ms"
                f"  CPU {result[4]:5.2f} ms per paced question",
                flush=True,
            )
    print(f"\n{args.rounds} rounds, median (min–max)")
    for name, results in runs.items():
        columns = list(zip(*results, strict=True))

        def spread(values: tuple[float, ...]) -> str:
            return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"

        print(
            f"{name:<10} paced p50 {spread(columns[0])} ms  burst p50 {spread(columns[2])} ms"
            f"  CPU {spread(columns[4])} ms per paced question"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", help="NAME=PATH[:SENDS_IN_FLIGHT] or PATH")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--burst", type=int, default=1000)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
