"""Load, fault and restart harness: the real bot (``visitbot run``, polling) against the
stand-in Bot API server on 127.0.0.1.

    python -m benchmarks.reliability [--burst 1000] [--soak 10000] [--chats 100]

Scenarios: a burst, a soak, a burst under injected faults, SIGTERM mid-burst, and SIGKILL
mid-burst followed by a restart, three times at different moments. For each it counts
questions answered exactly once, answered twice, answered in the wrong chat and lost, as the
server saw them and as the bot's journal saw them (answered, in doubt, missing); reply latency
(update handed out by getUpdates → answer received); the bot's peak RSS and RSS growth between
the first and last thousand answers; ERROR/Traceback lines in the bot's log; the log lines
per handled update (JSON logs); and the bot's /metrics scraped before and after, whose counts
must equal what the harness sent. Every request loop is bounded in count and time and talks
to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from standin import Fault, StandIn  # noqa: E402
from telegram_fakes import TOKEN  # noqa: E402
from visitbot_bot.metrics import quantile  # noqa: E402

QUESTIONS = (
    [
        json.loads(line)["q"]
        for line in (ROOT.parent / "shared" / "eval" / "dev_questions.jsonl")
        .read_text()
        .splitlines()
        if line.strip()
    ]
    if (ROOT.parent / "shared" / "eval" / "dev_questions.jsonl").exists()
    else [
        "Who said China will always be a reliable support?",
        "What did Tokayev say about cooperation?",
        "golden thirty years",
    ]
)
BLOCKED_CHAT = 1005
MIGRATING_GROUP = -2003
MIGRATED_TO = -1_000_000_2003
WAIT_LIMIT_S = 180.0
"""How long a scenario waits for its answers (at least 20 answers a second: a soak of 10,000
gets 500 s)."""


@dataclass
class Question:
    chat: int
    message_id: int
    update_id: int = 0


@dataclass
class Report:
    name: str
    asked: int = 0
    once: int = 0
    twice: int = 0
    wrong_chat: int = 0
    lost: int = 0
    blocked: int = 0
    latencies: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    rss_growth: float | None = None
    errors_in_log: int = 0
    token_in_log: bool = False
    seconds: float = 0.0
    note: str = ""
    journal_answered: int = 0
    journal_doubt: int = 0
    journal_missing: int = 0
    metrics_match: bool = True
    metrics_note: str = ""
    log_lines: int = 0
    log_updates: int = 0
    log_most: int = 0
    """Most INFO lines one process wrote for one update (the target is 1)."""
    lag_p99_ms: float | None = None
    journal_us: float | None = None
    """Time the journal's statements took per handled update, on the event loop."""

    def p(self, q: float) -> float:
        lat = sorted(self.latencies) or [0.0]
        return 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]

    def row(self) -> str:
        growth = f"{100 * self.rss_growth:+.1f}%" if self.rss_growth is not None else "–"
        per = f"{self.log_lines / self.log_updates:.2f}" if self.log_updates else "–"
        lag = f"{self.lag_p99_ms:.1f}" if self.lag_p99_ms is not None else "–"
        return (
            f"{self.name:<18} {self.asked:>6} {self.once:>6} {self.twice:>5} {self.wrong_chat:>5} "
            f"{self.lost:>5} {self.blocked:>7} {self.journal_answered:>6} {self.journal_doubt:>5} "
            f"{self.journal_missing:>5} {self.p(0.5):>7.1f} {self.p(0.95):>7.1f} "
            f"{self.p(0.99):>7.1f} {self.peak_rss_mb:>6.0f} {growth:>7} {self.errors_in_log:>6} "
            f"{'ok' if self.metrics_match else 'NO':>7} {per:>7} {lag:>6} {self.seconds:>6.1f}"
        )


HEADER = (
    f"{'scenario':<18} {'asked':>6} {'once':>6} {'twice':>5} {'wrong':>5} {'lost':>5} "
    f"{'blocked':>7} {'j.ans':>6} {'j.dbt':>5} {'j.mis':>5} {'p50 ms':>7} {'p95 ms':>7} "
    f"{'p99 ms':>7} {'RSS MB':>6} {'growth':>7} {'errors':>6} {'metrics':>7} {'log/upd':>7} "
    f"{'lag99':>6} {'secs':>6}"
)
LEGEND = """\
once/twice/wrong/lost: as the stand-in Bot API server saw the answers; blocked: questions from
a chat that blocked the bot. j.ans/j.dbt/j.mis: as the bot's journal saw them: answer
acknowledged by Telegram; in doubt (sent but never acknowledged, or sent again after a
restart: the only answers that may have gone out twice); nothing journaled. metrics: every
counter scraped from /metrics (after minus before) equals what the harness sent. log/upd: INFO
lines per handled update (one per process that handled it). lag99: the event loop's p99 lag
(ms), from the bot's own probe."""


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Harness:
    def __init__(self, chats: int, workdir: Path, in_flight: int = 1) -> None:
        self.in_flight = in_flight
        self.standin = StandIn()
        self.chats = [1000 + i for i in range(chats * 7 // 10)] + [
            -2000 - i for i in range(chats - chats * 7 // 10)
        ]
        self.workdir = workdir
        self.next_message = 10_000
        self.questions: dict[int, Question] = {}
        self.log = workdir / "bot.log"
        self.blocked: set[int] = set()
        self.port = free_port()

    async def start_bot(self) -> asyncio.subprocess.Process:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "VISITBOT_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=self.standin.base_url,
            VISITBOT_LOG_LEVEL="INFO",
            VISITBOT_LOG_FORMAT="json",
            VISITBOT_METRICS_PORT=str(self.port),
            VISITBOT_USER_RATE="600",
            VISITBOT_SENDS_PER_SECOND="10000",
            VISITBOT_GROUP_SENDS_PER_MINUTE="100000",
            VISITBOT_SENDS_IN_FLIGHT=str(self.in_flight),
            VISITBOT_CACHE_DIR=str(self.workdir / "cache"),
            VISITBOT_DATA_DIR=str(self.workdir / "data"),
            PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT / "bot"),
        )
        handle = self.log.open("ab")
        launched = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "visitbot_bot",
            "run",
            env=env,
            cwd=self.workdir,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=handle,
            stderr=handle,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # this process's first poll (not a previous one's)
            if any(m == "getUpdates" and at >= launched for at, m, _ in self.standin.timeline):
                return process
            await asyncio.sleep(0.05)
        raise AssertionError("the bot did not poll within 60 s")

    async def scrape(self) -> Counter[str]:
        """Every sample of the bot's /metrics, by name and labels."""
        async with httpx.AsyncClient(timeout=10) as client:
            text = (await client.get(f"http://127.0.0.1:{self.port}/metrics")).text
        samples: Counter[str] = Counter()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                samples[f"{sample.name}{{{labels}}}"] = sample.value
        return samples

    def ask(self, count: int) -> list[Question]:
        asked = []
        for _ in range(count):
            i = len(self.questions)
            chat = self.chats[i % len(self.chats)]
            self.next_message += 1
            text = QUESTIONS[i % len(QUESTIONS)]
            if chat < 0:
                text = f"/ask {text}"
            body: dict[str, Any] = {
                "message_id": self.next_message,
                "date": int(time.time()),
                "chat": {
                    "id": chat,
                    "type": "private" if chat > 0 else "group",
                    "title": "G",
                    "first_name": "U",
                },
                "from": {"id": abs(chat), "is_bot": False, "first_name": "U"},
                "text": text,
            }
            if text.startswith("/"):
                body["entities"] = [{"type": "bot_command", "offset": 0, "length": 4}]
            question = Question(chat, self.next_message)
            question.update_id = self.standin.push("message", body)
            self.questions[self.next_message] = question
            asked.append(question)
        return asked

    def answers(self) -> dict[int, list[tuple[float, int]]]:
        """message id asked → [(time, chat)] of every first part that replied to it."""
        out: dict[int, list[tuple[float, int]]] = {}
        for at, method, params in self.standin.timeline:
            reply = params.get("reply_parameters")
            if method != "sendMessage" or not isinstance(reply, dict):
                continue
            out.setdefault(int(reply["message_id"]), []).append((at, int(params["chat_id"])))
        return out

    async def wait_answered(
        self,
        asked: list[Question],
        rss_at: dict[int, float],
        pid: int | None,
        limit: float = WAIT_LIMIT_S,
        poll: float = 0.05,
        base: int = 0,
    ) -> float:
        """Wait until every question is answered; RSS is read at this process's 1000th answer
        (``base``: answers a previous process gave) and at the last one."""
        started = time.monotonic()
        peak = 0.0
        while time.monotonic() - started < limit:
            answered = self.answers()
            done = sum(1 for q in asked if q.message_id in answered or q.chat in self.blocked)
            if pid:
                rss = rss_mb(pid)
                peak = max(peak, rss)
                for mark in (base + 1000, len(asked)):
                    if done >= mark and mark not in rss_at:
                        rss_at[mark] = rss
            if done >= len(asked):
                break
            await asyncio.sleep(poll)
        return peak

    def report(self, name: str, asked: list[Question], seconds: float) -> Report:
        answered = self.answers()
        report = Report(name, asked=len(asked), seconds=seconds)
        for question in asked:
            replies = answered.get(question.message_id, [])
            if question.chat in self.blocked:
                report.blocked += 1
                continue
            if not replies:
                report.lost += 1
                continue
            right = {question.chat} | ({MIGRATED_TO} if question.chat == MIGRATING_GROUP else set())
            report.wrong_chat += sum(1 for _, chat in replies if chat not in right)
            if len(replies) == 1:
                report.once += 1
            else:
                report.twice += 1
            delivered = self.standin.delivered.get(question.update_id)
            if delivered is not None:
                report.latencies.append(replies[0][0] - delivered)
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        report.token_in_log = TOKEN in text or TOKEN.split(":")[1] in text
        lines: Counter[tuple[int, int]] = Counter()
        for line in text.splitlines():
            if line.startswith("Traceback"):
                report.errors_in_log += 1
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            if record.get("level") == "ERROR":
                report.errors_in_log += 1
            if record.get("logger") == "visitbot_bot.updates" and record.get("level") == "INFO":
                lines[(record["pid"], record["update_id"])] += 1
        report.log_lines = sum(lines.values())
        report.log_updates = len(lines)
        report.log_most = max(lines.values(), default=0)
        self.journal_view(report, asked)
        return report

    def journal_view(self, report: Report, asked: list[Question]) -> None:
        """Each question as the journal saw it: its answer acknowledged by Telegram, in doubt
        (begun but never acknowledged, or begun again after a restart), or not there."""
        path = self.workdir / "data" / "journal.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT reply_to, message_id, attempts FROM sends WHERE page = 0"
            ).fetchall()
        answers = {reply_to: (message_id, attempts) for reply_to, message_id, attempts in rows}
        for question in asked:
            if question.chat in self.blocked:
                continue
            found = answers.get(question.message_id)
            if found is None:
                report.journal_missing += 1
            elif found[0] is None or found[1] > 1:
                report.journal_doubt += 1
            else:
                report.journal_answered += 1

    async def handled(self, count: int, limit: float = 30.0) -> None:
        """Wait until the bot's metrics show ``count`` updates handled."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if delta(await self.scrape(), Counter(), "visitbot_updates_total") >= count:
                return
            await asyncio.sleep(0.1)

    def handed_since(self, since: float) -> int:
        """Distinct updates getUpdates handed out since ``since``."""
        return len({u for at, ids in self.standin.handouts if at >= since for u in ids})

    async def stop(self, process: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> int:
        if process.returncode is None:
            process.send_signal(sig)
        return await asyncio.wait_for(process.wait(), 60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def delta(after: Counter[str], before: Counter[str], name: str, **labels: str) -> float:
    """A counter's growth between two scrapes, summed over the label sets that match."""
    wanted = [f"{k}={v}" for k, v in labels.items()]

    def total(samples: Counter[str]) -> float:
        return sum(
            value
            for key, value in samples.items()
            if key.startswith(name + "{") and all(w in key for w in wanted)
        )

    return total(after) - total(before)


def histogram_quantile(
    q: float, after: Counter[str], before: Counter[str], name: str
) -> float | None:
    bounds: Counter[float] = Counter()
    for key, value in after.items():
        if key.startswith(name + "_bucket{"):
            bound = key.split("le=")[1].split(",")[0].rstrip("}")
            bounds[float(bound)] += value - before.get(key, 0.0)
    return quantile(q, sorted(bounds.items()))


def check_metrics(
    report: Report, after: Counter[str], before: Counter[str], handed: int, questions: int
) -> None:
    """The bot's counts against the harness's: every update it was handed, every question,
    every Telegram error and retry the stand-in caused (faults only)."""
    updates = delta(after, before, "visitbot_updates_total")
    asked = delta(after, before, "visitbot_questions_total")
    lines = report.log_lines if report.name in {"paced", "burst", "faults", "soak"} else None
    problems = []
    if updates != handed:
        problems.append(f"updates {updates:.0f} != {handed} handed out")
    if asked != questions:
        problems.append(f"questions {asked:.0f} != {questions}")
    if lines is not None and lines != handed:
        problems.append(f"log lines {lines} != {handed}")
    if report.log_most > 1:
        problems.append(f"{report.log_most} lines for one update")
    report.metrics_match = not problems
    report.metrics_note = "; ".join(problems)
    lag = histogram_quantile(0.99, after, before, "visitbot_event_loop_lag_seconds")
    report.lag_p99_ms = None if lag is None else 1000 * lag
    spent = sum(
        delta(after, before, "visitbot_journal_seconds_sum", operation=operation)
        for operation in ("seen", "begin", "delivered", "refused", "done")
    )
    report.journal_us = 1e6 * spent / updates if updates else None


async def scenario(
    name: str,
    chats: int,
    count: int,
    faults: list[Fault] | None = None,
    kill: int | None = None,
    at: float = 0.1,
    in_flight: int = 1,
    paced: bool = False,
) -> Report:
    """``kill``: the signal sent once ``at`` (a share) of the questions are answered; the bot
    is then started again on the same data folder. ``paced``: one question at a time, each
    asked once the previous one is answered (latency without queueing)."""
    with tempfile.TemporaryDirectory(prefix="visitbot-reliability-") as tmp:
        harness = Harness(chats, Path(tmp), in_flight)
        await harness.standin.start()
        harness.standin.faults = faults or []
        harness.blocked = {
            f.chat_id
            for f in harness.standin.faults
            if f.kind == "forbidden" and f.chat_id is not None
        }
        process: asyncio.subprocess.Process | None = None
        try:
            process = await harness.start_bot()
            before = await harness.scrape()
            started = time.monotonic()
            rss_at: dict[int, float] = {}
            base = 0
            if paced:
                asked = []
                for _ in range(count):
                    asked += harness.ask(1)
                    await harness.wait_answered(asked[-1:], {}, None, poll=0.001)
            else:
                asked = harness.ask(count)
            note = ""
            pushed = count
            if kill is None:
                peak = await harness.wait_answered(
                    asked, rss_at, process.pid, limit=max(WAIT_LIMIT_S, count / 20)
                )
                if faults:
                    edited = asked[len(asked) // 2]
                    harness.standin.push(
                        "edited_message",
                        {
                            "message_id": edited.message_id,
                            "date": 0,
                            "edit_date": 1,
                            "chat": {"id": edited.chat, "type": "private", "first_name": "U"},
                            "from": {"id": 1, "is_bot": False, "first_name": "U"},
                            "text": QUESTIONS[0],
                        },
                    )
                    pushed += 1
                    # The stand-in answers every edit "message is not modified" here.
                    await harness.handled(pushed)
                after = await harness.scrape()
                handed, restarted = pushed, started
                await harness.stop(process)
            else:
                while len(harness.answers()) < count * at and time.monotonic() - started < 60:
                    await asyncio.sleep(0.005)
                peak = rss_mb(process.pid)
                fetched = len(harness.standin.delivered)
                code = await harness.stop(process, kill)
                answered_before = harness.answers()
                note = (
                    f"{'SIGTERM' if kill == signal.SIGTERM else 'SIGKILL'} after "
                    f"{len(answered_before)} answers ({fetched} fetched); exit {code}; restarted"
                )
                if kill == signal.SIGTERM:
                    unanswered = [
                        q
                        for q in asked
                        if q.update_id in harness.standin.delivered
                        and q.message_id not in answered_before
                    ]
                    note += (
                        f"; handed out but unanswered at exit: {len(unanswered)} "
                        "(not acknowledged, so fetched again)"
                    )
                restarted = time.monotonic()
                process = await harness.start_bot()
                before = Counter()  # a new process counts from zero
                base = len(answered_before)
                peak = max(peak, await harness.wait_answered(asked, rss_at, process.pid, base=base))
                note += "; " + await edit_after_restart(harness, asked, answered_before)
                pushed += 1
                handed = harness.handed_since(restarted)
                await harness.handled(handed)
                after = await harness.scrape()
                await harness.stop(process)
            report = harness.report(name, asked, time.monotonic() - started)
            report.peak_rss_mb = peak
            # Growth within the last process, from its 1000th answer to its last.
            first, last = rss_at.get(base + 1000), rss_at.get(len(asked))
            if first and last and count - base >= 2000:
                report.rss_growth = last / first - 1
            # After a restart, updates the journal showed answered are skipped: no question.
            skipped = delta(after, before, "visitbot_updates_total", outcome="duplicate")
            check_metrics(report, after, before, handed, handed - int(skipped))
            report.note = note
            return report
        finally:
            if process is not None and process.returncode is None:
                process.kill()  # a scenario that failed leaves no bot behind
                await process.wait()
            await harness.standin.stop()


async def edit_after_restart(
    harness: Harness, asked: list[Question], answered_before: dict[int, list[tuple[float, int]]]
) -> str:
    """Edit a question the previous process answered: the restarted bot must edit that
    answer (found in the journal), not post a new one."""
    question = next(q for q in asked if q.message_id in answered_before and q.chat > 0)
    harness.standin.push(
        "edited_message",
        {
            "message_id": question.message_id,
            "date": 0,
            "edit_date": 1,
            "chat": {"id": question.chat, "type": "private", "first_name": "U"},
            "from": {"id": question.chat, "is_bot": False, "first_name": "U"},
            "text": QUESTIONS[0],
        },
    )
    edit = await harness.standin.wait_for("editMessageText", timeout=30, chat_id=question.chat)
    posted = harness.standin.posted.get(int(edit["message_id"]), {})
    replied = (posted.get("reply_parameters") or {}).get("message_id")
    return "edit after restart: " + (
        "edited its answer" if replied == question.message_id else "WRONG"
    )


def fault_schedule() -> list[Fault]:
    return [
        Fault("sendMessage", "retry_after", times=5, value=1),
        Fault("getUpdates", "server_error", times=3),
        Fault("getUpdates", "drop", times=2),
        Fault("sendMessage", "slow", times=2, delay=6.0),
        Fault("sendMessage", "forbidden", times=-1, chat_id=BLOCKED_CHAT),
        Fault("sendMessage", "migrate", times=-1, chat_id=MIGRATING_GROUP, value=MIGRATED_TO),
        Fault("editMessageText", "not_modified", times=-1),
    ]


async def main_async(args: argparse.Namespace) -> int:
    logging.getLogger("tornado").setLevel(logging.CRITICAL)  # the stand-in's own access log
    reports = []
    plan: list[tuple[str, dict[str, Any]]] = [
        ("paced", dict(count=args.paced, paced=True)),
        ("burst", dict(count=args.burst)),
        ("faults", dict(count=args.burst, faults=fault_schedule())),
        ("SIGTERM mid-burst", dict(count=3 * args.burst, kill=signal.SIGTERM)),
        ("SIGKILL @10%", dict(count=3 * args.burst, kill=signal.SIGKILL, at=0.1)),
        ("SIGKILL @45%", dict(count=3 * args.burst, kill=signal.SIGKILL, at=0.45)),
        ("SIGKILL @80%", dict(count=3 * args.burst, kill=signal.SIGKILL, at=0.8)),
        ("soak", dict(count=args.soak)),
    ]
    print(HEADER)
    print("-" * len(HEADER))
    for name, options in plan:
        if args.only and name not in args.only:
            continue
        report = await scenario(name, args.chats, in_flight=args.in_flight, **options)
        reports.append(report)
        print(report.row(), flush=True)
    print()
    for report in reports:
        extra = [report.note] if report.note else []
        if report.journal_us is not None:
            extra.append(f"journal {report.journal_us:.0f} µs per update")
        if report.metrics_note:
            extra.append(f"metrics: {report.metrics_note}")
        print(f"{report.name}: " + "; ".join(extra))
    leaked = any(r.token_in_log for r in reports)
    print(f"\nbot token found in any log: {'YES' if leaked else 'no'}")
    print(LEGEND)
    kills = [r for r in reports if r.name.startswith("SIGKILL")]
    bad = [
        r
        for r in reports
        if r.lost
        or r.wrong_chat
        or r.errors_in_log
        or not r.metrics_match
        or (r.rss_growth is not None and r.rss_growth >= 0.10)
        or (r in kills and r.twice > 1)
        or "WRONG" in r.note
    ]
    print(
        "targets (0 lost, 0 wrong chat, 0 errors in log, counts = metrics, one log line per "
        "update, RSS growth < 10 %, at most 1 answered twice per kill, edits after a restart "
        "edit the answer):",
        "met" if not bad and not leaked else f"missed by {', '.join(r.name for r in bad)}",
    )
    return 1 if bad or leaked else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--soak", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument(
        "--paced", type=int, default=300, help="questions asked one at a time (latency alone)"
    )
    parser.add_argument("--only", nargs="*", help="scenario names to run")
    parser.add_argument(
        "--in-flight", type=int, default=1, help="VISITBOT_SENDS_IN_FLIGHT for the bot"
    )
    sys.exit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
