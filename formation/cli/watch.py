"""Following a deployment's events live until its stack reaches a final status."""

import sys
import time
from typing import Any, TextIO

from formation.cli.client import Client

FINAL_SUFFIXES = ("_COMPLETE", "_FAILED")


def line(event: dict[str, Any]) -> str:
    where = ""
    if "resource_name" in event:
        where = f" {event['resource_type']}.{event['resource_name']}"
    return (
        f"{event['time']}  {event['event_type']:<22}{where}  {event['event_message']}"
    )


def _deployment_events(client: Client, name: str, deployment_id: str) -> list[Any]:
    """Every event of the deployment, oldest first (all pages)."""
    found: list[Any] = []
    query = {"deployment_id": deployment_id, "limit": "1000"}
    while True:
        page = client.call("GET", f"/{name}/events", query=query)
        found.extend(page["stack_events"])
        marker = page.get("page_info", {}).get("next_marker")
        if not marker:
            return list(reversed(found))
        query = {**query, "marker": marker}


def watch(
    client: Client,
    name: str,
    deployment_id: str,
    out: TextIO = sys.stdout,
    interval: float = 1.0,
) -> tuple[str, bool]:
    """Print new events as they come; returns the stack's final status and
    whether the deployment itself succeeded.

    The two differ when the deployment failed and an auto-rollback completed,
    or when a later deployment has finished since: a deployment failed when
    one of its events is an ERROR.

    On a terminal a status line under the events is redrawn in place; piped,
    only the event lines are written.
    """
    tty = out.isatty()
    shown = 0
    while True:
        status = client.call("GET", f"/{name}/metadata")["status"]
        events = _deployment_events(client, name, deployment_id)
        if tty:
            out.write("\r\x1b[2K")
        for event in events[shown:]:
            out.write(line(event) + "\n")
        shown = len(events)
        done = status.endswith(FINAL_SUFFIXES)
        if tty and not done:
            out.write(f"[{name}] {status} - {shown} events")
        out.flush()
        if done:
            failed = any(e["event_type"] == "ERROR" for e in events)
            return str(status), not failed
        time.sleep(interval)
