"""The command line's printout: a plan's summary and a scenario comparison, in one language
per run (English unless a Text is given), worded through the text layer (planner.text)."""

from __future__ import annotations

import pandas as pd

from planner.results import Plan, PlanStatus
from planner.text import Text
from planner.text import labels as L
from planner.text.inputs import warning_text
from planner.views import comparison_figures, plan_notes
from planner.views import status_lines as worded

_MAX_BLOCKS = 8  # block labels shown on a status line before "+N more"
_NBSP = ("\u00a0", "\u202f")
ENGLISH = Text.for_lang("en")  # the default of these functions; the command line picks --lang


def _plain(text: str) -> str:
    """No-break spaces as plain spaces: a terminal aligns and copies them better."""
    for space in _NBSP:
        text = text.replace(space, " ")
    return text


def _days(t: Text, days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> 'lun.–ven., dim.'."""
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(t.day(r[0]) + (f"–{t.day(r[-1])}" if len(r) > 1 else "") for r in runs)


def reception_line(plan: Plan, t: Text = ENGLISH) -> str | None:
    """Desk opening hours against the whole blocks reserved for them, and which blocks the
    desk opens in only in part (grouped by time of day); None when no desk is required."""
    p = plan.problem
    cover = p.reception
    if not cover.open_hours or not p.reception_zone.any():
        return None
    groups: dict[tuple[str, str], list[int]] = {}
    for rb in cover.partial_blocks:
        day, start_minute, end_minute = L.block_day_time(p, rb.block)
        blk = p.grid.blocks[rb.block]
        start, end = p.grid.local(blk.start_utc), p.grid.local(blk.end_utc)
        parts = []
        for a, b in rb.open_spans:
            a, b = p.grid.local(a), p.grid.local(b)
            if a == start:
                parts.append(t._("closes at {time}", time=f"{b:%H:%M}"))
            elif b == end:
                parts.append(t._("opens at {time}", time=f"{a:%H:%M}"))
            else:
                parts.append(t._("open {span}", span=f"{a:%H:%M}–{b:%H:%M}"))
        groups.setdefault((L.time_span(start_minute, end_minute), ", ".join(parts)), []).append(day)
    why = "; ".join(f"{_days(t, days)} {span} {what}" for (span, what), days in groups.items())
    line = t._(
        "reception: desk open {open}, reserved {reserved} in whole blocks of {block}",
        open=t.hours(cover.open_hours),
        reserved=t.hours(cover.reserved_hours),
        block=t.hours(p.grid.block_hours, 0),
    )
    return line + (f" ({why})" if why else "")


def warning_lines(warnings, t: Text = ENGLISH) -> list[str]:
    """The warnings section, empty when there are none."""
    if not warnings:
        return []
    return ["", t._("Warnings (the inputs load, but break a rule)")] + [
        "  " + _plain(warning_text(w, t.lang)) for w in warnings
    ]


def _label(text: str, width: int) -> str:
    return text if len(text) >= width else text + " " * (width - len(text))


def summary(plan: Plan, t: Text = ENGLISH) -> str:
    p = plan.problem
    h = t.hours
    lines = [
        t._(
            "{zone} - week {week} ({hours}) - scenario {scenario}",
            zone=L.zone_name(t, p.zone.settings.name),
            week=p.grid.label,
            hours=h(p.grid.total_hours, 0),
            scenario=L.scenario_name(t, p.zone, p.scenario),
        )
    ]
    lines += [t._("note: {note}", note=n) for n in _notes(plan, t)]
    lines += warning_lines(p.zone.warnings, t)
    lines.append("")
    lines.append(t._("Capacity waterfall (person-hours)"))
    for r in plan.waterfall.itertuples(index=False):
        lines.append(f"  {_label(L.waterfall_step(t, r.step), 58)}{h(r.hours):>14}")
    lines.append("")
    lines.append(t._("Basic functionalities: legal minimum and zone standard"))
    for fid, rows in plan.norms.groupby("functionality", sort=False):
        parts = []
        for r in rows.itertuples(index=False):
            mark = t._("met") if r.status == "met" else t._("SHORT {h}", h=h(r.shortfall_hours))
            parts.append(
                f"{L.level(t, r.level).lower()} {h(r.planned_hours)}/{h(r.required_hours)} {mark}"
            )
        lines.append(f"  {_label(L.functionality(t, fid), 34)} " + " | ".join(parts))
        for r in rows.itertuples(index=False):
            if r.status == "short":
                where = L.where(t, p, r.short_blocks, by_day=L.norm_short_by_day(fid, r.level))
                lines.append(
                    f"  {'':<34}   "
                    + t._(
                        "{level} short in: {where}",
                        level=L.level(t, r.level).lower(),
                        where=where[:160],
                    )
                )
    desk = reception_line(plan, t)
    if desk:
        lines.append(f"  {desk}")
    if len(plan.commitments):
        lines.append("")
        lines.append(t._("HyCap and other commitments"))
        for r in plan.commitments.itertuples(index=False):
            mark = (
                t._("covered")
                if r.shortfall_hours == 0
                else t._(
                    "SHORT {h} ({where})",
                    h=h(r.shortfall_hours),
                    where=L.where(t, p, r.short_blocks),
                )
            )
            officers = t.n_(
                "{planned}/{n} officer",
                "{planned}/{n} officers",
                int(r.officers),
                planned=int(r.planned_officers),
            )
            lines.append(
                f"  {r.id:<16} {_label(L.commitment_type(t, r.type), 10)} "
                f"{t.day(r.start.weekday())} {r.start:%d/%m %H:%M}–{r.end:%H:%M} "
                f"{officers}, {mark}"
            )
    budget = plan.hycap_budget
    if budget["this_week_hours"] or budget["used_before_hours"]:
        line = t._(
            "HyCap yearly line {line}: used before {before}, this week {week}, remaining {left}",
            line=h(budget["yearly_line_hours"]),
            before=h(budget["used_before_hours"]),
            week=h(budget["this_week_hours"]),
            left=h(budget["remaining_hours"]),
        )
        flag = "" if budget["remaining_hours"] >= 0 else "  " + t._("ABOVE THE YEARLY LINE")
        lines.append(f"  {line}{flag}")
    lines.append("")
    lines.append(t._("Priorities (hours of priority operations)"))
    if p.zone.scenarios[p.scenario].catch_up:
        lines.append(
            "  "
            + t._(
                "PZS catch-up: each floor is what the priority still misses to its yearly "
                "target, spread over the weeks left and fitted to this week"
            )
        )
    names = {q.id: L.priority(t, q) for q in p.priorities}
    for r in plan.priorities.itertuples(index=False):
        cap = (
            ""
            if pd.isna(r.cap_hours) or r.cap_hours is None
            else ", " + t._("cap {h}", h=h(r.cap_hours, 0))
        )
        if r.floor_hours > 0:
            cap = ", " + t._("floor {h}", h=h(r.floor_hours, 0)) + cap
        lines.append(
            f"  {_label(names.get(r.priority, r.priority), 28)} "
            + _label(t._("weight {w}", w=t.weight(r.weight)), 12)
            + f"{h(r.hours):>14}  "
            + t._(
                "share {share} (by weight {by_weight})",
                share=t.percent(r.share),
                by_weight=t.percent(r.weight_share),
            )
            + ", "
            + t.n_("{n} operation", "{n} operations", int(r.operations))
            + cap
        )
    pinned = int(plan.operations["pinned"].sum()) if len(plan.operations) else 0
    lines.append(
        "  "
        + t._(
            "pinned operations in the plan: {placed} of {total}", placed=pinned, total=len(p.pinned)
        )
    )
    lines.append(
        "  "
        + t._(
            "allocation efficiency: {share} of the capacity for priorities",
            share=t.percent(plan.efficiency),
        )
    )
    lines.append("")
    lines += status_lines(plan, t)
    if plan.optimal:
        lines.append(t._("Solver: all stages optimal"))
    else:
        stopped = ", ".join(
            t._("{stage} (gap {gap})", stage=s.name, gap=t.percent(s.gap, 2))
            for s in plan.stages
            if s.status != "OPTIMAL"
        )
        lines.append(t._("Solver: some stages stopped at their limit: {stages}", stages=stopped))
    return _plain("\n".join(lines))


def _notes(plan: Plan, t: Text) -> list[str]:
    return plan_notes(plan, t.lang)


def status_lines(plan: Plan, t: Text = ENGLISH, status: PlanStatus | None = None) -> list[str]:
    """'Status: all met', or 'Status: SHORT' and one line per kind of shortfall: its hours,
    what is short and where (blocks, or the week for weekly norms and floors)."""
    status = plan.status if status is None else status
    if status.ok:
        return [t._("Status: all met")]
    lines = [t._("Status: SHORT")]
    for s, line in zip(status.shortfalls, worded(plan, t.lang), strict=True):
        hint = " " + t._("(see planner explain)") if s.kind == "pinned" else ""
        lines.append(f"  {_plain(line)}{hint}")
    return lines


# comparison.csv's row for each figure (the file's schema: English row names)
def comparison_text(plans: list[Plan], t: Text) -> str:
    """The comparison as the command line prints it, in the run's language."""
    return aligned_text(comparison_figures(plans, t.lang))


def aligned_text(table: pd.DataFrame) -> str:
    """A table of texts as a terminal shows it: the first column (the names) aligned left,
    the others (the figures) right, no-break spaces made plain."""
    first = table.columns[0]
    width = max(len(str(first)), *(len(str(x)) for x in table[first]))
    return _plain(table.to_string(index=False, formatters={first: lambda x: f"{x:<{width}}"}))


def weeks_text(results, folder: str, seconds: float, t: Text = ENGLISH) -> str:
    """`planner plan --weeks`'s printout: how many weeks were planned, how many have
    everything met, each week with a shortfall and its kinds, what came from the cache and
    the time of the whole run. `results` are planner.weeks.WeekResult, in week order."""
    from planner.weeks import shortfall_kinds

    n = len(results)
    met = sum(1 for r in results if r.figures.get("ok"))
    lines = [
        t.n_(
            "{n} week planned ({first} to {last})",
            "{n} weeks planned ({first} to {last})",
            n,
            first=results[0].week if results else "",
            last=results[-1].week if results else "",
        ),
        t._("Everything met: {met} of {n}", met=met, n=n),
    ]
    short = [r for r in results if not r.figures.get("ok")]
    if short:
        lines.append(t._("Weeks with shortfalls:"))
        for r in short:
            kinds = ", ".join(L.status_kind(t, k) for k in shortfall_kinds(r))
            lines.append(f"  {r.week}: {kinds or '-'}")
    cached = sum(1 for r in results if r.cached)
    if cached:
        lines.append(t.n_("{n} week read from the cache", "{n} weeks read from the cache", cached))
    lines.append(
        t.n_(
            "Wrote {n} week folder and summary.csv to {folder}/ in {seconds} s",
            "Wrote {n} week folders and summary.csv to {folder}/ in {seconds} s",
            n,
            folder=folder,
            seconds=t.number(seconds, 2),
        )
    )
    return _plain("\n".join(lines))
