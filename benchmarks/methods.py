"""One search method measured in its own process: build, cold start, latency, recall, memory.

Run by benchmarks.run as ``python -m benchmarks.methods METHOD CORPUS QUERIES`` (pinned to one
core with taskset); prints one JSON object. Every method answers the same queries on the same
paragraphs; a hit is a paragraph that answers the query (the one it was taken from, or another
holding the same words verbatim) among the first five results.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from visitbot.corpus import corpus_files, load_documents

Searcher = Callable[[str], list[tuple[str, int]]]
TOP = 5
BRUTE_FORCE_BUDGET_S = 60.0
"""Brute-force peers stop after this much query time; their figures cover what they finished."""


def paragraphs(corpus: Path) -> list[tuple[str, int, str]]:
    documents = load_documents(corpus_files(corpus))
    return [(d.id, p.number, p.text) for d in documents for p in d.paragraphs]


ADDED = "zz-benchmark-added.txt"
"""The file the incremental measurement adds to the corpus (and takes away again)."""
ADD_SCRIPT = """
import sys, time
from pathlib import Path
from visitbot.engine import Engine
started = time.perf_counter()
engine = Engine.load(Path(sys.argv[1]))
print(time.perf_counter() - started, engine.index.documents_read)
"""


def _added_article(corpus: Path) -> str:
    """A 20-paragraph article in the corpus's own words (its first file's, shuffled)."""
    first = min(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    lines = [line for line in first.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[2:] * (1 + 20 // max(1, len(lines) - 2))
    return "\n".join(["An added article", "June 1, 2025", *body[:20][::-1]]) + "\n"


def _python(*args: str, cores: list[int]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, cores),
    )


def build_visitbot(corpus: Path) -> tuple[Searcher, dict[str, float]]:
    """Index in a child process (as ``visitbot index`` does), then start from the saved index;
    then, in child processes: a one-shot question (wall), and adding one 20-paragraph file
    (the update, timed inside the process, and the whole ``visitbot index`` command)."""
    from visitbot.engine import Engine

    # The build may use every core the machine has (the questions below stay on one).
    cores = list(range(os.cpu_count() or 1))
    started = time.perf_counter()
    _python(
        "-m", "visitbot_bot", "index", "--full", "--quiet", "--corpus", str(corpus), cores=cores
    )
    build = time.perf_counter() - started
    build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    asks = []
    for _ in range(3):
        started = time.perf_counter()
        _python("-m", "visitbot_bot", "ask", "talks", "--corpus", str(corpus), cores=[0])
        asks.append(time.perf_counter() - started)
    added = corpus / ADDED
    adds, commands = [], []
    try:
        for _ in range(3):
            added.write_text(_added_article(corpus), encoding="utf-8")
            seconds, read = _python("-c", ADD_SCRIPT, str(corpus), cores=cores).stdout.split()
            if read != "1":
                raise RuntimeError(f"adding one file read {read} documents")
            adds.append(float(seconds))
            added.unlink()
            started = time.perf_counter()
            _python("-m", "visitbot_bot", "index", "--quiet", "--corpus", str(corpus), cores=cores)
            commands.append(time.perf_counter() - started)  # the file's removal, as a command
    finally:
        added.unlink(missing_ok=True)
    started = time.perf_counter()
    engine = Engine.load(corpus)
    cold = time.perf_counter() - started
    if engine.cache_file is not None:
        raise RuntimeError("the persisted index was not used")
    engine.warm()  # as `visitbot run` does before serving

    def search(question: str) -> list[tuple[str, int]]:
        return [(a.document.id, a.paragraph) for a in engine.ask(question, top=TOP).answers]

    figures = {
        "build_s": build,
        "cold_s": cold,
        "ask_s": sorted(asks)[1],
        "add_s": sorted(adds)[1],
        "add_spread_s": max(adds) - min(adds),
        "index_command_s": sorted(commands)[1],
        "build_rss_mb": build_rss,
    }
    return search, {**figures, "build_cores": len(cores)}


def build_rapidfuzz(corpus: Path, scorer_name: str) -> tuple[Searcher, dict[str, float]]:
    from rapidfuzz import fuzz, process, utils

    started = time.perf_counter()
    items = paragraphs(corpus)
    texts = [utils.default_process(t) for _, _, t in items]
    build = time.perf_counter() - started
    scorer = getattr(fuzz, scorer_name)

    def search(question: str) -> list[tuple[str, int]]:
        found = process.extract(
            utils.default_process(question),
            texts,
            scorer=scorer,
            processor=None,
            limit=TOP,
            score_cutoff=1,
        )
        return [(items[i][0], items[i][1]) for _, _, i in found]

    return search, {"build_s": build}


def build_bm25s(corpus: Path, backend: str) -> tuple[Searcher, dict[str, float]]:
    import bm25s

    started = time.perf_counter()
    items = paragraphs(corpus)
    retriever = bm25s.BM25(backend=backend)
    retriever.index(
        bm25s.tokenize([t for _, _, t in items], stopwords="en", show_progress=False),
        show_progress=False,
    )
    build = time.perf_counter() - started

    def search(question: str) -> list[tuple[str, int]]:
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, scores = retriever.retrieve(tokens, k=min(TOP, len(items)), show_progress=False)
        return [
            (items[i][0], items[i][1]) for i, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]

    return search, {"build_s": build}


def build_tantivy(corpus: Path, fuzzy: bool) -> tuple[Searcher, dict[str, float]]:
    import tantivy

    started = time.perf_counter()
    items = paragraphs(corpus)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False)
    builder.add_integer_field("row", stored=True, indexed=False, fast=False)
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for row, (_, _, text) in enumerate(items):
        writer.add_document(tantivy.Document(body=text, row=row))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    build = time.perf_counter() - started

    def query_of(question: str) -> Any:
        words = re.findall(r"\w+", question.lower())
        if not words:
            return None
        if not fuzzy:
            return index.parse_query(" ".join(words), ["body"])
        clauses = []
        for word in words:
            clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", word)))
            if len(word) > 3:
                clauses.append(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.fuzzy_term_query(schema, "body", word, distance=1),
                    )
                )
        return tantivy.Query.boolean_query(clauses)

    def search(question: str) -> list[tuple[str, int]]:
        query = query_of(question)
        if query is None:
            return []
        hits = searcher.search(query, TOP).hits
        rows = [searcher.doc(address)["row"][0] for _, address in hits]
        return [(items[r][0], items[r][1]) for r in rows]

    return search, {"build_s": build}


METHODS: dict[str, Callable[[Path], tuple[Searcher, dict[str, float]]]] = {
    "visitbot": build_visitbot,
    "rapidfuzz token_set_ratio": lambda c: build_rapidfuzz(c, "token_set_ratio"),
    "rapidfuzz WRatio": lambda c: build_rapidfuzz(c, "WRatio"),
    "bm25s numpy": lambda c: build_bm25s(c, "numpy"),
    "bm25s numba": lambda c: build_bm25s(c, "numba"),
    "tantivy default": lambda c: build_tantivy(c, fuzzy=False),
    "tantivy fuzzy d=1": lambda c: build_tantivy(c, fuzzy=True),
}
BRUTE_FORCE = {"rapidfuzz token_set_ratio", "rapidfuzz WRatio"}


def measure(method: str, corpus: Path, queries: list[dict[str, Any]]) -> dict[str, Any]:
    search, figures = METHODS[method](corpus)
    for query in queries[:5]:  # warm-up (numba compiles here)
        search(query["text"])
    latencies: list[float] = []
    hits = {"fragment": 0, "question": 0, "salad": 0}
    sources = {"fragment": 0, "question": 0}
    asked = {"fragment": 0, "question": 0, "salad": 0}
    spent = 0.0
    for query in queries:
        if method in BRUTE_FORCE and spent > BRUTE_FORCE_BUDGET_S:
            break
        started = time.perf_counter()
        found = search(query["text"])
        elapsed = time.perf_counter() - started
        spent += elapsed
        latencies.append(elapsed)
        kind = query["kind"]
        asked[kind] += 1
        if kind == "salad":
            hits[kind] += not found
        else:
            source = (query["document"], query["paragraph"])
            relevant = {tuple(r) for r in query["relevant"]} | {source}
            hits[kind] += any(hit in relevant for hit in found)
            sources[kind] += source in found
    latencies.sort()

    def percentile(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {
        "method": method,
        **figures,
        "queries": len(latencies),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "recall_fragment": hits["fragment"] / max(1, asked["fragment"]),
        "recall_question": hits["question"] / max(1, asked["question"]),
        "salad_empty": hits["salad"] / max(1, asked["salad"]),
        "source_fragment": sources["fragment"] / max(1, asked["fragment"]),
        "source_question": sources["question"] / max(1, asked["question"]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "serving_rss_mb": _resident_mb(),
    }


def _resident_mb() -> float:
    """This process's resident memory now, after the queries (Linux; else its peak)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
    return int(kilobytes.group(1)) / 1024 if kilobytes else 0.0


def main() -> None:
    method, corpus, queries = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    loaded = [json.loads(line) for line in queries.read_text().splitlines()]
    print(json.dumps(measure(method, corpus, loaded)))


if __name__ == "__main__":
    main()
