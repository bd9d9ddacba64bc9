"""ListStackEvents' filter and field grammar, as the contract writes it."""

import pytest

from app.errors import BadRequest
from app.events import parse_fields, parse_filter


def test_comma_is_and_and_bar_is_or_within_one_option() -> None:
    clauses = parse_filter("event_type==ERROR|event_type==LOG,resource_type==null_x")

    assert clauses == [
        ("type", frozenset({"ERROR", "LOG"})),
        ("rt", frozenset({"null_x"})),
    ]


def test_an_empty_filter_selects_everything() -> None:
    assert parse_filter("") == []


def test_a_semicolon_anywhere_makes_the_filter_ignored() -> None:
    assert parse_filter("event_type==LOG;") == []
    assert parse_filter("nonsense;=") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("colour==red", "RF.10011087"),
        ("event_type==LOG|resource_name==a", "RF.10011087"),
        ("event_type = LOG", "RF.10011088"),
        ("event_type!=LOG", "RF.10011088"),
        ("event_type==LOG,", "RF.10011088"),
        ("event_type==", "RF.10011089"),
        ("resource_name==a-b", "RF.10011089"),
        ("event_type===LOG", "RF.10011089"),
        ("event_type==NOT_A_TYPE", "RF.10011089"),
    ],
)
def test_a_bad_filter_is_refused_with_its_code(text: str, code: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_filter(text)

    assert caught.value.code == code
    assert caught.value.message.startswith("filter: ")


def test_field_selects_attributes_and_accepts_timestamp_and_time() -> None:
    assert parse_fields("event_message,timestamp") == {"event_message", "timestamp"}
    assert parse_fields("time") == {"time"}
    assert parse_fields("") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("colour", "RF.10011027"), ("time,,event_message", "RF.10011027")],
)
def test_a_bad_field_list_is_refused(text: str, code: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_fields(text)
    assert caught.value.code == code


def test_a_field_named_twice_is_refused() -> None:
    with pytest.raises(BadRequest) as caught:
        parse_fields("time,time")
    assert caught.value.code == "RF.10011093"
