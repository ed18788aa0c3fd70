"""Link parsed documents into one :class:`StateSite` per state.

National training and partners join every state; a state file with the same
slug replaces the national one. Drafts, not-yet-published and expired
documents are left out. References are checked by key, every document gets
its URL, aliases become redirect URLs, and two things at one URL are refused.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from hubgen.content.config import StateConfig
from hubgen.content.discovery import NATIONAL
from hubgen.content.documents import Document
from hubgen.content.fields import Field, Schema
from hubgen.content.types import REGISTRY, SCHEMAS, SECTIONS
from hubgen.core.errors import Problem, did_you_mean
from hubgen.core.fingerprints import digest

Key = tuple[str, str]  # (type, slug)

SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")  # needs no escaping in a URL or a file name
RESERVED = {"static", "es", "en", "feeds", "calendar", "pagefind", "404"}
FAR_AHEAD = timedelta(days=366)  # a start further away than this is likely a mistyped year


@dataclass(frozen=True)
class StateSite:
    """Everything one state's site is made from, linked and checked."""

    config: StateConfig
    documents: Mapping[Key, Document]  # published originals
    translations: Mapping[tuple[str, str, str], Document]  # (type, slug, lang)
    urls: Mapping[Key, str]  # site-relative URL paths, like '/events/fall-canvass/'
    redirects: Mapping[str, str]  # alias URL path -> target URL path
    now: datetime
    previewed: Mapping[Key, str] = field(default_factory=dict)  # shown only because of --drafts

    def of_type(self, kind: str) -> list[Document]:
        return [doc for key, doc in self.documents.items() if key[0] == kind]

    def get(self, kind: str, slug: str) -> Document | None:
        return self.documents.get((kind, slug))


def doc_url(kind: str, slug: str) -> str:
    return REGISTRY[kind].url(slug)


def list_urls() -> dict[str, str]:
    """The list pages every state site has: address -> kind of list."""
    return {page.path: page.kind for page in REGISTRY.list_pages}


def unpublished(doc: Document, now: datetime) -> str:
    """Why a document is not published now ('' when it is)."""
    meta = doc.meta
    publish, expiry = meta.get("publish_date"), meta.get("expiry_date")
    if expiry is not None and expiry < now.date():
        return f"expired on {expiry}"
    if meta.get("draft"):
        return "a draft"
    if publish is not None and publish > now.date():
        return f"not published until {publish}"
    return ""


def references(schema: Schema, values: Mapping[str, Any]) -> Iterable[tuple[str, str, str]]:
    """(dotted key, target type, slug) for every reference in a document's values."""
    for spec in schema.fields:
        value = values.get(spec.name)
        if value is None:
            continue
        yield from _refs_of(spec, value, spec.name)


def _refs_of(spec: Field, value: Any, dotted: str) -> Iterable[tuple[str, str, str]]:
    if spec.kind == "ref":
        yield dotted, spec.target, value
    elif spec.kind == "list" and spec.item is not None:
        for item in value:
            yield from _refs_of(spec.item, item, dotted)
    elif spec.kind == "variant":
        variant = spec.variants[value.type]
        for field in variant.fields:
            inner = getattr(value, field.name, None)
            if inner:
                yield from _refs_of(field, inner, f"{dotted}.{field.name}")


def link(
    states: Iterable[StateConfig],
    documents: Iterable[Document],
    broken: set[tuple[str, str, str]],
    now: datetime,
    drafts: bool = False,
) -> tuple[list[StateSite], list[Problem]]:
    """Build each state's site; ``broken`` holds (state, type, slug) of files that failed."""
    docs = list(documents)
    problems: list[Problem] = []
    sites = []
    for state in states:
        site, found = _link_state(state, docs, broken, now, drafts)
        sites.append(site)
        problems += [p.of(state.key) for p in found if p not in problems]  # national: once
    return sites, problems


def _link_state(
    state: StateConfig,
    docs: list[Document],
    broken: set[tuple[str, str, str]],
    now: datetime,
    drafts: bool,
) -> tuple[StateSite, list[Problem]]:
    default_lang = state.languages[0]
    chosen: dict[Key, Document] = {}
    translations: dict[tuple[str, str, str], Document] = {}
    originals = [d for d in docs if d.source.lang == default_lang]
    for doc in sorted(originals, key=lambda d: d.source.state != NATIONAL):
        if doc.source.state in (NATIONAL, state.key):
            chosen[doc.key] = doc  # state files come last and replace national ones
    problems: list[Problem] = []
    hidden: dict[Key, str] = {}
    previewed: dict[Key, str] = {}  # drafts and future pages shown by --drafts, and why
    published: dict[Key, Document] = {}
    for key, doc in chosen.items():
        why = unpublished(doc, now)
        if not why or (drafts and not why.startswith("expired")):
            published[key] = doc
            if why:
                previewed[key] = why
        else:
            hidden[key] = why
    broken_here = {(t, s) for st, t, s in broken if st in (NATIONAL, state.key)}
    for doc in published.values():
        problems += _check_refs(doc, published, hidden, broken_here, state.key)
    problems += _check_prerequisite_cycles(published)
    problems += _far_future_events(published, now)
    for doc in docs:
        if doc.source.lang == default_lang or doc.source.state not in (NATIONAL, state.key):
            continue
        original = published.get(doc.key)
        if original is not None and original.source.state != doc.source.state:
            continue  # a state file replaced the national original; its translation goes too
        if original is None:
            if doc.key not in hidden and doc.key not in broken_here:
                hint = f"add {doc.source.slug}.md beside it, or rename the translation"
                problems.append(
                    Problem(doc.source.shown, None, "a translation without an original", hint)
                )
            continue
        written = {key: value for key, value in doc.meta.items() if key in doc.lines}
        merged = MappingProxyType({**original.meta, **written})
        translations[(*doc.key, doc.source.lang)] = replace(
            doc, meta=merged, meta_hash=digest((original.meta_hash, doc.meta_hash))
        )
    if ("home", "index") not in published and ("home", "index") not in broken_here:
        problems.append(
            Problem(
                f"content/{state.key}",
                None,
                "the state has no index.md",
                "add index.md with a title and the home page's text",
            )
        )
    urls, redirects, url_problems = _assign_urls(published, state.languages)
    problems += url_problems
    site = StateSite(
        state,
        MappingProxyType(published),
        MappingProxyType(translations),
        MappingProxyType(urls),
        MappingProxyType(redirects),
        now,
        MappingProxyType(previewed),
    )
    return site, problems


def _check_refs(
    doc: Document,
    published: Mapping[Key, Document],
    hidden: Mapping[Key, str],
    broken: set[Key],
    state_key: str,
) -> list[Problem]:
    """Every reference must name a published document of the same state site."""
    problems = []
    where = f" in the {state_key} site" if doc.source.state == NATIONAL else ""
    for dotted, kind, slug in references(SCHEMAS[doc.source.type], doc.meta):
        target = (kind, slug)
        if target in published or target in broken:
            continue
        line = doc.line(dotted)
        folder = SECTIONS[kind]
        if target in hidden:
            message = f"'{dotted}' refers to {kind} '{slug}', which is {hidden[target]}{where}"
            hint = f"publish {folder}/{slug}.md first, or remove the reference"
        else:
            message = f"'{dotted}' refers to {kind} '{slug}', which does not exist{where}"
            names = sorted(s for t, s in published if t == kind)
            guess = did_you_mean(slug, names)
            hint = (guess + " " if guess else "") + f"Known: {', '.join(names) or 'none'}; "
            hint += f"or create {folder}/{slug}.md"
        problems.append(Problem(doc.source.shown, line, message, hint))
    return problems


def _far_future_events(published: Mapping[Key, Document], now: datetime) -> list[Problem]:
    """A warning for events more than a year away: usually a mistyped year."""
    found = []
    for (kind, _), doc in published.items():
        field = REGISTRY[kind].starts
        start = doc.meta.get(field) if field else None
        if start is not None and start - now > FAR_AHEAD:
            hint = "check the year; events are usually listed weeks or months ahead"
            message = f"the {SCHEMAS[kind].name} starts {start:%Y-%m-%d}, more than a year from now"
            found.append(Problem(doc.source.shown, doc.line(field), message, hint, "warning"))
    return found


def _check_prerequisite_cycles(published: Mapping[Key, Document]) -> list[Problem]:
    graph = {
        slug: tuple(doc.meta.get("prerequisites", ()))
        for (kind, slug), doc in published.items()
        if kind == "training"
    }
    problems = []
    for start in sorted(graph):
        seen, stack = set(), list(graph[start])
        while stack:
            slug = stack.pop()
            if slug == start:
                doc = published[("training", start)]
                problems.append(
                    Problem(
                        doc.source.shown,
                        doc.line("prerequisites"),
                        "the prerequisites go round in a circle",
                        "a module cannot require itself, even through others",
                    )
                )
                break
            if slug not in seen:
                seen.add(slug)
                stack.extend(graph.get(slug, ()))
    return problems


def normalize_alias(alias: str) -> str | None:
    """'/old/page' -> '/old/page/'; None when it is not a path inside the site."""
    if "://" in alias or alias.startswith("//") or "\\" in alias or "?" in alias or "#" in alias:
        return None
    parts = [p for p in alias.split("/") if p]
    if not parts or any(p in (".", "..") or not SEGMENT.match(p) for p in parts):
        return None
    path = posixpath.normpath("/" + "/".join(parts)) + "/"
    return path if path.startswith("/") and ".." not in path else None


def _assign_urls(
    published: Mapping[Key, Document], languages: tuple[str, ...]
) -> tuple[dict, dict, list[Problem]]:
    urls: dict[Key, str] = {}
    owners: dict[str, str] = {url: "a built-in list page" for url in list_urls()}
    owners.update({f"/{name}/": "a reserved address" for name in (*RESERVED, *languages)})
    problems = []
    for key, doc in published.items():
        url = doc_url(*key)
        if url in owners:
            hint = "rename the file; that address is taken"
            problems.append(
                Problem(
                    doc.source.shown,
                    None,
                    f"its address {url} is already used by {owners[url]}",
                    hint,
                )
            )
            continue
        owners[url] = doc.source.shown
        urls[key] = url
    redirects = {}
    for key, doc in published.items():
        for alias in doc.meta.get("aliases", ()):
            path = normalize_alias(alias)
            line = doc.line("aliases")
            if path is None:
                hint = (
                    "write a path inside this state's site, like /old-name/: letters, digits, "
                    "'-', '_' and '.', no '..', no domain"
                )
                problems.append(
                    Problem(
                        doc.source.shown,
                        line,
                        f"alias '{alias}' is not a path inside the site",
                        hint,
                    )
                )
            elif path in owners:
                problems.append(
                    Problem(
                        doc.source.shown,
                        line,
                        f"alias {path} is already used by {owners[path]}",
                        "remove or change the alias",
                    )
                )
            elif key in urls:
                owners[path] = doc.source.shown
                redirects[path] = urls[key]
    return urls, redirects, problems
