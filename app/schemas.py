"""Request schemas; every path, header, query and body is loaded through one.

Each refusal names its field and carries the RF code of the contract (see
``app.fields``). Response schemas are in ``app.responses``.
"""

import ipaddress
import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validates_schema

from app.errors import Problem
from app.fields import Bool, Int, List, Pattern, Str

STACK_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z][\u4e00-\u9fa5A-Za-z0-9_-]*$")
PROJECT_ID = re.compile(r"^[A-Za-z0-9-]+$")
VAR_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
MARKER = re.compile(r"^[A-Za-z0-9_-]+$")
# Printable ASCII: what the filter and field grammars can use, and it keeps
# every valid URL within the HTTP server's 8 KiB request line.
ASCII = re.compile(r"^[ -~]*$")

TEMPLATE_LIMIT = 51200
VARS_TOO_LONG = "RF.10011141"
NOT_UTF8 = "RF.10011085"


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

    @validates_schema
    def one_identity(self, data: dict[str, Any], **_: Any) -> None:
        given = [n for n in ("agency_name", "agency_urn") if n in data]
        if not given:
            raise ValidationError(
                Problem("RF.10011001", "agency_name or agency_urn is required")
            )
        if len(given) == 2:
            raise ValidationError(
                Problem("RF.10011038", "give agency_name or agency_urn, not both")
            )


def Agencies() -> Any:
    return List(fields.Nested(Agency), 10, _distinct_providers)


def _distinct_providers(agencies: list[dict[str, Any]]) -> None:
    names = [a["provider_name"] for a in agencies]
    if len(set(names)) != len(names):
        raise ValidationError(
            Problem("RF.10011065", "each provider_name may be given only once")
        )


class Kms(Strict):
    id = Str(36, 36, required=True)
    cipher_text = Str(2, 2048, required=True)


class Encryption(Strict):
    kms = fields.Nested(Kms, required=True)


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
    encryption = fields.Nested(Encryption)

    @validates_schema
    def plain_values(self, data: dict[str, Any], **_: Any) -> None:
        # The schema knows the field so the message can say why it is refused.
        if "encryption" in data:
            raise ValidationError(
                Problem(
                    "RF.10011002",
                    "encrypted variables are not supported by this server",
                ),
                "encryption",
            )


class Template(Strict):
    template_body = Str(0, TEMPLATE_LIMIT, text_code=NOT_UTF8)
    template_uri = Str(0, 2048)
    vars_body = Str(0, TEMPLATE_LIMIT, too_long=VARS_TOO_LONG, text_code=NOT_UTF8)
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
    agencies = Agencies()
    enable_deletion_protection = Bool()
    enable_auto_rollback = Bool()


class DeployStack(Template):
    stack_id = StackId()

    @validates_schema
    def needs_template(self, data: dict[str, Any], **_: Any) -> None:
        # An empty text is no template: a deployment needs something to apply.
        if not data.get("template_body") and not data.get("template_uri"):
            raise ValidationError(
                Problem("RF.10011056", "template_body or template_uri is required")
            )


UPDATABLE = (
    "description",
    "enable_deletion_protection",
    "enable_auto_rollback",
    "agencies",
)


class UpdateStack(Strict):
    """UpdateStack: only the given fields change; given values overwrite."""

    stack_id = StackId()
    description = Str(0, 1024)
    enable_deletion_protection = Bool()
    enable_auto_rollback = Bool()
    agencies = Agencies()

    @validates_schema
    def something_to_update(self, data: dict[str, Any], **_: Any) -> None:
        if not any(name in data for name in UPDATABLE):
            raise ValidationError(
                Problem(
                    "RF.10011084",
                    "nothing to update: give at least one of " + ", ".join(UPDATABLE),
                )
            )


class StackRef(Strict):
    """Body of ContinueDeployStack (and query of the reads): an optional stack_id."""

    stack_id = StackId()


class DeleteStackEnhanced(StackRef):
    retain_all_resources = Bool()


class Path(Strict):
    project_id = Str(
        3, 64, Pattern(PROJECT_ID, "RF.10011016", "may hold only letters, digits and -")
    )
    stack_name = StackName()


class ClientRequestId(Strict):
    client_request_id = Str(36, 128, required=True, data_key="Client-Request-Id")


class NoQuery(Strict):
    """Query of the routes that take a body: no parameter is known."""


class Page(Strict):
    stack_id = StackId()
    marker = Str(
        1, 512, Pattern(MARKER, "RF.10011038", "is not a marker this list gave")
    )
    limit = Int(10, 1000)


class StacksPage(Page):
    class Meta(Strict.Meta):
        exclude = ("stack_id",)


class EventsQuery(Page):
    deployment_id = Str(36, 36)
    filter = Str(0, 512, Pattern(ASCII, "RF.10011089", "may hold only printable ASCII"))
    field = Str(0, 128, Pattern(ASCII, "RF.10011027", "may hold only printable ASCII"))


VPC_ID = re.compile(r"^[a-z0-9-]+$")


def _cidr(value: str) -> None:
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError as exc:
        raise ValidationError(
            Problem("RF.10011038", "must be an IPv4 CIDR block such as 10.0.0.0/8")
        ) from exc
    if "/" not in value:
        raise ValidationError(
            Problem("RF.10011038", "must be an IPv4 CIDR block such as 10.0.0.0/8")
        )


class TemplateQuery(Strict):
    """GetStackTemplate: source addresses the download link is restricted to.

    VPC ids are checked for form only: this server cannot tell which VPC a
    download comes from.
    """

    stack_id = StackId()
    access_control_source_ips = List(Str(1, 18, _cidr), 10)
    access_control_source_vpc_ids = List(
        Str(1, 64, Pattern(VPC_ID, "RF.10011009", "may hold only a-z, 0-9 and -")),
        10,
    )
