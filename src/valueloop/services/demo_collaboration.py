"""The demo's decision log (with evidence snapshots) and its comments, watches and notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valueloop.domain import collaboration, decisions
from valueloop.domain import feedback as feedback_rules
from valueloop.domain.collaboration import NotificationKind
from valueloop.services import demo_corpus as corpus
from valueloop.services.demo_data import USERS, Account, Item, Plan, Team
from valueloop.services.demo_feedback import Feedback


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    product: str
    about: tuple[str, str]  # ("item", title) or ("goal", key); stage moves: demo_lifecycle
    by: str
    days_ago: int
    title: str
    decision: str
    options: tuple[str, ...]
    rationale: str


D = DecisionSpec
DECISIONS = (
    D(
        "helpdesk",
        ("item", "Native Salesforce integration"),
        "priya",
        150,
        "Build the Salesforce integration before HubSpot",
        "Build the native Salesforce integration first; HubSpot keeps the improved sync.",
        ("Salesforce first", "HubSpot first", "Partner with an integration platform"),
        "Stalled and lost mid-market deals name Salesforce three times as often as HubSpot, "
        "and the accounts asking for it hold most of the ARR in the evidence.",
    ),
    D(
        "helpdesk",
        ("item", "Android app for agents"),
        "demo",
        200,
        "No native Android app this year",
        "Make the responsive ticket view work on phones first; revisit native Android in two "
        "quarters.",
        (
            "Build native Android now",
            "Responsive web view first",
            "Wait for a cross-platform stack",
        ),
        "Mobile requests come mostly from small accounts; the responsive view answers most of "
        "them at a fifth of the cost.",
    ),
    D(
        "helpdesk",
        ("item", "Two-way Slack threads for tickets"),
        "priya",
        160,
        "Two-way Slack threads go to general availability",
        "General availability on every plan.",
        ("Keep in beta", "General availability", "Roll back"),
        "Beta workspaces halved their time to escalate and six weeks passed without an incident.",
    ),
    D(
        "helpdesk",
        ("item", "SLA policies per customer plan"),
        "oliver",
        40,
        "Per-plan SLA policies are the next SLA investment",
        "Per-plan SLA policies next; business-hours calendars after.",
        ("Per-plan policies", "Per-customer policies", "Business-hours calendars first"),
        "Enterprise contracts differ by plan, not by customer; per-plan policies cover 90% of "
        "the contracts in the evidence.",
    ),
    D(
        "helpdesk",
        ("item", "Remove the v1 reporting API"),
        "oliver",
        75,
        "Deprecate the v1 reporting API with six months' notice",
        "Announce the deprecation now and remove the API in six months.",
        ("Keep supporting it", "Deprecate with six months' notice", "Remove it now"),
        "Eleven accounts still call it weekly; six months gives them two release cycles.",
    ),
    D(
        "helpdesk",
        ("item", "Voice channel with call recording"),
        "demo",
        240,
        "We will not build a voice channel",
        "No voice channel; we point customers to telephony partners.",
        ("Build voice in-house", "Partner with a telephony provider", "Do not offer voice"),
        "Few requests, mostly from prospects we lost on price; a voice channel would take two "
        "teams for a year.",
    ),
    D(
        "helpdesk",
        ("item", "AI-drafted replies from help articles"),
        "priya",
        60,
        "AI-drafted replies before the macro redesign",
        "Put AI-drafted replies ahead of the macro redesign this quarter.",
        ("AI-drafted replies first", "Macro redesign first", "Both at half speed"),
        "Demand for AI drafts is rising every month and a competitor already ships them.",
    ),
    D(
        "helpdesk",
        ("item", "In-app NPS prompt after a ticket is closed"),
        "oliver",
        90,
        "Persevere with the in-app NPS prompt",
        "Persevere: keep the prompt and roll it out to every workspace.",
        ("Persevere", "Pivot to e-mail surveys", "Stop"),
        "The response rate rose from 6% to 19% and CSAT, the guardrail, did not move.",
    ),
    D(
        "helpdesk",
        ("goal", "innovation"),
        "demo",
        30,
        "Keep the innovation-rate target at 40%",
        "The target stays at 40% for the next two quarters.",
        ("Lower it to 30%", "Keep 40%", "Raise it to 50%"),
        "The rate climbed ten points in a year while change failures fell; the trend supports "
        "keeping the bar.",
    ),
    D(
        "helpdesk",
        ("item", "Right-to-left languages in the help center"),
        "oliver",
        20,
        "Right-to-left help centers wait until next half",
        "Not this half; we revisit when the localized agent interface ships.",
        ("Build it now", "Next half", "Never"),
        "Two accounts asked, neither critical; the localized agent interface unblocks more ARR.",
    ),
    D(
        "helpdesk",
        ("item", "Light agent seats"),
        "demo",
        15,
        "Light agent seats at $9 per month",
        "Offer light agent seats at $9 per month on Growth and above.",
        ("$5 per month", "$9 per month", "Free with Business"),
        "The price test converted best at $9 without cannibalizing full seats.",
    ),
    D(
        "helpdesk",
        ("goal", "dashboards"),
        "priya",
        120,
        "Customizable dashboards are the tactical focus",
        "Dashboards are the focus for the reporting gap this quarter.",
        ("Dashboards", "Scheduled reports", "Data warehouse export"),
        "Reporting is the most requested theme by ARR and the widest satisfaction gap.",
    ),
    D(
        "insights",
        ("item", "Hourly data refresh"),
        "lena",
        50,
        "Hourly refresh before streaming",
        "Ship hourly refresh now; streaming only for incident volume later.",
        ("Hourly refresh", "Streaming everywhere", "Keep the nightly batch"),
        "Hourly answers nine in ten freshness complaints at a tenth of the streaming cost.",
    ),
    D(
        "insights",
        ("item", "Power BI connector"),
        "lena",
        25,
        "Power BI connector before Looker",
        "Build the Power BI connector first.",
        ("Power BI first", "Looker first", "Generic SQL endpoint"),
        "Design partners on Power BI outnumber Looker users three to one.",
    ),
)


def decision_log(plan: Plan, team: Team, products: dict[str, int], feedback: Feedback) -> None:
    """Decisions with their options, rationale and the evidence as it stood on the day."""
    for spec in DECISIONS:
        day = plan.today - dt.timedelta(days=spec.days_ago)
        kind, name = spec.about
        if kind == "item":
            record_id = plan.ref("backlog_items", f"{spec.product}:{name}")
            rows = [e for e in feedback.evidence.get(record_id, []) if e.received_on <= day]
            demand = feedback_rules.demand(rows)
            evidence: dict[str, object] = {
                "demand": {
                    "notes": demand.notes,
                    "customers": demand.customers,
                    "arr": demand.arr,
                    "segments": demand.segments,
                    "critical": sum(1 for v in demand.importance_by_customer.values() if v == 3),
                }
            }
        else:
            record_id = plan.ref("goals", name)
            evidence = {"measures": _measures_on(plan, record_id, day)}
        values = decisions.validate(
            {
                "title": spec.title,
                "decision": spec.decision,
                "options": list(spec.options),
                "rationale": spec.rationale,
                "evidence": evidence,
                "record_type": kind,
                "record_id": record_id,
            }
        )
        at = plan.moment(day)
        decision_id = plan.add(
            "decisions",
            **values,
            product_id=products[spec.product],
            decided_by=team.ids[spec.by],
            decided_at=at,
            created_at=at,
        )
        plan.audit_create("decisions", "decision", decision_id, team.ids[spec.by], at)


def _measures_on(plan: Plan, goal_id: int, day: dt.date) -> dict[str, object]:
    result: dict[str, object] = {}
    for measure in plan.rows["measures"]:
        if measure["goal_id"] != goal_id:
            continue
        seen = [
            o
            for o in plan.rows["observations"]
            if o["measure_id"] == measure["id"] and str(o["observed_on"]) <= str(day)
        ]
        latest = seen[-1]["value"] if seen else None
        result[str(measure["name"])] = {
            "latest": latest,
            "baseline": measure["baseline"],
            "target": measure["target"],
        }
    return result


@dataclass
class _Talk:
    """Who watches what, so comments notify the right people and each watch is stored once."""

    plan: Plan
    watching: dict[tuple[str, int], set[int]]

    def watch(self, user: int, kind: str, record_id: int, at: dt.datetime) -> None:
        users = self.watching.setdefault((kind, record_id), set())
        if user not in users:
            users.add(user)
            self.plan.add(
                "watches", user_id=user, record_type=kind, record_id=record_id, created_at=at
            )

    def notify(
        self,
        user: int,
        kind: NotificationKind,
        record: tuple[str, int],
        actor: int,
        message: str,
        at: dt.datetime,
    ) -> None:
        recent = self.plan.today - at.date() < dt.timedelta(days=7)
        read = None if recent or self.plan.rng.random() < 0.3 else at + dt.timedelta(hours=5)
        self.plan.add(
            "notifications",
            user_id=user,
            kind=kind.value,
            record_type=record[0],
            record_id=record[1],
            actor_id=actor,
            message=message,
            created_at=at,
            read_at=read,
        )


def conversations(
    plan: Plan,
    team: Team,
    products: dict[str, int],
    accounts: list[Account],
    items: list[Item],
    feedback: Feedback,
) -> None:
    """Comments with @mentions on the busiest items, goals and decisions; watches; notifications."""
    rng = plan.rng
    talk = _Talk(plan, {})
    names = {u.username: u for u in USERS}
    by_id = {v: k for k, v in team.ids.items()}
    product_key = {v: k for k, v in products.items()}
    for goal in plan.rows["goals"]:
        owner = int(str(goal["owner_id"]))
        talk.watch(owner, "goal", int(str(goal["id"])), plan.moment(plan.start))
    busiest = sorted(items, key=lambda i: -len(feedback.evidence.get(i.id, [])))
    records: list[tuple[str, int, str, str]] = [
        ("item", i.id, i.title, i.product) for i in busiest[:30]
    ]
    for table, kind, count in (("goals", "goal", 12), ("decisions", "decision", 8)):
        for row in plan.rows[table][:count]:
            product = product_key[int(str(row["product_id"]))]
            records.append((kind, int(str(row["id"])), str(row["title"]), product))
    for kind, record_id, title, product in records:
        members = team.members(product)
        what = f"{kind} “{title}”"
        start = plan.today - dt.timedelta(days=rng.randint(5, 120))
        for n in range(rng.randint(1, 4)):
            author = rng.choice(members)
            others = [m for m in members if m != author]
            mention = "demo" if "demo" in others and rng.random() < 0.4 else rng.choice(others)
            body = rng.choice(corpus.COMMENTS).format(
                user=mention, company=rng.choice(accounts).name
            )
            at = plan.moment(min(plan.today, start + dt.timedelta(days=n * rng.randint(1, 9))))
            author_id = team.ids[author]
            plan.add(
                "comments",
                record_type=kind,
                record_id=record_id,
                author_id=author_id,
                body=collaboration.comment_body(body),
                created_at=at,
            )
            mentioned = {team.ids[m] for m in collaboration.mentions(body) if m in names}
            for user in mentioned - {author_id}:
                talk.notify(
                    user,
                    NotificationKind.MENTION,
                    (kind, record_id),
                    author_id,
                    f"{author} mentioned you on {what}",
                    at,
                )
            for user in sorted(
                talk.watching.get((kind, record_id), set()) - mentioned - {author_id}
            ):
                talk.notify(
                    user,
                    NotificationKind.COMMENT,
                    (kind, record_id),
                    author_id,
                    f"{author} commented on {what}",
                    at,
                )
            talk.watch(author_id, kind, record_id, at)
    demo = team.ids["demo"]
    done = sorted((i for i in items if i.status.value == "done"), key=lambda i: i.created)
    recently_done = done[-12:]
    for item in recently_done:
        talk.watch(demo, "item", item.id, plan.moment(item.created))
        actor = team.ids["oliver"]
        at = plan.moment(plan.today - dt.timedelta(days=rng.randint(0, 20)))
        talk.notify(
            demo,
            NotificationKind.CHANGE,
            ("item", item.id),
            actor,
            f"{by_id[actor]} changed status of item “{item.title}”",
            at,
        )
