"""A covering index for the caseload: each couple's check-ins by day, with what pairing reads.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

The caseload counts and pairs a clinician's check-ins in SQL (caseload_queries.caseload_facts). With
this index the database reads them in (couple, day, partner, submission) order from the index
alone: no table reads (SQLite: "USING COVERING INDEX"; PostgreSQL: an index-only scan, with
`id` as an included column) and no sort for the window that picks each day's latest check-in.
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(
            'ix_check_ins_caseload',
            ['couple_id', 'day', 'partner_id', 'submitted_at', 'pursue', 'withdraw'],
            unique=False, postgresql_include=['id'],
        )


def downgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_caseload')
