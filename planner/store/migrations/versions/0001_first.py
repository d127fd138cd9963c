"""The first store: zone files, validated plans and their files, the decision log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "zone_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("zone", sa.String(200), nullable=False, index=True),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("zone", "path"),
    )
    op.create_table(
        "validations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("zone", sa.String(200), nullable=False, index=True),
        sa.Column("week", sa.String(8), nullable=False, index=True),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("validated_by", sa.String(200), nullable=False),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "validation_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "validation_id",
            sa.Integer,
            sa.ForeignKey("validations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("validation_id", "name"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("zone", sa.String(200), nullable=False, index=True),
        sa.Column("week", sa.String(8), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("validation_files")
    op.drop_table("validations")
    op.drop_table("zone_files")
