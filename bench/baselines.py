"""The two bare servers Formation's admission is measured against.

Both are served by the same gunicorn command and config as Formation
(``processes.start_web``): ``bench.baselines:hello_app()`` and
``bench.baselines:naive_app()``.
"""

import os
import uuid

import redis
from celery import Celery, chain
from flask import Flask, Response, jsonify, request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

CONTINUE_ROUTE = "/v1/<project_id>/stacks/<stack_name>/continuations"


def hello_app() -> Flask:
    """The floor: Flask answering a constant, on the route the load targets."""
    app = Flask(__name__)

    @app.post(CONTINUE_ROUTE)
    def hello(project_id: str, stack_name: str) -> str:
        return "Hello, World!"

    app.add_url_rule("/healthz", view_func=lambda: "ok")
    return app


class _Body(Schema):
    class Meta:
        unknown = RAISE

    stack_id = fields.Str(validate=validate.Length(36, 36))


class _Header(Schema):
    class Meta:
        unknown = RAISE

    client_request_id = fields.Str(
        required=True, data_key="Client-Request-Id", validate=validate.Length(36, 128)
    )


def naive_app() -> Flask:
    """What a straightforward ContinueDeployStack would do, without Formation's care.

    Validate, take a lock with SET NX, HSET the status, XADD an event and
    publish a 3-task chain: four round trips, none atomic with the others.
    Its keys live under ``naive:`` and its tasks go to the ``naive`` queue,
    which no worker consumes during the measurement.
    """
    url = os.environ["REDIS_URL"]
    db = redis.Redis.from_url(url, decode_responses=True)
    celery = Celery("naive", broker=url)
    celery.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_default_queue="naive",
    )
    body_schema, header_schema = _Body(), _Header()
    app = Flask(__name__)

    @app.post(CONTINUE_ROUTE)
    def continue_deploy(project_id: str, stack_name: str) -> tuple[Response, int]:
        try:
            header_schema.load(
                {"Client-Request-Id": request.headers.get("Client-Request-Id")}
            )
            body_schema.load(request.get_json(silent=True) or {})
        except ValidationError as exc:
            return jsonify(error=exc.messages), 400

        deployment_id = str(uuid.uuid4())
        where = f"naive:{project_id}:{stack_name}"
        if not db.set(f"{where}:lock", deployment_id, nx=True, ex=3600):
            return jsonify(error="busy"), 409
        db.hset(f"{where}:stack", "status", "DEPLOYMENT_IN_PROGRESS")
        db.xadd(f"{where}:events", {"type": "LOG", "msg": "Deployment queued"})

        args = (project_id, deployment_id)
        chain(
            celery.signature("naive.prepare", args=args, immutable=True),
            celery.signature("naive.step", args=(*args, 0), immutable=True),
            celery.signature("naive.finalize", args=args, immutable=True),
        ).apply_async()
        return jsonify(deployment_id=deployment_id), 202

    app.add_url_rule("/healthz", view_func=lambda: "ok")
    return app
