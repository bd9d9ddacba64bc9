"""Instance addresses: ``random_id.a``, ``random_id.a[0]``, ``random_id.a["k"]``.

A key is written as Terraform writes it: a count index as a number, a
for_each key as a JSON string. Module prefixes (``module.m.``) never carry a
key, so the first ``[`` of an address starts the instance key.
"""

import json

from formation.templates.errors import ExpressionError

Key = int | str | None


def instance_address(resource: str, key: Key) -> str:
    """Return the address of instance ``key`` of ``resource``."""
    if key is None:
        return resource
    if isinstance(key, int):
        return f"{resource}[{key}]"
    return f"{resource}[{json.dumps(key, ensure_ascii=False)}]"


def split_address(address: str) -> tuple[str, Key]:
    """Return the resource address and the instance key of ``address``.

    Raises :class:`ExpressionError` for a key that is neither a number nor a
    quoted string.
    """
    start = address.find("[")
    if start < 0:
        return address, None
    if not address.endswith("]"):
        raise ExpressionError(f'"{address}" is not an instance address')
    try:
        key = json.loads(address[start + 1 : -1])
    except ValueError as error:
        raise ExpressionError(f'"{address}" is not an instance address') from error
    if isinstance(key, bool) or not isinstance(key, int | str):
        raise ExpressionError(f'"{address}" is not an instance address')
    return address[:start], key


def resource_of(address: str) -> str:
    """Return the resource address of an instance address (``a.b[0]`` -> ``a.b``)."""
    start = address.find("[")
    return address if start < 0 else address[:start]
