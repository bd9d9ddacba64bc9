"""Errors raised while loading templates, loading variables and evaluating."""

UNPARSABLE = "RF.10011073"
INVALID = "RF.10011074"
NOT_UTF8 = "RF.10011085"
VARS_UNPARSABLE = "RF.10011051"
VARS_EMPTY = "RF.10011052"


class TemplateError(Exception):
    """Raised when a template, its variables or an evaluation is invalid.

    ``code`` is the RF.* error code the API answers with; ``message`` names the
    block or attribute at fault.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ExpressionError(Exception):
    """Raised inside the engine when one expression is invalid.

    It carries no location: the caller that knows which block and attribute it
    was evaluating turns it into a :class:`TemplateError`.
    """


class NeedsState(Exception):
    """Raised when an expression reads a resource and no resource state is given."""


def invalid(where: str, problem: ExpressionError | str) -> TemplateError:
    """Return the invalid-template error for ``problem`` found at ``where``."""
    return TemplateError(INVALID, f"{where}: {problem}")
