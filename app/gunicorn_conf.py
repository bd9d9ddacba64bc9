"""gunicorn settings for the web process, read from the environment."""

import os
from typing import Any

from formation.metrics import mark_dead, use_group_folder

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
# The largest request line gunicorn allows; a longer one gets its own 414 page.
limit_request_line = 8190
accesslog = "-"

# Every line, gunicorn's access log included, is one JSON object; lines logged
# while a request runs carry its ids (formation.logs binds them).
_JSON = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level"},
}
logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["error_console"],
            "propagate": False,
            "qualname": "gunicorn.error",
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
            "qualname": "gunicorn.access",
        },
    },
    "filters": {"bound": {"()": "formation.logs.BoundFields"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["bound"],
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["bound"],
            "stream": "ext://sys.stderr",
        },
    },
    "formatters": {"json": _JSON},
}
# The access line's message is client, request line, status, bytes and
# duration (app/access_log.py); its JSON line also carries the bound ids.
logger_class = "app.access_log.AccessLogger"

# Metrics: the master makes the folder every worker it forks writes samples to,
# and forgets a dead worker's live gauges (its counters keep counting).
use_group_folder("web", leader=True)


def child_exit(server: Any, worker: Any) -> None:
    mark_dead(worker.pid)
