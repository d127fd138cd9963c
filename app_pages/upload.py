"""App infrastructure: read an uploaded zone folder (a zip) safely, and zip a zone folder.

An upload comes from a browser, so its zip is treated as hostile:
- no member may land outside its own folder (absolute paths, '..', drive letters, links);
- the compressed size, the number of files, each file's size, the total unpacked size and
  the compression ratio are limited, and sizes are counted while unpacking rather than
  trusted from the zip's headers, so a decompression bomb is stopped early;
- only the file types a zone folder holds (.toml, .csv, .md, .txt) are accepted.

Problems are reported as `InputIssue`s, like any other input problem, so the app shows them
in the same table as the zone's own validation errors.
"""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from planner.errors import InputError, InputIssue
from planner.zone_io import ZONE_FILE_SUFFIXES

ALLOWED_SUFFIXES = ZONE_FILE_SUFFIXES  # an upload holds what a zone folder holds
# Files that archivers add on their own; they are skipped, not refused.
_IGNORED_PARTS = ("__MACOSX",)
_IGNORED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class UploadLimits:
    """Limits of an uploaded zone zip. The largest Belgian zone (~2,700 staff) gives a
    staff.csv of about 200 kB and a week's on-duty export of a few MB, so these leave room."""

    max_zip_bytes: int = 20 * 1024 * 1024
    max_files: int = 200
    max_file_bytes: int = 20 * 1024 * 1024
    max_total_bytes: int = 60 * 1024 * 1024
    max_ratio: float = 100.0  # unpacked / packed size of one member; text rarely passes 20
    max_depth: int = 6
    max_name_bytes: int = 200  # one file or folder name (UTF-8); file systems allow 255


def _issue(name: str, field: str, value: object, expected: str, **values: object) -> InputIssue:
    return InputIssue(name, None, field, str(value), expected, values)


def _ignored(path: PurePosixPath) -> bool:
    return (
        any(p in _IGNORED_PARTS for p in path.parts)
        or path.name in _IGNORED_NAMES
        or path.name.startswith("._")
    )


def safe_member_path(name: str) -> PurePosixPath | None:
    """The member's relative path, or None when it would leave the folder it is unpacked
    into (absolute, drive letter, '..', empty parts)."""
    text = name.replace("\\", "/")
    if not text or text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None
    path = PurePosixPath(text)
    if any(part in ("..", "") for part in path.parts) or "\0" in text:
        return None
    return path


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode) if mode else False


def extract_zone_zip(
    data: bytes,
    dest: str | Path,
    upload_name: str = "upload.zip",
    limits: UploadLimits = UploadLimits(),
) -> Path:
    """Unpack a zone zip into `dest` (an empty folder) and return the zone folder in it:
    `dest` itself when zone.toml is at the top of the zip, or the one folder that holds it.

    Raises `InputError` listing every problem; nothing is written outside `dest`, and on
    any problem nothing at all is left (not even `dest`, when this call created it).
    """
    root = Path(dest).resolve()
    before = {p.name for p in root.iterdir()} if root.is_dir() else None
    try:
        return _extract(data, root, upload_name, limits)
    except BaseException:
        _remove_written(root, before)
        raise


def _remove_written(root: Path, before: set[str] | None) -> None:
    """Remove what a refused unpacking wrote: `root` itself when it was new, else the
    entries it did not hold before."""
    if before is None:
        shutil.rmtree(root, ignore_errors=True)
        return
    for p in root.iterdir() if root.is_dir() else ():
        if p.name not in before:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _extract(data: bytes, root: Path, upload_name: str, limits: UploadLimits) -> Path:
    issues: list[InputIssue] = []
    if len(data) > limits.max_zip_bytes:
        raise InputError(
            [
                _issue(
                    upload_name,
                    "(size)",
                    len(data),
                    "zip_size",
                    max_mb=limits.max_zip_bytes // (1024 * 1024),
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        zlib.error,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise InputError([_issue(upload_name, "(zip)", exc, "zip_file")]) from None

    members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    for info in infos:
        path = safe_member_path(info.filename)
        if path is None:
            issues.append(_issue(info.filename, "(path)", info.filename, "relative_path"))
            continue
        if info.is_dir() or _ignored(path):
            continue
        if _is_link(info):
            issues.append(_issue(info.filename, "(type)", "", "not_a_link"))
            continue
        if info.flag_bits & 0x1:
            issues.append(_issue(info.filename, "(zip)", "", "unencrypted"))
            continue
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            issues.append(
                _issue(info.filename, "(type)", path.suffix, "file_type", options=ALLOWED_SUFFIXES)
            )
            continue
        long = next((p for p in path.parts if len(p.encode("utf-8")) > limits.max_name_bytes), None)
        if long is not None:
            issues.append(
                _issue(
                    info.filename,
                    "(path)",
                    long,
                    "name_length",
                    max=limits.max_name_bytes,
                    length=len(long),
                )
            )
            continue
        if len(path.parts) > limits.max_depth:
            issues.append(
                _issue(
                    info.filename, "(path)", len(path.parts), "folder_depth", max=limits.max_depth
                )
            )
            continue
        if info.file_size > limits.max_file_bytes:
            issues.append(
                _issue(
                    info.filename,
                    "(size)",
                    info.file_size,
                    "file_size",
                    max_mb=limits.max_file_bytes // (1024 * 1024),
                )
            )
            continue
        members.append((info, path))
    if len(members) > limits.max_files:
        issues.append(
            _issue(upload_name, "(files)", len(members), "file_count", max=limits.max_files)
        )
    seen = {str(p).lower() for _, p in members}
    if len(seen) != len(members):
        issues.append(_issue(upload_name, "(files)", "", "unique_names"))
    folders = {str(parent).lower() for _, p in members for parent in p.parents}
    for info, path in members:
        if str(path).lower() in folders:  # e.g. a.csv and a.csv/b.csv
            issues.append(_issue(info.filename, "(path)", path, "file_or_folder"))
    if issues:
        raise InputError(issues)

    # Unpack into memory first, counting the bytes really produced: headers can lie. The
    # packed size is bounded by where the member really lies in the zip (up to the next
    # member or the central directory), so a header claiming more cannot raise the budget.
    contents: list[tuple[PurePosixPath, bytes]] = []
    total = 0
    span = _spans(infos, archive.start_dir)
    for info, path in members:
        packed = max(min(info.compress_size, span.get(info.header_offset, info.compress_size)), 1)
        budget = min(
            limits.max_file_bytes,
            int(packed * limits.max_ratio) + 4096,
            limits.max_total_bytes - total,
        )
        try:
            with archive.open(info) as fh:
                chunks = []
                size = 0
                while chunk := fh.read(_CHUNK):
                    size += len(chunk)
                    if size > budget:
                        raise InputError(
                            [_issue(info.filename, "(size)", "", "not_a_bomb", bytes=budget)]
                        )
                    chunks.append(chunk)
        except (
            zipfile.BadZipFile,
            OSError,
            RuntimeError,
            ValueError,
            EOFError,
            zlib.error,
            NotImplementedError,
        ) as exc:
            raise InputError([_issue(info.filename, "(zip)", exc, "zip_member")]) from None
        if size != info.file_size:
            raise InputError(
                [_issue(info.filename, "(zip)", size, "declared_size", declared=info.file_size)]
            )
        total += size
        contents.append((path, b"".join(chunks)))

    zone_root = _zone_root([p for p, _ in contents], upload_name)
    root.mkdir(parents=True, exist_ok=True)
    for path, body in contents:
        target = (root / Path(*path.parts)).resolve()
        if not target.is_relative_to(root):  # belt and braces after safe_member_path
            raise InputError([_issue(str(path), "(path)", str(path), "path_inside")])
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        except OSError as exc:  # the caller removes what was written
            raise InputError(
                [_issue(str(path), "(path)", exc.strerror or type(exc).__name__, "storable_name")]
            ) from None
    return root / Path(*zone_root.parts) if zone_root.parts else root


def _spans(infos: list[zipfile.ZipInfo], end: int) -> dict[int, int]:
    """Bytes from each member's local header to the next one (or the central directory):
    an upper bound of its packed size that does not depend on what its header says."""
    offsets = sorted({i.header_offset for i in infos} | {end})
    return {a: b - a for a, b in zip(offsets, offsets[1:], strict=False)}


def _zone_root(paths: list[PurePosixPath], upload_name: str) -> PurePosixPath:
    """The folder that holds zone.toml: the top of the zip or a single folder in it."""
    homes = sorted((p.parent for p in paths if p.name == "zone.toml"), key=lambda p: len(p.parts))
    if not homes:
        raise InputError([_issue(upload_name, "zone.toml", "", "zone_toml_in_zip")])
    top = homes[0]
    if len(top.parts) > 1 or sum(1 for h in homes if len(h.parts) == len(top.parts)) > 1:
        raise InputError(
            [
                _issue(
                    upload_name,
                    "zone.toml",
                    ", ".join(str(h / "zone.toml") for h in homes),
                    "one_zone_per_zip",
                )
            ]
        )
    return top


def zip_zone_folder(folder: str | Path) -> bytes:
    """The zone folder as a zip (the files a zone holds, nothing else), e.g. to download a
    zone with the scenarios saved during a session."""
    root = Path(folder)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix.lower() in ALLOWED_SUFFIXES:
                archive.write(path, str(PurePosixPath(root.name, *path.relative_to(root).parts)))
    return buf.getvalue()


__all__ = [
    "ALLOWED_SUFFIXES",
    "UploadLimits",
    "extract_zone_zip",
    "safe_member_path",
    "zip_zone_folder",
]
