"""Templates: parse HCL or ``.tf.json`` stacks, check them, evaluate them.

python-hcl2 parses the text (its grammar, through ``parses_to_tree``); this
package walks the resulting tree to check references and evaluate expressions.
"""

from formation.templates.errors import TemplateError
from formation.templates.loader import load_template
from formation.templates.model import Template
from formation.templates.render import (
    OutputValue,
    StaticArguments,
    check_static,
    render_outputs,
    render_resource,
)
from formation.templates.variables import load_variables

__all__ = [
    "OutputValue",
    "StaticArguments",
    "Template",
    "TemplateError",
    "check_static",
    "load_template",
    "load_variables",
    "render_outputs",
    "render_resource",
]
