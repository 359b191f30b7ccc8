"""Strategy and EBM: KVM catalogue copy, initiatives, finance, exit criteria, goal experiments, surveys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:34:47.519859
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valueloop.adapters.db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('kvm_definitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kva', sa.String(length=30), nullable=False),
    sa.Column('definition', sa.Text(), server_default='', nullable=False),
    sa.Column('unit', sa.String(length=40), server_default='', nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('computed_by', sa.String(length=80), nullable=False),
    sa.Column('catalogue_version', sa.String(length=40), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kvm_definitions')),
    sa.UniqueConstraint('key', name=op.f('uq_kvm_definitions_key'))
    )
    op.create_table('initiatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('budget', sa.Float(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_initiatives_goal_id_goals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_initiatives_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_initiatives_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatives'))
    )
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_product_id'), ['product_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('survey', sa.String(length=20), nullable=False),
    sa.Column('respondent', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('desired', sa.Float(), nullable=True),
    sa.Column('current', sa.Float(), nullable=True),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.String(length=300), server_default='', nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_survey_responses_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['note_id'], ['feedback_notes.id'], name=op.f('fk_survey_responses_note_id_feedback_notes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_survey_responses_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('product_id', 'survey', 'respondent', 'responded_on', name=op.f('uq_survey_responses_product_id_survey_respondent_responded_on'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_survey_responses_product_survey_day', ['product_id', 'survey', 'responded_on'], unique=False)

    op.create_table('exit_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('comparator', sa.String(length=2), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_exit_criteria_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_exit_criteria_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_exit_criteria_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exit_criteria'))
    )
    with op.batch_alter_table('exit_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exit_criteria_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exit_criteria_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exit_criteria_product_id'), ['product_id'], unique=False)

    op.create_table('finance_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('revenue', sa.Float(), nullable=False),
    sa.Column('headcount', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_finance_records_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_finance_records_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_records')),
    sa.UniqueConstraint('product_id', 'initiative_id', 'period_start', name=op.f('uq_finance_records_product_id_initiative_id_period_start'))
    )
    with op.batch_alter_table('finance_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finance_records_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finance_records_product_id'), ['product_id'], unique=False)

    op.create_table('goal_experiments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('hypothesis', sa.Text(), nullable=False),
    sa.Column('measurement', sa.Text(), server_default='', nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('hypothesized_on', sa.Date(), nullable=False),
    sa.Column('shipped_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Text(), server_default='', nullable=False),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('adaptation', sa.String(length=10), nullable=True),
    sa.Column('adapted_on', sa.Date(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_goal_experiments_decision_id_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_experiments_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_goal_experiments_measure_id_measures'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_experiments'))
    )
    with op.batch_alter_table('goal_experiments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_experiments_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_experiments_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_experiments_measure_id'), ['measure_id'], unique=False)

    op.create_table('initiative_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_initiative_items_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_initiative_items_item_id_backlog_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative_items')),
    sa.UniqueConstraint('item_id', name=op.f('uq_initiative_items_item_id'))
    )
    with op.batch_alter_table('initiative_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_items_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_items_item_id'), ['item_id'], unique=False)

    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalogue_key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('computed_by', sa.String(length=80), server_default='manual', nullable=False))




def downgrade() -> None:

    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_column('computed_by')
        batch_op.drop_column('catalogue_key')

    with op.batch_alter_table('initiative_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_items_item_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_items_initiative_id'))

    op.drop_table('initiative_items')
    with op.batch_alter_table('goal_experiments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_experiments_measure_id'))
        batch_op.drop_index(batch_op.f('ix_goal_experiments_goal_id'))
        batch_op.drop_index(batch_op.f('ix_goal_experiments_decision_id'))

    op.drop_table('goal_experiments')
    with op.batch_alter_table('finance_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_records_product_id'))
        batch_op.drop_index(batch_op.f('ix_finance_records_initiative_id'))

    op.drop_table('finance_records')
    with op.batch_alter_table('exit_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exit_criteria_product_id'))
        batch_op.drop_index(batch_op.f('ix_exit_criteria_measure_id'))
        batch_op.drop_index(batch_op.f('ix_exit_criteria_initiative_id'))

    op.drop_table('exit_criteria')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_product_survey_day')
        batch_op.drop_index(batch_op.f('ix_survey_responses_product_id'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_note_id'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_customer_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_product_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_owner_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_goal_id'))

    op.drop_table('initiatives')
    op.drop_table('kvm_definitions')

