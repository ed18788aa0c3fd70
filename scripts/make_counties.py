#!/usr/bin/env python3
"""Regenerate hubgen/data/counties.tsv from us-atlas's counties TopoJSON.

Usage:
    npm install us-atlas          # in any scratch directory
    python scripts/make_counties.py node_modules/us-atlas/counties-10m.json

Writes one row per county or county equivalent of the 50 states and the
District of Columbia (territories are dropped), sorted by FIPS code, with the
columns ``fips``, ``state`` (USPS code) and ``name`` (Census name, verbatim).
Standard library only: building or installing hubgen never needs Node.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "hubgen" / "data" / "counties.tsv"

# State FIPS code -> USPS postal code: the 50 states and DC.
STATES = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO",
    "09": "CT", "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI",
    "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH",
    "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY",
}  # fmt: skip

# American Samoa, Guam, Northern Mariana Islands, Puerto Rico, US Virgin Islands.
TERRITORIES = {"60", "66", "69", "72", "78"}


def county_rows(topology: dict) -> list[tuple[str, str, str]]:
    """Return sorted (fips, state, name) rows for the states and DC."""
    rows = []
    for geometry in topology["objects"]["counties"]["geometries"]:
        fips, name = geometry["id"], geometry["properties"]["name"]
        if len(fips) != 5 or not fips.isdigit():
            raise ValueError(f"bad county FIPS code {fips!r}")
        if any(char in name for char in "\t\r\n") or not name.strip():
            raise ValueError(f"bad county name {name!r} ({fips})")
        if fips[:2] in TERRITORIES:
            continue
        if fips[:2] not in STATES:
            raise ValueError(f"unknown state FIPS code in {fips!r}")
        rows.append((fips, STATES[fips[:2]], name))
    rows.sort()
    missing = set(STATES.values()) - {state for _, state, _ in rows}
    if missing:
        raise ValueError(f"no counties for {sorted(missing)}")
    if len({fips for fips, _, _ in rows}) != len(rows):
        raise ValueError("duplicate county FIPS codes")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counties_json", type=Path, help="us-atlas counties-10m.json")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    topology = json.loads(args.counties_json.read_text(encoding="utf-8"))
    rows = county_rows(topology)
    lines = ["fips\tstate\tname", *("\t".join(row) for row in rows)]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {len(rows)} counties to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
