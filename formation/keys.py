"""Every Redis key Formation uses, and nothing else builds one.

All keys of a project carry the hash tag ``{<project_id>}``, so each Lua script
touches a single slot and the layout works unchanged on Redis Cluster. Per-stack
keys are named by stack name: a deleted stack's keys are removed with it, and the
project-wide epoch counter keeps fencing tokens increasing across re-creations.
"""

PREFIX = "fm"


def _tag(project_id: str) -> str:
    return f"{PREFIX}:{{{project_id}}}"


def projects() -> str:
    """Set of project ids that have ever held a stack (the reaper walks it)."""
    return f"{PREFIX}:projects"


def epoch_counter(project_id: str) -> str:
    """Counter handing out fencing tokens for the project's deployments."""
    return f"{_tag(project_id)}:epoch"


def stack_names(project_id: str) -> str:
    """Sorted set of stack names scored by creation time in milliseconds."""
    return f"{_tag(project_id)}:stacks"


def stack(project_id: str, stack_name: str) -> str:
    """Hash with a stack's metadata, status, holder and epoch."""
    return f"{_tag(project_id)}:stack:{stack_name}"


def resources(project_id: str, stack_name: str) -> str:
    """Hash of resource address to the resource's JSON state."""
    return f"{_tag(project_id)}:resources:{stack_name}"


def outputs(project_id: str, stack_name: str) -> str:
    """String holding the JSON list of the last complete deployment's outputs."""
    return f"{_tag(project_id)}:outputs:{stack_name}"


def events(project_id: str, stack_name: str) -> str:
    """Stream of the stack's events, oldest first."""
    return f"{_tag(project_id)}:events:{stack_name}"


def deployment(project_id: str, deployment_id: str) -> str:
    """Hash with one deployment's record: status, epoch, steps and cursor."""
    return f"{_tag(project_id)}:deployment:{deployment_id}"


def lease(project_id: str, deployment_id: str) -> str:
    """Key that exists while a worker is inside one of the deployment's steps."""
    return f"{_tag(project_id)}:lease:{deployment_id}"


def active(project_id: str) -> str:
    """Sorted set of deployments not yet final, scored by acceptance time (ms)."""
    return f"{_tag(project_id)}:active"


def request(project_id: str, client_request_id: str) -> str:
    """Hash remembering a mutating request's fingerprint and answer for retries."""
    return f"{_tag(project_id)}:request:{client_request_id}"


def throttle(project_id: str, caller: str) -> str:
    """String holding a caller's rate-limit state in the project (ms, expires)."""
    return f"{_tag(project_id)}:throttle:{caller}"


def download_secret() -> str:
    """String with the secret that signs template download links.

    Without a configured secret, the first web process to need one sets it
    (SET NX), so every process signs and checks links with the same key.
    """
    return f"{PREFIX}:download-secret"
