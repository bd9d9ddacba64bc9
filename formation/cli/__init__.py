"""The operator's command line: ``formation --help``."""

from formation.cli.commands import main, run

__all__ = ["main", "run"]
