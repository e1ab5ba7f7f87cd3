"""Logging that never shows the bot token, whatever library writes the line."""

from __future__ import annotations

import logging
import re

TOKEN_PATTERN = re.compile(r"\d{5,16}:[A-Za-z0-9_-]{30,64}")
REDACTED = "[REDACTED]"
NOISY_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler", "tornado.access")


class RedactTokens(logging.Filter):
    """Replaces token-shaped text and known secrets in the final message and traceback."""

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
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.redact(formatted)
            record.exc_info = None
        return True


def configure(level: str, secrets: tuple[str, ...] = ()) -> RedactTokens:
    root = logging.getLogger()
    root.setLevel(level)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactTokens(secrets)
    handler.addFilter(redactor)
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return redactor
