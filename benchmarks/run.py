"""Search benchmark: visitbot against its peers on the same synthetic corpus and queries.

    python -m benchmarks.run [--sizes 1000 10000 100000] [--queries 300]

Each (size, method) runs in a fresh process pinned to one core (taskset -c 0). Prints, per
size, build time, cold start from the persisted index, latency p50/p95/p99, recall@5 on
typo'd fragments and on question-phrased queries (a hit: a paragraph holding the queried
words; "src": only the paragraph they were cut from), the share of word-salad queries
answered "not found", and peak RSS; then visitbot's ratios to the best peer.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.english import EnglishGenerator
from benchmarks.methods import METHODS
from benchmarks.synthetic import Generator

ROOT = Path(__file__).resolve().parents[1]
SKIP_AT = {"rapidfuzz WRatio": 100_000}
"""Peers too slow to give a useful number at a size (WRatio needs seconds per query there)."""


GENERATORS = {"synthetic": Generator, "english": EnglishGenerator}
"""The project's generator (invented vocabulary, 20-paragraph press releases) and a second one
(real English words, 10-paragraph files): figures must hold on a corpus we did not tune on."""


def prepare(
    workdir: Path, size: int, count: int, seed: int, kind: str = "synthetic"
) -> tuple[Path, Path]:
    prefix = "" if kind == "synthetic" else f"{kind}-"
    corpus = workdir / f"{prefix}corpus-{size}-{seed}"
    queries = workdir / f"{prefix}queries-v2-{size}-{seed}-{count}.jsonl"
    if not queries.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        generator = GENERATORS[kind](seed)
        items = generator.write(corpus, size)
        lines = [json.dumps(asdict(q)) for q in generator.queries(items, count)]
        queries.write_text("\n".join(lines) + "\n")
    return corpus, queries


def run_one(method: str, corpus: Path, queries: Path, env: dict[str, str]) -> dict[str, Any]:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run(
        [*pin, sys.executable, "-m", "benchmarks.methods", method, str(corpus), str(queries)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        return {"method": method, "error": done.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(size: int, rows: list[dict[str, Any]], kind: str = "synthetic") -> str:
    head = (
        f"{'method':<26} {'build s':>8} {'cold s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'r@5 frag':>8} {'r@5 q':>6} {'src frag':>8} {'src q':>6} "
        f"{'salad∅':>7} {'RSS MB':>7}"
    )
    lines = [f"\n{size:,} paragraphs ({kind} corpus)", head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['method']:<26} failed: {r['error']}")
            continue
        cold = f"{r['cold_s']:7.2f}" if "cold_s" in r else f"{'–':>7}"
        partial = (
            f" ({r['queries']} queries)" if r["queries"] < r.get("asked", r["queries"]) else ""
        )
        lines.append(
            f"{r['method']:<26} {r['build_s']:8.2f} {cold} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} "
            f"{r['p99_ms']:8.2f} {r['recall_fragment']:8.2f} {r['recall_question']:6.2f} "
            f"{r['source_fragment']:8.2f} {r['source_question']:6.2f} "
            f"{r['salad_empty']:7.2f} {r['peak_rss_mb']:7.0f}{partial}"
        )
    ours = next((r for r in rows if r["method"] == "visitbot" and "error" not in r), None)
    peers = [r for r in rows if r["method"] != "visitbot" and "error" not in r]
    if ours and peers:
        fastest = min(peers, key=lambda r: r["p50_ms"])
        best_fragment = max(peers, key=lambda r: r["recall_fragment"])
        best_question = max(peers, key=lambda r: r["recall_question"])
        fragment_gap = ours["recall_fragment"] - best_fragment["recall_fragment"]
        question_gap = ours["recall_question"] - best_question["recall_question"]
        lines.append(
            f"visitbot vs best peer: p50 {ours['p50_ms'] / fastest['p50_ms']:.2f}× "
            f"({fastest['method']}); recall fragments {fragment_gap:+.2f} "
            f"({best_fragment['method']}); recall questions {question_gap:+.2f} "
            f"({best_question['method']})"
        )
    if ours and "build_rss_mb" in ours:
        lines.append(
            f"visitbot peak RSS while indexing: {ours['build_rss_mb']:.0f} MB; "
            f"build on {ours.get('build_cores', 1):.0f} core(s), questions on one"
        )
    if ours and "add_s" in ours:
        lines.append(
            f"visitbot: adding one 20-paragraph file {ours['add_s']:.2f} s in-process "
            f"(spread {ours['add_spread_s']:.2f} s over 3; `visitbot index` for a change "
            f"{ours['index_command_s']:.2f} s wall); one-shot `visitbot ask` "
            f"{ours['ask_s']:.2f} s wall; serving RSS after the queries "
            f"{ours['serving_rss_mb']:.0f} MB"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--corpus", choices=list(GENERATORS), default="synthetic")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "visitbot-bench"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "VISITBOT_CACHE_DIR": str(args.workdir / "cache"),
        "NUMBA_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        # The code beside this script, even when another checkout is installed.
        "PYTHONPATH": os.pathsep.join(str(ROOT / part) for part in ("src", "bot", ".")),
    }
    results: dict[int, list[dict[str, Any]]] = {}
    for size in args.sizes:
        corpus, queries = prepare(args.workdir, size, args.queries, args.seed, args.corpus)
        rows = []
        for method in args.methods:
            if size >= SKIP_AT.get(method, 1 << 62):
                continue
            row = run_one(method, corpus, queries, env)
            row["asked"] = args.queries
            rows.append(row)
            print(f"  {size:>7} {method}: done", file=sys.stderr, flush=True)
        results[size] = rows
        print(table(size, rows, args.corpus), flush=True)
    ours = {
        s: next((r for r in rows if r["method"] == "visitbot" and "p50_ms" in r), None)
        for s, rows in results.items()
    }
    sized = sorted(s for s, r in ours.items() if r)
    if len(sized) >= 2:
        low, high = sized[-2], sized[-1]
        growth = ours[high]["p50_ms"] / ours[low]["p50_ms"]  # type: ignore[index]
        print(f"\nvisitbot p50 latency grows {growth:.1f}× from {low:,} to {high:,} paragraphs")


if __name__ == "__main__":
    main()
