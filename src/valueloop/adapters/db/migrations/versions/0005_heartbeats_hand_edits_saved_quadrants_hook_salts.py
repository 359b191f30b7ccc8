"""Job heartbeats, hand-edit marks on notes, the value-vs-effort grid saved per product, and
inbound hook secrets derived from a salt instead of stored

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valueloop.adapters.db.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', valueloop.adapters.db.types.UtcDateTime(), nullable=True))

    with op.batch_alter_table('feedback_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_at', valueloop.adapters.db.types.UtcDateTime(), nullable=True))

    with op.batch_alter_table('scoring_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quadrant_value', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('quadrant_effort', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('quadrant_value_threshold', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('quadrant_effort_threshold', sa.Float(), nullable=True))

    with op.batch_alter_table('inbound_hooks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_salt', sa.String(length=64), nullable=True))
        batch_op.alter_column('secret', existing_type=sa.String(length=128), nullable=True)


def downgrade() -> None:
    # Hooks made after 0005 have no stored secret; 0004 cannot hold them, so they go.
    op.execute("DELETE FROM inbound_hooks WHERE secret IS NULL")
    with op.batch_alter_table('inbound_hooks', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=128), nullable=False)
        batch_op.drop_column('secret_salt')

    with op.batch_alter_table('scoring_settings', schema=None) as batch_op:
        batch_op.drop_column('quadrant_effort_threshold')
        batch_op.drop_column('quadrant_value_threshold')
        batch_op.drop_column('quadrant_effort')
        batch_op.drop_column('quadrant_value')

    with op.batch_alter_table('feedback_notes', schema=None) as batch_op:
        batch_op.drop_column('edited_at')

    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
