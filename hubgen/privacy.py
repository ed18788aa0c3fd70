"""The privacy guard: no personal email address, phone number or street address on a page.

Contact and address fields are checked by the schema (role addresses only, no
street for a private home). Everything else is free text, so it is read here:
the body (alt text and tel:/mailto: links included) and every other
front-matter value, ``extra:`` too. An email address must be a role address of
the program (or, on a partner's page, at the partner's own domain); a phone
number must be one of the public lines declared in settings; a street address
must be an office's or a public place's, or listed in ``privacy_allow``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any
from urllib.parse import urlsplit

from hubgen.config import SiteConfig
from hubgen.content import Document
from hubgen.errors import Problem
from hubgen.scalars import domain_allowed
from hubgen.site import StateSite

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
# Fields that hold a published contact or a public address themselves: checked by the schema.
DECLARED = {"email", "phone", "street", "website", "rsvp", "signup"}


def digits(phone: str) -> str:
    """The 10 digits of a US number: '(608) 555-0142' -> '6085550142'."""
    only = re.sub(r"\D", "", phone)
    return only[-10:]


@dataclass(frozen=True)
class Allowed:
    """What text may repeat: role domains, public phone lines and public street addresses."""

    domains: tuple[str, ...]
    phones: frozenset[str]
    streets: frozenset[str]


def allowed_in(state_phone: str, documents: Iterable[Document], role_domains: tuple[str, ...],
               extra: Iterable[str] = ()) -> Allowed:  # fmt: skip
    """Collect the public lines and addresses declared in settings, and the site's allowlist."""
    phones = {digits(state_phone)} if state_phone else set()
    streets: set[str] = set()
    for doc in documents:
        for value in (doc.meta.get("phone"), getattr(doc.meta.get("contact"), "phone", "")):
            if value:
                phones.add(digits(value))
        address = doc.meta.get("address") or getattr(doc.meta.get("place"), "address", None)
        if address is not None:
            streets |= _street_keys(address.street)
    for item in extra:
        if PHONE.fullmatch(item.strip()):
            phones.add(digits(item))
        else:
            streets |= _street_keys(item)
    return Allowed(role_domains, frozenset(phones), frozenset(streets))


def _street_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _street_keys(text: str) -> set[str]:
    """A declared address, and the street part of it ('1020 State Street, Second Floor')."""
    return {_street_key(text)} | {_street_key(m.group()) for m in STREET.finditer(text)}


def _texts(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """(dotted key, text) for every piece of free text in front matter, extra included."""
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


def text_problems(doc: Document, allowed: Allowed) -> list[Problem]:
    """Personal emails, phone numbers and street addresses in a document's text and settings."""
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
                hint = (
                    "write a role address of the program instead; never a volunteer's own address"
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


def guard(sites: Iterable[StateSite], site: SiteConfig) -> list[Problem]:
    """Every published document of every state, read for personal details (once each)."""
    problems: list[Problem] = []
    for state_site in sites:
        documents = state_site.documents.values()
        allowed = allowed_in(state_site.config.contact.phone, documents, site.role_email_domains,
                             site.privacy_allow)  # fmt: skip
        for doc in documents:
            problems += [p for p in text_problems(doc, allowed) if p not in problems]
    return problems
