import base64
import hashlib
import os
import stat

import pytest

from formation.providers import ConfigError, ProviderError, get_provider
from formation.templates import StaticArguments
from tests.providers.helpers import context

local_file = get_provider("local_file")


def write(tmp_path, **config):
    return local_file.create(config, context(tmp_path / "stack", "local_file.report"))


def test_local_file_writes_the_content_under_the_workspace(tmp_path):
    attributes = write(tmp_path, filename="./out/a.txt", content="hello")

    assert (tmp_path / "stack" / "out" / "a.txt").read_text() == "hello"
    assert attributes["filename"] == "./out/a.txt"


def test_local_file_reports_terraforms_checksums(tmp_path):
    data = b"hello"

    attributes = write(tmp_path, filename="a.txt", content="hello")

    assert attributes["id"] == hashlib.sha1(data).hexdigest()
    assert attributes["content_md5"] == hashlib.md5(data).hexdigest()
    assert attributes["content_sha1"] == attributes["id"]
    assert attributes["content_sha256"] == hashlib.sha256(data).hexdigest()
    sha256 = hashlib.sha256(data).digest()
    assert attributes["content_base64sha256"] == base64.b64encode(sha256).decode()
    assert attributes["content_sha512"] == hashlib.sha512(data).hexdigest()
    sha512 = hashlib.sha512(data).digest()
    assert attributes["content_base64sha512"] == base64.b64encode(sha512).decode()


def test_local_file_defaults_to_terraforms_permissions(tmp_path):
    attributes = write(tmp_path, filename="a.txt", content="x")

    assert attributes["file_permission"] == "0777"
    assert attributes["directory_permission"] == "0777"


def test_local_file_applies_the_file_permission(tmp_path):
    write(tmp_path, filename="a.txt", content="x", file_permission="0600")

    mode = stat.S_IMODE((tmp_path / "stack" / "a.txt").stat().st_mode)
    assert mode == 0o600


def test_local_file_writes_decoded_base64_content(tmp_path):
    write(
        tmp_path, filename="bin", content_base64=base64.b64encode(b"\x00\xff").decode()
    )

    assert (tmp_path / "stack" / "bin").read_bytes() == b"\x00\xff"


def test_local_file_copies_a_source_file_of_the_workspace(tmp_path):
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "in.txt").write_text("copied")

    attributes = write(tmp_path, filename="out.txt", source="in.txt")

    assert (tmp_path / "stack" / "out.txt").read_text() == "copied"
    assert attributes["id"] == hashlib.sha1(b"copied").hexdigest()


def test_local_file_keeps_what_is_already_in_the_workspace(tmp_path):
    (tmp_path / "stack" / "out").mkdir(parents=True)
    (tmp_path / "stack" / "out" / "keep.txt").write_text("mine")

    write(tmp_path, filename="out/new.txt", content="x")

    assert (tmp_path / "stack" / "out" / "keep.txt").read_text() == "mine"


def test_creating_twice_gives_the_same_file_and_id(tmp_path):
    first = write(tmp_path, filename="a.txt", content="same")
    second = write(tmp_path, filename="a.txt", content="same")

    assert first == second
    assert sorted(os.listdir(tmp_path / "stack")) == ["a.txt"]


@pytest.mark.parametrize(
    "config",
    [
        {"filename": "/etc/passwd", "content": "x"},
        {"filename": "../escape.txt", "content": "x"},
        {"filename": "out/../../escape.txt", "content": "x"},
        {"filename": "a.txt", "source": "/etc/hostname"},
        {"filename": "a.txt"},
        {"filename": "a.txt", "content": "x", "source": "b.txt"},
        {"filename": "a.txt", "content": "x", "file_permission": "rwx"},
        {"filename": "a.txt", "content_base64": "not base64!"},
        {"filename": ".", "content": "x"},
        {"filename": "a\x00b", "content": "x"},
    ],
)
def test_check_refuses_paths_outside_the_workspace_and_bad_arguments(config):
    with pytest.raises(ConfigError):
        local_file.check(config)


def test_check_counts_content_waiting_for_state_as_given():
    local_file.check(StaticArguments({"filename": "a.txt"}, frozenset({"content"})))


@pytest.mark.parametrize("filename", ["/tmp/abs.txt", "../up.txt"])
def test_create_refuses_paths_outside_the_workspace(tmp_path, filename):
    with pytest.raises(ProviderError):
        write(tmp_path, filename=filename, content="x")

    assert not (tmp_path / "up.txt").exists()


def test_create_refuses_a_symlinked_folder_leading_out_of_the_workspace(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "link").symlink_to(outside)

    with pytest.raises(ProviderError, match="outside the stack workspace"):
        write(tmp_path, filename="link/deeper/a.txt", content="x")

    assert list(outside.iterdir()) == []


def test_create_refuses_a_symlinked_file_pointing_out_of_the_workspace(tmp_path):
    target = tmp_path / "victim.txt"
    target.write_text("untouched")
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "a.txt").symlink_to(target)

    with pytest.raises(ProviderError, match="outside the stack workspace"):
        write(tmp_path, filename="a.txt", content="x")

    assert target.read_text() == "untouched"


def test_symlinks_that_stay_inside_the_workspace_are_followed(tmp_path):
    (tmp_path / "stack" / "real").mkdir(parents=True)
    (tmp_path / "stack" / "alias").symlink_to(tmp_path / "stack" / "real")

    write(tmp_path, filename="alias/a.txt", content="x")

    assert (tmp_path / "stack" / "real" / "a.txt").read_text() == "x"


def test_a_file_blocking_a_folder_fails_naming_it_and_continuing_succeeds(tmp_path):
    (tmp_path / "stack").mkdir()
    blocker = tmp_path / "stack" / "reports"
    blocker.write_text("in the way")

    with pytest.raises(ProviderError) as caught:
        write(tmp_path, filename="reports/summary.txt", content="done")

    assert '"reports"' in str(caught.value)
    assert "not a folder" in str(caught.value)
    blocker.unlink()
    write(tmp_path, filename="reports/summary.txt", content="done")
    assert (tmp_path / "stack" / "reports" / "summary.txt").read_text() == "done"


def test_a_folder_where_the_file_should_be_fails(tmp_path):
    (tmp_path / "stack" / "a.txt").mkdir(parents=True)

    with pytest.raises(ProviderError, match="is a folder"):
        write(tmp_path, filename="a.txt", content="x")


def test_delete_removes_the_file_only_and_may_repeat(tmp_path):
    attributes = write(tmp_path, filename="out/a.txt", content="x")
    ctx = context(tmp_path / "stack")

    local_file.delete(attributes, ctx)
    local_file.delete(attributes, ctx)

    assert not (tmp_path / "stack" / "out" / "a.txt").exists()
    assert (tmp_path / "stack" / "out").is_dir()


def test_delete_refuses_a_path_leading_out_of_the_workspace(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "a.txt").symlink_to(victim)

    with pytest.raises(ProviderError):
        local_file.delete({"filename": "a.txt"}, context(tmp_path / "stack"))

    assert victim.read_text() == "keep"


def test_local_sensitive_file_keeps_content_private(tmp_path):
    provider = get_provider("local_sensitive_file")

    provider.create({"filename": "s.txt", "content": "secret"}, context(tmp_path))

    assert stat.S_IMODE((tmp_path / "s.txt").stat().st_mode) & 0o077 == 0
    assert "content" in provider.sensitive_attributes
