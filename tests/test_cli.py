"""The operator's command line against a live Formation."""

import subprocess
from pathlib import Path

import pytest

from tests.processes import BIN, ROOT

pytestmark = pytest.mark.usefixtures("worker")


def _formation(url: str, project: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "formation"), "--url", url, "--project", project, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def test_deploy_watches_the_deployment_to_its_end(web_url: str, project: str) -> None:
    example = str(ROOT / "examples" / "hello" / "main.tf")

    done = _formation(web_url, project, "deploy", "greet", example, "--var", "who=ops")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("deployment ")
    assert any(
        "CREATION_COMPLETE" in line and "local_file.greeting" in line for line in lines
    )
    assert any("SUMMARY" in line for line in lines)
    assert lines[-1] == "DEPLOYMENT_COMPLETE"
    assert "\x1b[" not in done.stdout  # piped: plain lines, no redrawn status

    listed = _formation(web_url, project, "stacks")
    assert listed.stdout.startswith("greet")
    shown = _formation(web_url, project, "show", "greet")
    assert "terraform_data.greeting" in shown.stdout
    assert "hello, ops!" in shown.stdout


def test_a_failed_deployment_exits_non_zero_and_continue_finishes_it(
    web_url: str, project: str, workspace: Path, tmp_path: Path
) -> None:
    folder = workspace / project / "blocked"
    folder.mkdir(parents=True)
    (folder / "reports").write_text("in the way")
    example = str(ROOT / "examples" / "report" / "main.tf")

    failed = _formation(web_url, project, "deploy", "blocked", example)
    (folder / "reports").unlink()
    continued = _formation(web_url, project, "continue", "blocked")

    assert failed.returncode == 1
    assert failed.stdout.splitlines()[-1] == "DEPLOYMENT_FAILED"
    assert "ERROR" in failed.stdout
    assert continued.returncode == 0, continued.stdout + continued.stderr
    assert continued.stdout.splitlines()[-1] == "DEPLOYMENT_COMPLETE"
    # Watching the failed deployment later: the stack is complete now, the
    # deployment still failed.
    first = failed.stdout.splitlines()[0].split()[1]
    again = _formation(web_url, project, "watch", "blocked", first)
    assert again.returncode == 1
    assert again.stdout.splitlines()[-1] == "DEPLOYMENT_COMPLETE"


def test_an_api_error_is_one_line_with_its_code(web_url: str, project: str) -> None:
    done = _formation(web_url, project, "continue", "nothing-here")

    assert done.returncode == 2
    assert "RF.10013001" in done.stderr
    assert "Traceback" not in done.stderr


def test_on_a_terminal_watch_redraws_a_status_line(web_url: str, project: str) -> None:
    """Run under a pseudo-terminal, as an operator would."""
    import os
    import pty

    example = str(ROOT / "examples" / "pause" / "main.tf.json")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            str(BIN / "formation"),
            "--url",
            web_url,
            "--project",
            project,
            "deploy",
            "paused",
            example,
        ],
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)

    text = seen.decode(errors="replace")
    assert proc.returncode == 0
    assert "\x1b[2K" in text
    assert "DEPLOYMENT_IN_PROGRESS" in text
    assert text.rstrip().endswith("DEPLOYMENT_COMPLETE")


def test_names_are_encoded_and_a_dead_server_is_one_line(
    web_url: str, project: str
) -> None:
    example = str(ROOT / "examples" / "hello" / "main.tf")

    chinese = _formation(web_url, project, "deploy", "中文栈", example)
    odd = _formation(web_url, project, "show", "bad name!")
    dead = _formation("http://127.0.0.1:1", project, "stacks")

    assert chinese.returncode == 0, chinese.stderr
    assert odd.returncode == 2 and "RF.10011010" in odd.stderr
    assert dead.returncode == 2 and "Traceback" not in dead.stderr
