"""Drop ix_check_ins_couple_day: the caseload's covering index starts with the same columns.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

`ix_check_ins_caseload` (couple_id, day, partner_id, submitted_at, pursue, withdraw) serves
every lookup of a couple's check-ins by day that (couple_id, day) served, so the smaller index
only cost space and time on every insert.
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_couple_day')


def downgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_check_ins_couple_day', ['couple_id', 'day'], unique=False)
