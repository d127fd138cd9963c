"""Explanations layer: the few differences that matter between two plans (a scenario against
the first), as codes and values."""

from __future__ import annotations

from planner.explain.findings import Difference
from planner.results import Plan


def describe_differences(first: Plan, other: Plan) -> tuple[Difference, ...]:
    out = [
        Difference(
            "capacity",
            other.problem.scenario,
            dict(delta_hours=other.capacity_for_priorities - first.capacity_for_priorities),
        )
    ]
    a, b = first.priority_hours, other.priority_hours
    deltas = sorted(((b[k] - a.get(k, 0.0), k) for k in b), key=lambda t: (-abs(t[0]), t[1]))
    moved = [(k, d) for d, k in deltas if abs(d) >= 1][:3]
    if moved:
        out += [Difference("priority_hours", k, dict(delta_hours=d)) for k, d in moved]
    else:
        out.append(Difference("priorities_unchanged"))
    legal = other.norms[(other.norms.level == "legal") & (other.norms.status == "short")]
    if legal.empty:
        out.append(
            Difference("legal_kept" if first.status.hours("legal") == 0 else "legal_now_met")
        )
    for r in legal.itertuples(index=False):
        out.append(
            Difference(
                "legal_short",
                r.functionality,
                dict(hours=float(r.shortfall_hours), blocks=tuple(r.short_blocks)),
            )
        )
    before_zone = set(
        first.norms[(first.norms.level == "zone") & (first.norms.status == "short")][
            "functionality"
        ]
    )
    for r in other.norms[
        (other.norms.level == "zone") & (other.norms.status == "short")
    ].itertuples(index=False):
        if r.functionality not in before_zone or r.where:
            out.append(
                Difference(
                    "zone_short",
                    r.functionality,
                    dict(hours=float(r.shortfall_hours), blocks=tuple(r.short_blocks)),
                )
            )
    c0 = float(first.commitments["shortfall_hours"].sum())
    c1 = float(other.commitments["shortfall_hours"].sum())
    if c1 > 0 or c0 > 0:
        out.append(Difference("commitments_short", values=dict(hours=c1, before_hours=c0)))
    return tuple(out)
