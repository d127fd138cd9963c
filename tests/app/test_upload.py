"""app_pages.upload: an uploaded zone zip is read safely or refused with a clear problem."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from app_pages.upload import UploadLimits, extract_zone_zip, safe_member_path, zip_zone_folder
from planner.errors import InputError
from planner.zone_io import load_zone

DEMO = Path(__file__).resolve().parents[2] / "data" / "zone-demo"


def make_zip(files: dict[str, bytes | str], links: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buf.getvalue()


def issues_of(exc: pytest.ExceptionInfo[InputError]) -> str:
    return "\n".join(str(i) for i in exc.value.issues)


def test_the_demo_zone_round_trips_through_a_zip(tmp_path: Path) -> None:
    folder = extract_zone_zip(zip_zone_folder(DEMO), tmp_path / "x", "zone-demo.zip")
    assert folder == tmp_path / "x" / "zone-demo"
    zone = load_zone(folder)
    assert len(zone.officers) == len(load_zone(DEMO).officers)
    assert "2026-W49" in zone.weeks


def test_zone_files_at_the_top_of_the_zip(tmp_path: Path) -> None:
    files = {p.relative_to(DEMO).as_posix(): p.read_bytes() for p in DEMO.rglob("*") if p.is_file()}
    folder = extract_zone_zip(make_zip(files), tmp_path / "x")
    assert folder == tmp_path / "x"
    load_zone(folder)


def test_archiver_litter_is_skipped(tmp_path: Path) -> None:
    folder = extract_zone_zip(
        make_zip({"z/zone.toml": "", "__MACOSX/z/._zone.toml": "x", "z/.DS_Store": "x"}),
        tmp_path / "x",
    )
    assert sorted(p.name for p in folder.rglob("*")) == ["zone.toml"]


@pytest.mark.parametrize(
    "name",
    ["../evil.toml", "z/../../evil.toml", "/etc/evil.toml", "C:/evil.toml", "z\\..\\..\\evil.toml"],
)
def test_no_file_lands_outside_its_folder(tmp_path: Path, name: str) -> None:
    dest = tmp_path / "inbox" / "x"
    with pytest.raises(InputError) as exc:
        extract_zone_zip(make_zip({"z/zone.toml": "", name: "x"}), dest)
    assert "(path)" in issues_of(exc)
    assert not (tmp_path / "evil.toml").exists() and not (tmp_path / "inbox" / "evil.toml").exists()
    assert not dest.exists(), "nothing is written when the zip is refused"


def test_safe_member_path() -> None:
    assert (
        str(safe_member_path("zone/weeks/2026-W49/pinned.csv")) == "zone/weeks/2026-W49/pinned.csv"
    )
    assert str(safe_member_path("a//b")) == "a/b"  # normalised, still inside
    for bad in ("", "/a", "../a", "a/../../b", "D:x", "a\0b"):
        assert safe_member_path(bad) is None, bad


def test_links_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        extract_zone_zip(
            make_zip({"z/zone.toml": ""}, links={"z/staff.csv": "/etc/passwd"}), tmp_path / "x"
        )
    assert "symbolic link" in issues_of(exc)


@pytest.mark.parametrize("name", ["z/run.py", "z/staff.xlsx", "z/payload.exe", "z/README"])
def test_only_zone_file_types(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as exc:
        extract_zone_zip(make_zip({"z/zone.toml": "", name: "x"}), tmp_path / "x")
    assert "expected one of .toml, .csv, .md, .txt" in issues_of(exc)


def test_a_decompression_bomb_is_refused_while_unpacking(tmp_path: Path) -> None:
    bomb = make_zip({"z/zone.toml": "", "z/staff.csv": b"0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(InputError) as exc:
        extract_zone_zip(bomb, tmp_path / "x")
    assert "(size)" in issues_of(exc)
    assert not (tmp_path / "x").exists()


def test_ratio_limit_counts_real_bytes(tmp_path: Path) -> None:
    data = make_zip({"z/zone.toml": "", "z/staff.csv": b"a" * 200_000})
    with pytest.raises(InputError) as exc:
        extract_zone_zip(data, tmp_path / "x", limits=UploadLimits(max_ratio=10))
    assert "decompression bomb" in issues_of(exc)


def test_limits_on_size_and_number_of_files(tmp_path: Path) -> None:
    many = make_zip({"z/zone.toml": "", **{f"z/f{k}.csv": "a" for k in range(5)}})
    with pytest.raises(InputError) as exc:
        extract_zone_zip(many, tmp_path / "x", limits=UploadLimits(max_files=3))
    assert "at most 3 files" in issues_of(exc)
    with pytest.raises(InputError) as exc:
        extract_zone_zip(many, tmp_path / "y", limits=UploadLimits(max_zip_bytes=100))
    assert "(size)" in issues_of(exc)
    big = make_zip({"z/zone.toml": "", "z/staff.csv": "a" * 5000})
    with pytest.raises(InputError):
        extract_zone_zip(big, tmp_path / "z", limits=UploadLimits(max_file_bytes=1000))
    deep = make_zip({"z/zone.toml": "", "z/a/b/c/d/e/f/g.csv": "a"})
    with pytest.raises(InputError):
        extract_zone_zip(deep, tmp_path / "w")


def test_not_a_zip_and_no_zone(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        extract_zone_zip(b"PK not really", tmp_path / "x", "zone.zip")
    assert "a valid zip file" in issues_of(exc)
    with pytest.raises(InputError) as exc:
        extract_zone_zip(make_zip({"z/staff.csv": "id"}), tmp_path / "y")
    assert "zone.toml" in issues_of(exc)
    with pytest.raises(InputError) as exc:
        extract_zone_zip(make_zip({"a/zone.toml": "", "b/zone.toml": ""}), tmp_path / "z")
    assert "one zone folder per zip" in issues_of(exc)
    with pytest.raises(InputError) as exc:
        extract_zone_zip(
            make_zip({"z/zone.toml": "", "z/Staff.csv": "", "z/staff.csv": ""}), tmp_path / "w"
        )
    assert "same name" in issues_of(exc)


def test_zip_of_a_folder_holds_only_zone_files(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "zone.toml").write_text("")
    (tmp_path / "z" / "notes.bin").write_bytes(b"\0")
    names = zipfile.ZipFile(io.BytesIO(zip_zone_folder(tmp_path / "z"))).namelist()
    assert names == ["z/zone.toml"]


# -- damaged or hostile zips: the input error, and nothing left behind -----------------------------
def _corrupt_deflate() -> bytes:
    data = bytearray(make_zip({"z/zone.toml": "", "z/staff.csv": "id,unit\n" * 200}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("z/staff.csv")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8  # a reserved block type: zlib refuses the stream
    return bytes(data)


def _lying_packed_size() -> bytes:
    """A member of 200 kB packed into a few hundred bytes whose header claims 40 kB packed
    (a ratio of 5), followed by an incompressible member that makes the claim look possible."""
    import os

    data = bytearray(
        make_zip(
            {
                "z/zone.toml": "",
                "z/staff.csv": b"a" * 200_000,
                "z/pad.txt": os.urandom(60_000).hex()[:60_000],
            }
        )
    )
    at = data.index(b"PK\x01\x02")
    while True:  # the central directory entry of z/staff.csv
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        extra_len = int.from_bytes(data[at + 30 : at + 32], "little")
        comment_len = int.from_bytes(data[at + 32 : at + 34], "little")
        if data[at + 46 : at + 46 + name_len] == b"z/staff.csv":
            data[at + 20 : at + 24] = (40_000).to_bytes(4, "little")
            return bytes(data)
        at += 46 + name_len + extra_len + comment_len


HOSTILE_ZIPS = {
    "corrupt deflate stream": (_corrupt_deflate, "(zip)", UploadLimits()),
    "a file and a folder of one name": (
        lambda: make_zip({"z/zone.toml": "", "z/a.csv": "x", "z/a.csv/b.csv": "y"}),
        "(this one is both)",
        UploadLimits(),
    ),
    "a 300-character name": (
        lambda: make_zip({"z/zone.toml": "", "z/" + "a" * 296 + ".csv": "x"}),
        "this one has 300 characters",
        UploadLimits(),
    ),
    "a 300-character folder": (
        lambda: make_zip({"z/zone.toml": "", "z/" + "b" * 300 + "/x.csv": "x"}),
        "this one has 300 characters",
        UploadLimits(),
    ),
    "truncated zip": (
        lambda: make_zip({"z/zone.toml": "", "z/staff.csv": "x" * 5000})[:-30],
        "a valid zip file",
        UploadLimits(),
    ),
    "header understating the ratio": (
        _lying_packed_size,
        "decompression bomb",
        UploadLimits(max_ratio=10),
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_ZIPS), ids=list(HOSTILE_ZIPS))
def test_a_hostile_zip_is_an_input_error_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    build, expected, limits = HOSTILE_ZIPS[case]
    for dest in (tmp_path / "new" / "x", tmp_path / "given"):
        if dest.name == "given":
            dest.mkdir()  # an empty folder given by the caller stays, and stays empty
        with pytest.raises(InputError) as exc:
            extract_zone_zip(build(), dest, "zone.zip", limits)
        assert expected in issues_of(exc), issues_of(exc)
    assert not (tmp_path / "new" / "x").exists()
    assert list((tmp_path / "given").iterdir()) == []
