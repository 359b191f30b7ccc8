"""The Python API for strategy and Evidence-Based Management.

Goals and their measures, where measure numbers come from (observation, survey and finance
files; computed sources), initiatives, lifecycle gates, the goal experiment loop and the Key
Value Measure catalogue.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.adapters.importers import finance_csv, observations_csv, surveys_csv
from valueloop.domain.decisions import Decision
from valueloop.domain.finance import FinanceRecord, PeriodTotals
from valueloop.domain.goal_experiments import GoalExperiment
from valueloop.domain.goals import Goal, GoalStanding, Measure, Observation
from valueloop.domain.imports import ImportReport
from valueloop.domain.initiatives import Initiative
from valueloop.domain.kvm import Catalogue as KvmCatalogue
from valueloop.domain.kvm import WorkspaceKvm
from valueloop.domain.lifecycle import ExitCriterion, GateCheck
from valueloop.domain.surveys import GAP, Period, PeriodScore, SurveyKind
from valueloop.services import (
    finance,
    goal_experiments,
    goals,
    initiatives,
    kvm,
    lifecycle,
    measure_sources,
    surveys,
)
from valueloop.services.initiatives import InitiativeStanding
from valueloop.services.measure_sources import RefreshReport
from valueloop.workspace.section import Section, as_csv

if TYPE_CHECKING:
    from valueloop.workspace import Workspace

Rows = Iterable[Mapping[str, object]]


class Goals(Section):
    def tree(self, product_id: int) -> builtins.list[GoalStanding]:
        """The product's goals as a tree, with progress computed from the latest observations."""
        return goals.goal_tree(*self._call(), product_id)

    def get(self, goal_id: int) -> GoalStanding:
        return goals.get_goal(*self._call(), goal_id)

    def create(self, product_id: int, **fields: object) -> Goal:
        """Add a goal (title, level, kva, parent_id, status, target_date, …)."""
        return goals.create_goal(*self._call(), product_id, fields)

    def update(self, goal_id: int, *, version: int | None = None, **changes: object) -> Goal:
        return goals.update_goal(*self._call(), goal_id, version, changes)

    def close(self, goal_id: int, status: str, *, rationale: str) -> Decision:
        """Mark a goal achieved or dropped; returns the decision logged with its evidence."""
        return goals.close_goal(*self._call(), goal_id, status, rationale=rationale)

    def add_measure(self, goal_id: int, **fields: object) -> Measure:
        """Add a measure (name, unit, direction, kind, baseline, target, …) to a goal."""
        return goals.add_measure(*self._call(), goal_id, fields)

    def update_measure(
        self, measure_id: int, *, version: int | None = None, **changes: object
    ) -> Measure:
        return goals.update_measure(*self._call(), measure_id, version, changes)

    def record(
        self,
        measure_id: int,
        observed_on: dt.date | str,
        value: float,
        *,
        source: str = "manual",
        note: str = "",
    ) -> Observation:
        """Record one observed value of a measure."""
        return goals.record_observation(
            *self._call(), measure_id, observed_on, value, source=source, note=note
        )

    def observations(
        self, measure_id: int, *, since: dt.date | None = None
    ) -> builtins.list[Observation]:
        return goals.list_observations(*self._call(), measure_id, since=since)


class Measures(Section):
    """Where measure numbers come from: observation files and the computed sources."""

    def import_file(self, product_id: int, path: str | Path) -> ImportReport:
        """Observations from a CSV file (measure, date, value[, note]); all rows or none."""
        rows = observations_csv.read(path)
        return goals.import_observations(*self._call(), product_id, rows, Path(path).name)

    def import_rows(self, product_id: int, rows: Rows, *, source: str = "rows") -> ImportReport:
        """Observations from dicts with the file's columns (`measure`, `date`, `value`, `note`)."""
        text = as_csv(rows, ("measure", "date", "value", "note"))
        parsed = observations_csv.read(source, text=text)
        return goals.import_observations(*self._call(), product_id, parsed, source)

    def refresh(self, product_id: int | None = None) -> RefreshReport:
        """Recompute the computed measures of one product, or of every product you may manage."""
        return measure_sources.refresh_measures(*self._call(), product_id)

    def sources(self) -> builtins.list[str]:
        """The `computed_by` keys that have a source computing them now."""
        return measure_sources.registered()


class Surveys(Section):
    """NPS, eNPS, CSAT and satisfaction-gap answers, and the scores they give."""

    def import_file(self, product_id: int, survey: str, path: str | Path) -> ImportReport:
        """Answers from a CSV file; comments become feedback notes; all rows or none."""
        answers = surveys_csv.read(path, survey)
        return surveys.import_answers(*self._call(), product_id, survey, answers, Path(path).name)

    def import_rows(
        self, product_id: int, survey: str, rows: Rows, *, source: str = "rows"
    ) -> ImportReport:
        """Answers from dicts with the file's columns (`respondent`, `customer`, `date`, …)."""
        columns = ("respondent", "customer", "date", "comment")
        measured = ("desired", "current") if survey == GAP else ("score",)
        answers = surveys_csv.read(source, survey, text=as_csv(rows, columns + measured))
        return surveys.import_answers(*self._call(), product_id, survey, answers, source)

    def scores(
        self,
        product_id: int,
        survey: SurveyKind | str,
        *,
        period: Period | str = Period.MONTH,
        confidence: float = 0.95,
    ) -> builtins.list[PeriodScore]:
        """The survey's score (NPS, eNPS or CSAT) per period with its confidence interval."""
        return surveys.scores(
            *self._call(), product_id, SurveyKind(survey), Period(period), confidence
        )


class Finance(Section):
    """Cost, revenue and headcount per period, which the finance measures are computed from."""

    def import_file(self, path: str | Path) -> ImportReport:
        """Rows from a CSV file (period, product, initiative, cost, revenue, headcount).

        All rows or none; the finance measures of the products in the file are recomputed in
        the same transaction.
        """
        return finance.import_finance(*self._call(), finance_csv.read(path), Path(path).name)

    def import_rows(self, rows: Rows, *, source: str = "rows") -> ImportReport:
        """Rows as dicts with the file's columns."""
        columns = ("period", "product", "initiative", "cost", "revenue", "headcount")
        parsed = finance_csv.read(source, text=as_csv(rows, columns))
        return finance.import_finance(*self._call(), parsed, source)

    def records(self, product_id: int) -> builtins.list[FinanceRecord]:
        """The product's rows (product level and per initiative), oldest period first."""
        return finance.finance_records(*self._call(), product_id)

    def totals(self, product_id: int) -> builtins.list[PeriodTotals]:
        """Cost, revenue and headcount per period."""
        return finance.period_totals(*self._call(), product_id)


class Initiatives(Section):
    """The initiatives of one product: the actionable steps toward its goals."""

    def __init__(self, workspace: Workspace, product_id: int) -> None:
        super().__init__(workspace)
        self.product_id = product_id

    def list(self, *, goal_id: int | None = None) -> builtins.list[InitiativeStanding]:
        """Initiatives by start date, each with its items, spend and rolled-up progress."""
        return initiatives.list_initiatives(*self._call(), self.product_id, goal_id=goal_id)

    def get(self, initiative_id: int) -> InitiativeStanding:
        return initiatives.get_initiative(*self._call(), initiative_id)

    def create(self, **fields: object) -> Initiative:
        """Add one (title, description, kind, status, goal_id, owner_id, dates, budget, stage)."""
        return initiatives.create_initiative(*self._call(), self.product_id, fields)

    def update(
        self, initiative_id: int, *, version: int | None = None, **changes: object
    ) -> Initiative:
        return initiatives.update_initiative(*self._call(), initiative_id, version, changes)

    def set_items(
        self,
        initiative_id: int,
        *,
        add: Iterable[int] = (),
        remove: Iterable[int] = (),
    ) -> builtins.list[int]:
        """Put backlog items into the initiative or take them out; returns its item ids."""
        return initiatives.set_items(*self._call(), initiative_id, [*add], [*remove])


class Lifecycle(Section):
    """Lifecycle stages: exit criteria, the gate check, and stage moves as decisions."""

    def gate(self, product_id: int) -> GateCheck:
        """The exit criteria of the product's current stage against the latest observations."""
        return lifecycle.product_gate(*self._call(), product_id)

    def move(
        self,
        product_id: int,
        stage: str,
        *,
        rationale: str,
        override: bool = False,
        version: int | None = None,
    ) -> Decision:
        """Move the product to `stage`; returns the decision logged with the gate's evidence.

        Moving forward needs the exit criteria met, or `override=True` with a rationale.
        """
        return lifecycle.move_product_stage(
            *self._call(),
            product_id,
            stage,
            rationale=rationale,
            version=version,
            override=override,
        )

    def add_criterion(
        self,
        product_id: int,
        *,
        stage: str,
        measure_id: int,
        comparator: str,
        threshold: float,
        description: str = "",
        initiative_id: int | None = None,
    ) -> ExitCriterion:
        """An exit criterion of `stage`: a measure's latest value `>=` or `<=` a threshold."""
        return lifecycle.add_exit_criterion(
            *self._call(),
            product_id,
            stage=stage,
            measure_id=measure_id,
            comparator=comparator,
            threshold=threshold,
            description=description,
            initiative_id=initiative_id,
        )

    def remove_criterion(self, criterion_id: int) -> None:
        lifecycle.remove_exit_criterion(*self._call(), criterion_id)

    def initiative_gate(self, initiative_id: int) -> GateCheck | None:
        """The gate of an initiative that runs through the stages (None if it has no stage)."""
        return lifecycle.initiative_gate(*self._call(), initiative_id)

    def move_initiative(
        self,
        initiative_id: int,
        stage: str,
        *,
        rationale: str,
        override: bool = False,
        version: int | None = None,
    ) -> Decision:
        return lifecycle.move_initiative_stage(
            *self._call(),
            initiative_id,
            stage,
            rationale=rationale,
            version=version,
            override=override,
        )


class Loops(Section):
    """The EBM experiment loop on goals: hypothesis → shipped → result → adapted."""

    def start(
        self,
        goal_id: int,
        *,
        hypothesis: str,
        measurement: str,
        measure_id: int | None = None,
        hypothesized_on: dt.date | str | None = None,
    ) -> GoalExperiment:
        """Record a hypothesis for a goal and how its success will be measured."""
        fields: dict[str, object] = {
            "hypothesis": hypothesis,
            "measurement": measurement,
            "measure_id": measure_id,
        }
        if hypothesized_on is not None:
            fields["hypothesized_on"] = hypothesized_on
        return goal_experiments.start_loop(*self._call(), goal_id, fields)

    def advance(
        self,
        loop_id: int,
        step: str,
        *,
        on: dt.date | str | None = None,
        result: str = "",
        adaptation: str | None = None,
        rationale: str = "",
        version: int | None = None,
    ) -> GoalExperiment:
        """Date the next step (`shipped`, `result`, `adapted`); adapting logs a decision."""
        return goal_experiments.advance_loop(
            *self._call(),
            loop_id,
            step,
            on=on,
            result=result,
            adaptation=adaptation,
            rationale=rationale,
            version=version,
        )

    def list(self, goal_id: int) -> builtins.list[GoalExperiment]:
        """The goal's loops, oldest hypothesis first."""
        return goal_experiments.list_loops(*self._call(), goal_id)

    def time_to_learn(self, goal_id: int) -> builtins.list[tuple[dt.date, float]]:
        """Days from hypothesis to result of each loop with a result, dated by the result."""
        return goal_experiments.time_to_learn(self.list(goal_id))


class Catalogue(Section):
    """The workspace's copy of the Key Value Measure catalogue."""

    def sync(self, catalogue: KvmCatalogue | None = None) -> tuple[int, int]:
        """Bring in the packaged (or given) catalogue; returns (added, refreshed).

        Entries someone edited are kept as they are.
        """
        return kvm.sync_catalogue(*self._call(), catalogue or load_kvm_catalogue())

    def list(self) -> builtins.list[WorkspaceKvm]:
        """Every entry, by Key Value Area and name."""
        return kvm.list_kvms(*self._call())

    def edit(self, kvm_id: int, *, version: int | None = None, **changes: object) -> WorkspaceKvm:
        """Edit an entry (name, kva, definition, unit, direction, kind, computed_by)."""
        return kvm.edit_kvm(*self._call(), kvm_id, version, changes)
