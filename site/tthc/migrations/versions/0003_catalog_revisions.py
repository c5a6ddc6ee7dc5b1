"""catalogue drafts and published revisions

Revision ID: 0003_catalog_revisions
Revises: 0002_staff_roles
Create Date: 2026-12-02 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_catalog_revisions"
down_revision = "0002_staff_roles"
branch_labels = None
depends_on = None


def _described() -> list[sa.Column]:
    return [
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision_number", sa.String(length=200), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("applies_from", sa.Date(), nullable=True),
        sa.Column("changelog", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "catalog_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=128), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_email", sa.String(length=254), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_email", sa.String(length=254), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        *_described(),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["staff_users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("catalog_revisions", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_revisions_code_number", ["code", "number"], unique=True)
    op.create_table(
        "catalog_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("base_number", sa.Integer(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_email", sa.String(length=254), nullable=False),
        sa.Column("reviewer_email", sa.String(length=254), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *_described(),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("catalog_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_drafts_code"), ["code"], unique=False)
        batch_op.create_index(
            "ix_catalog_drafts_state_updated", ["state", "updated_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("catalog_drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_drafts_state_updated")
        batch_op.drop_index(batch_op.f("ix_catalog_drafts_code"))
    op.drop_table("catalog_drafts")
    with op.batch_alter_table("catalog_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_revisions_code_number")
    op.drop_table("catalog_revisions")
