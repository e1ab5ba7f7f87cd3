"""What users chose, kept across restarts: the language each user wants (one small JSON file,
replaced atomically; a missing or unreadable file means nobody chose yet)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from visitbot.i18n import LANGUAGES

log = logging.getLogger(__name__)
MAX_USERS = 100_000
"""Users remembered at most (the oldest choices are forgotten first)."""


class Preferences:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._languages: dict[str, str] = {}
        self._lock = threading.Lock()
        if path is not None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                self._languages = {
                    str(k): v for k, v in stored.get("languages", {}).items() if v in LANGUAGES
                }
            except FileNotFoundError:
                pass
            except (OSError, ValueError, AttributeError) as exc:
                log.warning("ignoring unreadable preferences at %s: %s", path, exc)

    def language(self, user_id: int) -> str | None:
        return self._languages.get(str(user_id))

    def set_language(self, user_id: int, language: str) -> None:
        with self._lock:
            self._languages.pop(str(user_id), None)
            self._languages[str(user_id)] = language
            while len(self._languages) > MAX_USERS:
                del self._languages[next(iter(self._languages))]
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"languages": self._languages}).encode()
            with tempfile.NamedTemporaryFile(dir=self.path.parent, delete=False) as handle:
                handle.write(data)
            os.replace(handle.name, self.path)
        except OSError as exc:
            log.warning("could not save preferences at %s: %s", self.path, exc.strerror or exc)
