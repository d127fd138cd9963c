"""Explanations layer: what an explanation is made of, as codes and values.

No words here: a finding says which rule (`code`) held a subject back and by how many hours,
a shortfall which functionality is short where and what repairs would do. The text layer
(planner.text.explain) turns them into sentences in each language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Finding:
    """A statement or reason about a priority. `code` is one of: hours, floor (statements),
    no_operation_type, zero_weight, leftover_used_up, pinned_operations, qualification,
    windows, crew_size, daily_limit, cap, weight (reasons). `hours` is the priority's hours
    in the plan, `gain_hours` what relaxing the reason gives it (0 for statements)."""

    code: str
    subject: str
    hours: float = 0.0
    gain_hours: float = 0.0
    blocks: tuple[int, ...] = ()
    values: Mapping[str, object] = field(default_factory=dict)
    subject_type: str = "priority"


@dataclass(frozen=True)
class Repair:
    """A way to cover a shortfall. `code`: move_from_operation, call_back_other_unit,
    change_shift, recall_from_training, accept_zone_breach. `remaining_officers` is what is
    still missing after it (checked by solving stage 1 again when `verified`)."""

    code: str
    remaining_officers: int
    verified: bool
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Shortfall:
    """A basic mission or commitment short: in one block (`blocks` of one), or over the week
    (`weekly`; `blocks` then says where, when known)."""

    functionality: str
    level: str  # legal | zone
    blocks: tuple[int, ...]
    hours: float
    missing_officers: int
    repairs: tuple[Repair, ...] = ()
    weekly: bool = False
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Difference:
    """One difference that matters between two plans. `code`: capacity, priority_hours,
    priorities_unchanged, legal_kept, legal_now_met, legal_short, zone_short,
    commitments_short."""

    code: str
    subject: str = ""
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """A what-if that found no solution (`status`: no_solution or time_limit): its reason is
    left out rather than guessed."""

    what: str
    subject: str
    status: str


@dataclass(frozen=True)
class Explanation:
    findings: tuple[Finding, ...]
    marginal: pd.DataFrame  # block, block_label, qualifications, unit, gain_*, gain_total
    tradeoffs: pd.DataFrame  # priority, gain_hours, cost_<priority>...
    shortfalls: tuple[Shortfall, ...]
    notes: tuple[Note, ...] = ()
