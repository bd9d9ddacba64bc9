"""Response schemas: every JSON answer is dumped through one of these.

They are also what the OpenAPI document says each answer looks like, so a
field added to a view but not here never reaches a client unannounced.
"""

from typing import Any

from marshmallow import RAISE, Schema, fields
from marshmallow.validate import OneOf, Regexp

STACK_STATUSES = (
    "CREATION_COMPLETE",
    "DEPLOYMENT_IN_PROGRESS",
    "DEPLOYMENT_FAILED",
    "DEPLOYMENT_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETION_IN_PROGRESS",
    "DELETION_FAILED",
)
RESOURCE_STATUSES = tuple(
    f"{verb}_{state}"
    for verb in ("CREATION", "DELETION", "UPDATE")
    for state in ("IN_PROGRESS", "FAILED", "COMPLETE")
)
EVENT_TYPES = ("LOG", "ERROR", "DRIFT", "SUMMARY", *RESOURCE_STATUSES)
TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"


def _text(**kw: Any) -> Any:
    return fields.String(**kw)


def _time() -> Any:
    return fields.String(required=True, validate=Regexp(TIME))


class Out(Schema):
    """Base of the response schemas; the document lists every field they send."""

    class Meta:
        unknown = RAISE


class PageInfo(Out):
    next_marker = _text()
    previous_marker = _text()
    current_count = fields.Integer(required=True)


class AgencyView(Out):
    provider_name = _text(required=True)
    agency_name = _text()
    agency_urn = _text()


class Variable(Out):
    var_key = _text(required=True)
    var_value = _text(required=True)


class StackSummary(Out):
    stack_name = _text(required=True)
    description = _text(required=True)
    stack_id = _text(required=True)
    status = _text(required=True, validate=OneOf(STACK_STATUSES))
    create_time = _time()
    update_time = _time()
    status_message = _text()


class StackMetadata(StackSummary):
    vars_structure = fields.List(fields.Nested(Variable), required=True)
    vars_body = _text(required=True)
    enable_deletion_protection = fields.Boolean(required=True)
    enable_auto_rollback = fields.Boolean(required=True)
    agencies = fields.List(fields.Nested(AgencyView), required=True)


class StackList(Out):
    stacks = fields.List(fields.Nested(StackSummary), required=True)
    page_info = fields.Nested(PageInfo, required=True)


class StackEvent(Out):
    """An event; ``field=`` may leave out every attribute but ``event_type``."""

    event_type = _text(required=True, validate=OneOf(EVENT_TYPES))
    event_message = _text()
    time = fields.String(validate=Regexp(TIME))
    resource_type = _text()
    resource_name = _text()
    resource_id_key = _text()
    resource_id_value = _text()
    resource_key = _text()
    elapsed_seconds = fields.Integer()


class EventList(Out):
    stack_events = fields.List(fields.Nested(StackEvent), required=True)
    page_info = fields.Nested(PageInfo, required=True)


class Attribute(Out):
    key = _text(required=True)
    value = _text(required=True)


class StackResource(Out):
    physical_resource_id = _text(required=True)
    physical_resource_name = _text(required=True)
    logical_resource_name = _text(required=True)
    logical_resource_type = _text(required=True)
    index_key = _text()
    resource_status = _text(required=True, validate=OneOf(RESOURCE_STATUSES))
    status_message = _text()
    resource_attributes = fields.List(fields.Nested(Attribute))


class ResourceList(Out):
    stack_resources = fields.List(fields.Nested(StackResource), required=True)
    page_info = fields.Nested(PageInfo, required=True)


class StackOutput(Out):
    name = _text(required=True)
    description = _text(required=True)
    type = _text(required=True)
    value = _text(required=True)
    sensitive = fields.Boolean(required=True)


class OutputList(Out):
    outputs = fields.List(fields.Nested(StackOutput), required=True)
    page_info = fields.Nested(PageInfo, required=True)


class Created(Out):
    stack_id = _text(required=True)
    deployment_id = _text()


class Accepted(Out):
    deployment_id = _text(required=True)


class ErrorDetail(Out):
    error_code = _text(required=True)
    error_msg = _text(required=True)


class ErrorBody(Out):
    error_code = _text(required=True, validate=Regexp(r"^RF\.\d{8}$"))
    error_msg = _text(required=True)
    encoded_authorization_message = _text()
    details = fields.List(fields.Nested(ErrorDetail))


class Health(Out):
    status = _text(required=True)


STACK_METADATA = StackMetadata()
STACK_LIST = StackList()
EVENT_LIST = EventList()
RESOURCE_LIST = ResourceList()
OUTPUT_LIST = OutputList()
CREATED = Created()
ACCEPTED = Accepted()
