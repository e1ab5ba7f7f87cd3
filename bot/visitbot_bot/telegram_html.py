"""Answers as Telegram HTML, and safe splitting of long HTML under the message limit.

Every piece of corpus or user text goes through :func:`html.escape`; only the tags built here
(b, i, a, blockquote) reach Telegram, so a message never fails with "can't parse entities".
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from visitbot.i18n import _
from visitbot.models import Answer, AnswerSet, Comparison, Person
from visitbot.render import (
    citation,
    comparison_text,
    date_line,
    explain,
    human_date,
    silent_line,
    speaker_line,
)

MESSAGE_LIMIT = 4096
SAFE_LIMIT = 4000
"""Budget per message, in UTF-16 code units of visible text, below Telegram's 4096."""
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]+", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-z-]+)([^>]*)>")


def escape(text: str) -> str:
    """Text content: only <, > and & need escaping (quotes stay readable)."""
    return html.escape(text, quote=False)


def bold(html_text: str) -> str:
    return f"<b>{html_text}</b>"


def attribute(text: str) -> str:
    return html.escape(text, quote=True)


def excerpt_html(answer: Answer) -> str:
    """The excerpt, escaped, with the words that match the question in bold."""
    text = answer.excerpt
    out: list[str] = []
    cursor = 0
    for start, end in answer.highlights:
        if start < cursor or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def citation_html(answer: Answer) -> str:
    cite = escape(citation(answer))
    if answer.document.url:
        source = _("source")
        return f'<i>{cite}</i> · <a href="{attribute(answer.document.url)}">{source}</a>'
    return f"<i>{cite}</i>"


def answer_html(answer: Answer) -> str:
    return (
        f"<b>{escape(speaker_line(answer))}</b>\n"
        f"<blockquote>{excerpt_html(answer)}</blockquote>\n"
        f"{citation_html(answer)}"
    )


def answers_html(result: AnswerSet, speakers: Sequence[Person], first: int = 0) -> str:
    """A whole reply: the answers from index ``first`` on, or why there are none."""
    if not result.answers[first:]:
        return escape(explain(result, speakers))
    blocks = []
    if first == 0 and (line := date_line(result)) is not None:
        blocks.append(f"<b>{escape(line)}</b>")
    blocks += [answer_html(a) for a in result.answers[first:]]
    return "\n\n".join(blocks)


def comparison_html(result: Comparison, speakers: Sequence[Person]) -> str:
    """Each side as a block, the silent ones in a line of their own, or why there is none."""
    if result.notice is not None or not result.sides:
        return escape(comparison_text(result, speakers))
    blocks = [bold(_("On “{topic}”").format(topic=escape(result.topic)))]
    for side in result.sides:
        if side.answer is None:
            blocks.append(f"<i>{escape(silent_line(side.speaker, result.topic))}</i>")
        else:
            blocks.append(answer_html(side.answer))
    return "\n\n".join(blocks)


def paragraph_html(answer: Answer) -> str:
    return (
        f"<b>¶{answer.paragraph}</b> · {escape(answer.document.title)}, "
        f"{escape(human_date(answer))}\n<blockquote>{escape(answer.excerpt)}</blockquote>"
    )


def visible_length(fragment: str) -> int:
    """Length Telegram counts after parsing entities, in UTF-16 code units (conservative)."""
    text = re.sub(r"<[^>]*>", "", fragment)
    return len(html.unescape(text).encode("utf-16-le")) // 2


def split_html(text: str, limit: int = SAFE_LIMIT) -> list[str]:
    """Cut HTML into parts of at most ``limit`` visible units, closing and reopening tags.

    Cuts fall between words (inside a word only when the word alone is too long); a tag or
    an entity is never cut.
    """
    if visible_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    stack: list[tuple[str, str]] = []  # (name, opening tag)

    def close() -> None:
        nonlocal current, size
        closing = "".join(f"</{name}>" for name, _tag in reversed(stack))
        body = "".join(current).rstrip()
        if body and visible_length(body):
            parts.append(body + closing)
        current = [opening for _name, opening in stack]
        size = 0

    for token in _tokens(text):
        tag = _TAG.fullmatch(token)
        if tag:
            current.append(token)
            if tag.group(1):
                if stack and stack[-1][0] == tag.group(2):
                    stack.pop()
            else:
                stack.append((tag.group(2), token))
            continue
        length = visible_length(token)
        if size + length > limit and size:
            close()
        if length > limit:
            for piece in _hard_pieces(token, limit):
                current.append(piece)
                close()
            continue
        current.append(token)
        size += length
    close()
    return parts


def _tokens(text: str) -> list[str]:
    """Tags, entities and words-with-trailing-space, so cuts fall between words."""
    out: list[str] = []
    for chunk in _TOKEN.findall(text):
        if chunk.startswith(("<", "&")):
            out.append(chunk)
        else:
            out.extend(re.findall(r"\S+\s*|\s+", chunk))
    return out


def _hard_pieces(word: str, limit: int) -> list[str]:
    pieces, piece = [], ""
    for char in word:
        if visible_length(piece + char) > limit:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces
