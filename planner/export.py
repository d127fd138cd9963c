"""Input/output layer: write a plan's CSV files for the zone's scheduling tool.

UTF-8, comma-separated, one header row; times in ISO 8601 with their UTC offset in the
zone's time zone. Cells that a spreadsheet would read as a formula are neutralised. Files
are written to a temporary name and renamed, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from planner.results import Plan, status_table

PLAN_COLUMNS = ["week", "date", "start", "end", "activity", "kind", "priority", "officers",
                "hours", "qualification", "duty", "pinned", "label_fr", "label_nl", "note"]
COMMITMENT_COLUMNS = ["id", "type", "start", "end", "officers", "planned_officers", "hours",
                      "reserved_hours", "qualification", "shortfall_hours", "where", "label"]
NORM_COLUMNS = ["functionality", "level", "required_hours", "planned_hours", "shortfall_hours",
                "status", "unit", "where", "label_fr", "label_nl"]
PRIORITY_COLUMNS = ["priority", "weight", "hours", "share", "floor_hours", "cap_hours",
                    "weight_share", "operations", "label_fr", "label_nl"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")


def neutralise(value: object) -> object:
    """Prefix a text cell that starts like a formula with a quote (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _fmt_hours(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def plan_table(plan: Plan) -> pd.DataFrame:
    """plan.csv rows: basic missions per block, HyCap and commitments, priority operations."""
    p = plan.problem
    grid = p.grid
    week = grid.label
    from planner.domain import MISSION_LABELS

    rows = []
    for r in plan.basic.itertuples(index=False):
        blk = grid.blocks[r.block]
        start, end = grid.local(blk.start_utc), grid.local(blk.end_utc)
        fr, nl = MISSION_LABELS[r.activity]
        rows.append((start, 0, r.activity, dict(
            week=week, date=start.date().isoformat(), start=start.isoformat(), end=end.isoformat(),
            activity=r.activity, kind="basic_mission", priority="", officers=r.officers,
            hours=_fmt_hours(r.hours), qualification=r.qualification, duty=r.duty, pinned="",
            label_fr=fr, label_nl=nl, note="")))
    for r in plan.commitments.itertuples(index=False):
        rows.append((r.start, 1, r.id, dict(
            week=week, date=r.start.date().isoformat(), start=r.start.isoformat(),
            end=r.end.isoformat(), activity=r.type,
            kind="hycap" if r.type == "hycap" else "commitment", priority="",
            officers=r.planned_officers, hours=_fmt_hours(r.hours), qualification=r.qualification,
            duty="lent" if r.type == "hycap" else "on_duty", pinned="", label_fr=r.label,
            label_nl=r.label, note="")))
    for r in plan.operations.itertuples(index=False):
        rows.append((r.start, 2, r.operation, dict(
            week=week, date=r.start.date().isoformat(), start=r.start.isoformat(),
            end=r.end.isoformat(), activity=r.operation, kind="priority_operation",
            priority=r.priority, officers=r.officers, hours=_fmt_hours(r.hours),
            qualification=r.qualification, duty="on_duty", pinned="yes" if r.pinned else "no",
            label_fr=r.label_fr, label_nl=r.label_nl, note=r.note)))
    rows.sort(key=lambda t: (t[0].timestamp(), t[1], t[2]))
    return pd.DataFrame([r[3] for r in rows], columns=PLAN_COLUMNS)


def norms_table(plan: Plan) -> pd.DataFrame:
    """norms.csv: the norms (level `legal` / `zone`), then every other obligation of the week
    with its kind in `level` (`hycap`, `commitment`, `pinned`, `floor`) and its id in
    `functionality`, so every shortfall of the plan's status is in the file."""
    table = status_table(plan).rename(columns={"kind": "level", "subject": "functionality"})
    return table[NORM_COLUMNS].reset_index(drop=True)


def priorities_table(plan: Plan) -> pd.DataFrame:
    df = plan.priorities[PRIORITY_COLUMNS].copy()
    df["cap_hours"] = df["cap_hours"].astype(object).where(df["cap_hours"].notna(), "")
    return df


def commitments_table(plan: Plan) -> pd.DataFrame:
    """commitments.csv: each HyCap request or commitment, covered or not, and where short."""
    df = plan.commitments[COMMITMENT_COLUMNS].copy()
    for col in ("start", "end"):
        df[col] = df[col].map(lambda t: t.isoformat())
    return df


def _decimal_commas(col: pd.Series) -> pd.Series:
    """Decimal commas for the numbers pandas' `decimal=","` does not reach: floats in a column
    of mixed type (cap_hours, blank when there is no cap) and numbers already written as text
    (plan.csv's hours), when every text cell of the column is such a number."""
    if col.dtype != object and not isinstance(col.dtype, pd.StringDtype):
        return col
    texts = [v for v in col if isinstance(v, str) and v]
    numeric_text = bool(texts) and all(_NUMBER_TEXT.fullmatch(v) for v in texts)

    def cell(v: object) -> object:
        if isinstance(v, float) and math.isfinite(v):
            return str(v).replace(".", ",")
        if numeric_text and isinstance(v, str):
            return v.replace(".", ",")
        return v

    return col.map(cell)


def to_csv_text(df: pd.DataFrame, excel: bool = False) -> str:
    """CSV text; with `excel`, semicolons and decimal commas for a Belgian spreadsheet."""
    safe = df.map(neutralise)
    buf = io.StringIO()
    if excel:
        safe = safe.apply(_decimal_commas)
        safe.to_csv(buf, index=False, sep=";", decimal=",", lineterminator="\n")
        return "\ufeff" + buf.getvalue()
    safe.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def export_files(plan: Plan) -> dict[str, str]:
    return {
        "plan.csv": to_csv_text(plan_table(plan)),
        "norms.csv": to_csv_text(norms_table(plan)),
        "priorities.csv": to_csv_text(priorities_table(plan)),
        "waterfall.csv": to_csv_text(plan.waterfall),
        "commitments.csv": to_csv_text(commitments_table(plan)),
    }


def write_plan(plan: Plan, out_dir: str | Path, extra: dict[str, str] | None = None) -> list[Path]:
    """Write all files atomically (each to a temporary name, then renamed)."""
    return write_files(out_dir, export_files(plan) | (extra or {}))


def write_files(out_dir: str | Path, files: dict[str, str]) -> list[Path]:
    """Write each text to its name in `out_dir` (created if needed): all to temporary names
    first, then renamed, so a failure leaves no half-written file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    temps = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            temps.append((Path(tmp), out / name))  # before writing, so a failed write is removed
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; exports are ordinary files
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
    return [final for _, final in temps]
