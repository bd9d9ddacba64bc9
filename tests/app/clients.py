"""HTTP clients for the live tests: plain, signed, and shaped like Terraform's."""

import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.api import Api
from tests.app import signer


@dataclass
class Keys:
    """One access key and the projects it may touch, handed out one per test."""

    access_key: str
    secret_key: str
    projects: list[str] = field(default_factory=list)
    next_project: int = 0

    def entry(self) -> str:
        return f"{self.access_key}:{self.secret_key}:{','.join(self.projects)}"

    def fresh_project(self) -> str:
        project = self.projects[self.next_project]
        self.next_project += 1
        return project


def pool(access_key: str, secret_key: str, size: int) -> Keys:
    return Keys(access_key, secret_key, [uuid.uuid4().hex for _ in range(size)])


class SignedApi(Api):
    """Api whose every request is signed as the SDK signs (all headers, host too)."""

    def __init__(self, url: str, project: str, keys: Keys) -> None:
        super().__init__(url, project)
        self.keys = keys

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
        sent = {"Content-Type": "application/json", **(headers or {})}
        if request_id is not None:
            sent["Client-Request-Id"] = request_id or str(uuid.uuid4())
        prepared = requests.Request(
            method,
            f"{self.url}/v1/{self.project}/stacks{path}",
            json=body,
            data=data,
            params=params,
            headers=sent,
        ).prepare()
        signer.sign(prepared, self.keys.access_key, self.keys.secret_key)
        return self.session.send(prepared, timeout=30)
