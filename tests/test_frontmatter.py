"""Front matter splitting and YAML errors pinned to the right line of the file."""

from __future__ import annotations

import pytest

from hubgen.content import frontmatter
from hubgen.content.frontmatter import MAX_DEPTH, MAX_META_CHARS, plain, read_yaml, split
from hubgen.core.textfile import MAX_FILE_BYTES, decode


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
    assert problems[0].message == "a value with ': ' in it needs quotes"
    assert problems[0].hint == 'write it as description: "Canvass: Main Street"'


def test_a_value_with_a_colon_is_shown_quoted() -> None:
    def said(text: str) -> tuple[int, str, str]:
        (problem,) = read_yaml(text, "a.md", first_line=2)[1]
        return problem.line, problem.message, problem.hint

    quotes = "a value with ': ' in it needs quotes"
    assert said("title: Phone bank: Milwaukee\n") == (
        2, quotes, 'write it as title: "Phone bank: Milwaukee"')  # fmt: skip
    assert said("paths:\n  - title: Step 1: calls  \n") == (
        3, quotes, 'write it as - title: "Step 1: calls"')  # fmt: skip
    assert said('title: Say "hi": Madison\n') == (
        2, quotes, "write it as title: 'Say \"hi\": Madison'")  # fmt: skip
    # a comment, or a value half quoted already: the hint shows how, not the line
    example = 'put the value in quotes, like title: "Canvass: Main Street"'
    for text in ("title: Phone bank: Racine # draft\n", "title: 'Phone bank': Racine\n"):
        assert said(text) == (2, quotes, example), text
    # a key indented under a value is a matter of indentation, not of quotes
    line, message, hint = said("title: A\n  description: B\n")
    assert line == 3 and message.startswith("YAML syntax error: mapping values")
    assert hint.startswith("check this line's indentation")


def test_unclosed_bracket_points_where_it_opened() -> None:
    _, problems = split("---\ntitle: [oops\ndescription: x\n---\n", "a.md")
    assert problems[0].line == 2


def test_tabs_get_a_hint() -> None:
    _, problems = split("---\ntitle: A\n\tdescription: B\n---\n", "a.md")
    assert problems and problems[0].line == 3
    assert problems[0].message == "this line is indented with a tab"
    assert problems[0].hint == "indent with spaces (two per level), never tabs"
    for text in ("place:\n\ttype: home\n", "place:\n  type: home\n \t city: X\n",
                 "description: |\n  Knock doors,\n\tmake calls\n", "paths:\n\t- a\n"):  # fmt: skip
        (problem,) = read_yaml(text, "a.md")[1]
        assert (problem.line, problem.message) == (
            text.count("\n"), "this line is indented with a tab"), text  # fmt: skip
    assert read_yaml("title:\tA\n", "a.md")[1] == []  # a tab after the colon is fine


def test_a_list_is_not_settings() -> None:
    _, problems = read_yaml("- a\n- b\n", "x.yaml")
    assert "key: value" in problems[0].message


def text_of(raw: bytes) -> str:
    text, problems = decode(raw, "a.md")
    assert problems == [] and text is not None
    return text


def test_byte_order_mark_is_ignored() -> None:
    parts, problems = split(text_of("\ufeff---\ntitle: A\n---\nHi\n".encode()), "a.md")
    assert problems == [] and parts.body == "Hi\n"


def test_windows_and_old_mac_line_endings_keep_line_numbers() -> None:
    for eol in ("\r\n", "\r"):
        raw = eol.join(["---", "title: A", "description: Canvass: Main", "---", "Hi", ""])
        _, problems = split(text_of(raw.encode()), "a.md")
        assert problems[0].line == 3, eol
        parts, _ = split(text_of(raw.replace("Canvass: Main", "B").encode()), "a.md")
        assert (parts.body, parts.body_line) == ("Hi\n", 5)


def test_text_that_is_not_utf8_names_its_line_and_byte() -> None:
    raw = "---\ntitle: Caf\u00e9\n".encode("latin-1") + b"---\n"
    text, problems = decode(raw, "a.md")
    assert text is None
    assert problems[0].line == 2
    assert "byte 0xE9 (byte 14)" in problems[0].message
    assert "UTF-8" in problems[0].hint
    _, problems = decode("---\r\ntitle: A\r\n\u00e9".encode("latin-1"), "a.md")
    assert problems[0].line == 3


def test_utf16_binary_and_huge_files_are_refused() -> None:
    assert "UTF-16" in decode("---\n".encode("utf-16"), "a.md")[1][0].message
    problem = decode(b"---\ntitle: A\n\x00\x01PNG", "a.md")[1][0]
    assert problem.line == 3 and "binary" in problem.message
    problem = decode(b"x" * (MAX_FILE_BYTES + 1), "a.md")[1][0]
    assert "more than the 1.0 MiB" in problem.message


def test_empty_files_and_a_lone_fence() -> None:
    assert "does not start with front matter" in split("", "a.md")[1][0].message
    assert "never closed" in split("---\n", "a.md")[1][0].message
    parts, problems = split("---\n---\n", "a.md")
    assert problems == [] and parts.meta.node is None


def test_front_matter_has_a_size_limit() -> None:
    text = "---\ntitle: A\ndescription: " + "x" * MAX_META_CHARS + "\n---\nBody\n"
    _, problems = split(text, "a.md")
    assert problems[0].line == 2 and "more than the 64 KiB" in problems[0].message
    long_line = "---\ntitle: " + "x" * 60_000 + "\n---\n"
    assert split(long_line, "a.md")[1] == []


def test_keys_set_twice_name_both_lines() -> None:
    _, problems = read_yaml("title: A\norder: 1\ntitle: B\n", "a.md", first_line=2)
    assert [(p.line, p.message) for p in problems] == [
        (4, "'title' is set twice: on line 2 and line 4")
    ]
    nested = "place:\n  type: home\n  type: office\nextra: {a: 1, a: 2}\n"
    messages = [p.message for p in read_yaml(nested, "a.md")[1]]
    assert messages == [
        "'place.type' is set twice: on line 2 and line 3",
        "'extra.a' is set twice: on line 4 and line 4",
    ]
    items = "training_paths:\n  - {key: a, title: A}\n  - {key: b, title: B}\n"
    assert read_yaml(items, "a.md")[1] == []


def test_keys_must_be_text() -> None:
    _, problems = read_yaml("? [a, b]\n: c\n{x: 1}: d\n", "a.md")
    assert [p.line for p in problems] == [1, 3]
    assert "a key must be text" in problems[0].message


def test_nesting_has_a_limit() -> None:
    deep = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "v\n"
    _, problems = read_yaml(deep, "a.md")
    assert "nested more than 20 levels" in problems[0].message
    assert read_yaml(deep.replace("k0:\n", "", 1).replace("\n  ", "\n"), "a.md")[1] == []
    flow = "a: " + "[" * 5000 + "]" * 5000 + "\n"  # past libyaml's own limit of 1,000
    assert "YAML syntax error" in read_yaml(flow, "a.md")[1][0].message


def test_plain_values_never_construct_objects() -> None:
    doc, _ = read_yaml("a: !!python/object:os.system x\nb: 2026-02-30\nc: [1, yes, null]\n", "x")
    assert plain(doc.node) == {"a": "x", "b": "2026-02-30", "c": [1, True, None]}


def test_aliases_are_refused_before_they_can_loop_or_explode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, problems = read_yaml("a: &x [1, 2]\nb: *x\n", "x.yaml", first_line=2)
    assert problems[0].line == 2 and "anchors and aliases" in problems[0].message
    _, problems = read_yaml("a: &x [*x]\n", "x.yaml")
    assert "anchors and aliases" in problems[0].message
    _, problems = read_yaml("title: A\nb: [1, *undefined]\n", "x.yaml")
    assert problems[0].line == 2 and "anchors and aliases" in problems[0].message
    # nine levels of nine aliases would be 387 million strings if expanded: it is refused
    # from the scanner's tokens, so the YAML is never composed
    monkeypatch.setattr(frontmatter.yaml, "compose", lambda *_a, **_k: pytest.fail("composed"))
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    _, problems = read_yaml(laughs, "x.yaml")
    assert problems[0].line == 1 and "anchors and aliases" in problems[0].message


def test_text_with_ampersands_and_stars_is_fine() -> None:
    doc, problems = read_yaml("title: 'Q&A: **bold** & *more*'\n# &x *y\n", "x.yaml")
    assert problems == [] and plain(doc.node) == {"title": "Q&A: **bold** & *more*"}


def test_an_unclosed_quote_is_told_where_it_opened() -> None:
    _, problems = read_yaml('title: "Quarry: the hill towns\ncounties: [Dane]\n', "a.md")
    assert [(p.line, p.message) for p in problems] == [
        (1, 'the " opened on this line is never closed')
    ]
    assert 'title: "Quarry: the hill towns"' in problems[0].hint
