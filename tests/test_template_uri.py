"""template_uri and vars_uri: files fetched from a local http server at request time."""

import io
import random
import socket
import threading
import uuid
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from formation import keys
from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

ROOT = """
variable "who" {
  type = string
}

module "greeter" {
  source = "./modules/greeter"
  who    = var.who
}

resource "terraform_data" "echo" {
  input = module.greeter.greeting
}

output "greeting" {
  value = module.greeter.greeting
}

output "tag_length" {
  value = module.greeter.tag_length
}
"""

MODULE = """
variable "who" {
  type = string
}

resource "random_id" "tag" {
  byte_length = 4
}

resource "terraform_data" "note" {
  input = templatefile("${path.module}/greeting.tpl", { who = var.who })
}

output "greeting" {
  value = terraform_data.note.output
}

output "tag_length" {
  value = length(random_id.tag.hex)
}
"""

MODULE_FILES = {
    "main.tf": ROOT,
    "modules/greeter/main.tf": MODULE,
    "modules/greeter/greeting.tpl": "hello ${who}",
}
SINGLE_TF = 'resource "random_id" "one" {\n  byte_length = 2\n}\n'
SINGLE_JSON = '{"resource": {"random_id": {"one": {"byte_length": 2}}}}'


def _zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.tf", SINGLE_TF)
        link = zipfile.ZipInfo("data.txt")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


class Served:
    """What the test server answers: path to body (404 for anything else)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.bodies: dict[str, bytes] = {}

    def put(self, name: str, body: bytes | str) -> str:
        path = f"/{uuid.uuid4().hex}/{name}"
        self.bodies[path] = body.encode() if isinstance(body, str) else body
        return self.url + path


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    box: list[Served] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = box[0].bodies.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            # Formation hangs up on an oversized download: expected, not news.
            pass

    server = Server(("127.0.0.1", 0), Handler)
    box.append(Served(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box[0]
    server.shutdown()
    server.server_close()


def _template_link_body(api: Api, name: str) -> requests.Response:
    answer = api.session.get(
        f"{api.url}/v1/{api.project}/stacks/{name}/templates",
        headers={"Client-Request-Id": str(uuid.uuid4())},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 307, answer.text
    return requests.get(answer.headers["Location"], timeout=10)


def test_a_zip_with_a_local_module_deploys_end_to_end(api: Api, served: Served) -> None:
    uri = served.put("config.zip", _zip(dict(MODULE_FILES)))
    vars_uri = served.put("prod.tfvars", 'who = "zip"\n')

    created = api.create("zipped", template_uri=uri, vars_uri=vars_uri)

    assert created.status_code == 201, created.text
    meta = api.wait_status("zipped", "DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED")
    assert meta["status"] == "DEPLOYMENT_COMPLETE", api.events("zipped")
    outputs = api.call("GET", "/zipped/outputs").json()["outputs"]
    assert {o["name"]: o["value"] for o in outputs} == {
        "greeting": '"hello zip"',
        "tag_length": "8",
    }
    listed = api.resources("zipped")
    assert set(listed) == {
        "random_id.tag",
        "terraform_data.note",
        "terraform_data.echo",
    }
    assert all(r["resource_status"] == "CREATION_COMPLETE" for r in listed.values())
    messages = [e["event_message"] for e in api.events("zipped")]
    assert any(m.startswith("module.greeter.random_id.tag") for m in messages)


def test_a_zips_other_files_are_in_the_workspace_for_data_sources(
    api: Api, served: Served, workspace: Path
) -> None:
    files = {
        "main.tf": (
            'data "local_file" "motd" {\n  filename = "etc/motd.txt"\n}\n'
            'output "motd" {\n  value = data.local_file.motd.content\n}\n'
        ),
        "etc/motd.txt": "shipped in the zip\n",
    }
    folder = workspace / api.project / "companions"
    folder.mkdir(parents=True)
    (folder / "kept.txt").write_text("was here before")

    created = api.create("companions", template_uri=served.put("c.zip", _zip(files)))

    assert created.status_code == 201, created.text
    api.wait_status("companions", "DEPLOYMENT_COMPLETE")
    outputs = api.call("GET", "/companions/outputs").json()["outputs"]
    assert outputs[0]["value"] == '"shipped in the zip\\n"'
    assert (folder / "kept.txt").read_text() == "was here before"
    assert not (folder / "main.tf").exists()


def test_the_template_link_serves_a_zip_back_with_the_same_files(
    api: Api, served: Served
) -> None:
    uri = served.put("config.zip", _zip(dict(MODULE_FILES)))
    api.create("roundtrip", template_uri=uri, vars_body='who = "x"')
    api.wait_status("roundtrip", "DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED")

    download = _template_link_body(api, "roundtrip")

    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        got = {n: archive.read(n).decode() for n in archive.namelist()}
    assert got == MODULE_FILES


@pytest.mark.parametrize(
    ("name", "text"), [("one.tf", SINGLE_TF), ("one.tf.json", SINGLE_JSON)]
)
def test_a_single_file_uri_deploys_and_downloads_as_text(
    api: Api, served: Served, name: str, text: str
) -> None:
    stack = "single" + name.replace(".", "")
    created = api.create(stack, template_uri=served.put(name, text))

    assert created.status_code == 201, created.text
    meta = api.wait_status(stack, "DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED")
    assert meta["status"] == "DEPLOYMENT_COMPLETE"
    assert set(api.resources(stack)) == {"random_id.one"}
    assert _template_link_body(api, stack).text == text


def test_deploy_stack_replaces_a_text_template_with_a_zip(
    api: Api, served: Served
) -> None:
    api.create("switch", SINGLE_TF)
    api.wait_status("switch", "DEPLOYMENT_COMPLETE")
    uri = served.put("config.zip", _zip(dict(MODULE_FILES)))

    deployed = api.call(
        "POST", "/switch/deployments", {"template_uri": uri, "vars_body": 'who="d"'}
    )

    assert deployed.status_code == 202, deployed.text
    meta = api.wait_status("switch", "DEPLOYMENT_COMPLETE", "DEPLOYMENT_FAILED")
    assert meta["status"] == "DEPLOYMENT_COMPLETE", api.events("switch")
    listed = api.call("GET", "/switch/resources").json()["stack_resources"]
    assert len(listed) == 3


def _padding(size: int) -> bytes:
    # Random bytes do not compress, so the packed size stays large.
    return random.Random(size).randbytes(size)


REJECTIONS = {
    "too_big_packed": (
        lambda: _zip({"main.tf": SINGLE_TF, "blob.bin": _padding(1_100_000)}),
        "config.zip",
        "RF.10011005",
        "larger than",
    ),
    "too_big_unpacked": (
        lambda: _zip({"main.tf": SINGLE_TF, "big.txt": "a" * 1_100_000}),
        "config.zip",
        "RF.10011005",
        "unpacks to more than",
    ),
    "too_many_files": (
        lambda: _zip({"main.tf": SINGLE_TF, **{f"f{i}.txt": "x" for i in range(100)}}),
        "config.zip",
        "RF.10011005",
        "more than 100 files",
    ),
    "tfvars_inside": (
        lambda: _zip({"main.tf": SINGLE_TF, "prod.tfvars": 'a = "b"'}),
        "config.zip",
        "RF.10011074",
        ".tfvars",
    ),
    "dotdot_entry": (
        lambda: _zip({"main.tf": SINGLE_TF, "../escape.txt": "x"}),
        "config.zip",
        "RF.10011074",
        "leaves the zip's root",
    ),
    "absolute_entry": (
        lambda: _zip({"main.tf": SINGLE_TF, "/etc/escape.txt": "x"}),
        "config.zip",
        "RF.10011074",
        "leaves the zip's root",
    ),
    "symlink_entry": (_symlink_zip, "config.zip", "RF.10011074", "symbolic link"),
    "no_root_template": (
        lambda: _zip({"sub/main.tf": SINGLE_TF, "README.md": "x"}),
        "config.zip",
        "RF.10011074",
        "no .tf or .tf.json file at its root",
    ),
    "long_name": (
        lambda: _zip({"main.tf": SINGLE_TF, "n" * 256 + ".txt": "x"}),
        "config.zip",
        "RF.10011005",
        "longer than 255 bytes",
    ),
    "not_a_zip": (lambda: b"plain bytes", "config.zip", "RF.10011073", "not a zip"),
    "wrong_kind": (lambda: SINGLE_TF.encode(), "main.txt", "RF.10011074", ".zip"),
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_each_zip_rule_is_a_400_with_its_code_and_nothing_is_written(
    api: Api, served: Served, redis_client: redis.Redis, case: str
) -> None:
    build, filename, code, words = REJECTIONS[case]
    uri = served.put(filename, build())

    answer = api.create("refused", template_uri=uri)

    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == code
    assert words in answer.json()["error_msg"]
    assert not redis_client.exists(keys.stack(api.project, "refused"))


@pytest.mark.parametrize(
    ("uri", "code", "words"),
    [
        ("ftp://127.0.0.1/main.tf", "RF.10011038", "http or https URL"),
        ("not a url", "RF.10011038", "http or https URL"),
        ("http://127.0.0.1:{closed}/main.tf", "RF.10011074", "could not be fetched"),
        ("{served}/missing/main.tf", "RF.10011074", "could not be fetched"),
    ],
)
def test_a_url_that_cannot_be_fetched_is_a_400_and_nothing_is_written(
    api: Api,
    served: Served,
    redis_client: redis.Redis,
    uri: str,
    code: str,
    words: str,
) -> None:
    uri = uri.format(closed=_closed_port(), served=served.url)

    answer = api.create("unfetched", template_uri=uri)

    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == code
    assert words in answer.json()["error_msg"]
    assert not redis_client.exists(keys.stack(api.project, "unfetched"))


def test_a_vars_uri_that_cannot_be_fetched_is_a_400_and_nothing_is_written(
    api: Api, served: Served, redis_client: redis.Redis
) -> None:
    answer = api.create(
        "novars",
        template_uri=served.put("main.tf", SINGLE_TF),
        vars_uri=served.url + "/missing/prod.tfvars",
    )

    assert answer.status_code == 400, answer.text
    assert answer.json()["error_code"] == "RF.10011051"
    assert not redis_client.exists(keys.stack(api.project, "novars"))


def test_deploy_stack_with_a_refused_zip_leaves_the_stack_as_it_was(
    api: Api, served: Served, redis_client: redis.Redis
) -> None:
    api.create("kept", SINGLE_TF)
    api.wait_status("kept", "DEPLOYMENT_COMPLETE")
    before = redis_client.hgetall(keys.stack(api.project, "kept"))
    uri = served.put("config.zip", _zip({"main.tf": SINGLE_TF, "x.tfvars": "a=1"}))

    answer = api.call("POST", "/kept/deployments", {"template_uri": uri})

    assert answer.status_code == 400
    assert redis_client.hgetall(keys.stack(api.project, "kept")) == before


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
