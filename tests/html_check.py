"""A strict checker for what Telegram accepts in HTML parse mode."""

from __future__ import annotations

from html.parser import HTMLParser

from visitbot_bot.telegram_html import MESSAGE_LIMIT, visible_length

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
    "span",
}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> not allowed")
        if tag == "blockquote" and "blockquote" in self.stack:
            self.problems.append("nested blockquote")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            self.problems.append(f"entity &{name};")


def telegram_html_problems(text: str) -> list[str]:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems = checker.problems
    if checker.stack:
        problems.append(f"unclosed {checker.stack}")
    bare = text.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "").replace("&quot;", "")
    if "<" in _strip_tags(bare) or "&" in _strip_tags(bare):
        problems.append("unescaped < or &")
    if not 1 <= visible_length(text) <= MESSAGE_LIMIT:
        problems.append(f"visible length {visible_length(text)}")
    return problems


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"</?[a-z-]+(?:\s[^<>]*)?>", "", text)
