"""Rate limiting per caller and project, counted in Redis by every web process.

Every request that names a project is counted once. Most are counted before
anything else runs; the operations that end in an admission script
(``ADMITTED``) leave the count to that script, which checks the limit before
it looks at the stack: one round trip instead of two on the hot path. Such a
request that ends before its script runs (a bad body, say) is counted as it
leaves, and answered 429 instead when it was over the limit, so what a caller
sees does not depend on where it was counted.
"""

import math

from flask import Response, g, request
from redis.exceptions import RedisClusterException, RedisError

from app import context, requests
from app.errors import TooManyRequests, render
from formation import keys
from formation.store import Rate

# Flask endpoints whose handlers call ``operations._admit``.
ADMITTED = frozenset(
    {
        "stacks.deploy_stack",
        "stacks.continue_deploy_stack",
        "stacks.continue_rollback_stack",
        "stacks.delete_stack",
        "stacks.delete_stack_enhanced",
    }
)


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
    rate = Rate(keys.throttle(project, g.caller), limit.requests, limit.window * 1000)
    if request.endpoint in ADMITTED:
        g.rate = rate
        return
    wait_ms = context.store().throttle(rate)
    if wait_ms:
        raise too_many(wait_ms)


def deferred() -> Rate | None:
    """The count an admission script takes over from this request, if any."""
    rate: Rate | None = g.pop("rate", None)
    return rate


def too_many(wait_ms: int) -> TooManyRequests:
    return TooManyRequests(
        "Too many requests. Please try again later.",
        retry_after=max(1, math.ceil(wait_ms / 1000)),
    )


def count_unadmitted(response: Response) -> Response:
    """Flask hook: count a deferred request that never reached its script."""
    rate = deferred()
    if rate is None:
        return response
    try:
        wait_ms = context.store().throttle(rate)
    except (RedisError, RedisClusterException):
        # Redis is out: the answer (most likely a 503 already) stands.
        return response
    return render(too_many(wait_ms)) if wait_ms else response
