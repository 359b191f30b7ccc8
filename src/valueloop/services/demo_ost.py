# ruff: noqa: E501 -- the trees below read as one table; wrapping their rows would hide the shape
"""The demo's Opportunity Solution Trees: one desired outcome per product, opportunities phrased
as problems (some nested), solutions with assumption tests, and evidence from the demo's notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain.ranking import initial_keys
from valueloop.domain.roles import Role
from valueloop.services.demo_data import Item, Plan, Team


@dataclass(frozen=True, slots=True)
class Sol:
    title: str
    status: str
    tests: tuple[
        tuple[str, str, str, str, str], ...
    ] = ()  # category, assumption, method, result, findings
    item: str = ""  # the backlog item delivering it, by title


@dataclass(frozen=True, slots=True)
class Opp:
    title: str
    theme: str  # the demo corpus theme whose notes are its evidence
    status: str = "open"
    target: bool = False
    solutions: tuple[Sol, ...] = ()
    children: tuple[Opp, ...] = ()


TREES: dict[str, tuple[str, tuple[Opp, ...]]] = {
    "helpdesk": ("sla", (
        Opp("Team leads learn about a breach only when the customer complains", "sla", "exploring", True, (
            Sol("Breach warnings before the SLA deadline", "chosen", (
                ("desirability", "Team leads act on a warning an hour before a breach", "Fake-door test in the ticket list", "passed", "31 of 40 leads clicked through in two weeks."),
                ("usability", "Agents understand the warning without training", "Five-user usability test", "passed", "5 of 5 explained it correctly."),
                ("feasibility", "Warnings can be computed every minute for 50k open tickets", "Spike on the SLA engine", "passed", "p95 of 140 ms per run."),
                ("viability", "Enterprise plans justify the extra notification cost", "Pricing review with finance", "passed", "Within the plan's margin."),
            ), "Breach warnings before the SLA deadline"),
            Sol("SLA badges in the ticket list", "testing", (
                ("desirability", "Agents sort by the badge during a busy shift", "Prototype with 8 agents", "running", ""),
            )),
            Sol("Escalation rules with on-call routing", "idea"),
            Sol("Daily breach-risk digest by e-mail", "discarded", (
                ("desirability", "Leads read a daily digest before standup", "Survey of 60 leads", "failed", "Only 9% read such digests."),
            )),
        ), (
            Opp("Nobody owns escalations after 6 pm", "sla"),
            Opp("Tickets waiting on the customer still count against the SLA clock", "sla", solutions=(
                Sol("Pause the SLA clock while waiting on the customer", "idea"),
            )),
        )),
        Opp("Our contracts promise response times we cannot configure per customer", "sla"),
        Opp("Urgent tickets sit in the wrong queue for hours", "routing", children=(
            Opp("Round-robin assignment ignores who is on shift", "routing"),
        )),
        Opp("Proving SLA compliance to an account takes a spreadsheet", "reporting", "parked"),
    )),
    "insights": ("self_serve", (
        Opp("Team leads wait days for the data team to answer a new question", "custom_metrics", "exploring", True, (
            Sol("Metric builder with formulas", "testing", (
                ("desirability", "Leads want to define their own metrics", "Interviews with 6 design partners", "passed", "5 of 6 built one in the prototype."),
                ("feasibility", "Formulas compile to one query per chart", "Engineering spike", "running", ""),
                ("usability", "A lead writes a ratio metric without help", "Unmoderated test", "planned", ""),
            )),
            Sol("Metric catalogue with owners", "idea"),
            Sol("Ask a question in plain language", "idea", (
                ("viability", "Model costs stay under 2% of revenue", "Cost model", "inconclusive", "Depends on volume we cannot predict yet."),
            )),
        ), (
            Opp("Every team defines “resolution time” differently", "custom_metrics"),
        )),
        Opp("Executives cannot read the numbers on their phone", "sharing"),
        Opp("Staffing plans are guesses because volume is hard to foresee", "staffing", children=(
            Opp("Seasonal peaks surprise the team every year", "staffing"),
        )),
    )),
}  # fmt: skip
_LINKS_PER_OPPORTUNITY = 6


def trees(plan: Plan, team: Team, products: dict[str, int], items: list[Item]) -> None:
    """Each product's tree; its evidence comes from notes already linked to the theme's items."""
    by_item = {it.id: it for it in items}
    titles = {(it.product, it.title): it.id for it in items}
    for product, (goal_key, roots) in TREES.items():
        evidence: dict[str, list[dict[str, object]]] = {}
        for link in plan.rows.get("feedback_links", []):
            item = by_item.get(int(str(link["item_id"])))
            if item is not None and item.product == product and item.theme:
                evidence.setdefault(item.theme, []).append(link)
        deciders = team.with_role(product, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER)
        context = _Context(plan, products[product], plan.ref("goals", goal_key), deciders, evidence)
        context.titles = {t: i for (p, t), i in titles.items() if p == product}
        context.add(roots, None)


class _Context:
    def __init__(
        self,
        plan: Plan,
        product_id: int,
        goal_id: int,
        deciders: list[int],
        evidence: dict[str, list[dict[str, object]]],
    ) -> None:
        self.plan, self.product_id, self.goal_id = plan, product_id, goal_id
        self.deciders, self.evidence = deciders, evidence
        self.titles: dict[str, int] = {}
        self.created = plan.moment(plan.today - dt.timedelta(days=75))

    def add(self, opps: tuple[Opp, ...], parent: int | None) -> None:
        plan = self.plan
        for spec, rank in zip(opps, initial_keys(len(opps)), strict=True):
            actor = plan.rng.choice(self.deciders)
            opp_id = plan.add(
                "opportunities",
                product_id=self.product_id,
                goal_id=self.goal_id,
                parent_id=parent,
                title=spec.title,
                description="",
                status=spec.status,
                is_target=spec.target,
                rank=rank,
                created_at=self.created,
                updated_at=self.created,
                version=1,
            )
            plan.audit_create("opportunities", "opportunity", opp_id, actor, self.created)
            self._link(opp_id, spec.theme)
            self._solutions(opp_id, spec.solutions, actor)
            self.add(spec.children, opp_id)

    def _link(self, opp_id: int, theme: str) -> None:
        """Move a few of the theme's notes over as this opportunity's evidence (each note once)."""
        pool = self.evidence.get(theme, [])
        taken, self.evidence[theme] = pool[:_LINKS_PER_OPPORTUNITY], pool[_LINKS_PER_OPPORTUNITY:]
        for link in taken:
            self.plan.add(
                "opportunity_links",
                note_id=link["note_id"],
                opportunity_id=opp_id,
                importance=link["importance"],
                highlight=link["highlight"],
                created_by=link["created_by"],
                created_at=link["created_at"],
            )

    def _solutions(self, opp_id: int, sols: tuple[Sol, ...], actor: int) -> None:
        plan = self.plan
        for spec, rank in zip(sols, initial_keys(len(sols)), strict=True):
            made = self.created + dt.timedelta(days=plan.rng.randint(3, 20))
            sol_id = plan.add(
                "solutions",
                opportunity_id=opp_id,
                title=spec.title,
                description="",
                status=spec.status,
                item_id=self.titles.get(spec.item),
                rank=rank,
                created_at=made,
                updated_at=made,
                version=1,
            )
            plan.audit_create("solutions", "solution", sol_id, actor, made)
            for n, (category, assumption, method, result, findings) in enumerate(spec.tests):
                ran = made.date() + dt.timedelta(days=7 + 5 * n)
                finished = result in ("passed", "failed", "inconclusive")
                plan.add(
                    "assumption_tests",
                    solution_id=sol_id,
                    assumption=assumption,
                    category=category,
                    method=method,
                    success_criterion="",
                    result=result,
                    findings=findings,
                    run_on=min(ran, plan.today) if finished else None,
                    created_at=made,
                    updated_at=made,
                    version=1,
                )
