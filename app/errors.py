"""Formation's errors and the one JSON error body every failure becomes."""

import logging
from typing import Any

from flask import Flask, Response, g, jsonify
from marshmallow import ValidationError
from redis.exceptions import RedisClusterException, RedisError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class FormationError(Exception):
    """Root of every error the API reports; carries its HTTP status and RF code."""

    status = 500
    code = "RF.10010001"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadRequest(FormationError):
    """Raised when input breaks the contract; ``code`` names the rule."""

    status = 400
    code = "RF.10011001"


class Unauthorized(FormationError):
    """Raised when a request is unsigned, stale or wrongly signed."""

    status = 401
    code = "RF.10012001"


class Forbidden(FormationError):
    """Raised when the stack's status or the caller's rights forbid the call."""

    status = 403
    code = "RF.10012507"


class NotFound(FormationError):
    status = 404
    code = "RF.10013001"


class Conflict(FormationError):
    """Raised when another operation holds the stack."""

    status = 409
    code = "RF.10013503"


class TooManyRequests(FormationError):
    """Raised when a caller is over its rate limit; says when to come back."""

    status = 429
    code = "RF.10014001"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(FormationError):
    """Raised when Redis or the broker cannot be reached in time."""

    status = 503
    code = "RF.10010001"


class Problem(str):
    """A validation message that knows its RF code."""

    code: str

    def __new__(cls, code: str, message: str) -> "Problem":
        problem = super().__new__(cls, message)
        problem.code = code
        return problem


# Messages marshmallow writes itself, mapped to the codes of the contract.
_BUILTIN_CODES = {
    "Missing data for required field.": "RF.10011001",
    "Unknown field.": "RF.10011002",
    "Field may not be null.": "RF.10011038",
}


def _first_problem(messages: Any, path: str = "") -> tuple[str, str]:
    """The first message of a marshmallow error tree, with the field's path."""
    if isinstance(messages, dict):
        name, inner = next(iter(messages.items()))
        field = f"{path}.{name}" if path else str(name)
        return _first_problem(inner, field)
    if isinstance(messages, list) and messages:
        return _first_problem(messages[0], path)
    return path, messages


def from_validation(error: ValidationError) -> BadRequest:
    field, message = _first_problem(error.messages)
    code = getattr(message, "code", None) or _BUILTIN_CODES.get(message, "RF.10011038")
    text = f"{field}: {message}" if field and field != "_schema" else str(message)
    return BadRequest(text, code)


def _body(status: int, code: str, message: str) -> Response:
    response = jsonify(error_code=code, error_msg=message)
    response.status_code = status
    return response


def _http_code(status: int) -> str:
    return {
        400: "RF.10011033",
        401: "RF.10012001",
        403: "RF.10012507",
        404: "RF.10013001",
        409: "RF.10013503",
        429: "RF.10014001",
    }.get(status, "RF.10011001" if 400 <= status < 500 else "RF.10010001")


def render(exc: FormationError) -> Response:
    """The JSON error body of one of our errors."""
    if exc.status >= 500:
        logger.warning("request failed: %s", exc.message)
    response = _body(exc.status, exc.code, exc.message)
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def register(app: Flask) -> None:
    """Turn every error, ours or Flask's, into the JSON error body."""

    app.errorhandler(FormationError)(render)

    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError) -> Response:
        bad = from_validation(exc)
        return _body(bad.status, bad.code, bad.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        return _body(status, _http_code(status), exc.description or exc.name)

    @app.errorhandler(RedisError)
    @app.errorhandler(RedisClusterException)
    def redis_error(exc: Exception) -> Response:
        logger.warning("redis unavailable: %s", exc)
        return _body(503, "RF.10010001", "The state store is unavailable; retry later.")

    @app.errorhandler(RecursionError)
    def too_deep(exc: RecursionError) -> Response:
        # Parsing and evaluating are recursive: a body or template nested
        # thousands of levels deep exhausts the stack. It is bad input.
        return _body(
            400, "RF.10011074", "the request nests values or expressions too deeply"
        )

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error", extra={"request_id": g.get("request_id")})
        return _body(500, "RF.10010001", "Internal error.")
