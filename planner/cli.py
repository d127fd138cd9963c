"""Command line: `planner plan | explain | validate | compare | report | year | actuals`.
Exit 0 when a plan is produced (shortfalls included) or actuals imported, 2 on invalid
input or usage, 1 on an unexpected error."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from planner.api import Timings, plan_week
from planner.errors import InputError, InputIssue
from planner.explain import describe_differences, explain
from planner.export import (
    check_out_dir,
    check_out_file,
    comparison_table,
    to_csv_text,
    write_file,
    write_files,
    write_plan,
)
from planner.report import aligned_text, comparison_text, status_lines, summary, warning_lines
from planner.scenarios import get_scenario
from planner.solver import SolverParams
from planner.text import DEFAULT_LANG, LANGS, Text
from planner.text import labels as L
from planner.text.explain import differences, explanation_table, explanation_text, price_table
from planner.text.inputs import report_text
from planner.timegrid import TimeFormatError, next_iso_week, parse_week, week_label
from planner.zone_io import load_zone

DEFAULT_ZONE = Path(__file__).resolve().parent.parent / "data" / "zone-demo"


def _week(text: str | None) -> str:
    if text is None:
        return next_iso_week(dt.date.today())
    try:
        return week_label(*parse_week(text))
    except TimeFormatError as exc:
        raise InputError(
            [InputIssue("(command line)", None, "--week", text, exc.code, exc.values)]
        ) from None


def _out_dir(text: str, folders=None) -> None:
    """Refuse an --out that cannot become a folder before planning, not after the solve
    (`folders`: the set's own folders, as export.write_files takes them)."""
    path = Path(text)
    for existing in (path, *path.parents):
        if existing.exists():
            if not existing.is_dir():
                code = "out_is_file"
            elif not os.access(existing, os.W_OK | os.X_OK):
                code = "out_not_writable"
            else:
                break
            raise InputError(
                [InputIssue("(command line)", None, "--out", text, code, {"path": str(existing)})]
            )
    problem = check_out_dir(path, folders)  # the output set replaces the folder's files whole
    if problem is not None:
        code, values = problem
        raise InputError([InputIssue("(command line)", None, "--out", text, code, values)])


REPORT_FORMATS = ("pdf", "html")  # planner.report_doc.FORMATS, without loading it first
REPORT_MAX_SCENARIOS = 5  # planner.report_doc.MAX_SCENARIOS


def _out_file(text: str) -> str:
    """The report's format from --out's suffix, once the file can be written there; checked
    before planning, not after the solve."""
    problem = check_out_file(text, REPORT_FORMATS)
    if problem is not None:
        code, values = problem
        raise InputError([InputIssue("(command line)", None, "--out", text, code, values)])
    return Path(text).suffix.lower().removeprefix(".")


def _report_scenarios(names: list[str] | None) -> list[str]:
    names = names or ["baseline"]
    if len(names) > REPORT_MAX_SCENARIOS:
        raise InputError(
            [
                InputIssue(
                    "(command line)",
                    None,
                    "--scenario",
                    ", ".join(names),
                    "report_scenarios",
                    {"max": REPORT_MAX_SCENARIOS},
                )
            ]
        )
    return names


def _scenarios(zone, names: list[str]) -> None:
    """Every --scenario exists and is named once, checked before any of them is planned."""
    issues: list[InputIssue] = []
    for k, name in enumerate(names):
        if name in names[:k]:
            issues.append(
                InputIssue("(command line)", None, "--scenario", name, "each_scenario_once")
            )
            continue
        try:
            get_scenario(zone, name)
        except InputError as exc:
            issues += exc.issues
    if issues:
        raise InputError(issues)


def _params(path: str | None) -> SolverParams:
    if not path:
        return SolverParams()
    try:
        return SolverParams.from_toml(path)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError([InputIssue(path, None, "[solver]", str(exc), "solver_file")]) from None


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, got {text!r}")
    return n


def _add_lang(parser: argparse.ArgumentParser) -> None:
    default = os.environ.get("PLANNER_LANG") or DEFAULT_LANG
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=default if default in LANGS else DEFAULT_LANG,
        help="language of the printout (default: $PLANNER_LANG, else fr)",
    )


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="planner",
        description=(
            "Weekly capacity planner for a Belgian local police zone: basic missions first, "
            "then the zonal security plan's priorities."
        ),
    )
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="plan one week (or a range of weeks) and write the CSV files")
    p.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    when = p.add_mutually_exclusive_group()
    when.add_argument("--week", help="ISO week, e.g. 2026-W49 (default: next week)")
    when.add_argument(
        "--weeks",
        help="a range of ISO weeks, e.g. 2026-W49..2027-W13 (at most 106): one folder per week "
        "under --out, and summary.csv",
    )
    p.add_argument("--scenario", default="baseline")
    p.add_argument(
        "--out",
        default="out",
        help="folder for plan.csv, norms.csv, ... (with --weeks: for the week folders)",
    )
    p.add_argument(
        "--workers",
        type=_workers,
        help="with --weeks: worker processes (default: 2, or 1 on a one-core machine)",
    )
    p.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="with --weeks: plan every week again, even those planned before on the same inputs",
    )
    p.add_argument("--solver-config", help="TOML file with a [solver] table")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also write explanations.csv and marginal.csv (dozens of what-if solves: a minute "
        "or more on a zone of 300 staff)",
    )
    _add_lang(p)
    e = sub.add_parser("explain", help="why the plan is what it is")
    e.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    e.add_argument("--week")
    e.add_argument("--scenario", default="baseline")
    _add_lang(e)
    e.add_argument("--solver-config")
    v = sub.add_parser("validate", help="check a zone folder's inputs only")
    v.add_argument("zone_dir")
    v.add_argument("--week", help="also check that this week can be built")
    _add_lang(v)
    c = sub.add_parser("compare", help="scenarios side by side")
    c.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    c.add_argument("--week")
    c.add_argument("--scenario", action="append", required=True)
    c.add_argument("--out", help="also write comparison.csv here")
    c.add_argument("--solver-config")
    _add_lang(c)
    r = sub.add_parser(
        "report",
        help="a one-page report of a week's plan (one --scenario) or of up to five scenarios "
        "side by side, as PDF or HTML",
    )
    r.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    r.add_argument("--week", help="ISO week, e.g. 2026-W49 (default: next week)")
    r.add_argument(
        "--scenario",
        action="append",
        help="a scenario (default: baseline); repeat it to compare up to five, the first being "
        "the reference",
    )
    r.add_argument(
        "--out", required=True, help="FILE.pdf or FILE.html: the suffix picks the format"
    )
    r.add_argument("--solver-config")
    _add_lang(r)
    y = sub.add_parser(
        "year",
        help="the PZS year to date: prints it per priority, writes year.csv and the yearly "
        "report (report.pdf, report.html)",
    )
    y.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    y.add_argument("--year", required=True, help="the PZS year, e.g. 2026")
    y.add_argument(
        "--as-of",
        dest="as_of",
        help="the last week counted, e.g. 2026-W48 (default: the last complete week)",
    )
    y.add_argument(
        "--propose",
        help="a scenario of the zone proposed for next year: the report prices it in hours "
        "against the baseline",
    )
    y.add_argument("--out", default="out", help="folder for year.csv, report.pdf, report.html")
    y.add_argument(
        "--no-store", action="store_true", help="do not read validated plans from the store"
    )
    y.add_argument("--solver-config")
    _add_lang(y)
    a = sub.add_parser(
        "actuals",
        help="import what was done in a week (the scheduling tool's CSV, or plan.csv with a "
        "'done' column) into the zone folder's actuals/<week>.csv",
    )
    a.add_argument("zone_dir", nargs="?", default=str(DEFAULT_ZONE))
    a.add_argument("file", help="the CSV file to import")
    a.add_argument("--week", required=True, help="ISO week the file is for, e.g. 2026-W48")
    _add_lang(a)
    return ap


def run(args: argparse.Namespace) -> int:
    tx = Text.for_lang(args.lang)
    if args.command == "year":
        return _year(args, tx)
    if args.command == "validate":
        zone = load_zone(args.zone_dir)
        if args.week:
            from planner.problem import build_problem

            for name in zone.scenarios:
                build_problem(zone, _week(args.week), name)
        print(
            tx._(
                "{zone}: valid ({staff}, {operations}, scenarios: {scenarios})",
                zone=args.zone_dir,
                staff=tx.n_("{n} staff member", "{n} staff members", len(zone.officers)),
                operations=tx.n_("{n} operation type", "{n} operation types", len(zone.operations)),
                scenarios=", ".join(zone.scenarios),
            )
        )
        for line in warning_lines(zone.warnings, tx):
            print(line)
        return 0
    if getattr(args, "weeks", None):
        return _plan_weeks(args, tx)
    week = _week(args.week)
    if args.command == "actuals":
        return _actuals(args, week, tx)
    params = _params(args.solver_config)
    if args.command == "report":
        return _report(args, week, params, tx)
    if getattr(args, "out", None):
        _out_dir(args.out)
    zone = load_zone(args.zone_dir)
    if args.command == "plan":
        t = Timings()
        t0 = time.perf_counter()
        plan = plan_week(zone, week, args.scenario, params, t)
        extra = {}
        if args.explain:
            why = explain(plan, params)
            extra = {
                "explanations.csv": to_csv_text(explanation_table(why, plan.problem)),
                "marginal.csv": to_csv_text(price_table(why, plan.problem)),
            }
        write_plan(plan, args.out, extra)
        print(summary(plan, tx))
        names = "plan.csv, norms.csv, priorities.csv, waterfall.csv, commitments.csv" + (
            ", explanations.csv, marginal.csv" if args.explain else ""
        )
        print(
            "\n"
            + tx._(
                "Wrote {files} to {folder}/ in {seconds} s",
                files=names,
                folder=args.out,
                seconds=tx.number(time.perf_counter() - t0, 2),
            )
        )
        return 0
    if args.command == "explain":
        plan = plan_week(zone, week, args.scenario, params)
        print(summary(plan, tx))
        print()
        print(explanation_text(explain(plan, params), plan.problem, args.lang))
        return 0
    _scenarios(zone, args.scenario)
    plans = [plan_week(zone, week, name, params) for name in args.scenario]
    table = comparison_table(plans)
    print(tx._("{zone} - week {week}", zone=L.zone_name(tx, zone.settings.name), week=week))
    print(comparison_text(plans, tx))
    for other in plans[1:]:
        found = describe_differences(plans[0], other)
        print("\n" + differences(args.lang, other.problem, found))
    if args.out:
        write_files(args.out, {"comparison.csv": to_csv_text(table.reset_index(names="figure"))})
    return 0


class _Progress:
    """Weeks finished, on stderr: one line rewritten in place on a terminal, else a line per
    week (a log); never on stdout, which carries the summary."""

    def __init__(self, tx: Text, stream=None):
        self.tx = tx
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, done: int, total: int, week: str, cached: bool) -> None:
        note = " (" + self.tx._("from the cache") + ")" if cached else ""
        if self.live:
            width = 30
            bar = "#" * (width * done // total) + "." * (width - width * done // total)
            end = "\n" if done == total else ""
            self.stream.write(f"\r[{bar}] {done}/{total} {week}{note}\x1b[K{end}")
        else:
            self.stream.write(f"{done}/{total} {week}{note}\n")
        self.stream.flush()


def _plan_weeks(args: argparse.Namespace, tx: Text) -> int:
    """`planner plan --weeks`: every week of the range, then the week folders and
    summary.csv written to --out as one set (nothing is written when anything fails)."""
    from planner.report import weeks_text
    from planner.weeks import WEEK_FOLDER, plan_weeks, range_files, week_range

    t0 = time.perf_counter()
    weeks = week_range(args.weeks)
    params = _params(args.solver_config)
    _out_dir(args.out, WEEK_FOLDER)
    results = plan_weeks(
        args.zone_dir,
        weeks,
        args.scenario,
        params,
        workers=args.workers,
        progress=_Progress(tx),
        use_cache=args.cache,
    )
    write_files(args.out, range_files(results), folders=WEEK_FOLDER)
    print(weeks_text(results, args.out, time.perf_counter() - t0, tx))
    return 0


def _report(args: argparse.Namespace, week: str, params: SolverParams, tx: Text) -> int:
    """`planner report`: plan the week under each scenario, then write the one-page report
    whole (nothing is written when anything fails)."""
    t0 = time.perf_counter()
    fmt = _out_file(args.out)
    names = _report_scenarios(args.scenario)
    zone = load_zone(args.zone_dir)
    _scenarios(zone, names)
    plans = [plan_week(zone, week, name, params) for name in names]
    from planner.report_doc import render  # Jinja2, vl-convert and WeasyPrint: only here

    write_file(args.out, render(plans, args.lang, fmt))
    for line in status_lines(plans[0], tx) if len(plans) == 1 else []:
        print(line)
    print(
        tx._(
            "Wrote {file} in {seconds} s",
            file=args.out,
            seconds=tx.number(time.perf_counter() - t0, 2),
        )
    )
    return 0


YEARS = (2000, 2100)  # what `planner year --year` accepts


def _year_arguments(args: argparse.Namespace) -> tuple[int, str | None]:
    """--year and --as-of, checked together before anything is planned."""
    try:
        year = int(args.year)
    except ValueError:
        year = None
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise InputError(
            [
                InputIssue(
                    "(command line)",
                    None,
                    "--year",
                    str(args.year),
                    "pzs_year",
                    {"min": YEARS[0], "max": YEARS[1]},
                )
            ]
        )
    if args.as_of is None:
        return year, None
    try:
        found = parse_week(args.as_of)
    except TimeFormatError as exc:
        raise InputError(
            [InputIssue("(command line)", None, "--as-of", args.as_of, exc.code, exc.values)]
        ) from None
    if found[0] != year:
        raise InputError(
            [
                InputIssue(
                    "(command line)", None, "--as-of", args.as_of, "week_of_year", {"year": year}
                )
            ]
        )
    return year, week_label(*found)


def _open_store(tx: Text):
    """The app's store of validated plans, or None (with a line on stderr) when it cannot be
    opened: the year is then counted from plans made now."""
    try:
        from planner.store import Store

        return Store.open()
    except Exception as exc:  # noqa: BLE001 - the store is optional here
        print(
            tx._("Validated plans not read: the store could not be opened ({error}).", error=exc),
            file=sys.stderr,
        )
        return None


def _year(args: argparse.Namespace, tx: Text) -> int:
    """`planner year`: the zone's year to date (validated plans from the store, the other past
    weeks planned now, actuals from the folder), printed per priority; year.csv and the
    yearly report written to --out as one set (nothing is written when anything fails)."""
    from planner.year.collect import collect_year
    from planner.year.views import priorities_table

    t0 = time.perf_counter()
    year, as_of = _year_arguments(args)
    params = _params(args.solver_config)
    _out_dir(args.out)
    zone = load_zone(args.zone_dir)
    if args.propose:
        _scenarios(zone, [args.propose])
    store = None if args.no_store else _open_store(tx)

    def progress(done: int, total: int, week: str, cached: bool = False) -> None:
        print(
            tx._(
                "{week} planned ({done}/{total}){cached}",
                week=week,
                done=done,
                total=total,
                cached=" " + tx._("(from the cache)") if cached else "",
            ),
            file=sys.stderr,
            flush=True,
        )

    try:
        found = collect_year(
            args.zone_dir, year, as_of, params=params, store=store, progress=progress
        )
    finally:
        if store is not None:
            store.close()
    proposal = None
    if args.propose:
        week = week_label(year + 1, 1)
        print(
            tx._(
                "Planning {week} under the baseline and under {name}",
                week=week,
                name=L.scenario_name(tx, zone, args.propose),
            ),
            file=sys.stderr,
            flush=True,
        )
        proposal = (
            plan_week(found.zone, week, "baseline", params),
            plan_week(found.zone, week, args.propose, params),
        )
    from planner.year.report import year_documents  # WeasyPrint and vl-convert: only here
    from planner.year.ytd import year_table

    documents = year_documents(found, args.lang, proposal)
    files = {
        "year.csv": to_csv_text(year_table(found.ytd)),
        "report.pdf": documents["pdf"],
        "report.html": documents["html"],
    }
    write_files(args.out, files)
    ytd = found.ytd
    print(
        tx._(
            "{zone} - PZS year {year}, as of {week}",
            zone=L.zone_name(tx, found.zone.settings.name),
            year=year,
            week=ytd.as_of or "—",
        )
    )
    print(aligned_text(priorities_table(ytd, found.zone, args.lang)))
    print(
        "\n"
        + tx._(
            "Wrote {files} to {folder}/ in {seconds} s",
            files=", ".join(files),
            folder=args.out,
            seconds=tx.number(time.perf_counter() - t0, 2),
        )
    )
    return 0


def _actuals(args: argparse.Namespace, week: str, tx: Text) -> int:
    """`planner actuals`: read and check FILE, then write it whole in normal form as the
    zone folder's actuals/<week>.csv (nothing is written when anything is wrong)."""
    from planner.year.actuals import (
        actuals_path,
        actuals_text,
        decode_csv,
        hours_by_kind,
        parse_actuals,
    )

    zone = load_zone(args.zone_dir)
    source = Path(args.file)
    if not source.is_file():
        raise InputError([InputIssue(args.file, None, "(file)", "", "file_exists")])
    text = decode_csv(source.read_bytes(), args.file)
    actuals = parse_actuals(text, args.file, zone, week)
    out = Path(args.zone_dir) / actuals_path(week)
    write_file(out, actuals_text(actuals, zone).encode("utf-8"))
    print(
        tx._(
            "{week}: {lines} imported into {file}",
            week=week,
            lines=tx.n_("{n} line", "{n} lines", len(actuals.lines)),
            file=out,
        )
    )
    for kind, hours in hours_by_kind(actuals, zone).items():
        print(
            tx._(
                "  {kind}: {hours} done",
                kind=L.waterfall_step(tx, kind),
                hours=tx.hours(hours),
            )
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    args = parser.parse_args(argv)  # usage errors: argparse's message and status 2
    if getattr(args, "weeks", None) and args.explain:
        parser.error("--explain plans one week: it cannot go with --weeks")
    try:
        return run(args)
    except InputError as exc:  # in the run's language, like the rest of its printout
        print(report_text(exc.issues, args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - last resort: one line, no traceback
        print(f"unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
