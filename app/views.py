"""How stacks, resources and markers look in API responses."""

import base64
import json
from typing import Any

from app.errors import BadRequest
from formation.records import IN_PROGRESS, Resource, Stack, rfc3339

BAD_MARKER = "RF.10011038"


def stack_summary(stack: Stack) -> dict[str, Any]:
    view = {
        "stack_name": stack.stack_name,
        "description": stack.description,
        "stack_id": stack.stack_id,
        "status": stack.status,
        "create_time": rfc3339(stack.create_time),
        "update_time": rfc3339(stack.update_time),
    }
    if stack.status_message:
        view["status_message"] = stack.status_message
    return view


def stack_metadata(stack: Stack) -> dict[str, Any]:
    view = stack_summary(stack)
    view.update(
        vars_structure=stack.vars_structure,
        vars_body=stack.vars_body,
        enable_deletion_protection=stack.enable_deletion_protection,
        enable_auto_rollback=stack.enable_auto_rollback,
        agencies=stack.agencies,
    )
    return view


def resource(r: Resource, stack_status: str) -> dict[str, Any]:
    """A resource; attributes only once the stack is final, sensitive ones masked."""
    view: dict[str, Any] = {
        "physical_resource_id": r.id,
        "physical_resource_name": r.name,
        "logical_resource_name": r.name,
        "logical_resource_type": r.type,
        "resource_status": r.status,
    }
    if r.index_key:
        view["index_key"] = r.index_key
    if r.status_message:
        view["status_message"] = r.status_message
    if stack_status not in IN_PROGRESS:
        view["resource_attributes"] = [
            {"key": k, "value": "<sensitive>" if k in r.sensitive else _text(v)}
            for k, v in sorted(r.attributes.items())
        ]
    return view


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def page_info(count: int, next_marker: str) -> dict[str, Any]:
    info: dict[str, Any] = {"current_count": count}
    if next_marker:
        info["next_marker"] = next_marker
    return info


def encode_marker(kind: str, *parts: Any) -> str:
    """An opaque, URL-safe marker for one kind of list.

    Clients send it back unescaped (Terraform's provider does), so it holds
    only base64url characters; the kind keeps one list's marker out of another.
    """
    raw = json.dumps([kind, *parts], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_marker(marker: str, kind: str, *types: type) -> list[Any]:
    """The parts of a marker made by ``encode_marker(kind, ...)``; else a 400.

    ``types`` gives the type of each part, so a forged marker is refused here
    and not deep inside a Redis call.
    """
    try:
        padded = marker + "=" * (-len(marker) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, UnicodeError) as exc:
        raise BadRequest("marker: is not a marker this list gave", BAD_MARKER) from exc
    if not _shaped(parts, kind, types):
        raise BadRequest("marker: is not a marker this list gave", BAD_MARKER)
    return list(parts[1:])


def _shaped(parts: Any, kind: str, types: tuple[type, ...]) -> bool:
    if not isinstance(parts, list) or parts[:1] != [kind]:
        return False
    values = parts[1:]
    return len(values) == len(types) and all(
        isinstance(v, t) and not isinstance(v, bool)
        for v, t in zip(values, types, strict=True)
    )
