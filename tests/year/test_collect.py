"""collect: a week's actuals are read and checked once; their figures come from the disk
cache afterwards, until the file (or the zone's list of what a line may name) changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.year import actuals as actuals_module
from planner.year.collect import done_records
from planner.year.records import DoneRecord
from planner.zone_io import load_zone

WEEKS = ["2026-W01", "2026-W02"]


def test_actuals_figures_are_read_once(demo_zone: Path, monkeypatch: pytest.MonkeyPatch):
    zone = load_zone(demo_zone)
    first = done_records(demo_zone, zone, WEEKS + ["2026-W50"])  # W50: no file, no record
    assert set(first) == set(WEEKS)
    for week in WEEKS:
        read = actuals_module.read_actuals(demo_zone, week, zone)
        assert first[week] == DoneRecord.from_actuals(read, zone)

    def refuse(*args):
        raise AssertionError("read again")

    monkeypatch.setattr(actuals_module, "read_actuals", refuse)
    assert done_records(demo_zone, zone, WEEKS) == first  # from the cache

    path = demo_zone / "actuals" / "2026-W02.csv"
    lines = path.read_text(encoding="utf-8").splitlines(True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # one line less: read again
    with pytest.raises(AssertionError, match="read again"):
        done_records(demo_zone, zone, WEEKS)
    monkeypatch.undo()
    again = done_records(demo_zone, zone, WEEKS)
    assert again["2026-W01"] == first["2026-W01"]
    assert again["2026-W02"] != first["2026-W02"]
