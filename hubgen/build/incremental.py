"""Render only the pages whose inputs changed, on every core, writing as they come.

Every page of a state in one language shares a *profile*: the templates and
interface text of its theme (parents and the state's overrides included), the
settings, the images, the options, the code. The cache keeps, per profile,
a :class:`PageRecord` for each page: every dependency it read while rendering
with its fingerprint (see :mod:`hubgen.core.fingerprints`), and the hash of its HTML. A
page is fresh when its profile is the same, every dependency has the same
fingerprint now, and a file with that hash is already in the output folders;
fresh pages are not rendered again. The others are rendered in worker
processes, which write each page as soon as it is rendered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta as jinja_meta

from hubgen.build.output import write_file
from hubgen.build.swap import content_hash
from hubgen.content.config import SiteConfig
from hubgen.content.linking import StateSite
from hubgen.core.cache import Cache, Store
from hubgen.core.errors import Problem
from hubgen.core.fingerprints import Dep, Fingerprints, digest
from hubgen.markup.leftovers import Leftover, found_in
from hubgen.markup.linkcheck import Written, shown_document
from hubgen.render.i18n import Language, Strings
from hubgen.render.pages import PageSpec, output_path, page_specs, render_page
from hubgen.render.recording import RecordingEnvironment
from hubgen.render.stateview import StateView
from hubgen.render.themes import Theme

ID_RE = re.compile(r'\bid="([^"]+)"')
# (document, links written in its body, images, frames, leftovers of other tools) for each
# body a page showed
Links = tuple[Written, ...]


@dataclass(frozen=True)
class PageRecord:
    """What the cache keeps of one rendered page."""

    deps: tuple[tuple[Dep, bytes], ...]
    digest: bytes  # of its HTML
    ids: tuple[str, ...]  # the ids links may point at ('#...'); none for the 404 page
    links: Links  # what the bodies it showed link to, show and embed


def theme_key(env: jinja2.Environment, theme: Theme, statics: str,
              memo: Store) -> tuple[bytes, bool]:  # fmt: skip
    """A hash of every template the environment can load, of the themes' manifests and of
    their static files (``statics``: the folder named for them), and whether any template
    reads the build's "now" (then every page changes with the clock)."""
    loader = env.loader
    assert loader is not None
    sources = []
    for name in sorted(env.list_templates()):
        try:
            source, filename, _ = loader.get_source(env, name)
        except UnicodeDecodeError:  # reported by compile_all: nothing renders
            continue
        sources.append((name, filename, source))
    manifests = [(item.folder / "theme.yaml").read_bytes() for item in theme.chain]
    key = digest((tuple(sources), tuple(manifests), statics))

    def reads_now() -> bool:
        return any("now" in jinja_meta.find_undeclared_variables(env.parse(source))
                   for _, _, source in sources if "now" in source)  # fmt: skip

    return key, bool(memo.remember(("reads-now", key), reads_now))


@dataclass
class Profiles:
    """The profile key of each state and language in this build."""

    stamp: bytes
    program: SiteConfig
    options: tuple[Any, ...]  # drafts...

    def key(self, site: StateSite, lang: str, theme: bytes, images: Any, now: str) -> bytes:
        return digest(("profile", self.stamp, repr(self.program), repr(site.config), lang,
                       theme, images, self.options, now))  # fmt: skip


@dataclass
class Job:
    """One page to render: which state view, which spec, where its file goes."""

    view: int  # index into the work's views
    spec: PageSpec
    path: str  # under the output folder


@dataclass(frozen=True)
class Rendered:
    """A rendered page, as the worker that rendered it reports it."""

    path: str
    record: PageRecord | None  # None: its template failed
    written: bool
    problem: Problem | None = None
    memo: tuple[tuple[bytes, Any], ...] = ()  # cache entries made while rendering it


@dataclass
class ViewSetup:
    """How to make one state view in any process."""

    site: StateSite
    lang: str
    env: jinja2.Environment
    theme: Theme
    images: Any
    theme_key: bytes = b""
    reads_now: bool = False
    statics: str = "static/"  # where the theme's static files are published


@dataclass
class RenderWork:
    """What the render workers share: inherited through the fork, then grown per process."""

    program: SiteConfig
    setups: list[ViewSetup]
    root: Path
    cache: Cache
    stamp: bytes
    folder: Path | None  # where pages are written (None: check only)
    has: dict[str, bytes | None]  # what that folder holds: identical files are not written
    _owner: int = field(default_factory=os.getpid)  # the build's own process
    _pid: int = -1  # the process the views below were made in
    _views: dict[int, tuple[StateView, Strings, Fingerprints]] = field(default_factory=dict)
    _memo: Store | None = None

    def memo(self) -> Store:
        """The memo of this process: workers read the cache through their own connection
        and hand what they add to the build's process, the only one that writes."""
        if self._pid != os.getpid():
            self._pid, self._views = os.getpid(), {}
            cache = self.cache if self._pid == self._owner else self.cache.reopen()
            self._memo = Store(cache, "memo", self.stamp)
        assert self._memo is not None
        return self._memo

    def view(self, index: int) -> tuple[StateView, Strings, Fingerprints]:
        memo = self.memo()
        if index not in self._views:
            setup = self.setups[index]
            view = StateView(setup.site, self.program, _converter, setup.lang, setup.images, memo,
                             setup.statics)  # fmt: skip
            strings = Strings(Language(setup.theme.strings, setup.lang, view.default_lang))
            self._views[index] = (view, strings, Fingerprints(view.resolve))
        return self._views[index]


def _converter() -> Any:
    from hubgen.markup.markdown import Converter  # only when a body is rendered

    return Converter()


def fresh(record: PageRecord | None, fingerprints: Fingerprints) -> bool:
    return record is not None and all(fingerprints(dep) == fp for dep, fp in record.deps)


def render_jobs(work: RenderWork, jobs: Sequence[Job]) -> list[Rendered]:
    """Render a chunk of jobs in this process (a worker, or the build itself)."""
    return [_render_one(work, job) for job in jobs]


def _render_one(work: RenderWork, job: Job) -> Rendered:
    view, strings, fingerprints = work.view(job.view)
    env = work.setups[job.view].env
    assert isinstance(env, RecordingEnvironment)
    view.links.clear()
    view.pictures.clear()
    view.embeds.clear()
    env.recorder.start()
    html, problem = render_page(job.spec, view, env, strings, work.root)
    deps = env.recorder.stop()
    if html is None:
        return Rendered(job.path, None, False, problem, tuple(work.memo().take()))
    data = html.encode()
    hashed = content_hash(data)
    written = work.folder is not None and work.has.get(job.path) != hashed
    if written:
        assert work.folder is not None
        write_file(work.folder, job.path, data)
    ids = tuple(ID_RE.findall(html)) if job.spec.is_page else ()
    links = tuple((key, view.links[key], view.pictures.get(key, ()), view.embeds.get(key, ()),
                   _leftovers(view, key, work.memo())) for key in view.links)  # fmt: skip
    record = PageRecord(tuple(sorted((d, fingerprints(d)) for d in deps)), hashed, ids, links)
    return Rendered(job.path, record, written, None, tuple(work.memo().take()))


def _leftovers(view: StateView, key: tuple[str, str], memo: Store) -> tuple[Leftover, ...]:
    """Other tools' leftovers in the body a page showed, found in the file it was written
    in (a translation's own), kept in the page's record so a page that is not rendered
    again is checked as it was."""
    return found_in(shown_document(view.site, key, view.lang), memo)


def plan(work: RenderWork, prefixes: Sequence[str], tables: Sequence[dict[str, PageRecord]],
         available: Any) -> tuple[list[Job], dict[str, PageRecord]]:  # fmt: skip
    """The pages that must be rendered, and the records of the fresh ones by path.

    Paths are under the output folder ('wisconsin/events/x/index.html'), and so
    are the keys of each state and language's table of records."""
    jobs: list[Job] = []
    kept: dict[str, PageRecord] = {}
    for index, (prefix, table) in enumerate(zip(prefixes, tables, strict=True)):
        view, _, fingerprints = work.view(index)
        for spec in page_specs(view):
            path = prefix + output_path(view, spec)
            record = table.get(path)
            if (
                record is not None
                and available(path, record.digest)
                and fresh(record, fingerprints)
            ):
                kept[path] = record
            else:
                jobs.append(Job(index, spec, path))
    return jobs, kept
