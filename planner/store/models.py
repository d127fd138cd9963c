"""The store's tables (SQLAlchemy). Their history is in migrations/versions: a change here
goes with a new migration there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ZoneFile(Base):
    """A zone file entered or changed in the app (scenarios.toml, staff.csv, a week's
    absences.csv...), laid over the zone's folder when the zone is planned."""

    __tablename__ = "zone_files"
    __table_args__ = (UniqueConstraint("zone", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    path: Mapped[str] = mapped_column(String(300))  # inside the zone folder, with "/"
    text: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Validation(Base):
    """A week's plan as validated and sent to scheduling: its files exactly as issued."""

    __tablename__ = "validations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    week: Mapped[str] = mapped_column(String(8), index=True)
    scenario: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    validated_by: Mapped[str] = mapped_column(String(200))
    validated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[list[ValidationFile]] = relationship(
        back_populates="validation", cascade="all, delete-orphan", order_by="ValidationFile.name"
    )


class ValidationFile(Base):
    __tablename__ = "validation_files"
    __table_args__ = (UniqueConstraint("validation_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    validation_id: Mapped[int] = mapped_column(ForeignKey("validations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    validation: Mapped[Validation] = relationship(back_populates="files")


class Decision(Base):
    """One line of the decision log: who did what to which zone and week, and when."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)
    week: Mapped[str | None] = mapped_column(String(8), nullable=True)
    action: Mapped[str] = mapped_column(String(40))  # a code: file_changed, validated...
    subject: Mapped[str] = mapped_column(String(300), default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
