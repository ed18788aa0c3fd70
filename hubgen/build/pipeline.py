"""The whole build as one function: load, discover, parse, link, render, write.

Every file is parsed and linked before anything is rendered. Every stage runs
and collects its problems, whatever the stages before it found, so one run
tells every mistake; with errors, pages are rendered only to be checked and
nothing is written. Rendering writes pages, as they come, into a folder beside
the output that replaces it only when everything succeeded.

The build cache (:mod:`hubgen.core.cache`) lets a build skip what has not changed:
files whose text is the same are not parsed again, pages whose inputs are the
same are not rendered again, and files whose bytes are the same are not
written again. Parsing and rendering use every core (``jobs``).
"""

from __future__ import annotations

from hubgen.build.options import Bar, BuildOptions, BuildResult, Progress
from hubgen.build.output import OutputError, check_out_dir
from hubgen.build.snapshots import States
from hubgen.build.swap import Swap
from hubgen.build.themesets import load_themes
from hubgen.build.writing import LANDING, Settings, Writer
from hubgen.content.config import load_config
from hubgen.content.discovery import NATIONAL, discover
from hubgen.content.linking import link
from hubgen.content.reading import read_all, scan
from hubgen.core.cache import Cache, Store, open_cache
from hubgen.core.codestamp import code_stamp
from hubgen.core.errors import BuildFailed, Problem, count, errors_in, machine_problem, relpath
from hubgen.core.interrupts import held_back
from hubgen.core.parallel import default_jobs
from hubgen.privacy.scan import guard


def read_message(files: int, states: int, changed: int, unchanged: int) -> str:
    """What the reading stage says: 'Read 71 files for 3 states: 2 new or changed since the
    last build, 1 state unchanged.'"""
    said = f"Read {count(files, 'file')} for {count(states, 'state')}"
    if changed == files:
        return said
    said += f": {changed or 'none'} new or changed since the last build"
    return said + (f", {count(unchanged, 'state')} unchanged" if unchanged else "")


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
        memo = Store(cache, "memo", code_stamp())  # slow pure results, by their inputs
        jobs = options.jobs or default_jobs()
        themes, theme_problems = load_themes(config, cache, memo)
        problems += theme_problems
        sources, found = discover(config) if not options.landing else ([], [])
        problems += found
        # found again by every build, so not kept with a state's snapshot: a file taken
        # away would be warned about again by a build that reuses the state
        discovered = set(found)
        hashes = scan(sources, cache)
        if options.out is not None and not errors_in(problems):
            only = (options.state,) if options.state else LANDING if options.landing else None
            output = Swap(options.out.resolve(), cache, only, relpath(options.out, root))
        profile = (options.drafts, options.search, options.out is None)
        states = States(config, themes, options.now, profile, cache, output)
        todo = states.todo(sources, hashes) if not options.landing else []
        wanted = {s.key for s in todo} | {NATIONAL}
        todo_sources = [s for s in sources if s.state in wanted] if todo else []
        documents, broken, found, parsed = read_all(config, todo_sources, hashes, cache,
                                                    code_stamp(), jobs)  # fmt: skip
        problems += found
        if not options.landing:
            progress(read_message(len(sources), len(config.states), parsed,
                                  len(config.states) - len(todo)))  # fmt: skip
        sites, found = link(todo, documents, broken, options.now, options.drafts)
        problems += found
        # every stage runs, so one run tells every mistake; with errors, pages are
        # rendered only to be checked, and nothing is written
        writing = output if not errors_in(problems) else None
        if output is not None and writing is None:
            output.abort()
        problems += guard(sites, config.site, memo, jobs)
        progress("Checked every page for personal phone numbers, emails and home addresses")
        settings = Settings(options.now, options.drafts, options.search,
                            landing=options.state is None, base_url=options.base_url)
        themed = [site for site in sites if site.config.key in themes]  # not with a broken theme
        writer = Writer(config, themes, themed, settings, memo, cache, writing, jobs, progress,
                        bar)  # fmt: skip
        problems += states.reused_warnings()
        made = writer.run(problems)
        _stop_on_errors(problems)
        with held_back():  # the commit point: an interrupt waits until it is done
            if output is not None:
                output.commit()
            states.remember(sites, documents, made.pages_of,
                            [p for p in problems if p not in discovered])  # fmt: skip
        changed = output.written if output is not None else 0
        warnings = tuple(dict.fromkeys(problems))
        return BuildResult(tuple(s.key for s in config.states), made.pages + states.pages,
                           warnings, options.out, parsed, made.rendered, changed,
                           made.rendered_paths, tuple(cache.notices))  # fmt: skip
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
