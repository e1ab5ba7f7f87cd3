"""Stand-ins for Telegram: a recording request layer and builders of update JSON."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

from telegram.request import BaseRequest, RequestData

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
BOT = {
    "id": 999,
    "is_bot": True,
    "first_name": "VisitBot",
    "username": "visit_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
USER = {"id": 42, "is_bot": False, "first_name": "Ann", "language_code": "en"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Ann"}
GROUP = {"id": -1001, "type": "group", "title": "Newsroom"}
Responder = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]] | None]


class RecordingRequest(BaseRequest):
    """Answers every Bot API call like Telegram would and records (method, parameters)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answers: list[tuple[str, Any]] = []
        """(method, result) of every call answered normally."""
        self.responders: list[Responder] = []
        self.files: dict[str, bytes] = {}
        """Files users sent, by file_id: getFile and the download serve them."""
        self._ids = itertools.count(5000)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download (getFile's file_path)
            self.calls.append(("download", {"url": url}))
            return 200, self.files.get(url.rsplit("/", 1)[-1], b"")
        name = url.rsplit("/", 1)[-1]
        params = (
            json.loads(json.dumps(request_data.parameters, default=str)) if request_data else {}
        )
        self.calls.append((name, params))
        for responder in self.responders:
            canned = responder(name, params)
            if canned is not None:
                status, body = canned
                return status, json.dumps(body).encode()
        result = self.result(name, params)
        self.answers.append((name, result))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT
        if name in {"sendMessage", "editMessageText"}:
            chat_id = params.get("chat_id", 42)
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or next(self._ids),
                "date": 0,
                "chat": PRIVATE
                if chat_id == 42
                else {"id": chat_id, "type": "group", "title": "G"},
                "from": BOT,
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if name == "getUpdates":
            return []
        if name == "getFile":
            return file_result(str(params["file_id"]), self.files)
        if name == "sendPhoto":
            return {
                "message_id": next(self._ids),
                "date": 0,
                "chat": PRIVATE,
                "from": BOT,
                "photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 1080, "height": 600}],
            }
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def clear(self) -> None:
        self.calls.clear()
        self.answers.clear()


_update_ids = itertools.count(1)
_message_ids = itertools.count(100)


def message(
    text: str,
    chat: dict[str, Any] = PRIVATE,
    user: dict[str, Any] = USER,
    reply_to: dict[str, Any] | None = None,
    edited: bool = False,
    message_id: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": message_id or next(_message_ids),
        "date": 0,
        "chat": chat,
        "from": user,
        **extra,
    }
    if text:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    if reply_to is not None:
        body["reply_to_message"] = reply_to
    if edited:
        body["edit_date"] = 1
        return {"update_id": next(_update_ids), "edited_message": body}
    return {"update_id": next(_update_ids), "message": body}


def callback(data: str, on: dict[str, Any], user: dict[str, Any] = USER) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cb{next(_message_ids)}",
            "from": user,
            "chat_instance": "ci",
            "data": data,
            "message": on,
        },
    }


def inline(query: str, user: dict[str, Any] = USER) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "inline_query": {
            "id": f"iq{next(_message_ids)}",
            "from": user,
            "query": query,
            "offset": "",
        },
    }


def file_result(file_id: str, files: dict[str, bytes]) -> dict[str, Any]:
    """What getFile answers: where the file can be downloaded."""
    return {
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_size": len(files.get(file_id, b"")),
        "file_path": f"documents/{file_id}",
    }


def bot_message(
    text: str,
    markup: dict[str, Any] | None,
    reply_to: dict[str, Any] | None,
    chat: dict[str, Any] = PRIVATE,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": 0,
        "chat": chat,
        "from": BOT,
        "text": text,
    }
    if markup:
        body["reply_markup"] = markup
    if reply_to is not None:
        body["reply_to_message"] = reply_to
    return body
