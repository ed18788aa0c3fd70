"""The privacy guard over every published document, reusing what earlier builds found.

What :func:`hubgen.privacy.detect.findings` finds in a document depends only on the
document's text; which of it may be published depends on what its state allows
(role domains, public phone lines and addresses). The problems are kept in the
cache under the hash of both.
Translations are read like their originals, under their own paths: a page in
Spanish reaches the public as surely as one in English. The documents that are
new or changed are read once each, however many states share them (national
training and partners), and judged by each state's rules; on every core when
there are many.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hubgen.content.config import SiteConfig
from hubgen.content.documents import Document
from hubgen.content.linking import StateSite
from hubgen.core.cache import Store
from hubgen.core.errors import Problem
from hubgen.core.fingerprints import digest, summary
from hubgen.core.parallel import run_chunks
from hubgen.privacy.detect import Allowed, allowed_in, findings


@dataclass(frozen=True)
class _Work:
    allowed: Sequence[Allowed]


@dataclass(frozen=True)
class _Item:
    """One document to read, and the states (by index into ``allowed``) whose rules judge it."""

    doc: Document
    translation: bool
    rules: tuple[int, ...]


def _check(work: _Work, items: Sequence[_Item]) -> list[list[list[Problem]]]:
    """For each item, its problems under each of its states' rules."""
    results = []
    for item in items:
        found = findings(item.doc, item.translation)
        results.append([found.judged(work.allowed[index]) for index in item.rules])
    return results


def _published(state_site: StateSite) -> Iterable[tuple[Document, bool]]:
    """(document, whether it is a translation) for every page the state publishes."""
    for doc in [*state_site.documents.values(), *state_site.held.values()]:
        yield doc, False
    for (_, _, lang), doc in state_site.translations.items():
        if lang in state_site.config.languages:  # the others are not published here
            yield doc, True


TextKey = tuple[object, ...]  # what a document's findings depend on: its kind, file and text
MemoKey = tuple[object, ...]  # and the rules they are judged by


def guard(sites: Iterable[StateSite], site: SiteConfig, memo: Store, jobs: int) -> list[Problem]:
    """Every published document and translation of every state, read for personal details
    (once each)."""
    allowed: list[Allowed] = []
    states: list[str] = []
    order: list[tuple[int, MemoKey]] = []  # (state index, memo key), as the states publish them
    docs: dict[TextKey, tuple[Document, bool]] = {}
    for state_site in sites:
        contact = state_site.config.contact
        shown = [doc for doc, translation in _published(state_site) if not translation]
        rules = allowed_in(contact.phone, shown, site.role_email_domains, site.privacy_allow,
                           contact.email)  # fmt: skip
        allowed.append(rules)
        states.append(state_site.config.key)
        rules_key = digest(summary(rules))
        for doc, translation in _published(state_site):
            # a translation's meta_hash covers its original's too (its website, for one)
            text_key = ("translation" if translation else "original", doc.source.shown,
                        doc.meta_hash, doc.body_hash)  # fmt: skip
            docs.setdefault(text_key, (doc, translation))
            order.append((len(allowed) - 1, ("privacy", *text_key, rules_key)))
    found = memo.get_many([key for _, key in order])
    todo: dict[TextKey, dict[int, MemoKey]] = {}  # each document once, with the rules it needs
    for index, key in order:
        if key not in found:
            todo.setdefault(key[1:-1], {})[index] = key
    items = [_Item(*docs[text], tuple(wanted)) for text, wanted in todo.items()]
    keys = [tuple(wanted.values()) for wanted in todo.values()]
    found.update(_read(items, keys, _Work(allowed), memo, jobs))
    problems: list[Problem] = []
    seen: set[Problem] = set()  # a document in several states is reported once
    for index, key in order:
        new = [p.of(states[index]) for p in found[key] if p not in seen]
        problems += new
        seen.update(new)
    return problems


def _read(items: list[_Item], keys: list[tuple[MemoKey, ...]], work: _Work, memo: Store,
          jobs: int) -> dict[MemoKey, list[Problem]]:  # fmt: skip
    """What each item's rules find in it, by memo key (``keys``: one for each of its rules);
    remembered for the next build."""
    found: dict[MemoKey, list[Problem]] = {}
    done = 0
    for chunk in run_chunks(_check, work, items, jobs, least=200):
        for item_keys, results in zip(keys[done:], chunk, strict=False):
            for key, result in zip(item_keys, results, strict=True):
                found[key] = result
                memo.put(key, result)
        done += len(chunk)
    memo.flush()
    return found
