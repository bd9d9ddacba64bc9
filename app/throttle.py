"""Rate limiting per caller and project, counted in Redis by every web process."""

import math

from flask import g, request

from app import context, requests
from app.errors import TooManyRequests


def check_rate() -> None:
    """Flask hook: count the request; 429 with Retry-After when over the limit.

    Runs after ``auth.check_caller``, so refused callers are never counted,
    and only on routes that name a project (the key lives under its hash tag).
    """
    limit = context.web_config().rate_limit
    args = request.view_args or {}
    if limit is None or "project_id" not in args:
        return
    project = str(args["project_id"])
    requests.path(project_id=project)

    wait_ms = context.store().throttle(
        project, g.caller, limit.requests, limit.window * 1000
    )
    if wait_ms:
        raise TooManyRequests(
            "Too many requests. Please try again later.",
            retry_after=max(1, math.ceil(wait_ms / 1000)),
        )
