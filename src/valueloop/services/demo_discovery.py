# ruff: noqa: E501 -- the tables below read as one table each; wrapping their rows would hide the shape
"""The demo's Jobs to be Done and competitors: jobs with desired outcomes rated by 60 respondents
(so the landscape has under-, appropriately and over-served outcomes), job stories linked to
backlog items, and three competitors compared on eight capabilities."""

from __future__ import annotations

import datetime as dt

from valueloop.domain.roles import Role
from valueloop.services.demo_data import Account, Item, Plan, Team

RESPONDENTS = 60

# product → jobs: (kind, performer, statement, outcomes); an outcome is (statement, share of
# respondents rating importance 4–5, share rating satisfaction 4–5, OST opportunity title or "").
JOBS: dict[str, tuple[tuple[str, str, str, tuple[tuple[str, float, float, str], ...]], ...]] = {
    "helpdesk": (
        (
            "core",
            "Support team lead",
            "Resolve every customer request within the promised time while the team is short-staffed",
            (
                (
                    "Minimize the time it takes to notice a ticket about to breach its SLA during a busy shift",
                    0.9,
                    0.2,
                    "Team leads learn about a breach only when the customer complains",
                ),
                (
                    "Minimize the likelihood that an urgent ticket waits in the wrong queue when volume spikes",
                    0.8,
                    0.3,
                    "Urgent tickets sit in the wrong queue for hours",
                ),
                (
                    "Minimize the time it takes to prove SLA compliance to an account when it asks for evidence",
                    0.6,
                    0.2,
                    "Proving SLA compliance to an account takes a spreadsheet",
                ),
                (
                    "Minimize the number of tickets assigned to agents who are off shift during handovers",
                    0.55,
                    0.45,
                    "Round-robin assignment ignores who is on shift",
                ),
                (
                    "Minimize the time it takes to find a customer's earlier requests while replying",
                    0.5,
                    0.85,
                    "",
                ),
                (
                    "Minimize the number of steps needed to close a solved request at the end of a call",
                    0.3,
                    0.8,
                    "",
                ),
            ),
        ),
        (
            "related",
            "Support agent",
            "Hand a conversation over to a colleague at the end of a shift",
            (
                (
                    "Minimize the likelihood that a customer repeats their problem after a handover",
                    0.75,
                    0.35,
                    "",
                ),
                (
                    "Minimize the time it takes to write a handover summary at the end of a shift",
                    0.4,
                    0.6,
                    "",
                ),
            ),
        ),
        (
            "emotional",
            "Support team lead",
            "Feel confident that no customer is forgotten when the queue is long",
            (
                (
                    "Minimize the likelihood of a request going unanswered for more than a day when the queue is long",
                    0.85,
                    0.4,
                    "Nobody owns escalations after 6 pm",
                ),
            ),
        ),
    ),
    "insights": (
        (
            "core",
            "Support team lead",
            "Answer a new question about support performance without waiting for the data team",
            (
                (
                    "Minimize the time it takes to define a new metric when a question comes up",
                    0.85,
                    0.25,
                    "Team leads wait days for the data team to answer a new question",
                ),
                (
                    "Minimize the likelihood that two teams report the same metric differently in one meeting",
                    0.7,
                    0.3,
                    "Every team defines “resolution time” differently",
                ),
                (
                    "Increase the share of numbers an executive can read on a phone while travelling",
                    0.45,
                    0.15,
                    "Executives cannot read the numbers on their phone",
                ),
                (
                    "Minimize the time it takes to copy a chart into slides before a quarterly review",
                    0.35,
                    0.75,
                    "",
                ),
            ),
        ),
    ),
}

# product → stories: (situation, motivation, expected outcome, job index, backlog theme for the item)
STORIES: dict[str, tuple[tuple[str, str, str, int, str], ...]] = {
    "helpdesk": (
        (
            "a ticket is an hour from breaching its SLA",
            "be warned before the customer notices",
            "step in while there is still time",
            0,
            "sla",
        ),
        (
            "an urgent ticket lands in the general queue",
            "have it routed to the on-call specialist",
            "answer it within the hour we promised",
            0,
            "routing",
        ),
        (
            "I take over a conversation from a colleague",
            "see what was already tried",
            "not make the customer explain it again",
            1,
            "",
        ),
    ),
    "insights": (
        (
            "my director asks a question no dashboard answers",
            "define the metric myself",
            "answer the same day instead of next week",
            0,
            "custom_metrics",
        ),
    ),
}

COMPETITORS = (
    (
        "Deskflow",
        "https://deskflow.example",
        "The market leader for large support teams; broad but expensive.",
    ),
    ("Supportly", "https://supportly.example", "Low-cost helpdesk popular with small teams."),
    ("HelpHub", "https://helphub.example", "Help-centre first, with a chat widget and AI answers."),
)
# capability, description, our level, each competitor's (level, note), OST opportunity title or ""
CAPABILITIES = (
    (
        "SLA policies per plan",
        "Response and resolution targets that differ by customer plan",
        2,
        ((3, "Per plan, per channel, with business hours"), (1, "One global SLA"), (1, "")),
        "Our contracts promise response times we cannot configure per customer",
    ),
    (
        "Breach warnings",
        "Alerts before a ticket breaches its SLA",
        1,
        ((2, "E-mail only"), (0, ""), (1, "Daily digest")),
        "Team leads learn about a breach only when the customer complains",
    ),
    (
        "Skills-based routing",
        "Route tickets by skill, language and shift",
        1,
        ((3, "Skills, language and load"), (1, "Round-robin"), (2, "")),
        "Urgent tickets sit in the wrong queue for hours",
    ),
    (
        "Slack and Teams integration",
        "Work tickets from chat",
        3,
        ((2, "Slack only"), (1, "Notifications only"), (2, "")),
        "",
    ),
    (
        "Help centre",
        "Public knowledge base with search",
        2,
        ((3, ""), (2, ""), (3, "Their core product")),
        "",
    ),
    (
        "AI answer suggestions",
        "Suggested replies from past tickets",
        0,
        ((2, "Paid add-on"), (0, ""), (3, "Included in every plan")),
        "",
    ),
    (
        "SLA compliance reports",
        "Evidence of SLA compliance per account",
        1,
        ((2, "Export only"), (0, ""), (1, "")),
        "Proving SLA compliance to an account takes a spreadsheet",
    ),
    (
        "Audit log export",
        "Every change to a ticket, exportable for compliance",
        3,
        ((2, ""), (1, ""), (0, "")),
        "",
    ),
)


def discovery(
    plan: Plan, team: Team, products: dict[str, int], customers: list[Account], items: list[Item]
) -> None:
    """Jobs, rated outcomes and job stories for both products; competitors for the helpdesk."""
    opportunities: dict[tuple[int, str], int] = {
        (int(str(row["product_id"])), str(row["title"])): int(str(row["id"]))
        for row in plan.rows.get("opportunities", [])
    }
    people = _respondents(plan, customers)
    for product, jobs in JOBS.items():
        product_id = products[product]
        created = plan.moment(plan.today - dt.timedelta(days=60))
        actor = team.with_role(product, Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER)[0]
        job_ids = []
        for kind, performer, statement, outcomes in jobs:
            job_id = plan.add(
                "jtbd_jobs",
                product_id=product_id,
                performer=performer,
                statement=statement,
                kind=kind,
                created_at=created,
                updated_at=created,
                version=1,
            )
            plan.audit_create("jtbd_jobs", "jtbd_job", job_id, actor, created)
            job_ids.append(job_id)
            for text, important, satisfied, opportunity in outcomes:
                outcome_id = plan.add(
                    "jtbd_outcomes",
                    job_id=job_id,
                    statement=text,
                    opportunity_id=opportunities.get((product_id, opportunity)),
                    created_at=created,
                    updated_at=created,
                    version=1,
                )
                _ratings(plan, outcome_id, people, important, satisfied)
        for situation, motivation, expected, job, theme in STORIES.get(product, ()):
            item = next(
                (i.id for i in items if i.product == product and theme and i.theme == theme), None
            )
            story_id = plan.add(
                "job_stories",
                product_id=product_id,
                job_id=job_ids[job],
                situation=situation,
                motivation=motivation,
                expected_outcome=expected,
                item_id=item,
                created_at=created,
                updated_at=created,
                version=1,
            )
            plan.audit_create("job_stories", "job_story", story_id, actor, created)
    _competitors(plan, team, products["helpdesk"], opportunities)


def _respondents(plan: Plan, customers: list[Account]) -> list[tuple[str, int, dt.date]]:
    """60 people of active customers: (e-mail, customer id, day they answered)."""
    active = [c for c in customers if c.status == "active" and c.contacts]
    chosen = plan.rng.sample(active, min(RESPONDENTS, len(active)))
    survey_day = plan.today - dt.timedelta(days=45)
    return [
        (c.email(c.contacts[0]), c.id, survey_day + dt.timedelta(days=plan.rng.randint(0, 13)))
        for c in chosen
    ]


def _ratings(
    plan: Plan,
    outcome_id: int,
    people: list[tuple[str, int, dt.date]],
    important: float,
    satisfied: float,
) -> None:
    """Exactly round(share × n) respondents answer 4–5 on each question; the rest 1–3."""
    rng = plan.rng
    n = len(people)
    high_importance = set(rng.sample(range(n), round(important * n)))
    high_satisfaction = set(rng.sample(range(n), round(satisfied * n)))
    for index, (email, customer_id, day) in enumerate(people):
        plan.add(
            "outcome_ratings",
            outcome_id=outcome_id,
            respondent=email,
            customer_id=customer_id,
            importance=rng.choice((4, 5)) if index in high_importance else rng.randint(1, 3),
            satisfaction=rng.choice((4, 5)) if index in high_satisfaction else rng.randint(1, 3),
            answered_on=day,
            source_file="demo-outcome-survey.csv",
            created_at=plan.moment(day),
        )


def _competitors(
    plan: Plan, team: Team, product_id: int, opportunities: dict[tuple[int, str], int]
) -> None:
    created = plan.moment(plan.today - dt.timedelta(days=40))
    actor = team.with_role("helpdesk", Role.PRODUCT_MANAGER)[0]
    rivals = []
    for name, website, description in COMPETITORS:
        rival = plan.add(
            "competitors",
            product_id=product_id,
            name=name,
            website=website,
            description=description,
            created_at=created,
            updated_at=created,
            version=1,
        )
        plan.audit_create("competitors", "competitor", rival, actor, created)
        rivals.append(rival)
    for name, description, own, levels, opportunity in CAPABILITIES:
        capability = plan.add(
            "capabilities",
            product_id=product_id,
            name=name,
            description=description,
            own_level=own,
            opportunity_id=opportunities.get((product_id, opportunity)),
            created_at=created,
            updated_at=created,
            version=1,
        )
        for rival, (level, note) in zip(rivals, levels, strict=True):
            plan.add(
                "competitor_capabilities",
                competitor_id=rival,
                capability_id=capability,
                level=level,
                note=note,
                created_at=created,
                updated_at=created,
                version=1,
            )
