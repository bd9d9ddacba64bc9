"""UpdateStack: change a stack's description, flags or agencies in place."""

import json
import logging
from typing import Any

from app import context
from app.errors import BadRequest, Forbidden, FormationError, NotFound

logger = logging.getLogger(__name__)

BUSY = "RF.10012519"
NO_ROLLBACK = "RF.10012546"


def update_stack(project: str, name: str, body: dict[str, Any]) -> None:
    """Overwrite the given fields in one script that checks the stack first.

    Refused while the stack is held or ``*_IN_PROGRESS`` (403 RF.10012519,
    on which Terraform's provider retries) and when auto-rollback would be
    switched on from a ``*_FAILED`` status (403 RF.10012546). Writes only the
    stack hash; sending the same update again changes nothing more.
    """
    outcome = context.store().update_stack(
        project, name, body.get("stack_id", ""), _fields(body)
    )
    if not outcome.accepted:
        raise _refusal(outcome.verdict, outcome.detail)
    logger.info("stack updated", extra={"project_id": project, "stack_name": name})


def _fields(body: dict[str, Any]) -> dict[str, str]:
    """The stack hash fields for the given values, as CreateStack stores them."""
    fields: dict[str, str] = {}
    if "description" in body:
        fields["description"] = body["description"]
    for flag in ("enable_deletion_protection", "enable_auto_rollback"):
        if flag in body:
            fields[flag] = "1" if body[flag] else "0"
    if "agencies" in body:
        fields["agencies"] = json.dumps(body["agencies"])
    return fields


def _refusal(verdict: str, status: str) -> FormationError:
    if verdict == "no_stack":
        return NotFound("the stack does not exist")
    if verdict == "mismatch":
        return BadRequest(
            "stack_id does not match the stack with this name", "RF.10011015"
        )
    if verdict == "rollback":
        return Forbidden(
            f"enable_auto_rollback cannot be switched on while the stack is {status}",
            NO_ROLLBACK,
        )
    return Forbidden(
        f"the stack is busy ({status or 'held by an operation'}); retry later", BUSY
    )
