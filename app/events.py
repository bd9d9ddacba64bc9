"""ListStackEvents: the filter and field grammar, and paging over the stream."""

import re
from collections.abc import Iterator
from typing import Any

from app.errors import BadRequest
from app.responses import EVENT_TYPES
from formation.records import rfc3339
from formation.store import Store

FILTERABLE = {"event_type": "type", "resource_type": "rt", "resource_name": "rn"}
SELECTABLE = {
    "elapsed_seconds",
    "event_message",
    "resource_id_key",
    "resource_id_value",
    "resource_key",
    "resource_type",
    "resource_name",
    "timestamp",
    # The response calls the timestamp ``time``; a client may well ask for it so.
    "time",
    "event_type",
}
WORD = re.compile(r"[A-Za-z0-9_]+")
UNKNOWN_OPTION = "RF.10011087"
NO_METHOD = "RF.10011088"
BAD_VALUE = "RF.10011089"
Clause = tuple[str, frozenset[str]]


def parse_filter(text: str) -> list[Clause]:
    """``a==x|a==y,b==z``: OR binds tighter than AND; each AND clause names one field.

    A ``;`` anywhere makes the whole filter ignored, as the contract says.
    Raises BadRequest with RF.10011087 (unknown option, or two options in one
    clause), RF.10011088 (a term without ``==``) or RF.10011089 (a bad value).
    """
    if not text or ";" in text:
        return []
    return [_clause(part) for part in text.split(",")]


def _clause(part: str) -> Clause:
    names, values = set(), set()
    for term in part.split("|"):
        name, value = _term(term)
        names.add(name)
        values.add(value)
    if len(names) != 1:
        raise BadRequest(
            f"filter: the clause {part!r} names more than one option; "
            "join different options with ','",
            UNKNOWN_OPTION,
        )
    return FILTERABLE[names.pop()], frozenset(values)


def _term(term: str) -> tuple[str, str]:
    if "==" not in term:
        raise BadRequest(f"filter: {term!r} has no == method", NO_METHOD)
    name, value = term.split("==", 1)
    if name not in FILTERABLE:
        known = ", ".join(sorted(FILTERABLE))
        raise BadRequest(
            f"filter: option {name!r} is unknown (one of {known})", UNKNOWN_OPTION
        )
    if not WORD.fullmatch(value):
        raise BadRequest(
            f"filter: value {value!r} of {name} may hold only A-Z, a-z, 0-9 and _",
            BAD_VALUE,
        )
    if name == "event_type" and value not in EVENT_TYPES:
        raise BadRequest(f"filter: {value!r} is not an event type", BAD_VALUE)
    return name, value


def parse_fields(text: str) -> set[str] | None:
    """The attributes ``field=`` selects, or None for all of them."""
    if not text:
        return None
    chosen = text.split(",")
    for name in chosen:
        if name not in SELECTABLE:
            raise BadRequest(f"field: {name!r} cannot be selected", "RF.10011027")
    if len(set(chosen)) != len(chosen):
        raise BadRequest("field: names an attribute twice", "RF.10011093")
    return set(chosen)


def to_api(entry: dict[str, str]) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_type": entry["type"],
        "event_message": entry.get("msg", ""),
        "time": rfc3339(entry["t"]),
    }
    for api_name, stored in (
        ("resource_type", "rt"),
        ("resource_name", "rn"),
        ("resource_id_key", "ik"),
        ("resource_id_value", "iv"),
        ("resource_key", "rk"),
    ):
        if stored in entry:
            event[api_name] = entry[stored]
    if "el" in entry:
        event["elapsed_seconds"] = int(entry["el"])
    return event


def _select(event: dict[str, Any], chosen: set[str] | None) -> dict[str, Any]:
    if chosen is None:
        return event
    names = {"time" if c == "timestamp" else c for c in chosen} | {"event_type"}
    return {k: v for k, v in event.items() if k in names}


def _matches(entry: dict[str, str], deployment_id: str, clauses: list[Clause]) -> bool:
    if deployment_id and entry.get("d") != deployment_id:
        return False
    return all(entry.get(stored) in values for stored, values in clauses)


def _scan(
    store: Store, project: str, stack_name: str, newest: str, oldest: str, first: int
) -> Iterator[tuple[str, dict[str, str]]]:
    """Stream entries from newest to oldest: ``first`` of them, then in batches.

    An unfiltered page needs one entry past its end (to know whether another
    page follows) and no more: each entry read costs as much to decode as one
    sent.
    """
    batch = first
    while True:
        entries = store.events(project, stack_name, newest, oldest, batch)
        yield from entries
        if len(entries) < batch:
            return
        newest = "(" + entries[-1][0]
        batch = 500


def page(
    store: Store,
    project: str,
    stack_name: str,
    *,
    newest: str,
    oldest: str,
    deployment_id: str,
    clauses: list[Clause],
    chosen: set[str] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str]:
    """One page, newest first, and the marker of the next page ('' at the end)."""
    found: list[dict[str, Any]] = []
    last_id = ""
    scan = _scan(store, project, stack_name, newest, oldest, first=limit + 1)
    for entry_id, entry in scan:
        if not _matches(entry, deployment_id, clauses):
            continue
        if len(found) == limit:
            return found, last_id
        found.append(_select(to_api(entry), chosen))
        last_id = entry_id
    return found, ""
