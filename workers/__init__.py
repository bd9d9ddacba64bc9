"""Celery workers that carry deployments: ``celery -A workers worker``."""

from formation.settings import Settings
from workers.celery_app import make_celery

settings = Settings.from_env()
app = make_celery(settings)

__all__ = ["app", "settings"]
