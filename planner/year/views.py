"""Presentation of the PZS year: a `YearToDate` as the tables and chart data the command
line, the yearly report and the app show, in the reader's language. One home for them, as
planner.views is for a week: the `*_data` frames feed charts and keep numbers, the
`*_table` frames hold texts formatted for the language.

Nothing here computes a figure of the year: every number comes from the YearToDate
(planner.year.ytd) or its week records; this module picks, orders and words them.
"""

from __future__ import annotations

import pandas as pd

from planner import views
from planner.domain import LEVELS, Zone
from planner.results import STATUS_KINDS, Plan, comparison_values
from planner.text import Text
from planner.text import labels as L
from planner.timegrid import parse_week
from planner.year import Pzs
from planner.year.records import WeekRecord
from planner.year.ytd import Progress, YearToDate, quarter, week_shares

WEEKS_PER_YEAR = 52  # a week's difference as a year's, in the proposal's price
MAX_WEEKS_NAMED = 6  # weeks named in a cell before "+N"
# A week of the calendar, from best to worst: every obligation met, a shortfall of another
# kind only (HyCap, commitments, pinned operations, priority floors), short of the zone
# standard, short of the legal minimum; or no plan (yet).
WEEK_STATES = ("met", "other_short", "zone_short", "legal_short", "no_plan")
PROGRESS_MEASURES = ("target", "planned", "done", "achieved", "projection")


# -- words --------------------------------------------------------------------------------------
def _priority_names(zone: Zone, lang: str) -> dict[str, str]:
    t = Text.for_lang(lang)
    return {q.id: L.priority(t, q) for q in zone.priorities}


def _operation_names(zone: Zone, lang: str) -> dict[str, str]:
    t = Text.for_lang(lang)
    return {o.id: L.data_label(t, o) for o in zone.operations}


def week_short(week: str) -> str:
    """'2026-W07' -> 'W07': a week within its year."""
    return f"W{parse_week(week)[1]:02d}"


def weeks_text(t: Text, weeks, limit: int = MAX_WEEKS_NAMED) -> str:
    """Weeks of the year by their numbers, at most `limit` then '+N'; a dash for none."""
    weeks = list(weeks)
    if not weeks:
        return "—"
    shown = ", ".join(week_short(w) for w in weeks[:limit])
    more = len(weeks) - limit
    return shown if more <= 0 else f"{shown} {t.n_('+{n} more', '+{n} more', more)}"


def on_track_text(t: Text, progress: Progress) -> str:
    return {None: t._("no target"), True: t._("✓ yes"), False: t._("⚠ no")}[progress.on_track]


def state_label(t: Text, state: str) -> str:
    return {
        "met": t._("All met"),
        "other_short": t._("Other shortfall"),
        "zone_short": t._("Zone standard short"),
        "legal_short": t._("Legal minimum short"),
        "no_plan": t._("No plan yet"),
    }.get(state, state)


def state_labels(lang: str) -> dict[str, str]:
    """Every state of a week (WEEK_STATES) in words, for the calendar's legend."""
    t = Text.for_lang(lang)
    return {state: state_label(t, state) for state in WEEK_STATES}


def measure_label(t: Text, measure: str) -> str:
    return {
        "target": t._("Target to date"),
        "planned": t._("Planned"),
        "done": t._("Done"),
        "achieved": t._("Achieved"),
        "projection": t._("Projection"),
    }.get(measure, measure)


# -- priorities ---------------------------------------------------------------------------------
def priorities_table(ytd: YearToDate, zone: Zone, lang: str) -> pd.DataFrame:
    """The year to date per priority, in person-hours: target, expected to date, planned,
    done, achieved, projection, the weekly hours still needed, and whether the projection
    reaches the target."""
    t = Text.for_lang(lang)
    names = _priority_names(zone, lang)
    rows = []
    for p in ytd.priorities:
        h = p.hours
        rows.append(
            {
                t._("Priority"): names.get(p.priority, p.priority),
                t._("Target"): t.hours(h.target, 0),
                t._("Expected to date"): t.hours(h.expected, 0),
                t._("Planned"): t.hours(h.planned, 0),
                t._("Done"): t.hours(h.done, 0),
                t._("Achieved"): t.hours(h.achieved, 0),
                t._("Projection"): t.hours(h.projection, 0),
                t._("Needed per week"): t.hours(h.needed_per_week, 0),
                t._("On track"): on_track_text(t, h),
            }
        )
    return pd.DataFrame(rows)


def operations_table(ytd: YearToDate, zone: Zone, lang: str) -> pd.DataFrame:
    """The operation types with a count target: target, planned, done, projection."""
    t = Text.for_lang(lang)
    names = _operation_names(zone, lang)
    prios = _priority_names(zone, lang)
    rows = []
    for p in ytd.priorities:
        for o in p.operations:
            c = o.counts
            if c.target is None:
                continue
            rows.append(
                {
                    t._("Operation type"): names.get(o.operation, o.operation),
                    t._("Priority"): prios.get(p.priority, p.priority),
                    t._("Target"): t.number(c.target, 0),
                    t._("Planned"): t.number(c.planned, 0),
                    t._("Done"): t.number(c.done, 0),
                    t._("Projection"): t.number(c.projection, 0),
                    t._("On track"): on_track_text(t, c),
                }
            )
    return pd.DataFrame(rows)


def progress_data(ytd: YearToDate, pzs: Pzs | None, zone: Zone, lang: str) -> pd.DataFrame:
    """Each priority's year as cumulative person-hours by week, for a chart per priority:
    the target to date over the whole year (by the PZS's quarterly profile, or evenly),
    what was planned, done and achieved up to the last week counted, and the projection
    from there to the year's end at the pace so far."""
    t = Text.for_lang(lang)
    names = _priority_names(zone, lang)
    plans = {r.week: r for r in ytd.records}
    actuals = {d.week: d for d in ytd.done}
    rows = []

    def add(pid: str, measure: str, k: int, week: str, hours: float) -> None:
        rows.append(
            dict(
                priority=pid,
                label=names.get(pid, pid),
                measure=measure,
                measure_label=measure_label(t, measure),
                week=week,
                number=k + 1,
                hours=round(hours, 1),
            )
        )

    for p in ytd.priorities:
        pid = p.priority
        target = pzs.target(pid, ytd.year) if pzs else None
        if target is not None and target.hours is not None:
            shares = week_shares(target, ytd.year)
            total = 0.0
            for k, w in enumerate(ytd.weeks):
                total += shares[w]
                add(pid, "target", k, w, target.hours * total)
        sums = dict.fromkeys(("planned", "done", "achieved"), 0.0)
        for k, w in enumerate(ytd.past):
            plan = plans[w].priority_hours.get(pid, 0.0) if w in plans else 0.0
            done = actuals[w].priority_hours.get(pid, 0.0) if w in actuals else None
            sums["planned"] += plan
            sums["done"] += done or 0.0
            sums["achieved"] += plan if done is None else done
            for measure, value in sums.items():
                add(pid, measure, k, w, value)
        if ytd.past and ytd.left:
            pace = (p.hours.projection - p.hours.achieved) / len(ytd.left)
            first = len(ytd.past) - 1
            add(pid, "projection", first, ytd.past[-1], p.hours.achieved)
            for k, w in enumerate(ytd.left, start=len(ytd.past)):
                add(pid, "projection", k, w, p.hours.achieved + pace * (k - first))
    return pd.DataFrame(
        rows,
        columns=["priority", "label", "measure", "measure_label", "week", "number", "hours"],
    )


# -- basic missions and HyCap -------------------------------------------------------------------
def missions_table(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """Per basic functionality over the past weeks: hours on duty planned and done, done
    minus planned (over the weeks with both), the weeks short of the legal minimum and of
    the zone standard, and the hours short at each level."""
    t = Text.for_lang(lang)
    rows = []
    for m in ytd.missions:
        rows.append(
            {
                t._("Functionality"): L.functionality(t, m.functionality),
                t._("Planned"): t.hours(m.planned_hours, 0),
                t._("Done"): t.hours(m.done_hours, 0),
                t._("Done − planned"): t.hours(m.done_minus_planned, 0, signed=True),
                t._("Weeks short of the legal minimum"): weeks_text(t, m.legal_short_weeks),
                t._("Weeks short of the zone standard"): weeks_text(t, m.zone_short_weeks),
                t._("Hours short (legal)"): t.hours(m.legal_short_hours, 0),
                t._("Hours short (zone)"): t.hours(m.zone_short_hours, 0),
            }
        )
    return pd.DataFrame(rows)


def hycap_table(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """The yearly HyCap line (MFO-2) and what of it was lent, done and is projected."""
    t = Text.for_lang(lang)
    h = ytd.hycap
    figures = [
        (t._("Yearly HyCap line"), t.hours(h.line_hours, 0)),
        (t._("Lent (planned)"), t.hours(h.lent_hours, 0)),
        (t._("Done"), t.hours(h.done_hours, 0)),
        (t._("Achieved"), t.hours(h.achieved_hours, 0)),
        (t._("Projection for the year"), t.hours(h.projection_hours, 0)),
        (t._("Remaining on the line"), t.hours(h.remaining_hours, 0)),
        (t._("Share of the line used"), t.percent(h.share_used)),
    ]
    if h.declared_hours:
        figures.append(
            (t._("Used this year as zone.toml declares it"), t.hours(h.declared_hours, 0))
        )
    return pd.DataFrame(figures, columns=[t._("Figure"), t._("Person-hours")])


def hycap_data(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """The HyCap line as bars: achieved so far and the projection for the year, each
    against the line (`line` on every row, for the rule)."""
    t = Text.for_lang(lang)
    h = ytd.hycap
    rows = [
        ("achieved", t._("Achieved"), h.achieved_hours),
        ("projection", t._("Projection for the year"), h.projection_hours),
    ]
    return pd.DataFrame(
        [
            dict(
                measure=m,
                measure_label=label,
                hours=round(x, 1),
                text=t.hours(x, 0),
                line=h.line_hours,
                line_label=t._("Yearly line {hours}", hours=t.hours(h.line_hours, 0)),
            )
            for m, label, x in rows
        ]
    )


# -- norm compliance by week --------------------------------------------------------------------
def week_state(record: WeekRecord | None) -> str:
    """A week's state (WEEK_STATES) from its plan: its worst shortfall."""
    if record is None:
        return "no_plan"
    if record.shortfalls.get("legal", 0.0) > 0 or record.legal_short_hours > 0:
        return "legal_short"
    if record.shortfalls.get("zone", 0.0) > 0 or record.zone_short_hours > 0:
        return "zone_short"
    if any(record.shortfalls.get(kind, 0.0) > 0 for kind in STATUS_KINDS if kind not in LEVELS):
        return "other_short"
    return "met"


def compliance_matrix(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """Every week of the year by every kind of shortfall (planner.results.STATUS_KINDS):
    the hours short (None for a week without a plan) and the week's state, worst first."""
    t = Text.for_lang(lang)
    plans = {r.week: r for r in ytd.records}
    rows = []
    for k, w in enumerate(ytd.weeks):
        record = plans.get(w)
        state = week_state(record)
        for kind in STATUS_KINDS:
            rows.append(
                dict(
                    week=w,
                    number=k + 1,
                    kind=kind,
                    kind_label=L.status_kind(t, kind),
                    hours=None if record is None else float(record.shortfalls.get(kind, 0.0)),
                    state=state,
                )
            )
    return pd.DataFrame(rows, columns=["week", "number", "kind", "kind_label", "hours", "state"])


def calendar_data(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """One cell per week of the year for the compliance calendar: a row per quarter, the
    week's place in it, its state in words and what was short (for the tooltip)."""
    t = Text.for_lang(lang)
    plans = {r.week: r for r in ytd.records}
    rows = []
    column = {q: 0 for q in range(4)}
    for w in ytd.weeks:
        q = quarter(w)
        record = plans.get(w)
        state = week_state(record)
        short = [
            f"{L.status_kind(t, kind)} {t.hours(h, 0)}"
            for kind, h in (record.shortfalls.items() if record else [])
            if h > 0
        ]
        rows.append(
            dict(
                week=w,
                label=week_short(w),
                quarter=q,
                quarter_label=t._("Q{n}", n=q + 1),
                column=column[q],
                state=state,
                state_label=state_label(t, state),
                detail="; ".join(short) or state_label(t, state),
            )
        )
        column[q] += 1
    return pd.DataFrame(rows)


# -- the capacity waterfall and the main shortfalls ---------------------------------------------
def waterfall_data(ytd: YearToDate, lang: str) -> pd.DataFrame:
    """The past weeks' capacity waterfall summed, as the weekly waterfall's bars (the same
    steps, HyCap apart from the other commitments)."""
    return views.waterfall_bars(ytd.waterfall, ytd.hycap.lent_hours, lang)


def main_shortfalls(ytd: YearToDate) -> list[tuple[str, str, tuple[str, ...], float]]:
    """The year's shortfalls by cause, largest first: (kind, subject, weeks, hours), the
    subject a basic functionality for the norms' kinds (legal, zone), empty for the others
    (HyCap, other commitments, pinned operations, priority floors)."""
    found: dict[tuple[str, str], tuple[list[str], float]] = {}

    def add(kind: str, subject: str, week: str, hours: float) -> None:
        weeks, total = found.get((kind, subject), ([], 0.0))
        found[(kind, subject)] = ([*weeks, week], total + hours)

    for r in ytd.records:
        for (fid, level), hours in r.norm_short.items():
            if hours > 0:
                add(level, fid, r.week, hours)
        for kind, hours in r.shortfalls.items():
            if kind not in LEVELS and hours > 0:
                add(kind, "", r.week, hours)
    rows = [(k, s, tuple(w), h) for (k, s), (w, h) in found.items()]
    return sorted(rows, key=lambda row: (-row[3], STATUS_KINDS.index(row[0]), row[1]))


def shortfalls_table(ytd: YearToDate, lang: str, limit: int | None = None) -> pd.DataFrame:
    """The main shortfalls in words: kind, what, the number of weeks and which, hours."""
    t = Text.for_lang(lang)
    rows = main_shortfalls(ytd)[:limit]
    return pd.DataFrame(
        [
            {
                t._("Kind"): L.status_kind(t, kind),
                t._("What"): L.functionality(t, subject) if subject else "—",
                t._("Weeks"): t.number(len(weeks), 0),
                t._("Which weeks"): weeks_text(t, weeks),
                t._("Hours short"): t.hours(hours, 0),
            }
            for kind, subject, weeks, hours in rows
        ],
        columns=[t._("Kind"), t._("What"), t._("Weeks"), t._("Which weeks"), t._("Hours short")],
    )


# -- the proposal for next year -----------------------------------------------------------------
def proposal_numbers(base: Plan, proposed: Plan) -> pd.DataFrame:
    """A proposed scenario's price against the baseline, on one week planned under both:
    per priority and per kind of shortfall (planner.results.comparison_values' codes),
    the hours a week under each, the difference a week and the difference over a year
    (× WEEKS_PER_YEAR)."""
    rows = []
    for code, by in comparison_values([base, proposed]).items():
        if not code.startswith(("priority:", "short:")) and code != "capacity_for_priorities":
            continue
        a, b = by[base.problem.scenario], by[proposed.problem.scenario]
        rows.append(
            dict(
                figure=code,
                baseline_hours=round(a, 1),
                proposal_hours=round(b, 1),
                difference_week=round(b - a, 1),
                difference_year=round((b - a) * WEEKS_PER_YEAR, 1),
            )
        )
    return pd.DataFrame(rows)


def proposal_table(base: Plan, proposed: Plan, lang: str) -> pd.DataFrame:
    """The proposal's price in words: each figure (priorities, capacity for priorities,
    the kinds of shortfall that change), baseline and proposal a week, the difference a
    week and a year. Kinds of shortfall that stay zero under both are left out."""
    t = Text.for_lang(lang)
    labels = {code: label for code, label, _ in views.comparison_rows([base, proposed], lang)}
    numbers = proposal_numbers(base, proposed)
    keep = ~numbers["figure"].str.startswith("short:") | (
        (numbers["baseline_hours"] != 0) | (numbers["proposal_hours"] != 0)
    )
    rows = []
    for r in numbers[keep].itertuples(index=False):
        rows.append(
            {
                t._("Figure"): labels[r.figure],
                t._("Baseline, a week"): t.hours(r.baseline_hours, 0),
                t._("Proposal, a week"): t.hours(r.proposal_hours, 0),
                t._("Difference a week"): t.hours(r.difference_week, 0, signed=True),
                t._("Difference a year (× {n})", n=WEEKS_PER_YEAR): t.hours(
                    r.difference_year, 0, signed=True
                ),
            }
        )
    return pd.DataFrame(rows)
