"""The inbox on SQLite and PostgreSQL: full-text search, filters, triage and bulk actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests import factories
from valueloop.bootstrap import Container
from valueloop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from valueloop.domain.feedback import NoteStatus
from valueloop.domain.roles import Principal, Role
from valueloop.services import accounts, backlog, customers, feedback, feedback_bulk
from valueloop.services.feedback import InboxFilters


@dataclass
class Setup:
    c: Container
    admin: Principal
    product: int
    other: int
    notes: dict[str, int]


TEXTS = {
    "sso": ("Single sign-on", "We need SSO with Okta before the renewal"),
    "export": ("", "Exporting reports to CSV is slow and the export times out"),
    "export_title": ("Export", "Our finance team complains every month"),
    "dark": ("", "Please add a dark mode, my eyes hurt at night"),
    "unicode": ("Café", "Le café est trop cher — Überweisung dauert zu lange 日本語"),
}


def build(container: Container) -> Setup:
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    other = factories.product(container, name="Secret")
    notes = {}
    for day, (key, (title, text)) in enumerate(TEXTS.items(), start=1):
        notes[key] = feedback.record_note(
            container.uow(),
            admin,
            {
                "text": text,
                "title": title,
                "product_id": product,
                "received_on": dt.date(2026, 3, day),
            },
        ).id
    notes["hidden"] = feedback.record_note(
        container.uow(), admin, {"text": "Export of secret things", "product_id": other}
    ).id
    return Setup(container, admin, product, other, notes)


def search(s: Setup, q: str, who: Principal | None = None, **filters: object) -> list[int]:
    found = feedback.inbox(
        s.c.uow(),
        who or s.admin,
        InboxFilters(q=q, **filters),
        limit=50,  # type: ignore[arg-type]
    )
    return [n.id for n in found.page.items]


def test_search_finds_words_in_title_and_text_best_match_first(any_container):
    s = build(any_container)

    found = search(s, "export")

    # A title hit outranks text; the note that says "export" twice beats one that says it once.
    assert s.notes["export_title"] == found[0]
    assert {s.notes["export_title"], s.notes["export"], s.notes["hidden"]} == set(found)


def test_search_requires_every_word_and_honours_phrases_prefixes_or_and_exclusion(any_container):
    s = build(any_container)
    n = s.notes

    assert [n["sso"]] == search(s, "sso okta")
    assert [] == search(s, '"okta sso"')
    assert [n["sso"]] == search(s, '"sso with okta"')
    assert [n["sso"]] == search(s, "renew*")
    assert {n["dark"], n["sso"]} == set(search(s, "dark OR okta"))
    assert {n["export"], n["hidden"]} == set(search(s, "export -finance"))
    assert [n["export_title"]] == search(s, "-slow -secret export")


def test_search_is_case_and_accent_insensitive_and_reads_any_script(any_container):
    s = build(any_container)

    assert [s.notes["unicode"]] == search(s, "CAFÉ")
    assert [s.notes["unicode"]] == search(s, "überweisung")
    assert [s.notes["unicode"]] == search(s, "日本語")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "'",
        "AND OR NOT",
        "NEAR(a b)",
        "title:export",
        "export*)(",
        "-",
        "* ^ ~ : ! & | <-> \\",
        "'; DROP TABLE feedback_notes; --",
        "\x00nul",
        "\ud800lonely surrogate",
        "x" * 5000,
        "🙂 emoji",
    ],
    ids=lambda query: ascii(query[:20]),
)
def test_any_text_is_a_valid_search_and_never_an_error(any_container, query):
    s = build(any_container)

    found = feedback.inbox(s.c.uow(), s.admin, InboxFilters(q=query), limit=10)

    assert found.page.total == len(found.page.items) or found.page.total >= 0
    assert all(n.id in s.notes.values() for n in found.page.items)


def test_search_keeps_in_step_with_edits_and_sees_no_other_products_notes(any_container):
    s = build(any_container)
    member = factories.user(s.c, Role.PRODUCT_MANAGER, s.product)
    note = feedback.get_note(s.c.uow(), s.admin, s.notes["dark"])

    feedback.update_note(s.c.uow(), s.admin, note.id, note.version, {"text": "Light theme"})

    assert [] == search(s, "dark")
    assert [note.id] == search(s, "light")
    assert s.notes["hidden"] not in search(s, "export", member)


def test_filters_combine_status_source_customer_segment_assignee_dates_and_links(any_container):
    s = build(any_container)
    n = s.notes
    acme = customers.create_customer(
        s.c.uow(), s.admin, {"name": "Acme", "segment": "enterprise"}
    ).id
    pm = factories.user(s.c, Role.PRODUCT_MANAGER, s.product)
    for key in ("sso", "export"):
        note = feedback.get_note(s.c.uow(), s.admin, n[key])
        feedback.update_note(
            s.c.uow(), s.admin, note.id, note.version, {"customer_id": acme, "source": "support"}
        )
    item = backlog.create_item(s.c.uow(), s.admin, s.product, {"title": "SSO"}).id
    feedback.link_note(s.c.uow(), s.admin, n["sso"], item, 3)
    feedback_bulk.apply(s.c.uow(), s.admin, [n["dark"]], "assign", assignee_id=pm.user_id)

    assert {n["sso"], n["export"]} == set(search(s, "", segment="enterprise"))
    assert {n["sso"], n["export"]} == set(search(s, "", source="support", customer_id=acme))
    assert [n["sso"]] == search(s, "", linked=True, product_id=s.product)
    assert [n["dark"]] == search(s, "", pm, assignee="me")
    assert n["dark"] not in search(s, "", assignee="unassigned")
    assert [n["export"], n["sso"]] == search(
        s,
        "",
        received_from=dt.date(2026, 3, 1),
        received_to=dt.date(2026, 3, 2),
        product_id=s.product,
    )
    with pytest.raises(ValidationFailed):
        search(s, "", received_from=dt.date(2026, 3, 2), received_to=dt.date(2026, 3, 1))


def test_status_counts_follow_the_search_but_not_the_status_tab(any_container):
    s = build(any_container)
    n = s.notes
    feedback_bulk.apply(s.c.uow(), s.admin, [n["export"], n["sso"]], "status", status="processed")

    tab = feedback.inbox(
        s.c.uow(), s.admin, InboxFilters(q="export", status="new", product_id=s.product)
    )

    assert [n["export_title"]] == [x.id for x in tab.page.items]
    assert {NoteStatus.NEW: 1, NoteStatus.PROCESSED: 1, NoteStatus.ARCHIVED: 0} == tab.counts


def test_triage_moves_between_all_states_with_version_checks_and_an_audit_trail(any_container):
    s = build(any_container)
    note = feedback.get_note(s.c.uow(), s.admin, s.notes["sso"])

    processed = feedback.update_note(
        s.c.uow(), s.admin, note.id, note.version, {"status": "processed"}
    )
    archived = feedback.update_note(
        s.c.uow(), s.admin, note.id, processed.version, {"status": "archived"}
    )
    reopened = feedback.update_note(
        s.c.uow(), s.admin, note.id, archived.version, {"status": "new"}
    )
    with pytest.raises(Conflict):
        feedback.update_note(s.c.uow(), s.admin, note.id, note.version, {"status": "archived"})
    with pytest.raises(ValidationFailed, match="status must be one of"):
        feedback.update_note(s.c.uow(), s.admin, note.id, reopened.version, {"status": "done"})
    with s.c.uow() as uow:
        trail = uow.audit.list({"record_type": "feedback", "record_id": note.id}).items

    assert NoteStatus.NEW == reopened.status
    assert [["new", "processed"], ["processed", "archived"], ["archived", "new"]] == [
        e.changes["status"] for e in trail if e.action == "update"
    ]


def test_an_assignee_needs_a_role_on_the_notes_product_and_is_notified(any_container):
    s = build(any_container)
    pm = factories.user(s.c, Role.PRODUCT_MANAGER, s.product)
    outsider = factories.user(s.c, Role.PRODUCT_MANAGER, s.other)
    note = feedback.get_note(s.c.uow(), s.admin, s.notes["sso"])

    with pytest.raises(ValidationFailed, match="no role on the note's product"):
        feedback.update_note(
            s.c.uow(), s.admin, note.id, note.version, {"assignee_id": outsider.user_id}
        )
    feedback.update_note(s.c.uow(), s.admin, note.id, note.version, {"assignee_id": pm.user_id})
    with s.c.uow() as uow:
        told = uow.notifications.list({"user_id": pm.user_id}).items

    assert ["admin assigned you feedback note “Single sign-on”"] == [x.message for x in told]


def test_a_bulk_action_on_a_note_the_user_cannot_change_changes_nothing(any_container):
    s = build(any_container)
    pm = factories.user(s.c, Role.PRODUCT_MANAGER, s.product)
    accounts.set_role(s.c.uow(), s.admin, s.other, pm.username, Role.STAKEHOLDER)
    pm = factories.principal(s.c, pm.username)  # sees the other product's note, cannot edit it
    stakeholder_elsewhere = factories.user(s.c, Role.STAKEHOLDER, s.other)
    mine = [s.notes["sso"], s.notes["dark"]]

    with pytest.raises(PermissionDenied):
        feedback_bulk.apply(s.c.uow(), pm, [*mine, s.notes["hidden"]], "archive")
    with pytest.raises(NotFound):
        feedback_bulk.apply(s.c.uow(), stakeholder_elsewhere, mine, "archive")
    with pytest.raises(NotFound):
        feedback_bulk.apply(s.c.uow(), pm, [*mine, 999_999], "archive")
    statuses = {feedback.get_note(s.c.uow(), s.admin, i).status for i in s.notes.values()}

    assert {NoteStatus.NEW} == statuses


def test_bulk_status_assign_and_link_apply_to_every_note_once(any_container):
    s = build(any_container)
    pm = factories.user(s.c, Role.PRODUCT_MANAGER, s.product)
    item = backlog.create_item(s.c.uow(), s.admin, s.product, {"title": "Exports"}).id
    ids = [s.notes["export"], s.notes["export_title"]]

    done = feedback_bulk.apply(s.c.uow(), pm, ids, "status", status="processed")
    again = feedback_bulk.apply(s.c.uow(), pm, ids, "status", status="processed")
    assigned = feedback_bulk.apply(s.c.uow(), pm, ids, "assign", assignee_id=pm.user_id)
    linked = feedback_bulk.apply(s.c.uow(), pm, ids, "link_item", target_id=item, importance=3)
    relinked = feedback_bulk.apply(s.c.uow(), pm, ids, "link_item", target_id=item, importance=3)
    unassigned = feedback_bulk.apply(s.c.uow(), pm, ids, "assign", assignee_id=None)
    demand, _ = feedback.item_evidence(s.c.uow(), pm, item)

    assert (2, 0, 2, 2, 0, 2) == (
        done.changed,
        again.changed,
        assigned.changed,
        linked.changed,
        relinked.changed,
        unassigned.changed,
    )
    assert {NoteStatus.PROCESSED} == {n.status for n in done.notes}
    assert 2 == demand.notes
    assert [None, None] == [n.assignee_id for n in unassigned.notes]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"note_ids": [], "action": "archive"}, "note_ids"),
        ({"note_ids": list(range(1, 502)), "action": "archive"}, "note_ids"),
        ({"note_ids": ["1"], "action": "archive"}, "note_ids"),
        ({"note_ids": [1], "action": "explode"}, "action"),
        ({"note_ids": [1], "action": "status", "status": "done"}, "status"),
        ({"note_ids": [1], "action": "link_item", "importance": 2}, "target_id"),
        ({"note_ids": [1], "action": "link_item", "target_id": 1, "importance": 9}, "importance"),
    ],
)
def test_bad_bulk_requests_name_the_field(container, kwargs, field):
    admin = factories.admin(container)

    with pytest.raises(ValidationFailed) as failure:
        feedback_bulk.apply(container.uow(), admin, **kwargs)

    assert field == failure.value.field
