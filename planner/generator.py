"""Input/output layer: write synthetic zone folders of any size (50 to 3,000 staff),
deterministic by seed, for tests, benchmarks and as the base of the sample zones.

The shape follows DOMAIN.md's reference sizes: about 83 % operational staff and 17 % CALog,
intervention on a rotating early/late/night pattern, daytime neighbourhood, investigation
and traffic units, a reception desk, and qualifications held by plausible shares of staff.
Officer ids are pseudonymous (e.g. INT-0042).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

SHIFTS = {
    "E": "07:00-15:00",  # early
    "L": "15:00-23:00",  # late
    "N": "23:00-07:00",  # night
    "D": "07:00-15:00",  # day work
    "X": "11:00-19:00",  # day work, later
    "V": "15:00-23:00",  # evening work
    "R": "07:00-19:00",  # reception, long day
}

# unit -> (share of operational staff, teams: (name, anchor offset days, cycle))
UNITS = {
    "intervention": (0.46, [(f"INT-{k}", k, "E E L L N N - - - -") for k in range(0, 10, 2)]),
    "neighbourhood": (
        0.20,
        [
            ("NBH-D", 0, "D D D D D - -"),
            ("NBH-X", 0, "X X X X X - -"),
            ("NBH-V", 0, "- V V V V V -"),
        ],
    ),
    "investigation": (
        0.13,
        [
            ("INV-A", 0, "D D D D D - -"),
            ("INV-B", 0, "- - X X X X X"),
            ("INV-C", 0, "- - V V V V V"),
        ],
    ),
    "traffic": (0.13, [("TRF-D", 0, "D D D D D - -"), ("TRF-V", 0, "- - V V V V V")]),
    "reception": (0.08, [(f"REC-{k}", k, "R R - -") for k in range(4)]),
}
CALOG_UNITS = {"support": 0.7, "traffic": 0.2, "reception": 0.1}

# The priorities and operations are the demo zone's (one definition): the generic patrols'
# daily limit, 150 there, scales with the generated zone's size.
PRIORITIES_FILE = Path(__file__).resolve().parent.parent / "data" / "zone-demo" / "priorities.toml"
GENERIC_DAILY_LIMIT = "max_per_day = 150"


def priorities_toml(many: str) -> str:
    """The demo zone's priorities.toml with the generic patrols' daily limit set to `many`."""
    text = PRIORITIES_FILE.read_text(encoding="utf-8")
    return text.replace(GENERIC_DAILY_LIMIT, f"max_per_day = {many}")


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\", \\\\, \\n, \\uXXXX) are TOML's too."""
    return json.dumps(text, ensure_ascii=False)


def zone_toml(name: str, inhabitants: int, communes: list[str], seed: int, extra: str = "") -> str:
    shifts = "\n".join(f'{k} = "{v}"' for k, v in SHIFTS.items())
    # the OPA on-call rota's day at home: not a working shift, so exempt from the 12-hour rule
    shifts += '\nC = { time = "07:00-07:00", exception = true }'

    communes_list = ", ".join(_toml_string(c) for c in communes)
    return f"""# Zone settings. Every figure DOMAIN.md marks (default) can be set here.
[zone]
name = {_toml_string(name)}
inhabitants = {inhabitants}
communes = [{communes_list}]
timezone = "Europe/Brussels"
seed = {seed}
# the codes the operations and requests may ask for, even when nobody holds one this year
qualifications = ["OPA", "victim_assistance", "hycap", "breath", "radar", "drugs",
                  "techno_prevention", "radicalism"]

[grid]
block_hours = 4
day_start = "07:00"

[shifts]
{shifts}

[norms]
reception_window = {{ days = "Mon-Sun", start = "07:00", end = "19:00" }}
reception_officers_legal = 1
reception_officers_zone = 1
intervention_teams_day = 3
intervention_teams_night = 2
intervention_extra_teams_weekend_night = 1
neighbourhood_inhabitants_per_inspector_zone = 4000
investigation_share = 0.10
traffic_share_zone = 0.08
road_safety_counts_for_traffic = true

[staffing]
intervention = ["intervention"]
reception = ["reception"]
neighbourhood = ["neighbourhood"]
investigation = ["investigation"]
traffic = ["traffic"]
operations = ["intervention", "neighbourhood", "traffic", "investigation"]
commitments = ["intervention", "neighbourhood", "traffic", "investigation"]

[hycap]
yearly_share = 0.013
used_hours_ytd = 0

[capacity]
net_productive_hours_per_year = 1500
{extra}"""


def _officers(staff: int, rng: random.Random) -> list[dict]:
    operational = round(staff * 0.83)
    calog = staff - operational
    rows = []
    counts = {u: max(len(teams), round(share * operational)) for u, (share, teams) in UNITS.items()}
    counts["intervention"] += operational - sum(counts.values())
    counts["intervention"] = max(counts["intervention"], 5)
    prefix = {
        "intervention": "INT",
        "neighbourhood": "NBH",
        "investigation": "INV",
        "traffic": "TRF",
        "reception": "REC",
    }
    for unit, n in counts.items():
        teams = UNITS[unit][1]
        for k in range(n):
            team = teams[k % len(teams)][0]
            leader = k < len(teams)  # the first officer of each team leads it
            grade = (
                "CP"
                if leader and unit == "intervention"
                else rng.choices(["agent", "INP", "INPP", "CP"], weights=[10, 70, 16, 4])[0]
            )
            quals = set()
            if grade in ("CP", "CDP") or (leader and unit == "intervention"):
                quals.add("OPA")
            if unit == "intervention":
                if k < 2 * len(teams) or rng.random() < 0.2:
                    quals.add("victim_assistance")
                if rng.random() < 0.5:
                    quals.add("hycap")
                if rng.random() < 0.45:
                    quals.add("breath")
                if rng.random() < 0.15:
                    quals.add("radar")
                if rng.random() < 0.12:
                    quals.add("drugs")
            elif unit == "traffic":
                quals |= {"radar", "breath"}
            elif unit == "neighbourhood":
                if rng.random() < 0.15:
                    quals.add("techno_prevention")
                if rng.random() < 0.08:
                    quals.add("radicalism")
                if rng.random() < 0.1:
                    quals.add("victim_assistance")
            elif unit == "investigation":
                if rng.random() < 0.4:
                    quals.add("drugs")
                if rng.random() < 0.1:
                    quals.add("radicalism")
            hours = 38 if rng.random() > 0.1 else 30.4  # some 4/5 part-time
            rows.append(
                dict(
                    id=f"{prefix[unit]}-{k + 1:04d}",
                    unit=unit,
                    team=team,
                    grade=grade,
                    contract_hours=f"{hours:g}",
                    qualifications=";".join(sorted(quals)),
                )
            )
    for k in range(calog):
        unit = rng.choices(list(CALOG_UNITS), weights=list(CALOG_UNITS.values()))[0]
        team = "CAL-D"
        grade = rng.choices(["calog_A", "calog_B", "calog_C", "calog_D"], weights=[10, 30, 40, 20])[
            0
        ]
        rows.append(
            dict(
                id=f"CAL-{k + 1:04d}",
                unit=unit,
                team=team,
                grade=grade,
                contract_hours="38",
                qualifications="",
            )
        )
    return rows


def _teams(anchor: dt.date) -> list[dict]:
    rows = []
    for _, (_, teams) in UNITS.items():
        for name, offset, cycle in teams:
            rows.append(
                dict(
                    team=name, anchor=(anchor + dt.timedelta(days=offset)).isoformat(), cycle=cycle
                )
            )
    rows.append(dict(team="CAL-D", anchor=anchor.isoformat(), cycle="D D D D D - -"))
    # the OPA on-call rota: one pattern per weekday, 24 h at home once a week
    for k in range(7):
        rows.append(
            dict(
                team=f"OPA-CALL-{k}",
                anchor=(anchor + dt.timedelta(days=k)).isoformat(),
                cycle="C - - - - - -",
            )
        )
    return rows


def _on_call_rota(officers: list[dict]) -> list[dict]:
    """Seven OPA officers of the day-work units, each on call at home one day a week (a
    zone keeps an administrative-police officer reachable and recallable at all times)."""
    opa = [
        o["id"]
        for o in officers
        if "OPA" in o["qualifications"].split(";") and o["unit"] != "intervention"
    ] or [o["id"] for o in officers if "OPA" in o["qualifications"].split(";")]
    return [dict(officer=opa[k % len(opa)], team=f"OPA-CALL-{k}") for k in range(7)] if opa else []


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def generate_zone(
    folder: str | Path,
    staff: int,
    seed: int = 1,
    inhabitants: int | None = None,
    name: str | None = None,
    week: str | None = "2026-W49",
    absence_rate: float = 0.12,
) -> Path:
    """Write a complete zone folder with `staff` members; returns its path."""
    if not 20 <= staff <= 5000:
        raise ValueError("staff must be between 20 and 5,000")
    if week:  # checked before anything is written
        from planner.timegrid import parse_week

        monday = dt.date.fromisocalendar(*parse_week(week), 1)
    rng = random.Random(seed)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    inhabitants = inhabitants or staff * 330
    name = name or f"Zone synthétique {staff} / Synthetische zone {staff}"
    anchor = dt.date(2026, 1, 5)  # a Monday: the cycles' day 0
    (root / "zone.toml").write_text(
        zone_toml(name, inhabitants, [f"Commune {k + 1}" for k in range(3)], seed), encoding="utf-8"
    )
    # generic patrols scale with the zone: a large zone runs many crews a day
    many = str(max(40, staff // 2))
    (root / "priorities.toml").write_text(priorities_toml(many), encoding="utf-8")
    officers = _officers(staff, rng)
    _write_csv(
        root / "staff.csv",
        officers,
        ["id", "unit", "team", "grade", "contract_hours", "qualifications"],
    )
    _write_csv(root / "teams.csv", _teams(anchor), ["team", "anchor", "cycle"])
    _write_csv(root / "on_call.csv", _on_call_rota(officers), ["officer", "team"])
    if week:
        wdir = root / "weeks" / week
        wdir.mkdir(parents=True, exist_ok=True)
        absences = []
        types = ["leave", "leave", "sickness", "training", "court"]
        for o in officers:
            if rng.random() < absence_rate:
                kind = rng.choice(types)
                first = rng.randrange(7)
                length = 1 if kind in ("training", "court") else rng.randint(2, 7)
                last = min(6, first + length - 1)
                absences.append(
                    dict(
                        officer=o["id"],
                        type=kind,
                        start=(monday + dt.timedelta(days=first)).isoformat(),
                        end=(monday + dt.timedelta(days=last)).isoformat(),
                    )
                )
        _write_csv(wdir / "absences.csv", absences, ["officer", "type", "start", "end"])
        saturday = monday + dt.timedelta(days=5)
        lent = max(2, staff // 60)
        _write_csv(
            wdir / "commitments.csv",
            [
                dict(
                    id="HYCAP-1",
                    type="hycap",
                    start=f"{saturday}T11:00",
                    end=f"{saturday}T19:00",
                    officers=lent,
                    qualification="hycap",
                    label="Football match / Match de football",
                ),
            ],
            ["id", "type", "start", "end", "officers", "qualification", "label"],
        )
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic zone folder.")
    ap.add_argument("folder")
    ap.add_argument("--staff", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--week", default="2026-W49")
    args = ap.parse_args(argv)
    try:
        generate_zone(args.folder, args.staff, args.seed, week=args.week)
    except ValueError as exc:  # a size or week out of range: a usage error, not a traceback
        ap.error(str(exc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
