"""The `planner` command as a user runs it, in child processes: the files `plan` writes and
their documented columns, exit status 2 with file/row/field and no traceback on bad input or
usage, nothing half-written, `validate` and `compare`."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from planner.timegrid import next_iso_week
from tests.conftest import DATA, SAMPLE_WEEK, run_planner
from tests.test_export import DOCUMENTED_PLAN_COLUMNS

CONSOLE_SCRIPT = [str(Path(sys.executable).parent / "planner")]
WEEK = SAMPLE_WEEK

NORMS_HEADER = [
    "functionality",
    "level",
    "required_hours",
    "planned_hours",
    "shortfall_hours",
    "status",
    "unit",
    "where",
    "label_fr",
    "label_nl",
]
PRIORITIES_HEADER = [
    "priority",
    "weight",
    "hours",
    "share",
    "floor_hours",
    "cap_hours",
    "weight_share",
    "operations",
    "label_fr",
    "label_nl",
]
WATERFALL_STEPS = [
    "contract_hours",
    "roster_minus_contract",
    "not_schedulable",
    "absences",
    "available",
    "support_and_calog_not_in_basic_missions",
    "basic_missions",
    "hycap_and_commitments",
    "traffic_reserve_run_as_road_safety",
    "capacity_for_priorities",
    "priority_operations",
    "unallocated",
]
FUNCTIONALITIES = [
    "intervention",
    "reception",
    "neighbourhood",
    "victim_assistance",
    "investigation",
    "public_order",
    "traffic",
]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def assert_clean_failure(res, *fragments: str) -> None:
    """Exit 2, every fragment in the message, no traceback anywhere."""
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    for fragment in fragments:
        assert fragment in res.stderr, res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def break_staff_row(zone: Path, row: int, column: str, value: str) -> None:
    path = zone / "staff.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[row].split(",")
    cells[lines[0].split(",").index(column)] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- plan ---------------------------------------------------------------------------------------
def test_plan_writes_the_documented_files(small_zone, tmp_path):
    out = tmp_path / "out"
    res = run_planner("plan", small_zone, "--week", WEEK, "--out", out, "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert res.stderr == "" and "Traceback" not in res.stdout
    assert f"week {WEEK} (168 h) - scenario Baseline (baseline)" in res.stdout
    assert "Capacity waterfall" in res.stdout and "Solver: all stages optimal" in res.stdout
    assert (
        f"Wrote plan.csv, norms.csv, priorities.csv, waterfall.csv, commitments.csv to {out}/"
        in res.stdout
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "commitments.csv",
        "norms.csv",
        "plan.csv",
        "priorities.csv",
        "waterfall.csv",
    ]

    assert header(out / "plan.csv") == DOCUMENTED_PLAN_COLUMNS
    assert header(out / "norms.csv") == NORMS_HEADER
    assert header(out / "priorities.csv") == PRIORITIES_HEADER
    assert header(out / "waterfall.csv") == ["step", "hours"]

    plan = rows(out / "plan.csv")
    assert {r["kind"] for r in plan} == {"basic_mission", "hycap", "priority_operation"}
    basic = {r["activity"] for r in plan if r["kind"] == "basic_mission"}
    assert set(FUNCTIONALITIES) - {"traffic"} <= basic <= set(FUNCTIONALITIES)
    assert all(r["week"] == WEEK and dt.date.fromisoformat(r["date"]) for r in plan)
    assert all(
        dt.datetime.fromisoformat(r["start"]).utcoffset() == dt.timedelta(hours=1) for r in plan
    )
    assert all(float(r["hours"]) >= 0 and int(r["officers"]) >= 0 for r in plan)

    norms = rows(out / "norms.csv")
    assert [(n["functionality"], n["level"]) for n in norms[:14]] == [
        (f, level) for f in FUNCTIONALITIES for level in ("legal", "zone")
    ]
    commitments = rows(out / "commitments.csv")
    assert [(n["functionality"], n["level"]) for n in norms[14:]] == [
        (c["id"], "hycap" if c["type"] == "hycap" else "commitment") for c in commitments
    ]
    for n in norms:
        required, planned, short = (
            float(n[k]) for k in ("required_hours", "planned_hours", "shortfall_hours")
        )
        assert planned <= required and short == pytest.approx(required - planned, abs=0.01)
        assert n["status"] == ("short" if short > 0 else "met")

    priorities = rows(out / "priorities.csv")
    assert [p["priority"] for p in priorities] == [
        "road_safety",
        "quality_of_life",
        "burglary",
        "drugs",
        "radicalism",
    ]
    for p in priorities:  # hours per priority are the plan's operation rows
        ops = [
            r for r in plan if r["kind"] == "priority_operation" and r["priority"] == p["priority"]
        ]
        assert float(p["hours"]) == sum(float(r["hours"]) for r in ops)
        assert int(p["operations"]) == len(ops)
    assert sum(float(p["share"]) for p in priorities) == pytest.approx(1, abs=0.001)

    steps = {r["step"]: float(r["hours"]) for r in rows(out / "waterfall.csv")}
    assert list(steps) == WATERFALL_STEPS
    assert steps["available"] == pytest.approx(sum(steps[k] for k in WATERFALL_STEPS[:4]))
    assert steps["capacity_for_priorities"] == pytest.approx(
        sum(steps[k] for k in WATERFALL_STEPS[4:9])
    )
    assert steps["unallocated"] == pytest.approx(sum(steps[k] for k in WATERFALL_STEPS[9:11]))
    assert -steps["priority_operations"] == sum(float(p["hours"]) for p in priorities)


def test_console_script_plans_with_explanations(small_zone, tmp_path):
    out = tmp_path / "deep" / "out"  # created with its parents
    res = run_planner(
        "plan", small_zone, "--week", WEEK, "--out", out, "--explain", command=CONSOLE_SCRIPT
    )
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "commitments.csv",
        "explanations.csv",
        "marginal.csv",
        "norms.csv",
        "plan.csv",
        "priorities.csv",
        "waterfall.csv",
    ]
    assert header(out / "explanations.csv") == [
        "subject_type",
        "subject",
        "code",
        "hours",
        "gain_hours",
        "text_fr",
        "text_nl",
        "text_en",
    ]
    assert header(out / "marginal.csv")[:3] == ["block", "block_label", "staff"]
    assert len(rows(out / "explanations.csv")) > 5


def test_plan_without_week_plans_the_next_iso_week(small_zone, tmp_path):
    res = run_planner("plan", small_zone, "--out", tmp_path / "out", "--lang", "en")
    assert res.returncode == 0, res.stderr
    week = next_iso_week(dt.date.today())
    assert f"week {week} " in res.stdout
    assert {r["week"] for r in rows(tmp_path / "out" / "plan.csv")} == {week}


# -- bad input ------------------------------------------------------------------------------------
def test_bad_input_exits_2_names_file_row_field_and_writes_nothing(rural_zone, tmp_path):
    break_staff_row(rural_zone, 2, "contract_hours", "abc")
    break_staff_row(rural_zone, 4, "grade", "sheriff")
    out = tmp_path / "out"
    res = run_planner("plan", rural_zone, "--week", WEEK, "--out", out)
    assert_clean_failure(
        res,
        "2 problems in the inputs:",
        "zone-rural/staff.csv, row 2 (line 3), field 'contract_hours': got 'abc', expected a number",
        "zone-rural/staff.csv, row 4 (line 5), field 'grade': got 'sheriff', expected one of agent",
    )
    assert res.stdout == ""
    assert not out.exists()


def test_bad_input_is_told_in_the_language_of_the_run(rural_zone):
    break_staff_row(rural_zone, 2, "contract_hours", "abc")
    res = run_planner("validate", rural_zone, "--lang", "nl")
    assert_clean_failure(
        res,
        "1 probleem in de gegevens:",
        "zone-rural/staff.csv, rij 2 (regel 3), veld 'contract_hours': waarde 'abc', "
        "verwacht: een getal",
    )


def test_a_failed_plan_leaves_an_existing_out_folder_as_it_was(rural_zone, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.csv").write_text("last week's plan\n", encoding="utf-8")
    (rural_zone / "priorities.toml").write_text("norms = [", encoding="utf-8")
    res = run_planner("plan", rural_zone, "--week", WEEK, "--out", out)
    assert_clean_failure(res, "zone-rural/priorities.toml, field '(file)'", "valid UTF-8 TOML")
    assert [p.name for p in out.iterdir()] == ["plan.csv"]
    assert (out / "plan.csv").read_text(encoding="utf-8") == "last week's plan\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda z: (z / "zone.toml").write_text(
                (z / "zone.toml")
                .read_text(encoding="utf-8")
                .replace("[norms]\n", "[norms_x]\n", 1)
                .replace("[zone]\n", "norms = 3\n[zone]\n", 1),
                encoding="utf-8",
            ),
            "zone-rural/zone.toml, field 'norms': got '3', expected a table",
        ),
        (
            lambda z: (z / "staff.csv").unlink(),
            "zone-rural/staff.csv, field '(file)': expected this file to exist",
        ),
        (
            lambda z: (z / "weeks" / WEEK / "absences.csv").write_text(
                "officer,type,start,end\nINT-0001,leave,2026-12-14,2026-12-15\n", encoding="utf-8"
            ),
            "zone-rural/weeks/2026-W49/absences.csv, row 1 (line 2), field 'start': got '2026-12-14', "
            "expected within 2026-W49",
        ),
        (
            lambda z: (z / "priorities.toml").write_text(
                (z / "priorities.toml")
                .read_text(encoding="utf-8")
                .replace("crew = 6", "crew = 99", 1),
                encoding="utf-8",
            ),
            "zone-rural/priorities.toml, entry 2, field 'operation.crew': got '99', expected at most "
            "the zone's 42 operational officers",
        ),
    ],
    ids=["wrong type", "missing file", "absence outside the week", "crew above the staff"],
)
def test_bad_zones_exit_2_without_a_traceback(rural_zone, tmp_path, edit, message):
    edit(rural_zone)
    res = run_planner("plan", rural_zone, "--week", WEEK, "--out", tmp_path / "out")
    assert_clean_failure(res, message)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (
            "2026-W60",
            "(command line), field '--week': got '2026-W60', expected an existing ISO week of 2026",
        ),
        (
            "2026-49",
            "(command line), field '--week': got '2026-49', expected an ISO week like 2026-W49",
        ),
    ],
)
def test_a_week_that_does_not_exist_exits_2(small_zone, tmp_path, week, expected):
    for command in ("plan", "compare"):
        args = ["--scenario", "baseline"] if command == "compare" else []
        res = run_planner(command, small_zone, "--week", week, *args, "--out", tmp_path / "o")
        assert_clean_failure(res, expected)
    assert_clean_failure(run_planner("validate", small_zone, "--week", week), expected)
    assert not (tmp_path / "o").exists()


def test_an_unknown_scenario_exits_2(rural_zone, tmp_path):
    expected = "field '--scenario': got 'heatwave', expected one of baseline, drugs_first, flu_wave"
    res = run_planner(
        "plan", rural_zone, "--week", WEEK, "--scenario", "heatwave", "--out", tmp_path / "o"
    )
    assert_clean_failure(res, expected)
    res = run_planner(
        "compare", rural_zone, "--week", WEEK, "--scenario", "baseline", "--scenario", "heatwave"
    )
    assert_clean_failure(res, expected)
    assert res.stdout == ""  # refused before planning the baseline


def test_compare_refuses_a_scenario_named_twice(rural_zone):
    res = run_planner(
        "compare", rural_zone, "--week", WEEK, "--scenario", "flu_wave", "--scenario", "flu_wave"
    )
    assert_clean_failure(res, "field '--scenario': got 'flu_wave', expected each scenario once")


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("frobnicate",),
        ("plan", "--bogus"),
        ("plan", "--week"),
        ("validate",),
        ("compare", "data/zone-rural"),  # no --scenario
        ("explain", "--lang", "de"),
        ("plan", "a", "b"),
    ],
)
def test_usage_errors_exit_2(args):
    res = run_planner(*args)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "usage: planner" in res.stderr and "Traceback" not in res.stderr


def test_help_exits_0():
    res = run_planner("--help")
    assert res.returncode == 0 and "plan" in res.stdout and "validate" in res.stdout


def test_out_that_is_a_file_exits_2_before_planning(small_zone, tmp_path):
    blocker = tmp_path / "out.csv"
    blocker.write_text("x\n", encoding="utf-8")
    for out in ("out.csv", "out.csv/sub"):
        res = run_planner("plan", small_zone, "--week", WEEK, "--out", out, cwd=tmp_path)
        assert_clean_failure(
            res,
            f"(command line), field '--out': got '{out}', expected a "
            "folder, or a path where one can be created (out.csv is a file)",
        )
        assert res.stdout == ""
    assert blocker.read_text(encoding="utf-8") == "x\n"


def test_a_zone_folder_that_does_not_exist_exits_2(tmp_path):
    res = run_planner("plan", tmp_path / "nowhere", "--week", WEEK, "--out", tmp_path / "o")
    assert_clean_failure(res, "field '(folder)'", "expected a zone folder holding zone.toml")


# -- validate -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("zone", "staff"), [("zone-demo", 300), ("zone-rural", 50)])
def test_validate_accepts_the_samples(zone, staff):
    for extra in ((), ("--week", WEEK)):
        res = run_planner("validate", DATA / zone, *extra, "--lang", "en")
        assert res.returncode == 0, res.stderr
        assert (
            f"{DATA / zone}: valid ({staff} staff members, 13 operation types, scenarios: baseline"
            in res.stdout
        )


def test_validate_rejects_a_broken_zone(rural_zone):
    (rural_zone / "teams.csv").write_text(
        "team,anchor,cycle\nINT-0,2026-02-30,E E\n", encoding="utf-8"
    )
    res = run_planner("validate", rural_zone)
    assert_clean_failure(
        res,
        "zone-rural/teams.csv, row 1 (line 2), field 'anchor': "
        "got '2026-02-30', expected an ISO date YYYY-MM-DD",
    )
    assert "valid" not in res.stdout


def test_validate_rejects_a_broken_demo_zone(demo_zone):
    (demo_zone / "weeks" / WEEK / "pinned.csv").write_text(
        "operation,start,note\nbob_check,2026-12-05T23:00,x\nbob_check,2026-12-09T23:00,y\n",
        encoding="utf-8",
    )
    res = run_planner("validate", demo_zone)
    assert_clean_failure(
        res,
        "1 problem in the inputs:",
        "zone-demo/weeks/2026-W49/pinned.csv, row 2 (line 3), field 'start': "
        "got '2026-12-09T23:00', expected within 2026-W49",
    )


def test_validate_with_a_week_checks_what_only_the_week_can_tell(rural_zone):
    (rural_zone / "weeks" / WEEK / "pinned.csv").write_text(
        "operation,start,note\nspeed_check,2026-12-01T08:30,off the grid\n", encoding="utf-8"
    )
    assert run_planner("validate", rural_zone).returncode == 0
    res = run_planner("validate", rural_zone, "--week", WEEK)
    assert_clean_failure(res, "pinned.csv", "field 'start'")


# -- compare --------------------------------------------------------------------------------------
def test_compare_prints_both_scenarios_side_by_side(rural_zone, tmp_path):
    res = run_planner(
        "compare",
        rural_zone,
        "--week",
        WEEK,
        "--scenario",
        "baseline",
        "--scenario",
        "flu_wave",
        "--out",
        tmp_path / "cmp",
        "--lang",
        "en",
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == f"Zone de police Rurale-Est / Politiezone Landelijk-Oost - week {WEEK}"
    assert "Flu wave − Baseline" in lines[1]
    table = {}
    for line in lines[2:]:
        numbers = list(re.finditer(r"[−+]?[\d,]+\.\d(?= h)", line))
        if len(numbers) == 3:
            table[line[: numbers[0].start()].strip()] = tuple(
                float(m.group().replace(",", "").replace("−", "-")) for m in numbers
            )
    for label in (
        "Available",
        "Absences",
        "Capacity for priorities",
        "Hours Road safety",
        "Unallocated",
    ):
        base, flu, diff = table[label]
        assert diff == pytest.approx(flu - base, abs=0.11), label
    assert table["Absences"][1] > table["Absences"][0]  # the flu adds sickness
    assert table["Available"][1] < table["Available"][0]
    assert "flu_wave: capacity for the priorities −148" in res.stdout  # the differences in words
    assert [p.name for p in (tmp_path / "cmp").iterdir()] == ["comparison.csv"]
    saved = rows(tmp_path / "cmp" / "comparison.csv")
    assert list(saved[0]) == ["figure", "baseline", "flu_wave", "flu_wave - baseline"]
    assert {r["figure"] for r in saved} >= {
        "available hours",
        "absences hours",
        "road_safety hours",
        "capacity for priorities hours",
        "unallocated hours",
    }
    assert {
        "legal shortfall hours",
        "zone-standard shortfall hours",
        "HyCap shortfall hours",
        "other commitments shortfall hours",
        "pinned operations shortfall hours",
        "priority floors shortfall hours",
    } <= {r["figure"] for r in saved}


# -- explain ------------------------------------------------------------------------------------
def test_explain_prints_reasons_in_dutch():
    res = run_planner("explain", DATA / "zone-rural", "--week", WEEK, "--lang", "nl")
    assert res.returncode == 0, res.stderr
    assert "Verkeersveiligheid:" in res.stdout and "meer" in res.stdout


# -- the plan's status --------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", ["baseline", "hycap_weekend"])
def test_status_line_counts_hycap_shortfalls(demo_zone, tmp_path, scenario):
    """The demo's baseline meets everything; hycap_weekend leaves 180 h (Saturday, 23 of 30
    officers missing) + 60 h (Sunday, 8 of 20) of HyCap unstaffed: the status is short, with
    the 244 h named, and norms.csv has the two short requests."""
    out = tmp_path / "out"
    res = run_planner(
        "plan",
        demo_zone,
        "--week",
        WEEK,
        "--scenario",
        scenario,
        "--out",
        out,
        "--lang",
        "en",
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("Status:"))
    status = lines[start : next(k for k, line in enumerate(lines) if line.startswith("Solver:"))]
    short = [
        (r["functionality"], r["level"], r["shortfall_hours"])
        for r in rows(out / "norms.csv")
        if r["status"] == "short"
    ]
    if scenario == "baseline":
        assert status == ["Status: all met"]
        assert short == []
        return
    assert "all met" not in res.stdout
    assert status == [
        "Status: SHORT",
        "  HyCap: 244.0 h short — Hycap weekend 1, Hycap weekend 2 — Sat 11:00–15:00; "
        "Sat 15:00–19:00; Sun 11:00–15:00; Sun 15:00–19:00",
    ]
    assert short == [("hycap_weekend-1", "hycap", "184.0"), ("hycap_weekend-2", "hycap", "60.0")]
