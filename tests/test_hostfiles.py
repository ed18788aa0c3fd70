"""Host files and the security policy: _headers, _redirects, the <meta> policy, theme files."""

from __future__ import annotations

import re
from pathlib import Path

from hubgen.render.hostfiles import PERMISSIONS_POLICY, content_policy
from tests.conftest import build_site

REPO = Path(__file__).parent.parent

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# the search bundle's caching (tests/test_search_page.py checks it on every file of the bundle)
SEARCH_RULES = [
    "/pagefind/fragment/*",
    "/pagefind/index/*",
    "/pagefind/pagefind.*.pf_meta",
    "/pagefind/pagefind.js",
    "/pagefind/pagefind-*",
    "/pagefind/wasm.*",
]
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def read(folder: Path, path: str) -> str:
    return (folder / path).read_text(encoding="utf-8")


def test_a_state_site_on_its_own_domain_has_its_headers(demo_public: Path) -> None:
    headers = read(demo_public, "wisconsin/_headers").splitlines()
    assert headers[1:10] == [
        "/*",
        f"  Content-Security-Policy: {POLICY}",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Content-Type-Options: nosniff",
        f"  Permissions-Policy: {PERMISSIONS_POLICY}",
        "# Theme files have their content's hash in their path: they never change.",
        "# Pages keep the host's own caching, revalidated on every visit.",
        "/static/*",
        "  Cache-Control: public, max-age=31536000, immutable",
    ]
    assert [line for line in headers[10:] if line.startswith("/")] == SEARCH_RULES
    assert "geolocation=()" in PERMISSIONS_POLICY and "camera=()" in PERMISSIONS_POLICY


def test_a_state_under_a_path_writes_its_base_path(demo_public: Path) -> None:
    headers = read(demo_public, "arizona/_headers").splitlines()
    rules = [line for line in headers if line.startswith("/")]
    assert rules[:2] == ["/az/*", "/az/static/*"]
    assert rules[2:] == ["/az" + rule for rule in SEARCH_RULES]


def test_the_landing_page_headers_cover_the_whole_output(demo_public: Path) -> None:
    """One site holding everything (states one folder down) is covered too."""
    headers = read(demo_public, "_headers").splitlines()
    assert [line for line in headers if line.startswith("/")] == [
        "/*",
        "/static/*",
        "/:state/static/*",
        *["/:state" + rule for rule in SEARCH_RULES],
    ]
    assert f"  Content-Security-Policy: {POLICY}" in headers
    assert not (demo_public / "_redirects").exists()  # the landing page has no aliases


def test_redirects_come_from_aliases_in_order(demo_public: Path, tmp_site) -> None:
    assert read(demo_public, "wisconsin/_redirects").splitlines()[1:] == [
        "/communities/chippewa-valley/ /communities/eau-claire/ 301",
        "/who-we-are/ /about/ 301",
        "# A missing page of another language: that language's page not found.",
        "/es/* /es/404.html 404",
    ]
    page = "---\ntitle: Join\naliases: [/zz/, /b/a/, /a]\n---\nHi.\n"
    root = tmp_site({"content/testland/pages/join.md": page})
    assert build_site(root).exit_code == 0
    # the state's base path is https://example.org/tl/
    assert read(root / "public", "testland/_redirects").splitlines()[1:] == [
        "/tl/a/ /tl/join/ 301",
        "/tl/b/a/ /tl/join/ 301",
        "/tl/zz/ /tl/join/ 301",
        "# A missing page of another language: that language's page not found.",
        "/tl/es/* /tl/es/404.html 404",
    ]
    assert 'content="0; url=/tl/join/"' in read(root / "public", "testland/zz/index.html")


def test_every_page_carries_the_policy_and_needs_nothing_inline(demo_public: Path) -> None:
    pages = sorted(demo_public.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("<head>", 1)[1]
        # right after the character set, before anything the policy governs
        assert head.startswith('\n<meta charset="utf-8">\n<meta http-equiv="Content-Security'), page
        policy = META.findall(html)[0].replace("&#39;", "'")
        searching = page.parent.name == "search"
        assert policy == content_policy((), searching, header=False), page
        assert "frame-ancestors" not in policy  # ignored in a <meta> tag
        assert not re.search(r"<style|\sstyle=", html), page
        scripts = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html)
        assert set(scripts) <= {'<script type="application/ld+json">'}, page


def test_only_the_search_page_may_compile_webassembly(demo_public: Path) -> None:
    search = META.findall(read(demo_public, "wisconsin/es/search/index.html"))[0]
    about = META.findall(read(demo_public, "wisconsin/about/index.html"))[0]
    assert "wasm-unsafe-eval" in search and "data:" in search
    assert "wasm-unsafe-eval" not in about and "data:" not in about


def test_forms_may_post_to_the_programs_form_hosts(tmp_site) -> None:
    root = tmp_site({"content/site.yaml": _site_yaml("form_hosts: [Forms.example.org]\n")})
    assert build_site(root).exit_code == 0
    expected = "form-action 'self' https://forms.example.org"
    assert expected in read(root / "public", "testland/_headers")
    assert expected in read(root / "public", "_headers")
    assert expected in META.findall(read(root / "public", "testland/index.html"))[0].replace(
        "&#39;", "'"
    )


def test_frames_may_come_from_the_iframe_hosts_only(tmp_site) -> None:
    root = tmp_site({"content/site.yaml": _site_yaml("iframe_hosts: [video.example.org]\n")})
    assert build_site(root).exit_code == 0
    expected = "frame-src https://video.example.org;"
    assert expected in read(root / "public", "testland/_headers")
    page = META.findall(read(root / "public", "testland/index.html"))[0].replace("&#39;", "'")
    assert expected in page
    plain = tmp_site({"content/site.yaml": _site_yaml("")})
    assert build_site(plain).exit_code == 0
    assert "frame-src" not in read(plain / "public", "testland/_headers")  # default-src 'self'


def test_images_may_come_from_the_image_hosts_over_https_only(tmp_site) -> None:
    policy = content_policy((), False, header=False, image_hosts=("images.example.org",))
    assert "img-src 'self' https://images.example.org;" in policy
    root = tmp_site({"content/site.yaml": _site_yaml("image_hosts: [images.example.org]\n")})
    assert build_site(root).exit_code == 0
    expected = "img-src 'self' data: https://images.example.org;"  # data: for the search page
    assert expected in read(root / "public", "testland/_headers")
    assert expected in read(root / "public", "_headers")
    home = META.findall(read(root / "public", "testland/index.html"))[0].replace("&#39;", "'")
    assert "img-src 'self' https://images.example.org;" in home
    assert "http://" not in home
    landing = META.findall(read(root / "public", "index.html"))[0].replace("&#39;", "'")
    assert "img-src 'self' https://images.example.org;" in landing


def test_a_form_host_is_a_host_name_only(tmp_site) -> None:
    root = tmp_site(
        {"content/site.yaml": _site_yaml("form_hosts:\n  - https://forms.example.org/join\n")}
    )
    result = build_site(root)
    assert result.exit_code == 1
    assert (
        "content/site.yaml:10: error: 'form_hosts[1]': 'https://forms.example.org/join' "
        "is not a host name\n    hint: write the host name only, like forms.example.org "
        "(no https:// and no path)"
    ) in result.stderr


def _site_yaml(extra: str) -> str:
    return (
        "name: Test Program\ndisclaimer: Paid for by Test Program (example.org).\n"
        "role_email_domains: [example.org]\nlanguages: [en, es]\ntraining_paths:\n"
        "  - key: basics\n    title: Basics\nbase_url: https://example.org/\n" + extra
    )


def test_theme_files_live_in_a_folder_named_for_their_hash(demo_public: Path, tmp_site) -> None:
    for state in ("wisconsin", "arizona"):
        (folder,) = (demo_public / state / "static").iterdir()
        assert re.fullmatch(r"[0-9a-f]{12}", folder.name)
        theme_files = sorted(p.name for p in folder.iterdir())
        assert theme_files == ["finder.js", "hubgen.css", "search.js", "share.js"]
    home = read(demo_public, "arizona/index.html")
    used = re.findall(r'(?:href|src)="/az/(static/[^"]+)"', home)
    assert len(used) == 2 and all((demo_public / "arizona" / path).is_file() for path in used)
    landing = read(demo_public, "index.html")
    (stylesheet,) = re.findall(r'href="(static/[0-9a-f]{12}/hubgen.css)"', landing)
    assert (demo_public / stylesheet).is_file()
    # an edit to a theme file gives every theme file a new address
    theme = {"themes/plain/theme.yaml": "name: plain\nextends: default\n",
             "themes/plain/static/extra.css": "main { color: #222; }\n"}  # fmt: skip
    root = tmp_site({**theme, "content/site.yaml": _site_yaml("theme: plain\n")})
    assert build_site(root).exit_code == 0
    (before,) = (root / "public/testland/static").iterdir()
    (root / "themes/plain/static/extra.css").write_text("main { color: #111; }\n")
    assert build_site(root).exit_code == 0
    (after,) = (root / "public/testland/static").iterdir()
    assert before.name != after.name and (after / "extra.css").read_text() == "main{color:#111}"


def test_stylesheets_are_published_minified(demo_public: Path) -> None:
    """The theme's stylesheet keeps its comments for whoever edits it; the published one has
    none, nor spaces, and is the same rules: calc() keeps the spaces its operators need."""
    source = (REPO / "themes/default/static/hubgen.css").read_text()
    (published,) = (demo_public / "wisconsin/static").glob("*/hubgen.css")
    text = published.read_text()
    assert "/*" in source and "/*" not in text and "\n" not in text.strip()
    assert len(text) < 0.85 * len(source)
    assert "calc((1lh - 1.25rem) / 2 + 0.15em)" in text and "@media (min-width:48em)" in text
    rules = re.findall(r"[^{}]+\{", re.sub(r"/\*.*?\*/", "", source, flags=re.S))
    assert text.count("{") == len(rules)


def test_content_may_link_to_a_theme_file(tmp_site) -> None:
    page = "---\ntitle: Styles\n---\nOur [stylesheet](/static/hubgen.css).\n"
    root = tmp_site({"content/testland/pages/styles.md": page})
    assert build_site(root).exit_code == 0
    public = root / "public"
    for path in ("testland/styles/index.html", "testland/es/styles/index.html"):
        (href,) = re.findall(r'<a href="/tl/(static/[^"]+)">stylesheet', read(public, path))
        assert (public / "testland" / href).is_file()
