"""Many weeks in one run (planner.weeks and `planner plan --weeks`): the range as typed, the
same files whatever the number of workers, the disk cache, extra floors, and the command's
week folders and summary.csv written as one set."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from planner import store
from planner.errors import InputError
from planner.export import check_out_dir, write_files
from planner.weeks import MAX_WEEKS, WEEK_FOLDER, cache_dir, plan_weeks, week_range
from tests.conftest import DATA, run_planner

DEMO = DATA / "zone-demo"
WEEKS = ["2026-W49", "2026-W50", "2026-W51"]


# -- the range ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("2026-W49", ["2026-W49"]),
        (" 2026-W49..2026-W49 ", ["2026-W49"]),
        ("2026-W51..2027-W02", ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]),
        ("2027-W52..2028-W01", ["2027-W52", "2028-W01"]),  # 2027 has 52 weeks
    ],
)
def test_a_range_of_iso_weeks_across_years(text, weeks):
    assert week_range(text) == weeks


def test_a_range_may_run_to_its_limit():
    weeks = week_range("2026-W01..2028-W01")
    assert len(weeks) == 106 == MAX_WEEKS
    assert weeks[52] == "2026-W53" and len(set(weeks)) == len(weeks)


@pytest.mark.parametrize(
    ("text", "code", "values"),
    [
        ("2026-W50..2026-W49", "week_range_order", {"first": "2026-W50", "last": "2026-W49"}),
        ("2026-W01..2028-W02", "week_range_length", {"max": 106, "count": 107}),
        ("2026-W49..", "week_range", {}),
        ("..2026-W49", "week_range", {}),
        ("2026-W49..2026-W50..2026-W51", "week_range", {}),
        ("2026-49..2026-W50", "week_range", {}),
        ("december", "week_range", {}),
        ("2027-W53..2028-W02", "existing_week", {"year": 2027}),
    ],
)
def test_a_bad_range_is_one_issue_of_the_command_line(text, code, values):
    with pytest.raises(InputError) as caught:
        week_range(text)
    (issue,) = caught.value.issues
    assert (issue.file, issue.field, issue.value, issue.expected) == (
        "(command line)",
        "--weeks",
        text,
        code,
    )
    assert dict(issue.values) == values
    assert "expected" in str(caught.value) and code not in str(caught.value)


# -- planning many weeks -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def one_worker():
    """The three weeks planned in this process, without the cache."""
    return plan_weeks(DEMO, WEEKS, workers=1, use_cache=False)


def test_the_weeks_in_order_with_their_files_and_figures(one_worker):
    assert [r.week for r in one_worker] == WEEKS
    for r in one_worker:
        assert sorted(r.files) == [
            "commitments.csv",
            "norms.csv",
            "plan.csv",
            "priorities.csv",
            "waterfall.csv",
        ]
        assert f"{r.week}," in r.files["plan.csv"].splitlines()[1]
        assert not r.cached and r.seconds > 0
        f = r.figures
        assert f["ok"] in (0.0, 1.0)
        for code in ("short:legal", "short:floor", "capacity_for_priorities", "efficiency"):
            assert code in f
        priorities = {c: v for c, v in f.items() if c.startswith("priority:")}
        assert priorities and sum(priorities.values()) <= f["capacity_for_priorities"] + 1e-6


def test_two_workers_write_the_same_bytes_as_one(one_worker):
    seen = []
    two = plan_weeks(DEMO, WEEKS, workers=2, use_cache=False, progress=lambda *a: seen.append(a))
    assert [r.week for r in two] == WEEKS
    for a, b in zip(one_worker, two, strict=True):
        assert a.files == b.files
        assert a.figures == b.figures
    assert sorted(s[0] for s in seen) == [1, 2, 3]
    assert {s[1] for s in seen} == {3} and sorted(s[2] for s in seen) == WEEKS


def test_a_floor_raises_the_priority_to_it(one_worker):
    before = one_worker[0].figures
    pid = "burglary"  # its operations can take more of the capacity than it gets by weight
    low = f"priority:{pid}"
    floor = before[low] + 140
    (after,) = plan_weeks(
        DEMO, WEEKS[:1], workers=1, use_cache=False, floors={WEEKS[0]: {pid: floor}}
    )
    assert after.figures[low] >= floor > before[low]
    assert after.figures["short:floor"] == 0
    rows = list(csv.DictReader(io.StringIO(after.files["priorities.csv"])))
    assert float(next(r for r in rows if r["priority"] == pid)["floor_hours"]) == floor


def test_floors_for_a_priority_the_zone_lacks_are_refused_before_solving():
    seen = []
    with pytest.raises(InputError) as caught:
        plan_weeks(
            DEMO, WEEKS, floors={WEEKS[1]: {"nonsense": 5}}, progress=lambda *a: seen.append(a)
        )
    (issue,) = caught.value.issues
    assert (issue.field, issue.expected) == ("2026-W50.nonsense", "priority_ref")
    assert not seen


def test_a_zone_error_is_raised_once_before_any_week(demo_zone):
    (demo_zone / "zone.toml").write_text("name = \n", encoding="utf-8")
    seen = []
    with pytest.raises(InputError) as caught:
        plan_weeks(demo_zone, WEEKS, workers=2, progress=lambda *a: seen.append(a))
    assert caught.value.issues[0].file.endswith("zone.toml")
    assert not seen


def test_an_unknown_scenario_is_refused_before_any_week():
    with pytest.raises(InputError) as caught:
        plan_weeks(DEMO, WEEKS, scenario="nope", progress=lambda *a: pytest.fail("solved"))
    assert caught.value.issues[0].expected == "one_of"


# -- the cache ------------------------------------------------------------------------------------
def test_the_cache_gives_the_same_files_and_misses_on_a_change(
    demo_zone, tmp_path, monkeypatch, one_worker
):
    monkeypatch.setenv(store.DATA_DIR_ENV, str(tmp_path / "data"))
    assert cache_dir() == tmp_path / "data" / "cache" / "weeks"
    week = WEEKS[:1]
    (first,) = plan_weeks(demo_zone, week, workers=1)
    assert not first.cached and first.files == one_worker[0].files
    (entry,) = cache_dir().glob("*.json")

    (again,) = plan_weeks(demo_zone, week, workers=1)
    assert again.cached and again.files == first.files and again.figures == first.figures

    entry.write_text('{"week": "2026-W49", "files": ', encoding="utf-8")  # cut short
    (repaired,) = plan_weeks(demo_zone, week, workers=1)
    assert not repaired.cached and repaired.files == first.files
    assert json.loads(entry.read_text(encoding="utf-8"))["files"] == first.files

    with (demo_zone / "staff.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")  # the same staff, other bytes: a miss all the same
    (changed,) = plan_weeks(demo_zone, week, workers=1)
    assert not changed.cached
    assert len(list(cache_dir().glob("*.json"))) == 2
    (other_floor,) = plan_weeks(demo_zone, week, workers=1, floors={week[0]: {"drugs": 0}})
    assert not other_floor.cached  # the week's floors are part of the key


# -- the command ------------------------------------------------------------------------------------
def _summary(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))


def test_the_command_writes_a_folder_per_week_and_a_summary(tmp_path, one_worker):
    out = tmp_path / "out"
    done = run_planner("plan", DEMO, "--weeks", "2026-W49..2026-W50", "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2026-W49", "2026-W50", "summary.csv"]
    for r in one_worker[:2]:
        for name, text in r.files.items():
            assert (out / r.week / name).read_bytes() == text.encode()
    rows = _summary(out)
    assert [r["week"] for r in rows] == ["2026-W49", "2026-W50"]
    assert rows[0]["status"] in ("met", "short")
    for column in ("legal_shortfall_hours", "floor_shortfall_hours", "seconds", "cached"):
        assert column in rows[0]
    assert "capacity_for_priorities_hours" in rows[0]
    assert any(c.startswith("priority_") for c in rows[0])
    assert "2 weeks planned (2026-W49 to 2026-W50)" in done.stdout
    assert "Wrote 2 week folders and summary.csv" in done.stdout
    assert "2/2" in done.stderr and "2/2" not in done.stdout  # the progress stays on stderr

    # again, one week, into the same folder: the old week folders go with the old summary
    again = run_planner("plan", DEMO, "--weeks", "2026-W50", "--out", out, "--lang", "fr")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2026-W50", "summary.csv"]
    assert _summary(out)[0]["cached"] == "yes"
    assert "1 semaine planifiée" in again.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--weeks", "2026-W50..2026-W49"],
        ["--weeks", "2026-W49..soon"],
        ["--weeks", "2026-W49..2026-W50", "--week", "2026-W49"],
        ["--weeks", "2026-W49", "--workers", "0"],
        ["--weeks", "2026-W49", "--explain"],
    ],
)
def test_a_bad_range_or_option_exits_2_and_writes_nothing(tmp_path, args):
    out = tmp_path / "out"
    done = run_planner("plan", DEMO, *args, "--out", out)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()
    assert not out.exists()


def test_the_output_folder_may_hold_week_folders_of_files_only(tmp_path):
    out = tmp_path / "out"
    write_files(out, {"2026-W49/plan.csv": "a\n", "summary.csv": "b\n"}, folders=WEEK_FOLDER)
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    write_files(out, {"2026-W50/plan.csv": "c\n", "summary.csv": "d\n"}, folders=WEEK_FOLDER)
    assert sorted(p.name for p in out.iterdir()) == ["2026-W50", "notes.txt", "summary.csv"]
    assert check_out_dir(out) == ("out_files_only", {"name": "2026-W50"})  # a one-week plan
    (out / "2026-W50" / "deeper").mkdir()
    assert check_out_dir(out, WEEK_FOLDER) == ("out_files_only", {"name": "2026-W50"})
    with pytest.raises(ValueError):
        write_files(tmp_path / "other", {"notes/a.csv": "x\n"}, folders=WEEK_FOLDER)


def test_the_weeks_whose_clocks_change():
    from planner.weeks import clock_changes

    changing = [w for w in week_range("2026-W01..2026-W53") if clock_changes(w, "Europe/Brussels")]
    assert changing == ["2026-W13", "2026-W43"]  # 29 March and 25 October 2026
