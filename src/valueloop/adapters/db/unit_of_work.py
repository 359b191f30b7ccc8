"""The SQL unit of work: one connection and transaction shared by every repository."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import sqlalchemy as sa

from valueloop.adapters.db import tables as t
from valueloop.adapters.db.jobs import JobRepository
from valueloop.adapters.db.lanes import LaneRepository
from valueloop.adapters.db.note_imports import SqlNoteImports
from valueloop.adapters.db.note_search import SqlNoteSearch
from valueloop.adapters.db.opportunities import OpportunityRepository
from valueloop.adapters.db.rate_limits import RateLimitRepository
from valueloop.adapters.db.repositories import (
    ItemRepository,
    LinkRepository,
    ObservationRepository,
    SessionRepository,
    SurveyRepository,
    TableRepository,
    TokenRepository,
    UserRepository,
    WatchRepository,
)
from valueloop.adapters.db.scoring import SqlScoringQueries
from valueloop.adapters.db.synthesis import (
    NoteVectorRepository,
    OpportunityEvidence,
    SuggestionRepository,
    ThemeMemberRepository,
)
from valueloop.domain.accounts import ApiToken, Membership, User, WebSession
from valueloop.domain.assessments import Assessment
from valueloop.domain.audit import AuditEntry
from valueloop.domain.backlog import BacklogItem
from valueloop.domain.calibration import MeasuredImpact, ScoreSnapshot
from valueloop.domain.capacity import CapacityPeriod
from valueloop.domain.collaboration import Comment, Notification
from valueloop.domain.competitors import Capability, Competitor, CompetitorCapability
from valueloop.domain.contacts import Contact
from valueloop.domain.customers import Customer
from valueloop.domain.decisions import Decision
from valueloop.domain.dependencies import ItemDependency
from valueloop.domain.estimates import ItemEstimate
from valueloop.domain.feedback import FeedbackLink, FeedbackNote
from valueloop.domain.finance import FinanceRecord
from valueloop.domain.goal_experiments import GoalExperiment
from valueloop.domain.goals import Goal, Measure, Observation
from valueloop.domain.ideas import Idea, IdeaComment, IdeaVote
from valueloop.domain.inbound_hooks import InboundHook
from valueloop.domain.initiatives import Initiative, InitiativeItem
from valueloop.domain.jobs import BackgroundJob
from valueloop.domain.jtbd import DesiredOutcome, Job, JobStory, OutcomeRating
from valueloop.domain.kano import KanoAnswer
from valueloop.domain.kvm import WorkspaceKvm
from valueloop.domain.lifecycle import ExitCriterion
from valueloop.domain.opportunities import Opportunity, OpportunityLink
from valueloop.domain.outbox import OutboxMessage
from valueloop.domain.priorities import ItemPriority, ScoringSettings
from valueloop.domain.products import Product
from valueloop.domain.releases import Release
from valueloop.domain.saved_formulas import FormulaVersion, SavedFormula
from valueloop.domain.solutions import AssumptionTest, Solution
from valueloop.domain.story_maps import (
    StoryActivity,
    StoryMap,
    StoryPlacement,
    StorySlice,
    StoryTask,
)
from valueloop.domain.suggestions import Suggestion
from valueloop.domain.surveys import SurveyResponse
from valueloop.domain.themes import Theme, ThemeMember


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`: one transaction, rolled back unless committed."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._connection: sa.Connection | None = None

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        self._connection = connection
        connection.begin()
        self.users = UserRepository(connection, t.users, User, "user")
        self.tokens = TokenRepository(connection, t.api_tokens, ApiToken, "API token")
        self.sessions = SessionRepository(connection, t.web_sessions, WebSession, "session")
        self.memberships = TableRepository(connection, t.memberships, Membership, "membership")
        self.products = TableRepository(connection, t.products, Product, "product")
        self.goals = TableRepository(connection, t.goals, Goal, "goal")
        self.measures = TableRepository(connection, t.measures, Measure, "measure")
        self.observations = ObservationRepository(
            connection, t.observations, Observation, "observation"
        )
        self.customers = TableRepository(connection, t.customers, Customer, "customer")
        self.notes = TableRepository(connection, t.feedback_notes, FeedbackNote, "feedback note")
        self.links = LinkRepository(connection, t.feedback_links, FeedbackLink, "feedback link")
        self.note_imports = SqlNoteImports(connection)
        self.items = ItemRepository(connection, t.backlog_items, BacklogItem, "backlog item")
        self.decisions = TableRepository(connection, t.decisions, Decision, "decision")
        self.comments = TableRepository(connection, t.comments, Comment, "comment")
        self.notifications = TableRepository(
            connection, t.notifications, Notification, "notification"
        )
        self.watches = WatchRepository(connection)
        self.audit = TableRepository(connection, t.audit_log, AuditEntry, "audit entry")
        self.kvms = TableRepository(
            connection, t.kvm_definitions, WorkspaceKvm, "key value measure"
        )
        self.initiatives = TableRepository(connection, t.initiatives, Initiative, "initiative")
        self.initiative_items = TableRepository(
            connection, t.initiative_items, InitiativeItem, "initiative item"
        )
        self.finance = TableRepository(
            connection, t.finance_records, FinanceRecord, "finance record"
        )
        self.exit_criteria = TableRepository(
            connection, t.exit_criteria, ExitCriterion, "exit criterion"
        )
        self.goal_experiments = TableRepository(
            connection, t.goal_experiments, GoalExperiment, "goal experiment"
        )
        self.survey_responses = SurveyRepository(
            connection, t.survey_responses, SurveyResponse, "survey response"
        )
        self.estimates = TableRepository(connection, t.item_estimates, ItemEstimate, "estimate")
        self.priorities = TableRepository(
            connection, t.item_priorities, ItemPriority, "item priority"
        )
        self.scoring_settings = TableRepository(
            connection, t.scoring_settings, ScoringSettings, "scoring settings"
        )
        self.formulas = TableRepository(connection, t.formulas, SavedFormula, "formula")
        self.formula_versions = TableRepository(
            connection, t.formula_versions, FormulaVersion, "formula version"
        )
        self.snapshots = TableRepository(
            connection, t.score_snapshots, ScoreSnapshot, "score snapshot"
        )
        self.impacts = TableRepository(
            connection, t.measured_impacts, MeasuredImpact, "measured impact"
        )
        self.kano_answers = TableRepository(connection, t.kano_answers, KanoAnswer, "Kano answer")
        self.assessments = TableRepository(connection, t.item_assessments, Assessment, "assessment")
        self.contacts = TableRepository(connection, t.contacts, Contact, "contact")
        self.themes = TableRepository(connection, t.themes, Theme, "theme")
        self.theme_members = ThemeMemberRepository(
            connection, t.theme_members, ThemeMember, "theme member"
        )
        self.note_vectors = NoteVectorRepository(connection)
        self.opportunity_evidence = OpportunityEvidence(connection)
        self.suggestions = SuggestionRepository(connection, t.suggestions, Suggestion, "suggestion")
        self.jobs = JobRepository(connection, t.background_jobs, BackgroundJob, "job")
        self.inbound_hooks = TableRepository(connection, t.inbound_hooks, InboundHook, "webhook")
        self.opportunities = OpportunityRepository(
            connection, t.opportunities, Opportunity, "opportunity"
        )
        self.opportunity_links = TableRepository(
            connection, t.opportunity_links, OpportunityLink, "opportunity link"
        )
        self.solutions = TableRepository(connection, t.solutions, Solution, "solution")
        self.assumption_tests = TableRepository(
            connection, t.assumption_tests, AssumptionTest, "assumption test"
        )
        self.jtbd_jobs = TableRepository(connection, t.jtbd_jobs, Job, "job to be done")
        self.desired_outcomes = TableRepository(
            connection, t.jtbd_outcomes, DesiredOutcome, "desired outcome"
        )
        self.outcome_ratings = TableRepository(
            connection, t.outcome_ratings, OutcomeRating, "outcome rating"
        )
        self.job_stories = TableRepository(connection, t.job_stories, JobStory, "job story")
        self.competitors = TableRepository(connection, t.competitors, Competitor, "competitor")
        self.capabilities = TableRepository(connection, t.capabilities, Capability, "capability")
        self.competitor_capabilities = TableRepository(
            connection, t.competitor_capabilities, CompetitorCapability, "competitor capability"
        )
        self.ideas = TableRepository(connection, t.ideas, Idea, "idea")
        self.idea_votes = TableRepository(connection, t.idea_votes, IdeaVote, "vote")
        self.idea_comments = TableRepository(
            connection, t.idea_comments, IdeaComment, "idea comment"
        )
        self.outbox = TableRepository(connection, t.outbox, OutboxMessage, "outbox message")
        self.releases = TableRepository(connection, t.releases, Release, "release")
        self.lanes = LaneRepository(connection, self.items)
        self.dependencies = TableRepository(
            connection, t.item_dependencies, ItemDependency, "dependency"
        )
        self.capacity = TableRepository(
            connection, t.capacity_periods, CapacityPeriod, "capacity period"
        )
        self.story_maps = TableRepository(connection, t.story_maps, StoryMap, "story map")
        self.story_activities = TableRepository(
            connection, t.story_activities, StoryActivity, "activity"
        )
        self.story_tasks = TableRepository(connection, t.story_tasks, StoryTask, "task")
        self.story_slices = TableRepository(connection, t.story_slices, StorySlice, "slice")
        self.story_placements = TableRepository(
            connection, t.story_placements, StoryPlacement, "story placement"
        )
        self.rate_limits = RateLimitRepository(connection)
        self.scoring = SqlScoringQueries(connection)
        self.note_search = SqlNoteSearch(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()

    @property
    def connection(self) -> sa.Connection:
        """The open connection (for adapters that work in bulk, such as export and import)."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()
