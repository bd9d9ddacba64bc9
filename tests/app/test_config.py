"""Credentials and rate limits read from the environment's text."""

from pathlib import Path

import pytest

from app.config import RateLimit, load_credentials, parse_rate_limit


def test_inline_credentials_list_keys_and_their_projects() -> None:
    found = load_credentials("AK1:SK1:p1,p2; AK2:SK2:p3", "")

    assert found["AK1"].secret_key == "SK1"
    assert found["AK1"].projects == {"p1", "p2"}
    assert found["AK2"].projects == {"p3"}


def test_a_credentials_file_adds_keys_one_a_line(tmp_path: Path) -> None:
    file = tmp_path / "keys"
    file.write_text("# operators\nAK2:SK2:p2\n\nAK3:SK3:p3,p4\n")

    found = load_credentials("AK1:SK1:p1", str(file))

    assert sorted(found) == ["AK1", "AK2", "AK3"]
    assert found["AK3"].projects == {"p3", "p4"}


def test_no_credentials_means_none() -> None:
    assert load_credentials("", "") == {}


@pytest.mark.parametrize(
    "text", ["AK1:SK1", "AK1::p1", "AK1:SK1:p1:extra", "AK1:SK1:,", ":SK:p"]
)
def test_a_malformed_credential_stops_start_up(text: str) -> None:
    with pytest.raises(ValueError, match="FORMATION_CREDENTIALS"):
        load_credentials(text, "")


def test_an_access_key_given_twice_stops_start_up(tmp_path: Path) -> None:
    file = tmp_path / "keys"
    file.write_text("AK1:SK2:p2\n")
    with pytest.raises(ValueError, match="twice"):
        load_credentials("AK1:SK1:p1", str(file))


def test_the_secret_key_never_shows_in_a_credential_repr() -> None:
    found = load_credentials("AK1:VERYSECRET:p1", "")
    assert "VERYSECRET" not in repr(found)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("100/10s", RateLimit(100, 10)),
        ("5/s", RateLimit(5, 1)),
        ("60/m", RateLimit(60, 60)),
        ("1000 / 2h", RateLimit(1000, 7200)),
    ],
)
def test_rate_limits_are_requests_per_window(text: str, limit: RateLimit) -> None:
    assert parse_rate_limit(text) == limit


def test_rate_limiting_can_be_switched_off() -> None:
    assert parse_rate_limit("off") is None
    assert parse_rate_limit("0") is None


@pytest.mark.parametrize("text", ["fast", "7", "10/0s", "-1/s", "10/10d", ""])
def test_a_malformed_rate_limit_stops_start_up(text: str) -> None:
    with pytest.raises(ValueError, match="FORMATION_RATE_LIMIT"):
        parse_rate_limit(text)
