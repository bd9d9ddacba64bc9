"""Request and response schemas; every input is loaded through one of these."""

import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Validator

from app.errors import Problem

STACK_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z][\u4e00-\u9fa5A-Za-z0-9_-]*$")
PROJECT_ID = re.compile(r"^[A-Za-z0-9-]+$")
VAR_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
NAME_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")


class Length(Validator):
    """Length bounds that report RF.10011005 (too long) or RF.10011006 (too short)."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def __call__(self, value: Any) -> Any:
        if len(value) > self.high:
            raise ValidationError(
                Problem("RF.10011005", f"must be at most {self.high} long")
            )
        if len(value) < self.low:
            raise ValidationError(
                Problem("RF.10011006", f"must be at least {self.low} long")
            )
        return value


class Pattern(Validator):
    def __init__(self, regex: re.Pattern[str], code: str, rule: str) -> None:
        self.regex, self.code, self.rule = regex, code, rule

    def __call__(self, value: str) -> str:
        if not self.regex.match(value):
            raise ValidationError(Problem(self.code, self.rule))
        return value


def _typed(field: type[fields.Field[Any]], kind: str, **kw: Any) -> Any:
    messages: dict[str, Any] = {"invalid": Problem("RF.10011038", f"must be {kind}")}
    return field(error_messages=messages, **kw)


def Str(low: int, high: int, *extra: Validator, **kw: Any) -> Any:
    return _typed(fields.String, "a string", validate=[Length(low, high), *extra], **kw)


def Bool(**kw: Any) -> Any:
    # Only JSON true/false: marshmallow would otherwise accept "yes" or 1.
    return _typed(fields.Boolean, "a boolean", truthy={True}, falsy={False}, **kw)


def List(inner: Any, high: int, **kw: Any) -> Any:
    return _typed(
        fields.List, "a list", cls_or_instance=inner, validate=Length(0, high), **kw
    )


def StackName(**kw: Any) -> Any:
    rule = (
        "must start with a letter or Chinese character and hold only letters, "
        "Chinese characters, digits, _ and -"
    )
    return Str(1, 128, Pattern(STACK_NAME, "RF.10011010", rule), **kw)


def StackId(**kw: Any) -> Any:
    return Str(36, 36, **kw)


class Strict(Schema):
    """Base of every schema: unknown fields are errors, types are exact."""

    class Meta:
        unknown = RAISE


class Agency(Strict):
    provider_name = Str(1, 128, required=True)
    agency_name = Str(1, 64)
    agency_urn = Str(1, 2048)


class VarsStructure(Strict):
    var_key = Str(
        1,
        32,
        Pattern(
            VAR_KEY,
            "RF.10011039",
            "must start with a letter and hold only letters, digits, _ and -",
        ),
        required=True,
    )
    var_value = Str(0, 2048, required=True)


class Template(Strict):
    template_body = Str(0, 51200)
    template_uri = Str(0, 2048)
    vars_body = Str(0, 51200)
    vars_uri = Str(0, 2048)
    vars_structure = List(fields.Nested(VarsStructure), 100)

    @validates_schema
    def one_template(self, data: dict[str, Any], **_: Any) -> None:
        if "template_body" in data and "template_uri" in data:
            raise ValidationError(
                Problem("RF.10011003", "give template_body or template_uri, not both")
            )


class CreateStack(Template):
    stack_name = StackName(required=True)
    description = Str(0, 1024)
    agencies = List(fields.Nested(Agency), 10)
    enable_deletion_protection = Bool()
    enable_auto_rollback = Bool()


class DeployStack(Template):
    stack_id = StackId()

    @validates_schema
    def needs_template(self, data: dict[str, Any], **_: Any) -> None:
        if "template_body" not in data and "template_uri" not in data:
            raise ValidationError(
                Problem("RF.10011056", "template_body or template_uri is required")
            )


class StackRef(Strict):
    """Body of ContinueDeployStack (and query of the reads): an optional stack_id."""

    stack_id = StackId()


class Path(Strict):
    project_id = Str(
        3, 64, Pattern(PROJECT_ID, "RF.10011016", "may hold only letters, digits and -")
    )
    stack_name = StackName()


class ClientRequestId(Strict):
    client_request_id = Str(36, 128, required=True, data_key="Client-Request-Id")


class Page(Strict):
    stack_id = StackId()
    marker = Str(1, 512)
    limit = _typed(fields.Integer, "an integer", strict=False)

    @validates_schema
    def limit_range(self, data: dict[str, Any], **_: Any) -> None:
        limit = data.get("limit")
        if limit is not None and not 1 <= limit <= 1000:
            raise ValidationError(
                Problem("RF.10011036", "limit must be between 1 and 1000"), "limit"
            )


class EventsQuery(Page):
    deployment_id = Str(36, 36)
    filter = Str(0, 512)
    field = Str(0, 128)
