"""GitHub's inline additions to Markdown, as Python-Markdown inline patterns.

Organizers paste training material written for GitHub, which renders it with
cmark-gfm. Three of its inline rules are not Python-Markdown's:

- one or two tildes strike text through (``~gone~``, ``~~gone~~``): :class:`Strikethrough`;
- a bare web address (``https://…``, ``http://…``, ``www.…``) is a link, with
  GitHub's rules for where one starts and which trailing punctuation is not
  part of it: :class:`BareUrl`;
- a backslash at the end of a line is a hard line break: :class:`BackslashBreak`.

Each pattern names its trigger (``TRIGGERS``: substrings one of which every
match contains), so :mod:`hubgen.markup.fastmarkdown` never tries it on a text
without one: a page without '~' never runs the tilde pattern.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from string import punctuation
from typing import ClassVar
from xml.etree.ElementTree import Element

import markdown as md
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SubstituteTagInlineProcessor

ASCII_PUNCTUATION = frozenset(punctuation)
ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
ASCII_SPACE = frozenset(" \t\n\r\f\v")
PLACEHOLDER_EDGES = frozenset((util.STX, util.ETX))
TILDE_RUN = re.compile("~+")
# Where each pattern runs among the stock ones (higher runs first), all after raw HTML (90: an
# address in a tag's attribute is not a link) and before entities (80) and emphasis: tildes,
# which skip the web addresses in a text, then addresses (so a struck one is a link too), then
# backslash breaks (an address may end in a backslash, and keeps it, as on GitHub).
STRIKE_PRIORITY, URL_PRIORITY, BREAK_PRIORITY = 87, 85, 84


def is_punctuation(char: str) -> bool:
    """Punctuation as cmark-gfm's rules see it: ASCII punctuation or Unicode P*.

    A placeholder's edge counts as punctuation: what it stands for (code, a
    link, an HTML tag, an escaped character) starts and ends with punctuation.
    """
    return (
        char in ASCII_PUNCTUATION
        or char in PLACEHOLDER_EDGES
        or (char > "\x7f" and unicodedata.category(char).startswith("P"))
    )


def left_flanking(before: str, after: str) -> bool:
    """Whether a delimiter run between ``before`` and ``after`` is left-flanking (CommonMark);
    with the two swapped, whether it is right-flanking. The text's ends count as a space."""
    if after.isspace():
        return False
    return not is_punctuation(after) or before.isspace() or is_punctuation(before)


@dataclass(frozen=True)
class Run:
    """A run of one or two tildes: a delimiter that may open or close a strikethrough."""

    start: int
    length: int
    can_open: bool
    can_close: bool


def tilde_runs(text: str) -> list[Run]:
    """The runs of one or two tildes in ``text`` outside web addresses (read first, as
    GitHub does); a longer run is plain text."""
    runs = []
    spans = address_spans(text) if "://" in text or "www." in text else []
    for match in TILDE_RUN.finditer(text):
        start, end = match.span()
        if end - start > 2 or any(a <= start < b for a, b in spans):
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        runs.append(Run(start, end - start, left_flanking(before, after),
                        left_flanking(after, before)))  # fmt: skip
    return runs


def can_pair(opener: Run, closer: Run) -> bool:
    """CommonMark's "multiple of 3" rule, which cmark-gfm applies to tildes too: a run that
    may both open and close does not pair with one whose lengths sum to a multiple of 3."""
    both = closer.can_open or opener.can_close
    return not both or closer.length % 3 == 0 or (opener.length + closer.length) % 3 != 0


def strike_pairs(text: str) -> dict[int, tuple[int, int]]:
    """Where each strikethrough opens: {opener's index: (run length, closer's index)}.

    cmark-gfm's delimiter algorithm, for tildes alone: each closing run, left to
    right, takes the nearest earlier run that may open and pair with it; runs
    between them are used up. Runs of different lengths strike nothing, but are
    used up all the same (``~~a~ b~`` stays as written on GitHub). As in
    cmark-gfm, a closer that found no opener marks how far later closers of its
    length (modulo 3) look back, which keeps the search linear.
    """
    pairs: dict[int, tuple[int, int]] = {}
    openers: list[Run] = []  # runs that may still open, nearest last
    bottom = [0, 0, 0]  # per closer length % 3: openers below this index were tried in vain
    for closer in tilde_runs(text):
        if closer.can_close:
            kind = closer.length % 3
            found = next(
                (i for i in range(len(openers) - 1, bottom[kind] - 1, -1)
                 if can_pair(openers[i], closer)),
                None,
            )  # fmt: skip
            if found is not None:
                opener = openers[found]
                if opener.length == closer.length:
                    pairs[opener.start] = (opener.length, closer.start)
                del openers[found:]  # the opener and every run between are used up
                bottom = [min(b, found) for b in bottom]
                continue
            bottom[kind] = len(openers)
        if closer.can_open:
            openers.append(closer)
    return pairs


def struck(text: str, start: int, end: int, pairs: dict[int, tuple[int, int]]) -> Element:
    """A <del> of text[start:end], holding the strikethroughs nested in it."""
    element = Element("del")
    element.text = ""
    last: Element | None = None
    position = start
    for opener in sorted(o for o in pairs if start <= o < end):
        length, closer = pairs[opener]
        if opener < position or closer + length > end:
            continue  # inside a nested one already made
        before = text[position:opener]
        if last is None:
            element.text += before
        else:
            last.tail = (last.tail or "") + before
        last = struck(text, opener + length, closer, pairs)
        element.append(last)
        position = closer + length
    if last is None:
        element.text += text[position:end]
    else:
        last.tail = (last.tail or "") + text[position:end]
    return element


@dataclass
class Progress:
    """The strikethroughs of a text, followed while Python-Markdown replaces them.

    Python-Markdown hands the pattern the whole text again after each match,
    with the match replaced by a placeholder. Finding the pairs afresh each
    time would take time in proportion to the text for each strikethrough;
    instead they are found once, and each new text is checked to be the last
    one with just the last match replaced (anything else is a new text).
    """

    original: str
    pairs: dict[int, tuple[int, int]]
    data: str  # the text as last seen
    offset: int = 0  # add to an index in ``original`` for the index in ``data``
    pending: tuple[int, int] | None = None  # the last match returned, in ``data``

    def follows(self, data: str) -> bool:
        """Whether ``data`` is the text last seen, or it with the pending match replaced by
        a placeholder (then indexes move by the difference in length)."""
        if self.pending is not None:
            start, end = self.pending
            close = data.find(util.ETX, start) + 1 if data[start : start + 1] == util.STX else 0
            if close and data[close:] == self.data[end:] and data[:start] == self.data[:start]:
                self.offset += close - end
                self.data, self.pending = data, None
                return True
        if data == self.data:
            self.pending = None
            return True
        return False


class Strikethrough(InlineProcessor):
    """``~gone~`` and ``~~gone~~``: text struck through (<del>), as on GitHub."""

    PATTERN = r"(?<!~)~{1,2}(?!~)"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("~",)
    KEPT = 4  # texts followed at once: a paragraph's, and those of the <del>s' tails

    def __init__(self, pattern: str, md_instance: md.Markdown | None = None) -> None:
        super().__init__(pattern, md_instance)
        self.recent: list[Progress] = []

    def progress(self, data: str) -> Progress:
        """The pairs of ``data``: those of a text it follows from, or found afresh."""
        for index, known in enumerate(self.recent):
            if known.follows(data):
                self.recent.insert(0, self.recent.pop(index))
                return known
        fresh = Progress(data, strike_pairs(data), data)
        self.recent = [fresh, *self.recent[: self.KEPT - 1]]
        return fresh

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        progress = self.progress(data)
        opener = m.start() - progress.offset
        pair = progress.pairs.get(opener)
        if pair is None:
            return None, None, None
        length, closer = pair
        end = closer + length + progress.offset
        progress.pending = (m.start(), end)
        return struck(progress.original, opener + length, closer, progress.pairs), m.start(), end


def is_host_char(char: str) -> bool:
    """A character cmark-gfm allows in a domain name besides '.', '-' and '_'."""
    return not char.isspace() and not is_punctuation(char)


def domain_end(text: str, start: int) -> tuple[int, int] | None:
    """(where the domain starting at ``start`` ends, its number of dots); None if an
    underscore is in its last two parts (a host name never has one there).

    This is cmark-gfm's domain check, quirks included, as it reads UTF-8 bytes:
    the first character is not examined, a backslash makes it skip to the next
    character, a non-ASCII character ends the check (its second byte is not a
    character), and the last character of the text is never examined (so
    ``_www.example.org_`` at the end of a paragraph is a link, but not in its middle).
    """
    last = len(text) - 1
    if text[start] > "\x7f":
        return start + 1, 0
    position = start + 1
    dots = underscores = earlier_underscores = 0
    while position < last:
        char = text[position]
        if char == "\\" and position < last - 1:
            position += 1
            char = text[position]
        if char > "\x7f":
            break
        if char == "_":
            underscores += 1
        elif char == ".":
            earlier_underscores, underscores = underscores, 0
            dots += 1
        elif char != "-" and not is_host_char(char):
            break
        position += 1
    if underscores or earlier_underscores:
        return None
    return position, dots


def token_end(text: str, position: int) -> int:
    """Where an address that has reached ``position`` ends: at whitespace, '<' or a
    placeholder (what an earlier pattern made of the text: code, a tag, an escape)."""
    length = len(text)
    while position < length:
        char = text[position]
        if char in ASCII_SPACE or char == "<" or char == util.STX:
            break
        position += 1
    return position


def trim_trailing(text: str, start: int, end: int) -> int:
    """GitHub's end of an address: trailing ``?!.,:*_~'"`` are not part of it, nor a ')'
    without its '(' in the address, nor an entity-like ``&name;`` (a lone ';' goes)."""
    opening, closing = text.count("(", start, end), text.count(")", start, end)
    while end > start:
        char = text[end - 1]
        if char == ")":
            if closing <= opening:
                break
            closing -= 1
            end -= 1
        elif char in "?!.,:*_~'\"":
            end -= 1
        elif char == ";":
            name = end - 2
            while name > start and text[name] in ASCII_LETTERS:
                name -= 1
            end = name if name < end - 2 and text[name] == "&" else end - 1
        else:
            break
    return end


ADDRESS_START = re.compile(r"(?<![A-Za-z])[Hh][Tt][Tt][Pp][Ss]?://|(?<![^\s*_~(])www\.")


def address_end(text: str, match: re.Match[str]) -> int | None:
    """Where the web address ``match`` starts ends, if it is one (GitHub's rules)."""
    start, host = match.span()
    www = match.group().startswith("www.")
    if not www and (host >= len(text) or not is_host_char(text[host])):
        return None
    checked = domain_end(text, start if www else host)
    if checked is None or (www and not checked[1]):
        return None
    end = trim_trailing(text, start, token_end(text, checked[0]))
    return end if end > (start if www else host) else None


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every web address in ``text``, left to right."""
    spans: list[tuple[int, int]] = []
    for match in ADDRESS_START.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        end = address_end(text, match)
        if end is not None:
            spans.append((match.start(), end))
    return spans


class BareUrl(InlineProcessor):
    """``https://example.org/x``, ``http://…`` and ``www.example.org`` are links, as on GitHub.

    A ``www.`` address starts a text, or follows whitespace or one of ``*_~(``;
    ``http(s)://`` does not follow a letter. Not inside a link (its text), nor
    in code or a tag (those are placeholders by the time this runs).
    """

    PATTERN = ADDRESS_START.pattern
    TRIGGERS: ClassVar[tuple[str, ...]] = ("://", "www.")
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        end = address_end(data, m)
        if end is None:
            return None, None, None
        text = data[m.start() : end]
        link = Element("a", href=("http://" + text) if m.group() == "www." else text)
        link.text = util.AtomicString(text)
        return link, m.start(), end


class BackslashBreak(SubstituteTagInlineProcessor):
    """A backslash at the end of a line is a hard line break (<br>), as on GitHub.

    It runs after the escapes (so an escaped backslash, ``\\\\``, is not one) and
    after addresses (``https://example.org/x\\`` keeps its backslash, as on GitHub).
    """

    PATTERN = r"\\\n"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("\\\n",)


class GithubInline(Extension):
    """Register the three patterns among the stock ones (see the priorities above); a
    backslash escapes a tilde (``\\~``), as on GitHub."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        if "~" not in md_instance.ESCAPED_CHARS:
            md_instance.ESCAPED_CHARS.append("~")
        patterns = md_instance.inlinePatterns
        patterns.register(BareUrl(BareUrl.PATTERN, md_instance), "gfm_url", URL_PRIORITY)
        patterns.register(BackslashBreak(BackslashBreak.PATTERN, "br"), "gfm_break",
                          BREAK_PRIORITY)  # fmt: skip
        patterns.register(Strikethrough(Strikethrough.PATTERN, md_instance), "gfm_strike",
                          STRIKE_PRIORITY)  # fmt: skip
