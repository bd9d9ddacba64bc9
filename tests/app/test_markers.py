"""Page markers: opaque, URL-safe, and valid only for the list that gave them."""

import re

import pytest

from app.errors import BadRequest
from app.views import decode_marker, encode_marker

URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def test_a_marker_round_trips_and_needs_no_escaping() -> None:
    marker = encode_marker("stacks", "资源栈/with+odd chars", 1712345678901)

    assert URL_SAFE.match(marker)
    assert decode_marker(marker, "stacks", str, int) == [
        "资源栈/with+odd chars",
        1712345678901,
    ]


def test_a_marker_of_another_list_is_refused() -> None:
    marker = encode_marker("events", "1-0")
    with pytest.raises(BadRequest):
        decode_marker(marker, "resources", str)


@pytest.mark.parametrize(
    ("marker", "kind", "types"),
    [
        ("not a marker", "stacks", (str, int)),
        ("%%%", "stacks", (str, int)),
        (encode_marker("stacks", "a"), "stacks", (str, int)),
        (encode_marker("stacks", "a", "not-a-number"), "stacks", (str, int)),
        (encode_marker("stacks", "a", True), "stacks", (str, int)),
        (encode_marker("outputs", 1.5), "outputs", (int,)),
    ],
)
def test_a_forged_marker_is_a_400_not_a_crash(
    marker: str, kind: str, types: tuple[type, ...]
) -> None:
    with pytest.raises(BadRequest) as caught:
        decode_marker(marker, kind, *types)
    assert caught.value.code == "RF.10011038"
