"""Finding email addresses, phone numbers and street addresses in a document, and judging them.

Contact and address fields are checked by the schema (role addresses only, no
street for a private home). Everything else is free text, so it is read here:
the body (alt text and tel:/mailto: links included) and every other
front-matter value, ``extra:`` too. An email address must be a role address of
the program (or, on a partner's page, at the partner's own domain); a phone
number must be one of the public lines declared in settings; a street address
must be an office's or a public place's, or listed in ``privacy_allow``. A
translation is read for what it wrote itself (its body and its own settings),
by the same rules as its original.

Reading is fast without being loose: :func:`find_emails`, :func:`find_phones`
and :func:`find_streets` return exactly what ``EMAIL.finditer``,
``PHONE.finditer`` and ``STREET.finditer`` would, but try the full pattern only
where a match can start. An email is found from each '@'; phones and street
addresses from a :func:`sketch` of the text, one byte a character, in which a
plain bytes search finds the places with enough digits in the right shape.
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

from hubgen.content.documents import Document
from hubgen.content.scalars import domain_allowed
from hubgen.content.types import REGISTRY
from hubgen.core.errors import Problem

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
# US numbers as people write them: (608) 555-0143, 608-555-0143, 608.555.0143,
# +1 608 555 0143, 1-608-555-0143, 6085550143.
PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}(?![\w/-])"
)
STREET = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'.-]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Parkway|Pkwy|Trail|Trl)\b\.?"
)
# Fields that hold a published contact or a public address themselves: checked by the schema
# (each type's public fields).
DECLARED = REGISTRY.public_fields

# --- Finding matches fast -------------------------------------------------------------------
#
# A sketch has one byte for each character of a text: '0' for a digit (\d, any script), ' '
# for white space (\s, any kind), 'A' for a capital A-Z, the character itself for the rest of
# ASCII and 0xFF for anything else. What PHONE and STREET need is then written with literals,
# which the regex engine finds by a quick scan for '0' rather than by trying every position.
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_SKETCH_ERRORS = "hubgen.privacy.detect.sketch"


def _sketch_of(char: str) -> str:
    """The one character that stands for ``char`` in a sketch."""
    if _DIGIT.match(char):
        return "0"
    if _SPACE.match(char):
        return " "
    if "A" <= char <= "Z":
        return "A"
    return char if char.isascii() else "\xff"


_SKETCH_TABLE = bytes(ord(_sketch_of(chr(code))) for code in range(256))


def _past_latin1(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: characters Latin-1 lacks get their sketch ('0', ' ' or 0xFF)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_sketch_of, error.object[error.start : error.end])), error.end


codecs.register_error(_SKETCH_ERRORS, _past_latin1)


def sketch(text: str) -> bytes:
    """One byte a character: b'0' for a digit, b' ' for a space, b'A' for a capital, ..."""
    return text.encode("latin-1", _SKETCH_ERRORS).translate(_SKETCH_TABLE)


_LOCAL = frozenset(string.ascii_letters + string.digits + "._%+-")  # EMAIL's local part


def find_emails(text: str) -> list[re.Match[str]]:
    """``list(EMAIL.finditer(text))``, tried once at each '@'.

    A match starts where the run of local-part characters before its '@' starts
    (or where the last match ended, if that is later): '@' is no such character,
    so no other start can reach that '@', and from this one the pattern either
    matches or no start before the '@' would.
    """
    found: list[re.Match[str]] = []
    end = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > end and text[start - 1] in _LOCAL:
            start -= 1
        if start < at and (match := EMAIL.match(text, start)):
            found.append(match)
            end = match.end()
        at = text.find("@", at + 1)
    return found


# Every phone number has an exchange and a line: three digits, maybe a separator, four
# digits. The exchange starts at most 9 characters after the number does ('+1 (608) ').
_EXCHANGE = re.compile(rb"0(?=00[ .-]?0000)")
_EXCHANGE_REACH = 9
_PHONE_STARTS = frozenset(b"+(0")


def find_phones(text: str, sketched: bytes | None = None) -> list[re.Match[str]]:
    """``list(PHONE.finditer(text))``, tried only a few characters before an exchange.

    Starts are tried left to right and never before the last match's end, as
    finditer does; the positions skipped cannot start a match.
    """
    sketched = sketch(text) if sketched is None else sketched
    found: list[re.Match[str]] = []
    end = 0  # nothing starts before this: tried already, or inside the last match
    for exchange in _EXCHANGE.finditer(sketched):
        last = exchange.start()
        start = max(end, last - _EXCHANGE_REACH)
        while start <= last:
            if sketched[start] in _PHONE_STARTS and (match := PHONE.match(text, start)):
                found.append(match)
                start = match.end()
            else:
                start += 1
        end = start
    return found


# Every street address has a number of 1 to 6 digits, white space, capitalized words and a
# street word. In a sketch every capital is 'A': the pattern below finds the number's last
# digit wherever STREET could match, and at a few more places (it has no \b, and takes any
# capital for N, S, E, W or a street word's first letter).
_STREET_SKETCH = re.compile(
    rb"0  *(?:A\.?  *)?(?:A[Aa-z'.-]*  *){1,4}"
    rb"A(?:treet|t|venue|ve|oad|d|rive|r|ane|n|oulevard|lvd|ourt|ay|lace|l|errace|er|ircle|ir"
    rb"|arkway|kwy|rail|rl)"
)
_ZERO = ord("0")


def find_streets(text: str, sketched: bytes | None = None) -> list[re.Match[str]]:
    """``list(STREET.finditer(text))``, tried only at a number that the sketch finds.

    A match starts at the first digit of its number (\\b: no digit before it),
    and a number longer than 6 digits starts none.
    """
    sketched = sketch(text) if sketched is None else sketched
    found: list[re.Match[str]] = []
    end = 0
    for candidate in _STREET_SKETCH.finditer(sketched):
        last = start = candidate.start()
        while start > 0 and sketched[start - 1] == _ZERO and last - start < 6:
            start -= 1
        if last - start < 6 and start >= end and (match := STREET.match(text, start)):
            found.append(match)
            end = match.end()
    return found


def digits(phone: str) -> str:
    """The 10 digits of a US number: '(608) 555-0142' -> '6085550142'."""
    only = re.sub(r"\D", "", phone)
    return only[-10:]


@dataclass(frozen=True)
class Allowed:
    """What text may repeat: role domains, public phone lines and public street addresses;
    ``addresses``, a few role addresses the state publishes, for hints to name."""

    domains: tuple[str, ...]
    phones: frozenset[str]
    streets: frozenset[str]
    addresses: tuple[str, ...] = ()


def allowed_in(state_phone: str, documents: Iterable[Document], role_domains: tuple[str, ...],
               extra: Iterable[str] = (), state_email: str = "") -> Allowed:  # fmt: skip
    """Collect the public lines and addresses declared in settings, and the site's allowlist."""
    phones = {digits(state_phone)} if state_phone else set()
    streets: set[str] = set()
    emails: set[str] = set()
    for doc in documents:
        for value in (doc.meta.get("phone"), getattr(doc.meta.get("contact"), "phone", "")):
            if value:
                phones.add(digits(value))
        for value in (doc.meta.get("email"), getattr(doc.meta.get("contact"), "email", "")):
            if isinstance(value, str) and value and domain_allowed(value, role_domains):
                emails.add(value.lower())
        address = doc.meta.get("address") or getattr(doc.meta.get("place"), "address", None)
        if address is not None:
            streets |= _street_keys(address.street)
    for item in extra:
        if PHONE.fullmatch(item.strip()):
            phones.add(digits(item))
        else:
            streets |= _street_keys(item)
    shown = ([state_email.lower()] if state_email else []) + sorted(emails - {state_email.lower()})
    return Allowed(role_domains, frozenset(phones), frozenset(streets), tuple(shown[:2]))


def _street_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _street_keys(text: str) -> set[str]:
    """A declared address, and the street part of it ('1020 State Street, Second Floor')."""
    return {_street_key(text)} | {_street_key(m.group()) for m in STREET.finditer(text)}


# Values that hold no text: most settings are one of these, and are passed over at once.
_PLAIN = (bool, int, float, date, time, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # a settings record's fields that are free text


def _collect(value: Any, key: str, out: list[tuple[str, str | None]]) -> None:
    """Add (text, dotted key) for every piece of free text in a front-matter value, extra
    included. A plain function with a list, not a generator: it runs for every value of every
    page, and a generator for each one costs more than the walk itself (the tests hold it to
    the plain generator it replaced)."""
    if isinstance(value, str):
        out.append((value, key))
    elif isinstance(value, _PLAIN):
        return
    elif isinstance(value, dict):
        for name, inner in value.items():
            _collect(inner, f"{key}.{name}", out)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            _collect(inner, key, out)
    elif is_dataclass(value):
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in fields(value) if f.name not in DECLARED)
        for name in names:
            _collect(getattr(value, name), f"{key}.{name}", out)


def email_hint(domains: Iterable[str], addresses: tuple[str, ...]) -> str:
    """What to write instead of a personal email: a role address at the domains the site
    accepts, like the ones it publishes already."""
    named = " or ".join(domains)
    if not named:
        return "write a role address of the program instead; never a volunteer's own address"
    like = f", like {' or '.join(addresses)}" if addresses else ""
    return (
        f"never publish a volunteer's own address; use a role address at {named}{like} "
        "(or add the program's domain to role_email_domains in content/site.yaml)"
    )


PHONE_HINT = (
    "only public lines may appear: give it as an office's or a team's phone: in the settings "
    "first, or leave it out; never a volunteer's own number"
)
STREET_HINT = (
    "publish a private home as its neighborhood and ZIP code; a public address belongs in an "
    "office's or an event's address settings, or in privacy_allow in content/site.yaml"
)


@dataclass(frozen=True)
class Found:
    """An email address, phone number or street address written in a document, not yet judged.

    What is found depends only on the document; whether it may be published depends on the
    state's rules too, so a document shared by many states is read once and judged for each.
    """

    kind: str  # 'email', 'phone' or 'street'
    text: str
    where: str  # "the text" or "'description'"
    line: int | None


@dataclass(frozen=True)
class Findings:
    """Everything that looks like a contact or an address in one document."""

    path: str
    own_domain: str  # a partner's own website domain: its addresses are not personal
    found: tuple[Found, ...]

    def judged(self, allowed: Allowed) -> list[Problem]:
        """The findings that ``allowed`` does not allow, as problems, in the order found."""
        if not self.found:
            return []
        domains = [*allowed.domains, self.own_domain] if self.own_domain else allowed.domains
        problems = []
        for item in self.found:
            if item.kind == "email" and not domain_allowed(item.text, domains):
                message = f"'{item.text}' in {item.where} is not a role address"
                hint = email_hint(domains, allowed.addresses)
            elif item.kind == "phone" and digits(item.text) not in allowed.phones:
                message = f"'{item.text}' in {item.where} is not a public phone line"
                hint = PHONE_HINT
            elif item.kind == "street" and _street_key(item.text) not in allowed.streets:
                message = f"'{item.text}' in {item.where} looks like a street address"
                hint = STREET_HINT
            else:
                continue
            problems.append(Problem(self.path, item.line, message, hint))
        return problems


def text_problems(doc: Document, allowed: Allowed, translation: bool = False) -> list[Problem]:
    """Personal emails, phone numbers and street addresses in a document's text and settings
    (``translation``: see :func:`findings`)."""
    return findings(doc, translation).judged(allowed)


def findings(doc: Document, translation: bool = False) -> Findings:
    """What in a document's body and free-text settings looks like a contact or an address.

    A ``translation`` (from ``StateSite.translations``) holds its original's settings merged
    with its own: only the keys it wrote itself (those it has lines for) are read, so it is
    not blamed for what its original says, which is read on its own. Its original's
    ``website`` still counts as the partner's own domain.
    """
    website = doc.meta.get("website")
    own_domain = (urlsplit(website).hostname or "").removeprefix("www.") if website else ""
    pieces: list[tuple[str, str | None]] = [(doc.body, None)]
    for name, value in doc.meta.items():
        if name not in DECLARED and (not translation or name in doc.lines):
            _collect(value, name, pieces)
    streets_too = doc.source.type != "office"
    found: list[Found] = []
    for text, key in pieces:
        emails = find_emails(text)
        sketched = sketch(text)
        if b"0" in sketched:
            phones = find_phones(text, sketched)
            streets = find_streets(text, sketched) if streets_too else []
        else:
            phones = streets = []
        if not (emails or phones or streets):
            continue
        where = "the text" if key is None else f"'{key}'"
        line = _body_lines(doc.body_line, text) if key is None else _key_line(doc, key)
        for kind, matches in (("email", emails), ("phone", phones), ("street", streets)):
            found += [Found(kind, m.group(), where, line(m.start())) for m in matches]
    return Findings(doc.source.shown, own_domain, tuple(found))


def _body_lines(first: int, text: str) -> Callable[[int], int | None]:
    """The line of an offset in the body, counting newlines on from the last offset asked."""
    seen, count = 0, first

    def line(offset: int) -> int | None:
        nonlocal seen, count
        if offset < seen:
            seen, count = 0, first
        count += text.count("\n", seen, offset)
        seen = offset
        return count

    return line


def _key_line(doc: Document, key: str) -> Callable[[int], int | None]:
    """The line of a front-matter value (or of its top-level key), wherever in it."""
    found = doc.lines.get(key) or doc.lines.get(key.split(".")[0])
    return lambda offset: found
