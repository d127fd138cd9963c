"""Export details: formula cells neutralised, the Excel-friendly variant, and the plan.csv
rows of a hand-made zone."""

from __future__ import annotations

import pandas as pd

from planner.api import plan_week
from planner.export import neutralise, plan_table, to_csv_text
from planner.zone_io import load_zone
from tests.tiny import WEEK, officer, operation, priority, write_zone


def test_formula_like_cells_are_neutralised():
    for bad in ("=SUM(A1)", "+1", "-2", "@cmd"):
        assert neutralise(bad) == "'" + bad
    assert neutralise("Sécurité") == "Sécurité" and neutralise(-2) == -2
    text = to_csv_text(pd.DataFrame({"label": ["=HYPERLINK(x)", "ok"], "n": [1.5, -2.0]}))
    assert "'=HYPERLINK(x)" in text and ",-2.0" in text


def test_excel_variant_uses_semicolons_decimal_commas_and_a_bom():
    text = to_csv_text(pd.DataFrame({"a": [1.5], "b": ["x"]}), excel=True)
    assert text.startswith("\ufeffa;b\n") and "1,5;x" in text


def test_plan_csv_rows_of_a_tiny_zone(tmp_path):
    """One officer 24/7, one operation type of 4 h: 42 operations, each one row with its own
    start, end and crew, in ISO 8601 with the +01:00 offset of December."""
    root = write_zone(tmp_path, [officer("O1")], [priority("drugs", 1)],
                      [operation("d", "drugs", label_fr="=danger", label_nl="x")])
    table = plan_table(plan_week(load_zone(root), WEEK))
    ops = table[table.kind == "priority_operation"]
    assert len(ops) == 42 and set(ops.hours) == {"4"} and set(ops.officers) == {1}
    assert ops.iloc[0].start == "2026-11-30T07:00:00+01:00" and ops.iloc[0].end == "2026-11-30T11:00:00+01:00"
    assert "'=danger" in to_csv_text(table)
