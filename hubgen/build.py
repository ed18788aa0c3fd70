"""The whole build as one function: load, discover, parse, link, render, write.

Every file is parsed and linked before anything is rendered; every problem
of a stage is collected, and the build stops after the first stage that found
errors, before writing anything. Rendering streams pages into a staging
folder that replaces the output only when everything succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import jinja2

from hubgen.config import Config, load_config
from hubgen.content import NATIONAL, Document, SourceFile, discover, parse
from hubgen.errors import BuildFailed, Problem, errors_in
from hubgen.images import budget_problem, find_images, variants
from hubgen.linkcheck import check_links, check_pictures
from hubgen.markdown import Converter
from hubgen.output import OutputError, Staging, check_out_dir
from hubgen.privacy import guard
from hubgen.render import TEMPLATES, RenderedPage, add_filters, render_landing, render_state
from hubgen.search import index_site
from hubgen.site import StateSite, link
from hubgen.themes import Theme, compile_all, load_theme, make_environment, missing_templates
from hubgen.views import StateView

Progress = Callable[[str], None]


class Bar(Protocol):
    """A progress bar for the render stage: told the total, then each page."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None  # None: check only, write nothing
    state: str | None = None
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    base_url: str | None = None
    drafts: bool = False


@dataclass(frozen=True)
class BuildResult:
    states: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]
    out: Path | None


def _stop_on_errors(problems: list[Problem]) -> None:
    if errors_in(problems):
        raise BuildFailed(problems)


def build(
    options: BuildOptions, progress: Progress = lambda _: None, bar: Bar | None = None
) -> BuildResult:
    """Build (or with ``out=None`` only check) every state's site."""
    root = options.root
    if options.out is not None:
        problem = check_out_dir(options.out, root)
        if problem:
            raise BuildFailed([problem])
    config, problems = load_config(root, options.state, options.base_url)
    if config is None:  # no usable site.yaml: nothing else can be read
        raise BuildFailed(problems)
    themes, theme_problems = load_themes(config)
    problems += theme_problems
    sources, found = discover(config)
    problems += found
    documents, broken, found = parse_all(config, sources)
    problems += found
    progress(f"Read {len(documents)} files for {len(config.states)} states")
    sites, found = link(config.states, documents, broken, options.now, options.drafts)
    problems += found
    _stop_on_errors(problems)  # what follows needs every reference resolved
    problems += guard(sites, config.site)  # reported with the render's findings
    pages = 0
    if bar is not None:
        bar.start(sum(len(s.documents) * len(s.config.languages) for s in sites))
    staging = _staging(options)
    try:
        for site in sites:
            themed = themes[site.config.key]
            prefix = "" if options.state else site.config.key  # --state: staging is the state
            pages += _render_site(site, config, themed, staging, prefix, problems, progress, bar)
        if options.state is None:
            pages += _render_landing(config, themes, sites, options, staging, problems)
        _stop_on_errors(problems)
        if staging:
            staging.commit()
    except OutputError as exc:
        problems.append(exc.problem)
        raise BuildFailed(problems) from None
    finally:
        if staging and staging.folder.exists():
            staging.abort()
    return BuildResult(tuple(s.config.key for s in sites), pages, tuple(problems), options.out)


def _staging(options: BuildOptions) -> Staging | None:
    if options.out is None:
        return None
    out = options.out.absolute()
    if options.state is None:
        return Staging(out, scratch=out.parent)
    return Staging(out / options.state, scratch=out.parent)


@dataclass(frozen=True)
class ThemeEnv:
    """A theme and the compiled Jinja environment that renders with it."""

    theme: Theme
    env: jinja2.Environment


def load_themes(config: Config) -> tuple[dict[str, ThemeEnv], list[Problem]]:
    """The environment of the landing page ('') and of each state, keyed by state.

    States that use the same theme without overrides share one environment;
    every environment's templates are compiled here, before any content renders.
    """
    problems: list[Problem] = []
    themes: dict[str, Theme | None] = {}
    envs: dict[tuple[str, Path | None], ThemeEnv] = {}
    by_state: dict[str, ThemeEnv] = {}
    wanted = [("", config.site.theme, None)] + [
        (s.key, s.theme, s.folder / "_templates") for s in config.states
    ]
    for key, name, overrides in wanted:
        if name not in themes:
            themes[name], found = load_theme(name, config.root)
            problems += [p for p in found if p not in problems]
        theme = themes[name]
        if theme is None:
            continue
        folder = overrides if overrides is not None and overrides.is_dir() else None
        if (name, folder) not in envs:
            env = make_environment(theme, folder)
            add_filters(env)
            problems += compile_all(env, config.root)
            problems += missing_templates(env, theme, TEMPLATES, config.root)
            envs[(name, folder)] = ThemeEnv(theme, env)
        by_state[key] = envs[(name, folder)]
    return by_state, problems


def parse_all(
    config: Config, sources: list[SourceFile]
) -> tuple[list[Document], set[tuple[str, str, str]], list[Problem]]:
    """Parse every file; files that failed are returned as 'broken' keys."""
    states = {s.key: s for s in config.states}
    documents, broken, problems = [], set(), []
    for source in sources:
        state = states.get(source.state)
        default_lang = state.languages[0] if state else config.site.languages[0]
        doc, found = parse(
            source, config, state if source.state != NATIONAL else None, default_lang
        )
        problems += found
        if doc is None:
            broken.add((source.state, source.type, source.slug))
        else:
            documents.append(doc)
    return documents, broken, problems


def _render_site(
    site: StateSite,
    config: Config,
    themed: ThemeEnv,
    staging: Staging | None,
    prefix: str,
    problems: list[Problem],
    progress: Progress,
    bar: Bar | None = None,
) -> int:
    """Render one state, every language, into the staging folder under ``prefix`` (its key)."""
    theme, converter = themed.theme, Converter()
    ids: dict[str, frozenset[str]] = {}
    images, found = find_images(config.content, site.config.folder, config.root)
    problems += [p for p in found if p not in problems]
    for info in images.values():
        sizes = {}
        for name, data in variants(info):
            sizes[name] = len(data)
            if staging is not None:
                staging.write(f"{prefix}/{name}".lstrip("/"), data)
        over = budget_problem(info, sizes, config.site.image_budget_kb)
        problems += [over] if over and over not in problems else []
    views = [
        StateView(site, config.site, converter, lang, images) for lang in site.config.languages
    ]
    before = len(problems)
    for state in views:
        for item in render_state(state, themed.env, theme, config.root, problems):
            if isinstance(item, RenderedPage):
                ids[item.url] = item.ids
                if bar is not None:
                    bar.advance()
            if staging is not None:
                content = item.html if isinstance(item, RenderedPage) else item.text
                staging.write(f"{prefix}/{item.path}".lstrip("/"), content)
    statics = theme.static_dirs
    if len(problems) == before:  # a page that failed to render would break links to it
        found = [
            p for s in views for p in check_links(site, s.links, ids, statics, "/" + s.prefix())
        ]
        found += [p for s in views for p in check_pictures(site, s.pictures, images)]
        problems += list(dict.fromkeys(found))  # a page shown untranslated repeats its links
    if staging is not None:
        for folder in statics:
            staging.copy_tree(folder, f"{prefix}/static".lstrip("/"))
        if config.site.search and not errors_in(problems):
            failed = index_site(staging.path_for(prefix or "."), f"content/{site.config.key}")
            problems += [failed] if failed else []
    progress(f"Rendered {site.config.key}: {len(ids)} pages")
    return len(ids)


def _render_landing(
    config: Config,
    themes: dict[str, ThemeEnv],
    sites: list[StateSite],
    options: BuildOptions,
    staging: Staging | None,
    problems: list[Problem],
) -> int:
    if "" not in themes:
        return 0
    theme = themes[""].theme
    states = [s.config for s in sites]
    page = render_landing(
        config.site, states, themes[""].env, theme, options.now, config.root, problems
    )
    if page is None:
        return 0
    if staging is not None:
        staging.write("index.html", page.html)
        for folder in theme.static_dirs:
            staging.copy_tree(folder, "static")
    return 1
