"""Synthesis use cases on SQLite and PostgreSQL: vectors, themes, suggestions, merges, jobs."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests import factories
from valueloop.adapters.synthesis.synthesizer import default_synthesizer
from valueloop.domain.errors import Conflict, PermissionDenied, ValidationFailed
from valueloop.domain.roles import Role
from valueloop.services import (
    backlog,
    customers,
    demand,
    feedback,
    jobs,
    suggestions,
    synthesis,
    themes,
)

TOPICS = {
    "export": [
        "Please let us export reports to CSV",
        "I need to export my report as a CSV file",
        "Exporting reports to Excel or CSV would help a lot",
        "Can we download the report data as a spreadsheet?",
        "CSV export of reports is missing",
        "We want to export the monthly report into CSV",
    ],
    "login": [
        "I cannot log in, the password reset email never arrives",
        "Password reset link is not working",
        "Login fails after I reset my password",
        "The reset password email does not arrive",
        "Can't sign in since the password reset",
        "Password reset emails go missing, so I cannot log in",
    ],
    "dark": [
        "Please add a dark mode to the app",
        "A dark theme would be easier on my eyes at night",
        "Dark mode please, the white screen is too bright",
        "We would love a night mode with dark colours",
        "Add dark mode for the dashboard",
        "The interface needs a dark theme option",
    ],
}
DAY = dt.date(2025, 3, 3)


@pytest.fixture(scope="module")
def engine():
    return default_synthesizer()


def world(container, topics=("export", "login", "dark")):
    admin = factories.admin(container)
    product = factories.product(container, name="Helpdesk")
    ids = {}
    for topic in topics:
        ids[topic] = [
            feedback.record_note(
                container.uow(),
                admin,
                {"text": text, "product_id": product, "received_on": DAY + dt.timedelta(days=i)},
            ).id
            for i, text in enumerate(TOPICS[topic])
        ]
    return admin, product, ids


def theme_of(container, admin, product):
    """note id -> theme id."""
    with container.uow() as uow:
        return {n: t for t, n, _, _ in uow.theme_members.of_product(product)}


def test_a_full_run_stores_vectors_and_groups_each_topic_into_one_labelled_theme(
    any_container, engine
):
    c = any_container
    admin, product, ids = world(c)

    summary = synthesis.synthesize(c.uow(), admin, engine, product, "full")

    assert ("full", 18, 18) == (summary.mode, summary.notes, summary.embedded)
    placed = theme_of(c, admin, product)
    for topic, notes in ids.items():  # most of each topic's notes share one theme
        shared = max(sum(placed.get(n) == t for n in notes) for t in set(placed.values()))
        assert shared >= 4, topic
    found = themes.overview(c.uow(), admin, product)
    labels = " ".join(v.theme.label for v in found.themes)
    assert "export" in labels
    assert "dark" in labels
    assert "password" in labels
    assert all(len(v.representatives) == 3 for v in found.themes)
    assert all(v.theme.size >= 3 for v in found.themes)
    assert found.unthemed == 18 - sum(v.theme.size for v in found.themes)
    with c.uow() as uow:
        assert 18 == uow.note_vectors.count()


def test_a_second_run_embeds_only_notes_whose_text_changed(any_container, engine):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    note = feedback.get_note(c.uow(), admin, ids["dark"][0])
    feedback.update_note(c.uow(), admin, note.id, note.version, {"text": "Dark mode, please!"})

    again = synthesis.synthesize(c.uow(), admin, engine, product, "full")

    assert 1 == again.embedded


def test_themes_are_the_same_when_the_run_is_repeated(any_container, engine):
    c = any_container
    admin, product, _ = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    first = theme_of(c, admin, product)
    before = {v.theme.id: v.theme.label for v in themes.overview(c.uow(), admin, product).themes}

    synthesis.synthesize(c.uow(), admin, engine, product, "full")

    assert first == theme_of(c, admin, product)
    after = {v.theme.id: v.theme.label for v in themes.overview(c.uow(), admin, product).themes}
    assert before == after


def test_a_new_note_joins_the_nearest_theme_on_an_incremental_run(any_container, engine):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    new = feedback.record_note(
        c.uow(), admin, {"text": "Export the report to a CSV file please", "product_id": product}
    )

    summary = synthesis.synthesize(c.uow(), admin, engine, product)

    placed = theme_of(c, admin, product)
    assert ("incremental", 1, 1) == (summary.mode, summary.embedded, summary.joined)
    assert placed[ids["export"][1]] == placed[new.id]
    theme = themes.theme_detail(c.uow(), admin, placed[new.id])[0].theme
    assert sum(placed[ids["export"][1]] == t for t in placed.values()) == theme.size


def test_an_incremental_run_leaves_the_other_notes_and_themes_as_they_were(any_container, engine):
    c = any_container
    admin, product, _ = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    before = theme_of(c, admin, product)
    labels = {v.theme.id: v.theme.label for v in themes.overview(c.uow(), admin, product).themes}
    new = feedback.record_note(
        c.uow(), admin, {"text": "Password reset mail does not arrive", "product_id": product}
    )

    summary = synthesis.synthesize(c.uow(), admin, engine, product)

    after = theme_of(c, admin, product)
    assert ("incremental", 1, 0, 0) == (
        summary.mode,
        summary.embedded,
        summary.new_themes,
        summary.retired_themes,
    )
    assert before == {n: t for n, t in after.items() if n != new.id}
    shown = themes.overview(c.uow(), admin, product).themes
    assert labels == {v.theme.id: v.theme.label for v in shown}


def test_a_themes_size_is_the_count_of_its_members_after_every_change(any_container, engine):
    c = any_container
    admin, product, ids = world(c)

    def sizes_match():
        counted = Counter(theme_of(c, admin, product).values())
        shown = themes.overview(c.uow(), admin, product).themes
        assert shown
        assert {v.theme.id: counted[v.theme.id] for v in shown} == {
            v.theme.id: v.theme.size for v in shown
        }

    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    sizes_match()
    for text in ("Export the report to a CSV file please", "Dark mode for the app please"):
        feedback.record_note(c.uow(), admin, {"text": text, "product_id": product})
    assert synthesis.synthesize(c.uow(), admin, engine, product).joined == 2
    sizes_match()
    placed = theme_of(c, admin, product)
    themes.move_note(c.uow(), admin, ids["export"][0], placed[ids["dark"][0]])
    sizes_match()
    themes.remove_note(c.uow(), admin, placed[ids["login"][0]], ids["login"][0])
    sizes_match()
    suggestions.merge(c.uow(), admin, ids["dark"][1], ids["dark"][2])
    sizes_match()


def test_an_unrelated_note_stays_unthemed_until_the_next_full_run(any_container, engine):
    c = any_container
    admin, product, _ = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    before = themes.overview(c.uow(), admin, product).unthemed
    odd = feedback.record_note(
        c.uow(), admin, {"text": "Invoices show the wrong VAT number", "product_id": product}
    )

    synthesis.synthesize(c.uow(), admin, engine, product, "incremental")

    assert odd.id not in theme_of(c, admin, product)
    assert before + 1 == themes.overview(c.uow(), admin, product).unthemed


def test_an_edited_label_survives_a_full_rerun_and_the_theme_keeps_its_id(any_container, engine):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    theme_id = theme_of(c, admin, product)[ids["login"][0]]
    theme = themes.theme_detail(c.uow(), admin, theme_id)[0].theme
    themes.update_theme(c.uow(), admin, theme_id, theme.version, {"label": "Password resets"})
    feedback.record_note(
        c.uow(), admin, {"text": "Reset password mail never came", "product_id": product}
    )

    synthesis.synthesize(c.uow(), admin, engine, product, "full")

    assert theme_id == theme_of(c, admin, product)[ids["login"][0]]
    relabelled = themes.theme_detail(c.uow(), admin, theme_id)[0].theme
    assert ("Password resets", True) == (relabelled.label, relabelled.label_edited)


def test_a_stale_label_edit_is_refused(any_container, engine):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    theme_id = theme_of(c, admin, product)[ids["login"][0]]
    version = themes.theme_detail(c.uow(), admin, theme_id)[0].theme.version
    themes.update_theme(c.uow(), admin, theme_id, version, {"label": "Logins"})

    with pytest.raises(Conflict):
        themes.update_theme(c.uow(), admin, theme_id, version, {"label": "Sign-in"})


def test_a_removed_note_is_not_put_back_and_a_moved_note_stays_where_it_was_put(
    any_container, engine
):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    placed = theme_of(c, admin, product)
    export, dark = placed[ids["export"][1]], placed[ids["dark"][0]]
    themes.remove_note(c.uow(), admin, export, ids["export"][2])
    themes.move_note(c.uow(), admin, ids["export"][4], dark)

    synthesis.synthesize(c.uow(), admin, engine, product, "full")

    placed = theme_of(c, admin, product)
    assert placed.get(ids["export"][2]) != export
    assert dark == placed[ids["export"][4]]


def test_exact_and_near_duplicates_are_suggested_and_merging_keeps_the_evidence(
    any_container, engine
):
    c = any_container
    admin, product, _ids = world(c, topics=("export", "dark"))
    acme = customers.create_customer(c.uow(), admin, {"name": "Acme", "arr": 1000.0}).id
    item = backlog.create_item(c.uow(), admin, product, {"title": "CSV export of reports"}).id
    first = feedback.record_note(
        c.uow(),
        admin,
        {"text": "The mobile app crashes when I open settings.", "product_id": product},
    )
    exact = feedback.record_note(
        c.uow(),
        admin,
        {
            "text": "the mobile app crashes when I open settings",
            "product_id": product,
            "customer_id": acme,
        },
    )
    near = feedback.record_note(
        c.uow(),
        admin,
        {"text": "The mobile app crashes whan I open setings.", "product_id": product},
    )
    feedback.link_note(c.uow(), admin, exact.id, item, 3)

    summary = synthesis.synthesize(c.uow(), admin, engine, product, "full")

    assert summary.duplicates >= 2
    found, _ = suggestions.for_product(c.uow(), admin, product, kind="duplicate")
    pairs = {(v.suggestion.note_id, v.suggestion.target_id) for v in found}
    assert {(exact.id, first.id), (near.id, first.id)} <= pairs
    chosen = next(v.suggestion for v in found if v.suggestion.note_id == exact.id)
    accepted = suggestions.accept(c.uow(), admin, chosen.id)
    assert ("accepted", admin.user_id) == (accepted.status, accepted.decided_by)
    merged = feedback.get_note(c.uow(), admin, exact.id)
    kept = feedback.get_note(c.uow(), admin, first.id)
    assert (first.id, "archived") == (merged.duplicate_of_id, merged.status)
    assert acme == kept.customer_id
    evidence = feedback.item_evidence(c.uow(), admin, item)[1]
    assert [first.id] == [linked.link.note_id for linked in evidence]
    assert exact.id not in theme_of(c, admin, product)
    row = demand.demand_of(c.uow(), admin, "item", item)
    assert (1, 1000.0) == (row.demand.customers, row.demand.arr)


def test_merging_notes_of_two_customers_is_refused(any_container):
    c = any_container
    admin, product, _ = world(c, topics=())
    a = customers.create_customer(c.uow(), admin, {"name": "A"}).id
    b = customers.create_customer(c.uow(), admin, {"name": "B"}).id
    one = feedback.record_note(
        c.uow(), admin, {"text": "Dark mode", "product_id": product, "customer_id": a}
    )
    two = feedback.record_note(
        c.uow(), admin, {"text": "Dark mode", "product_id": product, "customer_id": b}
    )

    with pytest.raises(ValidationFailed, match="different customers"):
        suggestions.merge(c.uow(), admin, two.id, one.id)


def test_link_suggestions_point_at_the_nearest_item_and_rejected_ones_never_return(
    any_container, engine
):
    c = any_container
    admin, product, ids = world(c)
    dark = backlog.create_item(c.uow(), admin, product, {"title": "Dark mode"}).id
    backlog.create_item(c.uow(), admin, product, {"title": "Two-factor authentication"})
    synthesis.synthesize(c.uow(), admin, engine, product, "full")

    found = suggestions.for_note(c.uow(), admin, ids["dark"][0])
    assert found
    assert (dark, "item") == (found[0].suggestion.target_id, found[0].suggestion.kind)
    rejected = suggestions.reject(c.uow(), admin, found[0].suggestion.id)
    assert ("rejected", admin.user_id) == (rejected.status, rejected.decided_by)
    assert rejected.decided_at is not None

    synthesis.synthesize(c.uow(), admin, engine, product, "full")

    again = suggestions.for_note(c.uow(), admin, ids["dark"][0])
    assert dark not in [v.suggestion.target_id for v in again if v.suggestion.kind == "item"]
    other = suggestions.for_note(c.uow(), admin, ids["dark"][1])[0].suggestion
    suggestions.accept(c.uow(), admin, other.id, importance=2)
    links = feedback.note_links(c.uow(), admin, ids["dark"][1])
    assert [(dark, 2)] == [(lk.item_id, int(lk.importance)) for lk in links]
    with pytest.raises(Conflict):
        suggestions.reject(c.uow(), admin, other.id)


def test_a_contributor_may_run_synthesis_but_not_accept_suggestions(any_container, engine):
    c = any_container
    admin, product, ids = world(c, topics=("dark",))
    backlog.create_item(c.uow(), admin, product, {"title": "Dark mode"})
    contributor = factories.user(c, Role.CONTRIBUTOR, product)
    synthesis.synthesize(c.uow(), contributor, engine, product, "full")
    found = suggestions.for_note(c.uow(), contributor, ids["dark"][0])

    with pytest.raises(PermissionDenied):
        suggestions.accept(c.uow(), contributor, found[0].suggestion.id)


def test_a_job_records_progress_and_the_summary(any_container, engine):
    c = any_container
    admin, product, _ = world(c)
    job = synthesis.start_run(c.uow(), admin, product, "full")
    seen = []

    with pytest.raises(Conflict):
        synthesis.start_run(c.uow(), admin, product)
    final = synthesis.run_job(
        c.uow(), admin, engine, job.id, "full", also=lambda s, d, t: seen.append((s, d, t))
    )

    assert ("queued", "succeeded") == (job.status, final.status)
    shown = themes.overview(c.uow(), admin, product).themes
    assert final.result["themes"] == len(shown)
    assert final.finished_at is not None
    assert ("embedding notes", 18, 18) in seen
    assert final.done == final.total
    assert final.id == jobs.get_job(c.uow(), admin, job.id).id


def test_a_failed_job_keeps_the_reason(any_container, engine):
    c = any_container
    admin, product, _ = world(c)
    job = synthesis.start_run(c.uow(), admin, product, "incremental")

    final = synthesis.run_job(c.uow(), admin, engine, job.id, "incremental")

    assert "failed" == final.status
    assert "run a full synthesis" in final.error


def test_theme_demand_counts_each_customer_once(any_container, engine):
    c = any_container
    admin, product, ids = world(c, topics=("dark", "login"))
    acme = customers.create_customer(
        c.uow(), admin, {"name": "Acme", "arr": 500.0, "segment": "SMB"}
    ).id
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    placed = theme_of(c, admin, product)
    theme_id = Counter(placed[n] for n in ids["login"] if n in placed).most_common(1)[0][0]
    same = [n for n in ids["login"] if placed.get(n) == theme_id][:2]
    for note_id in same:
        note = feedback.get_note(c.uow(), admin, note_id)
        feedback.update_note(c.uow(), admin, note_id, note.version, {"customer_id": acme})

    rows = demand.product_demand(c.uow(), admin, product, "theme")

    row = next(r for r in rows if r.id == theme_id)
    assert (1, 500.0, {"SMB": 1}) == (row.demand.customers, row.demand.arr, row.demand.segments)
    assert (2, rows[0]) == (len(same), row)  # the theme with customers comes first


def test_themes_from_another_embedder_are_rebuilt_and_carried_on_by_overlap(any_container, engine):
    c = any_container
    admin, product, ids = world(c)
    synthesis.synthesize(c.uow(), admin, engine, product, "full")
    placed = theme_of(c, admin, product)
    theme_id = placed[ids["login"][1]]
    with c.uow() as uow:  # as the demo stores its precomputed themes
        uow.themes.update(theme_id, None, {"embedder": "demo:tfidf", "centroid": None})
        uow.commit()

    summary = synthesis.synthesize(c.uow(), admin, engine, product)

    assert "full" == summary.mode
    assert theme_id == theme_of(c, admin, product)[ids["login"][1]]
