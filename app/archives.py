"""Open a zip sent through ``template_uri`` under RFS's rules for template archives.

RFS bounds a template zip: at most 1 MB packed and unpacked, at most 100 files,
no ``.tfvars`` inside, names of at most 255 bytes, paths of at most 2048 bytes,
and a ``.tf`` or ``.tf.json`` file at its root. Formation also refuses entries
that could leave the archive's root (``..``, absolute paths, symbolic links),
since the files are later written into a stack's workspace folder.
"""

import io
import posixpath
import stat
import zipfile
import zlib

from app.errors import BadRequest

MAX_UNPACKED = 1024 * 1024
MAX_FILES = 100
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 2048
TEMPLATE_SUFFIXES = (".tf", ".tf.json")

INVALID = "RF.10011074"
UNPARSABLE = "RF.10011073"
TOO_LONG = "RF.10011005"
NOT_UTF8 = "RF.10011085"


def unpack(packed: bytes) -> dict[str, str]:
    """The zip's files as a mapping of relative path to text.

    Raises BadRequest naming the broken rule: RF.10011073 for bytes that are not
    a zip, RF.10011005 for a limit exceeded, RF.10011085 for a file that is not
    UTF-8 text, RF.10011074 for any other rule. Pure: writes nothing.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(packed))
    except zipfile.BadZipFile as exc:
        raise BadRequest(
            "template_uri: the file is not a zip archive", UNPARSABLE
        ) from exc
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if len(entries) > MAX_FILES:
            raise BadRequest(
                f"template_uri: the zip holds more than {MAX_FILES} files", TOO_LONG
            )
        files = _read_all(archive, entries)
    if not any("/" not in path and path.endswith(TEMPLATE_SUFFIXES) for path in files):
        raise BadRequest(
            "template_uri: the zip has no .tf or .tf.json file at its root", INVALID
        )
    return files


def pack(files: dict[str, str]) -> bytes:
    """A zip of ``files`` (path to text), sorted, with fixed timestamps.

    The same files always give the same bytes, so a download can be compared.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path].encode("utf-8"))
    return buffer.getvalue()


def _read_all(
    archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]
) -> dict[str, str]:
    files: dict[str, str] = {}
    budget = MAX_UNPACKED
    for info in entries:
        path = _checked_path(info)
        if path in files:
            raise _invalid(info.filename, "appears twice in the zip")
        data = _read_entry(archive, info, budget)
        budget -= len(data)
        files[path] = _text(path, data)
    return files


def _checked_path(info: zipfile.ZipInfo) -> str:
    """The entry's normalised path; BadRequest for a name that breaks a rule."""
    name = info.filename.replace("\\", "/")
    if len(name.encode("utf-8")) > MAX_PATH_BYTES:
        raise BadRequest(
            f"template_uri: a path in the zip is longer than {MAX_PATH_BYTES} bytes",
            TOO_LONG,
        )
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in name.split("/")):
        raise BadRequest(
            f"template_uri: a name in the zip is longer than {MAX_NAME_BYTES} bytes",
            TOO_LONG,
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _invalid(info.filename, "is a symbolic link")
    path = posixpath.normpath(name)
    if name.startswith("/") or path == ".." or path.startswith("../"):
        raise _invalid(info.filename, "leaves the zip's root")
    if path.lower().endswith(".tfvars"):
        raise _invalid(info.filename, "is a .tfvars file; send variables apart")
    if info.flag_bits & 0x1:
        raise _invalid(info.filename, "is encrypted")
    return path


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    # The sizes in the zip's headers are the sender's claim: read at most one
    # byte past what is left, so a small archive cannot unpack into a large one.
    try:
        with archive.open(info) as entry:
            data = entry.read(budget + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise BadRequest(
            f'template_uri: entry "{info.filename}" cannot be unpacked', UNPARSABLE
        ) from exc
    if len(data) > budget:
        raise BadRequest(
            f"template_uri: the zip unpacks to more than {MAX_UNPACKED} bytes",
            TOO_LONG,
        )
    return data


def _text(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f'template_uri: file "{path}" in the zip is not UTF-8 text', NOT_UTF8
        ) from exc


def _invalid(name: str, why: str) -> BadRequest:
    return BadRequest(f'template_uri: entry "{name}" {why}', INVALID)
