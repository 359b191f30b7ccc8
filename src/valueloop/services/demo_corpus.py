"""Text material for the demo workspace: themes of customer pains and requests, names, templates.

Placeholders in the sentences ({agents}, {hours}, {competitor}, …) are filled per note.
"""

# ruff: noqa: E501
# The tables below keep one sentence or record per line, however long: they are read as text,
# so the formatter leaves them alone (fmt: off) and long lines are fine here.

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """A recurring customer need: what people say about it and the backlog items that answer it."""

    key: str
    label: str
    product: str  # "helpdesk" or "insights"
    weight: float
    trend: str  # "steady", "rising" or "falling" over the demo year
    goal: str | None  # key of the goal its items serve
    pains: tuple[str, ...]
    requests: tuple[str, ...]
    features: tuple[str, ...]
    bugs: tuple[str, ...] = ()


# fmt: off
THEMES: tuple[Theme, ...] = (
    Theme("sla", "SLA policies and escalations", "helpdesk", 1.3, "steady", "sla", (
        "Tickets from our enterprise accounts breach the SLA and nobody notices until the customer complains.",
        "We can only set one SLA policy, but our contracts promise three different response times.",
        "Escalations land in a shared inbox that nobody owns after 6 pm.",
        "Our SLA report counts weekends, so we look {pct}% worse than we are.",
        "Tickets waiting on the customer still count against the SLA clock.",
    ), (
        "Please let us define SLA policies per customer or per plan.",
        "We need a warning {hours} hours before a ticket breaches, not after.",
        "Could escalations page the on-call lead instead of emailing a group?",
        "Business hours per team would solve most of this for us.",
    ), (
        "SLA policies per customer plan", "Breach warnings before the SLA deadline",
        "Business-hours calendars per team", "Pause the SLA clock while waiting on the customer",
        "Escalation rules with on-call routing", "SLA compliance report by account",
        "SLA badges in the ticket list",
    ), (
        "SLA timer keeps running on tickets waiting on the customer",
        "SLA report double-counts reopened tickets",
    )),
    Theme("reporting", "Reporting and dashboards", "helpdesk", 1.5, "rising", "dashboards", (
        "I export tickets to a spreadsheet every Monday to build the report my VP asks for.",
        "The built-in dashboard can't filter by team, which makes it useless for our {agents} agents.",
        "We can't see first-response time per channel anywhere.",
        "Charts only go back 90 days and our board wants year-over-year numbers.",
        "Leadership keeps asking for CSAT by product line and I have no way to show it.",
    ), (
        "Let us build our own dashboards with the metrics we care about.",
        "Scheduled report emails to managers would save me hours every week.",
        "Please add team, tag and channel filters to every report.",
        "We need to compare this quarter with the last one.",
    ), (
        "Custom dashboards with saved filters", "Scheduled report emails",
        "First-response time by channel", "Year-over-year comparison in reports",
        "CSAT breakdown by product line", "Team and tag filters on every report",
        "Share dashboards with read-only links", "Agent performance leaderboard",
    ), (
        "Dashboard totals differ from the ticket export",
        "Report timezone ignores the workspace setting",
    )),
    Theme("routing", "Ticket routing and assignment", "helpdesk", 1.2, "steady", "sla", (
        "Round-robin assigns tickets to agents who are on holiday.",
        "Our German tickets end up with agents who don't speak German.",
        "Supervisors spend the first hour of every shift reassigning tickets by hand.",
        "Assignment rules can't see the customer's plan, so VIPs wait in the same queue as trials.",
        "When an agent logs off, their open tickets just sit there.",
    ), (
        "Skills-based routing, please: language and product area.",
        "Route tickets from enterprise customers to a priority queue automatically.",
        "Respect agent availability and capacity when assigning.",
    ), (
        "Skills-based routing by language and product area", "Capacity-aware round-robin",
        "Priority queue for enterprise accounts", "Reassign tickets when an agent goes offline",
        "Routing rule simulator", "Out-of-office status for agents",
    ), ("Round-robin skips agents added after the rule was created",)),
    Theme("search", "Search", "helpdesk", 1.0, "steady", "defects", (
        "Search doesn't find tickets by the customer's email address.",
        "Searching for an order number returns hundreds of unrelated tickets.",
        "Search takes {seconds} seconds, so agents give up and ask in Slack.",
        "A single typo returns nothing at all.",
    ), (
        "Fuzzy search that forgives typos would help a lot.",
        "Let us search custom fields like the order ID.",
        "Saved searches the whole team can reuse, please.",
    ), (
        "Search tickets by requester email", "Search inside custom fields", "Typo-tolerant search",
        "Saved searches shared by team", "Search results under one second at a million tickets",
    ), (
        "Search ignores tickets merged into another ticket",
        "Quoted phrases return partial matches",
    )),
    Theme("knowledge_base", "Knowledge base", "helpdesk", 0.9, "steady", "help_center", (
        "Our help articles go out of date and nobody notices.",
        "Customers can't find articles because the help center search is weak.",
        "Agents write the same answer again because they can't find the article.",
        "The article editor loses formatting when we paste from Google Docs.",
    ), (
        "Suggest relevant articles to agents while they reply.",
        "Flag articles that nobody has reviewed for six months.",
        "Let customers rate whether an article helped.",
    ), (
        "Article suggestions in the reply editor", "Review reminders for stale articles",
        "Was-this-helpful ratings on articles", "Paste from Google Docs without losing formatting",
        "Article versions and rollback", "Multilingual help center",
    ), ("Images disappear from articles after editing",)),
    Theme("slack", "Slack and Teams integration", "helpdesk", 1.1, "falling", "slack", (
        "Our engineers live in Slack and never see escalated tickets.",
        "We copy ticket links into Slack by hand {n} times a day.",
        "The Slack app posts every update, so the channel is pure noise.",
        "Half of our company uses Microsoft Teams and there is no integration at all.",
    ), (
        "Let us reply to a ticket from a Slack thread.",
        "A Microsoft Teams app, please.",
        "Only notify the channel about urgent tickets.",
    ), (
        "Two-way Slack threads for tickets", "Microsoft Teams app",
        "Channel notifications filtered by priority", "Create a ticket from a Slack message",
        "Map Slack users to agents",
    ), ("Slack notifications arrive twice after reconnecting",)),
    Theme("crm", "CRM integrations", "helpdesk", 1.2, "rising", "crm", (
        "Our account managers can't see open tickets in Salesforce before renewal calls.",
        "The HubSpot sync overwrites our company names every night.",
        "Agents don't know a customer's plan or ARR while they answer.",
        "We lost a ${arr} renewal because sales didn't know about a month of escalations.",
    ), (
        "Show the ticket history on the Salesforce account page.",
        "Show plan, ARR and account owner in the ticket sidebar.",
        "Make the HubSpot sync one-way for company fields.",
    ), (
        "Native Salesforce integration", "Ticket history on CRM account pages",
        "Customer context sidebar with plan, ARR and owner",
        "HubSpot field mapping and sync direction", "Create CRM tasks from escalations",
    ), ("HubSpot sync overwrites company names",)),
    Theme("mobile", "Mobile app", "helpdesk", 0.8, "steady", None, (
        "Our field agents can't answer tickets from their phones.",
        "The mobile web view is unusable on small screens.",
        "Push notifications never arrive on Android.",
    ), (
        "A real mobile app for iOS and Android.",
        "Let on-call leads approve escalations from their phone.",
    ), (
        "iOS app for agents", "Android app for agents", "Push notifications for assigned tickets",
        "Responsive ticket view for small screens",
    ), (
        "Android push notifications not delivered",
        "Ticket view cut off on small iPhones",
    )),
    Theme("performance", "Speed and reliability", "helpdesk", 1.1, "steady", "defects", (
        "The inbox takes {seconds} seconds to load in the morning.",
        "We had {n} outages this month, each one during our busiest hour.",
        "Attachments over 10 MB time out.",
        "The app freezes when a ticket has more than a hundred replies.",
    ), (
        "Please make the inbox load faster; it's the first thing agents see.",
        "Publish a status page we can trust.",
    ), (
        "Inbox loads in under one second", "Paginate long ticket threads",
        "Public status page with incident history", "Large attachment uploads up to 100 MB",
    ), (
        "Inbox freezes with more than 5,000 open tickets",
        "Attachment uploads time out above 10 MB",
        "Thread scroll jumps while typing a reply",
    )),
    Theme("sso", "Single sign-on and provisioning", "helpdesk", 0.9, "steady", "crm", (
        "Our security team won't approve the rollout without SAML single sign-on.",
        "We create and remove agent accounts by hand for every hire.",
        "People who left the company still have access weeks later.",
    ), (
        "SAML SSO with Okta and Azure AD.",
        "SCIM provisioning so accounts follow our directory.",
        "Let us enforce two-factor authentication for all agents.",
    ), (
        "SAML single sign-on with Okta and Azure AD", "SCIM user provisioning",
        "Enforce two-factor authentication", "Session timeout policy per workspace",
    ), ("SSO login loops when the session expires",)),
    Theme("permissions", "Roles and permissions", "helpdesk", 0.8, "steady", None, (
        "Anyone can delete tickets and we need to lock that down.",
        "Contractors see every customer's data, which breaks our contracts.",
        "We can't give team leads the reports without making them admins.",
    ), (
        "Custom roles with granular permissions.",
        "Restrict agents to the groups they belong to.",
    ), (
        "Custom roles with granular permissions", "Group-restricted ticket visibility",
        "Read-only report access for team leads", "Permission to delete tickets",
    ), ("Light agents can change ticket priority",)),
    Theme("macros", "Macros and canned responses", "helpdesk", 0.8, "steady", "innovation", (
        "Our macros can't fill in the customer's name, so replies sound robotic.",
        "We have {n} macros and nobody can find the right one.",
        "A macro can't set tags and status at the same time.",
    ), (
        "Placeholders in macros for name, order and plan.",
        "Search macros by keyword and show the most used first.",
    ), (
        "Placeholders in macros", "Macro search ranked by usage",
        "Macros that set tags, status and assignee", "Shared and personal macro folders",
    ), ("Macro placeholders show raw text in previews",)),
    Theme("ai", "AI reply suggestions", "helpdesk", 1.3, "rising", "innovation", (
        "Our agents answer the same password question {n} times a day.",
        "New agents need weeks before they can answer billing questions alone.",
        "{competitor} drafts replies for their agents and we can't compete on speed.",
        "Tickets are tagged inconsistently, so our reports are off.",
    ), (
        "Draft replies from our help articles and past tickets.",
        "Summarize long threads before a handover.",
        "Suggest tags and priority when a ticket comes in.",
    ), (
        "AI-drafted replies from help articles", "Thread summaries on handover",
        "Automatic tag and priority suggestions", "Sentiment on incoming tickets",
        "Auto-answer simple questions with agent approval", "Translate replies automatically",
    ), ("Suggested replies quote internal notes",)),
    Theme("portal", "Customer portal", "helpdesk", 0.8, "steady", "help_center", (
        "Customers email us to ask about the status of their ticket.",
        "Our customers can't see tickets opened by their colleagues.",
        "The portal can't carry our logo and our own domain.",
    ), (
        "Let customers see and update their tickets in a portal.",
        "Custom domain and branding for the help center.",
    ), (
        "Customer portal with ticket history", "Organization-wide ticket view for customer admins",
        "Custom domain and branding for the portal", "Portal sign-in with magic links",
    ), ("Portal shows internal notes on merged tickets",)),
    Theme("billing", "Pricing and billing", "helpdesk", 0.7, "steady", None, (
        "We pay for {agents} seats but only half of our agents work at the same time.",
        "The jump from Growth to Business is too steep for a team our size.",
        "Invoices don't show our VAT number, so finance rejects them.",
    ), (
        "Offer part-time or light agent seats.",
        "Let us pay yearly by bank transfer.",
    ), (
        "Light agent seats", "VAT number on invoices", "Annual billing by bank transfer",
        "Seat usage report for admins",
    ), ("Invoice PDF shows the wrong billing address",)),
    Theme("onboarding", "Onboarding and setup", "helpdesk", 0.8, "falling", None, (
        "Setting up email forwarding took us {n} days and two support calls.",
        "Importing our tickets from {competitor} lost every attachment.",
        "Nobody on our team knew where to start after signing up.",
    ), (
        "A guided setup checklist for new workspaces.",
        "An importer that brings over tickets, users and attachments.",
    ), (
        "Guided setup checklist", "Importer with attachments from other helpdesks",
        "Email forwarding check with clear errors", "Sample data for trial workspaces",
    ), ("Import stops silently at 10,000 tickets",)),
    Theme("notifications", "Notifications", "helpdesk", 0.6, "steady", None, (
        "I get an email for every single update and now I ignore all of them.",
        "Agents miss mentions because they are buried among other notifications.",
    ), (
        "Let each agent choose which notifications they get.",
        "A daily digest instead of one email per update.",
    ), (
        "Notification preferences per agent", "Daily digest email",
        "Highlight mentions in the notification list",
    ), ("Notification badge count never resets",)),
    Theme("api", "API and data export", "helpdesk", 0.7, "steady", None, (
        "The API rate limit stops our nightly sync halfway through.",
        "We can't export all ticket fields to our data warehouse.",
        "Webhooks don't retry, so we lose events whenever our endpoint is down.",
    ), (
        "A bulk export to S3 or BigQuery.",
        "Webhook retries with a delivery log.",
    ), (
        "Webhook retries and delivery log", "Bulk export to the data warehouse",
        "Higher API rate limits on the Business plan", "API access to custom fields",
    ), ("Webhook payload misses custom fields",)),
    Theme("languages", "Multi-language support", "helpdesk", 0.6, "steady", None, (
        "Half of our customers write in Spanish and our agents don't.",
        "The agent interface is only available in English.",
    ), (
        "Translate incoming tickets and our replies automatically.",
        "Localize the agent interface into French, German and Spanish.",
    ), (
        "Agent interface in French, German and Spanish", "Detect the ticket language",
        "Right-to-left languages in the help center",
    ), ("Accented characters garbled in email subjects",)),
    Theme("chat", "Live chat widget", "helpdesk", 0.7, "steady", None, (
        "Chats that come in after hours just disappear.",
        "The chat widget slows down our checkout page.",
        "We can't see which page the customer was on when the chat started.",
    ), (
        "Turn missed chats into tickets automatically.",
        "Show the visitor's current page and cart to the agent.",
    ), (
        "Turn missed chats into tickets", "Lightweight chat widget under 50 kB",
        "Visitor context in chat", "Chat routing by page", "Voice channel with call recording",
    ), ("Chat widget overlaps the cookie banner on mobile",)),
    Theme("compliance", "Audit log and compliance", "helpdesk", 0.6, "steady", None, (
        "Our auditors want to know who viewed which customer's data.",
        "We can't delete a customer's data on request without opening a ticket with you.",
        "Data has to stay in the EU for our German customers.",
    ), (
        "An audit log of agent actions that we can export.",
        "Self-service GDPR deletion.",
        "EU data residency.",
    ), (
        "Exportable audit log of agent actions", "Self-service GDPR deletion",
        "EU data residency", "Redact card numbers in tickets",
    ), ("Audit log misses bulk updates",)),
    # Relay Insights: the analytics add-on in beta.
    Theme("freshness", "Data freshness", "insights", 1.2, "steady", "fresh_data", (
        "The analytics are a day behind, so we can't react during an incident.",
        "Numbers in Insights don't match the helpdesk until the next morning.",
        "We watched a backlog spike build up for {hours} hours before Insights showed it.",
    ), (
        "Refresh the data at least every hour.",
        "Show when the numbers were last updated.",
    ), (
        "Hourly data refresh", "Last-updated stamp on every chart",
        "Streaming ticket volume for incidents", "Backfill after connector outages",
    ), ("Charts show yesterday's data after a refresh",)),
    Theme("custom_metrics", "Custom metrics", "insights", 1.0, "rising", "self_serve", (
        "We can't define our own metrics, like replies per resolved ticket.",
        "Every team defines 'resolution time' differently and Insights has one definition.",
        "I need to ask our data team for every new number.",
    ), (
        "Let us define metrics with a formula over ticket fields.",
        "Let each team pick its own definition of resolution time.",
    ), (
        "Metric builder with formulas", "Per-team metric definitions", "Metric catalogue with owners",
        "Targets and alerts on custom metrics",
    ), ("Formula editor rejects decimal numbers",)),
    Theme("bi_export", "Export to BI tools", "insights", 0.8, "steady", None, (
        "Our analysts live in Power BI and can't get at the Insights data.",
        "The CSV export only covers the last 30 days.",
    ), (
        "A Power BI and Looker connector.",
        "Full-history export with every column.",
    ), (
        "Power BI connector", "Looker connector", "Full-history CSV export",
    ), ("CSV export breaks on commas in tag names",)),
    Theme("staffing", "Staffing forecasts", "insights", 0.8, "rising", "self_serve", (
        "We staff our support team on gut feeling every week.",
        "We were understaffed for {n} days after the holiday sale.",
    ), (
        "Forecast ticket volume for the next weeks.",
        "Suggest how many agents we need per shift.",
    ), (
        "Ticket volume forecast", "Staffing suggestions per shift", "Holiday and campaign calendar",
    )),
    Theme("sharing", "Sharing with executives", "insights", 0.6, "steady", "self_serve", (
        "Our executives won't log into another tool to read a dashboard.",
        "I screenshot charts into slides every month.",
    ), (
        "A monthly executive summary by email.",
        "Embed charts in Notion and Confluence.",
    ), (
        "Monthly executive summary email", "Embeddable charts", "Board-ready PDF export",
    )),
)

TECH_DEBT = (
    "Upgrade the web framework to the current LTS", "Replace the legacy email parser",
    "Move attachments to object storage", "Remove the v1 reporting API",
    "Split notifications out of the monolith", "Migrate background jobs to the new queue",
    "Contract tests for the public API", "Drop old browser polyfills",
    "Consolidate three date libraries into one", "Index review for ticket search",
    "Fix flaky end-to-end tests in the inbox suite", "Rotate encryption keys automatically",
    "Upgrade PostgreSQL to 16", "Remove dead feature flags", "Replace the homegrown rate limiter",
    "Containerize the reporting workers", "Structured logging across services",
    "Cut CI time under ten minutes", "Retire the old mobile web build",
    "Type-check the frontend code", "Archive tickets older than seven years",
    "Load test the inbox at ten times today's volume",
)
INSIGHTS_DEBT = (
    "Replace nightly batch with incremental loads", "Partition the events table by month",
    "Remove the prototype chart library", "Query cost monitoring for the warehouse",
)
EXPERIMENTS = (
    "Test a shorter signup form", "In-app NPS prompt after a ticket is closed",
    "A/B test the onboarding checklist", "AI-drafted replies for 10% of agents",
    "Annual-plan discount banner", "Help article suggestions inside the chat widget",
    "Price test: light agent seats at $9", "Weekly digest instead of instant emails",
    "SLA warnings at 2 hours versus 4 hours", "Priority queue for enterprise trials",
)
IMPROVEMENTS = (
    "Keyboard shortcuts in the inbox", "Dark mode for agents", "Bulk edit tags",
    "Undo send for replies", "Inline images in replies", "Ticket forms with conditional fields",
    "Collision detection when two agents reply", "Customizable satisfaction survey",
    "Ticket merge suggestions", "Side conversations with other teams", "Time tracking per ticket",
    "Custom ticket statuses", "Tag management page", "Scheduled replies",
    "Email signature per brand", "Multiple brands per workspace", "Spam filter tuning",
    "Attachment previews", "Follow-up reminders on pending tickets", "Agent shift calendar",
)
INSIGHTS_EXTRA = (
    "Drill down from a chart to the tickets", "Compare teams side by side",
    "Annotations on charts", "Saved date ranges", "Benchmark against similar companies",
    "Goal lines on charts",
)
BUG_PARTS = (
    "Inbox", "Ticket view", "Reply editor", "Email parser", "Reports page", "Macro picker",
    "Chat widget", "Customer portal", "Mobile web view", "Tag filter", "Merge dialog",
    "CSV import", "Notification centre", "Agent status menu",
)
BUG_SYMPTOMS = (
    "shows a blank page after login", "fails on messages with emoji",
    "is slow for workspaces hosted in Asia", "loses the draft when switching tabs",
    "ignores the user's timezone", "crashes on Safari 17", "shows duplicate entries",
    "breaks with right-to-left text", "times out for large accounts",
    "keeps a stale count after bulk updates",
)

COMPANY_WORDS = (
    "Acorn", "Alder", "Apex", "Arbor", "Aster", "Atlas", "Beacon", "Birch", "Bluefern", "Bright",
    "Cascade", "Cedar", "Clearwater", "Cobalt", "Copper", "Crest", "Delta", "Driftwood", "Ember",
    "Evergreen", "Falcon", "Fjord", "Granite", "Harbor", "Helix", "Horizon", "Indigo", "Ironwood",
    "Juniper", "Keystone", "Lantern", "Larch", "Linden", "Lumen", "Maple", "Meridian",
    "Northwind", "Nova", "Oakridge", "Orbit", "Pacific", "Pinecrest", "Prairie", "Quarry",
    "Quill", "Redwood", "Ridge", "Riverbend", "Saffron", "Sequoia", "Silverline", "Solstice",
    "Spruce", "Summit", "Tidewater", "Timber", "Trellis", "Vantage", "Verdant", "Willow", "Zephyr",
)
COMPANY_KINDS = (
    "Logistics", "Health", "Labs", "Retail", "Bank", "Insurance", "Software", "Travel", "Foods",
    "Energy", "Media", "Learning", "Clinics", "Motors", "Outfitters", "Games", "Realty",
    "Analytics", "Telecom", "Pharma", "Apparel", "Fitness", "Hotels", "Legal", "Robotics",
)
FIRST_NAMES = (
    "Ava", "Liam", "Maya", "Noah", "Sofia", "Lucas", "Amara", "Ethan", "Priya", "Mateo", "Hana",
    "Omar", "Chloe", "Jonas", "Leila", "Daniel", "Yuki", "Grace", "Diego", "Nina", "Ibrahim",
    "Elena", "Kofi", "Sara", "Tomás", "Mei", "Arjun", "Freya", "Malik", "Ingrid",
)
LAST_NAMES = (
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Schmidt", "Kowalski",
    "Rossi", "Nguyen", "Patel", "Andersen", "García", "Cohen", "Murphy", "Yilmaz", "Fischer",
    "Kim", "Dubois", "Mensah", "Costa", "Ito", "Berg", "Walsh",
)
JOB_TITLES = (
    "Head of Support", "Support lead", "Support agent", "Customer success manager", "IT admin",
    "Operations manager", "VP Customer Experience", "Team lead", "Founder", "Support engineer",
)
COMPETITORS = ("Zendora", "HelpHive", "Freshline", "Deskwise")

GREETINGS = ("Hi team,", "Hello,", "Hi Relay support,", "Hey there,", "Good morning,", "")
IMPACTS = (
    "This costs us about {hours} hours a week.", "It affects {agents} agents every day.",
    "Our customers have started to notice.", "It is becoming a blocker for our renewal.",
    "Not urgent, but it comes up every week.", "Our team lead asked me to raise it again.", "",
)
SIGNOFFS = ("Thanks, {first}", "Best, {first}", "Cheers, {first}", "— {first}, {title}", "Thank you!")
WORKAROUNDS = (
    "Today they work around it with a shared spreadsheet.",
    "They built a Zapier workflow as a stopgap.",
    "Workaround: a manual check by the team lead every morning.",
    "They said they would pay more for this.", "They have no workaround and live with it.",
    "They mentioned that {competitor} does this already.",
)
DEAL_NOTES = (
    "Deal at risk without it.", "Nice to have, not a blocker.",
    "They want it on the roadmap before signing.",
    "Would close this quarter if we commit to a date.", "Renewal is due in {months} months.",
)
PRAISE = (
    "Relay made our support team twice as fast.", "Love the inbox: clean and quick.",
    "Great support from your team whenever we ask.",
    "Setup was easy and the agents picked it up in a day.",
    "Best helpdesk we have used in ten years.", "The macros save us hours every week.",
    "Reporting finally shows us what's going on.", "Solid product at a fair price.",
)
CSAT_PRAISE = (
    "Quick and friendly answer, thank you.", "Solved on the first reply.",
    "Clear explanation, problem gone.", "Fast, and the agent knew our setup.",
    "Great help as always.", "Took a while, but the answer was right.",
)
REVIEW_TITLES_BAD = ("Frustrating lately", "Missing basics", "Almost there", "Needs work")
REVIEW_TITLES_GOOD = ("Solid helpdesk", "Great for small teams", "Does the job well")
SMALL_TALK = (
    "Thanks for the quick help yesterday!", "Can you resend the invoice for March?",
    "How do I change the owner of a ticket?", "Where can I find the API key?",
    "Please add our new admin to the account.", "Is there a webinar for new agents?",
)
COMMENTS = (
    "@{user} can you estimate this before Thursday's refinement?",
    "{company} asked about this again today. cc @{user}",
    "I linked more notes from the NPS survey; @{user} this looks like a top-five item now.",
    "Designs are ready for review: @{user}, please take a look.",
    "Blocked by the new permissions model. @{user}, do we have a date?",
    "Shipped to 10% of workspaces behind a flag. Early numbers look good.",
    "We agreed to split this; the first slice fits in one sprint.",
    "@{user} the measure dipped this week; Tuesday's incident explains most of it.",
    "Great progress. @{user}, can we show this at the all-hands?",
    "Three enterprise renewals mention this. @{user} FYI.",
)
# fmt: on

# Values a placeholder may take; each sentence draws only the placeholders it uses.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "agents": ("8", "12", "15", "25", "40", "60", "120", "250"),
    "hours": ("2", "3", "4", "5", "6", "8", "10"),
    "seconds": ("4", "6", "8", "12", "20"),
    "n": ("3", "4", "5", "10", "20", "30", "50", "200"),
    "pct": ("10", "15", "20", "30"),
    "months": ("1", "2", "3", "4", "6", "9"),
    "arr": ("40k", "60k", "90k", "120k", "250k"),
    "competitor": COMPETITORS,
}


class _Draw(dict[str, str]):
    def __init__(self, rng: random.Random, extra: dict[str, str]) -> None:
        super().__init__(extra)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return self.rng.choice(PLACEHOLDERS[key])


def fill(rng: random.Random, sentence: str, **extra: str) -> str:
    """A corpus sentence with its placeholders filled by plausible values."""
    return sentence.format_map(_Draw(rng, extra))
