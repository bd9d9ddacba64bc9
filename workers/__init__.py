"""Celery workers that carry deployments: ``celery -A workers worker``."""

from formation.settings import Settings
from workers.celery_app import make_celery

settings = Settings.from_env()
app = make_celery(settings)

from workers import signals  # noqa: E402,F401  (connects start-up hooks)

__all__ = ["app", "settings"]
