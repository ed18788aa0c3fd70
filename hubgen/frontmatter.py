"""Split front matter from a Markdown file and read YAML with line numbers.

YAML is composed to nodes (never constructed into arbitrary objects), so the
schema decides how each scalar is read: ``zip: 02134`` stays the text
``02134``, ``title: no`` stays ``no``, and every key keeps its line number
for error messages. Syntax errors point at the right line of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from hubgen.errors import Problem

try:  # libyaml is about ten times faster; the pure-Python loader is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = "---"


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
        "a value that contains ': ' must be quoted, e.g. title: \"Canvass: Main Street\""
    ),
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "each line needs 'key: value'; check the line's indentation",
    "found undefined alias": "'*' starts a YAML alias; put the value in quotes",
    "expected <block end>": "check the indentation of this line against the lines above it",
    "found unexpected end of stream": "a quote or bracket was opened and never closed",
    "while scanning a quoted scalar": "a quote was opened and never closed on this line",
    "while parsing a flow": "a '[' or '{' was opened and never closed; text that starts with "
    "[ or { needs quotes",
}


def _syntax_problem(exc: yaml.YAMLError, path: str, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    if "flow" in context and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # an unclosed [ or {: point at where it was opened
    line = first_line + mark.line if mark is not None else first_line
    hint = next(
        (h for key, h in _SYNTAX_HINTS.items() if key in reason or key in context),
        "check quotes, colons and indentation on this line and the one above",
    )
    return Problem(path, line, f"YAML syntax error: {reason}", hint)


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc, list[Problem]]:
    """Compose YAML text; the result's node is None when empty or broken."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return YamlDoc(None, path, first_line), [_syntax_problem(exc, path, first_line)]
    doc = YamlDoc(None, path, first_line)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        return doc, []
    shared = _first_shared_node(node)
    if shared is not None:
        return doc, [
            Problem(
                path,
                doc.line_of(shared),
                "YAML anchors and aliases (& and *) are not supported",
                "write the value out in full; a '*' or '&' at the start of text needs quotes",
            )
        ]
    if not isinstance(node, yaml.MappingNode):
        return doc, [
            Problem(
                path,
                doc.line_of(node),
                "expected 'key: value' lines, found a single value or a list",
                "write one setting per line, like 'title: Madison canvass'",
            )
        ]
    return YamlDoc(node, path, first_line), []


def _first_shared_node(root: yaml.Node) -> yaml.Node | None:
    """A node reached twice (through an alias), which could loop or explode in size."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return None


def split(text: str, path: str) -> tuple[SourceText, list[Problem]]:
    """Cut a file into front matter and body; a file must start with '---'."""
    text = text.removeprefix("\ufeff")
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
            meta, problems = read_yaml("".join(lines[1:index]), path, first_line=2)
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
