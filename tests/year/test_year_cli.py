"""`planner year`, run in-process on a copy of the demo zone as of 2026-W03 (three weeks to
plan): it prints the year to date per priority in the language, writes year.csv (a row per
priority, in the columns of planner.year.ytd.year_table), report.pdf and report.html, and
says on stderr which weeks it planned; a bad --year, --as-of or --propose is exit 2 with a
message, before anything is planned or written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner import cli
from planner.text import Text
from planner.text import labels as L
from planner.year.ytd import YEAR_COLUMNS
from planner.zone_io import load_zone


def test_planner_year_writes_year_csv_and_the_report(
    demo_zone: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "council"
    argv = ["year", str(demo_zone), "--year", "2026", "--as-of", "2026-W03", "--out", str(out)]
    assert cli.main([*argv, "--lang", "nl"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.pdf", "year.csv"]
    zone = load_zone(demo_zone)
    rows = list(csv.DictReader(io.StringIO((out / "year.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == YEAR_COLUMNS
    assert [r["priority"] for r in rows] == [q.id for q in zone.priorities]
    road = next(r for r in rows if r["priority"] == "road_safety")
    assert float(road["planned_hours"]) > 0
    assert float(road["achieved_hours"]) <= float(road["planned_hours"]) + float(road["done_hours"])
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")
    captured = capsys.readouterr()
    t = Text.for_lang("nl")
    for q in zone.priorities:
        assert L.priority(t, q) in captured.out
    assert t._("Needed per week") in captured.out and "2026-W03" in captured.out
    for week in ("2026-W01", "2026-W02", "2026-W03"):
        assert week in captured.err  # progress, one line a week planned


@pytest.mark.parametrize(
    "args, field, words",
    [
        (["--year", "2026", "--as-of", "2026-W60"], "--as-of", "2026-W60"),
        (["--year", "2026", "--as-of", "2027-W02"], "--as-of", "an ISO week of 2026"),
        (["--year", "2026", "--as-of", "last week"], "--as-of", "ISO week"),
        (["--year", "twenty"], "--year", "a year between 2000 and 2100"),
        (["--year", "2026", "--propose", "nope"], "--scenario", "nope"),
    ],
)
def test_bad_input_is_exit_2_with_a_message_and_nothing_written(
    demo_zone: Path, tmp_path: Path, capsys, args, field, words
) -> None:
    out = tmp_path / "out"
    argv = ["year", str(demo_zone), *args, "--out", str(out), "--lang", "en"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "problem in the inputs" in err and words in err
    assert field in err or "scenarios.toml" in err
    assert "Traceback" not in err
    assert not out.exists()
