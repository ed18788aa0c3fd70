"""The privacy guard over every published document, reusing what earlier builds found.

What :func:`hubgen.privacy.text_problems` finds in a document depends only on
the document's text and on what its state allows (role domains, public phone
lines and addresses), so it is kept in the cache under the hash of both. The
documents that are new or changed are read on every core when there are many.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hubgen.cache import Store
from hubgen.config import SiteConfig
from hubgen.content import Document
from hubgen.errors import Problem
from hubgen.parallel import run_chunks
from hubgen.privacy import Allowed, allowed_in, text_problems
from hubgen.site import StateSite
from hubgen.trace import digest, summary


@dataclass(frozen=True)
class _Work:
    allowed: Sequence[Allowed]


def _check(work: _Work, items: Sequence[tuple[int, Document]]) -> list[list[Problem]]:
    return [text_problems(doc, work.allowed[index]) for index, doc in items]


def guard(sites: Iterable[StateSite], site: SiteConfig, memo: Store, jobs: int) -> list[Problem]:
    """Every published document of every state, read for personal details (once each)."""
    allowed: list[Allowed] = []
    states: list[str] = []
    items: list[tuple[int, Document]] = []
    keys: list[tuple[object, ...]] = []
    for state_site in sites:
        documents = state_site.documents.values()
        rules = allowed_in(state_site.config.contact.phone, documents, site.role_email_domains,
                           site.privacy_allow)  # fmt: skip
        allowed.append(rules)
        states.append(state_site.config.key)
        rules_key = digest(summary(rules))
        for doc in documents:
            items.append((len(allowed) - 1, doc))
            keys.append(("privacy", doc.source.shown, doc.meta_hash, doc.body_hash, rules_key))
    found = memo.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in found]
    done = 0
    for chunk in run_chunks(_check, _Work(allowed), [items[i] for i in missing], jobs, least=200):
        for result in chunk:
            found[keys[missing[done]]] = result
            memo.put(keys[missing[done]], result)
            done += 1
    memo.flush()
    problems: list[Problem] = []
    seen: set[Problem] = set()  # a document in several states is reported once
    for (index, _), key in zip(items, keys, strict=True):
        state = states[index]
        new = [p.of(state) for p in found[key] if p not in seen]
        problems += new
        seen.update(new)
    return problems
