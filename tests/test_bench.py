"""Smoke test of the benchmark (`make bench`): a small run prints each section it ran, with
figures, and the summary; it reports missed targets rather than failing."""

import re

from planner import bench


def test_quick_bench_prints_each_section_with_figures(capsys):
    code = bench.main(
        ["--quick", "--weeks", "1", "--sizes", "50", "--seeds", "1", "--skip", "explain,process"]
    )
    out = capsys.readouterr().out
    assert code == 0
    for heading in (
        "1 weeks of the demo from 2026-W01 in one process",
        "Seeded generated zones, 1 seeds per size",
        "Median split per plan, seconds:",
        "Re-plan after one change, in-process",
        "Stages' status over every plan solved",
        "What stops the rest of the capacity for priorities",
        "Summary",
    ):
        assert heading in out
    assert "Whole process" not in out and "Explanations" not in out
    summary = out[out.index("Summary") :]
    for figure in ("weeks: one demo week", "zones: 50 staff, one plan", "replan: one weight"):
        line = next(x for x in summary.splitlines() if x.startswith(figure))
        assert re.search(r"\d+\.\d{3}", line), line
    assert re.search(r"\d+ stages: \d+ OPTIMAL, \d+ FEASIBLE", out)
