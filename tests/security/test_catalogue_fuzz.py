"""Anonymous visitors cannot make the catalogue fail: every public GET parameter fuzzed."""

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.activities.conftest import (  # noqa: F401 (fixtures)
    future,
    today,
)
from wagtail_hyte.activities.filters import all_filters, clean_text

FIXED_PARAMETERS = ["q", "sort", "page"]

# Values as they arrive on the wire (percent-encoded): any text, any bytes
# (invalid UTF-8 included), and known troublemakers.
NASTY = ["%00", "%ff", "%ed%a0%80", "9" * 5000, "-1", "1e9", "%", "%%", "%2", "&&", "=="]
raw_values = st.one_of(
    st.text(max_size=80).map(lambda t: quote(t, safe="")),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"])).map(
        lambda t: quote(t, safe="")
    ),
    st.binary(max_size=40).map(lambda b: quote_from_bytes(b, safe="")),
    st.sampled_from(NASTY),
)


def public_parameters():
    return FIXED_PARAMETERS + [f.name for f in all_filters()]


def test_the_parameter_list_covers_every_filter(db):
    names = public_parameters()
    assert {"q", "page", "sort", "municipality", "age", "free", "referral"} <= set(names)


@pytest.fixture
def fuzz_catalogue(catalogue, make_activity, taxonomies):
    make_activity("Luontoretki", themes=("nature",))
    make_activity("Kuoro")
    return catalogue


def test_nul_in_the_search_is_not_a_server_error(client, fuzz_catalogue):
    response = client.get(fuzz_catalogue.url, QUERY_STRING="q=%00")
    assert response.status_code == 200
    response = client.get(fuzz_catalogue.url, QUERY_STRING="q=Luontoretki%00&age=%00&page=%00")
    assert response.status_code == 200
    assert "Luontoretki" in response.text


def test_clean_text_strips_control_characters():
    assert clean_text("a\x00b\u200bc\x1fd\te") == "abc d e"
    assert clean_text(None) == ""


@pytest.mark.parametrize("value", NASTY)
def test_known_bad_values_in_every_parameter(client, fuzz_catalogue, value):
    for parameter in public_parameters():
        response = client.get(fuzz_catalogue.url, QUERY_STRING=f"{parameter}={value}")
        assert response.status_code < 500, (parameter, value)


def test_fuzzed_parameters_never_give_a_server_error(client, fuzz_catalogue):
    """60 examples; each one sets every public parameter (and an unknown one) at once."""
    url = fuzz_catalogue.url
    names = [*public_parameters(), "unknown"]

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, raw_values)))
    def check(values):
        query = "&".join(f"{name}={value}" for name, value in values.items())
        response = client.get(url, QUERY_STRING=query)
        assert response.status_code < 500, query

    check()
