"""Newsrooms, API keys, stories, sources as sent, cached reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "newsrooms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column(
            "newsroom_id", sa.Integer(), sa.ForeignKey("newsrooms.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("can_write", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "stories",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("newsroom_id", sa.Integer(), sa.ForeignKey("newsrooms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("story_id", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("newsroom_id", "story_id", name="uq_stories_newsroom_story"),
    )
    op.create_table(
        "sources",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("story_pk", sa.Integer(), sa.ForeignKey("stories.pk", ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("story_pk", "source_id", name="uq_sources_story_source"),
        sa.UniqueConstraint("story_pk", "position", name="uq_sources_story_position"),
    )
    op.create_table(
        "reports",
        sa.Column("story_pk", sa.Integer(), sa.ForeignKey("stories.pk", ondelete="CASCADE"), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(64), nullable=False),
        sa.Column("etag", sa.String(80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("reports", "sources", "stories", "api_keys", "newsrooms"):
        op.drop_table(table)
