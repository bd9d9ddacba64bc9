"""Formation's web tier: ``gunicorn 'app:create_app()'``."""

import logging
import uuid

from flask import Flask, Response, g, request

from app.config import WebConfig
from formation import logs
from formation.metrics import use_group_folder
from formation.settings import Settings

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024


def create_app(settings: Settings | None = None, web: WebConfig | None = None) -> Flask:
    """Build the web application; both configurations default to the environment.

    Every request passes, in this order: request id, caller check (signature
    and project rights), rate limit, then its route's validation.
    """
    # Before prometheus_client is first imported (app.metrics): under gunicorn
    # this is the folder the master made for every worker it forks.
    use_group_folder("web")
    from app import (
        auth,
        downloads,
        errors,
        metrics,
        openapi,
        probes,
        reads,
        stacks,
        throttle,
    )
    from workers.celery_app import make_celery
    from workers.chains import Chains

    settings = settings or Settings.from_env()
    web = web or WebConfig.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    # Flask answers OPTIONS itself with an empty HTML response; without it an
    # OPTIONS request is a 405 in the JSON error body like any other method.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["formation.settings"] = settings
    app.extensions["formation.web"] = web
    celery = make_celery(settings)
    app.extensions["formation.celery"] = celery
    app.extensions["formation.chains"] = Chains(celery, settings)
    errors.register(app)

    app.before_request(_assign_request_id)
    app.before_request(auth.check_caller)
    app.before_request(throttle.check_rate)
    app.after_request(_tag_response)
    app.after_request(metrics.count_request)
    # After-request hooks run last-registered first: this one may turn the
    # answer into a 429, which the two above then tag and count.
    app.after_request(throttle.count_unadmitted)

    app.register_blueprint(stacks.bp)
    app.register_blueprint(reads.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(openapi.bp)
    app.add_url_rule("/healthz", view_func=probes.healthz)
    app.add_url_rule("/readyz", view_func=probes.readyz)
    app.add_url_rule("/metrics", view_func=metrics.serve)
    _announce(web)
    return app


def _assign_request_id() -> None:
    g.request_id = str(uuid.uuid4())
    view = request.view_args or {}
    logs.clear()
    logs.bind(
        request_id=g.request_id,
        client_request_id=request.headers.get("Client-Request-Id", "")[:128],
        project=view.get("project_id", ""),
        stack=view.get("stack_name", ""),
    )


def _tag_response(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id") or str(uuid.uuid4())
    return response


def _announce(web: WebConfig) -> None:
    if not web.auth_enabled:
        logger.warning(
            "AUTHENTICATION IS OFF: no FORMATION_CREDENTIALS or "
            "FORMATION_CREDENTIALS_FILE is set, so every request to /v1 is "
            "accepted unsigned. Run Formation like this only on a trusted network."
        )
    else:
        logger.info("signed requests required; %d access keys", len(web.credentials))
    if web.rate_limit is None:
        logger.warning("rate limiting is off (FORMATION_RATE_LIMIT=off)")
