"""feedback language: the interface language of the citizen, for the answer e-mail

Revision ID: 0006_feedback_language
Revises: 0005_photo_storage
Create Date: 2026-12-02 08:00:00

Submissions received before this revision were answered in Vietnamese: they keep 'vi'.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_feedback_language"
down_revision = "0005_photo_storage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), server_default="vi", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("language")
