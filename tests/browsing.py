"""Shared by the browser tests: Debian's Chromium, and the demo's state sites on loopback."""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: CI must install Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    return found


def header_rules(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """A ``_headers`` file as (path pattern, headers) rules: '*' matches anything and
    ':name' one path segment, as on Netlify and Cloudflare Pages."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            parts = re.split(r"(\*|:[a-z]+)", line.strip())
            pattern = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p)
                              for p in parts)  # fmt: skip
            rules.append((re.compile(pattern + "$"), []))
        else:
            name, _, value = line.strip().partition(": ")
            rules[-1][1].append((name, value))
    return rules


class Site:
    """One state's built site served on loopback at its base path, plus a test page.

    With ``host_headers``, every file is sent with the headers the site's ``_headers``
    gives its path, as a host that reads the file would send them (not the test page)."""

    def __init__(self, folder: Path, base_path: str, host_headers: bool = False) -> None:
        self.harness = b""
        self.base_path = base_path
        rules = header_rules((folder / "_headers").read_text()) if host_headers else []
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/__finder.html":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(site.harness)))
                    self.end_headers()
                    self.wfile.write(site.harness)
                    return
                if base_path != "/" and self.path.startswith(base_path):
                    self.path = "/" + self.path[len(base_path) :]
                super().do_GET()

            def end_headers(self) -> None:
                path = base_path + self.path.split("?")[0].lstrip("/")
                for pattern, headers in rules if self.path != "/__finder.html" else []:
                    if pattern.match(path):
                        for name, value in headers:
                            self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args: object) -> None:
                pass

        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def each_page(
    browser: Any, site: Site, paths: list[str], widths: tuple[int, ...], height: int = 800
) -> Iterator[tuple[str, Any]]:
    """Open each of ``paths`` of a site in both languages at each width (the 404 page has no
    Spanish address of its own); yields a name like '320px /es/events/' and the open tab.
    The tab lets the test's own scripts past the pages' policy."""
    for width in widths:
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        tab = context.new_page()
        for prefix in ("", "es/"):
            for path in paths:
                tab.goto(f"{site.url}{site.base_path}{prefix if path != '404.html' else ''}{path}")
                yield f"{width}px /{prefix}{path}", tab
        context.close()
