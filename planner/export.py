"""Input/output layer: write a plan's CSV files for the zone's scheduling tool.

UTF-8, comma-separated, one header row; times in ISO 8601 with their UTC offset in the
zone's time zone (plan.csv adds the local dates and wall-clock times, and a stable id per
line). Every CSV the planner writes (the command line's files and the app's
downloads) goes through `to_csv_text`, whose cells and headers pass `neutralise`: line
breaks and tabs become spaces, and text a spreadsheet would read as a formula is quoted.

A set of files is written into a fresh folder next to the output folder and switched in
with one rename, so a reader (or a run killed at any moment) sees the old set or the new
set, never a mix; leftovers of a killed run are removed by the next one. A single file (the
printed report) is written to a temporary file beside it and renamed over it.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import datetime as dt
import io
import math
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.domain import LEVELS
from planner.errors import InputError, InputIssue
from planner.results import Plan, comparison_values, status_table
from planner.text.labels import mission_labels

PLAN_COLUMNS = [
    "line_id",
    "week",
    "date",
    "start_time",
    "end_date",
    "end_time",
    "start",
    "end",
    "activity",
    "kind",
    "priority",
    "crew_number",
    "officers",
    "hours",
    "qualification",
    "duty",
    "pinned",
    "label_fr",
    "label_nl",
    "note",
]
COMMITMENT_COLUMNS = [
    "id",
    "type",
    "start",
    "end",
    "officers",
    "planned_officers",
    "hours",
    "reserved_hours",
    "qualification",
    "shortfall_hours",
    "where",
    "label",
]
NORM_COLUMNS = [
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
PRIORITY_COLUMNS = [
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
_FORMULA_START = ("=", "+", "-", "@")
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")
# Line breaks of any kind (those str.splitlines knows, U+2028 and U+2029 included), tabs and
# other control characters: a spreadsheet or a CSV reader may start a new row or cell there.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def neutralise(value: object) -> object:
    """A cell that is safe in a spreadsheet (CSV injection): line breaks, tabs and control
    characters become spaces, then text whose first visible character reads as = + - @
    (full-width and other compatibility forms such as ＝ included) gets a leading quote.
    Numbers and other values are returned as they are."""
    if not isinstance(value, str):
        return value
    text = _BREAKS.sub(" ", value)
    head = unicodedata.normalize("NFKC", text.lstrip()[:1])
    if head.startswith(_FORMULA_START):
        return "'" + text
    return text


def _neutralised(values: list) -> list:
    """`neutralise` of each value, worked out once per distinct value (a column repeats its
    week, times and labels on many rows)."""
    seen: dict = {}
    out = []
    for v in values:
        try:
            if v not in seen:
                seen[v] = neutralise(v)
            out.append(seen[v])
        except TypeError:  # a value that cannot be a key
            out.append(neutralise(v))
    return out


def _fmt_hours(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


# The first part of a line's id, by kind of line (and, for a basic mission, by duty).
_ID_PREFIX = {
    "basic_mission": "BM",
    "on_call_at_home": "OC",
    "hycap": "HC",
    "commitment": "CM",
    "priority_operation": "OP",
}


def _wall_clock(t: dt.datetime) -> str:
    """`t` (local) to the minute, `2026-12-05T11:00`; a time the clock shows twice (the hour
    repeated when clocks go back) carries its UTC offset, `2026-10-25T02:30+01:00`."""
    stamp = t.strftime("%Y-%m-%dT%H:%M")
    if t.replace(fold=1 - t.fold).utcoffset() != t.utcoffset():
        stamp += t.isoformat()[-6:]
    return stamp


def _time_cells(start: dt.datetime, end: dt.datetime) -> dict[str, str]:
    """plan.csv's times of a row: the ISO instants, and the local dates and wall-clock times
    a scheduling tool or a spreadsheet reads as they are."""
    return dict(
        date=start.date().isoformat(),
        start_time=start.strftime("%H:%M"),
        end_date=end.date().isoformat(),
        end_time=end.strftime("%H:%M"),
        start=start.isoformat(),
        end=end.isoformat(),
    )


def _moment(t: dt.datetime) -> tuple:
    """A key for what a local time looks like when written: two aware datetimes of one zone
    compare equal whatever their `fold`, so the fold (the repeated hour) is part of it."""
    return t, t.tzinfo, t.fold


class _Cells:
    """The text of plan.csv's times and labels, each worked out once per table: many rows
    share a block's times (every basic mission of the block) or a functionality's labels."""

    def __init__(self) -> None:
        self._times: dict[tuple, dict[str, str]] = {}
        self._clocks: dict[tuple, str] = {}
        self._labels: dict[str, tuple[str, str]] = {}

    def times(self, start: dt.datetime, end: dt.datetime) -> dict[str, str]:
        key = (_moment(start), _moment(end))
        if key not in self._times:
            self._times[key] = _time_cells(start, end)
        return self._times[key]

    def clock(self, t: dt.datetime) -> str:
        key = _moment(t)
        if key not in self._clocks:
            self._clocks[key] = _wall_clock(t)
        return self._clocks[key]

    def labels(self, fid: str) -> tuple[str, str]:
        if fid not in self._labels:
            self._labels[fid] = mission_labels(fid)
        return self._labels[fid]


def _line(cells: _Cells, week: str, start: dt.datetime, end: dt.datetime, **values: object) -> dict:
    """A row of plan.csv: its week, its times (`_time_cells`) and the other values."""
    return dict(week=week, **cells.times(start, end), **values)


def plan_table(plan: Plan) -> pd.DataFrame:
    """plan.csv rows: basic missions per block, HyCap and commitments, one row per crew of a
    priority operation.

    Each row has a `line_id` made of what the row is, never of its place in the table or in
    the solver: `<prefix>-<name>-<local start>-<crew number>`, e.g.
    `OP-speed_check-2026-12-05T11:00-2`. The prefix is the kind of line (`BM` a basic mission
    on duty, `OC` one on call at home, `HC` a HyCap request, `CM` another commitment, `OP` a
    priority operation); the name is the functionality, the request id or the operation
    type; the local start is `_wall_clock`. Rows with the same prefix, name and start are
    numbered 1..n in `crew_number`, in the order of the table (pinned crews first), so a
    re-plan that keeps a row keeps its id, and one that adds or drops a crew changes only the
    ids of that type and start."""
    p = plan.problem
    grid = p.grid
    week = grid.label
    cells = _Cells()
    local = {
        b: (grid.local(blk.start_utc), grid.local(blk.end_utc)) for b, blk in enumerate(grid.blocks)
    }
    rows = []
    for r in plan.basic.itertuples(index=False):
        start, end = local[r.block]
        fr, nl = cells.labels(r.activity)
        prefix = _ID_PREFIX.get(r.duty, _ID_PREFIX["basic_mission"])
        rows.append(
            (
                (start.timestamp(), 0, r.activity),
                (prefix, r.activity, start),
                _line(
                    cells,
                    week,
                    start,
                    end,
                    activity=r.activity,
                    kind="basic_mission",
                    priority="",
                    officers=r.officers,
                    hours=_fmt_hours(r.hours),
                    qualification=r.qualification,
                    duty=r.duty,
                    pinned="",
                    label_fr=fr,
                    label_nl=nl,
                    note="",
                ),
            )
        )
    for r in plan.commitments.itertuples(index=False):
        kind = "hycap" if r.type == "hycap" else "commitment"
        rows.append(
            (
                (r.start.timestamp(), 1, r.id),
                (_ID_PREFIX[kind], r.id, r.start),
                _line(
                    cells,
                    week,
                    r.start,
                    r.end,
                    activity=r.type,
                    kind=kind,
                    priority="",
                    officers=r.planned_officers,
                    hours=_fmt_hours(r.hours),
                    qualification=r.qualification,
                    duty="lent" if r.type == "hycap" else "on_duty",
                    pinned="",
                    label_fr=r.label,
                    label_nl=r.label,
                    note="",
                ),
            )
        )
    for r in plan.operations.itertuples(index=False):
        rows.append(
            (
                (r.start.timestamp(), 2, r.operation),
                (_ID_PREFIX["priority_operation"], r.operation, r.start),
                _line(
                    cells,
                    week,
                    r.start,
                    r.end,
                    activity=r.operation,
                    kind="priority_operation",
                    priority=r.priority,
                    officers=r.officers,
                    hours=_fmt_hours(r.hours),
                    qualification=r.qualification,
                    duty="on_duty",
                    pinned="yes" if r.pinned else "no",
                    label_fr=r.label_fr,
                    label_nl=r.label_nl,
                    note=r.note,
                ),
            )
        )
    rows.sort(key=lambda row: row[0])  # stable: the crews of one start keep their order
    seen: Counter[str] = Counter()
    lines = []
    for _, (prefix, name, start), values in rows:
        stem = f"{prefix}-{name}-{cells.clock(start)}"
        seen[stem] += 1
        lines.append(values | {"line_id": f"{stem}-{seen[stem]}", "crew_number": seen[stem]})
    return pd.DataFrame(lines, columns=PLAN_COLUMNS)


@dataclass(frozen=True)
class LineChanges:
    """Two plan.csv texts of one week line by line (by `line_id`): lines only the new one
    has, lines only the old one had, and lines in both whose officers or hours differ (old,
    new). Rows are plan.csv's cells, as text."""

    kept: int
    added: tuple[dict[str, str], ...]
    removed: tuple[dict[str, str], ...]
    changed: tuple[tuple[dict[str, str], dict[str, str]], ...]

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare_plan_lines(old: str, new: str) -> LineChanges:
    """What a re-plan changed in plan.csv against a plan issued before (e.g. a validated
    one): the ids are stable, so a line that did not move keeps its id."""

    def rows(text: str) -> dict[str, dict[str, str]]:
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
        return {r["line_id"]: r for r in reader}

    a, b = rows(old), rows(new)
    changed = tuple(
        (a[i], b[i])
        for i in a
        if i in b and (a[i]["officers"], a[i]["hours"]) != (b[i]["officers"], b[i]["hours"])
    )
    return LineChanges(
        kept=sum(1 for i in a if i in b) - len(changed),
        added=tuple(r for i, r in b.items() if i not in a),
        removed=tuple(r for i, r in a.items() if i not in b),
        changed=changed,
    )


def norms_table(plan: Plan) -> pd.DataFrame:
    """norms.csv: the norms (level `legal` / `zone`), then every other obligation of the week
    with its kind in `level` (`hycap`, `commitment`, `pinned`, `floor`) and its id in
    `functionality`, so every shortfall of the plan's status is in the file."""

    table = status_table(plan).rename(columns={"kind": "level", "subject": "functionality"})
    norm = table["level"].isin(LEVELS)  # the basic missions are named by the text layer
    names = table.loc[norm, "functionality"].map(mission_labels)
    table.loc[norm, "label_fr"] = names.str[0]
    table.loc[norm, "label_nl"] = names.str[1]
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
    """CSV text; with `excel`, semicolons and decimal commas for a Belgian spreadsheet.
    Cells and column names are neutralised (names can come from the zone's files too, e.g.
    a comparison's scenario columns)."""
    safe = df.copy()
    for k in range(safe.shape[1]):  # numbers and booleans pass neutralise as they are
        col = safe.iloc[:, k]
        if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
            safe.isetitem(k, pd.Series(_neutralised(col.tolist()), index=col.index, dtype=object))
    safe.columns = safe.columns.map(neutralise)
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


PLAN_FILES = (
    "plan.csv",
    "norms.csv",
    "priorities.csv",
    "waterfall.csv",
    "commitments.csv",
    "explanations.csv",
    "marginal.csv",
)
# Tests only: pause this many seconds at each step of a write and say so on stderr, so that a
# test can kill the process at a known moment.
_PAUSE_ENV = "PLANNER_TEST_WRITE_PAUSE_S"


def write_plan(plan: Plan, out_dir: str | Path, extra: dict[str, str] | None = None) -> list[Path]:
    """Write the plan's files as one set, replacing the previous plan's files as a whole."""
    return write_files(out_dir, export_files(plan) | (extra or {}), replaces=PLAN_FILES)


def _set_folder(path: Path, folders: re.Pattern[str] | None) -> bool:
    """Whether `path` is one of a set's own folders: a real folder named as `folders` says,
    holding files only."""
    return (
        folders is not None
        and folders.fullmatch(path.name) is not None
        and path.is_dir()
        and not path.is_symlink()
        and all(f.is_file() and not f.is_symlink() for f in path.iterdir())
    )


def check_out_dir(
    out_dir: str | Path, folders: re.Pattern[str] | None = None
) -> tuple[str, dict[str, object]] | None:
    """Why `out_dir` cannot be replaced as a whole (None when it can), as a code of
    planner.text.inputs and its values: it must be a folder of files only (and, when a set
    has folders of its own, of such folders: named as `folders` says, holding files only),
    and not the current folder or one above it."""
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        return "out_is_file", {"path": str(out_dir)}
    if Path.cwd().resolve().is_relative_to(out.resolve()):
        return "out_own_folder", {}
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return "out_not_writable", {"path": str(parent)}
    if out.is_dir():
        others = sorted(
            p.name
            for p in out.iterdir()
            if (p.is_symlink() or not p.is_file()) and not _set_folder(p, folders)
        )
        if others:
            return "out_files_only", {"name": others[0]}
    return None


def check_out_file(
    out_file: str | Path, suffixes: tuple[str, ...]
) -> tuple[str, dict[str, object]] | None:
    """Why one output file cannot be written at `out_file` (None when it can), as a code of
    planner.text.inputs and its values: its name ends in one of `suffixes` (without the
    dot, any case), it is not a folder, and the first folder on its path that exists is
    one you can write in (the missing ones are created)."""
    out = Path(out_file).absolute()
    if out.suffix.lower().removeprefix(".") not in suffixes:
        return "out_suffix", {"suffixes": ", ".join(f".{s}" for s in suffixes)}
    if out.is_dir():
        return "out_is_folder", {"path": str(out_file)}
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return "out_is_file", {"path": str(parent)}
    if not os.access(parent, os.W_OK | os.X_OK):
        return "out_not_writable", {"path": str(parent)}
    return None


def write_file(out_file: str | Path, data: bytes) -> Path:
    """Write one file whole: into a temporary file in the same folder, then renamed over
    `out_file`, so a reader (or a run killed at any moment) finds the old file or the new
    one, never half of it."""
    out = Path(out_file).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        _pause(f"wrote {out.name}")
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out


def _pause(stage: str) -> None:
    seconds = float(os.environ.get(_PAUSE_ENV) or 0)
    if seconds > 0:
        print(f"planner-test-pause: {stage}", file=sys.stderr, flush=True)
        time.sleep(seconds)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _siblings(out: Path) -> list[tuple[Path, str, int]]:
    """Folders a write of `out` leaves next to it while it runs: (path, kind, writer pid)."""
    found = []
    pattern = re.compile(re.escape(out.name) + r"\.(tmp|old)-(\d+)-[0-9a-f]+")
    if out.parent.is_dir():
        for p in out.parent.iterdir():
            m = pattern.fullmatch(p.name)
            if m and p.is_dir() and not p.is_symlink():
                found.append((p, m.group(1), int(m.group(2))))
    return found


def clean_stale(out_dir: str | Path) -> None:
    """Remove what killed writes of `out_dir` left next to it. A write killed between its two
    renames (only where the folders cannot be exchanged in one step) left no `out_dir` but
    the old set aside: it is put back first."""
    out = Path(out_dir).absolute()
    stale = [s for s in _siblings(out) if not _pid_alive(s[2]) or s[2] == os.getpid()]
    for path, kind, _ in stale:
        if kind == "old" and not out.exists():
            os.rename(path, out)
    for path, _, _ in stale:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def write_files(
    out_dir: str | Path,
    files: dict[str, str | bytes],
    replaces: tuple[str, ...] | None = None,
    folders: re.Pattern[str] | None = None,
) -> list[Path]:
    """Write `files` (name -> text, or bytes written as they are) as the new content of
    `out_dir`, as one set.

    The set is written into a fresh folder next to `out_dir` and switched in with one
    exchange of the two folders (or, where that is not available, two renames that the next
    run repairs if it was killed in between). Files of the old folder that the new set does
    not replace (`replaces`: the names of the family the set belongs to, by default its own
    names) are carried over, so `compare --out` next to a plan keeps the plan's files.

    With `folders`, a name may be `<folder>/<file>`, the folder named as `folders` says
    (`planner plan --weeks`: one folder per week); the old folder's folders of that kind
    belong to the set and are replaced by the new set's, never carried over."""
    out = Path(out_dir).absolute()
    for name in files:
        head, _, tail = name.rpartition("/")
        if head and (folders is None or not folders.fullmatch(head) or not tail):
            raise ValueError(f"not a name of this set of files: {name!r}")
    problem = check_out_dir(out, folders)
    if problem is not None:
        code, values = problem
        raise InputError([InputIssue("(command line)", None, "--out", str(out_dir), code, values)])
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    superseded = set(files) | set(replaces or ())
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp = out.parent / f"{out.name}.tmp-{token}"
    tmp.mkdir()
    try:
        os.chmod(tmp, 0o755)
        if out.is_dir():
            for old in out.iterdir():
                if old.name not in superseded and not _set_folder(old, folders):
                    try:
                        os.link(old, tmp / old.name)
                    except OSError:
                        shutil.copy2(old, tmp / old.name)
        for name, content in files.items():
            if "/" in name and not (tmp / name).parent.is_dir():
                (tmp / name).parent.mkdir()
                os.chmod((tmp / name).parent, 0o755)
            if isinstance(content, bytes):  # a PDF, say
                with open(tmp / name, "wb") as fh:
                    fh.write(content)
            else:
                with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
                    fh.write(content)
            os.chmod(tmp / name, 0o644)
            _pause(f"wrote {name}")
        _pause("switch")
        if not out.exists():
            os.rename(tmp, out)
        elif _exchange(tmp, out):
            _pause("switched")  # `tmp` now holds the old set
        else:
            aside = out.parent / f"{out.name}.old-{token}"
            os.rename(out, aside)
            _pause("aside")
            os.rename(tmp, out)
            tmp = aside
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [out / name for name in files]


# -- comparison.csv ----------------------------------------------------------------------
_CSV_ROWS = {
    "available": "available hours",
    "absences": "absences hours",
    "basic_missions": "basic missions hours",
    "hycap_and_commitments": "HyCap and commitments hours",
    "capacity_for_priorities": "capacity for priorities hours",
    "short:legal": "legal shortfall hours",
    "short:zone": "zone-standard shortfall hours",
    "short:hycap": "HyCap shortfall hours",
    "short:commitment": "other commitments shortfall hours",
    "short:pinned": "pinned operations shortfall hours",
    "short:floor": "priority floors shortfall hours",
    "unallocated": "unallocated hours",
}


def comparison_table(plans: list[Plan]) -> pd.DataFrame:
    """Scenarios side by side, with differences from the first one (comparison.csv)."""
    values = comparison_values(plans)
    rows = {
        _CSV_ROWS.get(code, f"{code.removeprefix('priority:')} hours"): v
        for code, v in values.items()
    }
    df = pd.DataFrame(rows).T
    first = df.columns[0]
    for col in df.columns[1:]:
        df[f"{col} - {first}"] = df[col] - df[first]
    return df.round(1)
