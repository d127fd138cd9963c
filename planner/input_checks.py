"""Input/output layer: checks of a zone folder that span files, used by `planner.zone_io`.

- the files of the zone folder and its week folders: a file the planner does not read
  (a misspelt or wrongly cased name) is an error for .csv/.toml, a warning otherwise, with
  the nearest name the planner does read; in `actuals/`, a .csv file must be named after
  its ISO week (2026-W48.csv);
- the sane range of every number in the inputs (LIMITS), so that no value, however large,
  reaches the solver or a date computation;
- qualification codes: a code asked for that nobody holds and the zone does not list is an
  error naming the nearest known code; a known code nobody holds is a warning;
- one problem, one message: an invalid row that other rows name (a team of teams.csv, an
  officer of staff.csv) says how many rows refer to it, instead of one message per row.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from planner.errors import Collector
from planner.sanity import InputWarning
from planner.timegrid import parse_week, week_label

# -- the files the planner reads ---------------------------------------------------------
ZONE_FILES = (
    "zone.toml",
    "staff.csv",
    "teams.csv",
    "priorities.toml",
    "scenarios.toml",
    "on_call.csv",
    "pzs.toml",  # read by planner.year.pzs, not by load_zone
)
# a [solver] settings file is read only when given with --solver-config; keeping it next to
# the zone's files is allowed
ZONE_EXTRA = ("solver.toml",)
WEEK_FILES = ("on_duty.csv", "absences.csv", "commitments.csv", "pinned.csv", "on_call.csv")
WEEKS_DIR = "weeks"
# what was done each week, one file named after its ISO week: actuals/2026-W48.csv
# (planner.year.actuals)
ACTUALS_DIR = "actuals"
# files the planner would read if they were named right: a wrong name is an error
READ_SUFFIXES = (".csv", ".toml")

# -- sane ranges (docs/data-format.md, the tables of each file) --------------------------
MAX_STAFF = 100_000  # staff rows, staff added or removed by a scenario, counts of officers
MAX_INHABITANTS = 2_000_000  # zone.inhabitants, inhabitants per neighbourhood inspector
MAX_WEIGHT = 1_000  # priority weights (priorities.toml, scenarios.toml)
# operation.max_per_day: crews a day; generated zones use staff / 2, the demo 150, so the
# bound is the staff limit (no more crews a day than officers)
MAX_PER_DAY = MAX_STAFF
MAX_HOURS = 100_000  # floors, caps and other hour figures, in hours
MAX_YEAR_HOURS = 10_000_000  # hycap.used_hours_ytd
MAX_TEAM_SIZE = 100  # norms.intervention_team_size
MAX_WEEK_HOURS = 168  # norms.neighbourhood_weekly_hours
MAX_DAY_HOURS = 24 * 100  # norms.investigation_hours_per_day (person-hours in a day)
MAX_SEED = 2**31 - 1  # zone.seed
MAX_CYCLE_DAYS = 1_000  # entries of a teams.csv cycle
OPEN_ENDED_YEAR = 9999  # an end date in this year means "until further notice"

# [norms] keys whose range is not the default for their kind (counts: 0..MAX_STAFF,
# hour figures: 0..MAX_HOURS, shares: 0..1)
NORM_LIMITS = {
    "neighbourhood_inhabitants_per_inspector_legal": MAX_INHABITANTS,
    "neighbourhood_inhabitants_per_inspector_zone": MAX_INHABITANTS,
    "neighbourhood_weekly_hours": MAX_WEEK_HOURS,
    "intervention_team_size": MAX_TEAM_SIZE,
    "investigation_hours_per_day": MAX_DAY_HOURS,
}


def norm_limit(key: str, integer: bool) -> float:
    """The largest value a [norms] number may take."""
    return NORM_LIMITS.get(key, MAX_STAFF if integer else MAX_HOURS)


# -- names ---------------------------------------------------------------------------------
def nearest(name: str, known: tuple[str, ...] | list[str] | set[str]) -> str | None:
    """The known name closest to `name`: the same name in another case first, then the most
    similar one (difflib), or None when nothing is close."""
    known = sorted(known)
    folded = {k.casefold(): k for k in known}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:  # compare without case: 'ABSENCES_CSV.csv' is still absences.csv
        hit = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
        close = [folded[hit[0]]] if hit else []
    return close[0] if close else None


def _ignored(path: Path) -> bool:
    """Hidden files, editors' lock and backup files: never the user's data."""
    n = path.name
    return n.startswith((".", "~$", "~")) or n.endswith("~") or n in ("Thumbs.db", "desktop.ini")


def check_folder_files(root: Path, rel, errors: Collector) -> list[InputWarning]:
    """Every file of the zone folder, of `weeks/` and of each week folder that the planner
    does not read: an error for a .csv or .toml file (the planner would read it under its
    right name), a warning for any other file. `rel` names a path in messages."""
    warnings: list[InputWarning] = []

    def report(path: Path, known: tuple[str, ...], place: str, misplaced: tuple[str, ...]):
        """`place` is "zone_folder" or "week_folder": where the file lies."""
        near = nearest(path.name, known)
        if path.suffix.casefold() in READ_SUFFIXES:
            if path.name in misplaced:
                errors.add(
                    rel(path),
                    None,
                    "(file name)",
                    path.name,
                    "file_misplaced",
                    place=place,
                    example=f"{WEEKS_DIR}/2026-W49/{path.name}",
                )
            elif near:
                errors.add(
                    rel(path),
                    None,
                    "(file name)",
                    path.name,
                    "file_name_near",
                    place=place,
                    near=near,
                    case=near.casefold() == path.name.casefold(),
                )
            else:
                errors.add(
                    rel(path),
                    None,
                    "(file name)",
                    path.name,
                    "file_name",
                    place=place,
                    options=known,
                )
        else:
            warnings.append(
                InputWarning(
                    "file_not_read_near" if near else "file_not_read",
                    path.name,
                    {},
                    rel(path),
                    detail=near or "",
                )
            )

    zone_known = ZONE_FILES + ZONE_EXTRA
    for path in sorted(root.iterdir()):
        if _ignored(path):
            continue
        if path.is_dir():
            if path.name != WEEKS_DIR and _is_week(path.name):
                errors.add(
                    rel(path),
                    None,
                    "(folder name)",
                    path.name,
                    "week_folder_inside",
                    path=f"{WEEKS_DIR}/{path.name}",
                )
            elif path.name == ACTUALS_DIR:
                _check_actuals_files(path, rel, errors, warnings)
            elif path.name != WEEKS_DIR and nearest(path.name, (WEEKS_DIR,)):
                errors.add(
                    rel(path), None, "(folder name)", path.name, "weeks_folder_name", name=WEEKS_DIR
                )
            continue
        if path.name not in zone_known:
            report(path, ZONE_FILES, "zone_folder", WEEK_FILES)
    weeks = root / WEEKS_DIR
    if not weeks.is_dir():
        return warnings
    for path in sorted(weeks.iterdir()):
        if _ignored(path):
            continue
        if path.is_dir():
            if not _is_week(path.name):
                continue  # its name is reported by load_zone
            for inner in sorted(path.iterdir()):
                if not _ignored(inner) and not inner.is_dir() and inner.name not in WEEK_FILES:
                    report(inner, WEEK_FILES, "week_folder", ZONE_FILES)
        elif path.suffix.casefold() in READ_SUFFIXES:
            errors.add(
                rel(path),
                None,
                "(file name)",
                path.name,
                "dated_file_in_week",
                example=f"{WEEKS_DIR}/2026-W49/{path.name}",
            )
        else:
            warnings.append(InputWarning("file_not_read", path.name, {}, rel(path)))
    return warnings


def _check_actuals_files(folder: Path, rel, errors: Collector, warnings: list) -> None:
    """The files of `actuals/`: each .csv named after its ISO week as written by the planner
    (2026-W48.csv); another .csv or .toml file is an error, any other file a warning."""
    for path in sorted(folder.iterdir()):
        if _ignored(path) or path.is_dir():
            continue
        suffix = path.suffix.casefold()
        if suffix not in READ_SUFFIXES:
            warnings.append(InputWarning("file_not_read", path.name, {}, rel(path)))
            continue
        try:
            label = week_label(*parse_week(path.stem))
        except ValueError:
            label = ""
        if suffix == ".csv" and path.name == f"{label}.csv":
            continue
        errors.add(
            rel(path),
            None,
            "(file name)",
            path.name,
            "week_file_name",
            example=f"{ACTUALS_DIR}/{label or '2026-W48'}.csv",
        )


def _is_week(name: str) -> bool:
    try:
        parse_week(name)
    except ValueError:
        return False
    return True


# -- one problem, one message --------------------------------------------------------------
class References:
    """Rows that name a row of another file, counted per (kind, name) and per file, so that
    the message of an invalid row can say how many rows refer to it."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, kind: str, name: str, file: str) -> None:
        self.counts[(kind, name)][file] += 1

    def note(self, errors: Collector, file: str, kind: str, invalid: dict[str, int]) -> None:
        """Give the first issue of each invalid row of `file` (name -> row) that other rows
        name the values `referred_by` ((file, rows) pairs) and `kind` ("team", "officer"):
        the message says "N rows of <file> refer to this <kind>"."""
        for name, row in invalid.items():
            counts = self.counts.get((kind, name))
            if not counts:
                continue
            for k, issue in enumerate(errors.issues):
                if issue.file == file and issue.row == row:
                    errors.issues[k] = replace(
                        issue,
                        values={
                            **issue.values,
                            "referred_by": tuple(sorted(counts.items())),
                            "kind": kind,
                        },
                    )
                    break


# -- qualification codes -------------------------------------------------------------------
class Qualifications:
    """The qualification codes of a zone: those held by someone in staff.csv (any row), the
    norms' on-call codes and the codes listed in `[zone] qualifications`."""

    def __init__(self, held: set[str], listed: set[str]) -> None:
        self.held = held
        self.known = held | listed
        self.warnings: list[InputWarning] = []
        self._warned: set[tuple[str, str]] = set()

    def check(self, errors: Collector, file: str, row: int | None, fld: str, code: str) -> bool:
        """True when `code` is known; an error naming the nearest known code when not; a
        warning (once per code and file) when it is known but nobody holds it."""
        if code in self.known:
            if code not in self.held and (code, file) not in self._warned:
                self._warned.add((code, file))
                self.warnings.append(InputWarning("qualification_not_held", code, {}, file, row))
            return True
        near = nearest(code, self.known) or ""
        errors.add(
            file,
            row,
            fld,
            code,
            "known_qualification",
            near=near,
            case=bool(near) and near.casefold() == code.casefold(),
        )
        return False


__all__ = ["Qualifications", "References", "check_folder_files", "nearest"]
