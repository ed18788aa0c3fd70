"""What ``hubgen serve`` shows while a build has errors: whose errors they are, and the page.

An error belongs to the state whose folder holds its file (``content/<key>/...``): only
that state's pages show it, and the other states go on previewing. An error anywhere
else (``content/site.yaml``, a theme, a national training module or partner) affects
every state, so every page shows it. The folder decides rather than
:attr:`Problem.state` alone: a national file's broken link is told once, with the
first state that found it, and a file misplaced in a state's folder is found before
any state is read.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable

from hubgen.core.errors import Problem, count, errors_in

EVERY = ""  # the home of an error every state shows


def home_of(problem: Problem, keys: Collection[str]) -> str:
    """The state key whose pages show ``problem``, or :data:`EVERY`."""
    parts = problem.path.split("/")
    if len(parts) > 2 and parts[0] == "content" and parts[1] in keys:
        return parts[1]
    return EVERY


def failing_states(problems: Iterable[Problem], keys: Collection[str]) -> set[str]:
    """The homes of the errors among ``problems`` (:data:`EVERY` among them when one
    affects every state)."""
    return {home_of(p, keys) for p in errors_in(problems)}


def shown_in(problems: Iterable[Problem], key: str, keys: Collection[str]) -> list[Problem]:
    """The problems a page of state ``key`` shows: its own and every state's."""
    return [p for p in problems if home_of(p, keys) in (key, EVERY)]


_STYLE = """
html{-webkit-text-size-adjust:100%}
body{font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;
background:#fff;margin:0 auto;padding:1rem;max-width:46rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
ol{list-style:none;padding:0;margin:0}
li{border-left:6px solid #a4161a;background:#fdecec;padding:.6rem .8rem;margin:0 0 .8rem}
li.warning{border-color:#8a5a00;background:#fff5db}
p{margin:.25rem 0}
code{font:.95em/1.4 ui-monospace,Menlo,Consolas,monospace}
.where,.message{overflow-wrap:anywhere}
.where code{font-weight:700}
.kind{display:inline-block;font-size:.8em;font-weight:700;text-transform:uppercase;
letter-spacing:.04em;color:#fff;background:#a4161a;border-radius:3px;padding:0 .35em;
margin-right:.4em;vertical-align:.1em}
.warning .kind{background:#6b4500}
.hint{color:#333}
"""


def _item(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    hint = (
        f"<p class='hint'><strong>Hint:</strong> {html.escape(problem.hint)}</p>"
        if problem.hint
        else ""
    )
    return (
        f"<li class='{problem.severity}'><p class='where'><span class='kind'>"
        f"{problem.severity}</span><code>{html.escape(where)}</code></p>"
        f"<p class='message'>{html.escape(problem.message)}</p>{hint}</li>"
    )


def error_page(problems: list[Problem], state: str = EVERY) -> str:
    """The page shown instead of ``state``'s pages (every page for :data:`EVERY`) while
    ``problems`` stop its build. livereload puts its script before ``</head>``, so the
    page reloads by itself once a rebuild has fixed them."""
    errors = errors_in(problems)
    warnings = [p for p in problems if p not in errors]
    whose = f"The {html.escape(state)} site" if state else "The site"
    others = " The other states' pages still show their latest build." if state else ""
    listed = f"<ol>{''.join(_item(p) for p in errors)}</ol>"
    if warnings:
        listed += (
            f"<h2>{count(len(warnings), 'warning')}</h2><p>These do not stop the build.</p>"
            f"<ol>{''.join(_item(p) for p in warnings)}</ol>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Build failed · hubgen</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>The build failed</h1><p>{whose} has {count(len(errors), 'error')}. Fix "
        f"{'it' if len(errors) == 1 else 'them'} and save: this page reloads by itself."
        f"{others}</p>{listed}</main></body></html>"
    )
