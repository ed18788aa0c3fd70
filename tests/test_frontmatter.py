"""Front matter splitting and YAML errors pinned to the right line of the file."""

from __future__ import annotations

from hubgen.frontmatter import plain, read_yaml, split


def test_body_and_its_first_line() -> None:
    parts, problems = split("---\ntitle: A\n---\nHello\n", "a.md")
    assert problems == []
    assert parts.body == "Hello\n"
    assert parts.body_line == 4


def test_key_lines_count_the_opening_fence() -> None:
    parts, _ = split("---\ntitle: A\ndescription: B\n---\n", "a.md")
    key = parts.meta.node.value[1][0]
    assert parts.meta.line_of(key) == 3


def test_missing_front_matter_is_an_error_with_a_hint() -> None:
    _, problems = split("Just text\n", "a.md")
    assert problems[0].line == 1
    assert "does not start with front matter" in problems[0].message
    assert "---" in problems[0].hint


def test_unclosed_front_matter() -> None:
    _, problems = split("---\ntitle: A\n", "a.md")
    assert "never closed" in problems[0].message


def test_yaml_error_points_at_the_file_line() -> None:
    text = "---\ntitle: Fine\ndescription: Canvass: Main Street\n---\n"
    _, problems = split(text, "a.md")
    assert problems[0].line == 3
    assert problems[0].message.startswith("YAML syntax error")
    assert "quoted" in problems[0].hint


def test_unclosed_bracket_points_where_it_opened() -> None:
    _, problems = split("---\ntitle: [oops\ndescription: x\n---\n", "a.md")
    assert problems[0].line == 2


def test_tabs_get_a_hint() -> None:
    _, problems = split("---\ntitle: A\n\tdescription: B\n---\n", "a.md")
    assert problems and problems[0].line == 3


def test_a_list_is_not_settings() -> None:
    _, problems = read_yaml("- a\n- b\n", "x.yaml")
    assert "key: value" in problems[0].message


def test_byte_order_mark_is_ignored() -> None:
    _, problems = split("\ufeff---\ntitle: A\n---\n", "a.md")
    assert problems == []


def test_plain_values_never_construct_objects() -> None:
    doc, _ = read_yaml("a: !!python/object:os.system x\nb: 2026-02-30\nc: [1, yes, null]\n", "x")
    assert plain(doc.node) == {"a": "x", "b": "2026-02-30", "c": [1, True, None]}


def test_aliases_are_refused_before_they_can_loop_or_explode() -> None:
    _, problems = read_yaml("a: &x [1, 2]\nb: *x\n", "x.yaml")
    assert "anchors and aliases" in problems[0].message
    _, problems = read_yaml("a: &x [*x]\n", "x.yaml")
    assert "anchors and aliases" in problems[0].message
    laughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    assert read_yaml(laughs, "x.yaml")[1]
