"""Formulation layer: the soft terms, each a named shortfall variable of the model.

Every requirement that may go uncovered has one shortfall variable; its key says which rule
and which subject it belongs to, so results and explanations read them as data, never by
parsing a name apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEGAL, ZONE = "legal", "zone"


@dataclass(frozen=True, order=True)
class SoftTerm:
    """One shortfall of a requirement.

    `rule` is the basic mission (intervention, reception, neighbourhood, investigation,
    traffic, public_order, victim_assistance) or the commitment type (hycap, ...);
    `level` legal or zone; `subject` the commitment's id ("" for a basic mission);
    `block` the block of a per-block requirement, `day` the day of a daily one (both None
    for a weekly one). One unit of the variable costs `unit_hours` hours (not part of the
    key: `SoftTerm("traffic", "legal")` finds the weekly traffic term)."""

    rule: str
    level: str
    subject: str = ""
    block: int | None = None
    day: int | None = None
    unit_hours: int = field(default=1, compare=False)

    @property
    def is_commitment(self) -> bool:
        return bool(self.subject)

    @property
    def name(self) -> str:
        """The variable's name in the model: 'short[rule,where,level]'."""
        if self.subject:
            where = f"{self.subject}@{self.block}"
        elif self.block is not None:
            where = str(self.block)
        elif self.day is not None:
            where = f"day{self.day}"
        else:
            where = "week"
        return f"short[{self.rule},{where},{self.level}]"
