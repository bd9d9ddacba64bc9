"""The stack's workspace folder: what a zip-sent configuration brings into it."""

import logging
from collections.abc import Mapping
from pathlib import Path

from formation.providers import ConfigError, ProviderError
from formation.providers.workspace import ensure_inside, relative_path

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".tf", ".tf.json")


def copy_companions(files: Mapping[str, str], workspace: Path) -> None:
    """Write the configuration's other files into the workspace, as Terraform's
    working folder would hold them, so data sources and commands can read them.

    Template files stay out. A file is written only when it differs; what else
    the workspace holds stays. Paths were checked when the zip was accepted;
    they are checked again here, symlinks included. Safe to repeat.
    """
    for name, text in sorted(files.items()):
        if name.endswith(TEMPLATE_SUFFIXES):
            continue
        try:
            relative = relative_path(name, "file")
            target = workspace / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            ensure_inside(target, workspace, relative)
        except (ConfigError, ProviderError, OSError) as exc:
            logger.warning("companion file %s not copied: %s", name, exc)
            continue
        if not target.is_file() or target.read_text(errors="replace") != text:
            target.write_text(text)
