"""Load a template: parse its modules, check every name used, order its resources."""

from collections.abc import Collection, Mapping

from formation.templates.declarations import Declarations, declare
from formation.templates.errors import INVALID, TemplateError, invalid
from formation.templates.graph import find_cycle, reach_through, topological_order
from formation.templates.links import Links, module_edges
from formation.templates.model import Module, ModuleCall, Resource, Template
from formation.templates.sources import (
    child_directory,
    collect_files,
    decode,
    module_blocks,
    module_files,
)

MAX_MODULE_DEPTH = 8

__all__ = ["decode", "load_template"]


def load_template(
    files: Mapping[str, str | bytes] | str | bytes,
    *,
    known_types: Collection[str],
    known_data_types: Collection[str] = (),
) -> Template:
    """Parse and check a template in HCL or ``.tf.json`` syntax.

    ``files`` is one template text, or a mapping of relative path to text for
    a configuration of several files (the root module is the ``.tf`` /
    ``.tf.json`` files at the root; local modules live in sub-folders; other
    files are there for ``file()`` and ``templatefile()``). Raises
    :class:`TemplateError`: ``RF.10011085`` for bytes that are not UTF-8,
    ``RF.10011073`` for text that does not parse, ``RF.10011074`` for an unknown
    reference, function, resource or data source type, a cycle or an
    unsupported feature. Pure: no side effects.
    """
    texts = collect_files(files)
    if not module_files(texts, "."):
        raise TemplateError(
            INVALID, "the template has no .tf or .tf.json file at its root"
        )
    declared: dict[str, Declarations] = {}
    modules: dict[str, Module] = {}
    _load_module(texts, "", ".", None, declared, modules)

    _check_types(declared, known_types, known_data_types)
    links = Links(declared, modules)
    edges = module_edges(links)
    cycle = find_cycle(edges)
    if cycle:
        raise TemplateError(INVALID, _cycle_message(cycle))
    return _build(links, edges, texts)


def _load_module(
    texts: Mapping[str, str],
    prefix: str,
    directory: str,
    parent: str | None,
    declared: dict[str, Declarations],
    modules: dict[str, Module],
) -> None:
    """Declare the module in ``directory`` and, recursively, the modules it calls."""
    if prefix.count("module.") > MAX_MODULE_DEPTH:
        raise TemplateError(INVALID, f"{prefix.rstrip('.')}: modules nest too deep")
    found = declare(module_blocks(texts, directory))
    calls: dict[str, ModuleCall] = {}
    for name, block in found.calls.items():
        child = f"{prefix}module.{name}."
        folder = child_directory(directory, block.source)
        if not module_files(texts, folder):
            where = f'{prefix}module "{name}"'
            raise invalid(where, f'no .tf or .tf.json file in "{block.source}"')
        calls[name] = ModuleCall(
            name, block.source, block.arguments, block.depends_on, child
        )
        _load_module(texts, child, folder, prefix, declared, modules)
    declared[prefix] = found
    modules[prefix] = Module(
        prefix=prefix,
        directory=directory,
        variables=dict(found.variables),
        locals=dict(found.locals),
        outputs=tuple(found.outputs.values()),
        calls=calls,
        parent=parent,
    )


def _check_types(
    declared: Mapping[str, Declarations],
    known_types: Collection[str],
    known_data_types: Collection[str],
) -> None:
    for prefix, found in declared.items():
        for address, block in found.resources.items():
            known = known_types if block.mode == "managed" else known_data_types
            what = "resource" if block.mode == "managed" else "data source"
            if block.type_name not in known:
                message = f'unknown {what} type "{block.type_name}"'
                raise invalid(prefix + address, message)


def _cycle_message(cycle: list[str]) -> str:
    return "dependency cycle: " + " -> ".join([*cycle, cycle[0]])


def _build(
    links: Links, edges: dict[str, frozenset[str]], texts: Mapping[str, str]
) -> Template:
    resources: dict[str, Resource] = {}
    for prefix, found in links.declared.items():
        for local_address, block in found.resources.items():
            address = prefix + local_address
            resources[address] = Resource(
                address=address,
                type_name=block.type_name,
                arguments=block.arguments,
                dependencies=reach_through(edges, address, links.passable(edges)),
                mode=block.mode,
                name=block.name,
                module=prefix,
                count=block.count,
                for_each=block.for_each,
                lifecycle=block.lifecycle,
                provisioners=block.provisioners,
            )
    declared_order = [a for a in links.resource_order() if a in resources]
    dependencies = {address: r.dependencies for address, r in resources.items()}
    order = topological_order(declared_order, dependencies)
    root = links.modules[""]
    return Template(
        addresses=tuple(a for a in order if resources[a].mode == "managed"),
        resources=resources,
        variables=root.variables,
        locals=root.locals,
        outputs=root.outputs,
        modules=dict(links.modules),
        files=dict(texts),
        order=order,
    )
