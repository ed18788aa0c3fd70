"""The privacy guard's fast scanning finds exactly what the plain regexes find.

``find_emails``, ``find_phones`` and ``find_streets`` try EMAIL, PHONE and
STREET only where a match can start. Here they are held to the reference,
plain ``finditer`` over the whole text, on texts made to catch them out: an
alphabet heavy in digits, separators and street words, contacts written every
usual way in generated prose, Unicode digits and spaces, and long generated
pages. ``text_problems`` and ``guard`` are held to the implementation they
replaced, kept below.
"""

from __future__ import annotations

import random
import re
import string
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import urlsplit

import pytest

from hubgen.content.scalars import domain_allowed
from hubgen.core.cache import Cache, Store
from hubgen.core.errors import Problem
from hubgen.privacy.detect import (
    DECLARED,
    EMAIL,
    PHONE,
    STREET,
    Allowed,
    _street_key,
    allowed_in,
    digits,
    find_emails,
    find_phones,
    find_streets,
    sketch,
    text_problems,
)
from hubgen.privacy.scan import guard

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # the property tests are skipped; the seeded ones below still run
    st = None

Found = list[tuple[int, int, str]]
SCANS: dict[str, tuple[re.Pattern[str], Callable[[str], list[re.Match[str]]]]] = {
    "email": (EMAIL, find_emails),
    "phone": (PHONE, find_phones),
    "street": (STREET, find_streets),
}


def spans(matches: Iterable[re.Match[str]]) -> Found:
    return [(m.start(), m.end(), m.group()) for m in matches]


def assert_same_matches(text: str) -> None:
    """Each fast scan returns what plain finditer returns, match for match."""
    sketched = sketch(text)
    assert len(sketched) == len(text)
    for kind, (pattern, fast) in SCANS.items():
        expected = spans(pattern.finditer(text))
        assert spans(fast(text)) == expected, (kind, text)
        if kind != "email":
            assert spans(cast(Any, fast)(text, sketched)) == expected, (kind, text)


# --- texts made to catch a scanner out --------------------------------------------------

CHARS = list(string.digits * 3) + [
    *" \n\t.-()+@/_'%,:;",
    *"aexzAZNSEW",
    "é",  # Latin-1: one byte in the sketch
    "’",  # past Latin-1, neither digit nor space
    "٣",  # ARABIC-INDIC DIGIT THREE: \d
    "１",  # FULLWIDTH DIGIT ONE: \d
    "\xa0",  # NO-BREAK SPACE: \s
    "\u2009",  # THIN SPACE: \s
    "\u2028",  # LINE SEPARATOR: \s
    "\x1c",  # a control character that \s takes
]
# STREET's own street words, so the two cannot drift apart
_street_words = re.search(r"\(\?:(Street[\w|]*)\)", STREET.pattern)
assert _street_words is not None
STREET_WORDS = _street_words[1].split("|")
WORDS = [
    *STREET_WORDS, "St.", "Ave.", "Streets", "Stadium", "State", "Stay", "STREET", "Str",
    "N", "S.", "E", "W.", "NW", "Elm", "Main", "Oak", "Mifflin", "Martin", "Luther", "King",
    "Jr", "O'Neil", "Mc-Kay", "B.B.", "old", "José",
    "608", "555", "0143", "0100", "1", "11", "+1", "+1-", "1-", "1.", "(608)", "12", "204",
    "4410", "99999", "123456", "1234567", "6085550143", "16085550143", "608555014",
    "60855501430", "2026-11-25", "53703-1234", "v1.2.3",
    "jane.doe+votes", "sam_r", "x", "y.co", "mail.", "example.", ".org", ".com", ".c", ".co.uk",
    "@@", "-@", "a@b", "tel:", "mailto:", "https://", "www.", "/", "#",
]  # fmt: skip
PHONE_FORMS = [
    "({a}) {e}-{n}",
    "({a}){e}-{n}",
    "({a}) {e} {n}",
    "{a}-{e}-{n}",
    "{a}.{e}.{n}",
    "{a} {e} {n}",
    "{a}{e}{n}",
    "{a}-{e}{n}",
    "{a}.{e}-{n}",
    "{a}  {e} {n}",  # two spaces: no match
    "{a}\n{e}\n{n}",  # a newline is no separator
    "({a}-{e}-{n}",
]
PHONE_PREFIXES = ["", "", "+1 ", "1-", "+1-", "1 ", "+1.", "1", "+", "+2 ", "11-", "(", "0-"]
SEPARATORS = [" ", " ", " ", "\n", ", ", ". ", "; ", "(", ")", "/", "-", ".", "", "\xa0", "’", "_"]
PROSE = [
    "Call", "Sam", "at", "on", "Tuesday", "the", "office", "room", "ZIP", "meet", "us", "Suite",
    "and", "or", "write", "to", "tonight", "upstairs", "Order", "px", "wide", "version", "shift",
    "2026-11-25", "53703-1234", "v1.2.3", "#12", "https://example.org/",
]  # fmt: skip
LOCAL = string.ascii_letters + string.digits + "._%+-"
SUFFIXES = [*STREET_WORDS, "Streets", "Stadium", "Str", "Avenues", "STREET"]
NAMES = ["Elm", "Main", "Oak", "Old", "Mill", "Martin", "Luther", "King", "Jr", "O'Neil", "B.B.",
         "Mc-Kay", "elm", "José", "Twenty-Second", "X"]  # fmt: skip


def phone(rng: random.Random) -> str:
    area, exchange, line = (
        "".join(rng.choices("0123456789", k=k)) for k in (rng.choice((3, 3, 2, 4)), 3, 4)
    )
    if rng.random() < 0.1:
        line += rng.choice("0123456789")  # one digit too many
    return rng.choice(PHONE_PREFIXES) + rng.choice(PHONE_FORMS).format(a=area, e=exchange, n=line)


def email(rng: random.Random) -> str:
    local = "".join(rng.choices(LOCAL, k=rng.randint(0, 12)))
    labels = [
        "".join(rng.choices(string.ascii_lowercase + string.digits + "-", k=rng.randint(0, 8)))
        for _ in range(rng.randint(1, 3))
    ]
    tld = "".join(rng.choices(string.ascii_letters, k=rng.choice((0, 1, 2, 2, 3, 6))))
    return f"{local}@{'.'.join(labels)}.{tld}" + rng.choice(("", "", ".", "-", "@x.org"))


def street(rng: random.Random) -> str:
    number = "".join(rng.choices("0123456789", k=rng.choice((1, 2, 3, 4, 5, 6, 7))))
    direction = rng.choice(("", "", "N ", "S. ", "E  ", "W.\n", "NW "))
    space = rng.choice((" ", " ", "  ", "\n", "\t", "\xa0"))
    names = space.join(rng.choices(NAMES, k=rng.choice((0, 1, 2, 3, 4, 5))))
    return f"{number}{space}{direction}{names}{space}{rng.choice(SUFFIXES)}{rng.choice(('', '.'))}"


def contact_prose(rng: random.Random, pieces: int = 12) -> str:
    """Prose with phones, emails and street addresses in it, written right and wrong."""
    out = []
    for _ in range(pieces):
        kind = rng.random()
        if kind < 0.25:
            out.append(phone(rng))
        elif kind < 0.45:
            out.append(email(rng))
        elif kind < 0.65:
            out.append(street(rng))
        elif kind < 0.75:
            out.append(rng.choice(WORDS))
        else:
            out.append(rng.choice(PROSE))
        out.append(rng.choice(SEPARATORS))
    return "".join(out)


def token_soup(rng: random.Random, size: int = 40) -> str:
    """Characters and tokens from the alphabet above, in any order."""
    return "".join(rng.choice(CHARS) if rng.random() < 0.6 else rng.choice(WORDS)
                   for _ in range(rng.randint(0, size)))  # fmt: skip


# --- the scanners against plain finditer ---------------------------------------------------


def test_the_sketch_classes_every_character_as_the_regexes_do() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    expected = bytearray(c if c < 128 else 0xFF for c in range(sys.maxunicode + 1))
    expected[ord("A") : ord("Z") + 1] = b"A" * 26
    for match in re.finditer(r"\s", everything):
        expected[match.start()] = ord(" ")
    for match in re.finditer(r"\d", everything):
        expected[match.start()] = ord("0")
    assert sketch(everything) == bytes(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@",
        "a@b.co@c.de",
        "x@y.co and jane.doe+votes@mail.example.com, write!",
        "...@example.org",
        "aaaa@bbbb@cccc.org",
        "+1 (608) 555-0143",
        "+1(608)555-0143",
        "1-608-555-0143 and 608.555.0143/6085550143",
        "16085550143 6085550143 608555014301",
        "(608) 555-0143(608) 555-0144",
        "x6085550143 -6085550143 /6085550143 .6085550143 +6085550143",
        "(٦٠٨) ٥٥٥-٠١٤٣",
        "12 Elm Street 1 Main St. 4410 N Oakland Avenue 1234567 Elm Street",
        "77 Martin Luther King Jr Drive, 9 Old Mill Rd\n250 W. Johnson Street",
        "１２\u2009Elm\xa0Street and 12\u2028Main\x1cSt",
        "a12 Elm Street _12 Elm Street 12 Elm Streets 12 Elm Stadium 12 elm Street",
        "100 Main Street100 Main Street 100 100 Main Street",
        "123456 Elm Street 1234567 Elm Street 0 A B C D Way 0 A B C D E Way",
    ],
)
def test_the_scanners_on_edge_cases(text: str) -> None:
    assert_same_matches(text)


def test_the_scanners_on_seeded_random_texts() -> None:
    """Runs without hypothesis too: thousands of texts from a fixed seed."""
    rng = random.Random(20261125)
    for _ in range(3000):
        assert_same_matches(token_soup(rng))
        assert_same_matches(contact_prose(rng))


def test_the_scanners_on_a_long_page() -> None:
    rng = random.Random(7)
    text = "\n\n".join(contact_prose(rng, pieces=60) for _ in range(300))
    assert all(pattern.search(text) for pattern, _ in SCANS.values())
    assert_same_matches(text)


if st is not None:
    PROPERTY = settings(
        max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )

    @PROPERTY
    @given(st.lists(st.sampled_from(CHARS) | st.sampled_from(WORDS), max_size=60).map("".join))
    def test_the_scanners_on_any_token_soup(text: str) -> None:
        assert_same_matches(text)

    @PROPERTY
    @given(st.text(alphabet=st.sampled_from(CHARS), max_size=80))
    def test_the_scanners_on_any_characters(text: str) -> None:
        assert_same_matches(text)

    @PROPERTY
    @given(st.text(max_size=40))
    def test_the_scanners_on_any_unicode(text: str) -> None:
        assert_same_matches(text)

    @PROPERTY
    @given(st.randoms(use_true_random=False), st.integers(1, 30))
    def test_the_scanners_on_contacts_in_prose(rng: random.Random, pieces: int) -> None:
        assert_same_matches(contact_prose(rng, pieces))

else:

    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_the_scanners_under_hypothesis() -> None:
        pass


# --- text_problems and guard against the implementation they replaced ----------------------


def _texts(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """(dotted key, text) for every piece of free text in front matter, extra included, as
    hubgen.privacy.detect read it before its faster walk (_collect), which is held to it here."""
    if isinstance(value, str):
        yield key, value
    elif is_dataclass(value):
        for item in fields(value):
            if item.name not in DECLARED:
                yield from _texts(getattr(value, item.name), f"{key}.{item.name}")
    elif isinstance(value, dict):
        for name, inner in value.items():
            yield from _texts(inner, f"{key}.{name}")
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _texts(inner, key)


def reference_text_problems(doc: Any, allowed: Allowed) -> list[Problem]:
    """text_problems as it was: EMAIL, PHONE and STREET.finditer over every text."""
    domains = list(allowed.domains)
    website = doc.meta.get("website")
    if website:
        domains.append((urlsplit(website).hostname or "").removeprefix("www."))
    pieces = [(doc.body, None)]
    pieces += [(text, key) for name, value in doc.meta.items() if name not in DECLARED
               for key, text in _texts(value, name)]  # fmt: skip
    problems = []
    for text, key in pieces:
        where = "the text" if key is None else f"'{key}'"

        def line(offset: int, key: str | None = key, text: str = text) -> int | None:
            if key is None:
                return doc.body_line + text.count("\n", 0, offset)
            return doc.lines.get(key) or doc.lines.get(key.split(".")[0])

        for match in EMAIL.finditer(text):
            if not domain_allowed(match.group(), domains):
                like = f", like {' or '.join(allowed.addresses)}" if allowed.addresses else ""
                hint = (
                    "never publish a volunteer's own address; use a role address at "
                    f"{' or '.join(domains)}{like} (or add the program's domain to "
                    "role_email_domains in content/site.yaml)"
                )
                message = f"'{match.group()}' in {where} is not a role address"
                problems.append(Problem(doc.source.shown, line(match.start()), message, hint))
        for match in PHONE.finditer(text):
            if digits(match.group()) not in allowed.phones:
                hint = (
                    "only public lines may appear: give it as an office's or a team's phone: in "
                    "the settings first, or leave it out; never a volunteer's own number"
                )
                message = f"'{match.group()}' in {where} is not a public phone line"
                problems.append(Problem(doc.source.shown, line(match.start()), message, hint))
        if doc.source.type == "office":
            continue
        for match in STREET.finditer(text):
            if _street_key(match.group()) not in allowed.streets:
                hint = (
                    "publish a private home as its neighborhood and ZIP code; a public address "
                    "belongs in an office's or an event's address settings, or in privacy_allow "
                    "in content/site.yaml"
                )
                message = f"'{match.group()}' in {where} looks like a street address"
                problems.append(Problem(doc.source.shown, line(match.start()), message, hint))
    return problems


def reference_guard(sites: Iterable[Any], site: Any) -> list[Problem]:
    problems: list[Problem] = []
    for state_site in sites:
        documents = state_site.documents.values()
        allowed = allowed_in(state_site.config.contact.phone, documents, site.role_email_domains,
                             site.privacy_allow)  # fmt: skip
        for doc in documents:
            problems += [p for p in reference_text_problems(doc, allowed) if p not in problems]
    return problems


@dataclass(frozen=True)
class Source:
    shown: str
    type: str = "page"


@dataclass(frozen=True)
class Doc:
    """What text_problems reads of a Document (built here so the test follows no constructor)."""

    source: Source
    meta: dict[str, Any]
    body: str
    body_line: int = 5
    lines: dict[str, int] = field(default_factory=lambda: {"title": 2, "extra": 3})

    @property
    def meta_hash(self) -> bytes:  # what the cached guard keys its findings by
        return repr(sorted(self.meta.items())).encode()

    @property
    def body_hash(self) -> bytes:
        return self.body.encode()


def generated_doc(rng: random.Random, name: str) -> Doc:
    meta: dict[str, Any] = {
        "title": contact_prose(rng, 3),
        "extra": {"note": contact_prose(rng, 4), "more": [contact_prose(rng, 2), token_soup(rng)]},
        "phone": phone(rng),  # declared: never read here
    }
    if rng.random() < 0.3:
        meta["website"] = "https://www.partner.example.com/"
    body = "\n".join(contact_prose(rng, rng.randint(0, 40)) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.2:
        body += "\nsam@mail.example.com twice: sam@mail.example.com\n"  # the same problem twice
    kind = rng.choice(("page", "page", "event", "office"))
    return Doc(Source(f"content/testland/{kind}s/{name}.md", kind), meta, body)


def test_text_problems_are_the_same_as_before() -> None:
    rng = random.Random(11)
    allowed = Allowed(
        ("example.org", "partner.example.com"),
        frozenset({"6085550100", digits(phone(rng))}),
        frozenset({_street_key("100 Main Street"), _street_key("12 Elm St")}),
    )
    found = 0
    for number in range(300):
        doc = cast(Any, generated_doc(rng, f"doc-{number}"))
        expected = reference_text_problems(doc, allowed)
        assert text_problems(doc, allowed) == expected
        found += len(expected)
    assert found > 1000


def test_guard_reports_the_same_problems_once_each() -> None:
    rng = random.Random(12)
    docs = [generated_doc(rng, f"doc-{number}") for number in range(60)]
    shared = docs[0]

    def state(phone: str, documents: list[Doc]) -> SimpleNamespace:
        return SimpleNamespace(
            config=SimpleNamespace(
                key="state", contact=SimpleNamespace(phone=phone, email=""), languages=("en",)
            ),
            documents={("page", doc.source.shown): doc for doc in documents},
            translations={},
            held={},
        )

    sites = [state("(608) 555-0100", docs[:40]), state("", [shared, *docs[30:]])]
    site = SimpleNamespace(role_email_domains=("example.org",), privacy_allow=("12 Elm St",))
    expected = reference_guard(sites, site)
    memo = Store(Cache(None), "memo", b"")
    assert guard(cast(Any, sites), cast(Any, site), memo, jobs=1) == expected
    assert len(expected) > 100
