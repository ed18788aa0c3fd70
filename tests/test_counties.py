"""Tests for hubgen.geo.counties (US county names shipped as package data)."""

from __future__ import annotations

import pytest

from hubgen.geo.counties import County, close_matches, counties, find_county, state_codes


def test_state_codes_are_the_fifty_states_and_dc() -> None:
    codes = state_codes()
    assert len(codes) == 51
    assert {"WI", "DC", "AK", "HI"} <= codes
    assert "PR" not in codes


@pytest.mark.parametrize(
    ("state", "count"),
    [("WI", 72), ("PA", 67), ("AZ", 15), ("MI", 83), ("GA", 159), ("NC", 100), ("NV", 17)],
)
def test_county_counts(state: str, count: int) -> None:
    assert len(counties(state)) == count


def test_total_county_count() -> None:
    assert sum(len(counties(state)) for state in state_codes()) == 3142


def test_counties_are_sorted_by_name_and_belong_to_their_state() -> None:
    wisconsin = counties("WI")
    names = [county.name for county in wisconsin]
    assert names == sorted(names, key=str.casefold)
    assert names[:2] == ["Adams", "Ashland"]
    assert all(county.state == "WI" and county.fips.startswith("55") for county in wisconsin)


def test_unknown_state_gives_empty_tuple() -> None:
    assert counties("XX") == ()
    assert counties("PR") == ()
    assert counties("") == ()
    assert find_county("XX", "Dane") is None
    assert close_matches("XX", "Dane") == []


def test_dane_county() -> None:
    dane = find_county("WI", "Dane")
    assert dane == County(fips="55025", state="WI", name="Dane")
    assert dane.label == "Dane County"


@pytest.mark.parametrize(
    "query", ["Dane", "Dane County", "dane county", "  DANE   county ", "dane\tcounty"]
)
def test_find_county_variants(query: str) -> None:
    county = find_county("WI", query)
    assert county is not None and county.fips == "55025"


@pytest.mark.parametrize(
    "query", ["St. Croix", "St Croix", "Saint Croix", "saint croix county", "ST. CROIX COUNTY"]
)
def test_saint_and_st_are_the_same(query: str) -> None:
    county = find_county("WI", query)
    assert county is not None and county.name == "St. Croix"


def test_names_with_small_words_and_accents() -> None:
    fond_du_lac = find_county("WI", "fond du lac county")
    assert fond_du_lac is not None and fond_du_lac.label == "Fond du Lac County"
    dona_ana = find_county("NM", "Dona Ana")
    assert dona_ana is not None and dona_ana.name == "Doña Ana"


def test_state_code_is_case_insensitive() -> None:
    assert find_county("wi", "Dane") == find_county("WI", "Dane")


def test_wrong_state_or_wrong_suffix_is_not_found() -> None:
    assert find_county("MN", "Dane") is None
    assert find_county("WI", "Dane Parish") is None
    assert find_county("WI", "Dan") is None
    assert find_county("WI", "") is None


def test_louisiana_parishes() -> None:
    orleans = find_county("LA", "Orleans Parish")
    assert orleans is not None and orleans.fips == "22071"
    assert orleans.label == "Orleans Parish"
    assert find_county("LA", "orleans") == orleans
    assert find_county("LA", "St. Tammany Parish") == find_county("LA", "Saint Tammany")


def test_alaska_labels_are_bare_names() -> None:
    anchorage = find_county("AK", "Anchorage")
    assert anchorage is not None and anchorage.label == "Anchorage"
    assert find_county("AK", "Anchorage Municipality") == anchorage
    assert find_county("AK", "Kenai Peninsula Borough") is not None


def test_independent_cities() -> None:
    baltimore_county = find_county("MD", "Baltimore County")
    baltimore_city = find_county("MD", "Baltimore City")
    assert baltimore_county is not None and baltimore_county.fips == "24005"
    assert baltimore_city is not None and baltimore_city.fips == "24510"
    assert baltimore_city.label == "Baltimore City"
    assert find_county("MD", "Baltimore") == baltimore_county  # bare name: the county
    assert find_county("VA", "City of Richmond").fips == "51760"
    assert find_county("VA", "Richmond").label == "Richmond County"
    assert find_county("MO", "Saint Louis City").label == "St. Louis City"
    assert find_county("NV", "Carson City").label == "Carson City"
    assert find_county("VA", "Charles City").label == "Charles City County"
    assert find_county("TX", "Young").label == "Young County"  # code 503, not a city
    assert find_county("DC", "District of Columbia").label == "District of Columbia"


def test_close_matches_for_misspellings() -> None:
    assert close_matches("WI", "Dain")[0] == "Dane County"
    assert close_matches("WI", "Dain County")[0] == "Dane County"
    assert close_matches("WI", "Milwakee") == ["Milwaukee County"]
    assert close_matches("LA", "Orleens") == ["Orleans Parish"]


def test_close_matches_limits() -> None:
    assert len(close_matches("TX", "Harriss", n=1)) == 1
    assert close_matches("TX", "Harriss", n=0) == []
    assert close_matches("WI", "Xyzzy") == []
    assert close_matches("MD", "Baltimore")[0] == "Baltimore County"
