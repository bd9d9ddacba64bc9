"""How stacks, resources and markers look in API responses."""

import base64
import json
from typing import Any

from app.errors import BadRequest
from formation.records import IN_PROGRESS, Resource, Stack, rfc3339


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


def encode_marker(*parts: Any) -> str:
    """An opaque, URL-safe marker (clients send it back unescaped)."""
    raw = json.dumps(parts, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_marker(marker: str, arity: int) -> list[Any]:
    try:
        padded = marker + "=" * (-len(marker) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as exc:
        raise BadRequest("marker is not valid", "RF.10011038") from exc
    if not isinstance(parts, list) or len(parts) != arity:
        raise BadRequest("marker is not valid", "RF.10011038")
    return parts
