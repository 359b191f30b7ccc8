"""Prioritization: estimates, item priorities, scoring settings, saved formulas and their versions, score snapshots, measured impact, Kano answers, DVF assessments, goal weight

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:03:54.347450
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valueloop.adapters.db.types

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('formulas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_formulas_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_formulas_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_formulas')),
    sa.UniqueConstraint('product_id', 'name', name=op.f('uq_formulas_product_id_name'))
    )
    with op.batch_alter_table('formulas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_formulas_created_by'), ['created_by'], unique=False)

    op.create_table('scoring_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=40), nullable=False),
    sa.Column('ice_aggregation', sa.String(length=10), nullable=False),
    sa.Column('unaligned_weight', sa.Float(), nullable=False),
    sa.Column('half_life_days', sa.Float(), nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_scoring_settings_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scoring_settings')),
    sa.UniqueConstraint('product_id', name=op.f('uq_scoring_settings_product_id'))
    )
    op.create_table('formula_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('formula_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_formula_versions_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['formula_id'], ['formulas.id'], name=op.f('fk_formula_versions_formula_id_formulas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_formula_versions')),
    sa.UniqueConstraint('formula_id', 'revision', name=op.f('uq_formula_versions_formula_id_revision'))
    )
    with op.batch_alter_table('formula_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_formula_versions_created_by'), ['created_by'], unique=False)

    op.create_table('item_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=False),
    sa.Column('evidence', sa.Text(), server_default='', nullable=False),
    sa.Column('link', sa.String(length=500), server_default='', nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('assessed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['assessed_by'], ['users.id'], name=op.f('fk_item_assessments_assessed_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_item_assessments_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['feedback_notes.id'], name=op.f('fk_item_assessments_note_id_feedback_notes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_assessments')),
    sa.UniqueConstraint('item_id', 'dimension', name=op.f('uq_item_assessments_item_id_dimension'))
    )
    with op.batch_alter_table('item_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_assessments_assessed_by'), ['assessed_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_assessments_note_id'), ['note_id'], unique=False)

    op.create_table('item_estimates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('low', sa.Float(), nullable=False),
    sa.Column('likely', sa.Float(), nullable=False),
    sa.Column('high', sa.Float(), nullable=False),
    sa.Column('distribution', sa.String(length=12), nullable=False),
    sa.Column('estimator_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('low <= likely AND likely <= high', name=op.f('ck_item_estimates_low_likely_high')),
    sa.ForeignKeyConstraint(['estimator_id'], ['users.id'], name=op.f('fk_item_estimates_estimator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_item_estimates_item_id_backlog_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_estimates')),
    sa.UniqueConstraint('item_id', 'field', name=op.f('uq_item_estimates_item_id_field'))
    )
    with op.batch_alter_table('item_estimates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_estimates_estimator_id'), ['estimator_id'], unique=False)

    op.create_table('item_priorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('moscow', sa.String(length=10), nullable=True),
    sa.Column('confidence_override', sa.Float(), nullable=True),
    sa.Column('override_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('override_by', sa.Integer(), nullable=True),
    sa.Column('override_at', valueloop.adapters.db.types.UtcDateTime(), nullable=True),
    sa.Column('impact_measure_id', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['impact_measure_id'], ['measures.id'], name=op.f('fk_item_priorities_impact_measure_id_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_item_priorities_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['override_by'], ['users.id'], name=op.f('fk_item_priorities_override_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_priorities')),
    sa.UniqueConstraint('item_id', name=op.f('uq_item_priorities_item_id'))
    )
    with op.batch_alter_table('item_priorities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_priorities_impact_measure_id'), ['impact_measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_priorities_override_by'), ['override_by'], unique=False)

    op.create_table('kano_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('functional', sa.String(length=12), nullable=False),
    sa.Column('dysfunctional', sa.String(length=12), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('source_file', sa.String(length=300), server_default='', nullable=False),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_kano_answers_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_kano_answers_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_kano_answers_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kano_answers')),
    sa.UniqueConstraint('item_id', 'respondent', name=op.f('uq_kano_answers_item_id_respondent'))
    )
    with op.batch_alter_table('kano_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kano_answers_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kano_answers_product_id'), ['product_id'], unique=False)

    op.create_table('measured_impacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_measured_impacts_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measured_impacts_measure_id_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_measured_impacts_recorded_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measured_impacts')),
    sa.UniqueConstraint('item_id', name=op.f('uq_measured_impacts_item_id'))
    )
    with op.batch_alter_table('measured_impacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measured_impacts_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measured_impacts_recorded_by'), ['recorded_by'], unique=False)

    op.create_table('score_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('formula_id', sa.Integer(), nullable=True),
    sa.Column('formula_revision', sa.Integer(), nullable=True),
    sa.Column('estimator_id', sa.Integer(), nullable=True),
    sa.Column('estimator', sa.String(length=64), server_default='', nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('predicted_impact', sa.Float(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('taken_at', valueloop.adapters.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['estimator_id'], ['users.id'], name=op.f('fk_score_snapshots_estimator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['formula_id'], ['formulas.id'], name=op.f('fk_score_snapshots_formula_id_formulas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_items.id'], name=op.f('fk_score_snapshots_item_id_backlog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_score_snapshots_measure_id_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_score_snapshots_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_snapshots'))
    )
    with op.batch_alter_table('score_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_snapshots_estimator_id'), ['estimator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_snapshots_formula_id'), ['formula_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_snapshots_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_snapshots_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_snapshots_product_id'), ['product_id'], unique=False)

    with op.batch_alter_table('feedback_links', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_links_evidence', ['item_id', 'note_id', 'importance', 'id'], unique=False)

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weight', sa.Float(), server_default='1', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_column('weight')

    with op.batch_alter_table('feedback_links', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_links_evidence')

    with op.batch_alter_table('score_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_snapshots_product_id'))
        batch_op.drop_index(batch_op.f('ix_score_snapshots_measure_id'))
        batch_op.drop_index(batch_op.f('ix_score_snapshots_item_id'))
        batch_op.drop_index(batch_op.f('ix_score_snapshots_formula_id'))
        batch_op.drop_index(batch_op.f('ix_score_snapshots_estimator_id'))

    op.drop_table('score_snapshots')
    with op.batch_alter_table('measured_impacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measured_impacts_recorded_by'))
        batch_op.drop_index(batch_op.f('ix_measured_impacts_measure_id'))

    op.drop_table('measured_impacts')
    with op.batch_alter_table('kano_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kano_answers_product_id'))
        batch_op.drop_index(batch_op.f('ix_kano_answers_customer_id'))

    op.drop_table('kano_answers')
    with op.batch_alter_table('item_priorities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_priorities_override_by'))
        batch_op.drop_index(batch_op.f('ix_item_priorities_impact_measure_id'))

    op.drop_table('item_priorities')
    with op.batch_alter_table('item_estimates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_estimates_estimator_id'))

    op.drop_table('item_estimates')
    with op.batch_alter_table('item_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_assessments_note_id'))
        batch_op.drop_index(batch_op.f('ix_item_assessments_assessed_by'))

    op.drop_table('item_assessments')
    with op.batch_alter_table('formula_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_formula_versions_created_by'))

    op.drop_table('formula_versions')
    op.drop_table('scoring_settings')
    with op.batch_alter_table('formulas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_formulas_created_by'))

    op.drop_table('formulas')
