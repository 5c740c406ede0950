"""Initial schema: clinicians, couples, partners, sessions, assignments, check-ins, links, audit.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=80), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('clinicians',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('sessions_valid_after', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('clinician', 'admin')", name=op.f('ck_clinicians_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinicians')),
    sa.UniqueConstraint('username', name=op.f('uq_clinicians_username'))
    )
    op.create_table('couples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinician_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clinician_id'], ['clinicians.id'], name=op.f('fk_couples_clinician_id_clinicians')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_couples')),
    sa.UniqueConstraint('code', name=op.f('uq_couples_code'))
    )
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_couples_clinician_id'), ['clinician_id'], unique=False)

    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=1), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('leaning', sa.String(length=16), nullable=False),
    sa.CheckConstraint("label IN ('A', 'B')", name=op.f('ck_partners_label_a_or_b')),
    sa.CheckConstraint("leaning IN ('pursuer', 'withdrawer', 'mixed', 'unknown')", name=op.f('ck_partners_leaning_known')),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_partners_couple_id_couples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('couple_id', 'label', name='uq_partners_couple_label')
    )
    op.create_table('therapy_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('focus', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_therapy_sessions_couple_id_couples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapy_sessions'))
    )
    with op.batch_alter_table('therapy_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_therapy_sessions_couple_id'), ['couple_id'], unique=False)

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('exercise_id', sa.String(length=80), nullable=False),
    sa.Column('start_day', sa.Date(), nullable=False),
    sa.Column('per_week', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('due_day IS NULL OR due_day >= start_day', name=op.f('ck_assignments_due_after_start')),
    sa.CheckConstraint('per_week BETWEEN 1 AND 7', name=op.f('ck_assignments_per_week_range')),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_assignments_couple_id_couples')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_assignments_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_couple', ['couple_id'], unique=False)

    op.create_table('check_in_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['clinicians.id'], name=op.f('fk_check_in_links_created_by_clinicians')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_check_in_links_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_check_in_links_token_hash'))
    )
    with op.batch_alter_table('check_in_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_in_links_partner_id'), ['partner_id'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('pursue', sa.Integer(), nullable=False),
    sa.Column('withdraw', sa.Integer(), nullable=False),
    sa.Column('anxiety', sa.Integer(), nullable=False),
    sa.Column('closeness', sa.Integer(), nullable=False),
    sa.Column('cycle_noticed', sa.Boolean(), nullable=False),
    sa.Column('repaired', sa.Boolean(), nullable=True),
    sa.Column('practised', sa.String(length=1000), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('anxiety BETWEEN 0 AND 10', name=op.f('ck_check_ins_anxiety_range')),
    sa.CheckConstraint('closeness BETWEEN 0 AND 10', name=op.f('ck_check_ins_closeness_range')),
    sa.CheckConstraint('pursue BETWEEN 0 AND 10', name=op.f('ck_check_ins_pursue_range')),
    sa.CheckConstraint('repaired IS NULL OR cycle_noticed', name=op.f('ck_check_ins_repaired_only_when_cycle')),
    sa.CheckConstraint('withdraw BETWEEN 0 AND 10', name=op.f('ck_check_ins_withdraw_range')),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_check_ins_couple_id_couples')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_check_ins_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_check_ins_couple_day', ['couple_id', 'day'], unique=False)
        batch_op.create_index('ix_check_ins_partner_day', ['partner_id', 'day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_partner_day')
        batch_op.drop_index('ix_check_ins_couple_day')

    op.drop_table('check_ins')
    with op.batch_alter_table('check_in_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_in_links_partner_id'))

    op.drop_table('check_in_links')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_couple')

    op.drop_table('assignments')
    with op.batch_alter_table('therapy_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_therapy_sessions_couple_id'))

    op.drop_table('therapy_sessions')
    op.drop_table('partners')
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_couples_clinician_id'))

    op.drop_table('couples')
    op.drop_table('clinicians')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
