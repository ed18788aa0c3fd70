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

from hubgen.config import Config, load_config
from hubgen.content import NATIONAL, Document, SourceFile, discover, parse
from hubgen.errors import BuildFailed, Problem, errors_in
from hubgen.linkcheck import check_links
from hubgen.markdown import Converter
from hubgen.output import OutputError, Staging, check_out_dir
from hubgen.render import add_filters, render_landing, render_state
from hubgen.site import StateSite, link
from hubgen.themes import Theme, compile_all, load_theme, make_environment
from hubgen.views import StateView

Progress = Callable[[str], None]


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


def build(options: BuildOptions, progress: Progress = lambda _: None) -> BuildResult:
    """Build (or with ``out=None`` only check) every state's site."""
    root = options.root
    if options.out is not None:
        problem = check_out_dir(options.out, root)
        if problem:
            raise BuildFailed([problem])
    config, problems = load_config(root, options.state, options.base_url)
    _stop_on_errors(problems)
    assert config is not None
    themes, theme_problems = load_themes(config)
    problems += theme_problems
    sources, found = discover(config)
    problems += found
    documents, broken, found = parse_all(config, sources)
    problems += found
    progress(f"Read {len(documents)} files for {len(config.states)} states")
    sites, found = link(config.states, documents, broken, options.now, options.drafts)
    problems += found
    _stop_on_errors(problems)
    pages = 0
    staging = _staging(options)
    try:
        for site in sites:
            pages += _render_site(site, config, themes, staging, problems, progress)
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


def load_themes(config: Config) -> tuple[dict[str, tuple[Theme, object]], list[Problem]]:
    """One compiled Jinja environment per state (theme plus the state's _templates/)."""
    problems: list[Problem] = []
    envs: dict[str, tuple[Theme, object]] = {}
    for key, theme_name, overrides in [("", config.site.theme, None)] + [
        (s.key, s.theme, s.folder / "_templates") for s in config.states
    ]:
        theme, found = load_theme(theme_name, config.root)
        problems += [p for p in found if p not in problems]
        if theme is None:
            continue
        env = make_environment(theme, overrides)
        add_filters(env)
        problems += [p for p in compile_all(env, config.root) if p not in problems]
        envs[key] = (theme, env)
    return envs, problems


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
    themes: dict,
    staging: Staging | None,
    problems: list[Problem],
    progress: Progress,
) -> int:
    theme, env = themes[site.config.key]
    state = StateView(site, config.site, Converter())
    ids: dict[str, frozenset[str]] = {}
    before = len(problems)
    prefix = "" if staging is None or staging.target.name == site.config.key else site.config.key
    for page in render_state(state, env, theme, config.root, problems):
        ids[page.url] = page.ids
        if staging is not None:
            staging.write(f"{prefix}/{page.path}".lstrip("/"), page.html)
    statics = theme.static_dirs
    if staging is not None:
        for folder in statics:
            staging.copy_tree(folder, f"{prefix}/static".lstrip("/"))
    if len(problems) == before:  # a page that failed to render would break links to it
        problems += check_links(site, state.links, ids, statics)
    progress(f"Rendered {site.config.key}: {len(ids)} pages")
    return len(ids)


def _render_landing(
    config: Config,
    themes: dict,
    sites: list[StateSite],
    options: BuildOptions,
    staging: Staging | None,
    problems: list[Problem],
) -> int:
    if "" not in themes:
        return 0
    theme, env = themes[""]
    page = render_landing(
        config.site, [s.config for s in sites], env, theme, options.now, config.root, problems
    )
    if page is None:
        return 0
    if staging is not None:
        staging.write("index.html", page.html)
        for folder in theme.static_dirs:
            staging.copy_tree(folder, "static")
    return 1
