"""Where things are on the site: page file names from ids, anchors, and each page's language.

Every link on the site is relative, so the folder can be published under any address; the bot
builds absolute links to it from its public address (see visitbot_bot.articles).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from babel import Locale, UnknownLocaleError

DOCUMENTS = "documents"
SPEAKERS = "speakers"
"""The site's two folders of pages, beside index.html."""
_SAFE = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
_UNSAFE_RUN = re.compile(r"[^a-z0-9_-]+")
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
DEFAULT_LANGUAGE = "en"
"""A document with no ``language:`` (the corpus format's plain form) is English."""


def file_stem(identifier: str) -> str:
    """A file name (without suffix) for a document or person id: the id itself when it is a
    short lower-case ASCII slug, else a slug of it plus 8 hex digits of its SHA-1, so that two
    ids never share a file and no id ("../x", "CON", "a/b", "Иван") leaves the folder or clashes
    on a case-insensitive disk."""
    if _SAFE.fullmatch(identifier):
        return identifier
    slug = _UNSAFE_RUN.sub("-", identifier.lower()).strip("-")[:60] or "x"
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"


def document_page(document_id: str) -> str:
    """The document's page, relative to the site's root."""
    return f"{DOCUMENTS}/{file_stem(document_id)}.html"


def speaker_page(person_id: str) -> str:
    return f"{SPEAKERS}/{file_stem(person_id)}.html"


def paragraph_anchor(number: int) -> str:
    return f"p{number}"


def statement_anchor(paragraph: int, k: int) -> str:
    """The ``k``-th (1-based) statement of a paragraph, e.g. ``p9s1``: linking to it scrolls
    to the statement in its paragraph and marks both (CSS ``:target``)."""
    return f"p{paragraph}s{k}"


@cache
def language_tag(value: str | None) -> str:
    """A BCP 47 tag for a document's ``language:`` value: a tag as given ("ru", "pt_BR" →
    "pt-BR"), a language's English or own name ("Russian", "русский" → "ru"), else English."""
    if not value or not value.strip():
        return DEFAULT_LANGUAGE
    text = value.strip()
    if _TAG.fullmatch(text):
        try:
            Locale.parse(text.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            pass
        else:
            return text.replace("_", "-")
    name = text.casefold()
    return _english_names().get(name) or _own_names().get(name) or DEFAULT_LANGUAGE


@cache
def _english_names() -> dict[str, str]:
    """Languages' English names to their codes, from CLDR ("Russian" → "ru")."""
    languages = Locale("en").languages.items()
    return {str(n).casefold(): str(c) for c, n in languages if "_" not in str(c)}


@cache
def _own_names() -> dict[str, str]:
    """Languages' own names to their codes ("русский" → "ru"); reading every locale's data
    takes seconds, so only for a value that is neither a tag nor an English name."""
    names: dict[str, str] = {}
    for code in _english_names().values():
        try:
            own = Locale.parse(code).get_language_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if own:
            names.setdefault(own.casefold(), code)
    return names
