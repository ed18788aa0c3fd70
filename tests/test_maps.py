"""Tests for hubgen.geo.maps (static SVG county maps)."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import pytest

from hubgen.geo.counties import counties, state_codes
from hubgen.geo.maps import MapPoint, state_map_svg

SVG = "{http://www.w3.org/2000/svg}"
MADISON = MapPoint(43.0731, -89.4012, "Madison office")
DANE = "55025"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, root.attrib["viewBox"].split())
    return x, y, w, h


def path_box(d: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def paths(root: ET.Element) -> dict[str, ET.Element]:
    return {path.attrib["id"]: path for path in root.iter(f"{SVG}path")}


@pytest.mark.parametrize(("state", "count"), [("WI", 72), ("PA", 67), ("AZ", 15)])
def test_one_path_per_county(state: str, count: int) -> None:
    svg = state_map_svg(state, "Map", "Counties", {})
    assert svg.count("<path") == count
    assert set(paths(parse(svg))) == {county.fips for county in counties(state)}


def test_every_state_draws() -> None:
    for state in sorted(state_codes()):
        root = parse(state_map_svg(state, state, state, {}))
        assert len(paths(root)) == len(counties(state)), state
        _, _, width, height = view_box(root)
        assert width == 600 and 0 < height < 2000, state
        for path in paths(root).values():
            left, top, right, bottom = path_box(path.attrib["d"])
            assert 0 <= left <= right <= width and 0 <= top <= bottom <= height, state


def test_covered_county_is_shaded_and_named_with_its_community() -> None:
    root = parse(state_map_svg("WI", "Map", "Counties", {DANE: "Madison"}))
    path = paths(root)[DANE]
    assert path.attrib["class"].split() == ["county", "covered"]
    assert path.findtext(f"{SVG}title") == "Dane County — Madison"
    others = [p for fips, p in paths(root).items() if fips != DANE]
    assert all(p.attrib["class"] == "county" for p in others)
    assert paths(root)["55001"].findtext(f"{SVG}title") == "Adams County"
    # a set of codes shades them too, with the county's name alone
    dane = paths(parse(state_map_svg("WI", "Map", "Counties", {DANE})))[DANE]
    assert dane.attrib["class"] == "county covered"
    assert dane.findtext(f"{SVG}title") == "Dane County"


def test_the_map_is_a_picture_without_links_or_focus() -> None:
    """The lists on the page are the keyboard's way to each community and office."""
    svg = state_map_svg("WI", "Map", "Counties", {DANE: "Madison"}, [MADISON])
    root = parse(svg)
    assert root.attrib["role"] == "img"
    assert list(root.iter(f"{SVG}a")) == []
    assert "href" not in svg and "tabindex" not in svg


def test_point_lands_in_its_county() -> None:
    root = parse(state_map_svg("WI", "Map", "Counties", {}, [MADISON]))
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 1
    circle = circles[0]
    assert circle.attrib["class"] == "office"
    assert circle.findtext(f"{SVG}title") == "Madison office"
    x, y = float(circle.attrib["cx"]), float(circle.attrib["cy"])
    _, _, width, height = view_box(root)
    assert 0 <= x <= width and 0 <= y <= height
    left, top, right, bottom = path_box(paths(root)[DANE].attrib["d"])
    assert left <= x <= right and top <= y <= bottom
    # Offices are drawn on top of the counties.
    children = list(root)
    assert children[-1].attrib["class"] == "offices"


def test_title_and_description_escaped() -> None:
    title = 'Wisconsin <hubs> & "friends"'
    description = "Counties < 10 & > 5 </desc><script>alert(1)</script>"
    office = MapPoint(43.0731, -89.4012, "<Madison> & co")
    svg = state_map_svg("WI", title, description, {DANE: "A & <B>"}, [office])
    assert not svg.startswith("<?xml")
    assert "<script>" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["aria-labelledby"] == "map-title map-desc"
    assert root.find(f"{SVG}title").attrib["id"] == "map-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").attrib["id"] == "map-desc"  # type: ignore[union-attr]
    assert root.findtext(f"{SVG}title") == title
    assert root.findtext(f"{SVG}desc") == description
    assert "Dane County — A & <B>" in [t.text for t in root.iter(f"{SVG}title")]
    circle = next(root.iter(f"{SVG}circle"))
    assert circle.findtext(f"{SVG}title") == "<Madison> & co"


def test_deterministic_and_fast() -> None:
    shaded = {DANE: "Madison", "55079": "Milwaukee"}
    first = state_map_svg("WI", "Map", "Counties", shaded, [MADISON])
    start = time.perf_counter()
    second = state_map_svg("WI", "Map", "Counties", shaded, [MADISON])
    assert time.perf_counter() - start < 0.05
    assert first == second
    assert (
        state_map_svg("wi", "Map", "Counties", dict(reversed(shaded.items())), [MADISON]) == first
    )


def test_path_data_format() -> None:
    root = parse(state_map_svg("WI", "Map", "Counties", {}))
    for d in (path.attrib["d"] for path in root.iter(f"{SVG}path")):
        assert re.fullmatch(r"(M [\d.]+ [\d.]+( L [\d.]+ [\d.]+)+ Z ?)+", d + " "), d
        assert all(len(n.partition(".")[2]) <= 1 for n in re.findall(r"[\d.]+", d))


def test_alaska_is_one_piece() -> None:
    # The Aleutians west of the 180th meridian sit left of the rest, not across the globe.
    root = parse(state_map_svg("AK", "Alaska", "Boroughs", {}))
    _, _, width, height = view_box(root)
    assert 0.4 < height / width < 1.0


def test_errors() -> None:
    with pytest.raises(ValueError, match="state"):
        state_map_svg("XX", "Map", "Counties", {})
    with pytest.raises(ValueError, match="17031"):
        state_map_svg("WI", "Map", "Counties", {"17031": "Chicago"})
