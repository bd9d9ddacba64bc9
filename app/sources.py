"""A request's template and variables, whether sent inline or through URLs.

``template_uri`` may point at a ``.tf``, a ``.tf.json`` or a ``.zip``;
``vars_uri`` at a ``.tfvars``. Both are fetched while the request is made
(``app.fetch``), so what is admitted is what was checked.
"""

from typing import Any

from app import archives, fetch
from app.errors import BadRequest
from formation.records import TemplateFiles

INVALID = "RF.10011074"
NOT_UTF8 = "RF.10011085"
VARS_INVALID = "RF.10011051"


def template(body: dict[str, Any]) -> str:
    """The request's template: the text, or a ``TemplateFiles`` for a zip.

    Empty when the body names none. Raises BadRequest for a URL that is not
    http(s), cannot be fetched, names another kind of file, or a zip that breaks
    a rule (see ``app.archives``).
    """
    url = body.get("template_uri", "")
    if not url:
        return str(body.get("template_body", ""))

    path = fetch.check_url("template_uri", url)
    if not path.endswith((".zip", ".tf", ".tf.json")):
        raise BadRequest(
            "template_uri: must point at a .tf, .tf.json or .zip file", INVALID
        )
    data = fetch.download("template_uri", url, INVALID)
    if path.endswith(".zip"):
        return TemplateFiles(archives.unpack(data))
    return _text("template_uri", data, NOT_UTF8)


def variables(body: dict[str, Any]) -> str:
    """``vars_body`` followed by what ``vars_uri`` holds (tfvars text).

    The two are read as one tfvars text, so a variable given in both is an
    error, as RFS has it. Raises BadRequest (RF.10011051) for a ``vars_uri``
    that is not an http(s) URL of a ``.tfvars`` file or cannot be fetched.
    """
    text = str(body.get("vars_body", ""))
    url = body.get("vars_uri", "")
    if not url:
        return text

    if not fetch.check_url("vars_uri", url).endswith(".tfvars"):
        raise BadRequest("vars_uri: must point at a .tfvars file", VARS_INVALID)
    fetched = _text(
        "vars_uri", fetch.download("vars_uri", url, VARS_INVALID), VARS_INVALID
    )
    return f"{text}\n{fetched}" if text else fetched


def stack_fields(template: str) -> dict[str, str]:
    """The stack hash fields that hold ``template``; the other one is emptied.

    A zip's files go to ``template_files`` (as JSON) in the same admission
    script call as the rest of the stack, so both change together.
    """
    if isinstance(template, TemplateFiles):
        return {"template": "", "template_files": str(template)}
    return {"template": template, "template_files": ""}


def _text(field: str, data: bytes, code: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{field}: the file is not UTF-8 text", code) from exc
