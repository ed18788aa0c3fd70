"""Privacy checks on the text of pages: no personal email addresses or phone numbers.

Settings fields are checked by the schema (role addresses only, no street for a
private home). Text is free, so it is read here: an email address in a page's
text must be a role address of the program (or, on a partner's page, at the
partner's own domain), and a phone number must be one of the public lines
declared in settings (the state's, an office's, a team's or a partner's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from hubgen.content import Document
from hubgen.errors import Problem
from hubgen.scalars import domain_allowed

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\d/.-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}(?![\d/-])")


def digits(phone: str) -> str:
    """The 10 digits of a US number: '(608) 555-0142' -> '6085550142'."""
    only = re.sub(r"\D", "", phone)
    return only[-10:]


def public_phones(state_phone: str, documents: Iterable[Document]) -> set[str]:
    """Every phone number declared in settings: the public lines that text may repeat."""
    phones = {digits(state_phone)} if state_phone else set()
    for doc in documents:
        for value in (doc.meta.get("phone"), getattr(doc.meta.get("contact"), "phone", "")):
            if value:
                phones.add(digits(value))
    return phones


def _line(doc: Document, offset: int) -> int:
    return doc.body_line + doc.body.count("\n", 0, offset)


def text_problems(doc: Document, role_domains: tuple[str, ...], phones: set[str]) -> list[Problem]:
    allowed = list(role_domains)
    website = doc.meta.get("website")
    if website:
        allowed.append((urlsplit(website).hostname or "").removeprefix("www."))
    problems = []
    for match in EMAIL.finditer(doc.body):
        if not domain_allowed(match.group(), allowed):
            hint = "write a role address of the program instead; never a volunteer's own address"
            message = f"'{match.group()}' in the text is not a role address"
            problems.append(Problem(doc.source.shown, _line(doc, match.start()), message, hint))
    for match in PHONE.finditer(doc.body):
        if digits(match.group()) not in phones:
            hint = (
                "only public lines may appear: give it as an office's or a team's phone: in the "
                "settings first, or leave it out; never a volunteer's own number"
            )
            message = f"'{match.group()}' in the text is not a public phone line"
            problems.append(Problem(doc.source.shown, _line(doc, match.start()), message, hint))
    return problems
