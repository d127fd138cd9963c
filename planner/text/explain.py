"""Text layer: explanations in words. Findings, shortfalls and their repairs, the price of one
more officer, trade-offs and scenario differences (planner.explain, codes and values) become
sentences in French, Dutch or English through the `explain` catalogue."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from planner.explain import (
    Difference,
    Explanation,
    Finding,
    Repair,
    Shortfall,
    first_repair,
)
from planner.explain.shortfalls import STATEMENTS
from planner.problem import Problem
from planner.text import LANGS, Text
from planner.text import labels as L

D = "explain"
SHOWN_BLOCKS = 4


# -- names -------------------------------------------------------------------------------------


def data_label(item, lang: str) -> str:
    """A priority's or operation type's name from the zone's data (planner.domain.Labels)."""
    return item.label(lang)


def priority_name(t: Text, problem: Problem, pid: str) -> str:
    q = next((x for x in problem.priorities if x.id == pid), None)
    return data_label(q, t.lang) if q is not None else pid


def operation_name(t: Text, problem: Problem, oid: str) -> str:
    o = next((x for x in problem.operations if x.id == oid), None)
    return data_label(o, t.lang) if o is not None else oid


def functionality_name(t: Text, fid: str) -> str:
    names = {
        "intervention": t._("Intervention", D),
        "reception": t._("Reception", D),
        "neighbourhood": t._("Neighbourhood work", D),
        "investigation": t._("Local investigation", D),
        "traffic": t._("Traffic", D),
        "public_order": t._("Public order", D),
        "victim_assistance": t._("Victim assistance", D),
        "hycap": t._("HyCap", D),
    }
    return names.get(fid, fid)


def block(t: Text, problem: Problem, b: int, long: bool = False) -> str:
    """The one block labeller of the text layer (planner.text.labels.block)."""
    return L.block(t, problem, b, long)


def blocks(t: Text, problem: Problem, items: tuple[int, ...], long: bool = False) -> str:
    shown = ", ".join(block(t, problem, b, long) for b in items[:SHOWN_BLOCKS])
    more = len(items) - SHOWN_BLOCKS
    return shown + (t.n_(" and {n} more", " and {n} more", more, D) if more > 0 else "")


def _list(t: Text, items: list[str]) -> str:
    return t._(", ", D).join(items)


# -- findings ------------------------------------------------------------------------------------


def finding(t: Text, problem: Problem, f: Finding) -> str:
    v, g = f.values, t.round_hours(f.gain_hours)
    match f.code:
        case "hours":
            head = t._(
                "{priority}: {hours} ({share} of the priority hours; {weight_share} by its "
                "weight of {weight})",
                D,
                priority=priority_name(t, problem, f.subject),
                hours=t.round_hours(f.hours),
                share=t.percent(v["share"], 0),
                weight_share=t.percent(v["weight_share"], 0),
                weight=t.weight(v["weight"]),
            )
            if not v["operations"]:
                return head + "."
            mix = _list(
                t,
                [
                    t._("{n} × {operation}", D, n=n, operation=operation_name(t, problem, op))
                    for op, n in v["operations"]
                ],
            )
            return t._("{text}: {operations}.", D, text=head, operations=mix)
        case "floor":
            if v["met"]:
                return t._("Floor of {floor}: reached.", D, floor=t.round_hours(v["floor_hours"]))
            return t._(
                "Floor of {floor}: not reached, {missing} short.",
                D,
                floor=t.round_hours(v["floor_hours"]),
                missing=t.round_hours(v["missing_hours"]),
            )
        case "no_operation_type":
            return t._("No operation type is defined for this priority.", D)
        case "zero_weight":
            return t._("Its weight is 0: it gets only its floor and its pinned operations.", D)
        case "leftover_used_up":
            return t._(
                "The capacity the basic missions leave is used up: one more free officer in "
                "every block would give it {gain} more.",
                D,
                gain=g,
            )
        case "pinned_operations":
            ops = _list(t, [operation_name(t, problem, o) for o in v["operations"]])
            return t._(
                "Pinned operations ({operations}) take part of the capacity: without them, "
                "{gain} more.",
                D,
                operations=ops,
                gain=g,
            )
        case "qualification":
            quals = _list(t, [L.qualification(t, q) for q in v["qualifications"]])
            if f.blocks:
                return t._(
                    "Too few officers qualified in {qualifications} are free in its time "
                    "windows (none left: {blocks}): without this requirement, {gain} more.",
                    D,
                    qualifications=quals,
                    blocks=blocks(t, problem, f.blocks),
                    gain=g,
                )
            return t._(
                "Too few officers qualified in {qualifications} are free in its time "
                "windows: without this requirement, {gain} more.",
                D,
                qualifications=quals,
                gain=g,
            )
        case "windows":
            return t._(
                "Its allowed time windows are narrow: allowed all week, {gain} more.", D, gain=g
            )
        case "crew_size":
            crews = _list(t, [str(c) for c in v["crews"]])
            return t._(
                "Crews of {crews} cannot be formed in some blocks with the officers left: "
                "with crews of one, {gain} more.",
                D,
                crews=crews,
                gain=g,
            )
        case "daily_limit":
            limits = _list(
                t,
                [
                    t.n_(
                        "{operation} {n} a day",
                        "{operation} {n} a day",
                        n,
                        D,
                        operation=operation_name(t, problem, op),
                    )
                    for op, n in v["limits"]
                ],
            )
            return t._(
                "Daily limit reached ({limits}): without a limit, {gain} more.",
                D,
                limits=limits,
                gain=g,
            )
        case "cap":
            return t._(
                "Ceiling of {cap} reached: without a ceiling, {gain} more.",
                D,
                cap=t.round_hours(v["cap_hours"]),
                gain=g,
            )
        case "weight":
            return t._(
                "The rest is shared by weight with the other priorities: with a double "
                "weight ({weight}), {gain} more.",
                D,
                weight=t.weight(v["weight"]),
                gain=g,
            )
    return f.code


# -- shortfalls and repairs -----------------------------------------------------------------------


def request_name(t: Text, problem: Problem, cid: str) -> str:
    """A HyCap request or other commitment by the label the zone gave it (its id if none)."""
    c = next((x.commitment for x in problem.commitments if x.commitment.id == cid), None)
    return L.split_label(t, c.label, cid) if c is not None and c.label else cid


def shortfall_subject(t: Text, problem: Problem, s: Shortfall) -> str:
    ids = s.values.get("commitments", ())
    if ids:
        names = list(dict.fromkeys(request_name(t, problem, c) for c in ids))
        return t._(
            "{kind} ({requests})",
            D,
            kind=functionality_name(t, s.functionality),
            requests=_list(t, names),
        )
    return functionality_name(t, s.functionality)


def shortfall_when(t: Text, problem: Problem, s: Shortfall, long: bool = False) -> str:
    """Where a shortfall falls: its block ('sam. 11:00–15:00'; `long`: 'samedi 05/12
    11:00–15:00'), or the week."""
    return t._("week", D) if s.weekly else blocks(t, problem, s.blocks, long)


def officers_short(t: Text, n: int) -> str:
    return t.n_("{n} officer short", "{n} officers short", n, D)


def shortfall_size(t: Text, s: Shortfall) -> str:
    """How much is short: '2 officers short (8 h)' in a block, '143.2 h short over the
    week' for a weekly norm."""
    if s.weekly:
        return t._("{hours} short over the week", D, hours=t.round_hours(s.hours))
    return f"{officers_short(t, s.missing_officers)} ({t.round_hours(s.hours)})"


def level_name(t: Text, level: str) -> str:
    return t._("legal minimum", D) if level == "legal" else t._("zone standard", D)


def shortfall_why(t: Text, problem: Problem, s: Shortfall) -> str:
    name, level = shortfall_subject(t, problem, s), level_name(t, s.level)
    if s.weekly:
        if s.blocks:
            return t._(
                "{name} ({level}): {hours} short over the week ({blocks}).",
                D,
                name=name,
                level=level,
                hours=t.round_hours(s.hours),
                blocks=blocks(t, problem, s.blocks),
            )
        return t._(
            "{name} ({level}): {hours} short over the week.",
            D,
            name=name,
            level=level,
            hours=t.round_hours(s.hours),
        )
    v = s.values
    away = _list(
        t, [t._("{absence}: {n}", D, absence=absence_name(t, kind), n=n) for kind, n in v["absent"]]
    )
    away = away or t._("nobody absent", D)
    if v["lent"]:
        away = t.n_(
            "{absent}; {n} lent (HyCap, commitments)",
            "{absent}; {n} lent (HyCap, commitments)",
            v["lent"],
            D,
            absent=away,
        )
    missing = officers_short(t, s.missing_officers)
    return t._(
        "{name} ({level}): {missing} ({hours}). On duty among those who can do it: "
        "{on_duty}; absent: {absent}.",
        D,
        name=name,
        level=level,
        missing=missing,
        hours=t.round_hours(s.hours),
        on_duty=v["on_duty"],
        absent=away,
    )


def absence_name(t: Text, kind: str) -> str:
    names = {
        "leave": t._("leave", D),
        "sickness": t._("sick leave", D),
        "training": t._("training", D),
        "court": t._("court", D),
        "other": t._("other absence", D),
    }
    return names.get(kind, kind)


def repair(t: Text, problem: Problem, s: Shortfall, r: Repair) -> str:
    v = r.values
    left = (
        t.n_("{n} still missing", "{n} still missing", r.remaining_officers, D)
        if r.remaining_officers
        else t._("covered", D)
    )
    if s.weekly:
        if r.code == "change_shift":
            return t._(
                "Add duty hours to the unit concerned this week (overtime or a changed shift).", D
            )
        return t._("Accept staying below the zone standard this week.", D)
    match r.code:
        case "move_from_operation":
            return t._(
                "Take an officer off a priority operation: no effect, the basic missions "
                "already come first.",
                D,
            )
        case "call_back_other_unit":
            return t.n_(
                "Call in {n} officer of another unit ({units}): {left}.",
                "Call in {n} officers of another unit ({units}): {left}.",
                v["officers"],
                D,
                units=_list(t, [L.unit(t, u) for u in v["units"]]),
                left=left,
            )
        case "change_shift":
            return t.n_(
                "Move the duty of {n} officer ({unit}) to {block} (changed shift or "
                "recall): {left}.",
                "Move the duty of {n} officers ({unit}) to {block} "
                "(changed shift or recall): {left}.",
                v["officers"],
                D,
                unit=L.unit(t, v["unit"]),
                block=block(t, problem, v["block"]),
                left=left,
            )
        case "recall_from_training":
            return t.n_(
                "Postpone a training or other movable absence of {n} officer: {left}.",
                "Postpone a training or other movable absence of {n} officers: {left}.",
                v["officers"],
                D,
                left=left,
            )
        case "accept_zone_breach":
            return t._(
                "Accept staying below the zone standard in this block (the legal minimum is met).",
                D,
            )
    return r.code


def first_repair_text(t: Text, problem: Problem, s: Shortfall) -> str:
    """What to do first about a shortfall: its best repair checked by the model; else its
    first suggestion, said to be unchecked (a weekly norm's); else that none was found (a
    statement that cannot help is never offered as what to do)."""
    best = first_repair(s)
    if best is not None:
        return repair(t, problem, s, best)
    unchecked = next((r for r in s.repairs if r.code not in STATEMENTS), None)
    if unchecked is not None:
        return t._("Not checked by the model: {repair}", D, repair=repair(t, problem, s, unchecked))
    return t._("No repair found by the model.", D)


# -- prices and trade-offs ---------------------------------------------------------------------------


def price_staff(t: Text, qualifications: str, unit: str) -> str:
    """Which officer a price row adds: an officer of a unit (basic missions) or an operational
    officer with some qualifications."""
    if unit:
        return t._("officer ({unit})", D, unit=L.unit(t, unit))
    if qualifications:
        return t._(
            "operational officer with {qualifications}",
            D,
            qualifications=_list(t, [L.qualification(t, q) for q in qualifications.split("+")]),
        )
    return t._("operational officer", D)


def tradeoff(t: Text, problem: Problem, row: Mapping[str, object]) -> str:
    name = priority_name(t, problem, str(row["priority"]))
    if not row["gain_hours"] or row["gain_hours"] <= 0:
        return t._("{priority} cannot get more hours this week.", D, priority=name)
    paid = [(q.id, row.get(f"cost_{q.id}")) for q in problem.priorities]
    paid = [(pid, float(c)) for pid, c in paid if c is not None and not pd.isna(c) and c > 0]
    if not paid:
        return t._(
            "+{gain} for {priority} costs nothing (free capacity).",
            D,
            gain=t.round_hours(float(row["gain_hours"])),
            priority=name,
        )
    costs = _list(
        t,
        [
            t._(
                "{hours} of {priority}",
                D,
                hours=t.round_hours(c),
                priority=priority_name(t, problem, pid),
            )
            for pid, c in paid
        ],
    )
    return t._(
        "+{gain} for {priority} costs {costs}.",
        D,
        gain=t.round_hours(float(row["gain_hours"])),
        priority=name,
        costs=costs,
    )


# -- scenario differences ----------------------------------------------------------------------------


def difference(t: Text, problem: Problem, d: Difference) -> str:
    v = d.values
    match d.code:
        case "capacity":
            return t._(
                "{scenario}: capacity for the priorities {delta}",
                D,
                scenario=d.subject,
                delta=t.hours(v["delta_hours"], 0, signed=True),
            )
        case "priority_hours":
            return t._(
                "{priority} {delta}",
                D,
                priority=priority_name(t, problem, d.subject),
                delta=t.hours(v["delta_hours"], 0, signed=True),
            )
        case "priorities_unchanged":
            return t._("hours per priority unchanged", D)
        case "legal_kept":
            return t._("the legal minimum of the basic missions is still met", D)
        case "legal_now_met":
            return t._("the legal minimum of the basic missions is now met", D)
        case "legal_short":
            return t._(
                "legal minimum not met: {functionality} ({hours}, {blocks})",
                D,
                functionality=functionality_name(t, d.subject),
                hours=t.round_hours(v["hours"]),
                blocks=blocks(t, problem, v["blocks"]) or t._("week", D),
            )
        case "zone_short":
            return t._(
                "{functionality} below the zone standard ({hours}, {blocks})",
                D,
                functionality=functionality_name(t, d.subject),
                hours=t.round_hours(v["hours"]),
                blocks=blocks(t, problem, v["blocks"]) or t._("week", D),
            )
        case "commitments_short":
            return t._(
                "HyCap and commitments not covered: {hours} (against {before})",
                D,
                hours=t.round_hours(v["hours"]),
                before=t.round_hours(v["before_hours"]),
            )
    return d.code


def difference_lines(lang: str, problem: Problem, items: tuple[Difference, ...]) -> list[str]:
    t = Text.for_lang(lang)
    return [difference(t, problem, d) for d in items]


def differences(lang: str, problem: Problem, items: tuple[Difference, ...]) -> str:
    """The differences as one sentence, as the command line prints them."""
    return Text.for_lang(lang)._("; ", D).join(difference_lines(lang, problem, items)) + "."


# -- the whole explanation -------------------------------------------------------------------------------


def explanation_table(expl: Explanation, problem: Problem) -> pd.DataFrame:
    """explanations.csv: one row per finding, per shortfall and per repair, with its text in
    each language."""
    texts = {lang: Text.for_lang(lang) for lang in LANGS}
    rows = []

    def add(subject_type, subject, code, h, gain, say) -> None:
        rows.append(
            dict(
                subject_type=subject_type,
                subject=subject,
                code=code,
                hours=h,
                gain_hours=gain,
                **{f"text_{lang}": say(t) for lang, t in texts.items()},
            )
        )

    for f in expl.findings:
        add(
            f.subject_type,
            f.subject,
            f.code,
            f.hours,
            f.gain_hours,
            lambda t, f=f: finding(t, problem, f),
        )
    for s in expl.shortfalls:
        add(
            "functionality",
            s.functionality,
            f"shortfall_{s.level}",
            s.hours,
            0.0,
            lambda t, s=s: t._(
                "{when}: {why}",
                D,
                when=shortfall_when(t, problem, s),
                why=shortfall_why(t, problem, s),
            ),
        )
        for k, r in enumerate(s.repairs, start=1):
            add(
                "functionality",
                s.functionality,
                f"repair_{k}_{r.code}",
                s.hours,
                float(s.missing_officers - r.remaining_officers),
                lambda t, s=s, r=r: repair(t, problem, s, r),
            )
    return pd.DataFrame(
        rows,
        columns=["subject_type", "subject", "code", "hours", "gain_hours"]
        + [f"text_{lang}" for lang in ("fr", "nl", "en")],
    )


def price_table(expl: Explanation, problem: Problem) -> pd.DataFrame:
    """marginal.csv: the price rows with the officer named in English (`staff`), French and
    Dutch, in the columns the file has always had."""
    df = expl.marginal.copy()
    staff = {
        lang: [
            price_staff(Text.for_lang(lang), q, u)
            for q, u in zip(df["qualifications"], df["unit"], strict=True)
        ]
        for lang in ("en", "fr", "nl")
    }
    df = df.drop(columns=["qualifications", "unit"])
    for k, (col, lang) in enumerate((("staff", "en"), ("staff_fr", "fr"), ("staff_nl", "nl"))):
        df.insert(2 + k, col, staff[lang])
    return df


def explanation_text(expl: Explanation, problem: Problem, lang: str) -> str:
    """The whole explanation as the command line prints it, in one language."""
    t = Text.for_lang(lang)
    lines: list[str] = []
    current = None
    for f in expl.findings:
        if f.subject != current:
            current = f.subject
            lines.append("")
        lines.append(("  - " if f.code != "hours" else "") + finding(t, problem, f))
    if expl.shortfalls:
        lines += ["", t._("Shortfalls and possible repairs:", D)]
        for s in expl.shortfalls:
            lines.append(f"  {shortfall_when(t, problem, s)}: {shortfall_why(t, problem, s)}")
            lines += [
                f"    {k}. {repair(t, problem, s, r)}" for k, r in enumerate(s.repairs, start=1)
            ]
    if len(expl.marginal):
        lines += ["", t._("Price of one more officer:", D)]
        for r in expl.marginal.head(8).itertuples(index=False):
            gains = _list(
                t,
                [
                    f"{priority_name(t, problem, c[5:])} {t.round_hours(getattr(r, c), signed=True)}"
                    for c in expl.marginal.columns
                    if c.startswith("gain_")
                    and c not in ("gain_total", "gain_basic_missions")
                    and getattr(r, c)
                ]
                + (
                    [
                        t._(
                            "basic missions {hours}",
                            D,
                            hours=t.round_hours(r.gain_basic_missions, signed=True),
                        )
                    ]
                    if r.gain_basic_missions
                    else []
                ),
            )
            lines.append(
                "  "
                + t._(
                    "{block}, {staff}: {total} ({gains})",
                    D,
                    block=block(t, problem, int(r.block)),
                    staff=price_staff(t, r.qualifications, r.unit),
                    total=t.round_hours(r.gain_total, signed=True),
                    gains=gains,
                )
            )
    if len(expl.tradeoffs):
        lines += ["", t._("Trade-offs:", D)]
        lines += [f"  {tradeoff(t, problem, r)}" for r in expl.tradeoffs.to_dict("records")]
    if expl.notes:
        lines += [
            "",
            t.n_(
                "{n} what-if found no solution in time: its reason is left out.",
                "{n} what-ifs found no solution in time: their reasons are left out.",
                len(expl.notes),
                D,
            ),
        ]
    return "\n".join(lines).strip("\n")
