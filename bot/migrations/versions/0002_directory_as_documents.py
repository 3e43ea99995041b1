"""The directory keeps each entry as its file's mapping; country facts get their own table.

The directory is always rebuilt from helplines/*.yml (`python -m bot helplines sync`, or at
start-up into an empty database), so its old tables are replaced, not converted.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("helplines")
    op.drop_table("countries")
    op.create_table(
        "countries",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "helplines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "country",
            sa.String(8),
            sa.ForeignKey("countries.code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("phones", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("verified", sa.Date, nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "country",
            sa.String(8),
            sa.ForeignKey("countries.code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("verified", sa.Date, nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("facts")
    op.drop_table("helplines")
    op.drop_table("countries")
    op.create_table(
        "countries",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("emergency", sa.JSON, nullable=False),
        sa.Column("wage_note", sa.Text),
        sa.Column("inspectorate_note", sa.Text),
    )
    op.create_table(
        "helplines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "country",
            sa.String(8),
            sa.ForeignKey("countries.code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("phones", sa.JSON, nullable=False),
        sa.Column("short_code", sa.Boolean, nullable=False),
        sa.Column("channels", sa.JSON, nullable=False),
        sa.Column("hours", sa.JSON),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("free", sa.Boolean),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("verified", sa.Date, nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
    )
