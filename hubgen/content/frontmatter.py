"""Split front matter from a Markdown file and read YAML with line numbers.

YAML is composed to nodes (never constructed into arbitrary objects), so the
schema decides how each scalar is read: ``zip: 02134`` stays the text
``02134``, ``title: no`` stays ``no``, and every key keeps its line number
for error messages. Syntax errors point at the right line of the file.

Front matter is written by many hands, so it is read defensively: anchors and
aliases (which can loop, or expand a small file into billions of values),
keys set twice, keys that are not text, nesting deeper than :data:`MAX_DEPTH`
and front matter longer than :data:`MAX_META_CHARS` are problems, not data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from hubgen.core.errors import Problem

try:  # libyaml is about ten times faster; the pure-Python loader is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = "---"
MAX_META_CHARS = 64 * 1024  # front matter is settings; long text belongs in the body
MAX_DEPTH = 20  # levels of nesting in settings: the schemas use three


@dataclass(frozen=True)
class YamlDoc:
    """A composed YAML mapping and where it sits in its file."""

    node: yaml.MappingNode | None
    path: str
    first_line: int  # file line number of the YAML text's first line

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line


@dataclass(frozen=True)
class SourceText:
    """A Markdown file cut into its front matter and its body."""

    meta: YamlDoc
    body: str
    body_line: int


_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "check this line's indentation against the line above; a value with ': ' needs quotes"
    ),
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "each line needs 'key: value'; check the line's indentation",
    "expected <block end>": "check the indentation of this line against the lines above it",
    "found unexpected end of stream": "a quote or bracket was opened and never closed",
    "while scanning a quoted scalar": "a quote was opened and never closed on this line",
    "while parsing a flow": "a '[' or '{' was opened and never closed; text that starts with "
    "[ or { needs quotes",
}

# 'key: value', maybe indented or a list item, whose value is not already quoted or a list
_KEY_VALUE_RE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z0-9_][\w-]*):\s+([^\s\"'\[{|>].*?)\s*$")


def _plain_words(yaml_text: str, mark: yaml.Mark, reason: str) -> tuple[str, str] | None:
    """The message and hint for mistakes an organizer makes, in words that need no YAML:
    a tab in a line's indentation, and a value with ': ' in it that is not quoted."""
    lines = yaml_text.splitlines()
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return "this line is indented with a tab", "indent with spaces (two per level), never tabs"
    first_colon = line.find(": ")
    if "mapping values are not allowed" not in reason or not 0 <= first_colon < mark.column:
        return None  # a ':' in the first key's place is a problem of indentation, not quotes
    hint = 'put the value in quotes, like title: "Canvass: Main Street"'
    match = _KEY_VALUE_RE.match(line)
    if match and " #" not in match.group(3):  # after ' #' is a comment, not the value
        item, key, value = match.groups()
        quote = "'" if '"' in value else '"'
        if quote not in value:
            item = "- " if item.strip() else ""
            hint = f"write it as {item}{key}: {quote}{value}{quote}"
    return "a value with ': ' in it needs quotes", hint


def _syntax_problem(exc: yaml.YAMLError, yaml_text: str, path: str, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    words = _plain_words(yaml_text, mark, reason) if mark is not None else None
    if words is not None:
        return Problem(path, first_line + mark.line, *words)
    opened = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and opened is not None:
        return _unclosed_quote(yaml_text, opened, path, first_line)
    if "flow" in context and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # an unclosed [ or {: point at where it was opened
    line = first_line + mark.line if mark is not None else first_line
    hint = next(
        (h for key, h in _SYNTAX_HINTS.items() if key in reason or key in context),
        "check quotes, colons and indentation on this line and the one above",
    )
    return Problem(path, line, f"YAML syntax error: {reason}", hint)


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc, list[Problem]]:
    """Compose YAML text; the result's node is None when empty or broken.

    Anchors and aliases are refused before anything is composed, so a "billion
    laughs" file costs one pass of the scanner; duplicate keys, keys that are
    not text and nesting deeper than :data:`MAX_DEPTH` are refused too.
    """
    doc = YamlDoc(None, path, first_line)
    try:
        shared = _first_anchor(text)
        if shared is not None:
            return doc, [
                Problem(
                    path,
                    first_line + shared.line,
                    "YAML anchors and aliases (& and *) are not supported",
                    "write the value out in full; a '*' or '&' at the start of text needs quotes",
                )
            ]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return doc, [_syntax_problem(exc, text, path, first_line)]
    except RecursionError:  # the pure-Python composer, without libyaml's depth limit
        return doc, [_too_deep(path, first_line)]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        return doc, []
    if not isinstance(node, yaml.MappingNode):
        return doc, [
            Problem(
                path,
                doc.line_of(node),
                "expected 'key: value' lines, found a single value or a list",
                "write one setting per line, like 'title: Madison canvass'",
            )
        ]
    problems = _shape_problems(YamlDoc(node, path, first_line))
    return (doc if problems else YamlDoc(node, path, first_line)), problems


def _first_anchor(text: str) -> yaml.Mark | None:
    """Where the first anchor (&name) or alias (*name) is; the scanner reads tokens only."""
    if "&" not in text and "*" not in text:
        return None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return token.start_mark
    except yaml.YAMLError:
        pass  # composing reports it, where the text first goes wrong
    return None


def _too_deep(path: str, line: int) -> Problem:
    return Problem(
        path,
        line,
        f"the settings are nested more than {MAX_DEPTH} levels deep",
        "settings nest a few levels at most (place: type: ...); check the indentation",
    )


def _shape_problems(doc: YamlDoc) -> list[Problem]:
    """Keys set twice, keys that are lists or sets, and nesting too deep, in every mapping."""
    assert doc.node is not None
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, int, str]] = [(doc.node, 1, "")]
    while stack:
        node, depth, prefix = stack.pop()
        if depth > MAX_DEPTH:
            return [_too_deep(doc.path, doc.line_of(node))]
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1, prefix) for item in node.value)
            continue
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[str, int] = {}
        for key, value in node.value:
            line = doc.line_of(key)
            if not isinstance(key, yaml.ScalarNode):
                hint = "a key is a word followed by ':', like 'title: ...'"
                problems.append(Problem(doc.path, line, "a key must be text, not a list or set",
                                        hint))  # fmt: skip
                continue
            name = prefix + key.value
            if name in first:
                message = f"'{name}' is set twice: on line {first[name]} and line {line}"
                problems.append(Problem(doc.path, line, message, "keep one of the two lines"))
            first.setdefault(name, line)
            stack.append((value, depth + 1, name + "."))
    return sorted(problems)


def split(text: str, path: str) -> tuple[SourceText, list[Problem]]:
    """Cut a file's text (see :func:`hubgen.core.textfile.decode`) into front matter and body;
    a file must start with '---', and its front matter holds at most :data:`MAX_META_CHARS`."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        problem = Problem(
            path,
            1,
            "the file does not start with front matter",
            "begin the file with a line '---', the settings (title: ...), and another '---'",
        )
        return SourceText(YamlDoc(None, path, 1), text, 1), [problem]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            yaml_text = "".join(lines[1:index])
            if len(yaml_text) > MAX_META_CHARS:
                message = (f"the front matter is {len(yaml_text) // 1024} KiB, more than the "
                           f"{MAX_META_CHARS // 1024} KiB hubgen reads")  # fmt: skip
                hint = "keep settings short; long text goes in the body, after the second '---'"
                return SourceText(YamlDoc(None, path, 1), "", index + 2), [
                    Problem(path, 2, message, hint)
                ]
            meta, problems = read_yaml(yaml_text, path, first_line=2)
            body = "".join(lines[index + 1 :])
            return SourceText(meta, body, index + 2), problems
    problem = Problem(
        path,
        1,
        "the front matter is never closed",
        "add a line '---' after the last setting, before the text of the page",
    )
    return SourceText(YamlDoc(None, path, 1), "", len(lines) + 1), [problem]


def plain(node: yaml.Node) -> Any:
    """Turn a node into plain Python data without running YAML constructors.

    Used for free-form ``extra:`` values. Dates stay text; unknown tags are
    read as their text, so no YAML tag can create objects or raise.
    """
    if isinstance(node, yaml.MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(item) for item in node.value]
    value = node.value
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in {"true", "yes", "on", "y"}
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def _unclosed_quote(yaml_text: str, opened: yaml.Mark, path: str, first_line: int) -> Problem:
    """A quote that is never closed: told at the line where it was opened."""
    lines = yaml_text.splitlines()
    line = lines[opened.line] if opened.line < len(lines) else ""
    quote = line[opened.column : opened.column + 1] or '"'
    value = line[opened.column + 1 :].rstrip()
    hint = f"end the value with {quote} too"
    if value and quote not in value:
        hint += f", like {line[: opened.column].strip()} {quote}{value}{quote}"
    message = f"the {quote} opened on this line is never closed"
    return Problem(path, first_line + opened.line, message, hint)
