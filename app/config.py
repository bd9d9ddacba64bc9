"""Settings of the web tier alone: credentials, rate limit, download links.

Read once from the environment at start-up; a malformed value stops the
process with a message that names the variable, never a silent default.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_RATE_LIMIT = "1000/10s"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smh]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class Credential:
    """An access key, its secret key and the projects it may touch."""

    access_key: str
    secret_key: str = field(repr=False)
    projects: frozenset[str]


@dataclass(frozen=True)
class RateLimit:
    """``requests`` per ``window`` seconds for one caller in one project."""

    requests: int
    window: int


@dataclass(frozen=True)
class WebConfig:
    credentials: dict[str, Credential]
    rate_limit: RateLimit | None
    secret: str
    public_url: str

    @property
    def auth_enabled(self) -> bool:
        return bool(self.credentials)

    @classmethod
    def from_env(cls) -> "WebConfig":
        return cls(
            credentials=load_credentials(
                os.environ.get("FORMATION_CREDENTIALS", ""),
                os.environ.get("FORMATION_CREDENTIALS_FILE", ""),
            ),
            rate_limit=parse_rate_limit(
                os.environ.get("FORMATION_RATE_LIMIT", DEFAULT_RATE_LIMIT)
            ),
            secret=os.environ.get("FORMATION_SECRET", ""),
            public_url=os.environ.get("FORMATION_PUBLIC_URL", "").rstrip("/"),
        )


def parse_credentials(text: str, source: str) -> list[Credential]:
    """``AK:SK:project[,project...]`` entries, separated by ``;`` or new lines.

    Blank entries and lines starting with ``#`` are skipped. Raises ValueError
    naming ``source`` and the entry's position for anything malformed.
    """
    found = []
    entries = [e.strip() for e in re.split(r"[;\n]", text)]
    for number, entry in enumerate(entries, 1):
        if not entry or entry.startswith("#"):
            continue
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(
                f"{source}: entry {number} is not AK:SK:project[,project...]"
            )
        projects = frozenset(p.strip() for p in parts[2].split(",") if p.strip())
        if not projects:
            raise ValueError(f"{source}: entry {number} names no project")
        found.append(Credential(parts[0], parts[1], projects))
    return found


def load_credentials(inline: str, path: str) -> dict[str, Credential]:
    """Credentials from FORMATION_CREDENTIALS and FORMATION_CREDENTIALS_FILE.

    An access key given twice is an error, wherever the two entries are.
    """
    found = parse_credentials(inline, "FORMATION_CREDENTIALS")
    if path:
        text = Path(path).read_text(encoding="utf-8")
        found += parse_credentials(text, f"FORMATION_CREDENTIALS_FILE {path}")

    by_key: dict[str, Credential] = {}
    for credential in found:
        if credential.access_key in by_key:
            raise ValueError(f"access key {credential.access_key} is given twice")
        by_key[credential.access_key] = credential
    return by_key


def parse_rate_limit(text: str) -> RateLimit | None:
    """``N/10s``, ``N/m``, ``N/1h``...; ``off`` (or ``0``) switches limiting off."""
    if text.strip().lower() in ("off", "0"):
        return None
    match = _RATE.match(text)
    if not match:
        raise ValueError(
            f"FORMATION_RATE_LIMIT must look like 100/10s or off, got {text!r}"
        )
    count, length, unit = match.groups()
    window = int(length or 1) * _UNIT_SECONDS[unit]
    if int(count) < 1 or window < 1:
        raise ValueError(f"FORMATION_RATE_LIMIT must be positive, got {text!r}")
    return RateLimit(int(count), window)
