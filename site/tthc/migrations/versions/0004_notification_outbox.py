"""feedback routing, due-date extension, answer by e-mail; the notification outbox

Revision ID: 0004_notification_outbox
Revises: 0003_catalog_revisions
Create Date: 2026-12-02 05:00:00

Submissions received before this revision have no handling unit: they take the unit the
citizen chose, which is what the inbox filtered on until now.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004_notification_outbox'
down_revision = '0003_catalog_revisions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handling_unit', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('answer_by_email', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('original_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('extension_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('extended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extended_by', sa.String(length=254), nullable=True))
        batch_op.create_index(batch_op.f('ix_feedback_handling_unit'), ['handling_unit'], unique=False)
    op.execute("UPDATE feedback SET handling_unit = unit_slug WHERE handling_unit IS NULL")

    op.create_table('notification_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_notification_outbox_due', ['sent_at', 'failed_at', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_outbox_feedback_id'), ['feedback_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_outbox_feedback_id'))
        batch_op.drop_index('ix_notification_outbox_due')
    op.drop_table('notification_outbox')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_handling_unit'))
        batch_op.drop_column('extended_by')
        batch_op.drop_column('extended_at')
        batch_op.drop_column('extension_reason')
        batch_op.drop_column('original_due_on')
        batch_op.drop_column('answer_by_email')
        batch_op.drop_column('handling_unit')
