"""The store: what the app keeps between sessions, in one database.

SQLite by default (one file in the data folder, created on first use, nothing to install);
any SQLAlchemy URL by setting (`PLANNER_DATABASE_URL`, e.g. a zone's shared PostgreSQL
server). The tables are created and kept up to date by the Alembic migrations in
`migrations/` each time a store is opened.

It holds:
- zone files entered or changed in the app (a week's absences, HyCap requests, pinned
  operations, scenarios...), as the text of the zone folder's own file formats, so that
  they are checked by the same reader with the same messages as files, and a zone folder
  stays the exchange format both ways (`overlay` writes them into a copy of the folder);
- validated plans: the week, scenario, inputs' fingerprint, who, when, a note, and the
  plan's files exactly as they were issued, so they can be issued again byte for byte;
- the decision log.

The store holds text and codes only; words are the text layer's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from planner.input_checks import ACTUALS_DIR
from planner.store.models import Decision, Validation, ValidationFile, ZoneFile

URL_ENV = "PLANNER_DATABASE_URL"
DATA_DIR_ENV = "PLANNER_DATA_DIR"
DB_NAME = "planner.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# the files of a zone folder the app may write: the zone's own and each week's, and each
# week's actuals (`actuals_path`)
WEEK_FILES = ("absences.csv", "commitments.csv", "pinned.csv")
ZONE_FILES = ("scenarios.toml", "staff.csv", "teams.csv", "priorities.toml")


def data_dir() -> Path:
    """Where the default SQLite file lives: $PLANNER_DATA_DIR, else the user's data folder."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "police-capacity-planner"


def default_url() -> str:
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    return f"sqlite:///{data_dir() / DB_NAME}"


def week_path(week: str, name: str) -> str:
    """A week file's path inside a zone folder."""
    if name not in WEEK_FILES:
        raise ValueError(f"not a week file: {name!r}")
    return f"weeks/{week}/{name}"


def actuals_path(week: str) -> str:
    """A week's actuals' path inside a zone folder (`actuals/2026-W48.csv`): what was done,
    kept with `put_file` like the zone's other files. ValueError when `week` is not an ISO
    week."""
    from planner.year.actuals import actuals_path as path_of

    return path_of(week)


def fingerprint(folder: str | Path, week: str, scenario: str, extra: str = "") -> str:
    """The inputs of a week's plan, as one hash: every file of the zone folder (paths and
    bytes, in a fixed order), the week, the scenario and any `extra` (solver settings).
    The actuals (`actuals/`: what was done) are not inputs of a plan: a validated plan does
    not look out of date when they arrive."""
    root = Path(folder)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.relative_to(root).parts[0] == ACTUALS_DIR:
            continue
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(f"\0{week}\0{scenario}\0{extra}".encode())
    return h.hexdigest()


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ValidationInfo:
    id: int
    zone: str
    week: str
    scenario: str
    fingerprint: str
    validated_by: str
    validated_at: dt.datetime
    note: str
    file_names: tuple[str, ...]


@dataclass(frozen=True)
class DecisionInfo:
    zone: str
    week: str | None
    action: str
    subject: str
    decided_by: str
    decided_at: dt.datetime
    note: str


class Store:
    """One database, opened (and brought up to date) once; each call is one transaction."""

    def __init__(self, engine: Engine, clock=None):
        self.engine = engine
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    @classmethod
    def open(cls, url: str | None = None, clock=None) -> Store:
        url = url or default_url()
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_foreign_keys)
        upgrade(engine)
        return cls(engine, clock)

    def close(self) -> None:
        self.engine.dispose()

    # -- zone files ---------------------------------------------------------------------
    def put_file(self, zone: str, path: str, text: str, by: str, week: str | None = None) -> None:
        """Keep `text` as the zone's file `path` (replacing an earlier one), and log it."""
        with Session(self.engine) as s, s.begin():
            row = s.scalar(select(ZoneFile).where(ZoneFile.zone == zone, ZoneFile.path == path))
            now = self.clock()
            if row is None:
                s.add(ZoneFile(zone=zone, path=path, text=text, changed_by=by, changed_at=now))
            else:
                row.text, row.changed_by, row.changed_at = text, by, now
            s.add(_decision(zone, week, "file_changed", path, by, now))

    def drop_file(self, zone: str, path: str, by: str, week: str | None = None) -> None:
        """Forget the app's version of a file: the folder's own applies again."""
        with Session(self.engine) as s, s.begin():
            gone = s.execute(delete(ZoneFile).where(ZoneFile.zone == zone, ZoneFile.path == path))
            if gone.rowcount:
                s.add(_decision(zone, week, "file_reset", path, by, self.clock()))

    def files(self, zone: str) -> dict[str, str]:
        with Session(self.engine) as s:
            rows = s.scalars(select(ZoneFile).where(ZoneFile.zone == zone).order_by(ZoneFile.path))
            return {r.path: r.text for r in rows}

    def overlay(self, zone: str, folder: str | Path, dest: str | Path) -> Path:
        """A copy of the zone folder at `dest` with the store's files laid over it: the
        zone as the app plans it, and as it is exported."""
        dest = Path(dest)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(folder, dest)
        for path, text in self.files(zone).items():
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        return dest

    # -- validated plans --------------------------------------------------------------------
    def validate(
        self,
        zone: str,
        week: str,
        scenario: str,
        inputs: str,
        files: dict[str, str],
        by: str,
        note: str = "",
    ) -> int:
        """Freeze a week's plan: its files as issued, with who, when and why. Returns its id."""
        with Session(self.engine) as s, s.begin():
            now = self.clock()
            v = Validation(
                zone=zone,
                week=week,
                scenario=scenario,
                fingerprint=inputs,
                validated_by=by,
                validated_at=now,
                note=note,
                files=[ValidationFile(name=n, text=t) for n, t in sorted(files.items())],
            )
            s.add(v)
            s.add(_decision(zone, week, "validated", scenario, by, now, note))
            s.flush()
            return v.id

    def validations(self, zone: str, week: str | None = None) -> list[ValidationInfo]:
        """The zone's validated plans (of one week), the latest first."""
        with Session(self.engine) as s:
            q = select(Validation).where(Validation.zone == zone)
            if week is not None:
                q = q.where(Validation.week == week)
            q = q.options(selectinload(Validation.files))
            q = q.order_by(Validation.validated_at.desc(), Validation.id.desc())
            return [_info(v) for v in s.scalars(q)]

    def issued_files(self, validation_id: int) -> dict[str, str]:
        """A validated plan's files, exactly as they were issued."""
        with Session(self.engine) as s:
            rows = s.scalars(
                select(ValidationFile)
                .where(ValidationFile.validation_id == validation_id)
                .order_by(ValidationFile.name)
            )
            return {r.name: r.text for r in rows}

    # -- decision log ---------------------------------------------------------------------
    def log(
        self, zone: str, week: str | None, action: str, subject: str, by: str, note: str = ""
    ) -> None:
        with Session(self.engine) as s, s.begin():
            s.add(_decision(zone, week, action, subject, by, self.clock(), note))

    def decisions(self, zone: str, week: str | None = None) -> list[DecisionInfo]:
        """The zone's decision log (of one week), the latest first."""
        with Session(self.engine) as s:
            q = select(Decision).where(Decision.zone == zone)
            if week is not None:
                q = q.where(Decision.week == week)
            q = q.order_by(Decision.decided_at.desc(), Decision.id.desc())
            return [
                DecisionInfo(
                    d.zone,
                    d.week,
                    d.action,
                    d.subject,
                    d.decided_by,
                    _utc(d.decided_at),
                    d.note,
                )
                for d in s.scalars(q)
            ]


def _decision(zone, week, action, subject, by, when, note="") -> Decision:
    return Decision(
        zone=zone,
        week=week,
        action=action,
        subject=subject,
        decided_by=by,
        decided_at=when,
        note=note,
    )


def _info(v: Validation) -> ValidationInfo:
    return ValidationInfo(
        v.id,
        v.zone,
        v.week,
        v.scenario,
        v.fingerprint,
        v.validated_by,
        _utc(v.validated_at),
        v.note,
        tuple(f.name for f in v.files),
    )


def _sqlite_foreign_keys(conn, _record) -> None:
    cur = conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def upgrade(engine: Engine) -> None:
    """Bring the database's tables to the latest migration (creating them the first time)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
