"""A small HTTP client for the stack API, as a user's script would call it."""

import time
import uuid
from typing import Any

import requests


class Api:
    def __init__(self, url: str, project: str) -> None:
        self.url = url
        self.project = project
        self.session = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        request_id: str | None = "",
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        data: bytes | str | None = None,
    ) -> requests.Response:
        sent = dict(headers or {})
        if request_id is not None:
            sent["Client-Request-Id"] = request_id or str(uuid.uuid4())
        return self.session.request(
            method,
            f"{self.url}/v1/{self.project}/stacks{path}",
            json=body,
            data=data,
            params=params,
            headers=sent,
            timeout=30,
        )

    def create(self, name: str, template: str = "", **extra: Any) -> requests.Response:
        body = {"stack_name": name, **extra}
        if template:
            body["template_body"] = template
        return self.call("POST", "", body)

    def metadata(self, name: str) -> dict[str, Any]:
        response = self.call("GET", f"/{name}/metadata")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def continue_(self, name: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.call("POST", f"/{name}/continuations", body, **kw)

    def events(self, name: str, **params: Any) -> list[dict[str, Any]]:
        response = self.call("GET", f"/{name}/events", params=params)
        assert response.status_code == 200, response.text
        return list(response.json()["stack_events"])

    def resources(self, name: str) -> dict[str, dict[str, Any]]:
        response = self.call("GET", f"/{name}/resources")
        assert response.status_code == 200, response.text
        return {
            f"{r['logical_resource_type']}.{r['logical_resource_name']}": r
            for r in response.json()["stack_resources"]
        }

    def wait_status(
        self, name: str, *wanted: str, timeout: float = 60
    ) -> dict[str, Any]:
        """Poll metadata until the status is one of ``wanted``; return the metadata."""
        deadline = time.monotonic() + timeout
        while True:
            meta = self.metadata(name)
            if meta["status"] in wanted:
                return meta
            if time.monotonic() > deadline:
                raise AssertionError(f"stack {name} stuck in {meta}")
            time.sleep(0.1)
