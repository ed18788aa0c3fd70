"""The preview server's WSGI app: files after a good build, the errors after a bad one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hubgen.build import BuildOptions
from hubgen.serve import Preview, _ignored
from tests.conftest import NOW_DT


def call(app: Preview, path: str) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def preview(root: Path) -> Preview:
    out = root.parent / "preview"
    options = BuildOptions(root=root, out=out, now=NOW_DT, base_url="http://127.0.0.1:8000/")
    app = Preview(options)
    app.rebuild()
    return app


def test_serves_the_built_pages(tmp_site) -> None:
    app = preview(tmp_site())
    status, headers, body = call(app, "/testland/")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert b'href="/testland/static/hubgen.css"' in body
    assert call(app, "/testland")[0].startswith("301")
    assert call(app, "/testland/static/hubgen.css")[1]["Content-Type"].startswith("text/css")
    assert call(app, "/nowhere/")[0].startswith("404")
    assert call(app, "/../../etc/passwd")[0].startswith("404")


def test_a_failed_rebuild_shows_the_errors_and_keeps_serving(tmp_site) -> None:
    root = tmp_site()
    app = preview(root)
    (root / "content/testland/index.md").write_text("---\ntitle: [broken\n---\n")
    app.rebuild()
    status, _, body = call(app, "/testland/")
    assert status.startswith("500")
    assert b"content/testland/index.md:2: error: YAML syntax error" in body
    assert call(app, "/testland/static/hubgen.css")[0] == "200 OK"
    (root / "content/testland/index.md").write_text("---\ntitle: Fixed\n---\n")
    app.rebuild()
    assert b"<h1>Fixed</h1>" in call(app, "/testland/")[2]


def test_editor_temp_files_do_not_trigger_rebuilds() -> None:
    assert _ignored("content/x/.#about.md")
    assert _ignored("content/x/about.md~")
    assert _ignored("content/x/.about.md.swp")
    assert not _ignored("content/x/about.md")
