"""Shared fixtures: a private Redis per session, workers and web per module."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.api import Api
from tests.processes import start_redis, start_web, start_worker

# Short limits so failure paths finish in seconds; the visibility timeout stays
# above the hard limit, as the worker insists.
TEST_SETTINGS = {
    "FORMATION_STEP_SOFT_TIME_LIMIT": "4",
    "FORMATION_STEP_TIME_LIMIT": "8",
    "FORMATION_VISIBILITY_TIMEOUT": "60",
    "FORMATION_LEASE_SECONDS": "3",
}


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("redis")
    proc, url = start_redis(folder)
    yield url
    proc.stop()


@pytest.fixture(scope="session")
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest.fixture(scope="session")
def service_env(redis_url: str, workspace: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REDIS_URL": redis_url,
        "FORMATION_WORKSPACE": str(workspace),
        **TEST_SETTINGS,
    }


@pytest.fixture(scope="session")
def worker(service_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    log = tmp_path_factory.mktemp("logs") / "worker.log"
    proc = start_worker(service_env, log)
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def web_url(
    service_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("logs") / "web.log"
    proc, url = start_web(service_env, log)
    yield url
    proc.stop()


@pytest.fixture
def project() -> str:
    """A fresh project per test, so tests never see each other's stacks."""
    return uuid.uuid4().hex


@pytest.fixture
def api(web_url: str, project: str) -> Api:
    return Api(web_url, project)
