"""Reading a zone folder: every kind of bad input is reported with file, row, field, the value
found and what was expected; all the problems of a folder come in one InputError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import InputError, InputIssue
from planner.problem import build_problem
from planner.text.inputs import expected_text
from planner.timegrid import UTC
from planner.zone_io import load_zone

WEEK = "2026-W49"
Z = "zone-rural"  # issues name files relative to the folder holding the zone


# -- small edits of a copied zone folder ------------------------------------------------------
def replace_in(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_line(root: Path, name: str, line: str) -> None:
    with (root / name).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def set_csv_cell(root: Path, name: str, row: int, column: str, value: str) -> None:
    """Set one cell of data row `row` (1-based, header not counted)."""
    path = root / name
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def top_level(root: Path, name: str, key: str, value: str) -> None:
    """Turn TOML table [key] into a plain value `key = value` at the top of the file."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    if f"[{key}]\n" in text:
        text = text.replace(f"[{key}]\n", f"[{key}_old]\n", 1)
    path.write_text(f"{key} = {value}\n" + text, encoding="utf-8")


def add_scenario(root: Path, body: str) -> None:
    append_line(root, "scenarios.toml", "\n[scenario.x]\n" + body)


ABS = f"weeks/{WEEK}/absences.csv"
COM = f"weeks/{WEEK}/commitments.csv"
PIN = f"weeks/{WEEK}/pinned.csv"

Edit = Callable[[Path], None]

# (case id, edit, file, row, field, value, fragment of `expected`)
BAD: list[tuple[str, Edit, str, int | None, str, str, str]] = [
    # wrong type
    (
        "text for a number in CSV",
        lambda z: set_csv_cell(z, "staff.csv", 2, "contract_hours", "abc"),
        "staff.csv",
        2,
        "contract_hours",
        "abc",
        "a number",
    ),
    (
        "decimal for a whole number in CSV",
        lambda z: append_line(z, COM, "C2,court,2026-12-01T09:00,2026-12-01T11:00,1.5,,x"),
        COM,
        2,
        "officers",
        "1.5",
        "a whole number",
    ),
    (
        "not-a-number in CSV",
        lambda z: set_csv_cell(z, "staff.csv", 3, "contract_hours", "nan"),
        "staff.csv",
        3,
        "contract_hours",
        "nan",
        "a number",
    ),
    (
        "infinite weight in TOML",
        lambda z: replace_in(z, "priorities.toml", "weight = 3", "weight = inf"),
        "priorities.toml",
        1,
        "priority.weight",
        "inf",
        "a number",
    ),
    (
        "text for a whole number in TOML",
        lambda z: replace_in(z, "zone.toml", "inhabitants = 20000", 'inhabitants = "many"'),
        "zone.toml",
        None,
        "zone.inhabitants",
        "many",
        "a whole number",
    ),
    (
        "boolean for a whole number in TOML",
        lambda z: replace_in(z, "priorities.toml", "crew = 2", "crew = true"),
        "priorities.toml",
        1,
        "operation.crew",
        "True",
        "a whole number",
    ),
    (
        "decimal for a whole number in TOML",
        lambda z: replace_in(z, "priorities.toml", "crew = 2", "crew = 2.5"),
        "priorities.toml",
        1,
        "operation.crew",
        "2.5",
        "a whole number",
    ),
    (
        "[norms] is not a table",
        lambda z: top_level(z, "zone.toml", "norms", "3"),
        "zone.toml",
        None,
        "norms",
        "3",
        "a table",
    ),
    (
        "[zone] is not a table",
        lambda z: top_level(z, "zone.toml", "zone", '"x"'),
        "zone.toml",
        None,
        "zone",
        "x",
        "a table",
    ),
    (
        "[shifts] is not a table",
        lambda z: top_level(z, "zone.toml", "shifts", "[1]"),
        "zone.toml",
        None,
        "shifts",
        "[1]",
        "a table",
    ),
    (
        "[staffing] is not a table",
        lambda z: top_level(z, "zone.toml", "staffing", "3"),
        "zone.toml",
        None,
        "staffing",
        "3",
        "a table",
    ),
    (
        "communes is not a list",
        lambda z: replace_in(
            z, "zone.toml", 'communes = ["Commune 1", "Commune 2", "Commune 3"]', "communes = 3"
        ),
        "zone.toml",
        None,
        "zone.communes",
        "3",
        "a list",
    ),
    (
        "[priority] instead of [[priority]]",
        lambda z: (z / "priorities.toml").write_text(
            '[priority]\nid = "drugs"\nweight = 1\n', encoding="utf-8"
        ),
        "priorities.toml",
        None,
        "priority",
        "{'id': 'drugs', 'weight': 1}",
        "[[priority]]",
    ),
    (
        "operation windows is not a list",
        lambda z: replace_in(
            z,
            "priorities.toml",
            'windows = [{ days = "Mon-Sun", start = "07:00", end = "19:00" }]',
            "windows = 3",
        ),
        "priorities.toml",
        1,
        "operation.windows",
        "3",
        "a list of windows",
    ),
    (
        "window months holds a boolean",
        lambda z: replace_in(z, "priorities.toml", "months = [10,", "months = [true,"),
        "priorities.toml",
        7,
        "operation.windows[0].months",
        "[True, 11, 12, 1, 2, 3]",
        "month numbers 1-12",
    ),
    (
        "scenario weights is not a table",
        lambda z: add_scenario(z, "weights = 3"),
        "scenarios.toml",
        None,
        "scenario.x.weights",
        "3",
        "a table",
    ),
    (
        "scenario staff_change is not a table",
        lambda z: add_scenario(z, 'staff_change = "more"'),
        "scenarios.toml",
        None,
        "scenario.x.staff_change",
        "more",
        "a table",
    ),
    (
        "scenario commitments is not a list",
        lambda z: add_scenario(z, "commitments = 3"),
        "scenarios.toml",
        None,
        "scenario.x.commitments",
        "3",
        "a list",
    ),
    (
        "scenario norms is not a table",
        lambda z: add_scenario(z, "norms = 3"),
        "scenarios.toml",
        None,
        "scenario.x.norms",
        "3",
        "a table",
    ),
    (
        "scenario is not a table",
        lambda z: append_line(z, "scenarios.toml", "[scenario]\ny = 3"),
        "scenarios.toml",
        None,
        "scenario.y",
        "3",
        "a table",
    ),
    (
        "absence rate above 1",
        lambda z: add_scenario(z, "absence_rate = 1.5"),
        "scenarios.toml",
        None,
        "scenario.x.absence_rate",
        "1.5",
        "between 0 and 1",
    ),
    (
        "unknown grade",
        lambda z: set_csv_cell(z, "staff.csv", 4, "grade", "sheriff"),
        "staff.csv",
        4,
        "grade",
        "sheriff",
        "one of agent, INP",
    ),
    (
        "bad time zone",
        lambda z: replace_in(z, "zone.toml", '"Europe/Brussels"', '"Europe/Nowhere"'),
        "zone.toml",
        None,
        "zone.timezone",
        "Europe/Nowhere",
        "an IANA time zone",
    ),
    (
        "block hours not dividing 24",
        lambda z: replace_in(z, "zone.toml", "block_hours = 4", "block_hours = 5"),
        "zone.toml",
        None,
        "grid.block_hours",
        "5",
        "a divisor of 24",
    ),
    (
        "shift hour out of range",
        lambda z: replace_in(z, "zone.toml", 'E = "07:00-15:00"', 'E = "07:00-25:00"'),
        "zone.toml",
        None,
        "shifts.E",
        "25:00",
        "a time between 00:00 and 24:00",
    ),
    (
        "bad team anchor date",
        lambda z: set_csv_cell(z, "teams.csv", 1, "anchor", "2026-13-01"),
        "teams.csv",
        1,
        "anchor",
        "2026-13-01",
        "an ISO date YYYY-MM-DD",
    ),
    (
        "bad date-time",
        lambda z: append_line(z, ABS, "INT-0001,leave,2026-12-01T25:00,2026-12-02"),
        ABS,
        5,
        "start",
        "2026-12-01T25:00",
        "an ISO date or date-time",
    ),
    # unknown id
    (
        "unknown officer in absences",
        lambda z: append_line(z, ABS, "NOBODY,leave,2026-12-01,2026-12-01"),
        ABS,
        5,
        "officer",
        "NOBODY",
        "an id from staff.csv",
    ),
    (
        "unknown team in staff",
        lambda z: set_csv_cell(z, "staff.csv", 1, "team", "INT-9"),
        "staff.csv",
        1,
        "team",
        "INT-9",
        "a team listed in teams.csv",
    ),
    (
        "unknown shift code in a team",
        lambda z: set_csv_cell(z, "teams.csv", 2, "cycle", "E E Q"),
        "teams.csv",
        2,
        "cycle",
        "E E Q",
        "shift codes from zone.toml",
    ),
    (
        "unknown operation in pinned",
        lambda z: (z / PIN).write_text(
            "operation,start,note\nflying,2026-12-01T11:00,x\n", encoding="utf-8"
        ),
        PIN,
        1,
        "operation",
        "flying",
        "an operation id from priorities.toml",
    ),
    (
        "unknown priority of an operation",
        lambda z: replace_in(z, "priorities.toml", 'priority = "drugs"', 'priority = "speeding"'),
        "priorities.toml",
        10,
        "operation.priority",
        "speeding",
        "a priority id listed above",
    ),
    (
        "priority of an operation given as a list",
        lambda z: replace_in(
            z, "priorities.toml", 'priority = "road_safety"', 'priority = ["road_safety"]'
        ),
        "priorities.toml",
        1,
        "operation.priority",
        "['road_safety']",
        "a priority id listed above",
    ),
    (
        "unknown priority id",
        lambda z: replace_in(z, "priorities.toml", 'id = "burglary"', 'id = "car_theft"'),
        "priorities.toml",
        3,
        "priority.id",
        "car_theft",
        "one of road_safety",
    ),
    (
        "unknown priority in a scenario",
        lambda z: add_scenario(z, "weights = { speeding = 2 }"),
        "scenarios.toml",
        None,
        "scenario.x.weights.speeding",
        "speeding",
        "a priority id of priorities.toml",
    ),
    (
        "unknown unit in a scenario",
        lambda z: add_scenario(z, "staff_change = { dragons = 2 }"),
        "scenarios.toml",
        None,
        "scenario.x.staff_change.dragons",
        "dragons",
        "a unit of staff.csv",
    ),
    (
        "unknown absence type",
        lambda z: append_line(z, ABS, "INT-0001,holiday,2026-12-01,2026-12-01"),
        ABS,
        5,
        "type",
        "holiday",
        "one of leave, sickness",
    ),
    (
        "unknown commitment type",
        lambda z: append_line(z, COM, "C2,party,2026-12-01T09:00,2026-12-01T11:00,1,,x"),
        COM,
        2,
        "type",
        "party",
        "one of hycap, training",
    ),
    (
        "unknown norm setting",
        lambda z: replace_in(z, "zone.toml", "[norms]\n", "[norms]\nintervention_tems_day = 3\n"),
        "zone.toml",
        None,
        "norms.intervention_tems_day",
        "intervention_tems_day",
        "a known norm setting",
    ),
    # duplicate id
    (
        "duplicate staff id",
        lambda z: append_line(z, "staff.csv", "INT-0001,intervention,INT-0,INP,38,"),
        "staff.csv",
        51,
        "id",
        "INT-0001",
        "a unique id (already used on row 1)",
    ),
    (
        "duplicate team",
        lambda z: append_line(z, "teams.csv", "INT-0,2026-01-05,E E L L N N - - - -"),
        "teams.csv",
        19,
        "team",
        "INT-0",
        "a unique, non-empty team name",
    ),
    (
        "duplicate commitment id",
        lambda z: append_line(z, COM, "HYCAP-1,court,2026-12-01T09:00,2026-12-01T11:00,1,,x"),
        COM,
        2,
        "id",
        "HYCAP-1",
        "a unique, non-empty id",
    ),
    (
        "duplicate priority",
        lambda z: append_line(z, "priorities.toml", '[[priority]]\nid = "drugs"\nweight = 1'),
        "priorities.toml",
        6,
        "priority.id",
        "drugs",
        "a priority listed once",
    ),
    (
        "duplicate operation id",
        lambda z: replace_in(z, "priorities.toml", 'id = "bob_check"', 'id = "speed_check"'),
        "priorities.toml",
        2,
        "operation.id",
        "speed_check",
        "a unique, non-empty id",
    ),
    # floor above cap
    (
        "floor above cap",
        lambda z: replace_in(
            z, "priorities.toml", "weight = 3\n", "weight = 3\nfloor_hours = 50\ncap_hours = 10\n"
        ),
        "priorities.toml",
        1,
        "priority.floor_hours",
        "50",
        "at most the cap (10\u00a0h)",
    ),
    (
        "scenario floor above the scenario's cap",
        lambda z: add_scenario(z, "floors = { burglary = 50 }\ncaps = { burglary = 10 }"),
        "scenarios.toml",
        None,
        "scenario.x.floors.burglary",
        "50",
        "a floor at most the cap (50\u00a0h floor, 10\u00a0h cap)",
    ),
    (
        "scenario cap below the priority's floor",
        lambda z: (
            replace_in(z, "priorities.toml", "weight = 3\n", "weight = 3\nfloor_hours = 20\n"),
            add_scenario(z, "caps = { road_safety = 8 }"),
        ),
        "scenarios.toml",
        None,
        "scenario.x.caps.road_safety",
        "8",
        "a floor at most the cap (20\u00a0h floor, 8\u00a0h cap)",
    ),
    (
        "zone standard below the legal minimum",
        lambda z: replace_in(
            z, "zone.toml", "reception_officers_legal = 1", "reception_officers_legal = 2"
        ),
        "zone.toml",
        None,
        "norms.reception_officers_zone",
        "1",
        "at least the legal 2",
    ),
    # a time window that ends before it starts
    (
        "operation window ends before it starts",
        lambda z: replace_in(
            z,
            "priorities.toml",
            'start = "07:00", end = "19:00" }]',
            'start = "19:00", end = "07:00" }]',
        ),
        "priorities.toml",
        1,
        "operation.windows[0].end",
        "07:00",
        "a time after the start 19:00",
    ),
    (
        "norm window ends before it starts",
        lambda z: replace_in(
            z, "zone.toml", 'start = "07:00", end = "19:00"', 'start = "19:00", end = "19:00"'
        ),
        "zone.toml",
        None,
        "norms.reception_window.end",
        "19:00",
        "a time after the start 19:00",
    ),
    (
        "scenario commitment ends before it starts",
        lambda z: add_scenario(
            z, 'commitments = [{ day = "Sat", start = "20:00", end = "11:00", officers = 2 }]'
        ),
        "scenarios.toml",
        None,
        "scenario.x.commitments[0].end",
        "11:00",
        "a time after the start",
    ),
    (
        "commitment ends before it starts",
        lambda z: append_line(z, COM, "C2,court,2026-12-01T11:00,2026-12-01T09:00,1,,x"),
        COM,
        2,
        "end",
        "2026-12-01T09:00",
        "a time after the start 2026-12-01T11:00",
    ),
    (
        "absence ends before it starts",
        lambda z: append_line(z, ABS, "INT-0001,leave,2026-12-03,2026-12-01"),
        ABS,
        5,
        "end",
        "2026-12-01",
        "after the start 2026-12-03",
    ),
    (
        "window days in the wrong order",
        lambda z: replace_in(z, "priorities.toml", 'days = "Thu-Sat"', 'days = "Sat-Thu"'),
        "priorities.toml",
        2,
        "operation.windows[0].days",
        "Sat-Thu",
        "a day range in week order",
    ),
    # an absence (or any dated row) outside the week
    (
        "absence outside the week",
        lambda z: append_line(z, ABS, "INT-0001,leave,2026-12-10,2026-12-11"),
        ABS,
        5,
        "start",
        "2026-12-10",
        "within 2026-W49",
    ),
    (
        "absence before the week",
        lambda z: append_line(z, ABS, "INT-0001,leave,2026-11-20T08:00,2026-11-30T06:00"),
        ABS,
        5,
        "start",
        "2026-11-20T08:00",
        "within 2026-W49",
    ),
    (
        "commitment outside the week",
        lambda z: append_line(z, COM, "C2,court,2027-01-05T09:00,2027-01-05T11:00,1,,x"),
        COM,
        2,
        "start",
        "2027-01-05T09:00",
        "within 2026-W49",
    ),
    (
        "pinned operation outside the week",
        lambda z: (z / PIN).write_text(
            "operation,start,note\nspeed_check,2026-12-08T11:00,x\n", encoding="utf-8"
        ),
        PIN,
        1,
        "start",
        "2026-12-08T11:00",
        "within 2026-W49",
    ),
    (
        "week folder that is not an ISO week",
        lambda z: (z / "weeks" / "2026-W60").mkdir(),
        "weeks/2026-W60",
        None,
        "(folder name)",
        "2026-W60",
        "an existing ISO week of 2026",
    ),
    # a crew larger than the whole staff
    (
        "crew larger than the whole staff",
        lambda z: replace_in(z, "priorities.toml", "crew = 6", "crew = 43"),
        "priorities.toml",
        2,
        "operation.crew",
        "43",
        "at most the zone's 42 operational officers",
    ),
    (
        "crew of nobody",
        lambda z: replace_in(z, "priorities.toml", "crew = 6", "crew = 0"),
        "priorities.toml",
        2,
        "operation.crew",
        "0",
        "a number between 1 and 100,000",
    ),
    (
        "scenario commitment of no officers",
        lambda z: add_scenario(
            z, 'commitments = [{ day = "Sat", start = "11:00", end = "19:00", officers = 0 }]'
        ),
        "scenarios.toml",
        None,
        "scenario.x.commitments[0].officers",
        "0",
        "a number between 1 and 42",
    ),
    # a missing file
    (
        "missing staff.csv",
        lambda z: (z / "staff.csv").unlink(),
        "staff.csv",
        None,
        "(file)",
        "",
        "this file to exist",
    ),
    (
        "missing zone.toml",
        lambda z: (z / "zone.toml").unlink(),
        "zone.toml",
        None,
        "(file)",
        "",
        "this file to exist",
    ),
    (
        "missing priorities.toml",
        lambda z: (z / "priorities.toml").unlink(),
        "priorities.toml",
        None,
        "(file)",
        "",
        "this file to exist",
    ),
    (
        "staff.csv with no officer",
        lambda z: (z / "staff.csv").write_text(
            "id,unit,team,grade,contract_hours,qualifications\n", encoding="utf-8"
        ),
        "staff.csv",
        None,
        "(rows)",
        "0",
        "at least one officer",
    ),
    # a malformed CSV row or file
    (
        "CSV row with too few values",
        lambda z: append_line(z, "staff.csv", "INT-9999,intervention,INT-0"),
        "staff.csv",
        51,
        "(row)",
        "INT-9999,intervention,INT-0",
        "6 comma-separated values",
    ),
    (
        "CSV row with too many values",
        lambda z: append_line(z, ABS, "INT-0001,leave,2026-12-01,2026-12-01,extra"),
        ABS,
        5,
        "(row)",
        "INT-0001,leave,2026-12-01,2026-12-01,extra",
        "4 comma-separated values",
    ),
    (
        "CSV header without a required column",
        lambda z: replace_in(z, "staff.csv", ",grade,", ",rank,"),
        "staff.csv",
        None,
        "(header)",
        "id,unit,team,rank,contract_hours,qualifications",
        "columns id,unit,team,grade,contract_hours,qualifications",
    ),
    (
        "CSV header mixing commas and semicolons",
        lambda z: (z / ABS).write_text(
            "officer;type,start;end\nINT-0001;leave;2026-12-01;2026-12-01\n", encoding="utf-8"
        ),
        ABS,
        None,
        "(header)",
        "officer;type,start;end",
        "one separator in the header",
    ),
    (
        "CSV file neither UTF-8 nor Windows-1252",
        lambda z: (z / ABS).write_bytes(b"officer,type,start,end\nINT-0001,\x81,x,y\n"),
        ABS,
        None,
        "(file)",
        "",
        "a CSV file in UTF-8 or Windows-1252",
    ),
    (
        "TOML syntax error",
        lambda z: replace_in(z, "priorities.toml", "weight = 3\n", "weight = = 3\n"),
        "priorities.toml",
        None,
        "(file)",
        "",
        "valid UTF-8 TOML",
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "row", "field", "value", "expected"),
    [b[1:] for b in BAD],
    ids=[b[0] for b in BAD],
)
def test_bad_input_is_reported_with_file_row_field_value_and_expected(
    rural_zone, edit, file, row, field, value, expected
):
    edit(rural_zone)
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    issues = info.value.issues
    shown = "\n".join(map(str, issues))
    match = [i for i in issues if i.file == f"{Z}/{file}" and i.field == field and i.row == row]
    assert match, f"no issue at {file} row {row} field {field!r} in:\n{shown}"
    issue = match[0]
    if value:  # parser messages (TOML syntax, encoding) are not pinned down here
        assert issue.value == value, shown
    assert expected in expected_text(issue, "en"), shown
    # the one-line message names every part, and the error's report lists it
    line = str(issue)
    assert line.startswith(f"{Z}/{file}") and f"field '{field}'" in line and "expected" in line
    if row is not None and file.endswith(".csv"):
        assert f", row {row} (line {row + 1}), " in line
    assert line in str(info.value)


def test_a_broken_setting_does_not_bury_its_cause_under_follow_on_errors(rural_zone):
    """A day_start off the hour leaves zone.toml without settings; the team cycles, staff rows
    and dated rows that depend on it are not reported as wrong on top (they are not)."""
    replace_in(rural_zone, "zone.toml", 'day_start = "07:00"', 'day_start = "07:30"')
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    assert [(i.file, i.field, i.value) for i in info.value.issues] == [
        (f"{Z}/zone.toml", "grid.day_start", "07:30")
    ]


@pytest.mark.parametrize(
    ("edit", "only"),
    [
        (
            lambda z: set_csv_cell(z, "staff.csv", 9, "grade", "boss"),  # INT-0009 has an absence
            ("staff.csv", 9, "grade"),
        ),
        (
            lambda z: set_csv_cell(z, "teams.csv", 1, "anchor", "someday"),  # team of 5 officers
            ("teams.csv", 1, "anchor"),
        ),
        (
            lambda z: (
                (z / PIN).write_text(
                    "operation,start,note\nspeed_check,2026-12-01T11:00,x\n", encoding="utf-8"
                ),
                replace_in(z, "priorities.toml", "crew = 2", 'crew = "two"'),
            ),
            ("priorities.toml", 1, "operation.crew"),
        ),
        (
            lambda z: replace_in(z, "priorities.toml", "weight = 3", "weight = -3"),  # 3 operations
            ("priorities.toml", 1, "priority.weight"),
        ),
        (
            lambda z: (
                (z / PIN).write_text(
                    "operation,start,note\nspeed_check,2026-12-01T11:00,x\n", encoding="utf-8"
                ),
                replace_in(z, "priorities.toml", "weight = 3", "weight = = 3"),
            ),
            ("priorities.toml", None, "(file)"),
        ),
        (
            lambda z: replace_in(z, "staff.csv", "contract_hours", "hours"),
            ("staff.csv", None, "(header)"),
        ),
    ],
    ids=[
        "staff row named by an absence",
        "team of several officers",
        "operation named by a pinned row",
        "priority of several operations",
        "unreadable priorities.toml",
        "unreadable staff.csv",
    ],
)
def test_a_row_left_out_for_its_issue_is_not_reported_again_where_it_is_named(
    rural_zone, edit, only
):
    edit(rural_zone)
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    file, row, field = only
    assert [(i.file, i.row, i.field) for i in info.value.issues] == [(f"{Z}/{file}", row, field)]


def test_every_field_of_a_team_or_pinned_row_is_checked(rural_zone):
    append_line(rural_zone, "teams.csv", "INT-0,tomorrow,E Q")
    (rural_zone / PIN).write_text(
        "operation,start,note\nflying,2026-12-25T11:00,x\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    assert sorted((i.file.rsplit("/", 1)[1], i.row, i.field) for i in info.value.issues) == [
        ("pinned.csv", 1, "operation"),
        ("pinned.csv", 1, "start"),
        ("teams.csv", 19, "anchor"),
        ("teams.csv", 19, "cycle"),
        ("teams.csv", 19, "team"),
    ]


def test_all_errors_of_a_file_are_reported_at_once(rural_zone):
    set_csv_cell(rural_zone, "staff.csv", 2, "grade", "sheriff")
    set_csv_cell(rural_zone, "staff.csv", 5, "contract_hours", "lots")
    set_csv_cell(rural_zone, "staff.csv", 7, "team", "NOPE")
    set_csv_cell(rural_zone, "staff.csv", 9, "id", "INT-0001")
    set_csv_cell(rural_zone, "staff.csv", 11, "unit", "")
    set_csv_cell(rural_zone, "staff.csv", 12, "contract_hours", "61")
    append_line(rural_zone, "staff.csv", "A,B")
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    got = sorted((i.row, i.field, i.value) for i in info.value.issues if i.file == f"{Z}/staff.csv")
    assert got == [
        (2, "grade", "sheriff"),
        (5, "contract_hours", "lots"),
        (7, "team", "NOPE"),
        (9, "id", "INT-0001"),
        (11, "unit", ""),
        (12, "contract_hours", "61"),
        (51, "(row)", "A,B"),
    ]


def test_one_row_with_several_errors_reports_each_field(rural_zone):
    append_line(rural_zone, "staff.csv", ",,NOPE,boss,-1,")
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    fields = sorted(i.field for i in info.value.issues if i.row == 51)
    assert fields == ["contract_hours", "grade", "id", "team", "unit"]


def test_problems_in_several_files_come_in_one_error(rural_zone):
    set_csv_cell(rural_zone, "staff.csv", 1, "grade", "boss")
    append_line(rural_zone, ABS, "INT-0002,holiday,2026-12-01,2026-12-01")
    replace_in(rural_zone, "priorities.toml", "weight = 3", "weight = -3")
    replace_in(rural_zone, "zone.toml", "yearly_share = 0.013", "yearly_share = 2")
    set_csv_cell(rural_zone, "teams.csv", 3, "anchor", "soon")
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    where = {(i.file.removeprefix(f"{Z}/"), i.field) for i in info.value.issues}
    assert {
        ("staff.csv", "grade"),
        (ABS, "type"),
        ("priorities.toml", "priority.weight"),
        ("zone.toml", "hycap.yearly_share"),
        ("teams.csv", "anchor"),
    } <= where
    assert str(info.value).startswith(f"{len(info.value.issues)} problems in the inputs:")


def test_pinned_operation_off_the_grid_is_reported_when_the_week_is_built(rural_zone):
    (rural_zone / "weeks" / WEEK / "pinned.csv").write_text(
        "operation,start,note\nspeed_check,2026-12-01T08:30,x\n", encoding="utf-8"
    )
    zone = load_zone(rural_zone)
    with pytest.raises(InputError) as info:
        build_problem(zone, WEEK)
    issue = info.value.issues[0]
    assert issue.file == "zone-rural/weeks/2026-W49/pinned.csv" and issue.row == 1
    assert (issue.field, issue.expected, dict(issue.values)) == (
        "start",
        "block_start",
        {"hours": 4, "week": WEEK},
    )
    assert "expected the start of a 4-hour block of 2026-W49" in str(issue)


def test_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(InputError) as info:
        load_zone(tmp_path / "nowhere")
    (issue,) = info.value.issues
    assert issue.field == "(folder)" and issue.value.endswith("nowhere")
    assert "zone folder" in expected_text(issue, "en")


def test_issue_text_cuts_long_values():
    issue = InputIssue("z/staff.csv", 3, "unit", "x" * 100, "unit_name")
    assert (
        str(issue)
        == f"z/staff.csv, row 3 (line 4), field 'unit': got '{'x' * 57}...', expected a unit name"
    )
    assert str(
        InputIssue("z/priorities.toml", 2, "operation.crew", "0", "range", {"min": 1, "max": None})
    ) == (
        "z/priorities.toml, entry 2, field 'operation.crew': got '0', expected a number at least 1"
    )
    assert str(InputIssue("z/zone.toml", None, "zone.name", "", "a non-empty name")) == (
        "z/zone.toml, field 'zone.name': got '', expected a non-empty name"
    )


# -- what valid inputs turn into ---------------------------------------------------------------
def test_the_samples_load():
    root = Path(__file__).resolve().parent.parent / "data"
    demo, rural = load_zone(root / "zone-demo"), load_zone(root / "zone-rural")
    assert len(demo.officers) == 300 and len(rural.officers) == 50
    assert demo.settings.inhabitants == 100_000 and rural.settings.inhabitants == 20_000
    assert set(demo.scenarios) == {
        "baseline",
        "flu_wave",
        "hycap_weekend",
        "road_safety_x2",
        "intervention_plus_10",
        "catch_up",
    }
    assert [p.id for p in demo.priorities] == [
        "road_safety",
        "quality_of_life",
        "burglary",
        "drugs",
        "radicalism",
    ]
    week = demo.week_inputs(WEEK)
    assert len(week.absences) == 30 and len(week.commitments) == 1 and len(week.pinned) == 2


def test_csv_conventions_bom_spaces_blank_lines_and_extra_columns(rural_zone):
    path = rural_zone / ABS
    path.write_text(
        "\ufeffofficer , type,start,end,comment\n"
        "\n"
        " INT-0001 , leave , 2026-12-01 , 2026-12-02 ,ski\n"
        "INT-0002,other,2026-12-01,2026-12-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    # blank line 2 still counts: the short row is data row 3, line 4
    (issue,) = info.value.issues
    assert (issue.row, issue.field) == (3, "(row)")
    assert str(issue).startswith(f"{Z}/{ABS}, row 3 (line 4)")
    path.write_text(
        "\ufeffofficer , type,start,end,comment\n\n"
        " INT-0001 , leave , 2026-12-01 , 2026-12-02 ,ski\n",
        encoding="utf-8",
    )
    (absence,) = load_zone(rural_zone).week_inputs(WEEK).absences
    assert (absence.officer, absence.type) == ("INT-0001", "leave")


def test_dates_are_operational_days_and_times_keep_their_offset(rural_zone):
    (rural_zone / ABS).write_text(
        "officer,type,start,end\n"
        "INT-0001,leave,2026-12-06,2026-12-06\n"
        "INT-0002,court,2026-12-01T09:30,2026-12-01T12:00+00:00\n",
        encoding="utf-8",
    )
    a, b = load_zone(rural_zone).week_inputs(WEEK).absences
    # a bare date runs from the zone's day_start (07:00) to the next day's day_start
    assert a.start.astimezone(UTC) == dt.datetime(2026, 12, 6, 6, 0, tzinfo=UTC)
    assert a.end.astimezone(UTC) == dt.datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    # a time without offset is Brussels time; with one, it is kept
    assert b.start.astimezone(UTC) == dt.datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert b.end.astimezone(UTC) == dt.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_a_date_in_basic_format_is_a_date_too(rural_zone):
    """20261206 is the same date as 2026-12-06 (ISO 8601 basic format), not midnight."""
    (rural_zone / ABS).write_text(
        "officer,type,start,end\n"
        "INT-0001,leave,20261206,20261206\n"
        "INT-0002,leave,2026-12-06,2026-12-06\n",
        encoding="utf-8",
    )
    a, b = load_zone(rural_zone).week_inputs(WEEK).absences
    assert (a.start, a.end) == (b.start, b.end)
    assert a.start.astimezone(UTC) == dt.datetime(2026, 12, 6, 6, 0, tzinfo=UTC)


def test_windows_past_midnight_are_read_as_minutes_after_the_days_midnight():
    zone = load_zone(Path(__file__).resolve().parent.parent / "data" / "zone-rural")
    bob = zone.operation("bob_check")
    (window,) = bob.windows
    assert window.days == (3, 4, 5)  # Thu-Sat
    assert (window.start_minute, window.end_minute) == (19 * 60, 31 * 60)
    dusk = zone.operation("dusk_patrol").windows[0]
    assert dusk.months == (1, 2, 3, 10, 11, 12)


def test_a_window_may_end_at_48_00_but_not_later(rural_zone):
    replace_in(rural_zone, "priorities.toml", 'end = "31:00" }]', 'end = "48:00" }]')
    assert load_zone(rural_zone).operation("bob_check").windows[0].end_minute == 48 * 60
    replace_in(rural_zone, "priorities.toml", 'end = "48:00" }]', 'end = "48:30" }]')
    with pytest.raises(InputError) as info:
        load_zone(rural_zone)
    (issue,) = info.value.issues
    assert issue.field == "operation.windows[0].end" and "48:00" in expected_text(issue, "en")
