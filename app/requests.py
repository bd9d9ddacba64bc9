"""Reading path, header, query and body of a request through their schemas."""

import json
from typing import Any

from flask import request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, UnsupportedMediaType

from app import schemas
from app.errors import BadRequest

_PATH = schemas.Path()
_REQUEST_ID = schemas.ClientRequestId()


def path(**params: str) -> None:
    """Validate path parameters (project_id, stack_name)."""
    _PATH.load(params)


def request_id() -> str:
    """The mandatory Client-Request-Id header (36 to 128 characters)."""
    value = request.headers.get("Client-Request-Id")
    loaded = _REQUEST_ID.load({} if value is None else {"Client-Request-Id": value})
    found: str = loaded["client_request_id"]
    return found


def query(schema: Schema) -> dict[str, Any]:
    """The query string loaded through ``schema``.

    A list field takes every value of its repeated key (the SDK sends lists
    that way); any other key given twice is refused rather than half-read.
    """
    raw: dict[str, Any] = {}
    for name, values in request.args.lists():
        field = schema.fields.get(name)
        if isinstance(field, fields.List):
            raw[name] = values
        elif len(values) > 1:
            raise BadRequest(f"{name}: is given more than once", "RF.10011093")
        else:
            raw[name] = values[0]
    loaded: dict[str, Any] = schema.load(raw)
    return loaded


def body(schema: Schema, *, required: bool) -> dict[str, Any]:
    """The JSON body loaded through ``schema``; an absent body is ``{}`` if allowed."""
    try:
        raw = request.get_data(cache=True)
    except HTTPException:
        raise  # 413 and the like say it already
    except Exception as exc:
        # A body the server cannot read, such as a malformed chunked one.
        raise BadRequest("the body could not be read", "RF.10011033") from exc
    if not raw.strip():
        if required:
            raise BadRequest("a JSON body is required", "RF.10011032")
        return {}
    if request.mimetype and request.mimetype != "application/json":
        raise UnsupportedMediaType("the body must be application/json")
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise BadRequest("the body is nested too deeply", "RF.10011033") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the body is not valid JSON", "RF.10011033") from exc
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object", "RF.10011038")
    loaded: dict[str, Any] = schema.load(data)
    return loaded
