"""Part 4: the Redis memory an idle stack keeps after a complete deployment."""

import statistics
from dataclasses import dataclass

from bench.admission import PROJECT
from bench.throughput import Api

SMALL_TEMPLATE = """\
resource "random_id" "build" {
  byte_length = 4
}

resource "random_string" "token" {
  length  = 12
  special = false
}

resource "terraform_data" "settings" {
  input = "build ${random_id.build.hex}, token ${random_string.token.result}"
}

output "build" {
  value = random_id.build.hex
}

output "settings" {
  value = terraform_data.settings.output
}
"""
STACKS = 20


@dataclass(frozen=True)
class IdleStack:
    used_bytes: float  # INFO used_memory growth per stack
    key_bytes: float  # MEMORY USAGE of the stack's keys, median over the stacks
    request_bytes: float  # of which the request record, gone after its TTL
    by_key: dict[str, int]  # MEMORY USAGE of each key of one stack


def measure(api: Api) -> IdleStack:
    """Deploy one stack to warm up, then STACKS more; needs a running worker."""
    api.wait_complete([api.create("idlewarm", SMALL_TEMPLATE)], 60)
    before = int(api.redis.info("memory")["used_memory"])
    made = [_create(api, f"idle{i}") for i in range(STACKS)]
    api.wait_complete([deployment for _, deployment, _ in made], 120)
    grown = int(api.redis.info("memory")["used_memory"]) - before

    sizes = [_key_bytes(api, *m) for m in made]
    return IdleStack(
        used_bytes=grown / STACKS,
        key_bytes=statistics.median(sum(size.values()) for size in sizes),
        request_bytes=statistics.median(size["request"] for size in sizes),
        by_key=sizes[0],
    )


def _create(api: Api, name: str) -> tuple[str, str, str]:
    headers = api.headers()
    body = {"stack_name": name, "template_body": SMALL_TEMPLATE}
    answer = api.http.post(api.url, json=body, headers=headers)
    answer.raise_for_status()
    return name, answer.json()["deployment_id"], headers["Client-Request-Id"]


def _key_bytes(api: Api, name: str, deployment: str, request: str) -> dict[str, int]:
    """MEMORY USAGE of each of the stack's keys, by what the key holds."""
    from formation import keys

    found = {
        "stack": keys.stack(PROJECT, name),
        "resources": keys.resources(PROJECT, name),
        "outputs": keys.outputs(PROJECT, name),
        "events": keys.events(PROJECT, name),
        "deployment": keys.deployment(PROJECT, deployment),
        "request": keys.request(PROJECT, request),
    }
    return {
        what: int(api.redis.memory_usage(key, samples=0) or 0)
        for what, key in found.items()
    }
