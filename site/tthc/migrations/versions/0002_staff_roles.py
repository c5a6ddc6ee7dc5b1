"""staff roles and the units of officers

Revision ID: 0002_staff_roles
Revises: 0001_initial
Create Date: 2026-12-02 04:30:00

Every account that exists before this revision could do everything the staff area offered, and
nobody could give roles yet: each one becomes `admin`, so nobody is locked out and an admin can
then narrow the roles from the staff area (/quan-tri/tai-khoan).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_staff_roles'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_roles',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'role')
    )
    op.create_table('staff_units',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('unit_slug', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'unit_slug')
    )
    with op.batch_alter_table('staff_units', schema=None) as batch_op:
        batch_op.create_index('ix_staff_units_unit_slug', ['unit_slug'], unique=False)

    # Existing accounts keep what they could do: everything. See the module docstring.
    op.execute(
        "INSERT INTO staff_roles (staff_id, role) SELECT id, 'admin' FROM staff_users"
    )


def downgrade() -> None:
    with op.batch_alter_table('staff_units', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_units_unit_slug')

    op.drop_table('staff_units')
    op.drop_table('staff_roles')
