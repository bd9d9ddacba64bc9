"""Resolve the root of a reference: ``var``, ``local``, resources, modules, ``path``.

Resource values come from the state, one entry per instance: a resource with
``count`` reads as a list of its instances, one with ``for_each`` as a map. While
planning (no state) every attribute is unknown, but the shape (how many
instances, which keys) is known.
"""

from typing import Any

from formation.templates import expansion
from formation.templates.errors import ExpressionError
from formation.templates.references import step_name
from formation.templates.scope import WORKSPACE_NAME, Context, Scope
from formation.templates.syntax import Node
from formation.templates.types import convert
from formation.templates.values import UNKNOWN, to_bool, to_text

# Bound in a templatefile() scope: the template sees only its own variables.
TEMPLATE_FILE = "\x00templatefile"
ROOT_PATHS = {"root": ".", "cwd": "."}


def resolve(name: str, steps: list[Node], scope: Scope) -> tuple[Any, str, list[Node]]:
    """Return the value a reference starts with, its description and the steps left."""
    if name in scope.names:
        return scope.names[name], name, steps
    if TEMPLATE_FILE in scope.names:
        raise ExpressionError(f'"{name}" is not a variable given to templatefile()')
    if name in ("count", "each", "self"):
        raise ExpressionError(_NOT_HERE[name])

    first = step_name(steps[0]) if steps else None
    if first is None:
        raise ExpressionError(f'"{name}" cannot be used on its own')
    context = scope.context
    if name == "var":
        return variable(context, first), f"var.{first}", steps[1:]
    if name == "local":
        return local(context, first), f"local.{first}", steps[1:]
    if name == "path":
        return _path(context, first), f"path.{first}", steps[1:]
    if name == "terraform":
        return WORKSPACE_NAME, "terraform.workspace", steps[1:]
    if name == "module":
        return _module(context, first, steps[1:])
    if name == "data":
        second = step_name(steps[1]) if len(steps) > 1 else None
        address = f"data.{first}.{second}"
        return resource_value(context, address), address, steps[2:]
    address = f"{name}.{first}"
    return resource_value(context, address), address, steps[1:]


_NOT_HERE = {
    "count": "count.index can only be used in a block that sets count",
    "each": "each.key and each.value can only be used in a block that sets for_each",
    "self": "self can only be used in provisioners and postconditions",
}


def variable(context: Context, name: str) -> Any:
    """Return the value of variable ``name`` of the context's module."""
    module = context.module
    if module.prefix == "":
        values = context.evaluation.variables
        if name not in values:
            raise ExpressionError(f'variable "{name}" has no value')
        return values[name]
    key = f"{module.prefix}var.{name}"
    inputs = context.evaluation.inputs
    if key not in inputs:
        inputs[key] = _module_input(context, name)
    return inputs[key]


def _module_input(context: Context, name: str) -> Any:
    """Evaluate the value the calling module gives variable ``name``."""
    from formation.templates.evaluator import evaluate

    module = context.module
    declared = module.variables.get(name)
    if declared is None:
        raise ExpressionError(f'variable "{name}" is not declared')
    parent = context.evaluation.context(module.parent or "")
    call = next(c for c in parent.module.calls.values() if c.prefix == module.prefix)
    if name in call.arguments:
        value = evaluate(call.arguments[name], Scope(parent))
    else:
        value = declared.default
    if value is None and not declared.nullable:
        value = declared.default
    try:
        converted = convert(value, declared.type)
    except ExpressionError as error:
        raise ExpressionError(
            f'module "{call.name}": variable "{name}": {error}'
        ) from error
    _validate(context, name, declared.validations, converted)
    return converted


def _validate(context: Context, name: str, validations: Any, value: Any) -> None:
    from formation.templates.evaluator import evaluate

    if value is UNKNOWN:
        return
    inner = Scope(context).bind({})
    for validation in validations:
        passed = evaluate(validation.condition, inner)
        if passed is not UNKNOWN and not to_bool(passed):
            message = "invalid value"
            if validation.error_message is not None:
                message = to_text(evaluate(validation.error_message, inner))
            raise ExpressionError(f'variable "{name}": {message}')


def local(context: Context, name: str) -> Any:
    """Return local value ``name`` of the context's module, computed once."""
    from formation.templates.evaluator import evaluate

    module = context.module
    key = f"{module.prefix}local.{name}"
    cache = context.evaluation.local_values
    if key not in cache:
        if name not in module.locals:
            raise ExpressionError(f'local value "{name}" is not declared')
        try:
            cache[key] = evaluate(module.locals[name], Scope(context))
        except ExpressionError as error:
            raise ExpressionError(f"local.{name}: {error}") from error
    return cache[key]


def _path(context: Context, name: str) -> str:
    if name == "module":
        return context.module.directory
    return ROOT_PATHS[name]


def _module(
    context: Context, name: str, steps: list[Node]
) -> tuple[Any, str, list[Node]]:
    call = context.module.calls.get(name)
    if call is None:
        raise ExpressionError(f'module "{name}" is not declared')
    child = context.evaluation.context(call.prefix)
    output = step_name(steps[0]) if steps else None
    if output is None:
        everything = {
            o.name: module_output(child, o.name) for o in child.module.outputs
        }
        return everything, f"module.{name}", steps
    return module_output(child, output), f"module.{name}.{output}", steps[1:]


def module_output(context: Context, name: str) -> Any:
    """Return output ``name`` of the context's (child) module."""
    from formation.templates.evaluator import evaluate

    found = [o for o in context.module.outputs if o.name == name]
    if not found:
        raise ExpressionError(f'the module has no output "{name}"')
    key = f"{context.module.prefix}output.{name}"
    cache = context.evaluation.local_values
    if key not in cache:
        cache[key] = evaluate(found[0].value, Scope(context))
    return cache[key]


def resource_value(context: Context, local_address: str) -> Any:
    """Return a resource of the context's module: an object, a list or a map."""
    address = context.module.prefix + local_address
    if address not in context.template.resources:
        raise ExpressionError(f"{local_address} is not declared")
    shape = expansion.expand(context.evaluation, address)
    if context.planning:
        return shape.arrange([UNKNOWN] * len(shape.keys))
    state = context.evaluation.state or {}
    values = []
    for instance in shape.addresses(address):
        if instance not in state:
            raise ExpressionError(f"resource {instance} has not been created")
        values.append(dict(state[instance]))
    return shape.arrange(values)
