"""Catch-up, explicitly: the hours each priority still misses to its yearly target become
floors for the coming weeks, so that the week's allocation is "catch up, then share by
weight". A scenario asks for it with `catch_up = true` (scenarios.toml).

A priority's floor in week w is what it still misses (target minus achieved, see
`planner.year.ytd`) times the week's share of the weeks left (the PZS's quarterly profile, or
evenly). Within capacity: when a week's floors add up to more than its capacity for the
priorities (known from its plan without catch-up), they are scaled down together to fit,
so catching up never asks more than the week has. Floors are whole hours, rounded down.
Only hour targets give floors: a count of operations does not say how many hours it takes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from planner.year import Pzs
from planner.year.ytd import YearToDate, week_shares


def catch_up_floors(
    ytd: YearToDate,
    pzs: Pzs | None,
    weeks: list[str],
    capacity: Mapping[str, float] | None = None,
) -> dict[str, dict[str, float]]:
    """Floors by week (those of `weeks` that are left in `ytd`'s year) and priority;
    `capacity` maps a week to its capacity for priorities, to keep the floors within it."""
    wanted = [w for w in weeks if w in ytd.left]
    floors: dict[str, dict[str, float]] = {w: {} for w in wanted}
    if pzs is None or not wanted:
        return floors
    for p in ytd.priorities:
        target = pzs.target(p.priority, ytd.year)
        if target is None or target.hours is None:
            continue
        missing = max(0.0, target.hours - p.hours.achieved)
        shares = week_shares(target, ytd.year)
        share_left = sum(shares[w] for w in ytd.left)
        for w in wanted:
            part = shares[w] / share_left if share_left > 0 else 1 / len(ytd.left)
            floors[w][p.priority] = missing * part
    for w, by_priority in floors.items():
        total = sum(by_priority.values())
        room = capacity.get(w) if capacity is not None else None
        scale = min(1.0, room / total) if room is not None and total > 0 else 1.0
        floors[w] = {pid: float(math.floor(h * scale)) for pid, h in by_priority.items()}
    return floors
