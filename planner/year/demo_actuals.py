"""Made-up actuals for a demo zone: plan each week of a range and keep what
`generate_actuals` says was done as the zone folder's `actuals/<week>.csv`.

    python -m planner.year.demo_actuals data/zone-demo --year 2026 --until 2026-W48

The zone is loaded once; each week is planned with the baseline scenario (about 2 s a week
for the demo zone). A week that cannot be planned is reported on stderr and skipped; the
exit status is then 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.api import plan_week
from planner.export import plan_table, to_csv_text, write_file
from planner.timegrid import parse_week, shift_week, week_label
from planner.year.actuals import actuals_path, actuals_text, generate_actuals
from planner.zone_io import load_zone


def weeks_of(year: int, until: str) -> list[str]:
    """The ISO weeks from week 1 of `year` to `until`, both included."""
    week, last = week_label(year, 1), week_label(*parse_week(until))
    out = []
    while week <= last:
        out.append(week)
        week = shift_week(week, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m planner.year.demo_actuals", description=__doc__)
    ap.add_argument("zone_dir")
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--until", required=True, help="the last week, e.g. 2026-W48")
    ap.add_argument("--seed", type=int, help="default: the zone's seed ([zone] seed)")
    args = ap.parse_args(argv)
    folder = Path(args.zone_dir)
    zone = load_zone(folder)
    seed = zone.settings.seed if args.seed is None else args.seed
    failed = []
    for week in weeks_of(args.year, args.until):
        try:
            plan = plan_week(zone, week)
            done = generate_actuals(to_csv_text(plan_table(plan)), zone, week, seed)
        except Exception as exc:  # noqa: BLE001 - one week's failure must not stop the others
            print(f"{week}: not planned ({type(exc).__name__}: {exc})", file=sys.stderr)
            failed.append(week)
            continue
        path = write_file(folder / actuals_path(week), actuals_text(done, zone).encode("utf-8"))
        print(f"{week}: {len(done.lines)} lines -> {path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
