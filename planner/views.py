"""Presentation layer: a plan, a comparison or a zone's inputs as the tables the app draws,
in the user's language. Pure functions of results and data (no Streamlit), so the app's
pages only pick inputs, call these and draw, and every figure shown is tested here.

Numbers stay numbers in the `*_data` frames that feed charts; the `*_table` frames that are
shown as tables hold text formatted for the language (1 234,5 h), since a user reads them
and the CSV downloads come from `planner.export` with the scheduling tool's schema.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from planner.domain import BASIC_MISSIONS, Zone
from planner.problem import Problem
from planner.report import comparison_table
from planner.results import STATUS_KINDS, Plan
from planner.text.inputs import expected_text
from planner.ui_text import (
    TEXT,
    absence_type_label,
    bilingual_label,
    check_lang,
    clock,
    commitment_type_label,
    day_name,
    fmt_hours,
    fmt_number,
    fmt_percent,
    fmt_signed_hours,
    fmt_weight,
    functionality_label,
    level_label,
    localise_where,
    norm_unit_label,
    priority_label,
    split_label,
    status_label,
    t,
    time_span,
    waterfall_label,
)

TOTAL_STEPS = ("contract_hours", "available", "capacity_for_priorities", "unallocated")
# Steps the chef de corps always expects to see, even at zero hours.
KEY_STEPS = ("absences", "basic_missions", "hycap", "other_commitments", "priority_operations")


# -- small helpers ----------------------------------------------------------------------------
def _priority_names(plan: Plan, lang: str) -> dict[str, str]:
    return {q.id: priority_label(q.id, q.label_fr, q.label_nl, lang) for q in plan.problem.priorities}


def block_day_time(problem: Problem, b: int) -> tuple[int, int, int]:
    """Operational day, start and end minute (wall clock, may pass midnight) of block `b`."""
    blk = problem.grid.blocks[b]
    return blk.day, blk.start_minute, blk.start_minute + 60 * problem.zone.settings.block_hours


def block_text(problem: Problem, b: int, lang: str) -> str:
    day, start, end = block_day_time(problem, b)
    return f"{day_name(day, lang)} {time_span(start, end)}"


def day_label(problem: Problem, day: int, lang: str) -> str:
    """'sam 05/12': the operational day (a night block belongs to the day it starts from)."""
    date = problem.grid.monday + dt.timedelta(days=day)
    return f"{day_name(day, lang)} {date:%d/%m}"


def scenario_title(zone: Zone, name: str, lang: str) -> str:
    s = zone.scenarios.get(name)
    return split_label(s.label, name, lang) if s is not None else name


# -- key figures ------------------------------------------------------------------------------
def key_figures(plan: Plan) -> dict[str, float]:
    """The figures shown at the top of the week plan, in hours (efficiency as a share)."""
    w = plan.waterfall.set_index("step")["hours"]
    ops = plan.operations
    budget = plan.hycap_budget
    status = plan.status
    return {
        "available": float(w.get("available", 0.0)),
        "capacity": float(w.get("capacity_for_priorities", 0.0)),
        "priority_hours": float(ops["hours"].sum()) if len(ops) else 0.0,
        "efficiency": float(plan.efficiency),
        **{f"{kind}_short": float(status.hours(kind)) for kind in STATUS_KINDS},
        "hycap_week": float(budget["this_week_hours"]),
        "hycap_line": float(budget["yearly_line_hours"]),
        "hycap_before": float(budget["used_before_hours"]),
        "hycap_left": float(budget["remaining_hours"]),
        "pinned_placed": float(ops["pinned"].sum()) if len(ops) else 0.0,
        "pinned_total": float(len(plan.problem.pinned)),
        "unallocated": float(w.get("unallocated", 0.0)),
    }


_MAX_BLOCKS = 8  # blocks named on a status line before "+N more"


def _status_subject(plan: Plan, kind: str, subject: str, lang: str) -> str:
    p = plan.problem
    if kind in ("legal", "zone"):
        return functionality_label(subject, lang)
    if kind in ("hycap", "commitment"):
        label = next((c.commitment.label for c in p.commitments if c.commitment.id == subject), "")
        return split_label(label, subject, lang) if label else subject
    if kind == "pinned":
        op = next((o for o in p.operations if o.id == subject), None)
        return bilingual_label(op.label_fr, op.label_nl, subject, lang) if op else subject
    q = next((q for q in p.priorities if q.id == subject), None)
    return priority_label(subject, q.label_fr, q.label_nl, lang) if q else subject


def status_lines(plan: Plan, lang: str) -> list[str]:
    """The plan's status in words: no line when everything is met, else one line per kind
    of shortfall with its hours, what is short and where (blocks, or the week)."""
    p = plan.problem
    lines = []
    for s in plan.status.shortfalls:
        where = [block_text(p, b, lang) for b in s.blocks[:_MAX_BLOCKS]]
        if len(s.blocks) > _MAX_BLOCKS:
            where.append(t("status_more_blocks", lang, n=len(s.blocks) - _MAX_BLOCKS))
        lines.append(t("status_line", lang, kind=t(f"status_kind_{s.kind}", lang),
                       h=fmt_hours(s.hours, lang),
                       what=", ".join(_status_subject(plan, s.kind, x, lang) for x in s.subjects),
                       where="; ".join(where) if where else t("where_week", lang)))
    return lines


def plan_notes(plan: Plan, lang: str) -> list[str]:
    """The problem's notes in the language (the one known note is translated)."""
    out = []
    for note in plan.problem.notes:
        if note.startswith("No dated inputs in weeks/"):
            out.append(t("note_no_dated_inputs", lang, week=plan.problem.grid.label))
        else:
            out.append(note)
    return out


# -- capacity waterfall -----------------------------------------------------------------------
def waterfall_data(plan: Plan, lang: str) -> pd.DataFrame:
    """The waterfall as bars: totals from zero, each step from the running total.

    HyCap and the other commitments are one step in the results; they are split here by
    the requests' reserved hours because the chef de corps reports HyCap on its own."""
    w = plan.waterfall.set_index("step")["hours"]
    com = plan.commitments
    hycap = float(com.loc[com["type"] == "hycap", "reserved_hours"].sum()) if len(com) else 0.0
    lent = -float(w.get("hycap_and_commitments", 0.0))
    other = max(0.0, lent - hycap)
    steps: list[tuple[str, float]] = []
    for step, hours in w.items():
        if step == "hycap_and_commitments":
            steps += [("hycap", -min(hycap, lent)), ("other_commitments", -other)]
        else:
            steps.append((str(step), float(hours)))
    rows = []
    running = 0.0
    for order, (step, hours) in enumerate(steps):
        if step in TOTAL_STEPS:
            start, end, kind = 0.0, hours, "total"
            running = hours
        else:
            if abs(hours) < 0.05:
                if step not in KEY_STEPS:
                    continue
                hours = 0.0  # shown, as a step the reader looks for, but never as "-0"
            start, end = running, running + hours
            kind = "increase" if hours > 0 else "decrease"
            running = end
        rows.append(dict(order=order, step=step, label=waterfall_label(step, lang), hours=round(hours, 1),
                         start=round(start, 1), end=round(end, 1), kind=kind,
                         kind_label=t(f"wf_kind_{kind}", lang), text=fmt_hours(hours, lang, 0)))
    return pd.DataFrame(rows, columns=["order", "step", "label", "hours", "start", "end", "kind",
                                       "kind_label", "text"])


def waterfall_table(plan: Plan, lang: str) -> pd.DataFrame:
    data = waterfall_data(plan, lang)
    return pd.DataFrame({t("col_step", lang): data["label"],
                         t("col_person_hours", lang): [fmt_hours(h, lang) for h in data["hours"]]})


# -- norms --------------------------------------------------------------------------------------
def norms_table(plan: Plan, lang: str) -> pd.DataFrame:
    """One row per functionality and level: required, planned, shortfall, status, where."""
    n = plan.norms
    return pd.DataFrame({
        t("col_functionality", lang): [functionality_label(f, lang) for f in n["functionality"]],
        t("col_level", lang): [level_label(v, lang) for v in n["level"]],
        t("col_required", lang): [fmt_hours(x, lang) for x in n["required_hours"]],
        t("col_planned", lang): [fmt_hours(x, lang) for x in n["planned_hours"]],
        t("col_status", lang): [status_label(s, h, lang) for s, h in zip(n["status"], n["shortfall_hours"], strict=True)],
        t("col_where", lang): [localise_where(w, lang) for w in n["where"]],
        t("col_unit", lang): [norm_unit_label(u, lang) for u in n["unit"]],
    })


def norms_matrix(plan: Plan, lang: str) -> pd.DataFrame:
    """The seven functionalities by level, each cell 'met' or 'short X h': the compliance
    at a glance, with where the shortfalls are."""
    n = plan.norms
    rows = []
    for fid in [f for f in BASIC_MISSIONS if f in set(n["functionality"])]:
        sub = n[n["functionality"] == fid].set_index("level")
        cells = {}
        for level in ("legal", "zone"):
            if level in sub.index:
                r = sub.loc[level]
                cells[level] = status_label(r["status"], float(r["shortfall_hours"]), lang)
            else:
                cells[level] = "—"
        where = "; ".join(dict.fromkeys(localise_where(w, lang) for w in sub["where"] if w))
        rows.append({
            t("col_functionality", lang): functionality_label(fid, lang),
            t("col_legal", lang): cells["legal"],
            t("col_zone", lang): cells["zone"],
            t("col_where", lang): where,
        })
    return pd.DataFrame(rows)


# -- priorities ---------------------------------------------------------------------------------
def priorities_data(plan: Plan, lang: str) -> pd.DataFrame:
    """Per priority: planned hours and the hours its weight share alone would give, long
    format for grouped bars."""
    pr = plan.priorities
    names = _priority_names(plan, lang)
    total = float(pr["hours"].sum()) if len(pr) else 0.0
    rows = []
    for r in pr.itertuples(index=False):
        for measure, hours in (("planned", float(r.hours)), ("by_weight", float(r.weight_share) * total)):
            rows.append(dict(priority=r.priority, label=names.get(r.priority, r.priority), measure=measure,
                             measure_label=t(f"measure_{measure}", lang), hours=round(hours, 1),
                             text=fmt_hours(hours, lang, 0)))
    return pd.DataFrame(rows, columns=["priority", "label", "measure", "measure_label", "hours", "text"])


def priorities_table(plan: Plan, lang: str) -> pd.DataFrame:
    pr = plan.priorities
    names = _priority_names(plan, lang)
    return pd.DataFrame({
        t("col_priority", lang): [names.get(p, p) for p in pr["priority"]],
        t("col_weight", lang): [fmt_weight(w, lang) for w in pr["weight"]],
        t("col_weight_share", lang): [fmt_percent(s, lang) for s in pr["weight_share"]],
        t("col_hours", lang): [fmt_hours(h, lang) for h in pr["hours"]],
        t("col_share", lang): [fmt_percent(s, lang) for s in pr["share"]],
        t("col_floor", lang): [fmt_hours(f, lang) if f else "—" for f in pr["floor_hours"]],
        t("col_cap", lang): [t("no_cap", lang) if c is None or pd.isna(c) else fmt_hours(c, lang)
                             for c in pr["cap_hours"]],
        t("col_operations", lang): [fmt_number(n, lang, 0) for n in pr["operations"]],
    })


# -- week grid ----------------------------------------------------------------------------------
def grid_groups(plan: Plan, lang: str) -> dict[str, str]:
    """The activities the week grid can show, id -> label, in a fixed order: basic missions
    on duty, on-call cover, HyCap, other commitments, then the priorities."""
    groups: dict[str, str] = {}
    for fid in BASIC_MISSIONS:
        groups[fid] = functionality_label(fid, lang)
    for fid in ("public_order", "victim_assistance"):
        groups[f"{fid}:on_call"] = t("grp_on_call", lang, f=functionality_label(fid, lang))
    groups["hycap"] = t("grp_hycap", lang)
    groups["commitments"] = t("grp_commitments", lang)
    groups.update(_priority_names(plan, lang))
    return groups


def default_grid_groups(plan: Plan) -> list[str]:
    """What a grid shows first: everything that takes officers off the street, without the
    on-call cover (an on-call officer also works elsewhere, so adding it double counts)."""
    present = set(week_grid_data(plan, "en")["group"])
    return [g for g in grid_groups(plan, "en") if g in present and not g.endswith(":on_call")]


def week_grid_data(plan: Plan, lang: str) -> pd.DataFrame:
    """Officers at work per block and activity group, long format with the block's day and
    time, for a heat map (days x blocks) or stacked bars."""
    p = plan.problem
    labels = grid_groups(plan, lang)
    counts: dict[tuple[int, str], float] = {}

    def add(b: int, group: str, officers: float) -> None:
        counts[(b, group)] = counts.get((b, group), 0.0) + officers

    for r in plan.basic.itertuples(index=False):
        if r.duty == "on_call_at_home":  # at home: not in the zone's blocks
            continue
        add(int(r.block), r.activity if r.duty == "on_duty" else f"{r.activity}:on_call", float(r.officers))
    for r in plan.lent.itertuples(index=False):
        add(int(r.block), "hycap" if r.type == "hycap" else "commitments", float(r.officers))
    for r in plan.operations.itertuples(index=False):
        for b in range(int(r.start_block), int(r.end_block) + 1):
            add(b, r.priority, float(r.officers))
    rows = []
    for (b, group), officers in sorted(counts.items()):
        day, start, end = block_day_time(p, b)
        blk = p.grid.blocks[b]
        rows.append(dict(block=b, day=day, day_label=day_label(p, day, lang), slot=blk.slot, time=time_span(start, end), group=group,
                         group_label=labels.get(group, group), officers=officers,
                         hours=officers * float(p.block_hours[b])))
    return pd.DataFrame(rows, columns=["block", "day", "day_label", "slot", "time", "group",
                                       "group_label", "officers", "hours"])


def week_grid_totals(plan: Plan, groups: list[str], lang: str) -> pd.DataFrame:
    """Officers per block summed over the chosen groups, every block present (zeros
    included) so the heat map has no holes."""
    data = week_grid_data(plan, lang)
    data = data[data["group"].isin(groups)]
    p = plan.problem
    summed = data.groupby("block")["officers"].sum()
    rows = []
    for blk in p.grid.blocks:
        day, start, end = block_day_time(p, blk.index)
        rows.append(dict(block=blk.index, day=day, day_label=day_label(p, day, lang), slot=blk.slot, time=time_span(start, end),
                         officers=float(summed.get(blk.index, 0.0))))
    return pd.DataFrame(rows, columns=["block", "day", "day_label", "slot", "time", "officers"])


def week_grid_table(plan: Plan, groups: list[str], lang: str) -> pd.DataFrame:
    """The grid as a table: one row per block time, one column per day."""
    totals = week_grid_totals(plan, groups, lang)
    order = totals.drop_duplicates("day").sort_values("day")["day_label"].tolist()
    times = totals.sort_values("slot").drop_duplicates("slot")["time"].tolist()
    table = totals.pivot_table(index="time", columns="day_label", values="officers", aggfunc="sum")
    table = table.reindex(index=times, columns=order).fillna(0).astype(int)
    table.index.name = t("col_block", lang)
    table.columns.name = None
    return table


# -- operations ---------------------------------------------------------------------------------
def operations_table(plan: Plan, lang: str, priority: str | None = None,
                     pinned_only: bool = False) -> pd.DataFrame:
    """The priority operations, crews of the same operation at the same time on one line:
    when, what, how many crews of how many officers, qualification, pinned mark."""
    ops = plan.operations
    if priority:
        ops = ops[ops["priority"] == priority]
    if pinned_only:
        ops = ops[ops["pinned"]]
    cols = [t(k, lang) for k in ("col_day", "col_time", "col_priority", "col_operation", "col_crews",
                                 "col_crew", "col_person_hours", "col_qualification", "col_pinned",
                                 "col_note")]
    if ops.empty:
        return pd.DataFrame(columns=cols)
    p = plan.problem
    names = _priority_names(plan, lang)
    op_types = {o.id: o for o in p.operations}
    grouped = ops.groupby(["start_block", "end_block", "operation", "priority", "pinned"], sort=True).agg(
        crews=("hours", "size"), officers=("officers", "first"), hours=("hours", "sum"),
        qualification=("qualification", "first"),
        note=("note", lambda s: "; ".join(dict.fromkeys(x for x in s if x))))
    rows = []
    for (start_block, end_block, op, pid, pinned), r in grouped.iterrows():
        day, start, _ = block_day_time(p, int(start_block))
        _, _, end = block_day_time(p, int(end_block))
        o = op_types.get(op)
        rows.append([
            day_label(p, day, lang),
            time_span(start, end),
            names.get(pid, pid),
            bilingual_label(o.label_fr, o.label_nl, op, lang) if o else op,
            int(r["crews"]), int(r["officers"]), fmt_hours(float(r["hours"]), lang),
            (r["qualification"] or "—").replace(";", ", "),
            "⚑" if pinned else "", r["note"],
        ])
    return pd.DataFrame(rows, columns=cols)


def commitments_table(plan: Plan, lang: str) -> pd.DataFrame:
    c = plan.commitments
    cols = [t(k, lang) for k in ("col_type", "col_label", "col_day", "col_time", "col_requested",
                                 "col_officers", "col_person_hours", "col_qualification", "col_status")]
    rows = []
    for r in c.itertuples(index=False):
        day = r.start.weekday()
        status = t("covered", lang) if r.shortfall_hours == 0 else status_label("short", r.shortfall_hours, lang) \
            + f" ({localise_where(r.where, lang)})"
        rows.append([commitment_type_label(r.type, lang), r.label or r.id,
                     f"{day_name(day, lang)} {r.start:%d/%m}",
                     time_span(r.start.hour * 60 + r.start.minute, r.end.hour * 60 + r.end.minute),
                     int(r.officers), int(r.planned_officers), fmt_hours(r.hours, lang),
                     r.qualification or "—", status])
    return pd.DataFrame(rows, columns=cols)


# -- comparison ---------------------------------------------------------------------------------
def comparison_figures(plans: list[Plan], lang: str) -> pd.DataFrame:
    """Key figures of each scenario side by side, then for every other scenario its
    difference from the first, in hours and in percent of the first."""
    table = comparison_table(plans)
    names = [p.problem.scenario for p in plans]
    first = names[0]
    prio = {q.id: priority_label(q.id, q.label_fr, q.label_nl, lang) for q in plans[0].problem.priorities}
    titles = {n: scenario_title(p.problem.zone, n, lang) for n, p in zip(names, plans, strict=True)}
    rows = []
    for key, values in table.iterrows():
        key = str(key)
        pid = key[: -len(" hours")] if key.endswith(" hours") else key
        if f"cf_{key}" in _CF_KEYS:
            label = t(f"cf_{key}", lang)
        elif pid in prio:
            label = t("cf_priority hours", lang, p=prio[pid])
        else:
            label = key
        row = {t("col_figure", lang): label}
        for n in names:
            row[titles[n]] = fmt_hours(float(values[n]), lang)
        for n in names[1:]:
            diff = float(values[n]) - float(values[first])
            base = float(values[first])
            row[t("cmp_diff_of", lang, other=titles[n], first=titles[first])] = fmt_signed_hours(diff, lang)
            row[t("cmp_diff_pct_of", lang, other=titles[n], first=titles[first])] = (
                fmt_percent(diff / abs(base), lang, signed=True) if abs(base) > 1e-9 else "—")
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_numbers(plans: list[Plan]) -> pd.DataFrame:
    """The comparison with differences in hours and percent, as numbers (for CSV export)."""
    table = comparison_table(plans)
    names = [p.problem.scenario for p in plans]
    out = table[names].copy()
    first = names[0]
    for n in names[1:]:
        out[f"{n} - {first} hours"] = (table[n] - table[first]).round(1)
        base = table[first].where(table[first].abs() > 1e-9)
        out[f"{n} - {first} percent"] = ((table[n] - table[first]) / base.abs() * 100).round(1)
    out.index.name = "figure"
    return out.reset_index()


def comparison_priorities_data(plans: list[Plan], lang: str) -> pd.DataFrame:
    rows = []
    for order, plan in enumerate(plans):
        name = plan.problem.scenario
        names = _priority_names(plan, lang)
        for r in plan.priorities.itertuples(index=False):
            rows.append(dict(scenario=name, scenario_label=scenario_title(plan.problem.zone, name, lang),
                             order=order, priority=r.priority, label=names.get(r.priority, r.priority),
                             hours=float(r.hours), text=fmt_hours(float(r.hours), lang, 0)))
    return pd.DataFrame(rows, columns=["scenario", "scenario_label", "order", "priority", "label", "hours", "text"])


def comparison_status(plans: list[Plan], lang: str) -> pd.DataFrame:
    """The plan's status (rows) per scenario (columns): overall, then each functionality and
    level, then HyCap, other commitments, pinned operations and priority floors."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for plan in plans:
        title = scenario_title(plan.problem.zone, plan.problem.scenario, lang)
        status = plan.status
        rows.setdefault(("overall", ""), {})[title] = (
            t("status_met", lang) if status.ok else t("status_kinds_short", lang, n=len(status.shortfalls)))
        for r in plan.norms.itertuples(index=False):
            key = (r.functionality, r.level)
            rows.setdefault(key, {})[title] = status_label(r.status, r.shortfall_hours, lang)
        for kind in STATUS_KINDS[2:]:
            hours = status.hours(kind)
            rows.setdefault((kind, ""), {})[title] = status_label("met" if hours == 0 else "short", hours, lang)
    out = []
    for (subject, level), cells in rows.items():
        if subject == "overall":
            label = t("status_overall", lang)
        elif level:
            label = functionality_label(subject, lang)
        else:
            label = t(f"status_kind_{subject}", lang)
        out.append({t("col_functionality", lang): label,
                    t("col_level", lang): level_label(level, lang) if level else "", **cells})
    return pd.DataFrame(out)


# -- zone inputs --------------------------------------------------------------------------------
def zone_settings_table(zone: Zone, lang: str) -> pd.DataFrame:
    s = zone.settings
    operational = sum(1 for o in zone.officers if o.operational)
    rows = [
        ("set_name", s.name),
        ("set_inhabitants", fmt_number(s.inhabitants, lang, 0)),
        ("set_communes", ", ".join(s.communes)),
        ("set_timezone", s.timezone),
        ("set_block_hours", fmt_hours(s.block_hours, lang, 0)),
        ("set_day_start", clock(s.day_start_minute)),
        ("set_shifts", ", ".join(f"{k} {time_span(a, b)}" for k, (a, b) in s.shifts.items())),
        ("set_staff", fmt_number(len(zone.officers), lang, 0)),
        ("set_operational", fmt_number(operational, lang, 0)),
        ("set_hycap_share", fmt_percent(s.hycap_yearly_share, lang)),
        ("set_hycap_used", fmt_hours(s.hycap_used_hours_ytd, lang)),
        ("set_net_hours", fmt_hours(s.net_productive_hours_per_year, lang, 0)),
    ]
    return pd.DataFrame({t("col_setting", lang): [t(k, lang) for k, _ in rows],
                         t("col_setting_value", lang): [str(v) for _, v in rows]})


def staff_table(zone: Zone) -> pd.DataFrame:
    """staff.csv as read (ids are pseudonymous in the zone's files)."""
    return pd.DataFrame([dict(id=o.id, unit=o.unit, team=o.team, grade=o.grade,
                              contract_hours=o.contract_hours,
                              qualifications=";".join(sorted(o.qualifications)))
                         for o in zone.officers],
                        columns=["id", "unit", "team", "grade", "contract_hours", "qualifications"])


def staff_summary(zone: Zone) -> pd.DataFrame:
    staff = staff_table(zone)
    if staff.empty:
        return staff
    return staff.pivot_table(index="unit", columns="grade", values="id", aggfunc="count", fill_value=0,
                             margins=True, margins_name="Σ")


def teams_table(zone: Zone) -> pd.DataFrame:
    return pd.DataFrame([dict(team=tm.id, anchor=tm.anchor.isoformat(), cycle=" ".join(tm.cycle))
                         for tm in zone.teams.values()], columns=["team", "anchor", "cycle"])


def _window_text(w, lang: str) -> str:
    days = ", ".join(day_name(d, lang) for d in w.days)
    months = f" ({', '.join(str(m) for m in w.months)})" if w.months else ""
    return f"{days} {time_span(w.start_minute, w.end_minute)}{months}"


def priorities_input_table(zone: Zone, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        "id": q.id, t("col_label", lang): priority_label(q.id, q.label_fr, q.label_nl, lang),
        t("col_weight", lang): fmt_weight(q.weight, lang),
        t("col_floor", lang): fmt_hours(q.floor_hours, lang) if q.floor_hours else "—",
        t("col_cap", lang): fmt_hours(q.cap_hours, lang) if q.cap_hours is not None else t("no_cap", lang),
    } for q in zone.priorities])


def operations_input_table(zone: Zone, lang: str) -> pd.DataFrame:
    names = {q.id: priority_label(q.id, q.label_fr, q.label_nl, lang) for q in zone.priorities}
    return pd.DataFrame([{
        "id": o.id, t("col_operation", lang): bilingual_label(o.label_fr, o.label_nl, o.id, lang),
        t("col_priority", lang): names.get(o.priority, o.priority),
        t("col_crew", lang): o.crew, t("col_hours", lang): fmt_hours(o.duration_hours, lang, 0),
        t("col_qualification", lang): ", ".join(sorted(o.qualifications)) or "—",
        "windows": "; ".join(_window_text(w, lang) for w in o.windows),
        "preferred": "; ".join(_window_text(w, lang) for w in o.preferred),
        "max_per_day": o.max_per_day,
    } for o in zone.operations])


def scenarios_table(zone: Zone, lang: str) -> pd.DataFrame:
    rows = []
    for name, s in zone.scenarios.items():
        changes = []
        changes += [f"{k} = {fmt_weight(v, lang)}" for k, v in s.weights.items()]
        changes += [f"{k} ≥ {fmt_hours(v, lang)}" for k, v in s.floors.items()]
        changes += [f"{k} ≤ {fmt_hours(v, lang)}" for k, v in s.caps.items() if v is not None]
        if s.absence_rate:
            changes.append(f"+{fmt_percent(s.absence_rate, lang)} {t('wf_absences', lang).lower()}")
        changes += [f"{u} {n:+d}" for u, n in s.staff_change.items()]
        changes += [f"{commitment_type_label(str(c.get('type', 'hycap')), lang)} {c.get('day')} "
                    f"{c.get('start')}–{c.get('end')} × {c.get('officers')}" for c in s.commitments]
        changes += [f"{k} = {v}" for k, v in s.norms.items()]
        rows.append({"id": name, t("col_label", lang): split_label(s.label, name, lang),
                     t("adj_changes", lang): "; ".join(changes) or "—"})
    return pd.DataFrame(rows)


def week_inputs_tables(zone: Zone, week: str, lang: str) -> dict[str, pd.DataFrame]:
    """The week's dated inputs: absences, commitments and pinned operations, local times."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone.settings.timezone)
    w = zone.week_inputs(week)
    lang = check_lang(lang)
    return {
        "absences": pd.DataFrame([dict(officer=a.officer, type=absence_type_label(a.type, lang),
                                       start=f"{a.start.astimezone(tz):%Y-%m-%d %H:%M}",
                                       end=f"{a.end.astimezone(tz):%Y-%m-%d %H:%M}") for a in w.absences],
                                 columns=["officer", "type", "start", "end"]),
        "commitments": pd.DataFrame([dict(id=c.id, type=commitment_type_label(c.type, lang), label=c.label,
                                          start=f"{c.start.astimezone(tz):%Y-%m-%d %H:%M}",
                                          end=f"{c.end.astimezone(tz):%Y-%m-%d %H:%M}",
                                          officers=c.officers, qualification=c.qualification)
                                     for c in w.commitments],
                                    columns=["id", "type", "label", "start", "end", "officers", "qualification"]),
        "pinned": pd.DataFrame([dict(operation=pn.operation, start=f"{pn.start.astimezone(tz):%Y-%m-%d %H:%M}",
                                     note=pn.note) for pn in w.pinned],
                               columns=["operation", "start", "note"]),
    }


def _visible(text: str) -> str:
    """`text` with invisible characters (NUL, line breaks, bidirectional-text controls)
    written as escapes, e.g. '\\u202e', as the command line shows them."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def issues_table(issues: list, lang: str) -> pd.DataFrame:
    """Input problems with file, row, field, value and what was expected."""
    return pd.DataFrame([{
        t("col_file", lang): i.file,
        t("col_row", lang): "" if i.row is None else str(i.row),
        t("col_field", lang): i.field,
        t("col_value", lang): _visible(i.value if len(i.value) <= 80 else i.value[:77] + "..."),
        t("col_expected", lang): expected_text(i, lang),
    } for i in issues], columns=[t(k, lang) for k in ("col_file", "col_row", "col_field", "col_value", "col_expected")])


_CF_KEYS = {k for k in TEXT if k.startswith("cf_")}

__all__ = [
    "block_text",
    "commitments_table",
    "comparison_figures",
    "comparison_status",
    "comparison_numbers",
    "comparison_priorities_data",
    "default_grid_groups",
    "grid_groups",
    "issues_table",
    "key_figures",
    "norms_matrix",
    "norms_table",
    "operations_table",
    "plan_notes",
    "priorities_data",
    "priorities_table",
    "scenario_title",
    "status_lines",
    "waterfall_data",
    "week_grid_data",
    "week_grid_table",
    "week_grid_totals",
    "zone_settings_table",
]


# -- explanations ------------------------------------------------------------------------------

def explanation_sections(expl, plan: Plan, lang: str) -> dict[str, object]:
    """What the 'Why?' panel draws: per priority a title and its reasons, per shortfall its
    diagnosis and ranked repairs, the price of one more officer and the trade-offs, worded
    by the text layer in the language."""
    from planner.text import Text
    from planner.text import explain as words

    tx, p = Text.for_lang(lang), plan.problem
    priorities: list[tuple[str, str, list[str]]] = []
    for q in p.priorities:
        rows = [f for f in expl.findings if f.subject == q.id]
        name = words.priority_name(tx, p, q.id)
        head = next((words.finding(tx, p, f) for f in rows if f.code == "hours"), name)
        priorities.append((name, head, [words.finding(tx, p, f) for f in rows if f.code != "hours"]))
    shortfalls = [(words.shortfall_when(tx, p, s), words.shortfall_why(tx, p, s),
                   [words.repair(tx, p, s, r) for r in s.repairs]) for s in expl.shortfalls]
    price = expl.marginal.copy()
    if len(price):
        price.insert(0, "staff", [words.price_staff(tx, q, u) for q, u in zip(price["qualifications"],
                                                                            price["unit"], strict=True)])
        price["block_label"] = [words.block(tx, p, int(b)) for b in price["block"]]
        price = price.drop(columns=["block", "qualifications", "unit"])
        price = price.rename(columns={f"gain_{q.id}": words.priority_name(tx, p, q.id) for q in p.priorities})
        price = price.rename(columns={"staff": t("col_staff", lang), "block_label": t("col_block", lang),
                                      "gain_basic_missions": t("col_basic_missions", lang),
                                      "gain_total": "total"})
        price = price[[t("col_block", lang), t("col_staff", lang)]
                      + [c for c in price.columns if c not in (t("col_block", lang), t("col_staff", lang))]]
    tradeoffs = [words.tradeoff(tx, p, r) for r in expl.tradeoffs.to_dict("records")]
    return {"priorities": priorities, "shortfalls": shortfalls, "price": price, "tradeoffs": tradeoffs}
