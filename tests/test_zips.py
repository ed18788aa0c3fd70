"""Tests for hubgen.geo.zips (US ZIP code locations shipped as package data)."""

from __future__ import annotations

import pytest

from hubgen.geo.counties import counties, state_codes
from hubgen.geo.zips import ZipCode, find_zip, miles_between, zips_of


@pytest.mark.parametrize(
    ("code", "state", "county"),
    [
        ("53703", "WI", "55025"),  # Madison, Dane County
        ("54701", "WI", "55035"),  # Eau Claire, Eau Claire County
        ("16501", "PA", "42049"),  # Erie, Erie County
        ("86515", "AZ", "04001"),  # Window Rock, Apache County (centroid lies in NM)
        ("85364", "AZ", "04027"),  # Yuma, Yuma County
        ("06390", "NY", "36103"),  # Fishers Island, Suffolk County (a CT prefix)
        ("42223", "KY", "21047"),  # Fort Campbell, Christian County (centroid in TN)
    ],
)
def test_known_zip_codes(code: str, state: str, county: str) -> None:
    found = find_zip(code)
    assert found is not None
    assert (found.zip, found.state, found.county) == (code, state, county)


def test_find_zip() -> None:
    madison = find_zip("53703")
    assert madison is not None
    assert madison == ZipCode("53703", "WI", "55025", madison.lat, madison.lon)
    assert madison.lat == pytest.approx(43.08, abs=0.05)
    assert madison.lon == pytest.approx(-89.38, abs=0.05)
    assert find_zip(" 53703-1234 ") == madison
    assert find_zip("00000") is None
    assert find_zip("") is None
    assert find_zip("00601") is None  # Puerto Rico: territories are left out


@pytest.mark.parametrize(
    ("state", "low", "high"),
    # WI has 783, AZ 417, PA 1833 in the shipped data.
    [("WI", 760, 810), ("AZ", 395, 440), ("PA", 1780, 1890)],
)
def test_counts_per_state(state: str, low: int, high: int) -> None:
    assert low <= len(zips_of(state)) <= high


def test_all_states_and_nothing_else() -> None:
    assert all(zips_of(state) for state in state_codes())
    assert 33_000 < sum(len(zips_of(state)) for state in state_codes()) < 34_500
    assert zips_of("PR") == ()
    assert zips_of("XX") == ()
    assert zips_of(" wi ") == zips_of("WI")


def test_wisconsin_zip_codes_are_in_wisconsin_counties() -> None:
    wisconsin = zips_of("WI")
    fips = {county.fips for county in counties("WI")}
    assert [z.zip for z in wisconsin] == sorted(z.zip for z in wisconsin)
    for zip_code in wisconsin:
        assert zip_code.state == "WI"
        assert zip_code.county.startswith("55")
        assert zip_code.county in fips
        assert 42.4 < zip_code.lat < 47.4 and -93.0 < zip_code.lon < -86.2
    assert "60601" not in {z.zip for z in wisconsin}  # Chicago, IL
    assert find_zip("60601") is not None


def test_every_county_code_is_a_known_county_of_its_state() -> None:
    for state in state_codes():
        fips = {county.fips for county in counties(state)}
        assert {zip_code.county for zip_code in zips_of(state)} <= fips


def test_miles_between() -> None:
    # Madison to Milwaukee
    assert miles_between(43.0731, -89.4012, 43.0389, -87.9065) == pytest.approx(75, abs=1)
    assert miles_between(43.0731, -89.4012, 43.0731, -89.4012) == 0
    # A quarter of a meridian
    assert miles_between(0, 0, 90, 0) == pytest.approx(3958.8 * 3.14159265 / 2, rel=1e-6)
