"""Templates: parse HCL or ``.tf.json`` stacks, check them, plan and evaluate them.

python-hcl2 parses the text (its grammar, through ``parses_to_tree``); this
package walks the resulting tree to check references and evaluate expressions.
A deployment works through :func:`plan_instances`, rendering each instance
with :func:`render_resource`, then the outputs with :func:`render_outputs`.
"""

from formation.templates.errors import TemplateError
from formation.templates.instances import Instance, plan_instances
from formation.templates.lifecycle import (
    Lifecycle,
    check_conditions,
    lifecycle,
    replace_triggers,
)
from formation.templates.loader import load_template
from formation.templates.model import Template
from formation.templates.provisioners import (
    Provisioner,
    provisioners,
    render_provisioner,
)
from formation.templates.render import (
    OutputValue,
    StaticArguments,
    check_instances,
    check_static,
    render_outputs,
    render_resource,
)
from formation.templates.variables import load_variables

__all__ = [
    "Instance",
    "Lifecycle",
    "OutputValue",
    "Provisioner",
    "StaticArguments",
    "Template",
    "TemplateError",
    "check_conditions",
    "check_instances",
    "check_static",
    "lifecycle",
    "load_template",
    "load_variables",
    "plan_instances",
    "provisioners",
    "render_outputs",
    "render_provisioner",
    "render_resource",
    "replace_triggers",
]
