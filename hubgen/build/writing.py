"""Render every state's site into the output folder: pages, files, images, statics, index.

:class:`Writer` works on all states at once, so worker processes share out
the pages of every state. Per state and language it asks the cache which
pages are still fresh (:mod:`hubgen.build.incremental`), renders the others, writes
the feeds, calendars, sitemap and finder data, the images and the theme's
static files, checks every link written in Markdown against the pages, builds
the search index where pages changed, and finally the national landing page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hubgen.build.incremental import (
    Job,
    PageRecord,
    Profiles,
    RenderWork,
    ViewSetup,
    plan,
    render_jobs,
)
from hubgen.build.search import BUNDLE, index_sites
from hubgen.build.swap import Swap, content_hash
from hubgen.content.config import Config, url_path
from hubgen.content.images import budget_problem, find_images, variants
from hubgen.content.linking import StateSite
from hubgen.core.cache import Cache, Store
from hubgen.core.codestamp import code_stamp
from hubgen.core.errors import Problem, errors_in
from hubgen.core.fingerprints import summary
from hubgen.core.parallel import run_chunks
from hubgen.markup.linkcheck import check_written, national_files
from hubgen.render.hostfiles import headers_file, site_policy
from hubgen.render.pages import render_landing, site_files

if TYPE_CHECKING:
    from hubgen.build.options import Bar
    from hubgen.build.themesets import ThemeEnv

LANDING = ("index.html", "static", "_headers")  # what the landing page puts at the top


@dataclass(frozen=True)
class Settings:
    """What writing needs of the build's options."""

    now: datetime
    drafts: bool  # pages not yet published are shown, with a banner
    search: bool  # index the pages that changed (else the index stays as it was)
    landing: bool  # write the national landing page too (a build of every state)
    base_url: str | None  # every state under this address instead of its own


@dataclass(frozen=True)
class Written:
    """What writing made: the pages of each state built, and which were rendered again."""

    pages_of: Mapping[str, int]  # 404 pages too; not the landing page
    rendered_paths: tuple[str, ...]  # the others were kept from the last build

    @property
    def pages(self) -> int:
        return sum(self.pages_of.values())

    @property
    def rendered(self) -> int:
        return len(self.rendered_paths)


class Writer:
    """One build's rendering and writing, after every document is parsed and linked."""

    def __init__(self, config: Config, themes: dict[str, ThemeEnv], sites: list[StateSite],
                 settings: Settings, memo: Store, cache: Cache, output: Swap | None, jobs: int,
                 progress: Callable[[str], None], bar: Bar | None) -> None:  # fmt: skip
        self.config, self.themes, self.sites, self.settings = config, themes, sites, settings
        self.cache, self.output, self.jobs = cache, output, jobs
        self.progress, self.bar = progress, bar
        self.memo = memo

    def run(self, problems: list[Problem]) -> Written:
        """Render and write everything; problems found are added to ``problems``."""
        output = self.output
        setups, images_of, extra = self._setups(problems)
        folder = output.folder if output is not None else None
        work = RenderWork(self.config.site, setups, self.config.root, self.cache, code_stamp(),
                          folder, dict(output.has) if output else {})  # fmt: skip
        prefixes = [f"{setup.site.config.key}/" for setup in setups]
        profiles = self._profiles(setups)
        stored: list[dict[str, PageRecord]] = [self.cache.get("pages", p) or {} for p in profiles]
        available = output.available if output is not None else lambda _path, _digest: True
        jobs, kept = plan(work, prefixes, stored, available)
        for index, prefix in enumerate(prefixes):
            view, strings, _ = work.view(index)
            extra += [(prefix + f.path, _bytes(f.text)) for f in site_files(view, strings)]
        if self.settings.landing:
            extra += self._landing(problems)
        if output is not None:
            changing = [path for path, data in extra if output.has.get(path) != content_hash(data)]
            output.declare([job.path for job in jobs] + changing)
            for path, data in extra:
                output.write(path, data)
        records = self._render(work, jobs, kept, problems)
        tables = [{p: r for p, r in records.items() if _in_view(p, setup, prefixes[index])}
                  for index, setup in enumerate(setups)]  # fmt: skip
        if not errors_in(problems):  # pages made beside errors may show a document in part
            for profile, table in zip(profiles, tables, strict=True):
                self.cache.put("pages", profile, table)
        pages_of: dict[str, int] = {}
        for path in records:
            key = path.split("/", 1)[0]
            pages_of[key] = pages_of.get(key, 0) + 1
        if not any(p.severity == "error" and p.message.startswith("template") for p in problems):
            self._check_links(setups, tables, records, images_of, problems)
        self._search(problems)
        self.memo.flush()
        work.memo().flush()
        return Written(pages_of, tuple(job.path for job in jobs))

    def _render(self, work: RenderWork, jobs: list[Job], kept: dict[str, PageRecord],
                problems: list[Problem]) -> dict[str, PageRecord]:  # fmt: skip
        records: dict[str, PageRecord] = dict(kept)
        if self.bar is not None:
            self.bar.start(len(jobs))
        for chunk in run_chunks(render_jobs, work, jobs, self.jobs):
            self.cache.put_many("memo", [item for result in chunk for item in result.memo])
            for result in chunk:
                if result.record is not None:
                    records[result.path] = result.record
                    if self.output is not None:
                        self.output.note(result.path, result.record.digest, result.written)
                elif result.problem is not None and not any(  # one report per template line
                    (p.path, p.line) == (result.problem.path, result.problem.line) for p in problems
                ):
                    problems.append(result.problem.of(result.path.split("/", 1)[0]))
            if self.bar is not None:
                self.bar.advance(len(chunk))
        if self.output is not None:
            for path, record in kept.items():
                self.output.note(path, record.digest, False)
        counts: dict[str, int] = {}
        texts = {job.path for job in jobs if job.spec.what[0] == "text"}  # checked, not pages
        for job in jobs:
            key = job.path.split("/", 1)[0]
            counts[key] = counts.get(key, 0) + (job.path not in texts)
        for site in self.sites:
            key = site.config.key
            total = sum(1 for p in records if p.startswith(f"{key}/") and p not in texts)
            self.progress(f"Rendered {key}: {counts.get(key, 0)} of {total} pages")
        return records

    def _setups(
        self, problems: list[Problem]
    ) -> tuple[list[ViewSetup], dict[str, Any], list[tuple[str, bytes]]]:
        """A view setup per state and language; the images and static files to write."""
        setups, images_of, extra = [], {}, []
        for site in self.sites:
            key = site.config.key
            images, found = find_images(self.config.content, site.config.folder, self.config.root)
            problems += [p.of(key) for p in found if p not in problems]
            images_of[key] = images
            for info in images.values():
                made = self.memo.remember(("image", info.name, info.digest, info.widths),
                                          lambda info=info: list(variants(info)))  # fmt: skip
                extra += [(f"{key}/{name}", data) for name, data in made]
                sizes = {name: len(data) for name, data in made}
                over = budget_problem(info, sizes, self.config.site.image_budget_kb)
                problems += [over.of(key)] if over and over not in problems else []
            themed = self.themes[key]
            statics = themed.statics
            extra += [(f"{key}/{statics.path}{name}", data) for name, data in statics.files]
            for lang in site.config.languages:
                setups.append(ViewSetup(site, lang, themed.env, themed.theme, images,
                                        themed.key, themed.reads_now, statics.path))  # fmt: skip
        return setups, images_of, extra

    def _profiles(self, setups: list[ViewSetup]) -> list[bytes]:
        profiles = Profiles(code_stamp(), self.config.site, (self.settings.drafts,))
        keys = []
        for setup in setups:
            now = setup.site.now.isoformat() if setup.reads_now else ""
            images = summary(setup.images)
            keys.append(profiles.key(setup.site, setup.lang, setup.theme_key, images, now))
        return keys

    def _check_links(self, setups: list[ViewSetup], tables: list[dict[str, PageRecord]],
                     records: dict[str, PageRecord], images_of: dict[str, Any],
                     problems: list[Problem]) -> None:  # fmt: skip
        """Every link and image written in Markdown, against the pages and files built."""
        for site in self.sites:
            key = site.config.key
            ids = {"/" + p[len(key) + 1 :].removesuffix("index.html"): frozenset(r.ids)
                   for p, r in records.items()
                   if p.startswith(f"{key}/") and p.endswith("index.html")}  # fmt: skip
            statics = self.themes[key].theme.static_dirs
            found: list[Problem] = []
            for index, setup in enumerate(setups):
                if setup.site is not site:
                    continue
                written = [entry for record in tables[index].values() for entry in record.links]
                lang_prefix = "/" if setup.lang == site.config.languages[0] else f"/{setup.lang}/"
                found += check_written(site, setup.lang, written, ids, statics, lang_prefix,
                                       images_of[key], self.config.site)  # fmt: skip
            # a page shown untranslated repeats its links; a national file's problem is told
            # once, as the file's own (kept with every state's warnings)
            national = national_files(site)
            for problem in dict.fromkeys(found):
                if problem.path not in national:
                    problems.append(problem.of(key))
                elif problem not in problems:
                    problems.append(problem.of(""))

    def _search(self, problems: list[Problem]) -> None:
        """Settle the output, then index the states whose pages changed and write their
        search bundles: the files that differ from the folder's, less the old ones gone."""
        output = self.output
        if output is None:
            return
        wanted = self.config.site.search and self.settings.search and not errors_in(problems)
        changed: dict[str, dict[str, bytes]] = {}  # state -> its old bundle in the folder
        for site in self.sites:
            prefix = f"{site.config.key}/"
            bundle = f"{prefix}{BUNDLE}/"
            if wanted and output.changed(prefix, bundle):
                # the old bundle stays until the new one is known: most files carry over
                changed[site.config.key] = output.keep_spare(bundle)
            elif self.config.site.search:
                output.keep(bundle)
        output.settle()
        gone: list[str] = []
        with closing(index_sites(output.folder, list(changed), self.jobs)) as bundles:
            for key, made in bundles:
                if isinstance(made, Problem):
                    problems.append(made.of(key))
                    continue
                files = {f"{key}/{BUNDLE}/{name}": data for name, data in sorted(made.items())}
                new = [path for path, data in files.items()
                       if output.has.get(path) != content_hash(data)]  # fmt: skip
                if new:
                    output.declare(new)
                for path, data in files.items():
                    output.write(path, data)  # only where the folder's file differs
                gone += [path for path in changed[key] if path not in files]
        if gone:
            output.drop(gone)
            output.settle()

    def _landing(self, problems: list[Problem]) -> list[tuple[str, bytes]]:
        """The national page at the top of the output, its theme files and its host files."""
        if "" not in self.themes:
            return []
        themed = self.themes[""]
        program, statics = self.config.site, themed.statics
        html = render_landing(program, list(self.config.states), themed.env, themed.theme,
                              statics.path, self.settings.now, self.config.root,
                              problems)  # fmt: skip
        if html is None:
            return []
        extra = [("index.html", html.encode())]
        extra += [(f"{statics.path}{name}", data) for name, data in statics.files]
        # the states' folders are one level down when the whole output is one site
        policy = site_policy(program, program.search)
        base_path = url_path(self.settings.base_url or program.base_url)
        search = [":state/pagefind/"] * program.search
        headers = headers_file(base_path, policy, ["static/", ":state/static/"], search)
        return [*extra, ("_headers", headers.encode())]


def _bytes(data: bytes | str) -> bytes:
    return data.encode() if isinstance(data, str) else data


def _in_view(path: str, setup: ViewSetup, prefix: str) -> bool:
    """Whether a page path belongs to this language's pages of the state."""
    if not path.startswith(prefix):
        return False
    rest = path[len(prefix) :]
    default = setup.site.config.languages[0]
    others = [lang for lang in setup.site.config.languages if lang != default]
    if setup.lang == default:
        return not any(rest.startswith(f"{lang}/") for lang in others)
    return rest.startswith(f"{setup.lang}/")
