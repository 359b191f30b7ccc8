"""The demo's learning: EBM experiment loops on goals at every step, and a goal closed as met.

Adapting a loop and closing a goal are decisions; they are logged the way the app logs them,
with the evidence as it stood that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain import decisions, goal_experiments, goals
from valueloop.domain.goal_experiments import Adaptation
from valueloop.domain.goals import GoalStatus, MeasureKind
from valueloop.services.demo_data import Plan, Team

KEEP, CHANGE, DROP = Adaptation.KEEP, Adaptation.CHANGE, Adaptation.DROP


@dataclass(frozen=True, slots=True)
class Loop:
    product: str
    goal: str
    by: str
    hypothesis: str
    measurement: str
    measure: str | None  # the goal's measure it is read on, if one fits
    days_ago: int  # when the hypothesis was formed
    shipped: int | None = None  # days after the hypothesis
    result: tuple[int, str] | None = None  # days after the hypothesis, what was seen
    adapted: tuple[int, Adaptation, str] | None = None  # days after the result, verdict, why


LOOPS = (
    Loop("helpdesk", "sla", "oliver",
         "Warning team leads two hours before a breach lets them rescue most at-risk tickets.",
         "SLA breach rate of enterprise tickets in the pilot teams", "SLA breach rate",
         350, 20, (58, "Breaches fell from 7.6% to 6.4% in the pilot teams."),
         (3, KEEP, "Roll breach warnings out to every enterprise team.")),
    Loop("helpdesk", "sla", "oliver",
         "Routing tickets by language cuts breaches on non-English tickets.",
         "SLA breach rate; reassignments per ticket", "SLA breach rate",
         320, 15, (50, "Breaches did not move; reassignments fell by 30%."),
         (5, CHANGE, "Keep language routing, but judge it by reassignments, not breaches.")),
    Loop("helpdesk", "defects", "oliver",
         "A weekly bug bash on the ticket workflow halves open defects within a quarter.",
         "Open defects in the ticket workflow", "Open defects",
         300, None, (42, "Open defects fell by 6; new ones kept coming at the same rate."),
         (4, DROP, "Bug bashes clear the backlog but prevent nothing; invest in tests instead.")),
    Loop("helpdesk", "delivery", "oliver",
         "Feature flags let us deploy daily without more incidents.",
         "Deployments a week, with incidents as the guardrail", "Deployment frequency",
         270, 25, (49, "Deployments tripled; incidents stayed flat."),
         (2, KEEP, "Every new feature ships behind a flag from now on.")),
    Loop("helpdesk", "innovation", "priya",
         "A support rotation frees ten points of capacity for new work.",
         "Innovation rate", "Innovation rate",
         240, 10, (40, "Innovation rate up four points; on-call satisfaction unchanged."),
         (6, KEEP, "Keep the rotation and revisit after two quarters.")),
    Loop("helpdesk", "dashboards", "priya",
         "Templates get team leads to build their first dashboard.",
         "Dashboard adoption among accounts that saw a template", "Dashboard adoption",
         200, 14, (35, "Adoption up five points among accounts that saw a template."),
         (3, KEEP, "Ship templates to everyone; add two more for enterprise.")),
    Loop("helpdesk", "crm", "priya",
         "Showing open tickets in Salesforce wins renewal-heavy mid-market deals.",
         "Win rate of deals that named a CRM integration", "Win rate, CRM-dependent deals",
         170, 30, (60, "Win rate up three points, within the noise of 40 deals."),
         (4, CHANGE, "Pair the integration with SSO before we measure again.")),
    Loop("helpdesk", "help_center", "oliver",
         "Refreshing the 50 most-read articles cuts 'how do I' tickets.",
         "Share of how-to tickets", None,
         150, 20, (38, "How-to tickets down 9% in the six weeks after the refresh."),
         (2, KEEP, "Refresh the next 50 articles.")),
    Loop("helpdesk", "innovation", "priya",
         "AI-drafted replies for 10% of agents raise replies per agent hour.",
         "Replies per agent hour, with CSAT as the guardrail", None,
         110, 12, (30, "Replies per hour up 14%; CSAT unchanged.")),
    Loop("helpdesk", "delivery", "oliver",
         "Automated rollback halves the time to restore after a failed deployment.",
         "Mean time to restore", "Mean time to restore",
         80, 20, (41, "Time to restore fell from 6.1 to 4.4 hours.")),
    Loop("helpdesk", "dashboards", "oliver",
         "Scheduled e-mail reports bring inactive team leads back to their dashboards.",
         "Dashboard adoption among inactive accounts", "Dashboard adoption", 45, 16),
    Loop("helpdesk", "sla", "oliver",
         "Business-hours calendars cut false SLA alarms at night.",
         "SLA alarms outside business hours", None, 10),
    Loop("insights", "beta", "lena",
         "Weekly office hours with design partners raise their NPS.",
         "Beta NPS", "Beta NPS",
         150, 7, (50, "Partners who came to office hours score 8 points higher."),
         (3, KEEP, "Keep office hours; invite the partners who never came.")),
    Loop("insights", "beta", "lena",
         "A guided first report cuts the bugs partners file out of confusion.",
         "Beta bugs open", "Beta bugs open", 40, 10),
)  # fmt: skip


def loops(plan: Plan, team: Team, products: dict[str, int]) -> None:
    """Goal loops at every step; each adaptation is a decision with the loop as its evidence."""
    for spec in LOOPS:
        goal_id = plan.ref("goals", spec.goal)
        goal = plan.rows["goals"][goal_id - 1]
        start = plan.today - dt.timedelta(days=spec.days_ago)
        values = goal_experiments.start(
            {
                "hypothesis": spec.hypothesis,
                "measurement": spec.measurement,
                "measure_id": plan.ref("measures", f"{spec.product}:{spec.measure}")
                if spec.measure
                else None,
                "hypothesized_on": start,
            },
            plan.today,
        )
        row: dict[str, object] = {
            **values,
            "shipped_on": None,
            "result": "",
            "result_on": None,
            "adaptation": None,
            "adapted_on": None,
            "decision_id": None,
        }
        if spec.shipped is not None:
            row["shipped_on"] = start + dt.timedelta(days=spec.shipped)
        last = start
        if spec.result is not None:
            last = start + dt.timedelta(days=spec.result[0])
            row["result"], row["result_on"] = spec.result[1], last
        if spec.adapted is not None and spec.result is not None:
            after, verdict, why = spec.adapted
            last = last + dt.timedelta(days=after)
            row["adaptation"], row["adapted_on"] = verdict.value, last
            at = plan.moment(last)
            decision = decisions.validate(
                {
                    "title": f"{verdict.value.capitalize()} the approach to “{goal['title']}”",
                    "decision": f"{verdict.value}: {spec.hypothesis}",
                    "options": [a.value for a in Adaptation],
                    "rationale": why,
                    "evidence": {
                        "hypothesis": spec.hypothesis,
                        "measurement": spec.measurement,
                        "result": spec.result[1],
                        "time_to_learn_days": spec.result[0],
                    },
                    "record_type": "goal",
                    "record_id": goal_id,
                }
            )
            actor = team.ids[spec.by]
            row["decision_id"] = plan.add(
                "decisions",
                **decision,
                product_id=products[spec.product],
                decided_by=actor,
                decided_at=at,
                created_at=at,
            )
            plan.audit_create("decisions", "decision", int(str(row["decision_id"])), actor, at)
        created, updated = plan.moment(start), plan.moment(last)
        plan.add(
            "goal_experiments",
            **row,
            goal_id=goal_id,
            created_at=created,
            updated_at=max(created, updated),
            version=1 + sum(row[k] is not None for k in ("shipped_on", "result_on", "adapted_on")),
        )


def close_goal(plan: Plan, team: Team, products: dict[str, int]) -> None:
    """The Slack goal was met: closing it is a decision with its measures as they stood."""
    goal_id, by, days_ago = plan.ref("goals", "slack"), "priya", 95
    day = plan.today - dt.timedelta(days=days_ago)
    goal = plan.rows["goals"][goal_id - 1]
    measured, progresses = [], []
    for m in (row for row in plan.rows["measures"] if row["goal_id"] == goal_id):
        seen = [
            o["value"]
            for o in plan.rows["observations"]
            if o["measure_id"] == m["id"] and str(o["observed_on"]) <= str(day)
        ]
        latest = float(str(seen[-1])) if seen else None
        baseline, target = float(str(m["baseline"])), float(str(m["target"]))
        direction = goals.Direction(str(m["direction"]))
        progresses.append(goals.measure_progress(baseline, target, latest, direction))
        measured.append(
            {
                "id": m["id"],
                "name": m["name"],
                "unit": m["unit"],
                "baseline": baseline,
                "target": target,
                "latest": latest,
                "progress": progresses[-1],
                "kind": str(m["kind"]),
                "computed_by": m["computed_by"],
            }
        )
    at = plan.moment(day)
    values = decisions.validate(
        {
            "title": f"Goal “{goal['title']}” achieved",
            "decision": goals.closing_decision(GoalStatus.ACHIEVED),
            "options": ["keep pursuing", "achieved", "dropped"],
            "rationale": "A third of active workspaces connected Slack within a quarter of "
            "general availability; the escalation time halved.",
            "evidence": {
                "goal": goal["title"],
                "level": str(goal["level"]),
                "kva": str(goal["kva"]),
                "progress": goals.goal_progress(progresses),
                "vanity_risk": goals.is_vanity_risk(MeasureKind(str(m["kind"])) for m in measured),
                "measures": measured,
            },
            "record_type": "goal",
            "record_id": goal_id,
        }
    )
    actor = team.ids[by]
    decision_id = plan.add(
        "decisions",
        **values,
        product_id=goal["product_id"],
        decided_by=actor,
        decided_at=at,
        created_at=at,
    )
    plan.audit_create("decisions", "decision", decision_id, actor, at)
    plan.add(
        "audit_log",
        actor_id=actor,
        at=at,
        record_type="goal",
        record_id=goal_id,
        action="update",
        changes={"status": ["active", "achieved"]},
    )
    goal["updated_at"], goal["version"] = at, 2
