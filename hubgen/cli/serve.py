"""``hubgen serve``: a local preview that rebuilds and reloads as you edit.

The preview is built into a temporary folder (never ``public/``) with every
state under ``http://HOST:PORT/<key>/``, with the same build cache as
``hubgen build``, so a rebuild renders only what an edit changed. The
operating system reports each change to content/ and themes/ (watchdog); a
burst of them (an editor saving several files, a ``git checkout``) becomes
one rebuild once they stop for a moment, and livereload then tells the
browser to reload. The search index is made on the first build only. A
rebuild with errors keeps the server running and answers every page with the
errors until they are fixed: only on the pages of the states they belong to
(:mod:`hubgen.cli.failures`), while each other state is built again on its own,
so it goes on previewing the latest edits.

Pages carry their security policy in a ``<meta>`` tag, which would refuse the
small inline script livereload adds to each page. The preview sends that
policy as a header instead, the way a host reading ``_headers`` would, with
livereload's script allowed by its hash, so a page that breaks the policy
shows it in the preview too.
"""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.cli.failures import EVERY, error_page, failing_states, shown_in
from hubgen.content.config import state_keys
from hubgen.core.errors import BuildFailed, Problem, count, print_problems

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _ignored(path: str) -> bool:
    """Editor temp files and swap files do not trigger a rebuild."""
    name = Path(path).name
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


POLICY_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">\n?')


def script_hash(script: bytes) -> str:
    """The CSP source that allows one inline ``<script>...</script>``."""
    inner = re.sub(rb"^<script[^>]*>|</script>$", b"", script.strip())
    return "'sha256-" + base64.b64encode(hashlib.sha256(inner).digest()).decode() + "'"


def policy_as_header(body: bytes, allowed: str) -> tuple[bytes, list[tuple[str, str]]]:
    """The page without its policy tag, and the policy as a header that also allows the
    inline script whose hash is ``allowed``."""
    found = POLICY_META.search(body)
    if found is None or not allowed:
        return body, []
    directives = html.unescape(found.group(1).decode()).split("; ")
    directives = [d + f" {allowed}" if d.startswith("script-src ") else d for d in directives]
    page = body[: found.start()] + body[found.end() :]
    return page, [("Content-Security-Policy", "; ".join(directives))]


class Preview:
    """Holds the preview folder and the last build's outcome; serves it over WSGI."""

    def __init__(self, options: BuildOptions, fixed_now: bool = True) -> None:
        self.options = options
        self.fixed_now = fixed_now
        self.problems: list[Problem] = []  # the last rebuild's, when it failed
        self.failing: set[str] = set()  # the states whose pages show them (EVERY: all)
        self.keys: list[str] = []  # the states being previewed, as of the last failure
        self.seen: dict[str, tuple[int, int]] = {}  # file -> (mtime, size) at the last build
        self.reload_script = ""  # the hash of livereload's inline script, once it is known

    def fingerprint(self) -> dict[str, tuple[int, int]]:
        files = {}
        for folder in ("content", "themes"):
            for path in (self.options.root / folder).rglob("*"):
                if path.is_file() and not _ignored(str(path)):
                    stat = path.stat()
                    files[path.relative_to(self.options.root).as_posix()] = (
                        stat.st_mtime_ns,
                        stat.st_size,
                    )
        return files

    def affected_state(self, changed: set[str]) -> str | None:
        """The one state folder all the changes are in, or None when the change is wider."""
        parts = [p.split("/") for p in changed]
        if any(len(p) < 3 or p[0] != "content" for p in parts):
            return None  # settings, national content, images or themes: rebuild everything
        states = {p[1] for p in parts}
        state = states.pop() if len(states) == 1 else ""
        content = self.options.root / "content"
        built = self.options.out is not None and (self.options.out / state).is_dir()
        return state if state and (content / state / "_state.yaml").is_file() and built else None

    def rebuild(self) -> None:
        """Rebuild what the edit affects: one state when only its files changed, else all.

        A burst of file events leaves the files as one set of changes: rebuilds
        with nothing new since the last one are skipped.
        """
        current = self.fingerprint()
        changed = {
            p for p in current.keys() | self.seen.keys() if current.get(p) != self.seen.get(p)
        }
        if self.seen and not changed and not self.problems:
            return
        first = not self.seen
        self.seen = current
        options = self.options
        if not self.fixed_now:  # a preview left running sees events move into the past
            options = replace(options, now=datetime.now(timezone.utc))
        state = None if first or self.problems else self.affected_state(changed)
        if state and options.state is None:
            options = replace(options, state=state)
        started = time.monotonic()
        try:
            result = build(options)
        except BuildFailed as failed:
            self._failed(failed, options)
            return
        self.problems, self.failing = [], set()
        print_problems(result.notices)  # the build cache's: the preview goes on without it
        what = f"{state} only" if state else "everything"
        seconds = time.monotonic() - started
        click.secho(
            f"Rebuilt {what}: {result.pages} pages in {seconds:.2f} s.", fg="green", err=True
        )

    def _failed(self, failed: BuildFailed, options: BuildOptions) -> None:
        """Show the errors on the pages of the states they belong to. After a build of
        every state, each state without errors is built on its own (most of it comes from
        the build cache), so its preview shows the edits made along with the mistake."""
        print_problems(failed.problems)
        click.secho(f"Build failed: {failed.counted}. Still serving.", fg="red", err=True)
        self.keys = (
            [self.options.state]
            if self.options.state
            else state_keys(self.options.root / "content")
        )
        problems = list(failed.problems)
        failing = failing_states(problems, self.keys)
        rebuilt = []
        for key in self.keys if options.state is None and EVERY not in failing else []:
            if key in failing:
                continue
            try:
                result = build(replace(options, state=key))
            except BuildFailed as alone:  # a mistake the whole build had not come to
                found = [p for p in alone.problems if p not in problems]
                print_problems(found)
                problems += found
                failing |= failing_states(alone.problems, self.keys) | {key}
                continue
            rebuilt.append(f"{key} ({count(result.pages, 'page')})")
        self.problems, self.failing = problems, failing
        names = ", ".join(sorted(failing))
        whose = "Every page shows" if EVERY in failing else f"The pages of {names} show"
        said = f"{whose} the errors until they are fixed."
        if rebuilt:
            said += f" Rebuilt on its own: {', '.join(rebuilt)}."
        click.secho(said, fg="red", err=True)

    def errors_for(self, path: str, file: Path | None) -> list[Problem]:
        """The problems the page at ``path`` shows instead of itself, if any. Files other
        than pages (the stylesheet, images, feeds) are always served as last built."""
        if not self.failing or (file is not None and file.suffix != ".html"):
            return []
        key = path.lstrip("/").split("/", 1)[0]
        if EVERY in self.failing:
            return self.problems
        if key in self.failing:
            return shown_in(self.problems, key, self.keys) or self.problems
        if key in self.keys or file is not None:
            return []  # a state previewing its latest build, or the landing page's last
        return self.problems  # nothing to show there yet (the first build failed)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        file = self._file_for(path)
        shown = self.errors_for(path, file)
        if shown:
            key = path.lstrip("/").split("/", 1)[0]
            page = error_page(shown, key if key in self.failing else EVERY)
            return self._send(start_response, "500 Internal Server Error", "text/html",
                              page.encode())  # fmt: skip
        if file is None:
            return self._send(
                start_response,
                "404 Not Found",
                "text/html",
                b"<!doctype html><title>Not found</title><h1>Not found</h1>",
            )
        if file.is_dir():
            return self._send(
                start_response,
                "301 Moved Permanently",
                "text/plain",
                b"",
                [("Location", path + "/")],
            )
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body, headers = file.read_bytes(), []
        if kind == "text/html":
            body, headers = policy_as_header(body, self.reload_script)
        return self._send(start_response, "200 OK", kind, body, headers)

    def _file_for(self, path: str) -> Path | None:
        assert self.options.out is not None
        root = self.options.out.resolve()
        target = (root / path.lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return None
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        return target if target.exists() else None

    @staticmethod
    def _send(
        start_response: StartResponse,
        status: str,
        kind: str,
        body: bytes,
        headers: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        charset = "; charset=utf-8" if kind.startswith("text/") else ""
        start_response(
            status,
            [("Content-Type", kind + charset), ("Cache-Control", "no-store"), *(headers or [])],
        )
        return [body]


QUIET_SECONDS = 0.05  # a burst of file events is over after this long without one


class EventWatcher:
    """A livereload watcher fed by file events instead of polling the folders.

    livereload calls :meth:`start` once with the function that checks for
    changes; each burst of events calls it once, and :meth:`examine` then runs
    the rebuild and names the file that changed.
    """

    def __init__(self, folders: list[Path], rebuild: Callable[[], None]) -> None:
        self.folders, self.rebuild = folders, rebuild
        self.filepath: str | None = None
        self._changed: str | None = None
        self._tasks = {str(f): None for f in folders}  # livereload looks at this
        self._changes: list[tuple[str, float]] = []  # and appends to this on restart
        self._observer: Any = None

    def watch(self, *args: Any, **kwargs: Any) -> None:
        """The folders are given up front; livereload's own watch list is not used."""

    def start(self, callback: Callable[[], None]) -> bool:
        from tornado import ioloop
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        loop = ioloop.IOLoop.current()
        pending: list[Any] = []
        watcher = self

        def fire() -> None:
            pending.clear()
            callback()

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                path = os.fsdecode(getattr(event, "dest_path", "") or event.src_path)
                if event.is_directory or _ignored(path):
                    return
                watcher._changed = path
                loop.add_callback(later)

        def later() -> None:
            for handle in pending:
                loop.remove_timeout(handle)
            pending[:] = [loop.call_later(QUIET_SECONDS, fire)]

        self._observer = Observer()
        for folder in self.folders:
            if folder.is_dir():
                self._observer.schedule(Handler(), str(folder), recursive=True)
        self._observer.daemon = True
        self._observer.start()
        return True

    def examine(self) -> tuple[str | None, float | None]:
        self._changes.clear()  # livereload's note of its own start: nothing to do
        self.filepath, self._changed = self._changed, None
        if self.filepath is not None:
            self.rebuild()
        return self.filepath, None

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()


def serve(
    root: Path,
    host: str,
    port: int,
    state: str | None = None,
    now: datetime | None = None,
    drafts: bool = False,
    jobs: int = 0,
    cache: bool = True,
) -> None:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    folder = Path(tempfile.mkdtemp(prefix="hubgen-preview-")) / "site"
    options = BuildOptions(
        root=root,
        out=folder,
        state=state,
        base_url=f"http://{host}:{port}/",
        drafts=drafts,
        jobs=jobs,
        cache=cache,
        **({"now": now} if now else {}),
    )
    preview = Preview(options, fixed_now=now is not None)
    preview.rebuild()
    preview.options = replace(options, search=False)  # indexed once, on the first build
    watcher = EventWatcher([root / "content", root / "themes"], preview.rebuild)
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # bursts are collapsed by the watcher

    class PreviewServer(Server):
        def get_web_handlers(self, script: bytes) -> Any:
            """livereload's own script, put into every page: the pages' policy allows it."""
            preview.reload_script = script_hash(script)
            return super().get_web_handlers(script)

    server = PreviewServer(app=preview, watcher=watcher)
    click.secho(f"Previewing at http://{host}:{port}/ (Ctrl+C stops)", fg="green", err=True)
    try:
        server.serve(host=host, port=port, debug=False, restart_delay=0)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
