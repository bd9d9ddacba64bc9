"""Formation's web tier: ``gunicorn 'app:create_app()'``."""

import logging
import uuid

from flask import Flask, Response, g, jsonify

from formation.settings import Settings

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web application; ``settings`` default to the environment."""
    from app import errors, stacks
    from workers.celery_app import make_celery

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["formation.settings"] = settings
    app.extensions["formation.celery"] = make_celery(settings)
    errors.register(app)
    app.register_blueprint(stacks.bp)

    @app.before_request
    def assign_request_id() -> None:
        g.request_id = str(uuid.uuid4())

    @app.after_request
    def tag_response(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id") or str(uuid.uuid4())
        return response

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    return app
