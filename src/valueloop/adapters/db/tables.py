"""The workspace schema (SQLAlchemy Core); alembic migrations are generated from it."""

from __future__ import annotations

import sqlalchemy as sa

from valueloop.adapters.db.types import RankKey, UtcDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _stamps() -> list[sa.Column[object]]:
    """created_at, updated_at and the optimistic-concurrency version of an editable record."""
    return [
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    ]


def _fk(
    name: str, target: str, *, nullable: bool = True, ondelete: str = "SET NULL"
) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True
    )


users = sa.Table(
    "users",
    metadata,
    _id(),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("email", sa.String(320), nullable=False, server_default=""),
    sa.Column("display_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("is_admin", sa.Boolean, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *_stamps(),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    _id(),
    _fk("user_id", "users.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_used_at", UtcDateTime),
    sa.Column("revoked_at", UtcDateTime),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    _id(),
    _fk("user_id", "users.id", nullable=False, ondelete="CASCADE"),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)

products = sa.Table(
    "products",
    metadata,
    _id(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("vision", sa.Text, nullable=False, server_default=""),
    sa.Column("target_market", sa.Text, nullable=False, server_default=""),
    sa.Column("lifecycle_stage", sa.String(20), nullable=False),
    _fk("owner_id", "users.id"),
    *_stamps(),
    # Public pages (0004), each opt-in: the portal, the roadmap and changelog, at /p/<slug>.
    sa.Column("public_slug", sa.String(80), unique=True),
    sa.Column("portal_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("roadmap_public", sa.Boolean, nullable=False, server_default=sa.false()),
    # Where the portal posts status changes (signed JSON); empty: email only.
    sa.Column("portal_webhook_url", sa.String(500), nullable=False, server_default=""),
)

memberships = sa.Table(
    "memberships",
    metadata,
    _id(),
    _fk("user_id", "users.id", nullable=False, ondelete="CASCADE"),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("role", sa.String(30), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("user_id", "product_id"),
)

goals = sa.Table(
    "goals",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _fk("parent_id", "goals.id", ondelete="CASCADE"),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("kva", sa.String(30), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    _fk("owner_id", "users.id"),
    sa.Column("target_date", sa.Date),
    *_stamps(),
    # Items serving the goal inherit its weight (goal alignment in prioritization; 0003).
    sa.Column("weight", sa.Float, nullable=False, server_default="1"),
)

measures = sa.Table(
    "measures",
    metadata,
    _id(),
    _fk("goal_id", "goals.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("definition", sa.Text, nullable=False, server_default=""),
    sa.Column("unit", sa.String(40), nullable=False, server_default=""),
    sa.Column("direction", sa.String(10), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("baseline", sa.Float, nullable=False),
    sa.Column("target", sa.Float, nullable=False),
    sa.Column("target_date", sa.Date),
    sa.Column("catalogue_key", sa.String(60)),
    sa.Column("computed_by", sa.String(80), nullable=False, server_default="manual"),
    *_stamps(),
)

observations = sa.Table(
    "observations",
    metadata,
    _id(),
    _fk("measure_id", "measures.id", nullable=False, ondelete="CASCADE"),
    sa.Column("observed_on", sa.Date, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("source", sa.String(100), nullable=False, server_default="manual"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_observations_measure_day", "measure_id", "observed_on"),
)

customers = sa.Table(
    "customers",
    metadata,
    _id(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("external_id", sa.String(200), unique=True),
    sa.Column("domain", sa.String(200), nullable=False, server_default=""),
    sa.Column("segment", sa.String(200), nullable=False, server_default="", index=True),
    sa.Column("plan", sa.String(200), nullable=False, server_default=""),
    sa.Column("arr", sa.Float, nullable=False, server_default="0"),
    sa.Column("status", sa.String(20), nullable=False),
    *_stamps(),
)

feedback_notes = sa.Table(
    "feedback_notes",
    metadata,
    _id(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    _fk("customer_id", "customers.id"),
    sa.Column("author", sa.String(200), nullable=False, server_default=""),
    sa.Column("received_on", sa.Date, nullable=False, index=True),
    sa.Column("external_id", sa.String(200)),
    _fk("product_id", "products.id"),
    _fk("created_by", "users.id"),
    *_stamps(),
    sa.UniqueConstraint("source", "external_id"),
    # The inbox (0004): triage state, who handles the note, a title, and the note a duplicate
    # was merged into; attributes keep an importer's extra fields (front matter, tags, rating).
    sa.Column("status", sa.String(12), nullable=False, server_default="new", index=True),
    _fk("assignee_id", "users.id"),
    sa.Column("title", sa.String(300), nullable=False, server_default=""),
    _fk("duplicate_of_id", "feedback_notes.id"),
    sa.Column("attributes", sa.JSON),
    # 0005: when someone last changed what an importer writes (text, title, customer, author,
    # date); a re-import then leaves the note as they made it.
    sa.Column("edited_at", UtcDateTime),
)

backlog_items = sa.Table(
    "backlog_items",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("estimate", sa.Float),
    _fk("owner_id", "users.id"),
    _fk("goal_id", "goals.id"),
    sa.Column("rank", RankKey, nullable=False),
    *_stamps(),
    sa.Index("ix_backlog_items_product_rank", "product_id", "rank"),
    # The roadmap (0004): lane and order in it, release, team, and what the public may see.
    sa.Column("lane", sa.String(10), index=True),
    sa.Column("lane_rank", RankKey),
    _fk("release_id", "releases.id"),
    sa.Column("team", sa.String(100), nullable=False, server_default=""),
    sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("public_title", sa.String(300), nullable=False, server_default=""),
    sa.Column("public_description", sa.Text, nullable=False, server_default=""),
    sa.Column("shipped_on", sa.Date),
)

feedback_links = sa.Table(
    "feedback_links",
    metadata,
    _id(),
    _fk("note_id", "feedback_notes.id", nullable=False, ondelete="CASCADE"),
    _fk("item_id", "backlog_items.id", nullable=False, ondelete="CASCADE"),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("highlight", sa.Text, nullable=False, server_default=""),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.CheckConstraint("importance BETWEEN 0 AND 3", name="importance_0_3"),
)

decisions = sa.Table(
    "decisions",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("decision", sa.Text, nullable=False),
    sa.Column("options", sa.JSON, nullable=False),
    sa.Column("rationale", sa.Text, nullable=False, server_default=""),
    _fk("decided_by", "users.id"),
    sa.Column("decided_at", UtcDateTime, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("record_type", sa.String(20)),
    sa.Column("record_id", sa.Integer),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

comments = sa.Table(
    "comments",
    metadata,
    _id(),
    sa.Column("record_type", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    _fk("author_id", "users.id", nullable=False, ondelete="CASCADE"),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_comments_record", "record_type", "record_id"),
)

watches = sa.Table(
    "watches",
    metadata,
    _id(),
    _fk("user_id", "users.id", nullable=False, ondelete="CASCADE"),
    sa.Column("record_type", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("user_id", "record_type", "record_id"),
    sa.Index("ix_watches_record", "record_type", "record_id"),
)

notifications = sa.Table(
    "notifications",
    metadata,
    _id(),
    _fk("user_id", "users.id", nullable=False, ondelete="CASCADE"),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("record_type", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    _fk("actor_id", "users.id"),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("read_at", UtcDateTime),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    _id(),
    _fk("actor_id", "users.id"),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("record_type", sa.String(20), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Index("ix_audit_log_record", "record_type", "record_id"),
)

# --- Strategy and Evidence-Based Management -------------------------------------------------

kvm_definitions = sa.Table(
    "kvm_definitions",
    metadata,
    _id(),
    sa.Column("key", sa.String(60), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kva", sa.String(30), nullable=False),
    sa.Column("definition", sa.Text, nullable=False, server_default=""),
    sa.Column("unit", sa.String(40), nullable=False, server_default=""),
    sa.Column("direction", sa.String(10), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("computed_by", sa.String(80), nullable=False),
    sa.Column("catalogue_version", sa.String(40), nullable=False),
    sa.Column("edited", sa.Boolean, nullable=False),
    *_stamps(),
)

initiatives = sa.Table(
    "initiatives",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _fk("goal_id", "goals.id"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    _fk("owner_id", "users.id"),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("budget", sa.Float),
    sa.Column("stage", sa.String(20)),
    *_stamps(),
)

initiative_items = sa.Table(
    "initiative_items",
    metadata,
    _id(),
    _fk("initiative_id", "initiatives.id", nullable=False, ondelete="CASCADE"),
    _fk("item_id", "backlog_items.id", nullable=False, ondelete="CASCADE"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("item_id"),
)

finance_records = sa.Table(
    "finance_records",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _fk("initiative_id", "initiatives.id", ondelete="CASCADE"),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("cost", sa.Float, nullable=False),
    sa.Column("revenue", sa.Float, nullable=False),
    sa.Column("headcount", sa.Float, nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # NULL initiatives are distinct in a unique constraint; the import use case keeps one
    # product-level row per period itself.
    sa.UniqueConstraint("product_id", "initiative_id", "period_start"),
)

exit_criteria = sa.Table(
    "exit_criteria",
    metadata,
    _id(),
    _fk("product_id", "products.id", ondelete="CASCADE"),
    _fk("initiative_id", "initiatives.id", ondelete="CASCADE"),
    sa.Column("stage", sa.String(20), nullable=False),
    _fk("measure_id", "measures.id", nullable=False, ondelete="CASCADE"),
    sa.Column("comparator", sa.String(2), nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

goal_experiments = sa.Table(
    "goal_experiments",
    metadata,
    _id(),
    _fk("goal_id", "goals.id", nullable=False, ondelete="CASCADE"),
    sa.Column("hypothesis", sa.Text, nullable=False),
    sa.Column("measurement", sa.Text, nullable=False, server_default=""),
    _fk("measure_id", "measures.id"),
    sa.Column("hypothesized_on", sa.Date, nullable=False),
    sa.Column("shipped_on", sa.Date),
    sa.Column("result", sa.Text, nullable=False, server_default=""),
    sa.Column("result_on", sa.Date),
    sa.Column("adaptation", sa.String(10)),
    sa.Column("adapted_on", sa.Date),
    _fk("decision_id", "decisions.id"),
    *_stamps(),
)

survey_responses = sa.Table(
    "survey_responses",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("survey", sa.String(20), nullable=False),
    sa.Column("respondent", sa.String(200), nullable=False),
    _fk("customer_id", "customers.id"),
    sa.Column("responded_on", sa.Date, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("desired", sa.Float),
    sa.Column("current", sa.Float),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    _fk("note_id", "feedback_notes.id"),
    sa.Column("source_file", sa.String(300), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("product_id", "survey", "respondent", "responded_on"),
    sa.Index("ix_survey_responses_product_survey_day", "product_id", "survey", "responded_on"),
)

# --- Prioritization ---------------------------------------------------------------------------


def _owner(name: str, target: str) -> sa.Column[int]:
    """A parent reference that leads a unique constraint, whose index already serves lookups."""
    return sa.Column(name, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=False)


# Evidence roll-ups read every link of a backlog's items: with note, importance and id in the
# index, they come from the index alone, in item order (SQLite keeps the id in every index;
# PostgreSQL needs it named).
sa.Index(
    "ix_feedback_links_evidence",
    feedback_links.c.item_id,
    feedback_links.c.note_id,
    feedback_links.c.importance,
    feedback_links.c.id,
)

item_estimates = sa.Table(
    "item_estimates",
    metadata,
    _id(),
    _owner("item_id", "backlog_items.id"),
    sa.Column("field", sa.String(40), nullable=False),
    sa.Column("low", sa.Float, nullable=False),
    sa.Column("likely", sa.Float, nullable=False),
    sa.Column("high", sa.Float, nullable=False),
    sa.Column("distribution", sa.String(12), nullable=False),
    _fk("estimator_id", "users.id"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_stamps(),
    sa.UniqueConstraint("item_id", "field"),
    sa.CheckConstraint("low <= likely AND likely <= high", name="low_likely_high"),
)

item_priorities = sa.Table(
    "item_priorities",
    metadata,
    _id(),
    _owner("item_id", "backlog_items.id"),
    sa.Column("moscow", sa.String(10)),
    sa.Column("confidence_override", sa.Float),
    sa.Column("override_reason", sa.Text, nullable=False, server_default=""),
    _fk("override_by", "users.id"),
    sa.Column("override_at", UtcDateTime),
    _fk("impact_measure_id", "measures.id"),
    *_stamps(),
    sa.UniqueConstraint("item_id"),
)

scoring_settings = sa.Table(
    "scoring_settings",
    metadata,
    _id(),
    _owner("product_id", "products.id"),
    sa.Column("framework", sa.String(40), nullable=False),
    sa.Column("ice_aggregation", sa.String(10), nullable=False),
    sa.Column("unaligned_weight", sa.Float, nullable=False),
    sa.Column("half_life_days", sa.Float, nullable=False),
    *_stamps(),
    sa.UniqueConstraint("product_id"),
    # 0005: the value-vs-effort grid the product saved (NULL: the framework's own axes).
    sa.Column("quadrant_value", sa.Text),
    sa.Column("quadrant_effort", sa.Text),
    sa.Column("quadrant_value_threshold", sa.Float),
    sa.Column("quadrant_effort_threshold", sa.Float),
)

formulas = sa.Table(
    "formulas",
    metadata,
    _id(),
    _owner("product_id", "products.id"),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    _fk("created_by", "users.id"),
    *_stamps(),
    sa.UniqueConstraint("product_id", "name"),
)

formula_versions = sa.Table(
    "formula_versions",
    metadata,
    _id(),
    _owner("formula_id", "formulas.id"),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("formula_id", "revision"),
)

score_snapshots = sa.Table(
    "score_snapshots",
    metadata,
    _id(),
    _fk("item_id", "backlog_items.id", nullable=False, ondelete="CASCADE"),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("framework", sa.String(40), nullable=False),
    sa.Column("label", sa.String(120), nullable=False),
    _fk("formula_id", "formulas.id"),
    sa.Column("formula_revision", sa.Integer),
    _fk("estimator_id", "users.id"),
    sa.Column("estimator", sa.String(64), nullable=False, server_default=""),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("terms", sa.JSON, nullable=False),
    sa.Column("predicted_impact", sa.Float),
    _fk("measure_id", "measures.id"),
    sa.Column("reason", sa.String(30), nullable=False),
    sa.Column("taken_at", UtcDateTime, nullable=False),
)

measured_impacts = sa.Table(
    "measured_impacts",
    metadata,
    _id(),
    _owner("item_id", "backlog_items.id"),
    sa.Column("value", sa.Float, nullable=False),
    _fk("measure_id", "measures.id"),
    sa.Column("measured_on", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    _fk("recorded_by", "users.id"),
    *_stamps(),
    sa.UniqueConstraint("item_id"),
)

kano_answers = sa.Table(
    "kano_answers",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _owner("item_id", "backlog_items.id"),
    sa.Column("respondent", sa.String(200), nullable=False),
    _fk("customer_id", "customers.id"),
    sa.Column("functional", sa.String(12), nullable=False),
    sa.Column("dysfunctional", sa.String(12), nullable=False),
    sa.Column("answered_on", sa.Date),
    sa.Column("source_file", sa.String(300), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("item_id", "respondent"),
)

item_assessments = sa.Table(
    "item_assessments",
    metadata,
    _id(),
    _owner("item_id", "backlog_items.id"),
    sa.Column("dimension", sa.String(12), nullable=False),
    sa.Column("rating", sa.String(10), nullable=False),
    sa.Column("evidence", sa.Text, nullable=False, server_default=""),
    sa.Column("link", sa.String(500), nullable=False, server_default=""),
    _fk("note_id", "feedback_notes.id"),
    _fk("assessed_by", "users.id"),
    *_stamps(),
    sa.UniqueConstraint("item_id", "dimension"),
)


# ---------------------------------------------------------------------------------------------
# Customer evidence (0004): people, the synthesis store, suggestions, jobs, inbound webhooks.

contacts = sa.Table(
    "contacts",
    metadata,
    _id(),
    _fk("customer_id", "customers.id", ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False, server_default="", index=True),
    sa.Column("title", sa.String(200), nullable=False, server_default=""),
    sa.Column("external_id", sa.String(200), unique=True),
    *_stamps(),
)

note_vectors = sa.Table(
    "note_vectors",
    metadata,
    sa.Column(
        "note_id",
        sa.Integer,
        sa.ForeignKey("feedback_notes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("embedder", sa.String(120), nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

themes = sa.Table(
    "themes",
    metadata,
    _id(),
    _fk("product_id", "products.id", ondelete="CASCADE"),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("label_edited", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("terms", sa.JSON, nullable=False),
    sa.Column("representatives", sa.JSON, nullable=False),
    sa.Column("size", sa.Integer, nullable=False, server_default="0"),
    sa.Column("centroid", sa.LargeBinary),
    sa.Column("embedder", sa.String(120), nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="active"),
    *_stamps(),
)

theme_members = sa.Table(
    "theme_members",
    metadata,
    _id(),
    _fk("theme_id", "themes.id", nullable=False, ondelete="CASCADE"),
    _fk("note_id", "feedback_notes.id", nullable=False, ondelete="CASCADE"),
    sa.Column("similarity", sa.Float, nullable=False),
    sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("added_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("note_id"),
)

suggestions = sa.Table(
    "suggestions",
    metadata,
    _id(),
    _owner("note_id", "feedback_notes.id"),
    sa.Column("kind", sa.String(12), nullable=False),  # item, opportunity, duplicate
    sa.Column("target_id", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="pending", index=True),
    _fk("decided_by", "users.id"),
    sa.Column("decided_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("note_id", "kind", "target_id"),
)

background_jobs = sa.Table(
    "background_jobs",
    metadata,
    _id(),
    sa.Column("kind", sa.String(40), nullable=False),
    _fk("product_id", "products.id", ondelete="CASCADE"),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("total", sa.Integer),
    sa.Column("message", sa.Text, nullable=False, server_default=""),
    sa.Column("result", sa.JSON),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("started_at", UtcDateTime),
    sa.Column("finished_at", UtcDateTime),
    # 0005: the running process writes it with each progress report, so a job whose process
    # died is told from one that is merely long (jobs.is_stale reads it).
    sa.Column("heartbeat_at", UtcDateTime),
)

inbound_hooks = sa.Table(
    "inbound_hooks",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    # 0005: hooks made since keep only a random salt; their secret is derived from it with the
    # workspace's secret key, so the database alone does not give it away. `secret` holds the
    # plain secret of hooks made before, which keep working until revoked.
    sa.Column("secret", sa.String(128)),
    sa.Column("secret_salt", sa.String(64)),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_used_at", UtcDateTime),
    sa.Column("revoked_at", UtcDateTime),
)

# ---------------------------------------------------------------------------------------------
# Discovery (0004): Opportunity Solution Trees, Jobs to be Done, competitors.

opportunities = sa.Table(
    "opportunities",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _fk("goal_id", "goals.id"),
    _fk("parent_id", "opportunities.id", ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("is_target", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rank", RankKey, nullable=False),
    *_stamps(),
)

opportunity_links = sa.Table(
    "opportunity_links",
    metadata,
    _id(),
    _fk("note_id", "feedback_notes.id", nullable=False, ondelete="CASCADE"),
    _fk("opportunity_id", "opportunities.id", nullable=False, ondelete="CASCADE"),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("highlight", sa.Text, nullable=False, server_default=""),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.CheckConstraint("importance BETWEEN 0 AND 3", name="importance_0_3"),
)

solutions = sa.Table(
    "solutions",
    metadata,
    _id(),
    _fk("opportunity_id", "opportunities.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(20), nullable=False),
    _fk("item_id", "backlog_items.id"),
    sa.Column("rank", RankKey, nullable=False),
    *_stamps(),
)

assumption_tests = sa.Table(
    "assumption_tests",
    metadata,
    _id(),
    _fk("solution_id", "solutions.id", nullable=False, ondelete="CASCADE"),
    sa.Column("assumption", sa.Text, nullable=False),
    sa.Column("category", sa.String(14), nullable=False),
    sa.Column("method", sa.String(200), nullable=False, server_default=""),
    sa.Column("success_criterion", sa.Text, nullable=False, server_default=""),
    sa.Column("result", sa.String(14), nullable=False),
    sa.Column("findings", sa.Text, nullable=False, server_default=""),
    sa.Column("run_on", sa.Date),
    *_stamps(),
)

jtbd_jobs = sa.Table(
    "jtbd_jobs",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("performer", sa.String(200), nullable=False, server_default=""),
    sa.Column("statement", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    *_stamps(),
)

jtbd_outcomes = sa.Table(
    "jtbd_outcomes",
    metadata,
    _id(),
    _fk("job_id", "jtbd_jobs.id", nullable=False, ondelete="CASCADE"),
    sa.Column("statement", sa.Text, nullable=False),
    _fk("opportunity_id", "opportunities.id"),
    *_stamps(),
)

outcome_ratings = sa.Table(
    "outcome_ratings",
    metadata,
    _id(),
    _owner("outcome_id", "jtbd_outcomes.id"),
    sa.Column("respondent", sa.String(200), nullable=False),
    _fk("customer_id", "customers.id"),
    sa.Column("importance", sa.Integer, nullable=False),
    sa.Column("satisfaction", sa.Integer, nullable=False),
    sa.Column("answered_on", sa.Date),
    sa.Column("source_file", sa.String(300), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("outcome_id", "respondent"),
)

job_stories = sa.Table(
    "job_stories",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    _fk("job_id", "jtbd_jobs.id"),
    sa.Column("situation", sa.Text, nullable=False),
    sa.Column("motivation", sa.Text, nullable=False),
    sa.Column("expected_outcome", sa.Text, nullable=False),
    _fk("item_id", "backlog_items.id"),
    *_stamps(),
)

competitors = sa.Table(
    "competitors",
    metadata,
    _id(),
    _owner("product_id", "products.id"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("website", sa.String(500), nullable=False, server_default=""),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    *_stamps(),
    sa.UniqueConstraint("product_id", "name"),
)

capabilities = sa.Table(
    "capabilities",
    metadata,
    _id(),
    _owner("product_id", "products.id"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("own_level", sa.Integer, nullable=False, server_default="0"),
    _fk("opportunity_id", "opportunities.id"),
    *_stamps(),
    sa.UniqueConstraint("product_id", "name"),
)

competitor_capabilities = sa.Table(
    "competitor_capabilities",
    metadata,
    _id(),
    _owner("competitor_id", "competitors.id"),
    _fk("capability_id", "capabilities.id", nullable=False, ondelete="CASCADE"),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_stamps(),
    sa.UniqueConstraint("competitor_id", "capability_id"),
)

# ---------------------------------------------------------------------------------------------
# The public portal (0004): ideas, votes and comments, moderation, and the outbox.

ideas = sa.Table(
    "ideas",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("moderation", sa.String(12), nullable=False, index=True),
    sa.Column("submitter_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("submitter_email", sa.String(320), nullable=False, server_default=""),
    _fk("customer_id", "customers.id"),
    _fk("item_id", "backlog_items.id"),
    _fk("merged_into_id", "ideas.id"),
    _fk("note_id", "feedback_notes.id"),
    sa.Column("votes", sa.Integer, nullable=False, server_default="0"),
    *_stamps(),
)

idea_votes = sa.Table(
    "idea_votes",
    metadata,
    _id(),
    _owner("idea_id", "ideas.id"),
    sa.Column("email", sa.String(320), nullable=False),
    _fk("customer_id", "customers.id"),
    _fk("note_id", "feedback_notes.id"),
    sa.Column("client_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("idea_id", "email"),
)

idea_comments = sa.Table(
    "idea_comments",
    metadata,
    _id(),
    _fk("idea_id", "ideas.id", nullable=False, ondelete="CASCADE"),
    sa.Column("author_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("author_email", sa.String(320), nullable=False, server_default=""),
    _fk("user_id", "users.id"),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("moderation", sa.String(12), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    _id(),
    _fk("product_id", "products.id", ondelete="CASCADE"),
    sa.Column("topic", sa.String(60), nullable=False),
    sa.Column("channel", sa.String(10), nullable=False),  # email, webhook
    sa.Column("recipient", sa.String(500), nullable=False),
    sa.Column("subject", sa.String(300), nullable=False, server_default=""),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("payload", sa.JSON),
    sa.Column("status", sa.String(10), nullable=False, server_default="pending", index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sent_at", UtcDateTime),
)

rate_limit_hits = sa.Table(
    "rate_limit_hits",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("window_start", UtcDateTime, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

# ---------------------------------------------------------------------------------------------
# The roadmap (0004): releases and milestones, dependencies, capacity, story maps.

releases = sa.Table(
    "releases",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # release, milestone
    sa.Column("target_date", sa.Date),
    sa.Column("released_on", sa.Date),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    _fk("goal_id", "goals.id"),
    _fk("initiative_id", "initiatives.id"),
    sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()),
    *_stamps(),
)

item_dependencies = sa.Table(
    "item_dependencies",
    metadata,
    _id(),
    _owner("blocker_id", "backlog_items.id"),
    _fk("blocked_id", "backlog_items.id", nullable=False, ondelete="CASCADE"),
    _fk("created_by", "users.id"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("blocker_id", "blocked_id"),
    sa.CheckConstraint("blocker_id <> blocked_id", name="not_self"),
)

capacity_periods = sa.Table(
    "capacity_periods",
    metadata,
    _id(),
    _owner("product_id", "products.id"),
    sa.Column("team", sa.String(100), nullable=False, server_default=""),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("capacity", sa.Float, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_stamps(),
    sa.UniqueConstraint("product_id", "team", "starts_on"),
    sa.CheckConstraint("starts_on <= ends_on", name="period_order"),
)

story_maps = sa.Table(
    "story_maps",
    metadata,
    _id(),
    _fk("product_id", "products.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    *_stamps(),
)

story_activities = sa.Table(
    "story_activities",
    metadata,
    _id(),
    _fk("map_id", "story_maps.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("rank", RankKey, nullable=False),
    *_stamps(),
)

story_tasks = sa.Table(
    "story_tasks",
    metadata,
    _id(),
    _fk("activity_id", "story_activities.id", nullable=False, ondelete="CASCADE"),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("rank", RankKey, nullable=False),
    *_stamps(),
)

story_slices = sa.Table(
    "story_slices",
    metadata,
    _id(),
    _fk("map_id", "story_maps.id", nullable=False, ondelete="CASCADE"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("rank", RankKey, nullable=False),
    _fk("release_id", "releases.id"),
    *_stamps(),
)

story_placements = sa.Table(
    "story_placements",
    metadata,
    _id(),
    _fk("task_id", "story_tasks.id", nullable=False, ondelete="CASCADE"),
    _fk("item_id", "backlog_items.id", nullable=False, ondelete="CASCADE"),
    _fk("slice_id", "story_slices.id"),
    sa.Column("rank", RankKey, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("task_id", "item_id"),
)
