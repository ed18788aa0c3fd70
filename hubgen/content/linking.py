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
from hubgen.content.documents import Document, translated_value
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
    # documents whose errors took a value every page of their type needs: they answer
    # references and their text is checked, but no page shows them (a build with them fails)
    held: Mapping[Key, Document] = field(default_factory=dict)

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


Broken = set[tuple[str, str, str, str]]  # (state, type, slug, lang) of files with errors


def link(
    states: Iterable[StateConfig],
    documents: Iterable[Document],
    broken: Broken,
    now: datetime,
    drafts: bool = False,
) -> tuple[list[StateSite], list[Problem]]:
    """Build each state's site. ``broken`` names the files with errors: those among
    ``documents`` keep their place (made of their right values); the others could not be
    read at all. A national file's problem is told once, naming the states it applies to
    when not all of them."""
    docs, every = list(documents), list(states)
    owners: dict[Key, list[str]] = {}  # where each state file's document is
    for doc in docs:
        if doc.source.state != NATIONAL:
            owners.setdefault(doc.key, []).append(doc.source.state)
    found_in: dict[tuple[str, int | None, str, str], tuple[Problem, list[str]]] = {}
    sites = []
    for state in every:
        site, found = _link_state(state, docs, broken, now, drafts, owners)
        sites.append(site)
        for problem in found:
            key = (problem.path, problem.line, problem.message, problem.severity)
            found_in.setdefault(key, (problem, []))[1].append(state.key)
    national = {doc.source.shown for doc in docs if doc.source.state == NATIONAL}
    problems = []
    for problem, where in found_in.values():
        if problem.path not in national:
            problems.append(problem.of(where[0]))
        elif len(where) == len(every):
            problems.append(problem.of(""))
        else:
            names = " and ".join([", ".join(where[:-1]), where[-1]] if len(where) > 1 else where)
            sites_word = "sites" if len(where) > 1 else "site"
            message = f"{problem.message} in the {names} {sites_word}"
            problems.append(replace(problem, message=message).of(""))
    return sites, problems


def _link_state(
    state: StateConfig,
    docs: list[Document],
    broken: Broken,
    now: datetime,
    drafts: bool,
    owners: Mapping[Key, list[str]],
) -> tuple[StateSite, list[Problem]]:
    default_lang = state.languages[0]
    here = (NATIONAL, state.key)
    chosen: dict[Key, Document] = {}
    translations: dict[tuple[str, str, str], Document] = {}
    originals = [d for d in docs if d.source.lang == default_lang]
    for doc in sorted(originals, key=lambda d: d.source.state != NATIONAL):
        if doc.source.state in here:
            chosen[doc.key] = doc  # state files come last and replace national ones
    # files that could not be read at all: a reference to one is told where it is
    unreadable = {(t, s) for st, t, s, lang in broken if st in here and lang == default_lang}
    unreadable -= set(chosen)
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
    refs = _Refs(published, hidden, unreadable, state, owners)
    for doc in published.values():
        problems += refs.check(doc)
    urls, redirects, url_problems = _assign_urls(published, state.languages)
    problems += url_problems
    published, held = _hold(published, {key for key in published if key not in urls})
    gone = {urls[key] for key in held if key in urls}
    redirects = {alias: target for alias, target in redirects.items() if target not in gone}
    problems += _check_prerequisite_cycles(published)
    problems += _far_future_events(published, now)
    for doc in docs:
        if doc.source.lang == default_lang or doc.source.state not in here:
            continue
        original = published.get(doc.key) or held.get(doc.key)
        if original is not None and original.source.state != doc.source.state:
            continue  # a state file replaced the national original; its translation goes too
        if original is None:
            if doc.key not in hidden and doc.key not in unreadable:
                hint = f"add {doc.source.slug}.md beside it, or rename the translation"
                problems.append(
                    Problem(doc.source.shown, None, "a translation without an original", hint)
                )
            continue
        written = {key: value for key, value in doc.meta.items() if key in doc.lines}
        merged = MappingProxyType({**original.meta, **{
            key: translated_value(original.meta.get(key), value) for key, value in written.items()
        }})  # fmt: skip
        translations[(*doc.key, doc.source.lang)] = replace(
            doc, meta=merged, meta_hash=digest((original.meta_hash, doc.meta_hash))
        )
    if not {("home", "index")} & {*published, *held, *unreadable}:
        problems.append(
            Problem(
                f"content/{state.key}",
                None,
                "the state has no index.md",
                "add index.md with a title and the home page's text",
            )
        )
    site = StateSite(
        state,
        MappingProxyType(published),
        MappingProxyType(translations),
        MappingProxyType(urls),
        MappingProxyType(redirects),
        now,
        MappingProxyType(previewed),
        MappingProxyType(held),
    )
    return site, problems


def _hold(
    published: Mapping[Key, Document], unshown: set[Key]
) -> tuple[dict[Key, Document], dict[Key, Document]]:
    """The documents pages can show, and those held back. Only a build with errors holds
    any back: a document without an address (``unshown``), or one whose errors took a
    value its type requires. A reference that names no shown document (told above, or one
    held back) is left out of the document that makes it, which is held back in turn when
    the reference was required."""
    held = {key: published[key] for key in unshown}
    shown = {key: doc for key, doc in published.items() if key not in unshown}
    while True:
        shown = {key: _without_missing(doc, shown) for key, doc in shown.items()}
        lacking = {key: doc for key, doc in shown.items() if _lacks_values(doc)}
        if not lacking:
            return shown, held
        held.update(lacking)
        shown = {key: doc for key, doc in shown.items() if key not in lacking}


def _without_missing(doc: Document, shown: Mapping[Key, Document]) -> Document:
    """The document less the fields whose references name no shown document."""
    wrong = {dotted.split(".")[0] for dotted, kind, slug in references(SCHEMAS[doc.source.type],
             doc.meta) if (kind, slug) not in shown}  # fmt: skip
    if not wrong:
        return doc
    meta = {name: value for name, value in doc.meta.items() if name not in wrong}
    return replace(doc, meta=MappingProxyType(meta),
                   meta_hash=digest(("without", doc.meta_hash, sorted(wrong))))  # fmt: skip


def _lacks_values(doc: Document) -> bool:
    return any(f.required and f.name not in doc.meta for f in SCHEMAS[doc.source.type].fields)


@dataclass(frozen=True)
class _Refs:
    """What the references of one state's documents may name."""

    published: Mapping[Key, Document]
    hidden: Mapping[Key, str]  # not published now, and why
    unreadable: set[Key]  # files with errors too bad to read
    state: StateConfig
    owners: Mapping[Key, list[str]]  # the states whose files have a document

    def check(self, doc: Document) -> list[Problem]:
        """Every reference must name a published document of the same state site."""
        problems = []
        for dotted, kind, slug in references(SCHEMAS[doc.source.type], doc.meta):
            if (kind, slug) not in self.published:
                message, hint = self._missing(doc, dotted, kind, slug)
                problems.append(Problem(doc.source.shown, doc.line(dotted), message, hint))
        return problems

    def _missing(self, doc: Document, dotted: str, kind: str, slug: str) -> tuple[str, str]:
        target, folder = (kind, slug), SECTIONS[kind]
        named = f"'{dotted}' refers to {kind} '{slug}'"
        if target in self.unreadable:
            return (f"{named}, whose file has errors",
                    f"fix {folder}/{slug}.md (its errors are listed with it); this "
                    "reference then works")  # fmt: skip
        if target in self.hidden:
            return (f"{named}, which is {self.hidden[target]}",
                    f"publish {folder}/{slug}.md first, or remove the reference")  # fmt: skip
        names = sorted(s for t, s in self.published if t == kind)
        known = f"Known: {', '.join(names) or 'none'}"
        others = [key for key in self.owners.get(target, ()) if key != self.state.key]
        if others and doc.source.state != NATIONAL:
            plural = folder.replace("-", " ")
            whose = f"the {self.state.key} site's own {plural}"
            name = SCHEMAS[doc.source.type].name
            article = "an" if name[:1] in "aeiou" else "a"
            return (f"{named}, which is in the {others[0]} site: {article} {name} can name only "
                    f"{whose}",
                    f"name one of {whose} ({known}), or leave '{dotted}' out")  # fmt: skip
        guess = did_you_mean(slug, names)
        return (f"{named}, which does not exist",
                (guess + " " if guess else "") + f"{known}; or create {folder}/{slug}.md")


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
