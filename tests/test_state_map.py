"""The state map on the home page: colours that tell covered counties apart (WCAG 1.4.11),
borders that show, words in the page's language, and nothing to tab to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hubgen.geo import maps
from tests.conftest import REPO

CSS = REPO / "themes/default/static/hubgen.css"
STRINGS = yaml.safe_load((REPO / "themes/default/theme.yaml").read_text())["strings"]
STATES = (("wisconsin", "Wisconsin", 72), ("pennsylvania", "Pennsylvania", 67),
          ("arizona", "Arizona", 15))  # fmt: skip


def luminance(colour: str) -> float:
    """The relative luminance of a #rgb or #rrggbb colour, as WCAG 2 defines it."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_value(css: str, selector: str, name: str) -> str:
    """The value the stylesheet gives ``name`` for exactly ``selector`` (the last rule that
    sets it wins, as in the cascade), with ``var(--x)`` read from ``:root``."""
    found = ""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector in (s.strip() for s in selectors.split(",")):
            for prop, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body):
                if prop == name:
                    found = value.strip()
    variable = re.fullmatch(r"var\((--[\w-]+)\)", found)
    if variable:
        return css_value(css, ":root", variable.group(1))
    assert found, f"{selector} sets no {name}"
    return found


def test_contrast_is_computed_as_wcag_does() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#8fb8e3", "#e9edf1") < 3  # the covered fill this map had: 1.76:1


def test_covered_counties_stand_out_and_every_border_shows() -> None:
    css = CSS.read_text()
    county = css_value(css, ".state-map .county", "fill")
    covered = css_value(css, ".state-map .covered", "fill")
    assert contrast(covered, county) >= 3, (covered, county)
    # the borders between two counties of one kind contrast with their fill
    assert contrast(css_value(css, ".state-map .county", "stroke"), county) >= 3
    assert contrast(css_value(css, ".state-map .covered", "stroke"), covered) >= 3


def test_the_colours_without_the_theme_do_too() -> None:
    """The SVG's own attributes, for a map shown without the stylesheet."""

    def attribute(attributes: str, name: str) -> str:
        found = re.search(rf'\b{name}="([^"]+)"', attributes)
        assert found, name
        return found.group(1)

    county = attribute(maps.COUNTY_ATTRIBUTES, "fill")
    covered = attribute(maps.COVERED_ATTRIBUTES, "fill")
    assert contrast(covered, county) >= 3
    assert contrast(attribute(maps.COUNTY_ATTRIBUTES, "stroke"), county) >= 3
    assert contrast(attribute(maps.COVERED_ATTRIBUTES, "stroke"), covered) >= 3


def home_map(public: Path, state: str, prefix: str) -> str:
    home = (public / state / prefix / "index.html").read_text()
    return home[home.index('<figure class="state-map">') : home.index("</figure>")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_map_speaks_the_pages_language(demo_public: Path, lang: str) -> None:
    strings = STRINGS[lang]
    prefix = "" if lang == "en" else "es/"
    for state, name, total in STATES:
        figure = home_map(demo_public, state, prefix)
        title = re.search(r'<title id="map-title">([^<]*)</title>', figure)
        assert title, state
        pattern = re.escape(strings["map_title"]).replace(r"\{state\}", re.escape(name))
        pattern = pattern.replace(r"\{covered\}", r"(\d+)").replace(r"\{total\}", str(total))
        assert re.fullmatch(pattern, title.group(1)), (state, title.group(1))
        desc = re.search(r'<desc id="map-desc">([^<]*)</desc>', figure)
        assert desc and desc.group(1).startswith(strings["map_desc"]), state
        assert strings["map_caption"] in figure


def test_the_map_holds_nothing_to_tab_to(demo_public: Path) -> None:
    """The lists are the keyboard's way: no link or tab stop per county or office."""
    for state, _, _ in STATES:
        for prefix in ("", "es/"):
            figure = home_map(demo_public, state, prefix)
            assert '<svg xmlns="http://www.w3.org/2000/svg" class="state-map" role="img"' in figure
            assert not re.search(r"<a\b|href=|tabindex=", figure), (state, prefix)
            assert figure.count('class="office"') >= 1, state  # the dots are drawn, unlinked
