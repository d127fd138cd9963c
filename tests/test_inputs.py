"""Bad input: a table of broken zone folders, each reported with file, row, field, value and
what was expected; all the errors of a file at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.errors import InputError
from planner.problem import build_problem
from planner.text.inputs import expected_text
from planner.zone_io import load_zone

RURAL = Path(__file__).resolve().parent.parent / "data" / "zone-rural"
WEEK = "2026-W49"


@pytest.fixture
def zone_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RURAL, tmp_path / "zone-rural"))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def first_staff_row(root: Path) -> str:
    return (root / "staff.csv").read_text(encoding="utf-8").splitlines()[1]


def _wrong_type(root):
    row = first_staff_row(root)
    parts = row.split(",")
    parts[4] = "thirty-eight"
    edit(root / "staff.csv", row, ",".join(parts))


def _unknown_team(root):
    row = first_staff_row(root)
    parts = row.split(",")
    parts[2] = "NO-SUCH-TEAM"
    edit(root / "staff.csv", row, ",".join(parts))


def _duplicate_id(root):
    append(root / "staff.csv", first_staff_row(root))


def _floor_above_cap(root):
    edit(root / "priorities.toml", "weight = 3\n", "weight = 3\nfloor_hours = 50\ncap_hours = 10\n")


def _window_ends_before_start(root):
    edit(root / "priorities.toml", 'start = "07:00", end = "19:00"', 'start = "19:00", end = "07:00"')


def _absence_outside_week(root):
    append(root / "weeks" / WEEK / "absences.csv", "INT-0001,leave,2026-12-10,2026-12-11")


def _crew_larger_than_staff(root):
    edit(root / "priorities.toml", "crew = 4", "crew = 400")


def _missing_file(root):
    (root / "staff.csv").unlink()


def _malformed_row(root):
    append(root / "staff.csv", "INT-9999,intervention,INT-0")


def _unknown_officer(root):
    append(root / "weeks" / WEEK / "absences.csv", "NOBODY,leave,2026-12-01,2026-12-01")


def _unknown_priority(root):
    edit(root / "priorities.toml", 'priority = "drugs"', 'priority = "speeding"')


def _unknown_absence_type(root):
    append(root / "weeks" / WEEK / "absences.csv", "INT-0001,holiday,2026-12-01,2026-12-01")


def _bad_week_folder(root):
    (root / "weeks" / "2026-W99").mkdir()


def _unknown_operation_pinned(root):
    (root / "weeks" / WEEK / "pinned.csv").write_text("operation,start,note\nflying,2026-12-01T11:00,x\n",
                                                      encoding="utf-8")


def _bad_block_hours(root):
    edit(root / "zone.toml", "block_hours = 4", "block_hours = 5")


def _decimal_crew(root):
    edit(root / "priorities.toml", "crew = 4", "crew = 4.5")


def _unknown_staff_change_unit(root):
    (root / "scenarios.toml").write_text("[scenario.x]\nstaff_change = { dragons = 2 }\n", encoding="utf-8")


BAD = [
    # (name, change, file suffix, row, field fragment)
    ("wrong type", _wrong_type, "staff.csv", 1, "contract_hours"),
    ("unknown team", _unknown_team, "staff.csv", 1, "team"),
    ("duplicate id", _duplicate_id, "staff.csv", 51, "id"),
    ("floor above cap", _floor_above_cap, "priorities.toml", 1, "floor_hours"),
    ("window ends before it starts", _window_ends_before_start, "priorities.toml", 1, "end"),
    ("absence outside the week", _absence_outside_week, "absences.csv", None, "start"),
    ("crew larger than the whole staff", _crew_larger_than_staff, "priorities.toml", None, "crew"),
    ("missing file", _missing_file, "staff.csv", None, "(file)"),
    ("malformed CSV row", _malformed_row, "staff.csv", 51, "(row)"),
    ("unknown officer", _unknown_officer, "absences.csv", None, "officer"),
    ("unknown priority", _unknown_priority, "priorities.toml", None, "operation.priority"),
    ("unknown absence type", _unknown_absence_type, "absences.csv", None, "type"),
    ("bad week folder name", _bad_week_folder, "2026-W99", None, "(folder name)"),
    ("unknown pinned operation", _unknown_operation_pinned, "pinned.csv", 1, "operation"),
    ("block hours not dividing 24", _bad_block_hours, "zone.toml", None, "grid.block_hours"),
    ("decimal in a whole-number field", _decimal_crew, "priorities.toml", None, "crew"),
    ("unknown unit in a scenario", _unknown_staff_change_unit, "scenarios.toml", None, "staff_change"),
]


@pytest.mark.parametrize(("name", "change", "file", "row", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_reported_precisely(zone_dir, name, change, file, row, field):
    change(zone_dir)
    with pytest.raises(InputError) as info:
        load_zone(zone_dir)
    issues = info.value.issues
    match = [i for i in issues if i.file.endswith(file) and field in i.field]
    assert match, f"{name}: {[str(i) for i in issues]}"
    if row is not None:
        assert any(i.row == row for i in match), [str(i) for i in match]
    text = str(match[0])
    assert "expected" in text and ("got" in text or match[0].field == "(file)")


def test_all_errors_of_a_file_at_once(zone_dir):
    lines = (zone_dir / "staff.csv").read_text(encoding="utf-8").splitlines()
    for k in (1, 2, 3):
        parts = lines[k].split(",")
        parts[3] = "sheriff"
        lines[k] = ",".join(parts)
    (zone_dir / "staff.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_zone(zone_dir)
    rows = sorted(i.row for i in info.value.issues if i.field == "grade")
    assert rows == [1, 2, 3]


def test_pinned_operation_off_the_grid_is_reported_when_the_week_is_built(zone_dir):
    (zone_dir / "weeks" / WEEK / "pinned.csv").write_text(
        "operation,start,note\nspeed_check,2026-12-01T08:30,x\n", encoding="utf-8")
    zone = load_zone(zone_dir)
    with pytest.raises(InputError) as info:
        build_problem(zone, WEEK)
    issue = info.value.issues[0]
    assert issue.file == "zone-rural/weeks/2026-W49/pinned.csv" and issue.row == 1
    assert issue.field == "start" and "4-hour block" in expected_text(issue, "en")
