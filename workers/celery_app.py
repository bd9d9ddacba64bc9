"""The Celery application shared by workers (which run tasks) and web (which sends)."""

from celery import Celery

from formation.settings import Settings

TASK_PREPARE = "formation.prepare"
TASK_STEP = "formation.step"
TASK_FINALIZE = "formation.finalize"
TASK_STEP_FAILED = "formation.step_failed"
TASK_REAP = "formation.reap"
QUEUE = "formation"


def make_celery(settings: Settings) -> Celery:
    """Configure Celery for at-least-once delivery that Redis turns into once.

    Late acks with prefetch 1 keep waiting deployments in the broker's list (not
    in a worker's buffer, where the visibility timeout would redeliver them); a
    lost pool child is not requeued (the deployment fails and can be continued).
    """
    app = Celery("formation", broker=settings.broker_url, include=["workers.tasks"])
    transport = {
        "visibility_timeout": settings.visibility_timeout,
        # kombu scans for unacked messages past the visibility timeout every
        # interval x throttle seconds (100 s by default); scan every interval.
        "unacked_restore_interval": settings.redelivery_sweep,
        "unacked_restore_throttle": 1,
        "socket_timeout": settings.redis_timeout,
        "socket_connect_timeout": settings.redis_timeout,
    }
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=False,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_soft_time_limit=settings.step_soft_time_limit,
        task_time_limit=settings.step_time_limit,
        task_default_queue=QUEUE,
        broker_transport_options=transport,
        broker_connection_retry_on_startup=True,
        task_publish_retry=True,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        worker_hijack_root_logger=False,
        beat_schedule={
            "reap": {
                "task": TASK_REAP,
                "schedule": settings.reaper_interval,
                # A pass that waited longer than one period is superseded.
                "options": {"expires": settings.reaper_interval},
            }
        },
    )
    return app


def check_time_limits(settings: Settings) -> None:
    """Refuse settings under which Celery would run one step twice at once.

    A task still running when the broker's visibility timeout passes is handed to
    a second worker, so the timeout must exceed the hard limit, which must exceed
    the soft limit.
    """
    soft, hard = settings.step_soft_time_limit, settings.step_time_limit
    if hard <= soft:
        raise SystemExit(
            f"FORMATION_STEP_TIME_LIMIT ({hard:g}s) must be above "
            f"FORMATION_STEP_SOFT_TIME_LIMIT ({soft:g}s)"
        )
    if settings.visibility_timeout <= hard:
        raise SystemExit(
            f"FORMATION_VISIBILITY_TIMEOUT ({settings.visibility_timeout:g}s) must "
            f"be above FORMATION_STEP_TIME_LIMIT ({hard:g}s), or a step still "
            "running would be delivered to a second worker"
        )
