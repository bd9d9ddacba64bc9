"""Per-process services the web tier uses: settings, store, Celery producer."""

from functools import cache

from celery import Celery
from flask import current_app

from app.config import WebConfig
from formation.redis_client import client
from formation.settings import Settings
from formation.store import Store
from workers.chains import Chains


def settings() -> Settings:
    found: Settings = current_app.extensions["formation.settings"]
    return found


@cache
def _store(settings_: Settings) -> Store:
    return Store(client(settings_), settings_)


def store() -> Store:
    return _store(settings())


def celery() -> Celery:
    found: Celery = current_app.extensions["formation.celery"]
    return found


def chains() -> Chains:
    found: Chains = current_app.extensions["formation.chains"]
    return found


def web_config() -> WebConfig:
    found: WebConfig = current_app.extensions["formation.web"]
    return found
