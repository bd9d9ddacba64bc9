"""Go-style durations ("30s", "1m30s", "500ms") and sleeps that can be interrupted."""

import re
import time

from formation.providers.base import ConfigError

SLICE_SECONDS = 0.1
_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1,
    "m": 60,
    "h": 3600,
}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(value: str, name: str) -> float:
    """Return the seconds in a Go duration; ConfigError names argument ``name``."""
    body = value.strip().removeprefix("+")
    if body == "0":
        return 0.0
    if body.startswith("-"):
        raise ConfigError(f'argument "{name}" must not be negative')

    total, position = 0.0, 0
    while position < len(body):
        match = _PART.match(body, position)
        if match is None:
            message = f'argument "{name}" is not a duration such as "30s" or "1m30s"'
            raise ConfigError(message)
        total += float(match.group(1)) * _UNITS[match.group(2)]
        position = match.end()
    if position == 0:
        raise ConfigError(f'argument "{name}" is empty, not a duration')
    return total


def sleep(seconds: float) -> None:
    """Sleep for ``seconds`` in short slices.

    An exception raised asynchronously in this thread (such as a task's soft
    time limit) is only delivered between bytecodes, so one long sleep would
    delay it to the end; short slices keep the wait interruptible.
    """
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, SLICE_SECONDS))
