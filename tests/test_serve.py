"""The preview server's WSGI app: files after a good build, the errors after a bad one."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from hubgen.build.options import BuildOptions
from hubgen.cli.serve import Preview, _ignored
from tests.conftest import NOW_DT, OTHERLAND, REPO


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
    stylesheet = re.search(rb'href="(/testland/static/[0-9a-f]{12}/hubgen.css)"', body)
    assert stylesheet
    assert call(app, "/testland")[0].startswith("301")
    css = stylesheet.group(1).decode()
    assert call(app, css)[1]["Content-Type"].startswith("text/css")
    assert call(app, "/nowhere/")[0].startswith("404")
    assert call(app, "/../../etc/passwd")[0].startswith("404")


def test_a_failed_rebuild_shows_the_errors_and_keeps_serving(tmp_site) -> None:
    root = tmp_site()
    app = preview(root)
    css = next((root.parent / "preview/testland/static").glob("*/hubgen.css"))
    css_path = "/" + css.relative_to(root.parent / "preview").as_posix()
    (root / "content/testland/index.md").write_text("---\ntitle: [broken\n---\n")
    app.rebuild()
    status, _, body = call(app, "/testland/")
    assert status.startswith("500")
    assert b"<code>content/testland/index.md:2</code>" in body
    assert b"YAML syntax error: did not find expected" in body
    assert call(app, css_path)[0] == "200 OK"
    (root / "content/testland/index.md").write_text("---\ntitle: Fixed\n---\n")
    app.rebuild()
    assert b"<h1>Fixed</h1>" in call(app, "/testland/")[2]


def _stylesheets(app: Preview) -> list[str]:
    """The address of each state's stylesheet in the preview."""
    assert app.options.out is not None
    out = app.options.out
    return ["/" + p.relative_to(out).as_posix() for p in sorted(out.glob("*/static/*/*.css"))]


def test_an_error_in_one_state_leaves_the_other_states_previewing(tmp_site, capsys) -> None:
    root = tmp_site(OTHERLAND)
    app = preview(root)
    stylesheets = _stylesheets(app)
    assert len(stylesheets) == 2
    # a mistake in testland, saved together with an edit in otherland
    (root / "content/testland/index.md").write_text("---\ntitle: [broken\n---\n")
    (root / "content/otherland/index.md").write_text("---\ntitle: Otherland edited\n---\n")
    app.rebuild()
    err = capsys.readouterr().err
    assert "content/testland/index.md:2: error: YAML syntax error" in err  # the terminal
    assert "The pages of testland show the errors" in err and "otherland" in err
    for page in ("/testland/", "/testland/events/", "/testland/nowhere/"):
        status, _, body = call(app, page)
        assert status.startswith("500") and b"<h1>The build failed</h1>" in body, page
        assert b"<code>content/testland/index.md:2</code>" in body
    status, _, body = call(app, "/otherland/")
    assert status == "200 OK" and b"<h1>Otherland edited</h1>" in body
    assert b"The build failed" not in body
    assert call(app, "/otherland/events/")[0] == "200 OK"
    assert call(app, "/otherland/nowhere/")[0].startswith("404")
    assert [call(app, css)[0] for css in stylesheets] == ["200 OK", "200 OK"]
    (root / "content/testland/index.md").write_text("---\ntitle: Testland fixed\n---\n")
    app.rebuild()
    assert b"<h1>Testland fixed</h1>" in call(app, "/testland/")[2]
    assert call(app, "/otherland/")[0] == "200 OK" and not app.problems


def test_a_state_whose_own_build_fails_shows_its_own_errors(tmp_site) -> None:
    """A mistake found only after every file has been read (a personal email) is found
    when otherland is built on its own, once testland's has stopped the whole build."""
    root = tmp_site(OTHERLAND)
    app = preview(root)
    (root / "content/testland/index.md").write_text("---\ntitle: [broken\n---\n")
    (root / "content/otherland/index.md").write_text(
        "---\ntitle: Otherland\n---\nWrite to dana.whitfield@mail.example.net.\n"
    )
    app.rebuild()
    assert app.failing == {"testland", "otherland"}
    testland, otherland = call(app, "/testland/")[2], call(app, "/otherland/")[2]
    assert b"content/testland/index.md:2" in testland and b"otherland" not in testland
    assert b"is not a role address" in otherland and b"content/testland" not in otherland


@pytest.mark.parametrize(
    "name, text, where",
    [
        ("content/site.yaml", "descripton: Oops\n", b"content/site.yaml"),
        ("content/training/door-knocking.md", "---\ntitle: Doors\n---\nHi.\n",
         b"content/training/door-knocking.md"),
    ],
    ids=["settings", "national"],
)  # fmt: skip
def test_an_error_every_state_shares_shows_on_every_page(
    tmp_site, name: str, text: str, where: bytes
) -> None:
    root = tmp_site(OTHERLAND)
    app = preview(root)
    stylesheets = _stylesheets(app)
    path = root / name
    before = path.read_text() if path.exists() else ""
    path.parent.mkdir(exist_ok=True)
    path.write_text(before + text)
    app.rebuild()
    for page in ("/", "/testland/", "/otherland/", "/otherland/events/"):
        status, _, body = call(app, page)
        assert status.startswith("500") and where in body, page
    assert [call(app, css)[0] for css in stylesheets] == ["200 OK", "200 OK"]
    if before:
        path.write_text(before)
    else:
        path.unlink()
    app.rebuild()
    assert [call(app, page)[0] for page in ("/", "/testland/", "/otherland/")] == ["200 OK"] * 3


def test_the_error_page_shows_where_what_and_how_to_fix_it() -> None:
    from hubgen.cli.failures import error_page
    from hubgen.core.errors import Problem

    problems = [
        Problem("content/testland/events/a.md", 5, "'kind': 'canvas' is not allowed",
                "one of: <canvass>, phone-bank", state="testland"),
        Problem("content/testland/pages/b.md", None, "'<b>' is not a file name"),
        Problem("content/testland/events/c.md", 9, "the event starts 2028-02-13",
                "check the year", "warning"),
    ]  # fmt: skip
    page = error_page(problems, "testland")
    assert "name='viewport' content='width=device-width, initial-scale=1'" in page
    assert "The testland site has 2 errors." in page and "other states" in page
    assert "<code>content/testland/events/a.md:5</code>" in page
    assert "&#x27;kind&#x27;: &#x27;canvas&#x27; is not allowed" in page
    assert "<strong>Hint:</strong> one of: &lt;canvass&gt;, phone-bank" in page
    assert "<code>content/testland/pages/b.md</code>" in page and "<b>" not in page
    assert page.index("is not a file name") < page.index("1 warning") < page.index("2028")
    assert "</head>" in page  # where livereload puts the script that reloads it


def test_editor_temp_files_do_not_trigger_rebuilds() -> None:
    assert _ignored("content/x/.#about.md")
    assert _ignored("content/x/about.md~")
    assert _ignored("content/x/.about.md.swp")
    assert not _ignored("content/x/about.md")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def _wait_for(url: str, text: str, seconds: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = _get(url)
        if text in body:
            return status, body
        time.sleep(0.3)
    return status, body


def _start_serve(root: Path) -> tuple[subprocess.Popen, int]:
    """`hubgen serve` in its own process on a free loopback port."""
    port = _free_port()
    command = [sys.executable, "-m", "hubgen", "serve", "--root", str(root), "--port", str(port)]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return server, port


def test_serve_reloads_after_an_edit(tmp_site) -> None:
    root = tmp_site()
    server, port = _start_serve(root)
    try:
        url = f"http://127.0.0.1:{port}/testland/"
        status, body = _wait_for(url, "<h1>Testland</h1>")
        assert status == 200, body
        assert "livereload.js" in body  # the browser is told to reload
        index = root / "content/testland/index.md"
        index.write_text("---\ntitle: [broken\n---\n")
        status, body = _wait_for(url, "The build failed")
        assert status == 500 and "content/testland/index.md:2" in body
        index.write_text("---\ntitle: Testland edited\n---\n")
        status, body = _wait_for(url, "<h1>Testland edited</h1>")
        assert status == 200, body
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_an_edit_in_one_state_rebuilds_only_that_state(tmp_site, capsys) -> None:
    root = tmp_site()
    app = preview(root)
    capsys.readouterr()
    app.rebuild()  # nothing changed: a burst's second event does nothing
    assert capsys.readouterr().err == ""
    (root / "content/testland/index.md").write_text("---\ntitle: Testland again\n---\n")
    app.rebuild()
    assert "Rebuilt testland only" in capsys.readouterr().err
    assert b"<h1>Testland again</h1>" in call(app, "/testland/")[2]
    (root / "content/site.yaml").write_text((root / "content/site.yaml").read_text() + "\n")
    app.rebuild()
    assert "Rebuilt everything" in capsys.readouterr().err


def test_drafts_show_in_the_preview_with_a_banner(tmp_site) -> None:
    root = tmp_site({"content/testland/pages/soon.md": "---\ntitle: Soon\ndraft: true\n---\nHi.\n"})
    out = root.parent / "preview"
    options = BuildOptions(root=root, out=out, now=NOW_DT, base_url="http://127.0.0.1:8000/",
                           drafts=True)  # fmt: skip
    app = Preview(options)
    app.rebuild()
    body = call(app, "/testland/soon/")[2]
    assert b"Preview only, not published:" in body and b"a draft" in body


def _live(page: Any, seconds: float = 20) -> bool:
    """Wait until the page has loaded its live-reload script and said hello to the server."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if page.evaluate("() => window.LiveReload !== undefined"):
                time.sleep(2.5)  # the handshake: hello, info, then the server counts it
                return True
        except Exception:  # the page is loading
            pass
        time.sleep(0.2)
    return False


def _page_shows(page: Any, text: str, seconds: float = 30, touch: Path | None = None) -> bool:
    """Poll the open page (which reloads by itself) until it shows ``text``.

    On a loaded machine the browser may still be reconnecting when the file is
    saved; ``touch`` saves the file again once, halfway, as an editor would.
    """
    deadline = time.monotonic() + seconds
    touched = False
    while time.monotonic() < deadline:
        if touch is not None and not touched and deadline - time.monotonic() < seconds / 2:
            touch.write_text(touch.read_text())
            touched = True
        try:
            if text in page.content():
                return True
        except Exception:  # the page is reloading right now
            pass
        time.sleep(0.3)
    return False


def test_the_browser_reloads_after_an_edit(tmp_site) -> None:
    """Through the live-reload connection: the open page changes by itself."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.browsing import FLAGS, chromium

    executable = chromium()
    root = tmp_site()
    server, port = _start_serve(root)
    try:
        url = f"http://127.0.0.1:{port}/testland/"
        assert _wait_for(url, "<h1>Testland</h1>")[0] == 200
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=FLAGS[1:])
            page = browser.new_page()
            page.goto(url)
            assert _live(page)
            index = root / "content/testland/index.md"
            index.write_text("---\ntitle: [broken\n---\n")
            assert _page_shows(page, "<h1>The build failed</h1>", touch=index)
            assert _live(page)
            index.write_text("---\ntitle: Testland, live\n---\n")
            assert _page_shows(page, "<h1>Testland, live</h1>", touch=index)
            browser.close()
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_preview_sends_the_pages_policy_as_a_header_allowing_livereload(tmp_site) -> None:
    from hubgen.cli.serve import script_hash

    app = preview(tmp_site())
    script = b'<script type="text/javascript">(function(){var s=1;})();</script>'
    app.reload_script = script_hash(script)
    _, headers, body = call(app, "/testland/")
    assert b"Content-Security-Policy" not in body  # the <meta> tag would refuse the script
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "frame-ancestors" not in policy
    assert app.reload_script == "'sha256-q3d9No7uCr+HxrnQ6POXDduXSJxvtpcHpCJDyT2LTN8='"
    assert "Content-Security-Policy" not in call(app, "/testland/feed.xml")[1]
