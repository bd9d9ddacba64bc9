import re
import time

import pytest

from formation.providers import ConfigError, get_provider
from formation.providers.durations import parse_duration, sleep
from tests.providers.helpers import context


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("1m30s", 90),
        ("500ms", 0.5),
        ("1h", 3600),
        ("1.5s", 1.5),
        ("2us", 2e-6),
        ("0", 0),
        ("1h2m3s4ms", 3723.004),
    ],
)
def test_go_durations_parse_to_seconds(text, seconds):
    assert parse_duration(text, "create_duration") == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "30", "1x", "s", "1m30", "-1s", "1 m"])
def test_invalid_durations_are_refused_at_check(text):
    with pytest.raises(ConfigError, match="create_duration"):
        get_provider("time_sleep").check({"create_duration": text})


def test_time_sleep_waits_its_create_duration_and_reports_an_rfc3339_id(tmp_path):
    started = time.monotonic()

    attributes = get_provider("time_sleep").create(
        {"create_duration": "250ms"}, context(tmp_path)
    )

    assert time.monotonic() - started >= 0.25
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attributes["id"])
    assert attributes["create_duration"] == "250ms"


def test_time_sleep_waits_its_destroy_duration_on_delete(tmp_path):
    started = time.monotonic()

    get_provider("time_sleep").delete({"destroy_duration": "200ms"}, context(tmp_path))

    assert time.monotonic() - started >= 0.2


def test_sleep_can_be_interrupted_by_an_exception_from_a_signal():
    import signal

    class Interrupted(Exception):
        pass

    def raise_interrupted(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, raise_interrupted)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted):
            sleep(30)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    assert time.monotonic() - started < 5


def test_time_static_reports_the_parts_of_the_given_time(tmp_path):
    config = {"rfc3339": "2024-02-29T13:14:15Z"}

    attributes = get_provider("time_static").create(config, context(tmp_path))

    assert attributes["id"] == "2024-02-29T13:14:15Z"
    assert (attributes["year"], attributes["month"], attributes["day"]) == (2024, 2, 29)
    assert (attributes["hour"], attributes["minute"], attributes["second"]) == (
        13,
        14,
        15,
    )
    assert attributes["unix"] == 1709212455


def test_time_static_refuses_a_time_without_zone():
    with pytest.raises(ConfigError):
        get_provider("time_static").check({"rfc3339": "2024-02-29T13:14:15"})
