"""``formation`` subcommands: stacks, show, deploy, continue, watch."""

import os
import sys
from pathlib import Path
from typing import Any

import click

from formation.cli.client import ApiError, Client
from formation.cli.watch import line, watch


@click.group()
@click.option(
    "--url",
    envvar="FORMATION_URL",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Formation's address.",
)
@click.option(
    "--project",
    envvar="FORMATION_PROJECT",
    default="0123456789abcdef0123456789abcdef",
    show_default=True,
)
@click.pass_context
def main(ctx: click.Context, url: str, project: str) -> None:
    """Operate stacks on a Formation server.

    Requests are signed when FORMATION_ACCESS_KEY and FORMATION_SECRET_KEY are set.
    """
    ctx.obj = Client(
        url,
        project,
        os.environ.get("FORMATION_ACCESS_KEY", ""),
        os.environ.get("FORMATION_SECRET_KEY", ""),
    )


def _client(ctx: click.Context) -> Client:
    client: Client = ctx.obj
    return client


@main.command()
@click.pass_context
def stacks(ctx: click.Context) -> None:
    """List the project's stacks, newest first."""
    for stack in _client(ctx).call("GET", "", query={"limit": "1000"})["stacks"]:
        click.echo(
            f"{stack['stack_name']:<32} {stack['status']:<24} "
            f"{stack['update_time']}  {stack.get('status_message', '')}"
        )


@main.command()
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """A stack's metadata, resources and outputs."""
    client = _client(ctx)
    meta = client.call("GET", f"/{name}/metadata")
    for key in ("stack_name", "stack_id", "status", "status_message", "update_time"):
        if meta.get(key):
            click.echo(f"{key}: {meta[key]}")
    click.echo("resources:")
    for r in client.call("GET", f"/{name}/resources")["stack_resources"]:
        click.echo(
            f"  {r['logical_resource_type']}.{r['logical_resource_name']}  "
            f"{r['resource_status']}  {r['physical_resource_id']}"
        )
    click.echo("outputs:")
    for o in client.call("GET", f"/{name}/outputs")["outputs"]:
        click.echo(f"  {o['name']} = {o['value']}")


def _vars(pairs: tuple[str, ...]) -> list[dict[str, str]]:
    found = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--var")
        found.append({"var_key": key, "var_value": value})
    return found


def _follow(client: Client, name: str, answer: Any, follow: bool) -> None:
    deployment_id = answer["deployment_id"]
    click.echo(f"deployment {deployment_id} accepted")
    if follow:
        status, succeeded = watch(client, name, deployment_id)
        click.echo(status)
        sys.exit(0 if succeeded else 1)


@main.command()
@click.argument("name")
@click.argument(
    "template", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--var", "pairs", multiple=True, help="A variable, KEY=VALUE.")
@click.option("--watch/--no-watch", "follow", default=True, show_default=True)
@click.pass_context
def deploy(
    ctx: click.Context, name: str, template: Path, pairs: tuple[str, ...], follow: bool
) -> None:
    """Deploy TEMPLATE as stack NAME (created when it does not exist)."""
    client = _client(ctx)
    body: dict[str, Any] = {"template_body": template.read_text()}
    if pairs:
        body["vars_structure"] = _vars(pairs)
    try:
        client.call("GET", f"/{name}/metadata")
        answer = client.call("POST", f"/{name}/deployments", body)
    except ApiError as exc:
        if exc.status != 404:
            raise
        answer = client.call("POST", "", {"stack_name": name, **body})
    _follow(client, name, answer, follow)


@main.command(name="continue")
@click.argument("name")
@click.option("--watch/--no-watch", "follow", default=True, show_default=True)
@click.pass_context
def continue_(ctx: click.Context, name: str, follow: bool) -> None:
    """Continue the failed deployment of stack NAME."""
    client = _client(ctx)
    _follow(client, name, client.call("POST", f"/{name}/continuations"), follow)


@main.command(name="watch")
@click.argument("name")
@click.argument("deployment_id")
@click.pass_context
def watch_(ctx: click.Context, name: str, deployment_id: str) -> None:
    """Follow DEPLOYMENT_ID's events until stack NAME reaches a final status."""
    status, succeeded = watch(_client(ctx), name, deployment_id)
    click.echo(status)
    sys.exit(0 if succeeded else 1)


@main.command()
@click.argument("name")
@click.option("--limit", default=50, show_default=True)
@click.pass_context
def events(ctx: click.Context, name: str, limit: int) -> None:
    """The stack's latest events, oldest first."""
    page = _client(ctx).call("GET", f"/{name}/events", query={"limit": str(limit)})
    for event in reversed(page["stack_events"]):
        click.echo(line(event))


def run() -> None:
    """Entry point: report API errors as one line instead of a traceback."""
    try:
        main()
    except ApiError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
