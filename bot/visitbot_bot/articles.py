"""The annotated articles as the bot publishes them: the site (visitbot.site) written into the
data folder, kept up to date as admins add and remove articles, served under /articles/ in
webhook mode (or published by any web server), and linked from every answer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from visitbot.engine import Engine
from visitbot.models import Answer
from visitbot.site import SiteError, write_site
from visitbot.site.links import answer_path
from visitbot_bot.settings import Settings

log = logging.getLogger(__name__)
SITE_FOLDER = "site"
"""In the data folder: the site's pages."""
PREFIX = "/articles/"
"""Where the site is, under the bot's public address."""


@dataclass(frozen=True)
class Articles:
    folder: Path
    base_url: str
    """The site's address, ending in ``/articles/``."""

    @classmethod
    def configure(cls, settings: Settings) -> Articles | None:
        """The site at VISITBOT_PUBLIC_URL, else (webhook mode) the webhook URL's origin;
        None when the bot has no public address (polling without VISITBOT_PUBLIC_URL): then
        answers carry no link to it."""
        base = settings.public_url
        if base is None and settings.mode == "webhook" and settings.webhook_url:
            parts = urlsplit(settings.webhook_url)
            base = f"{parts.scheme}://{parts.netloc}"
        if not base:
            return None
        return cls(settings.data_dir / SITE_FOLDER, base.rstrip("/") + PREFIX)

    def refresh(self, engine: Engine) -> bool:
        """Bring the pages up to date with ``engine`` (only what changed is written); a folder
        that cannot be written is logged, and the bot goes on answering."""
        try:
            done = write_site(engine, self.folder)
        except (SiteError, OSError) as exc:
            log.error("could not write the articles' site in %s: %s", self.folder, exc)
            return False
        log.info(
            "articles' site: %d of %d files written, %d removed, in %.2f s (%s)",
            done.written,
            done.pages,
            done.removed,
            done.seconds,
            self.folder,
        )
        return True

    def link(self, engine: Engine, answer: Answer) -> str:
        """The answer's words highlighted in their article."""
        return self.base_url + answer_path(engine, answer)
