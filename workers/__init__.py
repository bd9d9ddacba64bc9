"""Celery workers that carry deployments: ``celery -A workers worker``."""

from formation.metrics import use_group_folder
from formation.settings import Settings
from workers import broker_guard
from workers.celery_app import make_celery

broker_guard.install()
settings = Settings.from_env()
app = make_celery(settings)

# Before prometheus_client is first imported (workers.metrics, via the signals):
# the worker's pool children, forked later, write samples to this folder.
use_group_folder("celery")

from workers import signals  # noqa: E402,F401  (connects start-up hooks)

__all__ = ["app", "settings"]
