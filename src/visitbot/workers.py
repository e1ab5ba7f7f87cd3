"""Per-document work on every core: reading people and statements out of each document is
independent of the others once the people are known, so a large corpus is split across worker
processes (forked: they share the parent's documents without copying them) and the results come
back in document order. A progress bar shows on a terminal when asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from visitbot.models import Document

T = TypeVar("T")

PARALLEL_FROM = 2_000
"""Paragraphs from which the work is split across processes: below it, starting workers costs
more than it saves (forking and returning results take about 0.1 s)."""
CHUNK = 16
"""Documents handed to a worker at a time."""

_work: list[tuple[Callable[[Document], Any], Sequence[Document]]] = []
"""The task and documents of the current run, inherited by forked workers."""


def cores() -> int:
    """Cores this process may run on (its affinity, e.g. under taskset, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class PerDocument:
    """Runs one task on every document, in parallel when the corpus is large enough."""

    def __init__(self, workers: int | None = None, progress: bool = False) -> None:
        self.workers = cores() if workers is None else max(1, workers)
        self.progress = progress

    def map(
        self, task: Callable[[Document], T], documents: Sequence[Document], what: str
    ) -> list[T]:
        from tqdm import tqdm  # indexing only

        paragraphs = sum(len(d.paragraphs) for d in documents)
        forking = "fork" in multiprocessing.get_all_start_methods()
        with tqdm(
            total=len(documents), desc=what, unit="doc", disable=not self.progress, leave=False
        ) as bar:
            if self.workers < 2 or paragraphs < PARALLEL_FROM or not forking:
                results = []
                for document in documents:
                    results.append(task(document))
                    bar.update()
                return results
            _work.append((task, documents))
            try:
                with multiprocessing.get_context("fork").Pool(self.workers) as pool:
                    done: list[T] = []
                    for result in pool.imap(_run, range(len(documents)), CHUNK):
                        done.append(result)
                        bar.update()
                    return done
            finally:
                _work.clear()


def _run(i: int) -> Any:
    task, documents = _work[-1]
    return task(documents[i])
