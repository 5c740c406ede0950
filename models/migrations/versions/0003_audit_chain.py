"""Audit hash chain and the index the sign-in lockout reads.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23
"""

import hashlib

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=False,
                                      server_default='0' * 64))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.create_index('ix_audit_events_action_target_at', ['action', 'target_id', 'at'],
                              unique=False)
    _chain_existing_rows()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', server_default=None)
        batch_op.alter_column('hash', server_default=None)


def _chain_existing_rows() -> None:
    """Hash-chain the rows written before this revision, in id order."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, at, actor, action, target_type, target_id, outcome, detail "
        "FROM audit_events ORDER BY id"
    )).all()
    previous = "0" * 64
    for row in rows:
        at = row.at
        if isinstance(at, str):
            at = sa.DateTime().dialect_impl(bind.dialect).result_processor(bind.dialect, None)(at)
        fields = (at.replace(tzinfo=None).isoformat(timespec="microseconds") + "+00:00",
                  row.actor, row.action, row.target_type, row.target_id, row.outcome,
                  row.detail, previous)
        digest = hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()
        bind.execute(sa.text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": previous, "h": digest, "i": row.id})
        previous = digest


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_action_target_at')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
