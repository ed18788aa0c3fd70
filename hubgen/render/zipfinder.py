"""The data behind the ZIP code finder, written at build time as one small JSON file per state.

It holds every ZIP code of the state (its location and county), where each
community and office is, and how far counts as too far. The finder's script
reads it and computes great-circle distances in the visitor's browser; nothing
is fetched from another site.

A community's location is the middle of the ZIP codes of the counties it
covers; an office's is its latitude and longitude, or its ZIP code's.
"""

from __future__ import annotations

import json
from statistics import fmean
from typing import TYPE_CHECKING, Any

from hubgen.geo import zips

if TYPE_CHECKING:
    from hubgen.render.stateview import StateView
    from hubgen.render.views import DocView


def _community(view: DocView, by_county: dict[str, list[zips.ZipCode]]) -> dict[str, Any] | None:
    places = [z for county in view.counties for z in by_county.get(county.fips, [])]
    if not places:
        return None
    return {
        "title": view.title,
        "url": view.url,
        "lat": round(fmean(z.lat for z in places), 4),
        "lon": round(fmean(z.lon for z in places), 4),
        "counties": [county.fips for county in view.counties],
    }


def _office(view: DocView) -> dict[str, Any] | None:
    lat, lon = view.latitude, view.longitude
    if lat is None or lon is None:
        found = zips.find_zip(view.address.zip)
        if found is None:
            return None
        lat, lon = found.lat, found.lon
    return {"title": view.title, "url": view.url, "lat": lat, "lon": lon}


def finder_data(state: StateView, radius: float) -> dict[str, Any]:
    codes = zips.zips_of(state.code)
    by_county: dict[str, list[zips.ZipCode]] = {}
    for code in codes:
        by_county.setdefault(code.county, []).append(code)
    communities = [c for c in (_community(v, by_county) for v in state.communities) if c]
    offices = [o for o in (_office(v) for v in state.offices) if o]
    return {
        "state": state.name,
        "radius": radius,
        "start": state.url("/start/"),
        "zips": {z.zip: [z.lat, z.lon, z.county] for z in codes},
        "communities": communities,
        "offices": offices,
    }


def finder_json(state: StateView, radius: float) -> str:
    return json.dumps(finder_data(state, radius), separators=(",", ":"), sort_keys=True)
