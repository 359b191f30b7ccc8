"""The storage port the use cases depend on: a unit of work holding one repository per noun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

from valueloop.domain.accounts import ApiToken, Membership, User, WebSession
from valueloop.domain.assessments import Assessment
from valueloop.domain.audit import AuditEntry
from valueloop.domain.backlog import BacklogItem, Lane
from valueloop.domain.calibration import MeasuredImpact, ScoreSnapshot
from valueloop.domain.capacity import CapacityPeriod
from valueloop.domain.collaboration import Comment, Notification
from valueloop.domain.competitors import Capability, Competitor, CompetitorCapability
from valueloop.domain.contacts import Contact
from valueloop.domain.customers import Customer
from valueloop.domain.decisions import Decision
from valueloop.domain.dependencies import ItemDependency
from valueloop.domain.estimates import ItemEstimate
from valueloop.domain.feedback import FeedbackLink, FeedbackNote, LinkedEvidence
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
from valueloop.domain.note_search import NoteQuery
from valueloop.domain.opportunities import EvidenceCount, Opportunity, OpportunityLink
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
from valueloop.domain.themes import NoteVector, Theme, ThemeMember

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a filtered list and the size of the whole list."""

    items: list[T]
    total: int
    limit: int | None
    offset: int


# A filter maps a field to a value (equality), a list (any of), or None (is null).
Filters = Mapping[str, Any]


class Records(Protocol[T]):
    """Generic access to one kind of record; nothing here commits."""

    def get(self, record_id: int) -> T | None: ...

    def require(self, record_id: int) -> T:
        """The record, or NotFound naming its kind and id."""
        ...

    def add(self, values: Mapping[str, object]) -> T: ...

    def update(
        self, record_id: int, expected_version: int | None, values: Mapping[str, object]
    ) -> T:
        """Apply `values`; Conflict when `expected_version` is stale (None skips the check)."""
        ...

    def delete(self, record_id: int, expected_version: int | None = None) -> None:
        """Remove the record; Conflict when `expected_version` is stale (None skips the check)."""
        ...

    def list(
        self,
        where: Filters | None = None,
        *,
        search: tuple[Sequence[str], str] | None = None,
        order_by: Sequence[str] = ("id",),
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[T]:
        """Records matching `where` (and a case-insensitive text search), ordered, one page."""
        ...

    def count(self, where: Filters | None = None) -> int: ...


class UserRecords(Records[User], Protocol):
    def by_username(self, username: str) -> User | None: ...

    def by_usernames(self, usernames: Sequence[str]) -> list[User]: ...


class TokenRecords(Records[ApiToken], Protocol):
    def by_hash(self, token_hash: str) -> ApiToken | None: ...


class JobRecords(Records[BackgroundJob], Protocol):
    def fail_if_silent(
        self, job_id: int, heard_before: dt.datetime, values: Mapping[str, object]
    ) -> BackgroundJob:
        """Write `values` only if the job is unfinished and last heard from before
        `heard_before` (one atomic statement); the job as it stands either way."""
        ...


class SessionRecords(Records[WebSession], Protocol):
    def by_hash(self, token_hash: str) -> WebSession | None: ...

    def delete_expired(self, now: dt.datetime) -> int: ...


class ItemRecords(Records[BacklogItem], Protocol):
    def neighbours(self, product_id: int, rank: str) -> tuple[str | None, str | None]:
        """Rank keys just before and just after `rank` in the product's backlog."""
        ...

    def last_rank(self, product_id: int) -> str | None: ...

    def set_rank(self, item_id: int, rank: str) -> BacklogItem:
        """Move an item in the order without touching its version (ordering is not an edit)."""
        ...


class LaneRecords(Protocol):
    def ordered(self, product_id: int, lane: Lane) -> list[tuple[int, str]]:
        """The (id, lane rank) of the items in one roadmap lane, in lane order."""
        ...

    def set_plan(self, item_id: int, values: Mapping[str, object]) -> BacklogItem:
        """Set lane, lane_rank or release_id without touching the version (planning is a move)."""
        ...


class LinkRecords(Records[FeedbackLink], Protocol):
    def evidence_for_items(self, item_ids: Sequence[int]) -> dict[int, list[LinkedEvidence]]:
        """Each item's links with the note date and the customer's ARR and segment."""
        ...


class OpportunityRecords(Records[Opportunity], Protocol):
    def evidence(self, product_id: int) -> list[EvidenceCount]:
        """Links per opportunity of the product and customer of the note (one grouped query)."""
        ...


class ObservationRecords(Records[Observation], Protocol):
    def latest_by_measure(self, measure_ids: Sequence[int]) -> dict[int, float]: ...

    def replace_series(
        self, measure_id: int, source: str, rows: Sequence[tuple[dt.date, float, str]]
    ) -> int:
        """Swap a measure's observations from `source` for `rows` (date, value, note)."""
        ...


class SurveyRecords(Records[SurveyResponse], Protocol):
    def tallies(self, product_id: int, survey: str) -> list[tuple[dt.date, float, int]]:
        """(day, value, count) of a product's answers; the value is desired − current for gaps."""
        ...


class RateLimitRecords(Protocol):
    """Fixed-window hit counters keyed by a hash (never a raw address)."""

    def hit(self, key: str, window_start: dt.datetime) -> int:
        """Count one hit in the key's window; the window's count including it."""
        ...

    def purge(self, before: dt.datetime) -> int:
        """Forget windows that started before `before`; how many rows went."""
        ...


class NoteImports(Protocol):
    def add_many(self, rows: Sequence[Mapping[str, object]]) -> int:
        """Insert imported notes (feedback_notes columns) in one batch; the count inserted."""
        ...


class WatchRecords(Protocol):
    def watchers(self, record_type: str, record_id: int) -> list[int]: ...

    def is_watching(self, user_id: int, record_type: str, record_id: int) -> bool: ...

    def watch(self, user_id: int, record_type: str, record_id: int, now: dt.datetime) -> None: ...

    def unwatch(self, user_id: int, record_type: str, record_id: int) -> None: ...


if TYPE_CHECKING:  # numpy loads only where a backlog is scored
    import numpy as np
    from numpy.typing import NDArray

    Ids = NDArray[np.int64]
    Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BacklogFrame:
    """A product's backlog items as columns, in manual rank order."""

    ids: Ids
    goal_ids: Ids  # the item's own goal, −1 for none
    initiative_goal_ids: Ids  # the goal of the initiative holding it, −1 for none
    estimates: Floats  # the item's own estimate column, NaN for none


@dataclass(frozen=True, slots=True)
class EstimateColumns:
    """Estimates of some fields for the items that have any, one row per item id (NaN where an
    item lacks a field); low, high and distribution only when ranges were asked for."""

    ids: Ids
    likely: Mapping[str, Floats]
    low: Mapping[str, Floats]
    high: Mapping[str, Floats]
    distribution: Mapping[str, Sequence[str | None]]


@dataclass(frozen=True, slots=True)
class EvidenceLinks:
    """Every feedback link to a product's items, one entry per link, links of an item together."""

    item_ids: Ids
    link_ids: Ids  # empty unless customers were asked for
    importance: Ids  # empty unless customers were asked for
    kinds: Ids  # the position of the note's evidence kind in the `kinds` asked with
    age_days: Ids  # whole days from the note's date to today (negative for later dates)
    customer_ids: Ids  # −1 where the note has no customer; empty unless asked for


@dataclass(frozen=True, slots=True)
class CustomerColumns:
    """Every customer's id, ARR and segment."""

    ids: Ids
    arr: Floats
    segments: Sequence[str]


class ScoringQueries(Protocol):
    """Set-based reads that scoring a whole backlog needs: a few grouped queries, never one
    query per item."""

    def backlog(self, product_id: int, statuses: Sequence[str] | None) -> BacklogFrame:
        """The product's items (in `statuses`; None: all) in manual rank order."""
        ...

    def estimate_columns(
        self, product_id: int, fields: Sequence[str], *, ranges: bool = False
    ) -> EstimateColumns: ...

    def estimate_fields(self, product_id: int) -> list[str]:
        """The estimate field names used on the product's items."""
        ...

    def overrides(self, product_id: int) -> dict[int, float]:
        """Confidence set by hand, by item id."""
        ...

    def evidence_sources(self) -> list[str]:
        """Every feedback source in the workspace."""
        ...

    def segments(self) -> list[str]:
        """Every customer segment in the workspace."""
        ...

    def evidence_links(
        self, product_id: int, *, today: dt.date, kinds: Mapping[str, int], customers: bool = True
    ) -> EvidenceLinks:
        """`kinds` maps each note source to its evidence kind's position (others: 0); without
        `customers`, link ids, importance and customers are left empty."""
        ...

    def customer_columns(self) -> CustomerColumns: ...

    def evidence_pieces(self, item_ids: Sequence[int]) -> dict[int, list[tuple[str, dt.date]]]:
        """Each item's linked notes as (source, received on)."""
        ...


class NoteSearch(Protocol):
    """The inbox query: filtered, ranked full-text search over notes (engine-specific SQL)."""

    def find(
        self, query: NoteQuery, *, sort: str, limit: int | None, offset: int
    ) -> Page[FeedbackNote]:
        """One page of the notes matching `query`, in `sort` order (note_search.Sort)."""
        ...

    def status_counts(self, query: NoteQuery) -> dict[str, int]:
        """How many notes match `query` in each triage status (its own status ignored)."""
        ...


class NoteVectorRecords(Protocol):
    """Stored note embeddings, keyed by note id."""

    def for_notes(self, note_ids: Sequence[int]) -> dict[int, NoteVector]: ...

    def save_many(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert or replace the vectors of these notes."""
        ...

    def count(self) -> int: ...


class ThemeMemberRecords(Records[ThemeMember], Protocol):
    def add_many(self, rows: Sequence[Mapping[str, object]]) -> None: ...

    def delete_unpinned(self, theme_ids: Sequence[int]) -> None: ...

    def of_product(self, product_id: int) -> list[tuple[int, int, float, bool]]:
        """(theme id, note id, similarity, pinned) of every member of the product's themes."""
        ...

    def dates(self, theme_ids: Sequence[int]) -> dict[int, list[dt.date]]: ...

    def evidence(self, theme_ids: Sequence[int]) -> dict[int, list[LinkedEvidence]]:
        """Each theme's member notes as evidence (importance: the highest it was linked with)."""
        ...


class SuggestionRecords(Records[Suggestion], Protocol):
    def for_notes(self, note_ids: Sequence[int]) -> list[Suggestion]:
        """Every suggestion (any status) for these notes."""
        ...

    def add_many(self, rows: Sequence[Mapping[str, object]]) -> None: ...

    def delete_many(self, suggestion_ids: Sequence[int]) -> None: ...

    def of_product(
        self,
        product_id: int,
        *,
        kinds: Sequence[str],
        status: str,
        limit: int | None,
        offset: int,
    ) -> Page[Suggestion]:
        """A product's suggestions of these kinds and status, best score first."""
        ...


class OpportunityEvidenceQueries(Protocol):
    def evidence_for_opportunities(
        self, opportunity_ids: Sequence[int]
    ) -> dict[int, list[LinkedEvidence]]: ...


class UnitOfWork(Protocol):
    """One transaction over every repository; leaving the block without commit() rolls back."""

    @property
    def users(self) -> UserRecords: ...

    @property
    def tokens(self) -> TokenRecords: ...

    @property
    def sessions(self) -> SessionRecords: ...

    @property
    def memberships(self) -> Records[Membership]: ...

    @property
    def products(self) -> Records[Product]: ...

    @property
    def goals(self) -> Records[Goal]: ...

    @property
    def measures(self) -> Records[Measure]: ...

    @property
    def observations(self) -> ObservationRecords: ...

    @property
    def customers(self) -> Records[Customer]: ...

    @property
    def notes(self) -> Records[FeedbackNote]: ...

    @property
    def links(self) -> LinkRecords: ...

    @property
    def note_imports(self) -> NoteImports: ...

    @property
    def items(self) -> ItemRecords: ...

    @property
    def decisions(self) -> Records[Decision]: ...

    @property
    def comments(self) -> Records[Comment]: ...

    @property
    def notifications(self) -> Records[Notification]: ...

    @property
    def watches(self) -> WatchRecords: ...

    @property
    def audit(self) -> Records[AuditEntry]: ...

    @property
    def kvms(self) -> Records[WorkspaceKvm]: ...

    @property
    def initiatives(self) -> Records[Initiative]: ...

    @property
    def initiative_items(self) -> Records[InitiativeItem]: ...

    @property
    def finance(self) -> Records[FinanceRecord]: ...

    @property
    def exit_criteria(self) -> Records[ExitCriterion]: ...

    @property
    def goal_experiments(self) -> Records[GoalExperiment]: ...

    @property
    def survey_responses(self) -> SurveyRecords: ...

    @property
    def estimates(self) -> Records[ItemEstimate]: ...

    @property
    def priorities(self) -> Records[ItemPriority]: ...

    @property
    def scoring_settings(self) -> Records[ScoringSettings]: ...

    @property
    def formulas(self) -> Records[SavedFormula]: ...

    @property
    def formula_versions(self) -> Records[FormulaVersion]: ...

    @property
    def snapshots(self) -> Records[ScoreSnapshot]: ...

    @property
    def impacts(self) -> Records[MeasuredImpact]: ...

    @property
    def kano_answers(self) -> Records[KanoAnswer]: ...

    @property
    def assessments(self) -> Records[Assessment]: ...

    @property
    def contacts(self) -> Records[Contact]: ...

    @property
    def themes(self) -> Records[Theme]: ...

    @property
    def theme_members(self) -> ThemeMemberRecords: ...

    @property
    def note_vectors(self) -> NoteVectorRecords: ...

    @property
    def opportunity_evidence(self) -> OpportunityEvidenceQueries: ...

    @property
    def suggestions(self) -> SuggestionRecords: ...

    @property
    def jobs(self) -> JobRecords: ...

    @property
    def inbound_hooks(self) -> Records[InboundHook]: ...

    @property
    def opportunities(self) -> OpportunityRecords: ...

    @property
    def opportunity_links(self) -> Records[OpportunityLink]: ...

    @property
    def solutions(self) -> Records[Solution]: ...

    @property
    def assumption_tests(self) -> Records[AssumptionTest]: ...

    @property
    def jtbd_jobs(self) -> Records[Job]: ...

    @property
    def desired_outcomes(self) -> Records[DesiredOutcome]: ...

    @property
    def outcome_ratings(self) -> Records[OutcomeRating]: ...

    @property
    def job_stories(self) -> Records[JobStory]: ...

    @property
    def competitors(self) -> Records[Competitor]: ...

    @property
    def capabilities(self) -> Records[Capability]: ...

    @property
    def competitor_capabilities(self) -> Records[CompetitorCapability]: ...

    @property
    def ideas(self) -> Records[Idea]: ...

    @property
    def idea_votes(self) -> Records[IdeaVote]: ...

    @property
    def idea_comments(self) -> Records[IdeaComment]: ...

    @property
    def outbox(self) -> Records[OutboxMessage]: ...

    @property
    def releases(self) -> Records[Release]: ...

    @property
    def lanes(self) -> LaneRecords: ...

    @property
    def dependencies(self) -> Records[ItemDependency]: ...

    @property
    def capacity(self) -> Records[CapacityPeriod]: ...

    @property
    def story_maps(self) -> Records[StoryMap]: ...

    @property
    def story_activities(self) -> Records[StoryActivity]: ...

    @property
    def story_tasks(self) -> Records[StoryTask]: ...

    @property
    def story_slices(self) -> Records[StorySlice]: ...

    @property
    def story_placements(self) -> Records[StoryPlacement]: ...

    @property
    def rate_limits(self) -> RateLimitRecords: ...

    @property
    def scoring(self) -> ScoringQueries: ...

    @property
    def note_search(self) -> NoteSearch: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
