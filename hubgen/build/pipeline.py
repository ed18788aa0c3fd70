"""The whole build as one function: load, discover, parse, link, render, write.

Every file is parsed and linked before anything is rendered; every problem
of a stage is collected, and the build stops after the first stage that found
errors, before writing anything. Rendering writes pages, as they come, into a
folder beside the output that replaces it only when everything succeeded.

The build cache (:mod:`hubgen.core.cache`) lets a build skip what has not changed:
files whose text is the same are not parsed again, pages whose inputs are the
same are not rendered again, and files whose bytes are the same are not
written again. Parsing and rendering use every core (``jobs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import jinja2

from hubgen.build.incremental import theme_key
from hubgen.build.output import OutputError, check_out_dir
from hubgen.build.snapshots import States
from hubgen.build.swap import Swap
from hubgen.build.writing import LANDING, Writer
from hubgen.content.config import Config, load_config
from hubgen.content.documents import NATIONAL, discover
from hubgen.content.linking import link
from hubgen.content.reading import read_all, scan
from hubgen.core.cache import Cache, Store, open_cache
from hubgen.core.codestamp import code_stamp
from hubgen.core.errors import BuildFailed, Problem, errors_in, machine_problem, relpath
from hubgen.core.interrupts import held_back
from hubgen.core.parallel import default_jobs
from hubgen.core.symlinks import links_out
from hubgen.privacy.scan import guard
from hubgen.render.pages import TEMPLATES, add_filters
from hubgen.render.themes import (
    Statics,
    Theme,
    compile_all,
    load_theme,
    make_environment,
    missing_templates,
    read_statics,
)

Progress = Callable[[str], None]


class Bar(Protocol):
    """A progress bar for the render stage: told the total, then each page."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None  # None: check only, write nothing
    state: str | None = None
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    base_url: str | None = None
    drafts: bool = False
    jobs: int = 0  # processes to use; 0: one per core
    cache: bool = True  # use and update .hubgen-cache/
    search: bool = True  # False: leave the search index as the last build made it
    landing: bool = False  # only the landing page and its files, at the top of the output


@dataclass(frozen=True)
class BuildResult:
    states: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]
    out: Path | None
    parsed: int = 0  # files parsed (the others came from the cache)
    rendered: int = 0  # pages rendered (the others were unchanged)
    written: int = 0  # output files that changed
    rendered_paths: tuple[str, ...] = ()  # the pages rendered, under the output folder
    notices: tuple[Problem, ...] = ()  # warnings of the build cache (never fail --strict)


def _stop_on_errors(problems: list[Problem]) -> None:
    if errors_in(problems):
        raise BuildFailed(problems)


def build(
    options: BuildOptions, progress: Progress = lambda _: None, bar: Bar | None = None
) -> BuildResult:
    """Build (or with ``out=None`` only check) every state's site.

    A problem of the machine (a full or read-only disk, a file hubgen may not
    read) fails the build with one error at its file, like any other error:
    the published output stays as it was. Problems of the build cache never
    fail it: they are warnings (:attr:`BuildResult.notices`).
    """
    root = options.root
    if options.out is not None:
        problem = check_out_dir(options.out, root)
        if problem:
            raise BuildFailed([problem])
    cache = Cache(None)
    output: Swap | None = None
    problems: list[Problem] = []
    try:
        config, problems = load_config(root, options.state, options.base_url)
        if config is None:  # no usable site.yaml: nothing else can be read
            raise BuildFailed(problems)
        cache = open_cache(root, options.cache)
        jobs = options.jobs or default_jobs()
        themes, theme_problems = load_themes(config, cache)
        problems += theme_problems
        sources, found = discover(config) if not options.landing else ([], [])
        problems += found
        hashes = scan(sources, cache)
        memo = Store(cache, "memo", code_stamp())
        if options.out is not None and not errors_in(problems):
            only = (options.state,) if options.state else LANDING if options.landing else None
            output = Swap(options.out.resolve(), cache, only, relpath(options.out, root))
        states = States(config, themes, options, cache, output)
        todo = states.todo(sources, hashes) if not options.landing else []
        wanted = {s.key for s in todo} | {NATIONAL}
        todo_sources = [s for s in sources if s.state in wanted] if todo else []
        documents, broken, found, parsed = read_all(config, todo_sources, hashes, cache,
                                                    code_stamp(), jobs)  # fmt: skip
        problems += found
        if not options.landing:
            progress(f"Read {len(sources)} files for {len(config.states)} states ({parsed} "
                     f"parsed, {len(config.states) - len(todo)} states unchanged)")  # fmt: skip
        sites, found = link(todo, documents, broken, options.now, options.drafts)
        problems += found
        _stop_on_errors(problems)  # what follows needs every reference resolved
        problems += guard(sites, config.site, memo, jobs)
        progress("Checked privacy")
        writer = Writer(config, themes, sites, options, cache, output, jobs, progress, bar)
        problems += states.reused_warnings()
        writer.run(problems)
        _stop_on_errors(problems)
        with held_back():  # the commit point: an interrupt waits until it is done
            if output is not None:
                output.commit()
            states.remember(sites, documents, writer.pages_of, problems)
        written = output.written if output is not None else 0
        warnings = tuple(dict.fromkeys(problems))
        return BuildResult(tuple(s.key for s in config.states), writer.pages + states.pages,
                           warnings, options.out, parsed, writer.rendered, written,
                           writer.rendered_paths, tuple(cache.notices))  # fmt: skip
    except BaseException as exc:
        if output is not None:
            output.abort()
        if isinstance(exc, OutputError):
            raise BuildFailed([*problems, exc.problem, *cache.notices]) from None
        if isinstance(exc, OSError):
            raise BuildFailed([machine_problem(exc, root, options.out), *cache.notices]) from None
        if isinstance(exc, BuildFailed) and cache.notices:
            raise BuildFailed([*exc.problems, *cache.notices]) from None
        raise
    finally:
        if output is not None:
            output.release()
        cache.close()


@dataclass(frozen=True)
class ThemeEnv:
    """A theme, its static files, the compiled Jinja environment that renders with it, a
    hash of every template it can load, and whether any template reads the build's "now"."""

    theme: Theme
    statics: Statics
    env: jinja2.Environment
    key: bytes = b""
    reads_now: bool = False


def load_themes(config: Config, cache: Cache) -> tuple[dict[str, ThemeEnv], list[Problem]]:
    """The environment of the landing page ('') and of each state, keyed by state.

    States that use the same theme without overrides share one environment;
    every environment's templates are compiled here, before any content renders
    (from the cache's compiled templates where their source is unchanged).
    """
    problems: list[Problem] = []
    memo = Store(cache, "memo", code_stamp())
    themes: dict[str, Theme | None] = {}
    statics: dict[str, Statics] = {}
    envs: dict[tuple[str, Path | None], ThemeEnv] = {}
    by_state: dict[str, ThemeEnv] = {}
    compiled = None
    if cache.enabled and cache.folder is not None:
        compiled = cache.folder / "templates" / code_stamp().hex()
        try:
            compiled.mkdir(parents=True, exist_ok=True)
        except OSError:  # templates are then compiled on every build
            compiled = None
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
        if name not in statics:
            statics[name] = read_statics(theme)
        folder = overrides if overrides is not None and overrides.is_dir() else None
        refused = links_out(overrides, config.content, root=config.root) if folder else []
        problems += refused
        folder = None if refused else folder  # the theme's own, until the links are fixed
        if (name, folder) not in envs:
            env = make_environment(theme, folder, compiled)
            add_filters(env)
            problems += compile_all(env, config.root)
            problems += missing_templates(env, theme, TEMPLATES, config.root)
            envs[(name, folder)] = ThemeEnv(
                theme, statics[name], env, *theme_key(env, theme, statics[name].path, memo)
            )
        by_state[key] = envs[(name, folder)]
    memo.flush()  # whether the templates read "now", kept for the next build
    return by_state, problems
