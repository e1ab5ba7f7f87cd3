"""Logging that never shows the bot token, whatever library writes the line; plain text for
people or one JSON object per line for log shippers, with the structured fields of a line
(``log.info("…", extra={…})``) shown as ``key=value`` or as JSON keys."""

from __future__ import annotations

import json
import logging
import re
from typing import Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

TOKEN_PATTERN = re.compile(r"\d{5,16}:[A-Za-z0-9_-]{30,64}")
REDACTED = "[REDACTED]"
NOISY_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler", "tornado.access")
STANDARD = frozenset(RESERVED_ATTRS) | {"taskName"}
"""A log record's own attributes; anything else on a record is a structured field."""
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def fields(record: logging.LogRecord) -> dict[str, object]:
    """The structured fields a line was logged with (``extra=``), in the order given."""
    return {k: v for k, v in record.__dict__.items() if k not in STANDARD and not k.startswith("_")}


class RedactTokens(logging.Filter):
    """Replaces token-shaped text and known secrets in the final message, the structured
    fields and the traceback."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_PATTERN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.redact(record.getMessage())
        record.msg, record.args = message, None
        for key, value in fields(record).items():
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.redact(formatted)
            record.exc_info = None
        return True


class StructuredText(logging.Formatter):
    """The usual text line, then the structured fields as ``key=value`` (text values that
    hold spaces or quotes are JSON-quoted, so a line splits back into its fields)."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = fields(record)
        if not extra:
            return line
        pairs = " ".join(f"{key}={_plain(value)}" for key, value in extra.items())
        head, newline, rest = line.partition("\n")  # a traceback stays below the line
        return f"{head} {pairs}{newline}{rest}"


def _plain(value: object) -> str:
    if value is None:
        return "-"
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    if not text or any(c.isspace() or c in "\"'=" for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def formatter(style: Literal["text", "json"]) -> logging.Formatter:
    if style == "json":
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            rename_fields={
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "process": "pid",
            },
            json_ensure_ascii=False,
        )
    return StructuredText(TEXT_FORMAT)


def configure(
    level: str, secrets: tuple[str, ...] = (), style: Literal["text", "json"] = "text"
) -> RedactTokens:
    root = logging.getLogger()
    root.setLevel(level)
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(style))
    redactor = RedactTokens(secrets)
    handler.addFilter(redactor)
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return redactor
