"""The chain baseline: Formation's Celery settings, tasks that do nothing.

``celery -A bench.bare worker`` runs it. Only the tasks differ from
Formation's worker (same ``make_celery`` settings, same worker options); they
listen on a queue of their own. The first and last task of a chain write
Redis's clock, so a chain's time is measured like a deployment's (from its
``started_at`` in prepare to its ``finished_at`` in finalize).
"""

import os

import redis
from celery import chain

from formation.settings import Settings
from workers.celery_app import make_celery

QUEUE = "bench-bare"
MARK, NOOP = "bench.mark", "bench.noop"

app = make_celery(Settings.from_env())
app.conf.update(include=[], task_default_queue=QUEUE)
_clock = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)


def marks_key(run: str) -> str:
    return f"bench:bare:{run}"


@app.task(name=MARK)
def mark(run: str, which: str) -> None:
    seconds, micros = _clock.time()
    _clock.hset(marks_key(run), which, int(seconds) * 1000 + int(micros) // 1000)


@app.task(name=NOOP)
def noop(run: str, index: int) -> None:
    """Nothing: what is left of a step is Celery's own cost."""


def bare_chain(run: str, steps: int) -> chain:
    """mark start, ``steps`` no-op tasks, mark end: the shape of a deployment."""
    tasks = [app.signature(MARK, args=(run, "start"), immutable=True)]
    tasks += [app.signature(NOOP, args=(run, i), immutable=True) for i in range(steps)]
    tasks.append(app.signature(MARK, args=(run, "end"), immutable=True))
    return chain(*tasks)
