"""GetStackTemplate: a 307 to a short-lived link that Formation serves itself."""

import uuid
from urllib.parse import urlsplit

import pytest
import requests

from app import create_app
from app.config import WebConfig
from formation.settings import Settings
from formation.store import Store
from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

HCL = 'resource "random_id" "a" {\n  byte_length = 2\n}\n'
JSON = '{"resource": {"random_id": {"a": {"byte_length": 2}}}}'


def _template(
    api: Api, name: str, params: dict[str, object] | None = None, **headers: str
) -> requests.Response:
    """GetStackTemplate's own answer (requests would follow the redirect)."""
    return api.session.get(
        f"{api.url}/v1/{api.project}/stacks/{name}/templates",
        params=params,
        headers={"Client-Request-Id": str(uuid.uuid4()), **headers},
        allow_redirects=False,
        timeout=10,
    )


def _link(api: Api, name: str, **params: object) -> str:
    response = _template(api, name, params)
    assert response.status_code == 307, response.text
    assert response.content == b""
    return response.headers["Location"]


def test_the_template_link_serves_the_template_text(api: Api) -> None:
    api.create("tpl", HCL)

    link = _link(api, "tpl")
    download = requests.get(link, timeout=10)

    assert download.status_code == 200
    assert download.text == HCL
    assert 'filename="main.tf"' in download.headers["Content-Disposition"]


def test_a_tf_json_template_downloads_as_tf_json(api: Api) -> None:
    api.create("tfjson", JSON)

    download = requests.get(_link(api, "tfjson"), timeout=10)

    assert download.text == JSON
    assert 'filename="main.tf.json"' in download.headers["Content-Disposition"]


def test_links_from_every_web_process_are_honoured_by_every_other(api: Api) -> None:
    api.create("shared", HCL)

    links = [_link(api, "shared") for _ in range(12)]
    answers = [requests.get(link, timeout=10).status_code for link in links]

    assert answers == [200] * 12


def test_the_link_points_at_the_host_the_client_used(api: Api) -> None:
    api.create("hosted", HCL)

    response = _template(api, "hosted", Host="formation.example:8443")

    assert response.headers["Location"].startswith("http://formation.example:8443/")


def test_a_stack_without_a_template_has_no_link(api: Api) -> None:
    api.create("empty")

    response = _template(api, "empty")

    assert response.status_code == 404
    assert response.json()["error_code"] == "RF.10013023"


def test_a_missing_stack_has_no_link(api: Api) -> None:
    response = _template(api, "nowhere")
    assert response.json()["error_code"] == "RF.10013001"


def test_a_tampered_link_is_refused(api: Api) -> None:
    api.create("tamper", HCL)
    link = _link(api, "tamper")
    _, _, mac = link.rpartition("/")[2].partition(".")
    forged = link.replace(mac, mac[:-2] + ("AA" if not mac.endswith("AA") else "BB"))

    # The last one: a signature that is not ASCII (found by fuzzing).
    odd = link.rsplit("/", 1)[0] + "/.%C2%90"
    for url in (forged, link + "x", link.rsplit(".", 1)[0], odd):
        response = requests.get(url, timeout=10)
        assert response.status_code == 403, url
        assert response.json()["error_code"] == "RF.10012507"


def test_a_link_stops_working_once_the_template_changed(api: Api) -> None:
    api.create("changing", HCL)
    api.wait_status("changing", "DEPLOYMENT_COMPLETE")
    link = _link(api, "changing")

    assert api.call("POST", "/changing/deployments", {"template_body": JSON}).ok
    api.wait_status("changing", "DEPLOYMENT_COMPLETE")

    stale = requests.get(link, timeout=10)
    assert stale.status_code == 404
    assert stale.json()["error_code"] == "RF.10013023"
    assert requests.get(_link(api, "changing"), timeout=10).text == JSON


def test_a_link_may_be_restricted_to_source_addresses(api: Api) -> None:
    api.create("fenced", HCL)

    elsewhere = _link(api, "fenced", access_control_source_ips=["10.0.0.0/8"])
    here = _link(api, "fenced", access_control_source_ips=["10.0.0.0/8", "127.0.0.0/8"])

    assert requests.get(elsewhere, timeout=10).status_code == 403
    assert requests.get(here, timeout=10).status_code == 200


def test_a_link_expires_after_five_minutes(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)
    app = create_app(Settings.from_env(), WebConfig({}, None, "fixed-secret", ""))
    client = app.test_client()
    base = "/v1/expiringproject/stacks"
    headers = {"Client-Request-Id": "c" * 36}
    body = {"stack_name": "soon", "template_body": HCL}
    # Without a worker the deployment only waits; the template is stored at once.
    assert client.post(base, json=body, headers=headers).status_code == 201
    link = client.get(base + "/soon/templates", headers=headers).headers["Location"]
    path = urlsplit(link).path

    real_now = Store.now_ms
    monkeypatch.setattr(Store, "now_ms", lambda self: real_now(self) + 299_000)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(Store, "now_ms", lambda self: real_now(self) + 301_000)
    expired = client.get(path)
    assert expired.status_code == 403
    assert "expired" in expired.json["error_msg"]
