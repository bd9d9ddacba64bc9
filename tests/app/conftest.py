"""Fixtures of the web tier's tests: a Formation that requires signatures."""

from collections.abc import Iterator

import pytest

from tests.app.clients import Keys, SignedApi, pool
from tests.processes import start_web

# Each test takes fresh projects from these pools, so tests never share one.
POOL_SIZE = 400


@pytest.fixture(scope="session")
def keys() -> Keys:
    return pool("FORMATIONTESTAK000001", "formation-test-secret-key-0001", POOL_SIZE)


@pytest.fixture(scope="session")
def other_keys() -> Keys:
    return pool("FORMATIONTESTAK000002", "formation-test-secret-key-0002", 20)


@pytest.fixture(scope="session")
def signed_url(
    service_env: dict[str, str],
    keys: Keys,
    other_keys: Keys,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A web tier with credentials: every /v1 request must be signed."""
    folder = tmp_path_factory.mktemp("signed")
    # One key inline, the other from a file: both configuration paths serve.
    file = folder / "credentials"
    file.write_text(f"# test keys\n{other_keys.entry()}\n")
    env = {
        **service_env,
        "FORMATION_CREDENTIALS": keys.entry(),
        "FORMATION_CREDENTIALS_FILE": str(file),
    }
    proc, url = start_web(env, folder / "web.log")
    yield url
    proc.stop()


@pytest.fixture
def signed_project(keys: Keys) -> str:
    return keys.fresh_project()


@pytest.fixture
def signed(signed_url: str, signed_project: str, keys: Keys) -> SignedApi:
    return SignedApi(signed_url, signed_project, keys)
