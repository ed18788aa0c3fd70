"""Theme lookup: project themes, inheritance, explicit parents, state overrides."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_site

THEME = {
    "content/site.yaml": """\
        name: Test Program
        disclaimer: Paid for by Test Program (example.org).
        role_email_domains: [example.org]
        theme: bright
        """,
    "themes/bright/theme.yaml": """\
        name: bright
        extends: default
        strings:
          en:
            upcoming_events: Coming up
        """,
    "themes/bright/templates/page.html": """\
        {% extends "default:page.html" %}
        {% block main %}<div class="bright">{{ super() }}</div>{% endblock %}
        """,
    "themes/bright/static/extra.css": "body { color: black; }\n",
    "content/testland/pages/about.md": "---\ntitle: About\n---\nHello.\n",
}


def test_a_project_theme_extends_the_default(tmp_site) -> None:
    root: Path = tmp_site(THEME)
    result = build_site(root)
    assert result.exit_code == 0, result.output
    about = (root / "public/testland/about/index.html").read_text()
    assert '<div class="bright">' in about and "<p>Hello.</p>" in about
    events = (root / "public/testland/events/index.html").read_text()
    assert "<h1>Coming up</h1>" in events
    (statics,) = (root / "public/testland/static").iterdir()  # named for its files' hash
    assert (statics / "extra.css").is_file() and (statics / "hubgen.css").is_file()


def test_a_state_overrides_one_template(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/pages/about.md": "---\ntitle: About\n---\nHello.\n",
            "content/testland/_templates/page.html": (
                '{% extends "default:page.html" %}\n'
                "{% block main %}<p>Testland's own</p>{{ super() }}{% endblock %}\n"
            ),
        }
    )
    assert build_site(root).exit_code == 0
    about = (root / "public/testland/about/index.html").read_text()
    assert "<p>Testland's own</p>" in about


def test_an_unknown_theme_is_named(tmp_site) -> None:
    root = tmp_site({**THEME, "themes/bright/theme.yaml": "name: bright\nextends: defualt\n"})
    result = build_site(root)
    assert result.exit_code == 1
    assert "themes: error: theme 'defualt' not found" in result.stderr
    assert "did you mean 'default'?" in result.stderr


def test_a_theme_cannot_extend_itself(tmp_site) -> None:
    root = tmp_site({**THEME, "themes/bright/theme.yaml": "name: bright\nextends: bright\n"})
    result = build_site(root)
    assert "themes/bright/theme.yaml:2: error: theme 'bright' extends itself" in result.stderr


def test_missing_interface_text_is_a_template_error(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/pages/about.md": "---\ntitle: About\n---\nHello.\n",
            "content/testland/_templates/page.html": "<p>{{ t.no_such_text }}</p>\n",
        }
    )
    result = build_site(root)
    assert result.exit_code == 1
    assert "content/testland/_templates/page.html:1: error:" in result.stderr
    assert "no interface text 'no_such_text'" in result.stderr


def test_a_theme_missing_templates_names_each(tmp_site) -> None:
    root = tmp_site(
        {
            **THEME,
            "themes/bright/theme.yaml": "name: bright\n",
            "themes/bright/templates/page.html": "<p>{{ page.title }}</p>\n",
        }
    )
    result = build_site(root)
    assert result.exit_code == 1
    assert "themes/bright/templates: error: theme 'bright' has no event.html" in result.stderr
    assert "themes/bright/templates: error: theme 'bright' has no page.html" not in result.stderr


def test_a_failing_expression_names_its_template_line(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/pages/about.md": "---\ntitle: About\n---\n",
            "content/testland/_templates/page.html": "<p>{{ page.title }}</p>\n{{ 1 / 0 }}\n",
        }
    )
    result = build_site(root)
    assert "content/testland/_templates/page.html:2: error: template error while rendering " in (
        result.stderr
    )
    assert "ZeroDivisionError" in result.stderr


def test_a_template_that_is_not_utf8_is_an_error(tmp_site) -> None:
    root = tmp_site()
    folder = root / "content/testland/_templates"
    folder.mkdir()
    (folder / "page.html").write_bytes("{% extends 'base.html' %}caf\u00e9".encode("latin-1"))
    (folder / "notes.md").write_bytes(b"\x81")
    result = build_site(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    for name in ("page.html:1", "notes.md:1"):
        assert f"_templates/{name}: error: the template is not UTF-8" in result.stderr
