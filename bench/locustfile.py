"""Load test with a realistic mix of clients, for locust.

    python bench/serve.py &        # a local Formation; prints its URL
    locust -f bench/locustfile.py --headless -u 30 -r 10 -t 30s --host URL

Three kinds of client, as Terraform's provider and an operator's scripts use
the API:

- StackOwner (3 in 5): creates a stack from a small template, polls its
  metadata every 10 s (the provider's rhythm) until the deployment ends, lists
  its events, then deploys it again with a new variable value, and so on;
- Continuer (1 in 5): creates a stack whose deployment fails at run time, polls
  until it is DEPLOYMENT_FAILED, then continues it (it fails again: the cause
  is never fixed), listing the events each time;
- Reader (1 in 5): lists the stacks and pages through a stack's events.

Every stack lives in project ``locust`` (FORMATION_LOCUST_PROJECT) under a
random name, so runs can repeat against the same server.
"""

import os
import random
import time
import uuid

from locust import HttpUser, between, task

PROJECT = os.environ.get("FORMATION_LOCUST_PROJECT", "locust")
STACKS = f"/v1/{PROJECT}/stacks"
POLL_SECONDS = 10  # Terraform's provider polls a stack's metadata this often
MAX_POLLS = 30
FINAL = {
    "CREATION_COMPLETE",
    "DEPLOYMENT_COMPLETE",
    "DEPLOYMENT_FAILED",
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
}

SMALL_TEMPLATE = """\
variable "release" {
  type    = string
  default = "1"
}

resource "random_id" "build" {
  byte_length = 4
}

resource "terraform_data" "release" {
  input = "release ${var.release}, build ${random_id.build.hex}"
}

output "release" {
  value = terraform_data.release.output
}
"""

# The second file's folder is the first file: its write fails every time.
FAILING_TEMPLATE = """\
resource "local_file" "blocker" {
  filename = "blocked"
  content  = "a plain file where a folder is needed"
}

resource "local_file" "report" {
  filename   = "blocked/report.txt"
  content    = "report"
  depends_on = [local_file.blocker]
}
"""

known_stacks: list[str] = []  # names any client created, for the readers


def headers() -> dict[str, str]:
    return {"Client-Request-Id": str(uuid.uuid4())}


class StackClient(HttpUser):
    """What every client does: create, poll to the end, read the events."""

    abstract = True
    template = SMALL_TEMPLATE

    def on_start(self) -> None:
        self.name = f"lc{uuid.uuid4().hex[:16]}"
        self.created = False

    def create(self) -> None:
        body = {"stack_name": self.name, "template_body": self.template}
        self.client.post(STACKS, json=body, headers=headers(), name="CreateStack")
        self.created = True
        known_stacks.append(self.name)

    def poll_until_final(self) -> str:
        """GetStackMetadata every POLL_SECONDS until a final status."""
        status = ""
        for _ in range(MAX_POLLS):
            time.sleep(POLL_SECONDS)
            answer = self.client.get(
                f"{STACKS}/{self.name}/metadata",
                headers=headers(),
                name="GetStackMetadata",
            )
            status = answer.json().get("status", "") if answer.ok else ""
            if status in FINAL:
                break
        return status

    def list_events(self) -> None:
        self.client.get(
            f"{STACKS}/{self.name}/events",
            params={"limit": "100"},
            headers=headers(),
            name="ListStackEvents",
        )


class StackOwner(StackClient):
    weight = 3
    wait_time = between(1, 5)

    @task
    def deploy_and_watch(self) -> None:
        if not self.created:
            self.create()
        else:
            body = {
                "template_body": self.template,
                "vars_body": f'release = "{random.randint(2, 10**6)}"',
            }
            self.client.post(
                f"{STACKS}/{self.name}/deployments",
                json=body,
                headers=headers(),
                name="DeployStack",
            )
        self.poll_until_final()
        self.list_events()


class Continuer(StackClient):
    weight = 1
    wait_time = between(1, 5)
    template = FAILING_TEMPLATE

    @task
    def continue_failed(self) -> None:
        if not self.created:
            self.create()
            self.poll_until_final()
        self.client.post(
            f"{STACKS}/{self.name}/continuations",
            json={},
            headers=headers(),
            name="ContinueDeployStack",
        )
        self.poll_until_final()
        self.list_events()


class Reader(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    @task
    def read(self) -> None:
        self.client.get(
            STACKS, params={"limit": "50"}, headers=headers(), name="ListStacks"
        )
        if known_stacks:
            name = random.choice(known_stacks)
            self.client.get(
                f"{STACKS}/{name}/events",
                params={"limit": "50"},
                headers=headers(),
                name="ListStackEvents",
            )
