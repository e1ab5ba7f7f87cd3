"""The annotated articles as a static website: every statement highlighted in its speaker's
colour, with its kind and the cue that decided its speaker; one page per document and per
speaker (``visitbot site``; the bot serves it under /articles/)."""

from visitbot.site.writer import SiteError, Written, write_site

__all__ = ["SiteError", "Written", "write_site"]
