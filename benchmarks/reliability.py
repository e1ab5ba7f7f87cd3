"""Load, fault and restart harness: the real bot (``visitbot run``, polling) against the
stand-in Bot API server on 127.0.0.1.

    python -m benchmarks.reliability [--burst 1000] [--soak 10000] [--chats 100]

Scenarios: a burst, a soak, a burst under injected faults, SIGTERM mid-burst, and SIGKILL
mid-burst followed by a restart. For each it counts questions answered exactly once,
answered twice, answered in the wrong chat and lost; reply latency (update handed out by
getUpdates → answer received); the bot's peak RSS and RSS growth between the first and last
thousand answers; and ERROR/Traceback lines in the bot's log. Every request loop is bounded
in count and time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from standin import Fault, StandIn  # noqa: E402
from telegram_fakes import TOKEN  # noqa: E402

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

    def row(self) -> str:
        lat = sorted(self.latencies) or [0.0]

        def p(q: float) -> float:
            return 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]

        growth = f"{100 * self.rss_growth:+.1f}%" if self.rss_growth is not None else "–"
        return (
            f"{self.name:<24} {self.asked:>6} {self.once:>6} {self.twice:>5} {self.wrong_chat:>5} "
            f"{self.lost:>5} {self.blocked:>7} {p(0.5):>7.1f} {p(0.95):>7.1f} {p(0.99):>7.1f} "
            f"{self.peak_rss_mb:>6.0f} {growth:>7} {self.errors_in_log:>6} {self.seconds:>6.1f}"
            + (f"  {self.note}" if self.note else "")
        )


HEADER = (
    f"{'scenario':<24} {'asked':>6} {'once':>6} {'twice':>5} {'wrong':>5} {'lost':>5} "
    f"{'blocked':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'RSS MB':>6} {'growth':>7} "
    f"{'errors':>6} {'secs':>6}"
)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Harness:
    def __init__(self, chats: int, workdir: Path) -> None:
        self.standin = StandIn()
        self.chats = [1000 + i for i in range(chats * 7 // 10)] + [
            -2000 - i for i in range(chats - chats * 7 // 10)
        ]
        self.workdir = workdir
        self.next_message = 10_000
        self.questions: dict[int, Question] = {}
        self.log = workdir / "bot.log"
        self.blocked: set[int] = set()

    async def start_bot(self) -> asyncio.subprocess.Process:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "VISITBOT_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=self.standin.base_url,
            VISITBOT_LOG_LEVEL="INFO",
            VISITBOT_USER_RATE="600",
            VISITBOT_SENDS_PER_SECOND="10000",
            VISITBOT_GROUP_SENDS_PER_MINUTE="100000",
            VISITBOT_CACHE_DIR=str(self.workdir / "cache"),
            PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT / "bot"),
        )
        handle = self.log.open("ab")
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
        await self.standin.wait_for("getUpdates", timeout=60)
        return process

    def ask(self, count: int) -> list[Question]:
        asked = []
        for i in range(count):
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
    ) -> float:
        started = time.monotonic()
        peak = 0.0
        while time.monotonic() - started < limit:
            answered = self.answers()
            done = sum(1 for q in asked if q.message_id in answered or q.chat in self.blocked)
            if pid:
                rss = rss_mb(pid)
                peak = max(peak, rss)
                for mark in (1000, len(asked)):
                    if done >= mark and mark not in rss_at:
                        rss_at[mark] = rss
            if done >= len(asked):
                break
            await asyncio.sleep(0.05)
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
        report.errors_in_log = sum(
            1 for line in text.splitlines() if " ERROR " in line or line.startswith("Traceback")
        )
        report.token_in_log = TOKEN in text or TOKEN.split(":")[1] in text
        return report

    async def stop(self, process: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> int:
        if process.returncode is None:
            process.send_signal(sig)
        return await asyncio.wait_for(process.wait(), 60)


async def scenario(
    name: str, chats: int, count: int, faults: list[Fault] | None = None, kill: int | None = None
) -> Report:
    with tempfile.TemporaryDirectory(prefix="visitbot-reliability-") as tmp:
        harness = Harness(chats, Path(tmp))
        await harness.standin.start()
        harness.standin.faults = faults or []
        harness.blocked = {
            f.chat_id
            for f in harness.standin.faults
            if f.kind == "forbidden" and f.chat_id is not None
        }
        try:
            process = await harness.start_bot()
            started = time.monotonic()
            asked = harness.ask(count)
            rss_at: dict[int, float] = {}
            note = ""
            if kill is None:
                peak = await harness.wait_answered(asked, rss_at, process.pid)
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
                    await asyncio.sleep(1.0)
                await harness.stop(process)
            else:
                while len(harness.answers()) < count // 10 and time.monotonic() - started < 60:
                    await asyncio.sleep(0.01)
                peak = rss_mb(process.pid)
                fetched = len(harness.standin.delivered)
                code = await harness.stop(process, kill)
                answered_before = len(harness.answers())
                note = (
                    f"{'SIGTERM' if kill == signal.SIGTERM else 'SIGKILL'} after "
                    f"{answered_before} answers ({fetched} fetched); exit {code}; restarted"
                )
                if kill == signal.SIGTERM:
                    unanswered = [
                        q
                        for q in asked
                        if q.update_id in harness.standin.delivered
                        and q.message_id not in harness.answers()
                    ]
                    note += (
                        f"; handed out but unanswered at exit: {len(unanswered)} "
                        "(not acknowledged, so fetched again)"
                    )
                process = await harness.start_bot()
                peak = max(peak, await harness.wait_answered(asked, rss_at, process.pid))
                await harness.stop(process)
            report = harness.report(name, asked, time.monotonic() - started)
            report.peak_rss_mb = peak
            first, last = rss_at.get(1000), rss_at.get(len(asked))
            if first and last and count >= 2000:
                report.rss_growth = last / first - 1
            report.note = note
            return report
        finally:
            await harness.standin.stop()


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
    plan = [
        ("burst", dict(count=args.burst)),
        ("faults", dict(count=args.burst, faults=fault_schedule())),
        ("SIGTERM mid-burst", dict(count=3 * args.burst, kill=signal.SIGTERM)),
        ("SIGKILL + restart", dict(count=3 * args.burst, kill=signal.SIGKILL)),
        ("soak", dict(count=args.soak)),
    ]
    print(HEADER)
    print("-" * len(HEADER))
    for name, options in plan:
        if args.only and name not in args.only:
            continue
        report = await scenario(name, args.chats, **options)  # type: ignore[arg-type]
        reports.append(report)
        print(report.row(), flush=True)
    leaked = any(r.token_in_log for r in reports)
    print(f"\nbot token found in any log: {'YES' if leaked else 'no'}")
    bad = [
        r
        for r in reports
        if r.lost
        or r.wrong_chat
        or r.errors_in_log
        or (r.rss_growth is not None and r.rss_growth >= 0.10)
    ]
    print(
        "targets (0 lost, 0 wrong chat, 0 errors in log, RSS growth < 10 %):",
        "met" if not bad and not leaked else f"missed by {', '.join(r.name for r in bad)}",
    )
    return 1 if bad or leaked else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--soak", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--only", nargs="*", help="scenario names to run")
    sys.exit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
