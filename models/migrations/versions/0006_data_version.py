"""clinicians.data_version: raised by every write to a clinician's couples.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

The pages cache a clinician's caseload and couple reports keyed by this number, so a write made
in one app process (or by a command, or by a partner's check-in) shows in every process on its
next page run, not when a cache entry expires.
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('clinicians', schema=None) as batch_op:
        batch_op.drop_column('data_version')
