"""UpdateStack end to end: real Redis, gunicorn and worker."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from formation import keys
from tests.api import Api

pytestmark = pytest.mark.usefixtures("worker")

QUICK = 'resource "random_id" "a" {\n  byte_length = 2\n}\n'
FAILED_STATUSES = ("DEPLOYMENT_FAILED", "ROLLBACK_FAILED", "DELETION_FAILED")


def _update(api: Api, name: str, body: object) -> tuple[int, str]:
    response = api.call("PATCH", f"/{name}", body)
    code = response.json()["error_code"] if response.content else ""
    return response.status_code, code


def test_an_update_overwrites_only_the_given_fields(api: Api) -> None:
    agencies = [{"provider_name": "huaweicloud", "agency_name": "rf_admin_trust"}]
    created = api.create("info", description="old", agencies=agencies)
    assert created.status_code == 201

    response = api.call(
        "PATCH", "/info", {"description": "new", "enable_deletion_protection": True}
    )

    assert response.status_code == 204
    assert response.content == b""
    meta = api.metadata("info")
    assert meta["description"] == "new"
    assert meta["enable_deletion_protection"] is True
    assert meta["enable_auto_rollback"] is False
    assert meta["agencies"] == agencies


def test_given_agencies_replace_the_old_list(api: Api) -> None:
    api.create("agents", agencies=[{"provider_name": "a", "agency_name": "x"}])
    new = [{"provider_name": "b", "agency_urn": "urn:b"}]

    assert _update(api, "agents", {"agencies": new}) == (204, "")
    assert api.metadata("agents")["agencies"] == new


def test_sending_the_same_update_twice_answers_204_twice(api: Api) -> None:
    api.create("twice")
    body = {"description": "same"}
    assert _update(api, "twice", body) == (204, "")
    assert _update(api, "twice", body) == (204, "")


def test_an_update_with_nothing_to_update_is_400(api: Api) -> None:
    api.create("nothing")
    stack_id = api.metadata("nothing")["stack_id"]
    assert _update(api, "nothing", {"stack_id": stack_id}) == (400, "RF.10011084")


def test_an_update_of_a_missing_stack_is_404(api: Api) -> None:
    assert _update(api, "missing", {"description": "x"}) == (404, "RF.10013001")


def test_an_update_with_another_stack_id_is_400_and_changes_nothing(api: Api) -> None:
    api.create("other", description="kept")
    body = {"description": "x", "stack_id": "11111111-2222-3333-4444-555555555555"}

    assert _update(api, "other", body) == (400, "RF.10011015")
    assert api.metadata("other")["description"] == "kept"


@pytest.mark.parametrize(
    "status", ["DEPLOYMENT_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "DELETION_IN_PROGRESS"]
)
def test_an_update_is_refused_while_the_stack_is_in_progress(
    api: Api, redis_client: redis.Redis, status: str
) -> None:
    api.create("busy", description="kept")
    redis_client.hset(keys.stack(api.project, "busy"), "status", status)

    assert _update(api, "busy", {"description": "x"}) == (403, "RF.10012519")
    assert api.metadata("busy")["description"] == "kept"


def test_an_update_is_refused_while_an_operation_holds_the_stack(
    api: Api, redis_client: redis.Redis
) -> None:
    api.create("held", description="kept")
    redis_client.hset(keys.stack(api.project, "held"), "holder", "some-deployment")

    assert _update(api, "held", {"description": "x"}) == (403, "RF.10012519")
    assert api.metadata("held")["description"] == "kept"


@pytest.mark.parametrize("status", FAILED_STATUSES)
def test_auto_rollback_cannot_be_switched_on_from_a_failed_status(
    api: Api, redis_client: redis.Redis, status: str
) -> None:
    api.create("failing")
    redis_client.hset(keys.stack(api.project, "failing"), "status", status)

    refused = _update(api, "failing", {"enable_auto_rollback": True})
    assert refused == (403, "RF.10012546")
    assert api.metadata("failing")["enable_auto_rollback"] is False
    # Other fields, and switching it off, stay possible in that status.
    assert _update(api, "failing", {"enable_auto_rollback": False}) == (204, "")
    assert _update(api, "failing", {"description": "fixed soon"}) == (204, "")


def test_auto_rollback_may_stay_on_in_a_failed_status(
    api: Api, redis_client: redis.Redis
) -> None:
    api.create("on", enable_auto_rollback=True)
    redis_client.hset(keys.stack(api.project, "on"), "status", "DEPLOYMENT_FAILED")

    assert _update(api, "on", {"enable_auto_rollback": True}) == (204, "")


def test_auto_rollback_can_be_switched_on_after_a_complete_deployment(api: Api) -> None:
    api.create("fine", QUICK)
    api.wait_status("fine", "DEPLOYMENT_COMPLETE")

    assert _update(api, "fine", {"enable_auto_rollback": True}) == (204, "")
    assert api.metadata("fine")["enable_auto_rollback"] is True


def test_an_update_racing_a_deployment_never_lands_while_the_stack_is_held(
    api: Api,
) -> None:
    api.create("race", QUICK)
    api.wait_status("race", "DEPLOYMENT_COMPLETE")

    for round_ in range(8):
        api.wait_status("race", "DEPLOYMENT_COMPLETE")
        body = {"description": f"round {round_}"}
        with ThreadPoolExecutor(max_workers=2) as pool:
            deploy = pool.submit(
                api.call, "POST", "/race/deployments", {"template_body": QUICK}
            )
            update = pool.submit(_update, api, "race", body)
        assert deploy.result().status_code == 202
        status, code = update.result()
        assert (status, code) in ((204, ""), (403, "RF.10012519"))
        description = api.metadata("race")["description"]
        assert (description == body["description"]) == (status == 204)
    api.wait_status("race", "DEPLOYMENT_COMPLETE")
