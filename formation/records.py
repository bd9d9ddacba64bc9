"""Typed views of the hashes and stream entries that Redis holds."""

import json
import time
from dataclasses import dataclass, field
from typing import Any

IN_PROGRESS = frozenset(
    {"DEPLOYMENT_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "DELETION_IN_PROGRESS"}
)


def rfc3339(ms: int | str) -> str:
    """Milliseconds since the epoch as the API's ``YYYY-MM-DDTHH:MM:SSZ``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(ms) / 1000))


class TemplateFiles(str):
    """A stack's template sent as a zip: its files, standing as one text.

    The text is the files mapping as canonical JSON (what the stack hash keeps in
    ``template_files``), so code that only asks "is there a template" or digests
    it sees every file; the engine loads ``files``. Kept as a ``str`` so a
    zip-sent stack reads like any other wherever ``Stack.template`` is used.
    """

    files: dict[str, str]

    def __new__(cls, files: dict[str, str]) -> "TemplateFiles":
        text = super().__new__(cls, json.dumps(files, sort_keys=True))
        text.files = dict(files)
        return text


def template_source(template: str) -> str | dict[str, str]:
    """What the engine loads for ``template``: its files for a zip, else the text."""
    if isinstance(template, TemplateFiles):
        return template.files
    return template


def template_key(template: str) -> tuple[bool, str]:
    """A cache key for a parsed ``template`` that tells a zip from a lone text.

    A plain text equal to a zip's JSON must not share the zip's cache entry.
    """
    return isinstance(template, TemplateFiles), str(template)


def _template(h: dict[str, str]) -> str:
    files = h.get("template_files")
    if files:
        return TemplateFiles(json.loads(files))
    return h.get("template", "")


@dataclass(frozen=True)
class Stack:
    stack_id: str
    stack_name: str
    status: str
    status_message: str
    holder: str
    epoch: int
    deployment: str
    description: str
    template: str  # a TemplateFiles when the template came as a zip
    vars_body: str
    vars_structure: list[dict[str, Any]]
    agencies: list[dict[str, Any]]
    enable_deletion_protection: bool
    enable_auto_rollback: bool
    create_time: int
    update_time: int
    rollback_target: str = ""  # the deployment an auto-rollback undoes

    @classmethod
    def from_hash(cls, h: dict[str, str]) -> "Stack":
        return cls(
            stack_id=h["stack_id"],
            stack_name=h["stack_name"],
            status=h["status"],
            status_message=h.get("status_message", ""),
            holder=h.get("holder", ""),
            epoch=int(h.get("epoch") or 0),
            deployment=h.get("deployment", ""),
            description=h.get("description", ""),
            template=_template(h),
            vars_body=h.get("vars_body", ""),
            vars_structure=json.loads(h.get("vars_structure") or "[]"),
            agencies=json.loads(h.get("agencies") or "[]"),
            enable_deletion_protection=h.get("enable_deletion_protection") == "1",
            enable_auto_rollback=h.get("enable_auto_rollback") == "1",
            create_time=int(h["create_time"]),
            update_time=int(h["update_time"]),
            rollback_target=h.get("rollback_target", ""),
        )


@dataclass(frozen=True)
class Deployment:
    id: str
    op: str
    stack_name: str
    stack_id: str
    epoch: int
    status: str
    steps: list[str]
    cursor: int
    claimed: str
    accepted_at: int
    first_event: str
    last_event: str
    reason: str
    added: int
    updated: int
    destroyed: int
    replaced: int
    # False while the steps are left to the deployment's prepare task.
    planned: bool = True

    @classmethod
    def from_hash(cls, h: dict[str, str]) -> "Deployment":
        return cls(
            id=h["id"],
            op=h["op"],
            stack_name=h["stack_name"],
            stack_id=h["stack_id"],
            epoch=int(h["epoch"]),
            status=h["status"],
            steps=json.loads(h["steps"]),
            cursor=int(h["cursor"]),
            claimed=h.get("claimed", ""),
            accepted_at=int(h["accepted_at"]),
            first_event=h.get("first_event", ""),
            last_event=h.get("last_event", ""),
            reason=h.get("reason", ""),
            added=int(h.get("added") or 0),
            updated=int(h.get("updated") or 0),
            destroyed=int(h.get("destroyed") or 0),
            replaced=int(h.get("replaced") or 0),
            planned=h.get("planned", "1") != "0",
        )

    def address(self, index: int) -> str:
        """The resource address of step ``index`` (a leading ``-`` marks a destroy)."""
        return self.steps[index].removeprefix("-")

    def destroys(self, index: int) -> bool:
        return self.op in ("delete", "rollback") or self.steps[index].startswith("-")

    @property
    def final(self) -> bool:
        return self.status in ("COMPLETE", "FAILED")


@dataclass(frozen=True)
class Event:
    """One entry of a stack's event log; empty strings are left out on write."""

    type: str
    msg: str
    rt: str = ""  # resource type
    rn: str = ""  # resource name
    ik: str = ""  # resource id key
    iv: str = ""  # resource id value
    rk: str = ""  # resource key (count index or for_each key)
    el: str = ""  # elapsed seconds

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in self.__dict__.items() if v})


@dataclass(frozen=True)
class Resource:
    """A resource's state as the stack keeps it between deployments."""

    address: str
    type: str
    name: str
    status: str
    id_key: str = "id"
    id: str = ""
    status_message: str = ""
    config_hash: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    sensitive: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    created_by: str = ""  # the deployment that created it (auto-rollback undoes)
    index_key: str = ""  # count index or for_each key, as the API shows it
    mode: str = "managed"  # or "data" for a data source's last read
    arguments: dict[str, Any] = field(default_factory=dict)  # as last applied
    triggers: list[Any] = field(default_factory=list)  # replace_triggered_by values

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True, default=str)

    @classmethod
    def from_json(cls, raw: str) -> "Resource":
        return cls(**json.loads(raw))

    @property
    def complete(self) -> bool:
        return self.status in ("CREATION_COMPLETE", "UPDATE_COMPLETE")
