#!/usr/bin/env python3
"""Regenerate hubgen/data/county-shapes.json from us-atlas's counties TopoJSON.

Usage:
    npm install us-atlas@3.0.1    # in any scratch directory
    python scripts/make_map_data.py node_modules/us-atlas/counties-10m.json

Decodes the TopoJSON arcs (quantized, delta-encoded), simplifies each arc with
Douglas-Peucker (longitudes scaled by the cosine of the latitude, so the
tolerance is the same distance both ways; arcs are shared by neighbouring
counties and keep their end points, so the simplified borders still meet),
joins the arcs into rings and rounds the coordinates to 3 decimals.

Writes ``{"WI": {"55025": [ring, ...], ...}, ...}``: per USPS state code and
5-digit county FIPS code, the county's rings (exterior rings and holes of all
its polygons, in the source's order) as ``[lon, lat]`` points, the first point
not repeated at the end. Alaska's Aleutian islands west of the 180th meridian
get longitudes below -180, so the state is one piece. The 50 states and DC only;
sorted keys, one county a line, byte-for-byte the same for the same input.
Standard library only: building or installing hubgen never needs Node.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

# The script's own directory is on sys.path when it is run as a script.
from make_counties import STATES, TERRITORIES
from make_zips import decode_arcs, ring

DATA = Path(__file__).resolve().parent.parent / "hubgen" / "data"
DEFAULT_OUTPUT = DATA / "county-shapes.json"
TOLERANCE = 0.002  # degrees of latitude, about 220 m

Point = tuple[float, float]  # lon, lat


def segment_distance(point: Point, start: Point, end: Point, k: float) -> float:
    """Distance from a point to a segment, longitudes scaled by k."""
    ax, ay = (start[0] - point[0]) * k, start[1] - point[1]
    bx, by = (end[0] - point[0]) * k, end[1] - point[1]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else min(1.0, max(0.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)


def douglas_peucker(points: list[Point], tolerance: float, k: float) -> list[Point]:
    """The points that stay within `tolerance` of the line, both ends always kept.

    A closed arc (an island) is split at its point farthest from the start and
    at each half's point farthest from its chord, so at least a quadrilateral
    is left.
    """
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1, 2 if points[0] == points[-1] else 0)]
    while stack:
        first, last, force = stack.pop()
        best, index = -1.0, 0
        for i in range(first + 1, last):
            distance = segment_distance(points[i], points[first], points[last], k)
            if distance > best:
                best, index = distance, i
        if index and (force or best > tolerance):
            keep[index] = True
            force = max(force - 1, 0)
            stack += [(first, index, force), (index, last, force)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_arcs(arcs: list[list[Point]], tolerance: float) -> list[list[Point]]:
    simplified = []
    for arc in arcs:
        k = math.cos(math.radians(sum(lat for _, lat in arc) / len(arc)))
        simplified.append(douglas_peucker(arc, tolerance, k))
    return simplified


def round_ring(points: list[Point], alaska: bool) -> list[list[float]]:
    """Points rounded to 3 decimals, repeats and the closing point dropped."""
    rounded: list[list[float]] = []
    for lon, lat in points:
        if alaska and lon > 0:
            lon -= 360
        point = [round(lon, 3), round(lat, 3)]
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    while len(rounded) > 1 and rounded[-1] == rounded[0]:
        rounded.pop()
    return rounded


def county_shapes(topology: dict, tolerance: float) -> tuple[dict, int]:
    """State -> fips -> rings, and the number of rings dropped as too small."""
    arcs = simplify_arcs(decode_arcs(topology), tolerance)
    shapes: dict[str, dict[str, list]] = {}
    dropped = 0
    for geometry in topology["objects"]["counties"]["geometries"]:
        fips = geometry["id"]
        if len(fips) != 5 or not fips.isdigit():
            raise ValueError(f"bad county FIPS code {fips!r}")
        if fips[:2] in TERRITORIES:
            continue
        if fips[:2] not in STATES:
            raise ValueError(f"unknown state FIPS code in {fips!r}")
        if geometry["type"] == "Polygon":
            parts = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            raise ValueError(f"county {fips}: unexpected geometry {geometry['type']}")
        rings, slivers = [], []
        for part in parts:
            for indexes in part:
                points = round_ring(ring(arcs, indexes), alaska=fips[:2] == "02")
                (rings if len(points) >= 3 else slivers).append(points)
        if not rings and slivers:  # 51610, Falls Church, VA, is a line in the source
            rings.append(max(slivers, key=len))
            slivers.remove(rings[0])
        if not rings or len(rings[0]) < 2:
            raise ValueError(f"county {fips}: nothing left after simplifying")
        dropped += len(slivers)
        state = shapes.setdefault(STATES[fips[:2]], {})
        if fips in state:
            raise ValueError(f"duplicate county FIPS code {fips}")
        state[fips] = rings
    return shapes, dropped


def check_counties(shapes: dict, counties_tsv: Path) -> None:
    """Fail unless the counties are exactly those of counties.tsv."""
    _header, *rows = counties_tsv.read_text(encoding="utf-8").splitlines()
    expected = {tuple(row.split("\t")[:2]) for row in rows}
    found = {(fips, state) for state, group in shapes.items() for fips in group}
    if found != expected:
        raise ValueError(
            f"counties differ from {counties_tsv.name}: missing {sorted(expected - found)[:5]}, "
            f"extra {sorted(found - expected)[:5]}"
        )


def dump(shapes: dict) -> str:
    """Compact JSON, sorted keys, one county a line."""
    lines = []
    for state in sorted(shapes):
        group = shapes[state]
        counties = [
            f"{json.dumps(fips)}:{json.dumps(group[fips], separators=(',', ':'))}"
            for fips in sorted(group)
        ]
        lines.append(f"{json.dumps(state)}:{{\n" + ",\n".join(counties) + "\n}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counties_json", type=Path, help="us-atlas counties-10m.json")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--tolerance",
        type=float,
        default=TOLERANCE,
        help=f"Douglas-Peucker tolerance in degrees of latitude (default {TOLERANCE})",
    )
    args = parser.parse_args(argv)

    topology = json.loads(args.counties_json.read_text(encoding="utf-8"))
    shapes, dropped = county_shapes(topology, args.tolerance)
    missing = set(STATES.values()) - set(shapes)
    if missing:
        raise ValueError(f"no counties for {sorted(missing)}")
    check_counties(shapes, DATA / "counties.tsv")
    text = dump(shapes)
    json.loads(text)  # well-formed
    args.output.write_text(text, encoding="utf-8", newline="\n")

    rings = [r for group in shapes.values() for county in group.values() for r in county]
    log = sys.stderr
    print(f"{sum(map(len, shapes.values()))} counties, {len(rings)} rings, ", end="", file=log)
    print(f"{sum(map(len, rings))} points; {dropped} rings too small were dropped", file=log)
    print(f"wrote {len(text.encode())} bytes to {args.output}", file=log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
