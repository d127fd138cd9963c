"""Edits of a copied zone folder, for the tables of bad inputs: each returns a function that
changes the folder given as its root, so a table row says what it breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import InputError, InputIssue
from planner.zone_io import load_zone


def sub(file: str, old: str, new: str):
    """Replace the first `old` of the file by `new` (and fail if the file has no `old`)."""

    def edit(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def add(file: str, line: str):
    """Append one line to the file."""

    def edit(root: Path) -> None:
        with (root / file).open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    return edit


def rename(old: str, new: str):
    def edit(root: Path) -> None:
        (root / old).rename(root / new)

    return edit


def write(file: str, data: bytes):
    """Write the file's bytes, making its folder if needed."""

    def edit(root: Path) -> None:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_bytes(data)

    return edit


def issues_of(root: Path) -> list[InputIssue]:
    """The issues loading the zone folder raises (and it must raise)."""
    with pytest.raises(InputError) as info:
        load_zone(root)
    return info.value.issues
