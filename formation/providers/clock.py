"""Times for the time_* providers: RFC 3339 text and Go's calendar arithmetic."""

from datetime import UTC, datetime, timedelta
from typing import Any

from formation.providers.base import ConfigError


def now() -> datetime:
    """Return the current UTC time to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def rfc3339(moment: datetime) -> str:
    """Format as ``2024-05-01T12:00:00Z`` (UTC) or with the moment's own offset."""
    text = moment.replace(microsecond=0).isoformat()
    return text.replace("+00:00", "Z")


def rfc3339_now() -> str:
    """Return the current UTC time to the second, as ``2024-05-01T12:00:00Z``."""
    return rfc3339(now())


def parse(stamp: str, name: str) -> datetime:
    """Read RFC 3339 text; ConfigError names argument ``name`` when it is not."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError as error:
        message = f'argument "{name}" is not an RFC 3339 time: {stamp}'
        raise ConfigError(message) from error
    if moment.tzinfo is None:
        raise ConfigError(f'argument "{name}" needs a time zone, such as "Z"')
    return moment


def add_date(
    moment: datetime, years: int = 0, months: int = 0, days: int = 0
) -> datetime:
    """Add calendar units as Go's AddDate does: Jan 31 + 1 month is Mar 2 or 3."""
    total = moment.month - 1 + months
    year, month = moment.year + years + total // 12, total % 12 + 1
    # Start from a day every month has, then walk the remaining days forward,
    # so a day past the end of the month spills into the next as in Go.
    base = moment.replace(year=year, month=month, day=min(moment.day, 28))
    return base + timedelta(days=moment.day - base.day + days)


def parts(moment: datetime) -> dict[str, Any]:
    """Return the calendar parts and Unix time Terraform exposes for a time."""
    return {
        "year": moment.year,
        "month": moment.month,
        "day": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
        "unix": int(moment.timestamp()),
    }
