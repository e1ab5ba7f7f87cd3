"""The ``visitbot`` command line: ask, chat, check, site, eval.

The Telegram adapter adds ``run`` on top of this parser (see visitbot_bot.cli), so the core
stays free of Telegram imports.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from visitbot.bilingual import missing
from visitbot.corpus import CorpusError
from visitbot.engine import DEFAULT_TOP, MAX_TOP, Engine
from visitbot.i18n import LANGUAGES, use
from visitbot.language import reads
from visitbot.models import Kind, Person
from visitbot.render import (
    EXAMPLES,
    comparison_text,
    explain,
    language_name,
    speaker_line,
    speaker_names,
    to_json,
    to_text,
)
from visitbot.workers import cores

Handler = Callable[[argparse.Namespace], int]


def _corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="a text file or a folder of them (default: the built-in article)",
    )


def _top(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_TOP:
        raise argparse.ArgumentTypeError(f"choose a number from 1 to {MAX_TOP}")
    return number


def cmd_ask(args: argparse.Namespace) -> int:
    engine = Engine.load(args.corpus)
    questions: list[str] = (
        [line.rstrip("\r\n") for line in sys.stdin] if args.question == "-" else [args.question]
    )
    for question in questions:
        result = engine.ask(question, top=args.top)
        if args.json:
            print(to_json(result), flush=True)
        else:
            print(to_text(result, _speakers(engine)), flush=True)
    return 0


def _speakers(engine: Engine) -> list[Person]:
    return [person for person, _ in engine.speaker_counts()]


def chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> None:
    """A terminal conversation giving the bot's answers as plain text."""
    speakers = _speakers(engine)
    stdout.write(
        "visitbot — ask who said what. Type /speakers, /compare TOPIC, /help or /quit.\n"
        f"Try: {EXAMPLES[0]}\n"
    )
    while True:
        stdout.write("\nyou> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            return
        question = line.strip()
        if question in {"/quit", "/exit"}:
            return
        if question == "/help":
            stdout.write(
                "Ask in your own words, e.g.:\n" + "\n".join(f"  {e}" for e in EXAMPLES) + "\n"
            )
            continue
        if question == "/speakers":
            stdout.write(f"I can quote: {speaker_names(speakers)}.\n")
            continue
        if question.startswith("/compare"):
            topic = question.removeprefix("/compare").strip()
            stdout.write(comparison_text(engine.compare(topic), speakers) + "\n")
        elif engine.comparison_asked(question):
            stdout.write(comparison_text(engine.compare(question), speakers) + "\n")
        else:
            stdout.write(to_text(engine.ask(question), speakers) + "\n")


def cmd_card(args: argparse.Namespace) -> int:
    """The best answer to a question as a quote card (PNG), as the bot's "Share as image"."""
    from visitbot.card import FontsMissing, render_card  # Pillow only for cards

    use(args.language)
    engine = Engine.load(args.corpus)
    result = engine.ask(args.question, top=1)
    if not result.answers:
        print(f"visitbot: {explain(result, _speakers(engine))}", file=sys.stderr)
        return 1
    try:
        card = render_card(result.answers[0], args.name)
    except FontsMissing as exc:
        print(f"visitbot: cannot draw the card: {exc}", file=sys.stderr)
        return 2
    try:
        args.output.write_bytes(card.png)
    except OSError as exc:
        print(f"visitbot: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{args.output}: {card.width}×{card.height} px — {speaker_line(result.answers[0])}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    engine = Engine.load(args.corpus)
    result = engine.compare(args.topic)
    if args.json:
        print(to_json(result))
    else:
        print(comparison_text(result, list(engine.people.values())))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    engine = Engine.load(args.corpus)
    engine.warm()
    try:
        chat(engine, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        print()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    engine = Engine.load(args.corpus)
    print(f"{len(engine.documents)} document(s)")
    for document in engine.documents:
        url = f"  {document.url}" if document.url else ""
        language = language_name(document.language) or "language unknown"
        unread = "" if reads(document.language) else "; not read: indexed as narrative"
        print(
            f"  {document.id}: {document.title} ({document.date.isoformat()}, "
            f"{len(document.paragraphs)} paragraphs, {language}{unread}){url}"
        )
    if len(engine.index.languages) > 1 or engine.index.languages - {"en"}:
        absent = missing()
        if not len(engine.index.cross_key):
            print(
                "\nno English–Russian dictionary: questions in one language will not find "
                f"text in the other (Debian: apt-get install {' '.join(absent)})"
            )
    print("\nspeakers")
    for person, counts in engine.speaker_counts():
        also = f" (also {', '.join(person.spellings)})" if person.spellings else ""
        print(
            f"  {person.name}{also}: {counts[Kind.QUOTE]} quote(s), "
            f"{counts[Kind.REPORTED]} reported"
        )
    print("\nstatements")
    for statement in engine.statements:
        speaker = engine.people[statement.speaker].name if statement.speaker else "(unattributed)"
        text = statement.text if len(statement.text) <= 110 else statement.text[:107] + "..."
        print(
            f"  {statement.document_id} ¶{statement.paragraph} {statement.kind.value:<8} "
            f"{speaker} [{statement.cue}]\n      {text}"
        )
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress = sys.stderr.isatty() and not args.quiet
    engine = Engine.load(args.corpus, rebuild=args.full, progress=progress)
    seconds = time.perf_counter() - started
    index = engine.index
    read = index.documents_read
    what = "all read" if read == len(engine.documents) else f"{read} read, the rest kept"
    print(
        f"indexed {len(engine.documents)} document(s) ({what}), {len(index.para_doc)} "
        f"paragraphs, {len(engine.statements)} statements in {seconds:.2f} s on {cores()} core(s)"
    )
    if read == 0 and engine.cache_file is None:
        print("the index was up to date")
        return 0
    if engine.cache_file is None:
        print("the index could not be saved; every start will index again", file=sys.stderr)
        return 1
    print(f"saved to {engine.cache_file}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """The annotated articles as a static website (see visitbot.site)."""
    from visitbot.site import SiteError, write_site  # Jinja2 only for the site

    progress = sys.stderr.isatty() and not args.quiet
    engine = Engine.load(args.corpus, progress=progress)
    try:
        done = write_site(
            engine,
            args.output,
            language=args.language,
            full=args.full,
            progress=progress,
        )
    except SiteError as exc:
        print(f"visitbot: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"visitbot: cannot write the site: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(
        f"{args.output}: {done.documents} document(s), {done.speakers} speaker(s); "
        f"{done.written} of {done.pages} files written, {done.removed} removed, "
        f"in {done.seconds:.2f} s on {cores()} core(s)"
    )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.file is None and args.attribution is None:
        print("visitbot eval: give a question file, --attribution FILE, or both", file=sys.stderr)
        return 2
    from visitbot import attribution_score
    from visitbot.evaluate import evaluate, read_questions, report

    engine = Engine.load(args.corpus)
    if args.file is not None:
        print(report(evaluate(engine, read_questions(args.file))))
    if args.attribution is not None:
        truth = attribution_score.read_truth(args.attribution, engine)
        print(attribution_score.report(attribution_score.score(engine, truth)))
    return 0


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:  # type: ignore[type-arg]
    parser = argparse.ArgumentParser(
        prog="visitbot", description="Who said what, quoted verbatim with a citation."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question ('-' reads one per line)")
    ask.add_argument("question", help="the question, or - to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--top", type=_top, default=DEFAULT_TOP, help="answers to show (1-50)")
    _corpus_option(ask)
    ask.set_defaults(handler=cmd_ask)
    compare = commands.add_parser("compare", help="what each speaker said on one topic")
    compare.add_argument("topic", help='a topic, or e.g. "Tokayev vs Xi on trade"')
    compare.add_argument("--json", action="store_true", help="the JSON shape in the README")
    _corpus_option(compare)
    compare.set_defaults(handler=cmd_compare)
    card = commands.add_parser("card", help="the best answer to a question as a picture (PNG)")
    card.add_argument("question")
    card.add_argument("-o", "--output", type=Path, default=Path("card.png"), help="the PNG")
    card.add_argument("--name", help="the bot's @name to print on the card")
    card.add_argument(
        "--language", choices=sorted(LANGUAGES), default="en", help="the card's own words"
    )
    _corpus_option(card)
    card.set_defaults(handler=cmd_card)
    chat_parser = commands.add_parser("chat", help="ask questions interactively")
    _corpus_option(chat_parser)
    chat_parser.set_defaults(handler=cmd_chat)
    check = commands.add_parser("check", help="validate a corpus and list what was attributed")
    _corpus_option(check)
    check.set_defaults(handler=cmd_check)
    site = commands.add_parser(
        "site", help="write the annotated articles as a static website (who said what, marked)"
    )
    site.add_argument("-o", "--output", type=Path, required=True, help="the site's folder")
    site.add_argument(
        "--language", choices=sorted(LANGUAGES), default="en", help="the site's own words"
    )
    site.add_argument("--full", action="store_true", help="write every page again")
    site.add_argument("--quiet", action="store_true", help="no progress bar")
    _corpus_option(site)
    site.set_defaults(handler=cmd_site)
    index = commands.add_parser(
        "index", help="index a corpus now: only files added, changed or removed since the last time"
    )
    index.add_argument(
        "--corpus", type=Path, default=None, help="a text file or a folder (default: the built-in)"
    )
    index.add_argument("--full", action="store_true", help="read every file again")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(handler=cmd_index)
    evaluation = commands.add_parser(
        "eval", help="measure answer quality on a question file, attribution on ground truth"
    )
    evaluation.add_argument("file", type=Path, nargs="?")
    evaluation.add_argument(
        "--attribution",
        type=Path,
        metavar="GROUND_TRUTH.md",
        help="score who-said-what per paragraph against hand-made ground truth",
    )
    _corpus_option(evaluation)
    evaluation.set_defaults(handler=cmd_eval)
    return parser, commands


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CorpusError as exc:
        print(f"visitbot: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser, _ = build_parser()
    return run(parser, argv)
