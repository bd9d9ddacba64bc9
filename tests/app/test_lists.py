"""marker / limit / page_info on every list, and event order under writes."""

import re
import threading
from typing import Any

import pytest
import requests

from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def _many(count: int, outputs: int = 0) -> str:
    resources = "".join(
        f'resource "random_id" "r{n:02d}" {{\n  byte_length = 2\n}}\n'
        for n in range(count)
    )
    values = "".join(
        f'output "o{n:02d}" {{\n  value = random_id.r00.hex\n}}\n'
        for n in range(outputs)
    )
    return resources + values


def _pages(api: Api, path: str, key: str, **params: Any) -> list[list[Any]]:
    """Every page of a list, following next_marker as clients do."""
    pages: list[list[Any]] = []
    marker = None
    while True:
        query = {**params, **({"marker": marker} if marker else {})}
        response = api.call("GET", path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["page_info"]["current_count"] == len(body[key])
        pages.append(body[key])
        marker = body["page_info"].get("next_marker")
        if not marker:
            return pages
        assert URL_SAFE.match(marker)


def test_list_stacks_pages_through_every_stack_newest_first(api: Api) -> None:
    names = [f"s{n:02d}" for n in range(23)]
    for name in names:
        assert api.create(name).status_code == 201

    pages = _pages(api, "", "stacks", limit=10)

    assert [len(p) for p in pages] == [10, 10, 3]
    listed = [s["stack_name"] for page in pages for s in page]
    assert listed == list(reversed(names))


def test_a_full_page_at_the_end_has_no_next_marker(api: Api) -> None:
    for n in range(10):
        api.create(f"e{n}")
    response = api.call("GET", "", params={"limit": 10}).json()
    assert response["page_info"] == {"current_count": 10}


def test_resources_and_outputs_page_too(api: Api) -> None:
    api.create("wide", _many(23, outputs=12))
    api.wait_status("wide", "DEPLOYMENT_COMPLETE")

    resources = _pages(api, "/wide/resources", "stack_resources", limit=10)
    outputs = _pages(api, "/wide/outputs", "outputs", limit=10)

    assert [len(p) for p in resources] == [10, 10, 3]
    names = [r["logical_resource_name"] for p in resources for r in p]
    assert names == [f"r{n:02d}" for n in range(23)]
    assert [len(p) for p in outputs] == [10, 2]
    assert [o["name"] for p in outputs for o in p] == [f"o{n:02d}" for n in range(12)]


def test_events_page_newest_first_without_loss_or_repeat(api: Api) -> None:
    api.create("log", _many(12))
    api.wait_status("log", "DEPLOYMENT_COMPLETE")

    everything = api.events("log")
    pages = _pages(api, "/log/events", "stack_events", limit=10)

    assert len(everything) > 20
    assert [e for p in pages for e in p] == everything
    assert everything[0]["event_type"] == "SUMMARY"
    assert everything[-1]["event_type"] == "LOG"


def test_event_pages_keep_their_filter_and_fields(api: Api) -> None:
    api.create("sel", _many(14))
    api.wait_status("sel", "DEPLOYMENT_COMPLETE")

    pages = _pages(
        api,
        "/sel/events",
        "stack_events",
        limit=10,
        filter="event_type==CREATION_COMPLETE|event_type==CREATION_IN_PROGRESS",
        field="resource_name,timestamp",
    )

    events = [e for p in pages for e in p]
    assert len(events) == 28
    assert all(set(e) == {"event_type", "resource_name", "time"} for e in events)


def test_a_marker_from_one_list_is_refused_by_another(api: Api) -> None:
    api.create("mix", _many(11))
    api.wait_status("mix", "DEPLOYMENT_COMPLETE")
    marker = api.call("GET", "/mix/events", params={"limit": 10}).json()["page_info"][
        "next_marker"
    ]

    response = api.call("GET", "/mix/resources", params={"marker": marker})

    assert response.status_code == 400
    assert response.json()["error_code"] == "RF.10011038"
    assert response.json()["error_msg"].startswith("marker")


def test_a_marker_sent_unescaped_works_as_terraform_sends_it(api: Api) -> None:
    for n in range(12):
        api.create(f"t{n:02d}")
    first = api.call("GET", "", params={"limit": 10}).json()
    marker = first["page_info"]["next_marker"]

    raw = f"{api.url}/v1/{api.project}/stacks?limit=10&marker={marker}"
    second = requests.get(raw, headers={"Client-Request-Id": "t" * 36}, timeout=10)

    assert [s["stack_name"] for s in second.json()["stacks"]] == ["t01", "t00"]


def test_events_keep_their_order_while_a_deployment_writes_them(api: Api) -> None:
    api.create("busy", _many(40))
    passes: list[list[dict[str, Any]]] = []
    done = threading.Event()

    def read_while_writing() -> None:
        while not done.is_set():
            pages = _pages(api, "/busy/events", "stack_events", limit=10)
            passes.append([e for p in pages for e in p])

    reader = threading.Thread(target=read_while_writing)
    reader.start()
    try:
        api.wait_status("busy", "DEPLOYMENT_COMPLETE")
    finally:
        done.set()
        reader.join()

    final = api.events("busy")
    assert len(passes) >= 2
    for seen in passes:
        # Writes only add newer events, so every paged read, taken while they
        # happened, is exactly the oldest part of the final log.
        assert seen == final[len(final) - len(seen) :]
