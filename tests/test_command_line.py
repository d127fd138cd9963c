"""The `planner` command as a user runs it, in real processes: exit codes, files written,
messages without tracebacks, byte-identical output, and weeks with a daylight-saving change."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.generator import generate_zone

ROOT = Path(__file__).resolve().parent.parent
RURAL = ROOT / "data" / "zone-rural"
PLANNER = [sys.executable, "-m", "planner"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*PLANNER, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return next(csv.reader(fh))


def test_plan_writes_the_documented_files(tmp_path):
    out = tmp_path / "out"
    res = run("plan", str(RURAL), "--week", "2026-W49", "--out", str(out), "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert "Capacity waterfall" in res.stdout and "Status:" in res.stdout
    assert set(p.name for p in out.iterdir()) == {
        "plan.csv", "norms.csv", "priorities.csv", "waterfall.csv", "commitments.csv",
        "explanations.csv", "marginal.csv"}
    assert header(out / "plan.csv")[:10] == ["week", "date", "start", "end", "activity", "kind",
                                             "priority", "officers", "hours", "qualification"]
    assert header(out / "norms.csv")[:6] == ["functionality", "level", "required_hours",
                                            "planned_hours", "shortfall_hours", "status"]
    assert header(out / "priorities.csv")[:6] == ["priority", "weight", "hours", "share",
                                                 "floor_hours", "cap_hours"]
    assert header(out / "explanations.csv") == ["subject_type", "subject", "code", "hours",
                                                "gain_hours", "text_fr", "text_nl"]
    with (out / "plan.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {r["kind"] for r in rows}
    assert {"basic_mission", "hycap", "priority_operation"} <= kinds
    activities = {r["activity"] for r in rows if r["kind"] == "basic_mission"}
    assert {"intervention", "reception", "neighbourhood", "investigation", "public_order",
            "victim_assistance"} <= activities
    assert all(r["week"] == "2026-W49" and r["start"].endswith("+01:00") for r in rows)
    with (out / "norms.csv").open(encoding="utf-8") as fh:
        norms = list(csv.DictReader(fh))
    basic = [n for n in norms if n["level"] in ("legal", "zone")]
    assert len(basic) == 14 and norms[:14] == basic
    assert {n["level"] for n in norms[14:]} <= {"hycap", "commitment", "pinned", "floor"}


def test_same_inputs_give_byte_identical_files(tmp_path):
    for k in (1, 2):
        assert run("plan", str(RURAL), "--week", "2026-W49", "--out", str(tmp_path / f"o{k}")).returncode == 0
    for name in ("plan.csv", "norms.csv", "priorities.csv", "explanations.csv", "marginal.csv"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


def test_bad_input_exits_2_with_file_row_field_and_writes_nothing(tmp_path):
    zone = Path(shutil.copytree(RURAL, tmp_path / "z"))
    lines = (zone / "staff.csv").read_text(encoding="utf-8").splitlines()
    parts = lines[2].split(",")
    parts[4] = "abc"
    lines[2] = ",".join(parts)
    (zone / "staff.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = run("plan", str(zone), "--week", "2026-W49", "--out", str(out))
    assert res.returncode == 2
    assert "z/staff.csv, row 2 (line 3), field 'contract_hours': got 'abc', expected a number" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert not out.exists()


@pytest.mark.parametrize("args", [
    ("plan", "--week", "2026-W60"),
    ("plan", "--week", "2026-W49", "--scenario", "nope"),
    ("plan", "/no/such/zone"),
    ("frobnicate",),
    ("validate",),
])
def test_usage_and_input_errors_exit_2(args):
    res = run(*args)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr


def test_validate(tmp_path):
    res = run("validate", str(RURAL), "--week", "2026-W49")
    assert res.returncode == 0 and "valid" in res.stdout
    zone = Path(shutil.copytree(RURAL, tmp_path / "z"))
    (zone / "teams.csv").write_text("team,anchor,cycle\nINT-0,2026-13-01,E E\n", encoding="utf-8")
    res = run("validate", str(zone))
    assert res.returncode == 2 and "teams.csv, row 1 (line 2), field 'anchor'" in res.stderr


def test_compare_prints_both_scenarios_and_the_differences_in_words():
    res = run("compare", str(RURAL), "--week", "2026-W49", "--scenario", "baseline",
              "--scenario", "flu_wave")
    assert res.returncode == 0, res.stderr
    assert "Situation de base" in res.stdout and "Capacité pour les priorités" in res.stdout
    assert "flu_wave : capacité pour les priorités" in res.stdout
    assert "flu_wave: capaciteit voor de prioriteiten" not in res.stdout  # one language a run


def test_explain_prints_reasons_in_dutch():
    res = run("explain", str(RURAL), "--week", "2026-W49", "--lang", "nl")
    assert res.returncode == 0, res.stderr
    assert "Verkeersveiligheid:" in res.stdout and "meer" in res.stdout


@pytest.mark.parametrize(("week", "hours", "before", "after"), [
    ("2026-W13", 167, "+01:00", "+02:00"),  # clocks go forward on Sunday 29 March
    ("2026-W43", 169, "+02:00", "+01:00"),  # clocks go back on Sunday 25 October
])
def test_daylight_saving_weeks(tmp_path, week, hours, before, after):
    zone = generate_zone(tmp_path / "z", 50, seed=5, week=None)
    out = tmp_path / "out"
    res = run("plan", str(zone), "--week", week, "--out", str(out), "--no-explain", "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert f"week {week} ({hours} h)" in res.stdout
    with (out / "plan.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["activity"] == "intervention"]
    offsets = [r["start"][-6:] for r in rows]
    assert offsets[0] == before and offsets[-1] == after
    # the block that holds the change lasts 3 or 5 hours, and the hours say so
    change = [r for r in rows if r["start"][-6:] != r["end"][-6:]]
    assert change, "one intervention block spans the change"
    officers = int(change[0]["officers"])
    assert float(change[0]["hours"]) == officers * (hours - 164)
