"""Static SVG maps of a state's counties, drawn at build time (see data/SOURCES.md).

The county outlines come from the US Census's 1:10,000,000 cartographic
boundaries (``data/county-shapes.json``). A map uses an equirectangular
projection with longitudes scaled by the cosine of the state's middle latitude,
which is close enough to true shape for one state.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from importlib.resources import files

from hubgen.geo.counties import counties

Ring = list[list[float]]  # [lon, lat] points, not closed

# Fallback colours (the theme's CSS for .county, .covered and .office overrides them): covered
# counties contrast at least 3:1 with the others, and every border with the fill it edges.
COUNTY_ATTRIBUTES = (
    'fill="#e9edf1" stroke="#737f8c" stroke-width="0.6" stroke-linejoin="round" '
    'fill-rule="evenodd"'
)
COVERED_ATTRIBUTES = 'fill="#3f78bf" stroke="#fff"'
OFFICE_ATTRIBUTES = 'fill="#f2b705" stroke="#1b1f24" stroke-width="1.5"'
OFFICE_RADIUS = 5
PADDING = 0.02  # of the width, on every side

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class MapPoint:
    """A place to mark on the map, such as an office."""

    lat: float  # degrees north
    lon: float  # degrees east (negative in the US)
    label: str


@dataclass(frozen=True)
class _Projection:
    west: float
    north: float
    k: float  # cos(middle latitude): longitude degrees -> latitude degrees
    scale: float  # pixels per degree of latitude
    pad: float  # pixels
    width: int
    height: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        if lon > 0 and self.west < -180:  # Alaska's Aleutians west of 180°
            lon -= 360
        x = self.pad + (lon - self.west) * self.k * self.scale
        return x, self.pad + (self.north - lat) * self.scale


@cache
def _shapes() -> dict[str, dict[str, list[Ring]]]:
    """State -> county FIPS -> rings, as loaded; never modified."""
    text = (files("hubgen") / "data" / "county-shapes.json").read_text(encoding="utf-8")
    shapes: dict[str, dict[str, list[Ring]]] = json.loads(text)
    return shapes


@lru_cache(maxsize=128)
def _projection(state: str, width: int) -> _Projection:
    points = [point for rings in _shapes()[state].values() for ring in rings for point in ring]
    west, east = min(x for x, _ in points), max(x for x, _ in points)
    south, north = min(y for _, y in points), max(y for _, y in points)
    k = math.cos(math.radians((south + north) / 2))
    pad = width * PADDING
    scale = (width - 2 * pad) / max((east - west) * k, 1e-9)
    height = (north - south) * scale + 2 * pad
    return _Projection(west, north, k, scale, pad, width, height)


def _number(value: float) -> str:
    """One decimal, without a trailing ".0" or a minus zero."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


@lru_cache(maxsize=128)
def _paths(state: str, width: int) -> tuple[tuple[str, str], ...]:
    """(fips, path data) per county of the state, sorted by FIPS code."""
    projection = _projection(state, width)
    paths = []
    for fips, rings in sorted(_shapes()[state].items()):
        parts = []
        for ring in rings:
            commands: list[str] = []
            last = ""
            for lon, lat in ring:
                x, y = projection.xy(lon, lat)
                point = f"{_number(x)} {_number(y)}"
                if point != last:
                    commands.append(("L " if commands else "M ") + point)
                    last = point
            parts.append(" ".join(commands) + " Z")
        paths.append((fips, " ".join(parts)))
    return tuple(paths)


@cache
def _labels(state: str) -> dict[str, str]:
    return {county.fips: county.label for county in counties(state)}


def _text(value: str) -> str:
    """Text escaped for XML and HTML, characters XML cannot hold dropped."""
    return escape(_NOT_XML.sub("", value), quote=True)


def state_map_svg(
    state: str,
    title: str,
    description: str,
    covered: Set[str] | Mapping[str, str],
    points: Sequence[MapPoint] = (),
    width: int = 600,
) -> str:
    """An ``<svg role="img">`` picture of the counties of `state` (USPS code, any case).

    The counties whose FIPS codes are in `covered` get the class ``covered``
    (with a mapping, to a community's name, their tooltip names it too). Each
    of `points` is drawn on top as a circle of class ``office``. Nothing on the
    map is a link or takes the keyboard's focus: it is a picture, named by
    `title` and `description`, of what the page's lists hold. The element
    carries no XML declaration, for embedding in an HTML page; the ids
    ``map-title`` and ``map-desc`` are fixed, so one map a page.

    Raises ValueError for an unknown state, a FIPS code of `covered` that is not
    one of the state's counties, or a width below 1.
    """
    code = state.strip().upper()
    if code not in _shapes():
        raise ValueError(f"no county shapes for state {state!r}")
    if width < 1:
        raise ValueError(f"map width must be positive, not {width}")
    unknown = sorted(set(covered) - set(_shapes()[code]))
    if unknown:
        raise ValueError(f"not counties of {code}: {', '.join(unknown)}")
    names = covered if isinstance(covered, Mapping) else {}
    projection = _projection(code, width)
    labels = _labels(code)
    height = _number(projection.height)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state-map" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{_text(title)}</title>',
        f'<desc id="map-desc">{_text(description)}</desc>',
        f'<g class="counties" {COUNTY_ATTRIBUTES}>',
    ]
    for fips, data in _paths(code, width):
        label = labels.get(fips, fips)
        if fips in covered:
            tip = f"{label} — {names[fips]}" if fips in names else label
            lines.append(
                f'<path id="{fips}" class="county covered" {COVERED_ATTRIBUTES} d="{data}">'
                f"<title>{_text(tip)}</title></path>"
            )
        else:
            lines.append(
                f'<path id="{fips}" class="county" d="{data}"><title>{_text(label)}</title></path>'
            )
    lines.append("</g>")
    if points:
        lines.append(f'<g class="offices" {OFFICE_ATTRIBUTES}>')
        for point in points:
            x, y = projection.xy(point.lon, point.lat)
            lines.append(
                f'<circle class="office" cx="{_number(x)}" cy="{_number(y)}" r="{OFFICE_RADIUS}">'
                f"<title>{_text(point.label)}</title></circle>"
            )
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)
