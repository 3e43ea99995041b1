"""Statistics, countries and helplines.

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
        "usage_counts",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("language", sa.String(16), primary_key=True),
        sa.Column("country", sa.String(8), primary_key=True),
        sa.Column("topic", sa.String(64), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
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


def downgrade() -> None:
    op.drop_table("helplines")
    op.drop_table("countries")
    op.drop_table("usage_counts")
