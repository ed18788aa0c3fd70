"""Images from other sites: refused at their line, unless image_hosts lets the pages show them.

A page's own security policy (``img-src 'self'``) blocks an image from another site, so the
reader sees nothing. The build says so at the image's line, with the two ways out: save the
picture in an images/ folder, or list its site in ``image_hosts`` (https only), which every
page's policy then allows. No page is ever built with an image its own policy blocks.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from hubgen.markup.markdown import Converter
from tests.conftest import BASE_FILES, build_site, check_site, write_files

Site = Callable[..., Path]
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

BODY = """\
    ---
    title: Phone banking
    ---
    Before you call, look at the map.

    ![The call script](https://images.example.org/script.png)

    <p>Our team:</p>
    <img src="https://images.example.org/team.jpg" alt="The phone bank team" width="300">

    <picture><source srcset="https://images.example.org/hall.webp 1x, https://images.example.org/hall-2x.webp 2x"><img src="https://images.example.org/hall.jpg" alt="The union hall"></picture>
    """  # noqa: E501
TRANSLATION = """\
    ---
    title: Llamadas
    ---
    Antes de llamar.

    ![El guion](https://images.example.org/guion.png)
    """


def site_yaml(extra: str = "") -> str:
    return textwrap.dedent(BASE_FILES["content/site.yaml"]) + extra


def test_an_outside_image_is_an_error_at_its_line_with_the_way_out(tmp_site: Site) -> None:
    root = tmp_site(
        {
            "content/testland/pages/calls.md": BODY,
            "content/testland/pages/calls.es.md": TRANSLATION,
        }
    )
    result = build_site(root)
    assert result.exit_code == 1
    assert not (root / "public").exists()
    where = "content/testland/pages/calls.md"
    assert (
        f"{where}:6: error: image https://images.example.org/script.png comes from another "
        "site: the page's security policy blocks it, so readers would see nothing\n"
        "    hint: save the picture as content/testland/images/script.png and write "
        "/images/script.png (hubgen then serves it resized); or, if images.example.org may "
        "show pictures on your pages, add it to image_hosts in content/site.yaml (now: none)"
    ) in result.stderr
    assert f"{where}:9: error: image https://images.example.org/team.jpg comes from" in (
        result.stderr
    )
    # a <picture>'s sources and its <img>: one error for each, on its line
    assert f"{where}:11: error: image https://images.example.org/hall.webp comes from" in (
        result.stderr
    )
    assert f"{where}:11: error: image https://images.example.org/hall.jpg comes from" in (
        result.stderr
    )
    assert (
        "content/testland/pages/calls.es.md:6: error: image https://images.example.org/guion.png"
        " comes from another site"
    ) in result.stderr
    assert result.stderr.count(": error: ") == 5


def test_an_outside_image_needs_alt_text_too(tmp_site: Site) -> None:
    root = tmp_site(
        {
            "content/site.yaml": site_yaml("image_hosts: [images.example.org]\n"),
            "content/testland/pages/map.md": "---\ntitle: Map\n---\n"
            "![](https://images.example.org/map.png)\n",
        }
    )
    result = check_site(root)
    assert result.exit_code == 1
    assert (
        "content/testland/pages/map.md:4: error: image https://images.example.org/map.png "
        "has no alt text"
    ) in result.stderr


def test_with_image_hosts_it_builds_and_every_policy_allows_that_host(tmp_site: Site) -> None:
    root = tmp_site(
        {
            "content/site.yaml": site_yaml("image_hosts: [Images.example.org]\n"),
            "content/testland/pages/calls.md": BODY,
            "content/testland/pages/calls.es.md": TRANSLATION,
        }
    )
    result = build_site(root)
    assert result.exit_code == 0, result.output
    public = root / "public"
    page = (public / "testland/calls/index.html").read_text(encoding="utf-8")
    assert '<img alt="The call script" src="https://images.example.org/script.png">' in page
    assert "img-src 'self' https://images.example.org;" in _policy(page)
    search = (public / "testland/search/index.html").read_text(encoding="utf-8")
    assert "img-src 'self' data: https://images.example.org;" in _policy(search)
    for headers in (public / "testland/_headers", public / "_headers"):
        assert "img-src 'self' data: https://images.example.org;" in headers.read_text()
    shown = 0
    for built in sorted(public.rglob("*.html")):
        html = built.read_text(encoding="utf-8")
        sources = _img_sources(_policy(html))
        for address in _image_addresses(html):
            assert _allowed(address, sources), (built, address, sources)
            shown += "images.example.org" in address
    assert shown >= 6  # the body's, the picture's and the translation's images were checked


def test_an_allowed_site_over_plain_http_is_still_an_error(tmp_site: Site) -> None:
    body = "---\ntitle: Map\n---\nIntro.\n\n![The map](http://images.example.org/map.png)\n"
    root = tmp_site(
        {
            "content/site.yaml": site_yaml("image_hosts: [images.example.org]\n"),
            "content/testland/pages/map.md": body,
        }
    )
    result = check_site(root)
    assert result.exit_code == 1
    assert (
        "content/testland/pages/map.md:6: error: image http://images.example.org/map.png is not "
        "loaded over a secure connection: the page's security policy blocks it, so readers "
        "would see nothing\n    hint: write it with https://, or save the picture as "
        "content/testland/images/map.png and write /images/map.png"
    ) in result.stderr


def test_image_hosts_are_host_names_only(tmp_site: Site) -> None:
    root = tmp_site(
        {
            "content/site.yaml": site_yaml(
                "image_hosts:\n  - https://images.example.org/\n  - images.example.org/photos\n"
            )
        }
    )
    result = check_site(root)
    assert result.exit_code == 1
    hint = "    hint: write the host name only, like forms.example.org (no https:// and no path)"
    assert (
        "content/site.yaml:9: error: 'image_hosts[1]': 'https://images.example.org/' is not a "
        f"host name\n{hint}"
    ) in result.stderr
    assert (
        "content/site.yaml:10: error: 'image_hosts[2]': 'images.example.org/photos' is not a "
        f"host name\n{hint}"
    ) in result.stderr


def test_changing_image_hosts_is_seen_by_a_cached_build(tmp_site: Site) -> None:
    root = tmp_site({"content/testland/pages/calls.md": BODY})
    assert build_site(root).exit_code == 1
    write_files(root, {"content/site.yaml": site_yaml("image_hosts: [images.example.org]\n")})
    assert build_site(root).exit_code == 0
    write_files(root, {"content/site.yaml": site_yaml("image_hosts: [photos.example.org]\n")})
    result = build_site(root)
    assert result.exit_code == 1
    assert "(now: photos.example.org)" in result.stderr


def test_the_converter_finds_every_outside_image_once_per_site() -> None:
    html = Converter().convert(
        "![a](https://a.example.org/1.png) ![b](/images/x.jpg) ![c](//b.example.org/2.png)\n\n"
        '<img src="https://a.example.org/3.png" srcset="https://a.example.org/3-2x.png 2x, '
        'https://c.example.org/3.png 3x" alt="d">\n\n'
        "`<img src='https://d.example.org/code.png'>` <img src=\"javascript:alert(1)\" alt=e>",
    )
    assert html.pictures == (
        ("/images/x.jpg", "b"),
        ("https://a.example.org/1.png", "a"),
        ("//b.example.org/2.png", "c"),
        ("https://a.example.org/3.png", "d"),
        ("https://c.example.org/3.png", "d"),
    )


def _policy(html: str) -> str:
    return META.findall(html)[0].replace("&#39;", "'")


def _img_sources(policy: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives.get("img-src", directives["default-src"]).split()


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("img", "source"):
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("src"):
            self.addresses.append(values["src"])
        for candidate in values.get("srcset", "").split(","):
            if candidate.split():
                self.addresses.append(candidate.split()[0])


def _image_addresses(html: str) -> list[str]:
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.addresses


def _allowed(address: str, sources: list[str]) -> bool:
    """Whether a Content-Security-Policy img-src list lets a page at https://example.org/
    load this image (the sources hubgen writes: 'self', data: and https://host)."""
    if address.startswith("data:"):
        return "data:" in sources
    parts = urlsplit(address if not address.startswith("//") else "https:" + address)
    if not parts.netloc or parts.hostname == "example.org":
        return "'self'" in sources and parts.scheme in ("", "https")
    return parts.scheme == "https" and f"https://{parts.hostname}" in sources
