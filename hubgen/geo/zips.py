"""US ZIP code locations and counties, from Census ZCTA centroids (see data/SOURCES.md).

Covers the 50 states and DC. ZCTAs approximate USPS ZIP codes: ZIP codes for PO
boxes only, single buildings or firms have no ZCTA and are absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class ZipCode:
    """A ZIP code's centroid and the county and state it belongs to."""

    zip: str  # "53703"
    state: str  # "WI"
    county: str  # "55025", 5-digit FIPS code of a county in counties.tsv
    lat: float  # degrees north
    lon: float  # degrees east (negative in the US)


@cache
def _by_zip() -> dict[str, ZipCode]:
    text = (files("hubgen") / "data" / "zips.tsv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    if header.split("\t") != ["zip", "state", "county", "lat", "lon"]:
        raise ValueError(f"unexpected zips.tsv header: {header!r}")
    by_zip: dict[str, ZipCode] = {}
    for row in rows:
        code, state, county, lat, lon = row.split("\t")
        by_zip[code] = ZipCode(code, state, county, float(lat), float(lon))
    return by_zip


@cache
def _by_state() -> dict[str, tuple[ZipCode, ...]]:
    grouped: dict[str, list[ZipCode]] = {}
    for code in sorted(_by_zip()):
        zip_code = _by_zip()[code]
        grouped.setdefault(zip_code.state, []).append(zip_code)
    return {state: tuple(group) for state, group in grouped.items()}


def zips_of(state: str) -> tuple[ZipCode, ...]:
    """The ZIP codes of a state (USPS code, any case), sorted by ZIP; () if unknown."""
    return _by_state().get(state.strip().upper(), ())


def find_zip(zip_code: str) -> ZipCode | None:
    """The ZIP code `zip_code` ("53703", " 53703 ", ZIP+4 "53703-1234"), or None."""
    return _by_zip().get(zip_code.strip().partition("-")[0])


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles between two points (haversine, spherical Earth)."""
    earth_radius = 3958.8  # miles, mean radius
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * earth_radius * math.asin(min(1.0, math.sqrt(h)))
