"""US counties of the 50 states and DC, by US Census name (see data/SOURCES.md)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class County:
    """A county or county equivalent (parish, borough, independent city, DC)."""

    fips: str  # "55025"
    state: str  # "WI"
    name: str  # "Dane"

    @property
    def label(self) -> str:
        """The name as people write it, following the Census's long names.

        - Louisiana: "<name> Parish" ("Orleans Parish").
        - Alaska: the bare name ("Anchorage", "Kenai Peninsula", "Bethel"); the
          data does not say which are boroughs, census areas or municipalities.
        - District of Columbia: the bare name.
        - Independent cities, i.e. county code 510 or above (Virginia's 38
          cities, Baltimore, St. Louis, Carson City; Texas's 501-507 are plain
          counties): "<name> City" ("Richmond City", "Baltimore City"), or the
          bare name if it already ends in "City" ("Carson City").
        - Otherwise "<name> County" ("Dane County", "Charles City County").
        """
        if self.state in ("AK", "DC"):
            return self.name
        if self.state == "LA":
            return f"{self.name} Parish"
        if _is_city(self):
            return self.name if self.name.endswith(" City") else f"{self.name} City"
        return f"{self.name} County"


def _is_city(county: County) -> bool:
    """Whether the county is an independent city (Census county code 510 and up)."""
    return county.fips[2:] >= "510"


def _key(text: str) -> str:
    """Comparison key: no accents, case, punctuation or spaces; Saint(e) -> St(e)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.casefold().replace("'", ""))
    abbreviations = {"saint": "st", "sainte": "ste"}
    return "".join(abbreviations.get(word, word) for word in words)


def _aliases(county: County) -> list[str]:
    """The spellings that `find_county` accepts for this county."""
    aliases = [county.label, county.name, f"{county.name} County"]
    if _is_city(county):
        aliases.append(f"City of {county.name}")
    if county.state == "AK":
        kinds = ("Borough", "Census Area", "Municipality", "City and Borough")
        aliases.extend(f"{county.name} {kind}" for kind in kinds)
    return aliases


@cache
def _by_state() -> dict[str, tuple[County, ...]]:
    text = (files("hubgen") / "data" / "counties.tsv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    if header.split("\t") != ["fips", "state", "name"]:
        raise ValueError(f"unexpected counties.tsv header: {header!r}")
    grouped: dict[str, list[County]] = {}
    for row in rows:
        fips, state, name = row.split("\t")
        grouped.setdefault(state, []).append(County(fips, state, name))
    return {
        state: tuple(sorted(group, key=lambda c: (c.name.casefold(), c.fips)))
        for state, group in grouped.items()
    }


@cache
def _index(state: str) -> dict[str, County]:
    """Comparison key -> county, for one state (USPS code): made when the state is first
    looked up, as a build reads the counties of its own states only."""
    index: dict[str, County] = {}
    # Counties go first, so a bare "Baltimore" or "Richmond" means the county,
    # not the independent city of the same name ("Baltimore City").
    for county in sorted(_by_state().get(state, ()), key=_is_city):
        for alias in _aliases(county):
            index.setdefault(_key(alias), county)
    return index


def state_codes() -> frozenset[str]:
    """USPS codes of the 50 states and DC."""
    return frozenset(_by_state())


def counties(state: str) -> tuple[County, ...]:
    """The counties of a state (USPS code, any case), sorted by name; () if unknown."""
    return _by_state().get(state.strip().upper(), ())


def find_county(state: str, name: str) -> County | None:
    """The county of `state` called `name`, or None.

    Ignores case, spacing, punctuation and accents; accepts "Dane", "Dane County",
    "Saint Croix" for "St. Croix", "Orleans Parish", "City of Richmond", "Anchorage
    Municipality".  A bare name shared with an independent city means the county.
    """
    return _index(state.strip().upper()).get(_key(name))


def close_matches(state: str, name: str, n: int = 3) -> list[str]:
    """Labels of up to `n` counties of `state` that `name` probably meant, best first.

    An exact `find_county` hit comes first; the query is compared with and without
    its "County"/"Parish"/"City" suffix against bare names, so suffixes don't count.
    """
    full = _key(name)
    suffixes = r"(county|parish|borough|censusarea|municipality|cityandborough|city)$"
    queries = {full, re.sub(suffixes, "", full)}
    hit = find_county(state, name)
    scored = []
    for county in counties(state):
        target = _key(county.name)
        best = max(difflib.SequenceMatcher(None, q, target).ratio() for q in queries)
        if county == hit or best >= 0.7:
            scored.append((county != hit, -best, county.label))
    return [label for *_, label in sorted(scored)[: max(n, 0)]]
