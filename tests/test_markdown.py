"""Markdown as editors write it, and HTML that is safe to publish."""

from __future__ import annotations

from hubgen.markup.markdown import Converter, reindent_lists

md = Converter()


def html(text: str, base: str = "/") -> str:
    return md.convert(text, base).html


def test_two_space_nested_lists_nest() -> None:
    out = html("- a\n  - b\n    - c\n- d\n")
    assert out.count("<ul>") == 3
    assert "<li>a<ul>" in out.replace("\n", "")


def test_four_space_nested_lists_nest() -> None:
    out = html("1. one\n    - nested\n2. two\n")
    assert "<ol>" in out and "<ul>" in out
    assert "<li>one<ul>" in out.replace("\n", "")


def test_ordered_items_nest_under_their_text_column() -> None:
    out = html("1. one\n   - three-space child\n")
    assert "<li>one<ul>" in out.replace("\n", "")


def test_a_list_right_after_a_paragraph_is_a_list() -> None:
    out = html("Bring these:\n- water\n- a pen\n")
    assert "<p>Bring these:</p>" in out and "<li>water</li>" in out


def test_continuation_lines_stay_in_their_item() -> None:
    lines = reindent_lists(["- a", "  - b", "    more of b", "- c"])
    assert lines == ["- a", "    - b", "      more of b", "- c"]


def test_lazy_continuation_keeps_one_list() -> None:
    out = html("- a\ncontinued\n- b\n")
    assert out.count("<ul>") == 1 and "<li>b</li>" in out


def test_tables_fenced_code_and_heading_anchors() -> None:
    out = html("## Before you go\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```text\n<b>x</b>\n```\n")
    assert '<h2 id="before-you-go">' in out
    assert "<td>1</td>" in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out


def test_script_handlers_and_javascript_urls_never_pass() -> None:
    out = html(
        '<script>alert(1)</script>\n\n<p onclick="steal()">hi</p>\n\n'
        '[x](javascript:alert(1)) <a href="javascript:alert(2)">y</a> '
        '<img src="x.png" onerror="alert(3)" alt="a"> <iframe src="https://x.example.org"></iframe>'
    )
    lowered = out.lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "alert(1)"):
        assert bad not in lowered


def test_template_syntax_in_content_is_just_text() -> None:
    out = html("Use {{ page.title }} and {% if x %}.")
    assert "{{ page.title }}" in out and "{% if x %}" in out


def test_root_links_get_the_base_path_and_are_remembered() -> None:
    result = md.convert("[a](/training/x/#y) [b](https://example.org/) [c](other/)", "/wi/")
    assert 'href="/wi/training/x/#y"' in result.html
    assert 'href="https://example.org/"' in result.html
    assert result.links == ("/training/x/#y",)


def test_the_converter_is_reset_between_documents() -> None:
    md.convert("## Same\n", "/")
    assert 'id="same"' in html("## Same\n")


def test_task_list_items_get_checkboxes_labelled_by_their_text() -> None:
    out = html("Before you go:\n- [ ] Charge your phone\n- [x] Print the list\n")
    assert ('<li class="task"><label><input disabled="" type="checkbox"> Charge your phone'
            "</label></li>") in out  # fmt: skip
    assert ('<li class="task"><label><input checked="" disabled="" type="checkbox"> Print the '
            "list</label></li>") in out  # fmt: skip
