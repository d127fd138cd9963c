"""The store on SQLite and, where installed, PostgreSQL: tables made by the migrations,
zone files laid over a folder, validated plans issued again byte for byte, the log."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from sqlalchemy import inspect

from planner.store import Store, current_revision, fingerprint, week_path
from planner.zone_io import load_zone

DEMO = Path(__file__).resolve().parents[2] / "data" / "zone-demo"


def _clock():
    ticks = itertools.count()
    start = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
    return lambda: start + dt.timedelta(minutes=next(ticks))


@pytest.fixture
def store(store_url):
    s = Store.open(store_url, clock=_clock())
    yield s
    s.close()


def test_open_creates_the_tables_at_the_latest_migration(store):
    assert current_revision(store.engine) == "0001"
    tables = set(inspect(store.engine).get_table_names())
    assert {"zone_files", "validations", "validation_files", "decisions"} <= tables


def test_what_was_stored_is_there_after_reopening(store_url):
    first = Store.open(store_url)
    first.put_file("demo", "scenarios.toml", "[x]\n", "Anne")
    first.close()
    again = Store.open(store_url)  # a server restart: the migrations find nothing to do
    assert again.files("demo") == {"scenarios.toml": "[x]\n"}
    assert current_revision(again.engine) == "0001"
    again.close()


def test_a_file_is_replaced_not_duplicated_and_zones_are_apart(store):
    path = week_path("2026-W50", "absences.csv")
    store.put_file("demo", path, "officer,type,start,end\n", "Anne", "2026-W50")
    store.put_file(
        "demo",
        path,
        "officer,type,start,end\nINT-0001,sick,2026-12-07,2026-12-08\n",
        "Bart",
        "2026-W50",
    )
    store.put_file("other", path, "officer,type,start,end\n", "Chris", "2026-W50")
    assert store.files("demo") == {
        path: "officer,type,start,end\nINT-0001,sick,2026-12-07,2026-12-08\n"
    }
    assert list(store.files("other")) == [path]
    store.drop_file("demo", path, "Anne", "2026-W50")
    assert store.files("demo") == {}
    actions = [(d.action, d.decided_by) for d in store.decisions("demo")]
    assert actions == [("file_reset", "Anne"), ("file_changed", "Bart"), ("file_changed", "Anne")]


def test_overlay_gives_the_zone_the_stored_week(store, tmp_path):
    week = "2026-W50"
    absences = "officer,type,start,end\nINT-0001,sickness,2026-12-07,2026-12-09\n"
    hycap = (
        "id,type,start,end,officers,qualification,label\n"
        "HYCAP-7,hycap,2026-12-12T12:00,2026-12-12T20:00,4,hycap,Match\n"
    )
    store.put_file("demo", week_path(week, "absences.csv"), absences, "Anne", week)
    store.put_file("demo", week_path(week, "commitments.csv"), hycap, "Anne", week)
    folder = store.overlay("demo", DEMO, tmp_path / "zone")
    zone = load_zone(folder)
    assert week not in load_zone(DEMO).weeks
    got = zone.weeks[week]
    assert [(a.officer, a.type) for a in got.absences] == [("INT-0001", "sickness")]
    assert [c.id for c in got.commitments] == ["HYCAP-7"]
    # the bundled folder itself is untouched
    assert not (DEMO / "weeks" / week).exists()


def test_a_validated_plan_is_issued_again_byte_for_byte(store):
    files = {
        "plan.csv": "\ufeffid;start;hours\r\nOP-1;2026-12-07 07:00;8,5\r\n",
        "norms.csv": "mission,met\nintervention,yes\n",
        "notes.csv": "texte,tekst\n«Opération BOB» — Zaventem,ß\n",
    }
    first = store.validate("demo", "2026-W50", "baseline", "f" * 64, files, "Anne", "as agreed")
    second = store.validate(
        "demo", "2026-W50", "more_traffic", "e" * 64, {"plan.csv": "x\n"}, "Bart"
    )
    store.validate("demo", "2026-W51", "baseline", "d" * 64, {"plan.csv": "y\n"}, "Anne")
    assert store.issued_files(first) == files
    assert store.issued_files(second) == {"plan.csv": "x\n"}
    w50 = store.validations("demo", "2026-W50")
    assert [v.id for v in w50] == [second, first]  # the latest first
    assert (w50[1].validated_by, w50[1].note, w50[1].scenario) == ("Anne", "as agreed", "baseline")
    assert w50[1].file_names == ("norms.csv", "notes.csv", "plan.csv")
    assert w50[1].validated_at == dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
    assert len(store.validations("demo")) == 3
    assert store.validations("other") == []
    log = store.decisions("demo", "2026-W50")
    assert [(d.action, d.subject, d.note) for d in log] == [
        ("validated", "more_traffic", ""),
        ("validated", "baseline", "as agreed"),
    ]


def test_fingerprint_follows_every_input(tmp_path):
    import shutil

    folder = shutil.copytree(DEMO, tmp_path / "zone")
    base = fingerprint(folder, "2026-W49", "baseline")
    assert fingerprint(folder, "2026-W49", "baseline") == base
    assert fingerprint(folder, "2026-W50", "baseline") != base
    assert fingerprint(folder, "2026-W49", "more_traffic") != base
    assert fingerprint(folder, "2026-W49", "baseline", extra="scip") != base
    absences = folder / "weeks" / "2026-W49" / "absences.csv"
    absences.write_text(absences.read_text() + "INT-0001,sick,2026-12-01,2026-12-01\n")
    assert fingerprint(folder, "2026-W49", "baseline") != base
