import pytest

from formation.templates import TemplateError
from tests.templates.helpers import load, value_of


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('upper("abc")', "ABC"),
        ('lower("ABC")', "abc"),
        ('title("hello world")', "Hello World"),
        (
            'format("%s-%03d-%.1f-%q-%t-%v", "a", 7, 2.25, "x", true, 3)',
            'a-007-2.2-"x"-true-3',
        ),
        ('format("100%%")', "100%"),
        ('join(", ", ["a", "b"], ["c"])', "a, b, c"),
        ('split(",", "a,b")', ["a", "b"]),
        ('replace("a-b-c", "-", "+")', "a+b+c"),
        ('replace("a1b22", "/([a-z])(\\\\d+)/", "$2$1")', "1a22b"),
        ('trimspace("  x \\n")', "x"),
        ('trimprefix("prefix-x", "prefix-")', "x"),
        ('trimsuffix("x.txt", ".txt")', "x"),
        ('chomp("line\\n")', "line"),
        ('substr("hello", 1, 3)', "ell"),
        ('substr("hello", -3, -1)', "llo"),
        ("tostring(12)", "12"),
        ('tonumber("12.5")', 12.5),
        ("tonumber(null)", None),
        ('length("abc")', 3),
        ("length([1, 2])", 2),
        ("length({ a = 1 })", 1),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ('lookup({ a = 1 }, "a")', 1),
        ('lookup({ a = 1 }, "b", "none")', "none"),
        ("merge({ a = 1, b = 1 }, null, { b = 2 })", {"a": 1, "b": 2}),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ("tolist([1])", [1]),
        ("tomap({ a = 1 })", {"a": 1}),
        ("keys({ b = 1, a = 2 })", ["a", "b"]),
        ("values({ b = 1, a = 2 })", [2, 1]),
        ('contains(["a"], "a")', True),
        ("element([1, 2, 3], 4)", 2),
        ('compact(["a", "", null, "b"])', ["a", "b"]),
        ("distinct([1, 1, 2])", [1, 2]),
        ("flatten([[1, [2]], 3])", [1, 2, 3]),
        ('coalesce(null, "", "x")', "x"),
        ("range(3)", [0, 1, 2]),
        ("range(1, 7, 3)", [1, 4]),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("abs(-4)", 4),
        ("ceil(1.2)", 2),
        ("floor(1.8)", 1),
        (
            'jsonencode({ b = [1, 2.5, true, null], a = "<&>" })',
            '{"a":"\\u003c\\u0026\\u003e","b":[1,2.5,true,null]}',
        ),
        ('jsondecode("{\\"a\\": [1, 2.0]}")', {"a": [1, 2]}),
        ('base64encode("hi")', "aGk="),
        ('base64decode("aGk=")', "hi"),
        ('md5("a")', "0cc175b9c0f1b6a831c399e269772661"),
        (
            'sha256("")',
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        ("concat(var.lists...)", [1, 2]),
    ],
)
def test_function_returns_what_terraform_returns(expression, expected):
    assert value_of(expression, lists=[[1], [2]]) == expected


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("upper()", "takes 1 argument(s), 0 given"),
        ('upper("a", "b")', "takes 1 argument(s), 2 given"),
        ('lookup({}, "missing")', "no key"),
        ('tonumber("abc")', "number is required"),
        ('jsondecode("{")', "not JSON"),
        ('format("%d", "x")', "number is required"),
        ('format("%s %s", "x")', "not enough arguments"),
        ("coalesce(null)", "no non-null"),
        ('join(",", "a")', "needs lists"),
    ],
)
def test_function_given_bad_arguments_raises_an_invalid_template_error(
    expression, words
):
    with pytest.raises(TemplateError) as caught:
        value_of(expression)

    assert caught.value.code == "RF.10011074"
    assert words in caught.value.message


def test_unknown_function_is_refused_before_any_evaluation():
    with pytest.raises(TemplateError, match='unknown function "nosuchfn"'):
        load('output "o" {\n  value = nosuchfn()\n}\n')
