"""Every function the corpus configurations call, with Terraform's results."""

import re

import pytest

from formation.templates import TemplateError
from tests.templates.helpers import value_of

CASES = [
    ('join(", ", ["a", 1, true], ["b"])', "a, 1, true, b"),
    ("length({ a = 1, b = 2 })", 2),
    ('length("héllo")', 5),
    ('toset(["b", "a", "b", "10", "9"])', ["10", "9", "a", "b"]),
    ("toset([3, 1, 20])", [1, 3, 20]),
    ('toset([1, "a"])', ["1", "a"]),
    (
        'format("%5.2f|%d|%q|%v|%s|%-3s|", 3.14159, 42, "x\\"y", [1, "a"], true, "z")',
        ' 3.14|42|"x\\"y"|[1,"a"]|true|z  |',
    ),
    (
        'format("%05d|%x|%t|%e|%%", 42, 255, true, 1234.5)',
        "00042|ff|true|1.234500e+03|%",
    ),
    (
        'jsonencode({ b = 1, a = [true, null, "<x>"], c = 0.1 })',
        '{"a":[true,null,"\\u003cx\\u003e"],"b":1,"c":0.1}',
    ),
    ("range(3)", [0, 1, 2]),
    ("range(1, 2, 0.5)", [1, 1.5]),
    ("range(5, 1)", [5, 4, 3, 2]),
    ('upper("straße ǆ")', "STRAßE Ǆ"),
    ('lower("ÀB")', "àb"),
    ('coalesce("", null, "b")', "b"),
    ('coalesce(1, "a")', "1"),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ('concat([1], ["a"])', [1, "a"]),
    ('contains([1, 2], "1")', False),
    ('contains(["a"], "a")', True),
    ("flatten([[1, [2]], [], 3])", [1, 2, 3]),
    ('merge({ a = 1 }, null, { b = "x", a = 2 })', {"a": 2, "b": "x"}),
    ('substr("héllo wörld", 1, 4)', "éllo"),
    ('substr("abc", -2, -1)', "bc"),
    ('substr("🏳️‍🌈ab", 0, 1)', "🏳️\u200d🌈"),
    ('trimsuffix("abc.txt", ".txt")', "abc"),
    ('trimprefix("abc.txt", "ab")', "c.txt"),
    ('can(regex("^[a-z]+$", "abc"))', True),
    ('chomp("hello\\n\\r\\n")', "hello"),
    ('coalescelist([], ["a"])', ["a"]),
    ('distinct([1, "1", 1])', ["1"]),
    ('element(["a", "b", "c"], 5)', "c"),
    ('keys({ b = 1, a = 2, "10" = 3 })', ["10", "a", "b"]),
    ('lookup({ a = "x" }, "b", "z")', "z"),
    ('md5("héllo")', "be50e8478cf24ff3595bc7307fb91b50"),
    ('regex("(\\\\d+)-(\\\\d+)", "ab 2019-02 c")', ["2019", "02"]),
    ('regex("^(?:(?P<scheme>[^:/?#]+):)?", "https://x")', {"scheme": "https"}),
    ('regex("[a-z]+", "123abc456")', "abc"),
    ('regexall("[a-z]+", "1234abcd5678efgh9")', ["abcd", "efgh"]),
    ('replace("hello world", "/o(.)/", "0$1")', "hell0 w0rld"),
    ('replace("a.b.c", ".", "-")', "a-b-c"),
    ('setintersection(["a", "b"], ["b", "c"])', ["b"]),
    ('title("hello wORLD-foo_bar élan")', "Hello WORLD-Foo_bar Élan"),
    ('tomap({ a = 1, b = "x" })', {"a": "1", "b": "x"}),
    ("tostring(1.50)", "1.5"),
    ("tostring(null)", None),
    ('try(tonumber("x"), 7)', 7),
    ("values({ b = 1, a = 2 })", [2, 1]),
    (
        'yamldecode("a: yes\\nb: 0644\\nc: [1, x]\\nd: ~\\ne: 2001-12-14")',
        {"a": True, "b": 644, "c": [1, "x"], "d": None, "e": "2001-12-14T00:00:00Z"},
    ),
]
REFUSALS = [
    ('join(",", ["a", null])', "element 1 is null"),
    ('coalesce(null, "")', "no non-null"),
    ('regex("z", "abc")', "did not match"),
    ('lookup({}, "a")', 'no key "a"'),
    ('format("%s", [1])', "string is required"),
    ('format("%d", 1.5)', "integer is required"),
    ("element([], 0)", "empty list"),
    ("coalescelist()", "at least one argument"),
    ('yamldecode("a: [")', "yamldecode()"),
    ('tonumber("0x10")', "number is required"),
    ("range(1, 5, -1)", "away from the limit"),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_corpus_functions_return_what_terraform_returns(expression, expected):
    assert value_of(expression) == expected


@pytest.mark.parametrize(("expression", "words"), REFUSALS)
def test_corpus_functions_refuse_what_terraform_refuses(expression, words):
    with pytest.raises(TemplateError) as caught:
        value_of(expression)

    assert words in caught.value.message


def test_timestamp_is_the_current_utc_time_to_the_second():
    stamp = value_of("timestamp()")

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp)


def test_one_third_prints_with_terraforms_precision():
    text = value_of("tostring(1/3)")

    assert text == "0." + "3" * 154 + "5"
