"""Input/output layer: read and validate a zone folder into `planner.domain` objects.

Every problem is collected with its file, row, field, value and what was expected, and all
problems of the folder are raised together as one `InputError`. The folder layout and every
field are documented in docs/data-format.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
import tomllib
import unicodedata
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.domain import (
    ABSENCE_TYPES,
    CALOG_GRADES,
    CALOG_MAY_STAFF,
    COMMITMENT_TYPES,
    LABEL_FALLBACK,
    OPERATIONAL_GRADES,
    PERCENT_BASES,
    PRIORITY_IDS,
    Absence,
    Commitment,
    DutyInterval,
    Labels,
    Norms,
    Officer,
    OnCall,
    OnCallRota,
    OperationType,
    PinnedOperation,
    Priority,
    Scenario,
    Staffing,
    Team,
    TimeWindow,
    WeekInputs,
    Zone,
    ZoneSettings,
)
from planner.errors import Collector, DomainError, InputError, InputIssue
from planner.input_checks import (
    MAX_CYCLE_DAYS,
    MAX_HOURS,
    MAX_INHABITANTS,
    MAX_PER_DAY,
    MAX_SEED,
    MAX_STAFF,
    MAX_WEIGHT,
    MAX_YEAR_HOURS,
    OPEN_ENDED_YEAR,
    Qualifications,
    References,
    check_folder_files,
    norm_limit,
)
from planner.sanity import InputWarning
from planner.timegrid import TimeFormatError, parse_clock, parse_days, parse_week, week_label

_STAFF_COLUMNS = ("id", "unit", "team", "grade", "contract_hours", "qualifications")
_TEAM_COLUMNS = ("team", "anchor", "cycle")
_DUTY_COLUMNS = ("officer", "start", "end")
_ABSENCE_COLUMNS = ("officer", "type", "start", "end")
_COMMITMENT_COLUMNS = ("id", "type", "start", "end", "officers", "qualification", "label")
_PINNED_COLUMNS = ("operation", "start", "note")
_ROTA_COLUMNS = ("officer", "team")
ZONE_FILE_SUFFIXES = (".toml", ".csv", ".md", ".txt")  # the file types a zone folder holds
_LANGUAGE = re.compile(r"[a-z]{2}")  # a language code of a label: fr, nl, en, de


# -- reading CSV files as people and spreadsheets write them (docs/data-format.md, section 2) --
CSV_FIELD_LIMIT = 128 * 1024  # characters in one CSV value; a longer value is an issue
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon"}
# refused in a CSV value: control characters (NUL, line breaks; a tab is allowed), the line
# and paragraph separators, bidirectional-text controls and marks, a byte-order mark
_REFUSED_CHARS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_CHAR_NAMES = {"\x00": "NUL", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}
# numbers as text: ASCII digits, one optional sign, one decimal separator, optional exponent
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL_POINT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}\.[0-9]{3}")  # '1.000' in a semicolon file: 1 or 1000?
_DAY_FIRST = re.compile(
    r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"
    r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)


class _Lines:
    """The lines of an open text file, keeping those handed out since `taken` was cleared:
    the csv module joins lines into one record when a double quote opens a value, and these
    show which lines a record took."""

    def __init__(self, lines):
        self._lines = iter(lines)
        self.taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def _header_separator(header: str) -> tuple[str, str | None]:
    """The separator the header row uses, and the code of what was expected when it cannot
    tell."""
    found = [sep for sep in _SEPARATOR_NAMES if sep in header]
    if len(found) > 1:
        return ",", "one_separator"
    if not found and "\t" in header:
        return ",", "separator_not_tab"
    return (found[0] if found else ","), None


def _count_values(n: int, sep: str, line: str) -> dict[str, object]:
    """The values of a "value_count" issue: a row with the wrong number of values was
    expected to hold `count`; `mixed` when the row fits the other separator (a file that
    mixes them)."""
    other = ";" if sep == "," else ","
    try:
        fields_other = next(csv.reader([line], delimiter=other))
    except (csv.Error, StopIteration):
        fields_other = []
    return {"count": n, "separator": _SEPARATOR_NAMES[sep], "mixed": len(fields_other) == n}


def _unmarked(value: str) -> str:
    """A value without the apostrophe the planner's own CSV files put before a cell that a
    spreadsheet would run as a formula (planner.export.neutralise): a team cycle '- - E E'
    is downloaded as "'- - E E" and must load back as it was."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


def _refused(char: str) -> dict[str, str]:
    """The values of a "refused_char" issue: the character's code point and Unicode name."""
    name = _CHAR_NAMES.get(char) or unicodedata.name(char, "CONTROL CHARACTER")
    return {"code_point": f"U+{ord(char):04X}", "char_name": name}


class _NotANumber(ValueError):
    """Text that is not a number as the files write them; `hint` is the code of why, or
    empty."""

    def __init__(self, hint: str = ""):
        super().__init__(hint)
        self.hint = hint


def _number_text(text: str, integer: bool, decimal_comma: bool) -> float | int:
    """`text` as a number. float() and int() take more than the files may hold ('1_000',
    full-width digits): only ASCII digits, a sign, one decimal separator and an exponent
    (decimals only) are read here; a decimal comma only when `decimal_comma`."""
    if integer:
        if _INTEGER.fullmatch(text):
            return int(text)
    elif _DECIMAL_POINT.fullmatch(text):
        if decimal_comma and _THOUSANDS.fullmatch(text):
            raise _NotANumber("decimal_comma_thousands")
        return float(text)
    elif decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    if any(c.isdigit() and not c.isascii() for c in text):
        raise _NotANumber("ascii_digits")
    if "_" in text:
        raise _NotANumber("no_underscore")
    if not decimal_comma and _DECIMAL_COMMA.fullmatch(text) and "," in text:
        raise _NotANumber("decimal_point")
    raise _NotANumber()


class _BadDate(ValueError):
    """Text that is not a date as the files write them; `hint` is the code of why (or empty)
    and `values` its figures."""

    def __init__(self, hint: str = "", **values: object):
        super().__init__(hint)
        self.hint = hint
        self.values = values


def _date_or_time(text: str) -> dt.date | dt.datetime:
    """A bare date (date) or a date-time (datetime, with or without offset) written in ISO
    8601 or day-first as dd/mm/yyyy [hh:mm[:ss]]; _BadDate with a hint code, or none, if
    not."""
    if not text.isascii():
        raise _BadDate()
    if "/" in text:
        return _day_first(text)
    try:
        return dt.date.fromisoformat(text)  # 20261206 and 2026-W49-7 are dates too
    except ValueError:
        pass
    return dt.datetime.fromisoformat(text)


def _day_first(text: str) -> dt.date | dt.datetime:
    m = _DAY_FIRST.fullmatch(text)
    if not m:
        raise _BadDate("day_first_year")
    day, month, year = int(m[1]), int(m[2]), int(m[3])
    if month > 12:
        raise _BadDate("day_first_month", month=month)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise _BadDate("day_first_day", day=day, month=month, year=year) from None
    if m[4] is None:
        return date
    try:
        return dt.datetime(year, month, day, int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        raise _BadDate("time_of_day") from None


class _Reader:
    """Shared helpers that parse one value and record an issue instead of raising."""

    def __init__(self, root: Path, errors: Collector):
        self.root = root
        self.errors = errors
        self.notes: list[InputWarning] = []  # e.g. a CSV file read as Windows-1252
        self.semicolon_files: set[str] = set()  # CSV files whose numbers may have a decimal comma

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    # -- files -------------------------------------------------------------------------
    def toml(self, path: Path, required: bool = True) -> dict[str, Any] | None:
        if not path.exists():
            if required:
                self.errors.add(self.rel(path), None, "(file)", "", "file_exists")
            return None
        try:
            # utf-8-sig: a byte-order mark written by an editor is dropped
            return tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.errors.add(self.rel(path), None, "(file)", str(exc), "toml")
            return None
        except RecursionError:  # thousands of nested arrays or tables
            self.errors.add(self.rel(path), None, "(file)", "", "toml_nesting")
            return None

    def csv_rows(
        self, path: Path, columns: tuple[str, ...], required: bool = True, optional=()
    ) -> list[tuple[int, dict[str, str]]]:
        """The data rows as (row number, {column: trimmed value}). The separator (comma or
        semicolon) comes from the header row, the encoding from the bytes (UTF-8, with or
        without byte-order mark, else Windows-1252 with a note). A file whose lines do not
        match its records (a double quote that joins lines) gives no rows at all."""
        name = self.rel(path)
        if not path.exists():
            if required:
                self.errors.add(name, None, "(file)", "", "file_exists")
            return []
        encoding = self.csv_encoding(path.read_bytes(), name)
        if encoding is None:
            return []
        csv.field_size_limit(CSV_FIELD_LIMIT)
        with path.open(encoding=encoding, newline="") as fh:
            return self._csv_table(fh, name, columns, optional)

    def csv_text_rows(
        self, text: str, name: str, columns: tuple[str, ...], optional=(), fold_case=False
    ) -> list[tuple[int, dict[str, str]]]:
        """`csv_rows` for CSV text already decoded (a file given on the command line, a
        file kept in the store), named `name` in issues. With `fold_case`, column names are
        read without case ('Date' is date)."""
        csv.field_size_limit(CSV_FIELD_LIMIT)
        fh = io.StringIO(text.removeprefix("\ufeff"), newline="")
        return self._csv_table(fh, name, columns, optional, fold_case)

    def csv_encoding(self, data: bytes, name: str) -> str | None:
        """The encoding of a CSV file's bytes: UTF-8 (a byte-order mark dropped), else
        Windows-1252 with a note; None, with an issue, when it is neither."""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.errors.add(name, None, "(file)", "", "csv_utf16")
            return None
        try:
            data.decode("utf-8")
            return "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            if data.startswith(b"\xef\xbb\xbf"):  # says UTF-8, but is not: two encodings
                self.errors.add(name, None, "(file)", str(exc), "csv_utf8_bom", line=line)
                return None
        try:
            data.decode("cp1252")
        except UnicodeDecodeError as exc:
            self.errors.add(name, None, "(file)", str(exc), "csv_encoding")
            return None
        self.notes.append(
            InputWarning("csv_read_as_windows_1252", Path(name).name, {"line": line}, name)
        )
        return "cp1252"

    def _csv_table(
        self, fh, name: str, columns: tuple[str, ...], optional, fold_case: bool = False
    ) -> list:
        first = fh.readline()
        if not first:
            self.errors.add(name, None, "(header)", "", "csv_columns", columns=columns)
            return []
        sep, problem = _header_separator(first.rstrip("\r\n"))
        if problem:
            self.errors.add(name, None, "(header)", first.rstrip("\r\n"), problem)
            return []
        if sep == ";":
            self.semicolon_files.add(name)
        records = self._csv_records(name, _Lines(itertools.chain([first], fh)), sep)
        if records is None:
            return []
        header = [h.strip().casefold() if fold_case else h.strip() for h in records[0][1]]
        joined = sep.join(header)
        for h in header:
            if bad := _REFUSED_CHARS.search(h):
                self.errors.add(name, None, "(header)", h, "refused_char", **_refused(bad.group()))
                return []
        twice = [h for h in dict.fromkeys(header) if h and header.count(h) > 1]
        if twice:
            self.errors.add(
                name,
                None,
                "(header)",
                joined,
                "unique_columns",
                counts=tuple((h, header.count(h)) for h in twice),
            )
            return []
        missing = [c for c in columns if c not in header and c not in optional]
        if missing:
            self.errors.add(name, None, "(header)", joined, "csv_columns", columns=columns)
            return []
        rows = []
        for line, values, text in records[1:]:
            number = line - 1  # data rows count from 1; the header is line 1
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                self.errors.add(
                    name,
                    number,
                    "(row)",
                    sep.join(values),
                    "value_count",
                    **_count_values(len(header), sep, text),
                )
                continue
            ok = True
            for h, v in zip(header, values, strict=True):
                if bad := _REFUSED_CHARS.search(v):
                    self.errors.add(name, number, h, v, "refused_char", **_refused(bad.group()))
                    ok = False
            if ok:
                rows.append(
                    (number, {h: _unmarked(v.strip()) for h, v in zip(header, values, strict=True)})
                )
        return rows

    def _csv_records(self, name: str, lines: _Lines, sep: str) -> list | None:
        """(line, values, line text) per record, each on one line of the file; None, with the
        issues, when a quoted value runs over lines, is not closed, or is too long."""
        reader = csv.reader(lines, delimiter=sep, strict=True)
        records = []
        broken = False
        end = 0  # the last line of the previous record
        while True:
            lines.taken.clear()
            start = end + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self._csv_error(name, start, reader.line_num, lines.taken, exc)
                return None
            end = reader.line_num
            text = lines.taken[0].rstrip("\r\n") if lines.taken else ""
            if end > start:  # a stray quote, or a line break inside a quoted value
                self.errors.add(
                    name,
                    start - 1 or None,
                    "(row)" if start > 1 else "(header)",
                    text,
                    "quote_runs",
                    start=start,
                    end=end,
                )
                broken = True
                continue
            records.append((start, values, text))
        return None if broken or not records else records

    def _csv_error(
        self, name: str, start: int, line: int, taken: list[str], exc: csv.Error
    ) -> None:
        text = taken[0].rstrip("\r\n") if taken else ""
        row, fld = (start - 1, "(row)") if start > 1 else (None, "(header)")
        if "field larger" in str(exc):
            self.errors.add(name, row, fld, text, "value_length", limit=CSV_FIELD_LIMIT, line=start)
        elif "end of data" in str(exc):
            self.errors.add(name, row, fld, text, "quote_to_end", start=start)
        elif line > start:
            self.errors.add(name, row, fld, text, "quote_not_closed", start=start, line=line)
        else:
            self.errors.add(name, row, fld, text, "quoting", line=start)

    # -- structure ---------------------------------------------------------------------
    def table(self, file, row, fld, value) -> dict[str, Any]:
        """`value` if it is a TOML table; otherwise an issue and an empty table, so that a
        `norms = 3` is reported instead of crashing the reader."""
        if isinstance(value, dict):
            return value
        self.errors.add(file, row, fld, value, "table")
        return {}

    def array(self, file, row, fld, value, expected: str = "list", **values) -> list[Any]:
        if isinstance(value, list):
            return value
        self.errors.add(file, row, fld, value, expected, **values)
        return []

    # -- values ------------------------------------------------------------------------
    def number(self, file, row, fld, value, lo=None, hi=None, integer=False):
        """A number (int with `integer`), or an issue and None. Text (a CSV value, a TOML
        string) must be a plain number: see `_number_text`; in a CSV file separated by
        semicolons the decimal separator may be a comma."""
        kind = "whole_number" if integer else "number"
        try:
            if isinstance(value, str):
                x = _number_text(value.strip(), integer, file in self.semicolon_files)
            elif isinstance(value, bool) or (
                integer and isinstance(value, float) and not value.is_integer()
            ):
                raise ValueError  # no silent truncation of 6.7 to 6
            else:
                x = int(value) if integer else float(value)
            if not math.isfinite(x):
                raise ValueError  # 'nan' and 'inf' pass float() and every range check
        except (TypeError, ValueError, OverflowError) as exc:
            hint = exc.hint if isinstance(exc, _NotANumber) else ""
            self.errors.add(file, row, fld, value, kind, hint=hint)
            return None
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.errors.add(file, row, fld, value, "range", min=lo, max=hi)
            return None
        return x

    def clock(self, file, row, fld, value, past_midnight=False):
        try:
            return parse_clock(value, past_midnight)
        except TimeFormatError as exc:
            self.errors.add(file, row, fld, value, exc.code, **exc.values)
            return None

    def window(self, file, row, fld, spec) -> TimeWindow | None:
        if not isinstance(spec, dict) or not {"days", "start", "end"} <= set(spec):
            self.errors.add(file, row, fld, spec, "window_table")
            return None
        try:
            days = parse_days(spec["days"])
        except TimeFormatError as exc:
            self.errors.add(file, row, f"{fld}.days", spec["days"], exc.code, **exc.values)
            return None
        start = self.clock(file, row, f"{fld}.start", spec["start"])
        end = self.clock(file, row, f"{fld}.end", spec["end"], past_midnight=True)
        months = spec.get("months", [])
        if not isinstance(months, list) or any(
            not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12 for m in months
        ):
            self.errors.add(file, row, f"{fld}.months", months, "months")
            return None
        if start is None or end is None:
            return None
        if end <= start:
            self.errors.add(
                file,
                row,
                f"{fld}.end",
                spec["end"],
                "end_after_start",
                start=spec["start"],
                past_midnight=True,
            )
            return None
        return TimeWindow(days, start, end, tuple(sorted(months)))

    def windows(self, file, row, fld, spec) -> tuple[TimeWindow, ...] | None:
        """One window table, or a non-empty list of them (`reception_window`)."""
        if isinstance(spec, dict):
            w = self.window(file, row, fld, spec)
            return None if w is None else (w,)
        if not isinstance(spec, list) or not spec:
            self.errors.add(file, row, fld, spec, "windows")
            return None
        got = [self.window(file, row, f"{fld}[{k}]", w) for k, w in enumerate(spec)]
        return None if None in got else tuple(got)

    def instant(
        self, file, row, fld, value, tz: ZoneInfo, date_end=False, day_start_minute: int = 0
    ) -> dt.datetime | None:
        """A date or date-time (ISO, or day-first dd/mm/yyyy [hh:mm]), local (zone time) or
        with offset, as an aware datetime.

        A bare date means the operational day: it starts at the zone's day_start (07:00), and
        with `date_end` the inclusive day ends at the next day's day_start, so an absence on
        Sunday does not take the officer off Saturday's night shift.
        """
        try:
            when = _date_or_time(str(value).strip())
        except ValueError as exc:
            hint, values = (exc.hint, exc.values) if isinstance(exc, _BadDate) else ("", {})
            self.errors.add(file, row, fld, value, "iso_datetime", hint=hint, **values)
            return None
        if isinstance(when, dt.datetime):
            return when if when.tzinfo else when.replace(tzinfo=tz)
        day = when + dt.timedelta(days=1) if date_end else when
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=day_start_minute)
        return start.replace(tzinfo=tz)

    def date(self, file, row, fld, value) -> dt.date | None:
        """A bare date, ISO (YYYY-MM-DD) or day-first (dd/mm/yyyy), or an issue and None."""
        try:
            when = _date_or_time(str(value).strip())
            if isinstance(when, dt.datetime):
                raise _BadDate()
        except ValueError as exc:
            hint, values = (exc.hint, exc.values) if isinstance(exc, _BadDate) else ("", {})
            self.errors.add(file, row, fld, value, "iso_date", hint=hint, **values)
            return None
        return when


# keys of [norms] that name a Norms field under another name (the reader's older spelling)
NORM_ALIASES = {"reception_window": "reception_windows"}


def norm_field(key: str) -> str:
    """The Norms field a [norms] key sets (`reception_window` sets `reception_windows`)."""
    return NORM_ALIASES.get(key, key)


def _as_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _read_settings(r: _Reader, root: Path) -> ZoneSettings | None:
    path = root / "zone.toml"
    data = r.toml(path)
    if data is None:
        return None
    f = r.rel(path)
    errs = r.errors
    shape_issues = len(errs.issues)
    zone = r.table(f, None, "zone", data.get("zone", {}))
    grid = r.table(f, None, "grid", data.get("grid", {}))
    shifts_data = r.table(f, None, "shifts", data.get("shifts", {}))
    norms_data = r.table(f, None, "norms", data.get("norms", {}))
    staffing_data = r.table(f, None, "staffing", data.get("staffing", {}))
    cap = r.table(f, None, "capacity", data.get("capacity", {}))
    hycap = r.table(f, None, "hycap", data.get("hycap", {}))
    bad_shape = len(errs.issues) > shape_issues  # e.g. `norms = 3`: no settings to build
    name = zone.get("name")
    if not isinstance(name, str) or not name.strip():
        errs.add(f, None, "zone.name", name, "non_empty_name")
    inhabitants = r.number(
        f, None, "zone.inhabitants", zone.get("inhabitants"), 1, MAX_INHABITANTS, integer=True
    )
    tz_name = zone.get("timezone", "Europe/Brussels")
    try:
        ZoneInfo(str(tz_name))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder
        errs.add(f, None, "zone.timezone", tz_name, "time_zone")
        tz_name = "Europe/Brussels"
    block_hours = r.number(f, None, "grid.block_hours", grid.get("block_hours", 4), 1, 12, True)
    if block_hours and 24 % block_hours:
        errs.add(f, None, "grid.block_hours", block_hours, "divisor_of_24")
        block_hours = None
    day_start = r.clock(f, None, "grid.day_start", grid.get("day_start", "07:00"))
    shifts: dict[str, tuple[int, int]] = {}
    exceptions: set[str] = set()
    for code, spec in shifts_data.items():
        if isinstance(spec, dict):  # { time = "07:00-21:00", exception = true }
            flag = spec.get("exception", False)
            if not isinstance(flag, bool) or set(spec) - {"time", "exception"}:
                errs.add(f, None, f"shifts.{code}", spec, "shift_table")
                continue
            if flag:
                exceptions.add(code)
            spec = spec.get("time")
        if code == "-" or not isinstance(spec, str) or "-" not in spec:
            errs.add(f, None, f"shifts.{code}", spec, "shift_hours")
            continue
        a, b = spec.split("-", 1)
        start, end = r.clock(f, None, f"shifts.{code}", a), r.clock(f, None, f"shifts.{code}", b)
        if start is None or end is None:
            continue
        if end <= start:
            end += 24 * 60  # a night shift ends the next morning
        shifts[code] = (start, end)

    norms = _read_norms(r, f, norms_data)
    staffing_kwargs = {}
    for fd in fields(Staffing):
        if fd.name in staffing_data:
            value = staffing_data[fd.name]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errs.add(f, None, f"staffing.{fd.name}", value, "unit_list")
            elif fd.name == "calog" and not set(value) <= set(CALOG_MAY_STAFF):
                errs.add(
                    f, None, "staffing.calog", value, "calog_missions", options=CALOG_MAY_STAFF
                )
            else:
                staffing_kwargs[fd.name] = _as_tuple(value)
    for key in staffing_data:
        if key not in {fd.name for fd in fields(Staffing)}:
            errs.add(
                f,
                None,
                f"staffing.{key}",
                key,
                "one_of",
                options=tuple(fd.name for fd in fields(Staffing)),
            )
    share = r.number(f, None, "hycap.yearly_share", hycap.get("yearly_share", 0.013), 0, 1)
    used = r.number(
        f, None, "hycap.used_hours_ytd", hycap.get("used_hours_ytd", 0), 0, MAX_YEAR_HOURS
    )
    net = r.number(
        f,
        None,
        "capacity.net_productive_hours_per_year",
        cap.get("net_productive_hours_per_year", 1500),
        1,
        8784,
    )
    full_time = r.number(f, None, "capacity.full_time_hours", cap.get("full_time_hours", 38), 1, 60)
    seed = r.number(f, None, "zone.seed", zone.get("seed", 1), 0, MAX_SEED, integer=True)
    communes = r.array(f, None, "zone.communes", zone.get("communes", []), "name_list")
    language = zone.get("language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        errs.add(f, None, "zone.language", language, "language_code")
        language = None
    qualifications = zone.get("qualifications", [])
    if not isinstance(qualifications, list) or not all(
        isinstance(q, str) and q.strip() for q in qualifications
    ):
        errs.add(f, None, "zone.qualifications", qualifications, "qualification_list")
        qualifications = []
    if (
        bad_shape
        or None in (inhabitants, block_hours, day_start, share, used, net, full_time, seed)
        or norms is None
    ):
        return None
    if day_start % (60 * block_hours) and day_start % 60:
        errs.add(f, None, "grid.day_start", grid.get("day_start"), "whole_hour")
        return None
    return ZoneSettings(
        name=str(name),
        inhabitants=int(inhabitants),
        communes=_as_tuple(communes),
        timezone=str(tz_name),
        block_hours=int(block_hours),
        day_start_minute=int(day_start),
        shifts=shifts,
        shift_exceptions=frozenset(exceptions & set(shifts)),
        norms=norms,
        staffing=Staffing(**staffing_kwargs),
        hycap_yearly_share=float(share),
        hycap_used_hours_ytd=float(used),
        net_productive_hours_per_year=float(net),
        full_time_hours=float(full_time),
        seed=int(seed),
        qualifications=tuple(q.strip() for q in qualifications),
        language=language,
    )


def _read_norms(r: _Reader, f: str, data: dict[str, Any], prefix: str = "norms") -> Norms | None:
    return apply_norm_overrides(r, f, Norms(), data, prefix)


def apply_norm_overrides(r: _Reader, f: str, base: Norms, data: dict, prefix: str) -> Norms | None:
    """Return `base` with the fields in `data` replaced, each checked against its type."""
    kwargs: dict[str, Any] = {}
    known = {fd.name: fd for fd in fields(Norms)}
    ok = True
    for written, value in data.items():
        fld = f"{prefix}.{written}"
        key = norm_field(written)
        if key not in known:
            r.errors.add(f, None, fld, written, "known_norm")
            ok = False
            continue
        if key in kwargs:  # reception_window and reception_windows both written
            names = tuple(sorted({key, *(a for a, k in NORM_ALIASES.items() if k == key)}))
            r.errors.add(f, None, fld, written, "only_one_of", options=names)
            ok = False
            continue
        current = getattr(base, key)
        if key == "reception_windows":
            ws = r.windows(f, None, fld, value)
            ok &= ws is not None
            kwargs[key] = ws
        elif isinstance(current, TimeWindow):
            w = r.window(f, None, fld, value)
            ok &= w is not None
            kwargs[key] = w
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                r.errors.add(f, None, fld, value, "boolean")
                ok = False
            kwargs[key] = value
        elif key.endswith("_minute"):
            m = r.clock(f, None, fld, value, past_midnight=True)
            ok &= m is not None
            kwargs[key] = m
        elif key == "percent_base":
            if value not in PERCENT_BASES:
                r.errors.add(f, None, fld, value, "one_of", options=PERCENT_BASES)
                ok = False
            kwargs[key] = value
        elif isinstance(current, str):
            kwargs[key] = str(value)
        elif isinstance(current, int):
            x = r.number(f, None, fld, value, 0, norm_limit(key, True), integer=True)
            ok &= x is not None
            kwargs[key] = x
        else:
            hi = 1 if key.endswith("share") or "share_" in key else norm_limit(key, False)
            x = r.number(f, None, fld, value, 0, hi)
            ok &= x is not None
            kwargs[key] = x
    if not ok:
        return None
    try:
        norms = replace(base, **kwargs)
    except DomainError as exc:  # a rule of the norms themselves (planner.domain.Norms)
        r.errors.add(f, None, f"{prefix}.{exc.field}", exc.value, exc.expected, **exc.values)
        return None
    if norms.reception_officers_zone < norms.reception_officers_legal:
        r.errors.add(
            f,
            None,
            f"{prefix}.reception_officers_zone",
            norms.reception_officers_zone,
            "legal_minimum",
            legal=norms.reception_officers_legal,
        )
    if norms.traffic_share_zone < norms.traffic_share_legal:
        r.errors.add(
            f,
            None,
            f"{prefix}.traffic_share_zone",
            norms.traffic_share_zone,
            "legal_share_minimum",
            legal=norms.traffic_share_legal,
        )
    if (
        norms.neighbourhood_inhabitants_per_inspector_zone
        > norms.neighbourhood_inhabitants_per_inspector_legal
    ):
        r.errors.add(
            f,
            None,
            f"{prefix}.neighbourhood_inhabitants_per_inspector_zone",
            norms.neighbourhood_inhabitants_per_inspector_zone,
            "legal_inhabitants_maximum",
            legal=norms.neighbourhood_inhabitants_per_inspector_legal,
        )
    if (
        norms.neighbourhood_inhabitants_per_inspector_zone < 1
        or norms.neighbourhood_inhabitants_per_inspector_legal < 1
    ):
        r.errors.add(
            f,
            None,
            f"{prefix}.neighbourhood_inhabitants_per_inspector_legal",
            norms.neighbourhood_inhabitants_per_inspector_legal,
            "range",
            min=1,
            max=None,
        )
    return norms


def _read_staff(
    r: _Reader,
    root: Path,
    settings: ZoneSettings | None,
    teams: dict,
    team_names: set[str] | dict[str, int],
    refs: References | None = None,
    held: set[str] | None = None,
) -> tuple[list[Officer], dict[str, int] | None]:
    """The valid officers, and every id the file lists to check references against (None
    when the file could not be read: its own issue says so, references are not checked).
    `refs` counts the rows naming each team, `held` gathers the qualification codes of every
    row (also of rows with an issue)."""
    path = root / "staff.csv"
    f = r.rel(path)
    officers: list[Officer] = []
    seen: dict[str, int] = {}
    issues_before = len(r.errors.issues)
    records = r.csv_rows(path, _STAFF_COLUMNS)
    if not records and len(r.errors.issues) > issues_before:
        return [], None
    if len(records) > MAX_STAFF:
        r.errors.add(f, None, "(rows)", len(records), "max_staff", max=MAX_STAFF)
        return [], None
    for row, rec in records:
        ok = True
        oid = rec["id"]
        if not oid:
            r.errors.add(f, row, "id", oid, "pseudonymous_id")
            ok = False
        elif oid in seen:
            r.errors.add(f, row, "id", oid, "unique_id", first_row=seen[oid])
            ok = False
        else:
            seen[oid] = row
        if not rec["unit"]:
            r.errors.add(f, row, "unit", rec["unit"], "unit_name")
            ok = False
        grade = rec["grade"]
        if grade not in OPERATIONAL_GRADES + CALOG_GRADES:
            r.errors.add(
                f, row, "grade", grade, "one_of", options=OPERATIONAL_GRADES + CALOG_GRADES
            )
            ok = False
        hours = r.number(f, row, "contract_hours", rec["contract_hours"], 0, 60)
        team = rec["team"]
        if refs is not None and team:
            refs.add("team", team, f)
        if team and team not in team_names:
            r.errors.add(f, row, "team", team, "team_ref")
            ok = False
        quals = frozenset(q.strip() for q in rec["qualifications"].split(";") if q.strip())
        if held is not None:
            held |= quals
        if ok and hours is not None and (not team or team in teams):
            officers.append(Officer(oid, rec["unit"], team, grade, float(hours), quals))
    return officers, seen


def _read_teams(
    r: _Reader, root: Path, settings: ZoneSettings | None
) -> tuple[dict[str, Team], dict[str, int]]:
    """The valid teams, and every team name the file lists (to check references against),
    with its first row."""
    path = root / "teams.csv"
    f = r.rel(path)
    teams: dict[str, Team] = {}
    codes = set(settings.shifts) if settings else set()
    seen: dict[str, int] = {}
    for row, rec in r.csv_rows(path, _TEAM_COLUMNS, required=False):
        ok = True
        tid = rec["team"]
        if not tid or tid in seen:
            r.errors.add(f, row, "team", tid, "unique_team")
            ok = False
        seen.setdefault(tid, row)
        anchor = r.date(f, row, "anchor", rec["anchor"])
        if anchor is None:
            ok = False
        cycle = tuple(rec["cycle"].split())
        # without settings (zone.toml has its own issue) the shift codes are unknown: do not
        # report every cycle, every staff row of its team and every dated row as wrong too
        bad = [c for c in cycle if c != "-" and c not in codes] if settings else []
        if not cycle or bad:
            r.errors.add(f, row, "cycle", rec["cycle"], "cycle_codes")
            ok = False
        elif len(cycle) > MAX_CYCLE_DAYS:
            r.errors.add(f, row, "cycle", len(cycle), "max_cycle_days", max=MAX_CYCLE_DAYS)
            ok = False
        if ok:
            teams[tid] = Team(tid, anchor, cycle, row)
    return teams, seen


def _read_labels(
    r: _Reader, f: str, row: int, fld: str, entry: dict[str, Any], zone_lang: str | None
) -> Labels | None:
    """An entry's label: the table `label = { fr = "...", nl = "...", en = "..." }` and the
    older keys label_fr, label_nl (zones written outside the team use them); the table wins
    where both give a language. None, with an issue, when the table is not {language: text}."""
    texts = {lang: entry[f"label_{lang}"] for lang in LABEL_FALLBACK if f"label_{lang}" in entry}
    table = entry.get("label", {})
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and _LANGUAGE.fullmatch(k) and isinstance(v, str)
        for k, v in table.items()
    ):
        r.errors.add(f, row, f"{fld}.label", table, "label_table")
        return None
    texts.update(table)
    if not all(isinstance(v, str) for v in texts.values()):
        bad = next(k for k, v in texts.items() if not isinstance(v, str))
        r.errors.add(f, row, f"{fld}.label_{bad}", texts[bad], "text")
        return None
    return Labels.of(texts, zone_lang)


def _read_priorities(
    r: _Reader,
    root: Path,
    officers: list[Officer],
    quals: Qualifications | None = None,
    zone_lang: str | None = None,
):
    """Priorities and operation types, and every priority and operation id listed (also of
    entries with an issue) to check references against; None when the file is unreadable.
    `zone_lang` ([zone] language) is the first stand-in for a label's missing language."""
    path = root / "priorities.toml"
    data = r.toml(path)
    if data is None:  # missing or not TOML: its own issue; references are not checked
        return [], [], None, None
    f = r.rel(path)
    priorities: list[Priority] = []
    listed: set[str] = set()  # valid ids, even of priorities with another issue
    entries = r.array(f, None, "priority", data.get("priority", []), "table_array", name="priority")
    for i, p in enumerate(entries, start=1):
        if not isinstance(p, dict):
            r.errors.add(f, i, "priority", p, "table_entry", name="priority")
            continue
        pid = p.get("id")
        if pid not in PRIORITY_IDS:
            r.errors.add(f, i, "priority.id", pid, "one_of", options=PRIORITY_IDS)
            continue
        if pid in listed:
            r.errors.add(f, i, "priority.id", pid, "listed_once")
            continue
        listed.add(pid)
        weight = r.number(f, i, "priority.weight", p.get("weight"), 0, MAX_WEIGHT)
        floor = r.number(f, i, "priority.floor_hours", p.get("floor_hours", 0), 0, MAX_HOURS)
        cap = p.get("cap_hours")
        if cap is not None:
            cap = r.number(f, i, "priority.cap_hours", cap, 0, MAX_HOURS)
            if cap is not None and floor is not None and floor > cap:
                r.errors.add(
                    f, i, "priority.floor_hours", p.get("floor_hours"), "floor_at_most_cap", cap=cap
                )
                continue
        labels = _read_labels(r, f, i, "priority", p, zone_lang)
        if weight is None or floor is None or labels is None:
            continue
        priorities.append(
            Priority(pid, labels, float(weight), float(floor), None if cap is None else float(cap))
        )
    operations: list[OperationType] = []
    named: set[str] = set()  # every operation id listed, also of entries with an issue
    known = {p.id for p in priorities}
    operational = [o for o in officers if o.operational]
    entries = r.array(
        f, None, "operation", data.get("operation", []), "table_array", name="operation"
    )
    for i, o in enumerate(entries, start=1):
        if not isinstance(o, dict):
            r.errors.add(f, i, "operation", o, "table_entry", name="operation")
            continue
        oid = o.get("id")
        if not isinstance(oid, str) or not oid or oid in named:
            r.errors.add(f, i, "operation.id", oid, "unique_non_empty_id")
            continue
        named.add(oid)
        if not isinstance(o.get("priority"), str) or o["priority"] not in listed:
            r.errors.add(f, i, "operation.priority", o.get("priority"), "priority_ref")
            continue
        crew = r.number(f, i, "operation.crew", o.get("crew"), 1, MAX_STAFF, integer=True)
        duration = r.number(f, i, "operation.duration_hours", o.get("duration_hours"), 1, 24, True)
        max_day = r.number(
            f, i, "operation.max_per_day", o.get("max_per_day", 4), 0, MAX_PER_DAY, integer=True
        )
        codes = o.get("qualifications", [])
        if not isinstance(codes, list) or not all(isinstance(q, str) for q in codes):
            r.errors.add(f, i, "operation.qualifications", codes, "qualification_list")
            continue
        if quals is not None and not all(  # every code checked, each error reported
            [quals.check(r.errors, f, i, "operation.qualifications", q) for q in codes]
        ):
            continue
        windows = [
            r.window(f, i, f"operation.windows[{k}]", w)
            for k, w in enumerate(
                r.array(f, i, "operation.windows", o.get("windows", []), "window_list")
            )
        ]
        preferred = [
            r.window(f, i, f"operation.preferred[{k}]", w)
            for k, w in enumerate(
                r.array(f, i, "operation.preferred", o.get("preferred", []), "window_list")
            )
        ]
        if not windows and isinstance(o.get("windows", []), list):
            r.errors.add(f, i, "operation.windows", "[]", "one_window")
        labels = _read_labels(r, f, i, "operation", o, zone_lang)
        if (
            None in (crew, duration, max_day)
            or not windows
            or None in windows
            or None in preferred
            or o["priority"] not in known
            or labels is None
        ):  # a priority with its own issue is left out
            continue
        if operational and crew > len(operational):
            r.errors.add(f, i, "operation.crew", crew, "crew_at_most", officers=len(operational))
            continue
        operations.append(
            OperationType(
                oid,
                o["priority"],
                labels,
                int(crew),
                int(duration),
                tuple(windows),
                tuple(preferred),
                frozenset(str(q) for q in codes),
                int(max_day),
            )
        )
    return priorities, operations, listed, named


def _read_scenarios(
    r: _Reader,
    root: Path,
    priorities: list[Priority],
    base_norms: Norms | None = None,
    units: set[str] | None = None,
    priority_ids: set[str] | None = None,
    quals: Qualifications | None = None,
    operational: int | None = None,
) -> dict[str, Scenario]:
    """The scenarios; `operational` (the zone's operational staff) bounds the officers of a
    commitment, `quals` checks its qualification code."""
    path = root / "scenarios.toml"
    data = r.toml(path, required=False)
    scenarios = {"baseline": Scenario("baseline", "Baseline / Situation de base")}
    if data is None:
        return scenarios
    f = r.rel(path)
    # ids listed in priorities.toml (also of entries with an issue); None: file unreadable
    known = priority_ids
    for name, spec in r.table(f, None, "scenario", data.get("scenario", {})).items():
        if not isinstance(spec, dict):
            r.errors.add(f, None, f"scenario.{name}", spec, "table")
            continue
        ok = True
        maps = {}
        for key in ("weights", "floors", "caps"):
            value = r.table(f, None, f"scenario.{name}.{key}", spec.get(key, {}))
            ok &= isinstance(spec.get(key, {}), dict)
            for pid, x in value.items():
                if known is not None and pid not in known:
                    r.errors.add(f, None, f"scenario.{name}.{key}.{pid}", pid, "priority_file_ref")
                    ok = False
                elif (
                    r.number(
                        f,
                        None,
                        f"scenario.{name}.{key}.{pid}",
                        x,
                        0,
                        MAX_WEIGHT if key == "weights" else MAX_HOURS,
                    )
                    is None
                ):
                    ok = False
            maps[key] = {k: float(v) for k, v in value.items()} if ok else {}
        rate = r.number(f, None, f"scenario.{name}.absence_rate", spec.get("absence_rate", 0), 0, 1)
        change = r.table(f, None, f"scenario.{name}.staff_change", spec.get("staff_change", {}))
        ok &= isinstance(spec.get("staff_change", {}), dict)
        for unit, n in change.items():
            if units is not None and unit not in units:
                r.errors.add(
                    f,
                    None,
                    f"scenario.{name}.staff_change.{unit}",
                    unit,
                    "unit_ref",
                    options=tuple(sorted(units)),
                )
                ok = False
            elif (
                r.number(
                    f,
                    None,
                    f"scenario.{name}.staff_change.{unit}",
                    n,
                    -MAX_STAFF,
                    MAX_STAFF,
                    integer=True,
                )
                is None
            ):
                ok = False
        commitments = r.array(
            f, None, f"scenario.{name}.commitments", spec.get("commitments", []), "commitment_list"
        )
        ok &= isinstance(spec.get("commitments", []), list)
        for k, c in enumerate(commitments):
            fld = f"scenario.{name}.commitments[{k}]"
            if not isinstance(c, dict) or not {"day", "start", "end", "officers"} <= set(c):
                r.errors.add(f, None, fld, c, "commitment_table")
                ok = False
                continue
            try:
                if len(parse_days(c["day"])) != 1:
                    r.errors.add(f, None, f"{fld}.day", c["day"], "one_day")
                    ok = False
            except TimeFormatError as exc:
                r.errors.add(f, None, f"{fld}.day", c["day"], exc.code, **exc.values)
                ok = False
            s = r.clock(f, None, f"{fld}.start", c["start"])
            e = r.clock(f, None, f"{fld}.end", c["end"], past_midnight=True)
            if s is not None and e is not None and e <= s:
                r.errors.add(
                    f,
                    None,
                    f"{fld}.end",
                    c["end"],
                    "end_after_start",
                    start=c["start"],
                    past_midnight=True,
                )
                ok = False
            if (
                r.number(
                    f,
                    None,
                    f"{fld}.officers",
                    c["officers"],
                    1,
                    _officer_limit(operational),
                    integer=True,
                )
                is None
            ):
                ok = False
            code = c.get("qualification", "")
            if not isinstance(code, str):
                r.errors.add(f, None, f"{fld}.qualification", code, "qualification")
                ok = False
            elif (
                code
                and quals is not None
                and not quals.check(r.errors, f, None, f"{fld}.qualification", code)
            ):
                ok = False
            if c.get("type", "hycap") not in COMMITMENT_TYPES:
                r.errors.add(
                    f, None, f"{fld}.type", c.get("type"), "one_of", options=COMMITMENT_TYPES
                )
                ok = False
        norms = r.table(f, None, f"scenario.{name}.norms", spec.get("norms", {}))
        ok &= isinstance(spec.get("norms", {}), dict)
        parsed_norms: dict[str, object] = {}
        if norms:
            parsed = apply_norm_overrides(
                r, f, base_norms or Norms(), norms, f"scenario.{name}.norms"
            )
            if parsed is None:
                ok = False
            else:  # keep parsed values (windows, clock times), not the raw TOML ones
                parsed_norms = {norm_field(k): getattr(parsed, norm_field(k)) for k in norms}
        if ok:  # the same rule as in priorities.toml, on the values the scenario gives
            for p in priorities:
                floor = maps["floors"].get(p.id, p.floor_hours)
                cap = maps["caps"].get(p.id, p.cap_hours)
                if cap is not None and floor > cap:
                    key = "floors" if p.id in maps["floors"] else "caps"
                    value = spec[key][p.id]
                    r.errors.add(
                        f,
                        None,
                        f"scenario.{name}.{key}.{p.id}",
                        value,
                        "floor_cap",
                        floor=floor,
                        cap=cap,
                    )
                    ok = False
        catch_up = spec.get("catch_up", False)
        if not isinstance(catch_up, bool):
            r.errors.add(f, None, f"scenario.{name}.catch_up", catch_up, "boolean")
            ok = False
        if not ok or rate is None:
            continue
        scenarios[name] = Scenario(
            name=name,
            label=str(spec.get("label", name)),
            weights=maps["weights"],
            floors=maps["floors"],
            caps=maps["caps"],
            absence_rate=float(rate),
            staff_change={u: int(n) for u, n in change.items()},
            commitments=tuple(commitments),
            norms=parsed_norms,
            catch_up=catch_up,
        )
    return scenarios


def week_bounds(week: str, tz: ZoneInfo, day_start: int = 0) -> tuple[dt.datetime, dt.datetime]:
    """The operational week `week` (an ISO week label): from Monday at the day start (07:00)
    to the next Monday at the day start, as aware local datetimes."""
    monday = dt.date.fromisocalendar(*parse_week(week), 1)

    def at(day: dt.date) -> dt.datetime:
        return (dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=day_start)).replace(
            tzinfo=tz
        )

    return at(monday), at(monday + dt.timedelta(days=7))


def _read_week(
    r: _Reader,
    folder: Path,
    week: str,
    tz: ZoneInfo,
    officer_ids: set[str] | None,
    operation_ids: set[str] | None,
    day_start: int = 0,
    refs: References | None = None,
    quals: Qualifications | None = None,
    operational: int | None = None,
) -> WeekInputs:
    """The week's dated rows. Id sets of None (their file unreadable) are not checked.
    `refs` counts the rows naming each officer; `quals` checks commitment qualifications,
    `operational` (the zone's operational staff) bounds a commitment's officers."""
    week_start, week_end = week_bounds(week, tz, day_start)

    def in_week(f, row, fld, start, end, written):
        if end <= week_start or start >= week_end:
            r.errors.add(
                f,
                row,
                fld,
                written,
                "in_week",
                week=week,
                start=week_start.replace(tzinfo=None),
                end=week_end.replace(tzinfo=None),
            )
            return False
        return True

    def officer_ok(f, row, oid):
        if refs is not None:
            refs.add("officer", oid, f)
        if officer_ids is not None and oid not in officer_ids:
            r.errors.add(f, row, "officer", oid, "officer_ref")
            return False
        return True

    def intervals(name: str, make) -> list:
        """Rows officer, start, end (on duty, on call) of one file, as `make(officer, s, e)`."""
        out = []
        path = folder / name
        f = r.rel(path)
        for row, rec in r.csv_rows(path, _DUTY_COLUMNS, required=False):
            s = r.instant(f, row, "start", rec["start"], tz)
            e = r.instant(f, row, "end", rec["end"], tz)
            if not officer_ok(f, row, rec["officer"]) or s is None or e is None:
                continue
            if e <= s:
                r.errors.add(f, row, "end", rec["end"], "end_after_start", start=rec["start"])
            elif in_week(f, row, "start", s, e, rec["start"]):
                out.append(make(rec["officer"], s, e))
        return out

    duty = intervals("on_duty.csv", DutyInterval)
    absences = []
    path = folder / "absences.csv"
    f = r.rel(path)
    for row, rec in r.csv_rows(path, _ABSENCE_COLUMNS, required=False):
        s = r.instant(f, row, "start", rec["start"], tz, day_start_minute=day_start)
        try:
            e = r.instant(f, row, "end", rec["end"], tz, date_end=True, day_start_minute=day_start)
            open_ended = e is not None and e.year >= OPEN_ENDED_YEAR
        except OverflowError:  # 9999-12-31 as a date: its next day does not exist
            e, open_ended = None, True
        if open_ended:  # HR's "until further notice": to the end of the planned week
            if s is not None and s >= week_end:
                in_week(f, row, "start", s, s, rec["start"])
                continue
            e = week_end
        ok = officer_ok(f, row, rec["officer"])
        if rec["type"] not in ABSENCE_TYPES:
            r.errors.add(f, row, "type", rec["type"], "one_of", options=ABSENCE_TYPES)
            ok = False
        if not ok or s is None or e is None:
            continue
        if e <= s:
            r.errors.add(f, row, "end", rec["end"], "date_after_start", start=rec["start"])
        elif in_week(f, row, "start", s, e, rec["start"]):
            absences.append(Absence(rec["officer"], rec["type"], s, e))
    commitments = []
    path = folder / "commitments.csv"
    f = r.rel(path)
    ids: set[str] = set()
    for row, rec in r.csv_rows(path, _COMMITMENT_COLUMNS, required=False, optional=("label",)):
        cid = rec["id"]
        ok = True
        if not cid or cid in ids:
            r.errors.add(f, row, "id", cid, "unique_non_empty_id")
            ok = False
        ids.add(cid)
        if rec["type"] not in COMMITMENT_TYPES:
            r.errors.add(f, row, "type", rec["type"], "one_of", options=COMMITMENT_TYPES)
            ok = False
        n = r.number(
            f, row, "officers", rec["officers"], 1, _officer_limit(operational), integer=True
        )
        code = rec["qualification"]
        if code and quals is not None and not quals.check(r.errors, f, row, "qualification", code):
            ok = False
        s = r.instant(f, row, "start", rec["start"], tz)
        e = r.instant(f, row, "end", rec["end"], tz)
        if not ok or n is None or s is None or e is None:
            continue
        if e <= s:
            r.errors.add(f, row, "end", rec["end"], "end_after_start", start=rec["start"])
        elif in_week(f, row, "start", s, e, rec["start"]):
            commitments.append(
                Commitment(
                    cid, rec["type"], s, e, int(n), rec["qualification"], rec.get("label", "")
                )
            )
    on_call = intervals("on_call.csv", OnCall)
    pinned = []
    path = folder / "pinned.csv"
    f = r.rel(path)
    for row, rec in r.csv_rows(path, _PINNED_COLUMNS, required=False, optional=("note",)):
        known = operation_ids is None or rec["operation"] in operation_ids
        if not known:
            r.errors.add(f, row, "operation", rec["operation"], "operation_ref")
        s = r.instant(f, row, "start", rec["start"], tz)
        # a start in year 9999 is after the week: no hour is added to it (no such date)
        hour = s + dt.timedelta(hours=1) if s is not None and s.year < OPEN_ENDED_YEAR else s
        if s is not None and in_week(f, row, "start", s, hour, rec["start"]) and known:
            pinned.append(PinnedOperation(rec["operation"], s, rec.get("note", "")))
    return WeekInputs(
        week, tuple(duty), tuple(absences), tuple(commitments), tuple(pinned), tuple(on_call)
    )


def _officer_limit(operational: int | None) -> int:
    """The most officers one commitment may ask for: the zone's operational staff."""
    return min(operational, MAX_STAFF) if operational else MAX_STAFF


def _read_on_call_rota(
    r: _Reader,
    root: Path,
    officer_ids: set[str] | None,
    team_names: set[str] | dict[str, int],
    refs: References | None = None,
) -> tuple[OnCallRota, ...]:
    """on_call.csv in the zone folder: officer, team: the officer is on call (at home,
    recallable) whenever the team's pattern has a shift."""
    path = root / "on_call.csv"
    f = r.rel(path)
    rota = []
    for row, rec in r.csv_rows(path, _ROTA_COLUMNS, required=False):
        ok = True
        if refs is not None:
            refs.add("officer", rec["officer"], f)
            refs.add("team", rec["team"], f)
        if officer_ids is not None and rec["officer"] not in officer_ids:
            r.errors.add(f, row, "officer", rec["officer"], "officer_ref")
            ok = False
        if rec["team"] not in team_names:
            r.errors.add(f, row, "team", rec["team"], "pattern_ref")
            ok = False
        if ok:
            rota.append(OnCallRota(rec["officer"], rec["team"]))
    return tuple(rota)


def load_zone(folder: str | Path) -> Zone:
    """Read and validate a zone folder; raise `InputError` listing every problem found."""
    root = Path(folder)
    errors = Collector()
    if not root.is_dir():
        errors.add(str(root), None, "(folder)", str(root), "zone_folder")
        errors.raise_if_any()
    r = _Reader(root, errors)
    file_warnings = check_folder_files(root, r.rel, errors)
    settings = _read_settings(r, root)
    teams, team_names = _read_teams(r, root, settings)
    refs = References()
    held: set[str] = set()
    officers, officer_ids = _read_staff(r, root, settings, teams, team_names, refs, held)
    if not officers and not errors.issues:
        errors.add(r.rel(root / "staff.csv"), None, "(rows)", 0, "one_officer")
    # qualification codes are checked only when staff.csv could be read
    quals = None
    if officer_ids is not None:
        norms = settings.norms if settings else Norms()
        quals = Qualifications(
            held,
            {
                norms.public_order_qualification,
                norms.victim_assistance_qualification,
                *(settings.qualifications if settings else ()),
            },
        )
    operational = sum(1 for o in officers if o.operational)
    priorities, operations, priority_ids, operation_ids = _read_priorities(
        r, root, officers, quals, settings.language if settings else None
    )
    rota = _read_on_call_rota(r, root, officer_ids, team_names, refs)
    scenarios = _read_scenarios(
        r,
        root,
        priorities,
        settings.norms if settings else None,
        {o.unit for o in officers} if officer_ids is not None else None,
        priority_ids,
        quals,
        operational,
    )
    weeks: dict[str, WeekInputs] = {}
    tz = ZoneInfo(settings.timezone if settings else "Europe/Brussels")
    weeks_dir = root / "weeks"
    if weeks_dir.is_dir():
        for sub in sorted(p for p in weeks_dir.iterdir() if p.is_dir()):
            try:
                label = week_label(*parse_week(sub.name))
            except TimeFormatError as exc:
                errors.add(r.rel(sub), None, "(folder name)", sub.name, exc.code, **exc.values)
                continue
            # references are checked against every id listed, so a row left out for its own
            # issue does not make every dated row that names it an issue too
            weeks[label] = _read_week(
                r,
                sub,
                label,
                tz,
                officer_ids,
                operation_ids,
                settings.day_start_minute if settings else 0,
                refs,
                quals,
                operational,
            )
    if settings:
        for o in officers:
            if not o.team and not any(d.officer == o.id for w in weeks.values() for d in w.on_duty):
                pass  # officers with no team simply have no duty in weeks without an export
        _check_shift_grid(r, root, settings)
    # one problem, one message: an invalid team or staff row says how many rows name it
    refs.note(
        errors,
        r.rel(root / "teams.csv"),
        "team",
        {name: row for name, row in team_names.items() if name not in teams},
    )
    valid_ids = {o.id for o in officers}
    refs.note(
        errors,
        r.rel(root / "staff.csv"),
        "officer",
        {oid: row for oid, row in (officer_ids or {}).items() if oid not in valid_ids},
    )
    errors.raise_if_any()
    assert settings is not None
    zone = Zone(
        settings,
        tuple(officers),
        teams,
        tuple(priorities),
        tuple(operations),
        scenarios,
        weeks,
        source=str(root),
        on_call_rota=rota,
    )
    from planner.sanity import check_zone

    extra = file_warnings + (quals.warnings if quals else [])
    return replace(
        zone,
        warnings=tuple(r.notes)
        + tuple(
            extra
            + check_zone(
                zone,
                r.rel(root / "zone.toml"),
                r.rel(root / "teams.csv"),
                r.rel(root / "staff.csv"),
            )
        ),
    )


def _check_shift_grid(r: _Reader, root: Path, s: ZoneSettings) -> None:
    """Shift codes must start and end on block boundaries, or officers would be lost."""
    step = s.block_hours * 60
    f = r.rel(root / "zone.toml")
    for code, (start, end) in s.shifts.items():
        for m in (start, end):
            if (m - s.day_start_minute) % step:
                r.errors.add(
                    f,
                    None,
                    f"shifts.{code}",
                    f"{start // 60:02d}:{start % 60:02d}-{end // 60 % 24:02d}:{end % 60:02d}",
                    "shift_grid",
                    hours=s.block_hours,
                )
                break


def validate_week(zone: Zone, week: str) -> None:
    """Raise InputError when `week` is not an ISO week."""
    try:
        parse_week(week)
    except TimeFormatError as exc:
        raise InputError(
            [InputIssue("(command line)", None, "--week", week, exc.code, exc.values)]
        ) from None


def load_toml_for_tests(path: Path) -> dict:  # pragma: no cover - helper for fixtures
    return tomllib.loads(path.read_text(encoding="utf-8"))


__all__ = ["InputError", "load_zone", "validate_week"]
