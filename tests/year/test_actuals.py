"""Actuals: what was done in a week, from the scheduling tool's CSV or from plan.csv with a
`done` column, read like every CSV input (Excel's variants too), checked row by row, kept in
one normal form that reads back to the same lines; made-up actuals for the demo; the
`planner actuals` command; the zone folder's checks and the store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from zoneinfo import ZoneInfo

import pytest

from planner.api import plan_week
from planner.cli import main
from planner.errors import Collector, InputError
from planner.export import PLAN_COLUMNS, plan_table, to_csv_text
from planner.input_checks import check_folder_files
from planner.store import Store, fingerprint
from planner.store import actuals_path as store_actuals_path
from planner.year import ActualLine, Actuals
from planner.year.actuals import (
    actuals_path,
    actuals_text,
    generate_actuals,
    parse_actuals,
    read_actuals,
)
from planner.zone_io import load_zone
from tests.conftest import DATA

WEEK = "2026-W49"  # Monday 30 November 2026, 07:00 to Monday 7 December, 07:00
TZ = ZoneInfo("Europe/Brussels")

TOOL = """\
date,start,end,activity,officers,hours,note
2026-11-30,07:00,11:00,speed_check,2,8,
2026-12-05,23:00,03:00,bob_check,6,,"weather ok, 3 positive"
2026-12-01,15:00,23:00,intervention,4,33.5,
2026-12-05,11:00,19:00,hycap,2,16,football
"""


def _plan_row(start: str, end: str, activity: str, officers: int, hours: float, done: str, note=""):
    cells = dict.fromkeys(PLAN_COLUMNS, "")
    cells.update(start=start, end=end, activity=activity, officers=officers, hours=hours, note=note)
    return ",".join(f'"{v}"' if "," in str(v) else str(v) for v in cells.values()) + f",{done}"


PLAN_DONE = (
    "\n".join(
        [
            ",".join(PLAN_COLUMNS) + ",done",
            _plan_row(
                "2026-11-30T07:00:00+01:00", "2026-11-30T11:00:00+01:00", "speed_check", 2, 8, "yes"
            ),
            _plan_row(
                "2026-11-30T11:00:00+01:00", "2026-11-30T15:00:00+01:00", "speed_check", 2, 8, ""
            ),
            _plan_row(
                "2026-12-05T23:00:00+01:00",
                "2026-12-06T03:00:00+01:00",
                "bob_check",
                6,
                24,
                "Oui",
                "weather ok, 3 positive",
            ),
            _plan_row(
                "2026-12-01T15:00:00+01:00",
                "2026-12-01T23:00:00+01:00",
                "intervention",
                4,
                32,
                "33.5",
            ),
            _plan_row(
                "2026-12-02T15:00:00+01:00",
                "2026-12-02T23:00:00+01:00",
                "foot_patrol",
                2,
                16,
                "nee",
            ),
            _plan_row(
                "2026-12-05T11:00:00+01:00",
                "2026-12-05T19:00:00+01:00",
                "hycap",
                2,
                16,
                "x",
                "football",
            ),
        ]
    )
    + "\n"
)


def _at(day: int, month: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=TZ)


EXPECTED = (
    ActualLine(_at(30, 11, 7), _at(30, 11, 11), "speed_check", 2, 8.0),
    ActualLine(_at(5, 12, 23), _at(6, 12, 3), "bob_check", 6, 24.0, "weather ok, 3 positive"),
    ActualLine(_at(1, 12, 15), _at(1, 12, 23), "intervention", 4, 33.5),
    ActualLine(_at(5, 12, 11), _at(5, 12, 19), "hycap", 2, 16.0, "football"),
)

IN_ORDER = tuple(sorted(EXPECTED, key=lambda x: (x.start, x.activity)))  # the normal form's


@pytest.fixture(scope="module")
def zone():
    return load_zone(DATA / "zone-rural")


def test_the_tool_csv_and_plan_csv_with_done_give_the_same_lines(zone):
    tool = parse_actuals(TOOL, "tool.csv", zone, WEEK)
    plan = parse_actuals(PLAN_DONE, "plan.csv", zone, WEEK)
    assert tool.lines == EXPECTED
    assert plan.lines == EXPECTED
    assert (tool.week, tool.source, plan.source) == (WEEK, "actuals", "plan_done")


def test_hours_default_to_officers_times_duration(zone):
    text = "date,start,end,activity,officers\n2026-12-05,23:00,03:00,bob_check,6\n"
    (line,) = parse_actuals(text, "t.csv", zone, WEEK).lines
    assert (line.hours, line.end) == (24.0, _at(6, 12, 3))


EXCEL = (
    "\ufeffDate;Start;END;Activity;Officers;Hours;Note\n"
    "30/11/2026;07:00;11:00;speed_check;2;8;\n"
    "05/12/2026;23:00;03:00;bob_check;6;;weather ok, 3 positive\n"
    "01/12/2026;15:00;23:00;intervention;4;33,5;\n"
    "05/12/2026;2026-12-05T11:00;2026-12-05T19:00:00+01:00;hycap;2;16,0;football\n"
)


def test_excel_variants_read_the_same(zone):
    """Byte-order mark, semicolons, decimal commas, day-first dates, column names in any case,
    full date-times for start and end."""
    assert parse_actuals(EXCEL, "excel.csv", zone, WEEK).lines == EXPECTED


def test_the_formula_guard_is_taken_off(zone):
    text = "date,start,end,activity,officers,hours,note\n2026-12-01,07:00,11:00,traffic,1,4,'=x\n"
    assert parse_actuals(text, "t.csv", zone, WEEK).lines[0].note == "=x"


BAD_ROWS = """\
date,start,end,activity,officers,hours,note
2026-12-07,08:00,10:00,speed_check,2,8,
2026-12-01,07:00,11:00,speed_chek,2,8,
2026-12-01,07:00,11:00,speed_check,0,8,
2026-12-01,07:00,11:00,speed_check,two,8,
2026-11-30,06:00,07:00,traffic,1,1,
2026-12-01,25:00,11:00,traffic,1,1,
2026-12-01,07:00,11:00,traffic,1,-2,
2026-12-01,2026-12-01T07:00,2026-12-02T09:00,traffic,1,,
2026-12-01,2026-12-01T07:00,2026-12-01T07:00,traffic,1,,
31/11/2026,07:00,11:00,traffic,1,,
"""


def test_every_bad_row_is_named_with_its_field_and_value(zone):
    with pytest.raises(InputError) as exc:
        parse_actuals(BAD_ROWS, "zone-rural/actuals/2026-W49.csv", zone, WEEK)
    got = {(i.row, i.field, i.value, i.expected) for i in exc.value.issues}
    assert got == {
        (1, "start", "2026-12-07 08:00", "in_week"),
        (2, "activity", "speed_chek", "one_of"),
        (3, "officers", "0", "range"),
        (4, "officers", "two", "whole_number"),
        (5, "start", "2026-11-30 06:00", "in_week"),
        (6, "start", "25:00", "clock_range"),
        (7, "hours", "-2", "range"),
        (8, "end", "2026-12-02T09:00", "within_a_day"),
        (9, "end", "2026-12-01T07:00", "end_after_start"),
        (10, "date", "31/11/2026", "iso_date"),
    }
    by_row = {i.row: i for i in exc.value.issues}
    assert by_row[1].values["week"] == WEEK
    assert by_row[1].values["start"] == dt.datetime(2026, 11, 30, 7, 0)
    assert by_row[1].values["end"] == dt.datetime(2026, 12, 7, 7, 0)
    assert by_row[2].values["near"] == "speed_check"
    assert "bob_check" in by_row[2].values["options"]
    assert "hycap" in by_row[2].values["options"]
    assert "did you mean speed_check?" in str(exc.value)
    assert "within 2026-W49: 2026-11-30 07:00 to 2026-12-07 07:00" in str(exc.value)


def test_a_wrong_done_value_is_named(zone):
    text = PLAN_DONE.replace(",33.5\n", ",maybe\n")
    with pytest.raises(InputError) as exc:
        parse_actuals(text, "plan.csv", zone, WEEK)
    ((row, field, value, expected),) = [
        (i.row, i.field, i.value, i.expected) for i in exc.value.issues
    ]
    assert (row, field, value, expected) == (4, "done", "maybe", "done_value")


def test_missing_columns_are_named(zone):
    with pytest.raises(InputError) as exc:
        parse_actuals("date,start,activity\n", "t.csv", zone, WEEK)
    assert [i.expected for i in exc.value.issues] == ["csv_columns"]


@pytest.mark.parametrize("text", [TOOL, PLAN_DONE, EXCEL])
def test_the_normal_form_reads_back_to_the_same_lines(zone, text):
    first = parse_actuals(text, "in.csv", zone, WEEK)
    normal = actuals_text(first, zone)
    again = parse_actuals(normal, "actuals/2026-W49.csv", zone, WEEK)
    assert sorted(again.lines, key=lambda x: (x.start, x.activity)) == sorted(
        first.lines, key=lambda x: (x.start, x.activity)
    )
    assert actuals_text(again, zone) == normal
    assert normal.splitlines()[0] == "date,start,end,activity,officers,hours,note"
    assert normal.splitlines()[1] == "2026-11-30,07:00,11:00,speed_check,2,8,"
    assert '2026-12-05,23:00,03:00,bob_check,6,24,"weather ok, 3 positive"' in normal


def test_the_normal_form_sorts_by_start_then_activity_then_order(zone):
    lines = (
        ActualLine(_at(1, 12, 15), _at(1, 12, 19), "traffic", 1, 4.0, "b"),
        ActualLine(_at(1, 12, 15), _at(1, 12, 19), "intervention", 2, 8.0),
        ActualLine(_at(1, 12, 15), _at(1, 12, 19), "traffic", 1, 4.0, "a"),
        ActualLine(_at(30, 11, 7), _at(30, 11, 8), "traffic", 1, 1 / 3),
    )
    text = actuals_text(Actuals(WEEK, lines), zone)
    assert text.splitlines()[1:] == [
        "2026-11-30,07:00,08:00,traffic,1,0.3333333333333333,",
        "2026-12-01,15:00,19:00,intervention,2,8,",
        "2026-12-01,15:00,19:00,traffic,1,4,b",
        "2026-12-01,15:00,19:00,traffic,1,4,a",
    ]


# -- made-up actuals for the demo -------------------------------------------------------------
@pytest.fixture(scope="module")
def demo():
    zone = load_zone(DATA / "zone-demo")
    return zone, to_csv_text(plan_table(plan_week(zone, WEEK)))


def test_generated_actuals_are_deterministic_and_plausible(demo):
    zone, plan_csv = demo
    a = generate_actuals(plan_csv, zone, WEEK, seed=49)
    assert actuals_text(a, zone) == actuals_text(generate_actuals(plan_csv, zone, WEEK, 49), zone)
    assert actuals_text(a, zone) != actuals_text(generate_actuals(plan_csv, zone, WEEK, 50), zone)
    ops = {o.id for o in zone.operations}
    planned = plan_csv.count(",priority_operation,")
    done = sum(1 for line in a.lines if line.activity in ops)
    assert 0.85 <= done / planned <= 0.91
    # basic missions a few per cent off the plan in all; HyCap as planned
    rows = list(csv.DictReader(io.StringIO(plan_csv)))
    basic_plan = sum(float(r["hours"]) for r in rows if r["kind"] == "basic_mission")
    basic_done = sum(line.hours for line in a.lines if line.activity not in ops | {"hycap"})
    assert 0.97 <= basic_done / basic_plan <= 1.05
    hycap = [line for line in a.lines if line.activity == "hycap"]
    assert [h.hours for h in hycap] == [float(r["hours"]) for r in rows if r["activity"] == "hycap"]
    # what the demo made up reads back through the checks, in the normal form's order
    back = parse_actuals(actuals_text(a, zone), "a.csv", zone, WEEK)
    assert back.lines == tuple(sorted(a.lines, key=lambda x: (x.start, x.activity)))


def test_the_demo_zone_has_its_actuals_up_to_week_48():
    zone = load_zone(DATA / "zone-demo")
    for week in ("2026-W01", "2026-W26", "2026-W48"):
        actuals = read_actuals(DATA / "zone-demo", week, zone)
        assert actuals is not None and len(actuals.lines) > 500, week
    assert read_actuals(DATA / "zone-demo", "2026-W49", zone) is None


# -- the command ------------------------------------------------------------------------------
def test_the_command_writes_the_normal_form(rural_zone, tmp_path, capsys, zone):
    source = tmp_path / "export.csv"
    source.write_text(EXCEL, encoding="utf-8")
    rc = main(["actuals", str(rural_zone), str(source), "--week", WEEK, "--lang", "en"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    written = (rural_zone / "actuals" / "2026-W49.csv").read_text(encoding="utf-8")
    assert written == actuals_text(parse_actuals(TOOL, "t", zone, WEEK), zone)
    assert "2026-W49: 4 lines imported into" in out.out
    assert "Priority operations: 32.0\u00a0h done" in out.out
    assert "HyCap: 16.0\u00a0h done" in out.out
    assert read_actuals(rural_zone, WEEK, zone).lines == IN_ORDER


def test_a_bad_file_exits_2_and_writes_nothing(rural_zone, tmp_path, capsys):
    source = tmp_path / "export.csv"
    source.write_text(BAD_ROWS, encoding="utf-8")
    rc = main(["actuals", str(rural_zone), str(source), "--week", WEEK, "--lang", "nl"])
    out = capsys.readouterr()
    assert rc == 2
    assert out.out == ""
    assert "10 problemen in de gegevens:" in out.err
    assert "Traceback" not in out.err
    assert not (rural_zone / "actuals").exists()


def test_a_missing_file_exits_2(rural_zone, tmp_path, capsys):
    rc = main(["actuals", str(rural_zone), str(tmp_path / "nope.csv"), "--week", WEEK])
    assert rc == 2
    assert "nope.csv" in capsys.readouterr().err


# -- the zone folder and the store ------------------------------------------------------------
def test_the_zone_folder_may_hold_pzs_toml_and_actuals(rural_zone):
    shutil.copy(DATA / "zone-rural" / "pzs.toml", rural_zone / "pzs.toml")
    (rural_zone / "actuals").mkdir()
    (rural_zone / "actuals" / "2026-W48.csv").write_text(ACTUALS_HEADER)
    errors = Collector()
    check_folder_files(rural_zone, str, errors)
    assert errors.issues == []
    load_zone(rural_zone)


ACTUALS_HEADER = "date,start,end,activity,officers,hours,note\n"


@pytest.mark.parametrize(
    "name, example",
    [
        ("week48.csv", "actuals/2026-W48.csv"),
        ("2026-w48.csv", "actuals/2026-W48.csv"),
        ("2026-W48.toml", "actuals/2026-W48.csv"),
    ],
)
def test_an_actuals_file_not_named_after_its_week_is_an_error(rural_zone, name, example):
    (rural_zone / "actuals").mkdir()
    (rural_zone / "actuals" / name).write_text(ACTUALS_HEADER)
    errors = Collector()
    check_folder_files(rural_zone, lambda p: p.relative_to(rural_zone).as_posix(), errors)
    ((issue),) = errors.issues
    assert (issue.file, issue.field, issue.value, issue.expected) == (
        f"actuals/{name}",
        "(file name)",
        name,
        "week_file_name",
    )
    if name != "week48.csv":
        assert issue.values["example"] == example
    with pytest.raises(InputError):
        load_zone(rural_zone)


def test_the_fingerprint_ignores_the_actuals(rural_zone):
    base = fingerprint(rural_zone, WEEK, "baseline")
    (rural_zone / "actuals").mkdir()
    (rural_zone / "actuals" / "2026-W48.csv").write_text(ACTUALS_HEADER)
    assert fingerprint(rural_zone, WEEK, "baseline") == base
    (rural_zone / "staff.csv").write_text((rural_zone / "staff.csv").read_text() + "\n")
    assert fingerprint(rural_zone, WEEK, "baseline") != base


def test_the_store_keeps_a_weeks_actuals(rural_zone, tmp_path, zone):
    assert actuals_path(" 2026-W49") == store_actuals_path(WEEK) == "actuals/2026-W49.csv"
    with pytest.raises(ValueError):
        store_actuals_path("week 49")
    store = Store.open(f"sqlite:///{tmp_path / 'planner.db'}")
    text = actuals_text(parse_actuals(TOOL, "t", zone, WEEK), zone)
    store.put_file("rural", store_actuals_path(WEEK), text, "Anne", week=WEEK)
    copy = store.overlay("rural", rural_zone, tmp_path / "overlay")
    assert read_actuals(copy, WEEK, zone).lines == IN_ORDER
    store.close()
