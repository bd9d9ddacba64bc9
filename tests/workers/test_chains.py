"""The task messages that scripts push are the ones Celery itself would publish."""

import base64
import json
from dataclasses import replace

import redis

from formation.settings import Settings
from workers import chains
from workers.celery_app import QUEUE, make_celery

# Set per message: ids, the delivery tag, and who sent it.
VARYING = {"id", "root_id", "origin", "correlation_id", "reply_to", "delivery_tag"}


def _flatten(message: dict[str, object]) -> dict[str, object]:
    body = json.loads(base64.b64decode(str(message["body"])))
    flat: dict[str, object] = {"body": body}
    for part in ("headers", "properties"):
        section = message[part]
        assert isinstance(section, dict)
        flat.update({f"{part}.{k}": v for k, v in section.items() if k not in VARYING})
    flat.update(
        {k: v for k, v in message.items() if k not in ("body", "headers", "properties")}
    )
    return flat


def test_a_pushed_message_matches_what_celery_publishes(redis_url: str) -> None:
    # A database of its own, so the session's worker does not take the messages.
    url = redis_url.rsplit("/", 1)[0] + "/7"
    settings = replace(Settings.from_env(), redis_url=url, broker_url=url)
    sender = chains.Chains(make_celery(settings), settings)
    client = redis.Redis.from_url(url, decode_responses=True)
    link = chains.at("p1", "d1", 4, 9)

    sender.publish(link)
    published = json.loads(client.rpop(QUEUE) or "{}")
    pushed = json.loads(sender.message(link))
    client.flushdb()

    assert sender.direct
    assert set(pushed) == set(published)
    assert set(pushed["headers"]) == set(published["headers"])
    assert set(pushed["properties"]) == set(published["properties"])
    mine, celery = _flatten(pushed), _flatten(published)
    assert mine == celery
    assert mine["body"][0] == ["p1", "d1", 4]


def test_the_last_step_is_followed_by_finalize() -> None:
    assert chains.at("p", "d", 2, 3).task == "formation.step"
    assert chains.at("p", "d", 3, 3).task == "formation.finalize"
    assert chains.at("p", "d", 0, 0).args == ("p", "d")


def test_scripts_push_only_when_the_broker_is_the_state_redis() -> None:
    base = Settings.from_env()
    app = make_celery(base)
    same = replace(base, redis_url="redis://h:1/0", broker_url="redis://h:1/0")
    apart = replace(same, broker_url="redis://h:2/0")
    cluster = replace(same, redis_cluster=True)

    assert chains.Chains(app, same).push(chains.prepare("p", "d")) is not None
    assert chains.Chains(app, apart).push(chains.prepare("p", "d")) is None
    assert chains.Chains(app, cluster).push(chains.prepare("p", "d")) is None
