"""Configuration read once from the environment, like any Procfile app."""

import os
from dataclasses import dataclass
from pathlib import Path


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Every tunable of web and worker processes; see the README's table."""

    redis_url: str
    redis_cluster: bool
    broker_url: str
    workspace: Path
    step_soft_time_limit: float
    step_time_limit: float
    lease_seconds: float
    queue_wait_limit: float
    reaper_interval: float
    visibility_timeout: float
    redelivery_sweep: float
    event_retention: int
    request_ttl: int
    redis_timeout: float
    allow_local_exec: bool

    @classmethod
    def from_env(cls) -> "Settings":
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        soft = _number("FORMATION_STEP_SOFT_TIME_LIMIT", 300)
        hard = _number("FORMATION_STEP_TIME_LIMIT", soft + 30)
        return cls(
            redis_url=redis_url,
            redis_cluster=os.environ.get("FORMATION_REDIS_CLUSTER", "")
            in ("1", "true"),
            broker_url=os.environ.get("CELERY_BROKER_URL", redis_url),
            workspace=Path(os.environ.get("FORMATION_WORKSPACE", "var/workspace")),
            step_soft_time_limit=soft,
            step_time_limit=hard,
            lease_seconds=_number("FORMATION_LEASE_SECONDS", 30),
            queue_wait_limit=_number("FORMATION_QUEUE_WAIT_LIMIT", 6 * 3600),
            reaper_interval=_number("FORMATION_REAPER_INTERVAL", 10),
            visibility_timeout=_number("FORMATION_VISIBILITY_TIMEOUT", hard + 300),
            redelivery_sweep=_number("FORMATION_REDELIVERY_SWEEP", 10),
            event_retention=int(_number("FORMATION_EVENT_RETENTION", 100_000)),
            request_ttl=int(_number("FORMATION_REQUEST_TTL", 24 * 3600)),
            redis_timeout=_number("FORMATION_REDIS_TIMEOUT", 5),
            allow_local_exec=os.environ.get("FORMATION_ALLOW_LOCAL_EXEC", "")
            in ("1", "true"),
        )
