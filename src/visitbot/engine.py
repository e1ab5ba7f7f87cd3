"""The engine as one object: load a corpus once, then answer questions from any front end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from visitbot import bilingual, russian, semantic, store
from visitbot.answer import Answerer
from visitbot.compare import Comparer
from visitbot.corpus import SPEAKERS_FILE, builtin_files, corpus_stats, file_record
from visitbot.cyrillic import name_alternatives
from visitbot.index import Index
from visitbot.models import Answer, AnswerSet, Comparison, Document, Kind, Person, Statement
from visitbot.query import CompareRequest, compare_request, parse
from visitbot.speakers import builtin_registry, merge_people, parse_registry, registry_bytes
from visitbot.text import clean_input, is_cyrillic, words

if TYPE_CHECKING:
    from visitbot.workers import PerDocument

DEFAULT_TOP = 3
MAX_TOP = 50


READERS = {"en": ("en",), "ru": ("ru",), "kk": ("kk", "ru")}
"""Whose sources a user reads first, by the user's language: a Kazakh speaker's next is
Russian (Kazakhstan's two official languages)."""


def preferred(asked: str, chosen: str | None) -> tuple[str, ...]:
    """The languages whose sources come first: those of a question asked in Russian or
    Kazakh; for one in English, the user's chosen language (a Russian-speaking user asking in
    English still reads Russian first), else English."""
    language = chosen if asked == "en" and chosen else asked
    return READERS.get(language, (language,))


def _registry_file(corpus: Path | None) -> Path | None:
    """Where a user's corpus may keep its speakers.json (the built-in one has none)."""
    if corpus is None:
        return None
    return corpus / SPEAKERS_FILE if corpus.is_dir() else corpus.parent / SPEAKERS_FILE


class Engine:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.answerer = Answerer(index)
        self.comparer = Comparer(self.answerer)

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        registry: Sequence[Person],
        workers: PerDocument | None = None,
    ) -> Engine:
        from visitbot.build import build_index  # indexing only: answering never imports it

        return cls(build_index(documents, registry, workers))

    @classmethod
    def load(
        cls,
        corpus: Path | None = None,
        *,
        cache: bool = True,
        rebuild: bool = False,
        progress: bool = False,
    ) -> Engine:
        """The built-in corpus, or the file/folder given (with its speakers.json, if any).

        A corpus, the built-in one too, is indexed once and then mapped from the persisted
        index (see :mod:`visitbot.store`): a start reads neither the lemma dictionary nor the
        articles. When files were added, changed or removed since, the index is updated:
        only those files are read (see :mod:`visitbot.build`). ``rebuild`` forces a fresh
        index, ``cache=False`` skips files; ``progress`` shows a progress bar while indexing.
        """
        registry = builtin_registry()
        if corpus is None:
            found = [(str(file), file.stat()) for file in builtin_files()]
        else:
            found = corpus_stats(corpus)
        registries = [registry_bytes()]
        extra = _registry_file(corpus)
        if extra is not None and extra.is_file():
            raw = extra.read_bytes()
            registries.append(raw)
            registry = merge_people(registry, parse_registry(extra, raw.decode("utf-8")))
        # The dictionaries installed are part of the index's identity: installing them later
        # makes the next start index again, with translations.
        identity = [*registries, bilingual.signature().encode()]
        key = store.cache_key(corpus or Path(found[0][0]).parent, identity)
        previous = None
        if cache and not rebuild and (sections := store.load(key)) is not None:
            previous = Index(sections)
            records = [file_record(path, stat) for path, stat in found]
            if previous.files == [list(r) for r in records]:
                return cls(previous)
        from visitbot.build import update_index
        from visitbot.workers import PerDocument

        index = update_index(previous, found, registry, PerDocument(progress=progress))
        engine = cls(index)
        if cache:
            engine.cache_file = store.save(key, index.sections)
        return engine

    cache_file: Path | None = None
    """Where the persisted index was written, when this engine wrote one."""

    @property
    def fingerprint(self) -> str:
        """Six hex digits that change whenever the documents or the people change."""
        return self.index.fingerprint

    @property
    def documents(self) -> Sequence[Document]:
        return self.index.documents

    @property
    def people(self) -> dict[str, Person]:
        return self.index.people

    @property
    def statements(self) -> Sequence[Statement]:
        return self.index.statements

    def document_position(self, document_id: str) -> int | None:
        """Where a document is in ``documents``."""
        return self.index.documents.position.get(document_id)

    def warm(self) -> None:
        """Load now what the first questions would otherwise wait for (a server calls this
        once before serving; a one-shot question does not): the English word vectors, and the
        Russian analyser for a corpus with Russian documents (an English-only corpus loads it
        only if a question in Russian comes)."""
        semantic.warm()
        if "ru" in self.index.languages:
            russian.analyser()

    def ask(self, question: str, top: int = DEFAULT_TOP, language: str | None = None) -> AnswerSet:
        """Answers to a question. ``language``: the user's (the bot's chosen language);
        sources in it come first, else in the language asked in (see :func:`preferred`)."""
        top = max(1, min(MAX_TOP, top))
        query = parse(question, self.index.matcher)
        return self.answerer.answer(query, top=top, prefer=preferred(query.language, language))

    def compare(self, text: str) -> Comparison:
        """Each speaker's best words on a topic: ``text`` is the topic, or a comparison asked
        for in words ("Tokayev vs Xi on trade", "What did each leader say about trade?")."""
        request = compare_request(text, self.index.matcher) or CompareRequest(text)
        return self.comparer.compare(request)

    def comparison_asked(self, question: str) -> bool:
        """Whether a question asks for a comparison rather than a single answer."""
        return compare_request(question, self.index.matcher) is not None

    def find_person(self, text: str) -> Person | None:
        """The one person a user's text names (any script, typos in long names; in Russian
        or Kazakh in any case: "/quotes Токаева")."""
        tokens = words(clean_input(text))
        found = self.index.matcher.find(tokens)
        if not found and any(is_cyrillic(t) for t in tokens):
            found = self.index.matcher.find(tokens, name_alternatives(tokens))
        if len(found) == 1 and len(found[0].people) == 1:
            return self.index.people[found[0].people[0]]
        return None

    def document_statements(self, document_id: str) -> list[Statement]:
        """Every statement read out of one document, in text order."""
        d = self.document_position(document_id)
        if d is None:
            return []
        table = self.index.statements
        lo, hi = int(self.index.doc_statements[d]), int(self.index.doc_statements[d + 1])
        return [table[i] for i in range(lo, hi)]

    def statements_by(self, person_id: str) -> list[Answer]:
        return list(self.answerer.all_by((person_id,)))

    def speaker_counts(self) -> list[tuple[Person, Counter[Kind]]]:
        counts = self.index.statement_counts()
        return sorted(
            ((self.index.people[p], c) for p, c in counts.items()),
            key=lambda item: -sum(item[1].values()),
        )

    def paragraph(self, document_id: str, number: int) -> Answer | None:
        return self.answerer.paragraph_answer(document_id, number)
