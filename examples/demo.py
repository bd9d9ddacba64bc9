"""Formation's demo: a deployment fails, its cause is fixed, and it is continued.

Run by ``bin/run`` against a live Formation. It uses the plain HTTP API, as any
client would, and only the standard library.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

PROJECT = "0123456789abcdef0123456789abcdef"
TEMPLATE = Path(__file__).parent / "report" / "main.tf"


class Client:
    def __init__(self, url: str) -> None:
        self.base = f"{url}/v1/{PROJECT}/stacks"

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={
                "Client-Request-Id": str(uuid.uuid4()),
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def wait(self, name: str, *final: str) -> dict[str, Any]:
        while True:
            status, meta = self.call("GET", f"/{name}/metadata")
            if status == 200 and meta["status"] in final:
                return dict(meta)
            time.sleep(0.3)


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"Formation did not answer on {url}")
            time.sleep(0.3)


def show_events(events: list[dict[str, Any]]) -> None:
    for e in reversed(events):
        where = (
            f" {e['resource_type']}.{e['resource_name']}"
            if "resource_name" in e
            else ""
        )
        print(f"    {e['time']}  {e['event_type']:<22}{where}  {e['event_message']}")


def resource_ids(client: Client, name: str) -> dict[str, str]:
    _, body = client.call("GET", f"/{name}/resources")
    ids = {}
    for r in body["stack_resources"]:
        address = f"{r['logical_resource_type']}.{r['logical_resource_name']}"
        ids[address] = f"{r['physical_resource_id']} ({r['resource_status']})"
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    wait_until_up(args.url)
    client = Client(args.url)
    name = f"report-{time.strftime('%Y%m%d-%H%M%S')}"
    workspace = Path(os.environ.get("FORMATION_WORKSPACE", "var/workspace"))
    folder = workspace / PROJECT / name

    print(f"1. A plain file blocks the report's folder: {folder / 'reports'}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reports").write_text("this file is in the way\n")

    print(f"2. CreateStack {name} from examples/report/main.tf")
    status, body = client.call(
        "POST", "", {"stack_name": name, "template_body": TEMPLATE.read_text()}
    )
    print(f"   -> {status} {body}")
    meta = client.wait(name, "DEPLOYMENT_FAILED", "DEPLOYMENT_COMPLETE")
    print(f"   status: {meta['status']}: {meta.get('status_message', '')}")
    if meta["status"] != "DEPLOYMENT_FAILED":
        sys.exit("the deployment was expected to fail")
    before = resource_ids(client, name)
    print("   resources after the failure:")
    for address, rid in before.items():
        print(f"    {address}: {rid}")

    print("3. Remove the blocking file")
    (folder / "reports").unlink()

    print("4. ContinueDeployStack")
    status, body = client.call("POST", f"/{name}/continuations")
    print(f"   -> {status} {body}")
    if status != 202:
        sys.exit("continue was not accepted")
    meta = client.wait(name, "DEPLOYMENT_FAILED", "DEPLOYMENT_COMPLETE")
    print(f"   status: {meta['status']}")

    print("5. Events, oldest first")
    _, events = client.call("GET", f"/{name}/events")
    show_events(events["stack_events"])

    print("6. Resources: those made before the failure kept their ids")
    after = resource_ids(client, name)
    for address, rid in after.items():
        kept = "kept" if before.get(address, "").split()[0] == rid.split()[0] else "new"
        print(f"    {address}: {rid}  [{kept}]")
    _, outputs = client.call("GET", f"/{name}/outputs")
    for o in outputs["outputs"]:
        print(f"    output {o['name']} = {o['value']}")
    print(f"   report: {(folder / 'reports' / 'summary.txt').read_text().strip()}")

    ok = meta["status"] == "DEPLOYMENT_COMPLETE" and all(
        before[a].split()[0] == after[a].split()[0]
        for a in before
        if "COMPLETE" in before[a]
    )
    print("Demo finished:", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
