"""Each request leaves one JSON access line with its ids (app/access_log.py)."""

import json
import re
import time
import uuid
from pathlib import Path

import requests

from tests.processes import start_web


def test_an_access_line_is_json_with_the_request_line_and_its_ids(
    service_env: dict[str, str], tmp_path: Path
) -> None:
    log = tmp_path / "web.log"
    proc, url = start_web(service_env, log, workers=1)
    project, request_id = uuid.uuid4().hex, str(uuid.uuid4())
    try:
        answer = requests.get(
            f"{url}/v1/{project}/stacks?limit=10",
            headers={"Client-Request-Id": request_id},
            timeout=10,
        )
        time.sleep(0.5)
    finally:
        proc.stop()

    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    access = [
        x
        for x in lines
        if x.get("name") == "gunicorn.access" and project in x["message"]
    ]
    assert answer.status_code == 200, answer.text
    assert len(access) == 1
    line = access[0]
    pattern = (
        rf'^127\.0\.0\.1 "GET /v1/{project}/stacks\?limit=10 HTTP/1\.1" '
        r"200 \d+ \d+us$"
    )
    assert re.match(pattern, line["message"]), line["message"]
    assert line["request_id"] == answer.headers["X-Request-Id"]
    assert line["client_request_id"] == request_id
    assert line["project"] == project
