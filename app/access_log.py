"""gunicorn's logger with a cheaper access line.

gunicorn builds every atom its access-log format could name (each request
and response header, each environ variable, the time in five forms) for
every request, whatever the format uses: about a twentieth of a
ContinueDeployStack's CPU. This logger builds only the line Formation
writes: client, request line, status, bytes sent and duration. The line goes
through gunicorn's ``gunicorn.access`` logger as before, so it is one JSON
object carrying the request's bound ids (see gunicorn_conf.py).
"""

from typing import Any

from gunicorn import glogging  # type: ignore[import-untyped]


class AccessLogger(glogging.Logger):  # type: ignore[misc]
    def access(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        micros = request_time.seconds * 1_000_000 + request_time.microseconds
        try:
            self.access_log.info(
                '%s "%s %s %s" %s %s %sus',
                environ.get("REMOTE_ADDR", "-"),
                environ.get("REQUEST_METHOD", "-"),
                environ.get("RAW_URI", "-"),
                environ.get("SERVER_PROTOCOL", "-"),
                status,
                getattr(resp, "sent", None),
                micros,
            )
        except Exception:
            self.exception("access log line failed")
