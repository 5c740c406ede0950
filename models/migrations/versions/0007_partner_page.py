"""The partner's page: scores may be left unanswered, each partner's language, and whether the
partners see their own progress.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

- check_ins.pursue, withdraw, anxiety and closeness become nullable: a partner answers only
  what they want to, and an unanswered score is stored as NULL, never as a made-up 5. Every
  existing row keeps its values (they were all answered).
- partners.language: the language of the partner's page and reminder, 'en' for everyone so far.
- couples.partner_progress: whether the partners see their own last four weeks under the form
  (on for every couple so far, as it is for new ones).
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SCORES = ("pursue", "withdraw", "anxiety", "closeness")


def upgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        for score in SCORES:
            batch_op.alter_column(score, existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='en',
                                      nullable=False))
        batch_op.create_check_constraint(op.f('ck_partners_language_known'),
                                         "language IN ('en', 'de', 'es', 'fr')")
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_progress', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.drop_column('partner_progress')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_partners_language_known'), type_='check')
        batch_op.drop_column('language')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        for score in SCORES:
            batch_op.alter_column(score, existing_type=sa.Integer(), nullable=False)
