"""The themes of one build: each state's compiled Jinja environment, loaded once.

States that use the same theme without overrides share one environment; the
key of each environment covers every template it can load, so a page rendered
with it stays fresh only while none of them changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from hubgen.build.incremental import theme_key
from hubgen.content.config import Config
from hubgen.core.cache import Cache, Store
from hubgen.core.codestamp import code_stamp
from hubgen.core.errors import Problem, errors_in
from hubgen.core.symlinks import links_out
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


@dataclass(frozen=True)
class ThemeEnv:
    """A theme, its static files, the compiled Jinja environment that renders with it, a
    hash of every template it can load, and whether any template reads the build's "now"."""

    theme: Theme
    statics: Statics
    env: jinja2.Environment
    key: bytes = b""
    reads_now: bool = False


def load_themes(
    config: Config, cache: Cache, memo: Store
) -> tuple[dict[str, ThemeEnv], list[Problem]]:
    """The environment of the landing page ('') and of each state, keyed by state (not
    for those whose templates have errors: nothing of theirs can be rendered).

    States that use the same theme without overrides share one environment;
    every environment's templates are compiled here, before any content renders
    (from the cache's compiled templates where their source is unchanged).
    """
    problems: list[Problem] = []
    themes: dict[str, Theme | None] = {}
    statics: dict[str, Statics] = {}
    envs: dict[tuple[str, Path | None], ThemeEnv] = {}
    by_state: dict[str, ThemeEnv] = {}
    unusable: set[tuple[str, Path | None]] = set()
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
            found = compile_all(env, config.root) + missing_templates(env, theme, TEMPLATES,
                                                                      config.root)  # fmt: skip
            problems += found
            if errors_in(found):  # nothing can be rendered with it
                unusable.add((name, folder))
            envs[(name, folder)] = ThemeEnv(
                theme, statics[name], env, *theme_key(env, theme, statics[name].path, memo)
            )
        if (name, folder) not in unusable:
            by_state[key] = envs[(name, folder)]
    memo.flush()  # whether the templates read "now", kept for the next build
    return by_state, problems
