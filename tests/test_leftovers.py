"""Leftovers of other tools (Jekyll, Hugo, kramdown, MyST): warned at their line, never in code.

Organizers paste training material from other sites; what those tools ran shows on a hubgen
page as text. Each leftover is a warning at its file and line that names the tool and says
what to write instead; an address holding template code or a space is an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from hubgen.markup.leftovers import broken_address, scan
from tests.conftest import OTHERLAND, build_site, check_site, state_files, write_files

Site = Callable[..., Path]

PASTED = """\
    ---
    title: Phone banking
    ---
    {% include toc.html %}
    * TOC
    {:toc}

    Welcome to {{ site.title }}, read the script first.
    {{< youtube abc123 >}}
    {{% notice tip %}}
    A paragraph
    {: .note}

    ## Before you call {#before}

    ```{note}
    Take a glass of water.
    ```

    :::{admonition} Careful
    Never read a number aloud.
    :::

    (script-label)=
    See {ref}`script-label` and {{ .Site.Title }}.
    """

# (line, the message after the quoted text, words the hint has)
EXPECTED = [
    (4, "'{% include toc.html %}' is Jekyll's template code: hubgen shows it as text",
     "copy in the text it stood for"),
    (6, "'{:toc}' is kramdown's table of contents marker (from Jekyll): hubgen shows it as text",
     "hubgen makes no table of contents"),
    (8, "'{{ site.title }}' is Jekyll's template code: hubgen shows it as text",
     "write the text itself, or a link like /training/phone-banking/"),
    (9, "'{{< youtube abc123 >}}' is a Hugo shortcode: hubgen shows it as text",
     "iframe_hosts"),
    (10, "'{{% notice tip %}}' is a Hugo shortcode: hubgen shows it as text", "**Note:**"),
    (12, "'{: .note}' is a kramdown attribute list (from Jekyll): hubgen shows it as text",
     "delete it"),
    (14, "'{#before}' is a heading id from kramdown or Hugo: hubgen shows it as text",
     "every heading gets an anchor made from its words"),
    (16, "'```{note}' is a MyST directive (from Jupyter Book or Sphinx): hubgen shows the block "
     "as code", "**Note:**"),
    (20, "':::{admonition} Careful' is a MyST directive (from Jupyter Book or Sphinx): hubgen "
     "shows it as text", "delete the ::: lines"),
    (24, "'(script-label)=' is a MyST target (from Jupyter Book or Sphinx): hubgen shows it as "
     "text", "every heading gets an anchor"),
    (25, "'{ref}' is a MyST role (from Jupyter Book or Sphinx): hubgen shows it as text",
     "write a link instead"),
    (25, "'{{ .Site.Title }}' is Hugo's template code: hubgen shows it as text",
     "write the text itself"),
]  # fmt: skip


def warnings_of(stderr: str) -> list[tuple[str, str]]:
    """(where: 'path:line', message) of each warning, and each hint right after it."""
    lines = stderr.splitlines()
    found = []
    for index, line in enumerate(lines):
        match = re.match(r"^(\S+?:\d+): warning: (.*)$", line)
        if match:
            hint = lines[index + 1].removeprefix("    hint: ")
            found.append((match.group(1), match.group(2) + "\n" + hint))
    return found


def test_each_leftover_is_a_warning_at_its_line_naming_its_tool(tmp_site: Site) -> None:
    root = tmp_site({"content/testland/pages/calls.md": PASTED})
    result = check_site(root)
    assert result.exit_code == 0, result.output
    found = warnings_of(result.stderr)
    where = "content/testland/pages/calls.md"
    assert [(w, text.split("\n")[0]) for w, text in found] == [
        (f"{where}:{line}", message) for line, message, _ in EXPECTED
    ]
    for (_, text), (_, _, hint) in zip(found, EXPECTED, strict=True):
        assert hint in text.split("\n")[1], text
    assert f"{len(EXPECTED)} warnings, no errors" in result.stderr
    assert check_site(root, "--strict").exit_code == 1  # warnings fail --strict


def test_the_page_still_shows_the_text_as_written(tmp_site: Site) -> None:
    root = tmp_site({"content/testland/pages/calls.md": PASTED})
    assert build_site(root).exit_code == 0
    page = (root / "public/testland/calls/index.html").read_text(encoding="utf-8")
    assert "{% include toc.html %}" in page and "{{ site.title }}" in page  # never run


CODE = """\
    ---
    title: Templates on purpose
    ---
    Write `{{ site.title }}` or ``{% include x.html %}`` and `` `{:toc}` ``.
    A span may run on
    to the next line: `{{ page.title
    }}` and {ref}`label` stays a role.

    ```liquid
    {% include toc.html %}
    {{< youtube abc >}}
    ```

    ~~~
    {:toc}
    ~~~

        {{ indented.code }}
        {: .class}

    <!-- {{ a comment }} -->
    <pre>
    {% raw %}{{ shown as code }}{% endraw %}
    </pre>
    <code>{{ inline html code }}</code>

    ````markdown
    ```{note}
    Inside a longer fence.
    ```
    ````
    """


def test_nothing_inside_code_or_comments_is_a_leftover(tmp_site: Site) -> None:
    root = tmp_site({"content/testland/pages/code.md": CODE})
    result = check_site(root)
    assert result.exit_code == 0, result.output
    assert warnings_of(result.stderr) == [
        ("content/testland/pages/code.md:7",
         "'{ref}' is a MyST role (from Jupyter Book or Sphinx): hubgen shows it as text\n"
         "write a link instead: [the words](/training/phone-banking/#a-section); to show it "
         "as code on purpose, put it between backticks: `...`"),
    ]  # fmt: skip


def test_a_list_items_indented_text_is_text_not_code() -> None:
    body = "- Step one\n\n    Say {{ page.greeting }}\n\nAfter.\n\n    {{ code }}\n"
    assert [(f.line, f.written) for f in scan(body)] == [(3, "{{ page.greeting }}")]


ADDRESSES = """\
    ---
    title: Addresses
    ---
    ![The team]({{ site.baseurl }}/img/team.png)
    Read [the script]({{ site.baseurl }}/training/phone-banking/ "The script").
    Go [door knocking](/training/door knocking/) and [see us](/events/ "Our events").
    <img src="{{ '/img/hall.png' | relative_url }}" alt="The hall">
    <a href='{% link _pages/join.md %}'>Join</a>
    ![Our office](office photo.jpg)

    [script]: {{< relref "phone-banking" >}}
    [ok]: /events/ "Our events"
    """


def test_an_address_with_template_code_or_a_space_is_an_error_at_its_line(
    tmp_site: Site,
) -> None:
    root = tmp_site({"content/testland/pages/addresses.md": ADDRESSES})
    result = check_site(root)
    assert result.exit_code == 1
    where = "content/testland/pages/addresses.md"
    expected = [
        f"{where}:4: error: image {{{{ site.baseurl }}}}/img/team.png: the address has Jekyll's "
        "template code in it, which hubgen does not run\n    hint: save the picture as "
        "content/testland/images/team.png and write /images/team.png",
        f"{where}:5: error: link to {{{{ site.baseurl }}}}/training/phone-banking/: the address "
        "has Jekyll's template code in it, which hubgen does not run\n    hint: write the "
        "address from the site's root: /training/phone-banking/ (hubgen adds the site's own "
        "address)",
        f"{where}:6: error: link to /training/door knocking/: the address has a space in it\n"
        "    hint: write the address without spaces: hyphens for a page of this site, like "
        '/training/door-knocking/, and a title in quotes: [words](/about/ "About us")',
        f"{where}:7: error: image {{{{ '/img/hall.png' | relative_url }}}}: the address has "
        "Jekyll's template code in it, which hubgen does not run\n    hint: save the picture "
        "as content/testland/images/hall.png and write /images/hall.png",
        f"{where}:8: error: link to {{% link _pages/join.md %}}: the address has Jekyll's "
        "template code in it, which hubgen does not run\n    hint: write the page's address "
        "instead, like /training/phone-banking/ (hubgen adds the site's own address)",
        f"{where}:9: error: image office photo.jpg: the address has a space in it\n    hint: "
        "rename the picture without spaces, save it as content/testland/images/office-photo.jpg "
        "and write /images/office-photo.jpg",
        f'{where}:11: error: link to {{{{< relref "phone-banking" >}}}}: the address has '
        "Hugo's template code in it, which hubgen does not run",
    ]
    for text in expected:
        assert text in result.stderr, text
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == len(expected), errors  # no more: not the link check's too
    assert ": warning: " not in result.stderr  # the template code is told once, as the error


def test_what_makes_an_address_broken() -> None:
    assert broken_address("{{ site.baseurl }}/x/") == "template"
    assert broken_address("/x/{% raw %}") == "template"
    assert broken_address("/door knocking/") == "space"
    assert broken_address(" /about/ ") == ""  # spaces around it are not part of it
    assert broken_address("https://example.org/a_(b)") == ""


TRANSLATED = """\
    ---
    title: Llamadas
    ---
    Bienvenidos.

    {% include toc.html %}

    ![El equipo]({{ site.baseurl }}/img/equipo.png)
    """


def test_a_translations_leftover_is_reported_at_the_translations_line(tmp_site: Site) -> None:
    root = tmp_site(
        {
            "content/testland/pages/calls.md": "---\ntitle: Calls\n---\nWelcome.\n",
            "content/testland/pages/calls.es.md": TRANSLATED,
        }
    )
    result = check_site(root)
    assert result.exit_code == 1
    where = "content/testland/pages/calls.es.md"
    assert f"{where}:6: warning: '{{% include toc.html %}}' is Jekyll's template code" in (
        result.stderr
    )
    assert f"{where}:8: error: image {{{{ site.baseurl }}}}/img/equipo.png: the address" in (
        result.stderr
    )
    assert "calls.md:" not in result.stderr and "calls.md:" not in result.stdout


NATIONAL = """\
    ---
    title: Listening sessions
    order: 1
    duration: 30
    ---
    Intro.

    {{ site.title }} runs them every month.
    """
SECOND_STATE = {**OTHERLAND, **state_files("thirdland", "Thirdland", "IA", "th")}


def test_a_national_files_leftover_is_reported_once(tmp_site: Site) -> None:
    national = NATIONAL.replace("order: 1", "order: 1\n    paths: [basics]")
    translated = "---\ntitle: Sesiones\n---\nHola.\n\n{{ site.title }} cada mes.\n\n{:toc}\n"
    root = tmp_site(
        {
            **SECOND_STATE,
            "content/training/listening.md": national,
            "content/training/listening.es.md": translated,
        }
    )
    result = check_site(root, "--format", "json")
    assert result.exit_code == 0, result.output
    found = [(p["path"], p["line"], p["severity"]) for p in json.loads(result.stdout)]
    assert found == [
        ("content/training/listening.es.md", 6, "warning"),
        ("content/training/listening.es.md", 8, "warning"),
        ("content/training/listening.md", 9, "warning"),
    ]
    spaced = national.replace("Intro.", "![The hall](the hall.png)")
    root = tmp_site({"content/training/listening.md": spaced})
    failed = check_site(root)
    assert failed.stderr.count("listening.md:7: error: image the hall.png") == 1
    assert "save it as content/images/the-hall.png" in failed.stderr  # the national folder


def _warnings(result_stderr: str) -> list[str]:
    return sorted(line for line in result_stderr.splitlines() if ": warning: " in line)


def test_a_cached_rebuild_reports_the_same_warnings(tmp_site: Site) -> None:
    root = tmp_site(
        {
            **SECOND_STATE,
            "content/testland/pages/calls.md": PASTED,
            "content/training/listening.md": NATIONAL,
        }
    )
    first = build_site(root)
    assert first.exit_code == 0, first.output
    expected = _warnings(first.stderr)
    assert len(expected) == len(EXPECTED) + 1
    again = build_site(root)  # every state taken as it was
    assert "3 states unchanged" in again.stderr
    assert _warnings(again.stderr) == expected
    # another page of the state changes: the state is built, its unchanged pages are kept
    write_files(root, {"content/testland/pages/other.md": "---\ntitle: Other\n---\nHi.\n"})
    assert _warnings(build_site(root).stderr) == expected
    # only one state: the national file's warning comes with it
    alone = build_site(root, "--state", "otherland")
    assert _warnings(alone.stderr) == [w for w in expected if "listening.md" in w]
    assert _warnings(build_site(root, "--no-cache").stderr) == expected
    assert _warnings(check_site(root).stderr) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ site.baseurl }}/training/", [("liquid-output", "baseurl")]),
        ("{% link _training/x.md %}", [("liquid-tag", "link")]),
        ("{% raw %}x{% endraw %}", [("liquid-tag", "raw"), ("liquid-tag", "endraw")]),
        ('{{< figure src="x.png" >}}', [("hugo-shortcode", "figure")]),
        ("{{< /notice >}}", [("hugo-shortcode", "notice")]),
        (
            "{::comment}\nx\n{:/comment}",
            [("kramdown-extension", ""), ("kramdown-extension", "close")],
        ),
        ("```{code-block} python\nx = 1\n```", [("myst-fence", "code-block")]),
        ("{doc}`intro`", [("myst-role", "doc")]),
        ("Plain {braces} and {x: 1} and a {{ single line", []),
        ("`{{ x }}` ``{{ y }}``", []),
        ("[^1]: A footnote, with words", []),
        ("[Update]: the meeting moved to Tuesday", []),  # text, not a link's definition
        ("[script]: {{ site.baseurl }}/training/", [("address-template", "link")]),
    ],
)
def test_kinds_and_names(body: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.name) for f in scan(body)] == expected


FRAGMENTS = ["Plain words.", "[a link](/training/x/)", "[spaced](/a b)", "{{ site.x }}",
             "{% include x.html %}", "{:toc}", "`{{ code }}`", "```{note}", "```", "(intro)=",
             ":::{tip}", "<img src='{{ x }}'>", "[ref]: {{ site.url }}/x", "## Title {#id}",
             "    indented {{ code }}", "- item {{ x }}", "", "[p](/a_(b))", "50% }}",
             "<b>x</b>"]  # fmt: skip


def test_a_body_the_quick_look_passes_over_has_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick look (no brace, tag, MyST target or unusual address: nothing to scan)
    never hides a leftover the full scan finds."""
    import random

    import hubgen.markup.leftovers as leftovers

    rng = random.Random(7)
    bodies = ["\n".join(rng.choices(FRAGMENTS, k=rng.randint(1, 8))) for _ in range(400)]
    quick = [scan(body) for body in bodies]
    monkeypatch.setattr(leftovers, "_may_hold_any", lambda _body: True)
    assert quick == [scan(body) for body in bodies]
    assert sum(1 for found in quick if found) > 100 and sum(1 for f in quick if not f) > 10
