"""A stand-in Telegram Bot API server on 127.0.0.1, for end-to-end runs of the real bot.

It serves the methods the bot uses, keeps a queue of updates for getUpdates (long polling,
offsets acknowledged like Telegram's), and records every call for the test to inspect.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from telegram_fakes import BOT, file_result


@dataclass
class Fault:
    """A misbehaviour of the stand-in: on ``method`` (for ``chat_id``, if given), ``times``
    times (-1: always). Kinds: retry_after (429), server_error (502), drop (connection closed
    without an answer), slow (answer after ``delay`` s), forbidden (403), not_modified (400),
    migrate (400 with migrate_to_chat_id = ``value``)."""

    method: str
    kind: str
    times: int = 1
    chat_id: int | None = None
    delay: float = 0.0
    value: int = 1

    def applies(self, method: str, params: dict[str, Any]) -> bool:
        if self.times == 0 or method != self.method:
            return False
        return self.chat_id is None or int(params.get("chat_id", 0)) == self.chat_id


class StandIn:
    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.delivered: dict[int, float] = {}
        """update_id → when getUpdates first handed it out (monotonic seconds)."""
        self.handouts: list[tuple[float, list[int]]] = []
        """Every batch getUpdates handed out: (when, update ids)."""
        self.timeline: list[tuple[float, str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.tokens: set[str] = set()
        self.files: dict[str, bytes] = {}
        """Files users sent, by file_id (getFile and the download serve them)."""
        self.posted: dict[int, dict[str, Any]] = {}
        """message_id → the sendMessage parameters that posted it."""
        self._ids = itertools.count(9000)
        self._update_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._called = asyncio.Condition()
        self.server: HTTPServer | None = None
        self.port = 0

    async def start(self) -> None:
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/(\w+)", _Method, {"standin": self}),
                (r"/file/bot([^/]+)/documents/(\w+)", _File, {"standin": self}),
            ]
        )
        self.server = HTTPServer(app)
        self.server.add_sockets(sockets)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            await self.server.close_all_connections()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def push(self, kind: str, body: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, kind: body})
        self._arrived.set()
        return update_id

    async def wait_for(self, method: str, timeout: float = 20.0, **match: Any) -> dict[str, Any]:
        """The first call to ``method`` (not yet taken) whose parameters include ``match``."""
        deadline = time.monotonic() + timeout
        async with self._called:
            while True:
                for i, (name, params) in enumerate(self.calls):
                    if name == method and all(params.get(k) == v for k, v in match.items()):
                        self.calls[i] = ("(taken)", params)
                        return params
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [n for n, _ in self.calls]
                    raise AssertionError(f"no {method} {match} within {timeout}s; calls: {seen}")
                try:
                    await asyncio.wait_for(self._called.wait(), remaining)
                except TimeoutError:
                    continue

    async def record(self, method: str, params: dict[str, Any]) -> None:
        async with self._called:
            self.calls.append((method, params))
            self.timeline.append((time.monotonic(), method, params))
            self._called.notify_all()

    def fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if fault.applies(method, params):
                if fault.times > 0:
                    fault.times -= 1
                return fault
        return None

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self._arrived.clear()
            try:
                await asyncio.wait_for(
                    self._arrived.wait(), min(float(params.get("timeout") or 0), 2.0)
                )
            except TimeoutError:
                return []
        batch = [u for u in self.updates if u["update_id"] >= offset][:100]
        now = time.monotonic()
        for update in batch:
            self.delivered.setdefault(update["update_id"], now)
        if batch:
            self.handouts.append((now, [u["update_id"] for u in batch]))
        return batch

    def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method in {"sendMessage", "editMessageText"}:
            chat_id = int(params["chat_id"])
            chat = {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "group",
                "title": "G",
                "first_name": "U",
            }
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": int(time.time()),
                "chat": chat,
                "from": BOT,
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            if method == "sendMessage":
                self.posted[message["message_id"]] = params
            return message
        if method == "getFile":
            return file_result(str(params["file_id"]), self.files)
        if method == "sendPhoto":
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private", "first_name": "U"},
                "from": BOT,
                "photo": [{"file_id": "p", "file_unique_id": "up", "width": 1080, "height": 600}],
            }
        return True


class _Method(tornado.web.RequestHandler):
    def initialize(self, standin: StandIn) -> None:
        self.standin = standin

    async def post(self, token: str, method: str) -> None:
        self.standin.tokens.add(token)
        params = _parameters(self.request)
        fault = self.standin.fault(method, params)
        if fault is not None and await self._misbehave(fault):
            return
        await self.standin.record(method, params)
        if method == "getUpdates":
            result: Any = await self.standin.get_updates(params)
        else:
            result = self.standin.result(method, params)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": True, "result": result}))

    get = post

    async def _misbehave(self, fault: Fault) -> bool:
        """Act out a fault; True when the request is finished (not answered normally)."""
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            self.request.connection.close()
            return True
        status, body = {
            "retry_after": (
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {fault.value}",
                    "parameters": {"retry_after": fault.value},
                },
            ),
            "server_error": (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
            "forbidden": (
                403,
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                },
            ),
            "not_modified": (
                400,
                {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message is not modified",
                },
            ),
            "migrate": (
                400,
                {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: group chat was upgraded to a supergroup",
                    "parameters": {"migrate_to_chat_id": fault.value},
                },
            ),
        }[fault.kind]
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))
        return True


class _File(tornado.web.RequestHandler):
    """A file's download, as Telegram serves it under /file/bot<token>/<file_path>."""

    def initialize(self, standin: StandIn) -> None:
        self.standin = standin

    def get(self, token: str, file_id: str) -> None:
        if file_id not in self.standin.files:
            self.set_status(404)
            self.finish()
            return
        self.finish(self.standin.files[file_id])


def _parameters(request: Any) -> dict[str, Any]:
    if request.headers.get("Content-Type", "").startswith("application/json") and request.body:
        return dict(json.loads(request.body))
    params: dict[str, Any] = {}
    for key, parts in request.files.items():  # multipart uploads (sendPhoto)
        params[key] = {"bytes": len(parts[0]["body"]), "head": parts[0]["body"][:8].hex()}
    for key, values in request.body_arguments.items():
        raw = values[-1].decode()
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params
