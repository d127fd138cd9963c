"""Codes in words: the one place where a functionality, a level, a kind of shortfall, a
waterfall step, an absence or commitment type, a qualification, a staff unit or a block of
the week becomes text in the reader's language. Everything here takes a `Text` (see
planner.text) and the code the core returned; a code this module does not know is shown as
it is, so new data never breaks a page.

The msgids are literal English sentences, so Babel's extractor finds every one of them.
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import get_decimal_symbol, get_group_symbol

from planner.domain import humanise
from planner.text import Text


# -- clock and blocks ---------------------------------------------------------------------------
def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (past midnight wraps: 1500 -> 01:00)."""
    m = int(minutes) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def time_span(start_minute: int, end_minute: int) -> str:
    return f"{clock(start_minute)}–{clock(end_minute)}"


def block_day_time(problem, b: int) -> tuple[int, int, int]:
    """Operational day, start and end minute (wall clock, may pass midnight) of block `b`:
    a night block belongs to the day its shift starts from."""
    blk = problem.grid.blocks[b]
    return blk.day, blk.start_minute, blk.start_minute + 60 * problem.zone.settings.block_hours


def block(t: Text, problem, b: int, long: bool = False) -> str:
    """The one block labeller: 'sam. 23:00–03:00' (the operational day, then the times);
    `long` names the day in full with its date, for a list read away from the week grid:
    'samedi 05/12 23:00–03:00'."""
    day, start, end = block_day_time(problem, b)
    if long:
        date = problem.grid.monday + dt.timedelta(days=day)
        return f"{t.day(day, long=True)} {date:%d/%m} {time_span(start, end)}"
    return f"{t.day(day)} {time_span(start, end)}"


def day_with_date(t: Text, problem, day: int) -> str:
    """'sam. 05/12': the operational day and its date."""
    date = problem.grid.monday + dt.timedelta(days=day)
    return f"{t.day(day)} {date:%d/%m}"


def where(t: Text, problem, blocks, by_day: bool = False, limit: int | None = None) -> str:
    """Where something is short: the blocks (or, for a daily norm, their days), at most
    `limit` of them then '+N more blocks'; no block at all means the week as a whole."""
    blocks = [int(b) for b in blocks]
    if not blocks:
        return t._("over the week")
    if by_day:
        days = sorted({problem.grid.blocks[b].day for b in blocks})
        return "; ".join(t.day(d) for d in days)
    shown = blocks if limit is None else blocks[:limit]
    parts = [block(t, problem, b) for b in shown]
    if len(blocks) > len(shown):
        parts.append(t.n_("+{n} more block", "+{n} more blocks", len(blocks) - len(shown)))
    return "; ".join(parts)


def ordinal(t: Text, n: int) -> str:
    """1 -> '1er' (fr), '1e' (nl), '1st' (en); 2 -> '2e', '2e', '2nd'."""
    if t.lang == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if t.lang == "fr" and n == 1:
        return "1er"
    return f"{n}e"


def vega_number_locale(t: Text) -> dict[str, object]:
    """d3-format locale for the charts' axes, so they group and mark decimals like the tables."""
    return {
        "decimal": get_decimal_symbol(t.locale),
        "thousands": get_group_symbol(t.locale),
        "grouping": [3],
        "currency": ["", "\u00a0€"],
    }


# -- the zone's codes ---------------------------------------------------------------------------
def functionality(t: Text, fid: str) -> str:
    """The seven basic functionalities by their official names (DOMAIN.md)."""
    names = {
        "intervention": t._("Intervention"),
        "reception": t._("Reception"),
        "neighbourhood": t._("Neighbourhood work"),
        "victim_assistance": t._("Victim assistance"),
        "investigation": t._("Local investigation"),
        "public_order": t._("Public order"),
        "traffic": t._("Traffic"),
    }
    return names.get(fid, fid)


def unit(t: Text, uid: str) -> str:
    """A staff unit (staff.csv `unit`): the functionality it serves, or support."""
    if uid == "support":
        return t._("Support")
    return functionality(t, uid)


def qualification(t: Text, code: str) -> str:
    names = {
        "OPA": t._("public order (OPA)"),
        "breath": t._("breath testing"),
        "drugs": t._("drug testing"),
        "hycap": t._("HyCap"),
        "radar": t._("speed camera"),
        "radicalism": t._("radicalism information"),
        "techno_prevention": t._("techno-prevention"),
        "victim_assistance": t._("victim assistance"),
    }
    return names.get(code, code)


def qualifications(t: Text, codes) -> str:
    """A set of qualification codes ('breath;radar', or an iterable) as words, or a dash."""
    if isinstance(codes, str):
        codes = [c for c in codes.replace("+", ";").split(";") if c]
    return ", ".join(qualification(t, c) for c in sorted(codes)) or "—"


def level(t: Text, code: str) -> str:
    return {"legal": t._("Legal minimum"), "zone": t._("Zone standard")}.get(code, code)


def status_kind(t: Text, kind: str) -> str:
    """The kinds of shortfall (planner.results.STATUS_KINDS)."""
    return {
        "legal": t._("Legal minimum"),
        "zone": t._("Zone standard"),
        "hycap": t._("HyCap"),
        "commitment": t._("Other commitments"),
        "pinned": t._("Pinned operations"),
        "floor": t._("Priority floors"),
    }.get(kind, kind)


def status(t: Text, code: str, shortfall_hours: float) -> str:
    if code == "met":
        return t._("✓ met")
    return t._("⚠ short {h}", h=t.hours(shortfall_hours))


def waterfall_step(t: Text, step: str) -> str:
    return {
        "contract_hours": t._("Contract hours"),
        "roster_minus_contract": t._("Roster minus contracts (week)"),
        "not_schedulable": t._("Not schedulable (part blocks)"),
        "absences": t._("Absences"),
        "available": t._("Available"),
        "support_and_calog_not_in_basic_missions": t._("Support and CALog outside basic missions"),
        "basic_missions": t._("Basic functionalities"),
        "hycap": t._("HyCap"),
        "other_commitments": t._("Other commitments"),
        "hycap_and_commitments": t._("HyCap and commitments"),
        "traffic_reserve_run_as_road_safety": t._("Traffic reserve run as road safety"),
        "capacity_for_priorities": t._("Capacity for priorities"),
        "priority_operations": t._("Priority operations"),
        "unallocated": t._("Unallocated"),
    }.get(step, step)


def waterfall_kind(t: Text, kind: str) -> str:
    return {"total": t._("Total"), "decrease": t._("Decrease"), "increase": t._("Increase")}.get(
        kind, kind
    )


def commitment_type(t: Text, kind: str) -> str:
    return {
        "hycap": t._("HyCap"),
        "training": t._("Training"),
        "court": t._("Court"),
        "cell_guard": t._("Cell guard"),
        "transfer": t._("Transfer"),
        "administration": t._("Administration"),
        "other": t._("Other"),
    }.get(kind, kind)


def absence_type(t: Text, kind: str) -> str:
    return {
        "leave": t._("Leave"),
        "sickness": t._("Sickness"),
        "training": t._("Training"),
        "court": t._("Court"),
        "other": t._("Other"),
    }.get(kind, kind)


def grade(t: Text, code: str) -> str:
    """A staff grade (staff.csv `grade`): the rank, with the code people use for it."""
    return {
        "agent": t._("police officer (agent)"),
        "INP": t._("inspector (INP)"),
        "INPP": t._("chief inspector (INPP)"),
        "CP": t._("commissioner (CP)"),
        "CDP": t._("chief commissioner (CDP)"),
        "calog_A": t._("CALog level A"),
        "calog_B": t._("CALog level B"),
        "calog_C": t._("CALog level C"),
        "calog_D": t._("CALog level D"),
    }.get(code, code)


def norm_unit(t: Text, fid: str, level_code: str) -> str:
    """What a basic functionality's norm counts (the same for both levels, except local
    investigation: service each day by law, investigator hours by the zone)."""
    if fid == "investigation":
        return (
            t._("hours of service each day")
            if level_code == "legal"
            else t._("investigator hours per week")
        )
    return {
        "intervention": t._("officers on duty every hour"),
        "reception": t._("staffed opening hours"),
        "neighbourhood": t._("inspector hours per week"),
        "victim_assistance": t._("on-call coverage hours"),
        "public_order": t._("on-call coverage hours (OPA)"),
        "traffic": t._("share of all staff hours"),
    }.get(fid, "")


def norm_short_by_day(fid: str, level_code: str) -> bool:
    """The one norm counted per day (local investigation's legal minimum): its shortfall is
    named by days, the others by blocks or the week."""
    return fid == "investigation" and level_code == "legal"


# -- the zone's own labels ------------------------------------------------------------------------
def data_label(t: Text, item) -> str:
    """A name the zone's files give (a priority, an operation type), in the language, with
    the data's own fallback (planner.domain.Labels.pick)."""
    return item.label(t.lang)


def priority(t: Text, q) -> str:
    """A priority of the zone (a planner.domain.Priority)."""
    return data_label(t, q)


def split_label(t: Text, label: str, name: str) -> str:
    """Scenario and zone names in the data are written 'French / Dutch'; show the language's
    half (English: the name, humanised). A label without ' / ' is shown whole."""
    parts = [p.strip() for p in label.split(" / ")] if label else []
    if len(parts) == 2:
        return {"fr": parts[0], "nl": parts[1]}.get(t.lang, humanise(name))
    return label or humanise(name)


def zone_name(t: Text, label: str) -> str:
    """A zone's name ('Zone de police X / Politiezone X'): the language's half, or the whole
    name in English (a zone's name is not translated)."""
    return label if t.lang == "en" else split_label(t, label, label)


def scenario_name(t: Text, zone, name: str) -> str:
    """A scenario's title with its id when they differ: 'Vague de grippe (flu_wave)'."""
    s = zone.scenarios.get(name)
    title = split_label(t, s.label, name) if s is not None else name
    return title if title == name else f"{title} ({name})"


def mission_labels(fid: str) -> tuple[str, str]:
    """The French and Dutch names of a functionality, for the label columns of the CSV files."""
    return functionality(Text.for_lang("fr"), fid), functionality(Text.for_lang("nl"), fid)
