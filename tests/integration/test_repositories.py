"""The repository contract: every test runs on SQLite and on PostgreSQL (`any_container`)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa

from tests import factories
from valueloop.bootstrap import Container
from valueloop.domain.errors import Conflict, NotFound, ValidationFailed
from valueloop.domain.feedback import Importance
from valueloop.domain.goals import Direction, GoalLevel, GoalStatus, KeyValueArea, MeasureKind
from valueloop.domain.products import LifecycleStage
from valueloop.domain.ranking import initial_keys, key_between
from valueloop.services import backlog
from valueloop.services.unit_of_work import UnitOfWork

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)


# Rows written straight through the repositories (the contract under test), not the use cases.


def add_user(uow: UnitOfWork, username: str) -> int:
    return uow.users.add(
        {"username": username, "password_hash": "x", "is_admin": False, "is_active": True}
    ).id


def add_product(uow: UnitOfWork, name: str = "Acme", **extra: object) -> int:
    return uow.products.add({"name": name, "lifecycle_stage": LifecycleStage.IDEATION, **extra}).id


def add_item(uow: UnitOfWork, product_id: int, rank: str, title: str = "Item") -> int:
    return uow.items.add(
        {"product_id": product_id, "title": title, "type": "feature", "status": "new", "rank": rank}
    ).id


def add_customer(uow: UnitOfWork, name: str, arr: float = 0.0, segment: str = "") -> int:
    return uow.customers.add({"name": name, "arr": arr, "segment": segment, "status": "active"}).id


def add_note(
    uow: UnitOfWork,
    text: str = "note",
    *,
    product_id: int | None = None,
    customer_id: int | None = None,
    day: dt.date = dt.date(2024, 1, 1),
) -> int:
    return uow.notes.add(
        {
            "text": text,
            "source": "manual",
            "received_on": day,
            "product_id": product_id,
            "customer_id": customer_id,
        }
    ).id


def add_measure(uow: UnitOfWork, product_id: int) -> int:
    goal = uow.goals.add(
        {
            "product_id": product_id,
            "level": GoalLevel.STRATEGIC,
            "title": "Goal",
            "kva": KeyValueArea.CURRENT_VALUE,
            "status": GoalStatus.ACTIVE,
        }
    )
    return uow.measures.add(
        {
            "goal_id": goal.id,
            "name": "NPS",
            "direction": Direction.HIGHER_IS_BETTER,
            "kind": MeasureKind.OUTCOME,
            "baseline": 0.0,
            "target": 50.0,
        }
    ).id


# add / get / require


def test_an_added_record_reads_back_with_stamps_and_version_one(any_container: Container):
    with any_container.uow() as uow:
        product_id = add_product(uow, "Acme", vision="Less toil")
        uow.commit()

    with any_container.uow() as uow:
        product = uow.products.require(product_id)

    assert ("Acme", "Less toil", "", LifecycleStage.IDEATION, 1) == (
        product.name,
        product.vision,
        product.target_market,
        product.lifecycle_stage,
        product.version,
    )
    assert product.created_at == product.updated_at


def test_get_of_a_missing_record_is_none_and_require_raises_not_found(any_container: Container):
    with any_container.uow() as uow:
        assert uow.products.get(404) is None
        with pytest.raises(NotFound) as error:
            uow.products.require(404)

    assert ("product 404 does not exist", "id") == (error.value.message, error.value.field)


def test_adding_an_unknown_column_is_a_validation_error(any_container: Container):
    with any_container.uow() as uow, pytest.raises(ValidationFailed) as error:
        uow.products.add({"name": "A", "lifecycle_stage": "ideation", "colour": "red"})

    assert "colour" == error.value.field


# update with version


def test_an_update_with_the_current_version_applies_and_bumps_the_version(
    any_container: Container,
):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        created = uow.products.require(product_id)
        updated = uow.products.update(product_id, 1, {"name": "Renamed"})
        uow.commit()

    assert ("Renamed", 2) == (updated.name, updated.version)
    assert updated.updated_at >= created.updated_at


def test_an_update_with_a_stale_version_is_a_conflict_and_overwrites_nothing(
    any_container: Container,
):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        uow.products.update(product_id, 1, {"name": "First"})
        uow.commit()

    with any_container.uow() as uow:
        with pytest.raises(Conflict) as error:
            uow.products.update(product_id, 1, {"name": "Second"})
        uow.commit()

    with any_container.uow() as uow:
        product = uow.products.require(product_id)
    assert ("First", 2) == (product.name, product.version)
    assert "version" == error.value.field
    assert "now at version 2" in error.value.message


def test_an_update_without_a_version_skips_the_check_but_still_bumps_it(
    any_container: Container,
):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        uow.products.update(product_id, None, {"name": "B"})
        product = uow.products.update(product_id, None, {"name": "C"})

    assert ("C", 3) == (product.name, product.version)


def test_updating_a_missing_record_is_not_found(any_container: Container):
    with any_container.uow() as uow, pytest.raises(NotFound):
        uow.products.update(404, 1, {"name": "x"})


def test_a_record_without_a_version_updates_in_place(any_container: Container):
    with any_container.uow() as uow:
        user_id = add_user(uow, "ann")
        product_id = add_product(uow)
        membership = uow.memberships.add(
            {"user_id": user_id, "product_id": product_id, "role": "stakeholder", "created_at": NOW}
        )
        changed = uow.memberships.update(membership.id, None, {"role": "contributor"})

    assert "contributor" == changed.role


def test_delete_removes_the_record(any_container: Container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        uow.products.delete(product_id)

        assert uow.products.get(product_id) is None


# list: filters, search, ordering, paging


@pytest.fixture
def notes(any_container: Container) -> dict[str, int]:
    """Five notes over two products and none: names → ids."""
    with any_container.uow() as uow:
        a, b = add_product(uow, "A"), add_product(uow, "B")
        ids = {
            "a1": add_note(uow, "alpha one", product_id=a),
            "a2": add_note(uow, "alpha two", product_id=a),
            "b1": add_note(uow, "beta one", product_id=b),
            "n1": add_note(uow, "none one"),
            "n2": add_note(uow, "none two"),
        }
        uow.commit()
    return {**ids, "A": a, "B": b}


def listed(any_container: Container, where: dict[str, object], by: dict[str, int]) -> list[str]:
    names = {v: k for k, v in by.items() if k not in ("A", "B")}
    with any_container.uow() as uow:
        return [names[n.id] for n in uow.notes.list(where).items]


def test_a_filter_on_a_value_matches_equal_records(any_container, notes):
    assert ["a1", "a2"] == listed(any_container, {"product_id": notes["A"]}, notes)


def test_a_filter_on_a_list_matches_any_of_its_values(any_container, notes):
    assert ["a1", "a2", "b1"] == listed(
        any_container, {"product_id": [notes["A"], notes["B"]]}, notes
    )


def test_a_filter_on_none_matches_null(any_container, notes):
    assert ["n1", "n2"] == listed(any_container, {"product_id": None}, notes)


def test_a_filter_on_a_list_with_none_matches_the_values_or_null(any_container, notes):
    assert ["a1", "a2", "n1", "n2"] == listed(
        any_container, {"product_id": [notes["A"], None]}, notes
    )


def test_a_filter_on_an_empty_list_matches_nothing(any_container, notes):
    assert [] == listed(any_container, {"product_id": []}, notes)


def test_filters_combine_with_and(any_container, notes):
    with any_container.uow() as uow:
        page = uow.notes.list({"product_id": notes["A"], "id": [notes["a2"], notes["b1"]]})

    assert [notes["a2"]] == [n.id for n in page.items]


def test_a_filter_on_an_unknown_column_is_a_validation_error(any_container):
    with any_container.uow() as uow, pytest.raises(ValidationFailed) as error:
        uow.notes.list({"colour": "red"})

    assert "colour" == error.value.field


def test_search_is_case_insensitive_over_the_given_columns(any_container):
    with any_container.uow() as uow:
        for name, domain in [("Acme", "acme.io"), ("Globex", "ACMEGLOBAL.com"), ("Initech", "")]:
            uow.customers.add({"name": name, "domain": domain, "status": "active"})
        found = uow.customers.list(search=(("name", "domain"), "  aCmE "))

    assert ["Acme", "Globex"] == [c.name for c in found.items]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("%", ["100% done"]),
        ("_", ["a_b"]),
        ("0%", ["100% done"]),
        ("a_", ["a_b"]),
        ("\\", ["back\\slash"]),
        ("", ["100 done", "100% done", "a_b", "axb", "back\\slash"]),
    ],
)
def test_search_treats_percent_underscore_and_backslash_literally(any_container, query, expected):
    with any_container.uow() as uow:
        for name in ["100% done", "100 done", "a_b", "axb", "back\\slash"]:
            uow.customers.add({"name": name, "status": "active"})
        found = uow.customers.list(search=(("name",), query), order_by=("name",))

    assert expected == [c.name for c in found.items]


def test_ordering_by_a_column_descending_breaks_ties_by_id(any_container):
    with any_container.uow() as uow:
        ids = [add_customer(uow, name, arr) for name, arr in [("a", 5), ("b", 9), ("c", 5)]]
        by_arr = uow.customers.list(order_by=("-arr",)).items

    assert [ids[1], ids[0], ids[2]] == [c.id for c in by_arr]


def test_ordering_by_an_unknown_column_is_a_validation_error(any_container):
    with any_container.uow() as uow, pytest.raises(ValidationFailed) as error:
        uow.customers.list(order_by=("-colour",))

    assert "sort" == error.value.field


def test_a_page_holds_limit_records_from_offset_and_the_total_of_all(any_container):
    with any_container.uow() as uow:
        ids = [add_customer(uow, f"c{i}") for i in range(7)]
        page = uow.customers.list(order_by=("id",), limit=3, offset=2)
        past_the_end = uow.customers.list(order_by=("id",), limit=3, offset=10)

    assert (ids[2:5], 7, 3, 2) == ([c.id for c in page.items], page.total, page.limit, page.offset)
    assert ([], 7) == (past_the_end.items, past_the_end.total)


def test_the_total_counts_the_filtered_records(any_container, notes):
    with any_container.uow() as uow:
        page = uow.notes.list({"product_id": None}, limit=1)

    assert (1, 2) == (len(page.items), page.total)


def test_count_counts_the_filtered_records(any_container, notes):
    with any_container.uow() as uow:
        assert (5, 2, 1) == (
            uow.notes.count(),
            uow.notes.count({"product_id": None}),
            uow.notes.count({"product_id": notes["B"]}),
        )


# Integrity rules


def test_a_duplicate_unique_value_is_a_conflict(any_container):
    with any_container.uow() as uow:
        add_user(uow, "ann")
        with pytest.raises(Conflict):
            add_user(uow, "ann")


def test_a_duplicate_external_id_of_a_customer_is_a_conflict(any_container):
    with any_container.uow() as uow:
        uow.customers.add({"name": "A", "external_id": "crm-1", "status": "active"})
        uow.commit()

    with any_container.uow() as uow, pytest.raises(Conflict):
        uow.customers.add({"name": "B", "external_id": "crm-1", "status": "active"})


def test_an_update_that_breaks_a_unique_rule_is_a_conflict(any_container):
    with any_container.uow() as uow:
        add_user(uow, "ann")
        bob = add_user(uow, "bob")
        with pytest.raises(Conflict):
            uow.users.update(bob, None, {"username": "ann"})


def test_a_reference_to_a_missing_record_is_a_validation_error(any_container):
    with any_container.uow() as uow, pytest.raises(ValidationFailed):
        add_item(uow, 404, "i")


def test_an_update_to_a_missing_reference_is_a_validation_error(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        with pytest.raises(ValidationFailed):
            uow.products.update(product_id, None, {"owner_id": 404})


def test_a_broken_check_constraint_is_a_validation_error(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        item_id = add_item(uow, product_id, "i")
        note_id = add_note(uow)
        with pytest.raises(ValidationFailed):
            uow.links.add(
                {"note_id": note_id, "item_id": item_id, "importance": 7, "created_at": NOW}
            )


# Rank keys


def test_rank_keys_sort_in_byte_order_on_every_engine(any_container):
    # Upper case sorts before lower case in bytes; a locale-aware collation would interleave them.
    keys = ["0B", "0a", "0b", "1", "A", "Z", "a", "a1", "aa", "b", "z", "zz"]
    shuffled = random.Random(3).sample(keys, len(keys))
    with any_container.uow() as uow:
        product_id = add_product(uow)
        for key in shuffled:
            add_item(uow, product_id, key)
        ranked = uow.items.list({"product_id": product_id}, order_by=("rank",)).items

    assert sorted(keys) == [i.rank for i in ranked]


def test_generated_rank_keys_sort_the_same_in_sql_as_in_python(any_container):
    rng = random.Random(11)
    ranks = initial_keys(20)
    for _ in range(400):
        i = rng.randrange(len(ranks) + 1)
        ranks.insert(
            i, key_between(ranks[i - 1] if i else None, ranks[i] if i < len(ranks) else None)
        )
    with any_container.uow() as uow:
        product_id = add_product(uow)
        for key in rng.sample(ranks, len(ranks)):
            add_item(uow, product_id, key)
        ranked = uow.items.list({"product_id": product_id}, order_by=("rank",)).items

    assert ranks == [i.rank for i in ranked]


def test_neighbours_are_the_keys_just_before_and_after_within_the_product(any_container):
    with any_container.uow() as uow:
        product_id, other = add_product(uow, "A"), add_product(uow, "B")
        for key in ["b", "d", "f"]:
            add_item(uow, product_id, key)
        add_item(uow, other, "c")
        add_item(uow, other, "e")

        assert ("b", "f") == uow.items.neighbours(product_id, "d")
        assert (None, "d") == uow.items.neighbours(product_id, "b")
        assert ("d", None) == uow.items.neighbours(product_id, "f")
        assert ("f", None) == uow.items.neighbours(product_id, "x")
        assert (None, "b") == uow.items.neighbours(product_id, "a")


def test_the_last_rank_is_the_largest_key_of_the_product_or_none(any_container):
    with any_container.uow() as uow:
        product_id, empty = add_product(uow, "A"), add_product(uow, "B")
        for key in ["a", "Z", "c"]:
            add_item(uow, product_id, key)

        assert ("c", None) == (uow.items.last_rank(product_id), uow.items.last_rank(empty))


# Special queries


def test_latest_by_measure_takes_the_latest_date_and_the_last_recorded_on_a_tie(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        first, second, silent = (add_measure(uow, product_id) for _ in range(3))
        for measure_id, day, value in [
            (first, 3, 30.0),
            (first, 5, 50.0),
            (first, 5, 55.0),
            (first, 1, 10.0),
            (second, 2, 7.5),
        ]:
            uow.observations.add(
                {
                    "measure_id": measure_id,
                    "observed_on": dt.date(2024, 1, day),
                    "value": value,
                    "created_at": NOW,
                }
            )

        latest = uow.observations.latest_by_measure([first, second, silent])

    assert {first: 55.0, second: 7.5} == latest


def test_evidence_for_items_joins_note_dates_and_customer_arr_and_segment(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        item, other, bare = (add_item(uow, product_id, k) for k in "abc")
        acme = add_customer(uow, "Acme", 1200.0, "enterprise")
        with_customer = add_note(uow, customer_id=acme, day=dt.date(2024, 2, 1))
        anonymous = add_note(uow, day=dt.date(2024, 3, 1))
        pairs = [(with_customer, item, 3), (anonymous, item, 1), (anonymous, other, 0)]
        links = [
            uow.links.add(
                {"note_id": note, "item_id": target, "importance": level, "created_at": NOW}
            ).id
            for note, target, level in pairs
        ]

        evidence = uow.links.evidence_for_items([item, other, bare])

    rows = sorted(evidence[item], key=lambda e: e.link_id)
    assert [
        (links[0], dt.date(2024, 2, 1), acme, Importance.CRITICAL, 1200.0, "enterprise"),
        (links[1], dt.date(2024, 3, 1), None, Importance.NICE_TO_HAVE, 0.0, ""),
    ] == [
        (e.link_id, e.received_on, e.customer_id, e.importance, e.customer_arr, e.customer_segment)
        for e in rows
    ]
    assert [links[2]] == [e.link_id for e in evidence[other]]
    assert [] == evidence[bare]


def test_watching_is_idempotent_and_unwatching_stops_it(any_container):
    with any_container.uow() as uow:
        ann, bob = add_user(uow, "ann"), add_user(uow, "bob")
        uow.watches.watch(ann, "item", 1, NOW)
        uow.watches.watch(ann, "item", 1, NOW)
        uow.watches.watch(bob, "item", 1, NOW)
        uow.watches.watch(bob, "goal", 1, NOW)

        assert [ann, bob] == sorted(uow.watches.watchers("item", 1))
        assert uow.watches.is_watching(ann, "item", 1)
        uow.watches.unwatch(ann, "item", 1)
        assert [bob] == uow.watches.watchers("item", 1)
        assert not uow.watches.is_watching(ann, "item", 1)
        assert [bob] == uow.watches.watchers("goal", 1)


def test_users_are_found_by_username_whatever_the_case(any_container):
    with any_container.uow() as uow:
        ann = add_user(uow, "ann")
        bob = add_user(uow, "bob")

        assert ann == uow.users.by_username("ANN").id
        assert uow.users.by_username("nobody") is None
        assert [ann, bob] == sorted(u.id for u in uow.users.by_usernames(["Ann", "bob", "zed"]))
        assert [] == uow.users.by_usernames([])


def test_tokens_and_sessions_are_found_by_hash_and_expired_sessions_deleted(any_container):
    with any_container.uow() as uow:
        ann = add_user(uow, "ann")
        token = uow.tokens.add(
            {
                "user_id": ann,
                "name": "ci",
                "token_hash": "h1",
                "prefix": "vl_abc",
                "created_at": NOW,
            }
        )
        for secret, expires in [("old", NOW - dt.timedelta(seconds=1)), ("new", NOW)]:
            uow.sessions.add(
                {
                    "user_id": ann,
                    "token_hash": secret,
                    "csrf_token": "c",
                    "created_at": NOW,
                    "expires_at": expires,
                }
            )

        assert token.id == uow.tokens.by_hash("h1").id
        assert uow.tokens.by_hash("h2") is None
        assert 1 == uow.sessions.delete_expired(NOW)
        assert uow.sessions.by_hash("old") is None
        assert uow.sessions.by_hash("new") is not None


# Column types


def test_timestamps_come_back_as_the_same_instant_in_aware_utc(any_container):
    paris = dt.timezone(dt.timedelta(hours=2))
    stamp = dt.datetime(2024, 6, 1, 14, 30, 15, 123456, tzinfo=paris)
    with any_container.uow() as uow:
        ann = add_user(uow, "ann")
        uow.tokens.add(
            {"user_id": ann, "name": "t", "token_hash": "h", "prefix": "p", "created_at": stamp}
        )
        uow.commit()

    with any_container.uow() as uow:
        token = uow.tokens.by_hash("h")

    assert stamp == token.created_at
    assert dt.UTC == token.created_at.tzinfo
    assert dt.datetime(2024, 6, 1, 12, 30, 15, 123456, tzinfo=dt.UTC) == token.created_at


def test_naive_timestamps_are_refused(any_container):
    with any_container.uow() as uow:
        ann = add_user(uow, "ann")
        with pytest.raises((ValueError, sa.exc.StatementError), match="naive"):
            uow.tokens.add(
                {
                    "user_id": ann,
                    "name": "t",
                    "token_hash": "h",
                    "prefix": "p",
                    "created_at": dt.datetime(2024, 1, 1),
                }
            )


def test_json_columns_round_trip(any_container):
    evidence = {"rice": 12.5, "notes": [1, 2], "nested": {"ok": True, "none": None}}
    with any_container.uow() as uow:
        product_id = add_product(uow)
        decision = uow.decisions.add(
            {
                "product_id": product_id,
                "title": "T",
                "decision": "D",
                "options": ["a", "b"],
                "evidence": evidence,
                "decided_at": NOW,
                "created_at": NOW,
            }
        )
        uow.commit()

    with any_container.uow() as uow:
        stored = uow.decisions.require(decision.id)

    assert (evidence, ["a", "b"]) == (stored.evidence, stored.options)


# The unit of work


def test_leaving_the_unit_of_work_without_commit_rolls_back(any_container):
    with any_container.uow() as uow:
        add_product(uow, "Ghost")

    with any_container.uow() as uow:
        assert 0 == uow.products.count()


def test_an_exception_inside_the_unit_of_work_rolls_back(any_container):
    def fail_half_way() -> None:
        with any_container.uow() as uow:
            add_product(uow, "Ghost")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()

    with any_container.uow() as uow:
        assert 0 == uow.products.count()


def test_rollback_discards_the_work_since_the_last_commit(any_container):
    with any_container.uow() as uow:
        add_product(uow, "Kept")
        uow.commit()
        uow.connection.begin()
        add_product(uow, "Dropped")
        uow.rollback()

    with any_container.uow() as uow:
        assert ["Kept"] == [p.name for p in uow.products.list().items]


def test_committed_work_is_visible_to_the_next_unit_of_work(any_container):
    with any_container.uow() as uow:
        add_product(uow, "Kept")
        uow.commit()

    with any_container.uow() as uow:
        assert ["Kept"] == [p.name for p in uow.products.list().items]


def test_a_unit_of_work_can_be_used_again_after_it_closed(any_container):
    uow = any_container.uow()
    with uow:
        add_product(uow, "One")
        uow.commit()
    with uow:
        add_product(uow, "Two")
        uow.commit()

    with any_container.uow() as check:
        assert 2 == check.products.count()


def test_the_connection_is_unavailable_outside_the_unit_of_work(any_container):
    with pytest.raises(RuntimeError, match="not open"):
        _ = any_container.uow().connection


def test_setting_a_rank_keeps_the_version_and_missing_items_are_not_found(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        item_id = add_item(uow, product_id, "m")
        moved = uow.items.set_rank(item_id, "a")
        with pytest.raises(NotFound):
            uow.items.set_rank(404, "b")

    assert ("a", 1) == (moved.rank, moved.version)


# Values no engine can take: they match nothing, and storing them is a validation error


@pytest.mark.parametrize("huge", [2**31, 2**63, 2**80, -(2**31) - 1])
def test_an_id_beyond_the_integer_range_names_no_record(any_container, huge):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        add_note(uow, product_id=product_id)

        assert uow.products.get(huge) is None
        assert 0 == uow.notes.count({"product_id": huge})
        assert 1 == uow.notes.count({"product_id": [huge, product_id]})
        with pytest.raises(NotFound):
            uow.products.update(huge, None, {"name": "x"})
        uow.products.delete(huge)


def test_a_version_beyond_the_integer_range_is_a_conflict(any_container):
    with any_container.uow() as uow:
        product_id = add_product(uow)
        with pytest.raises(Conflict):
            uow.products.update(product_id, 2**40, {"name": "x"})


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_text_no_engine_can_store_is_a_validation_error_naming_the_field(any_container, text):
    with any_container.uow() as uow, pytest.raises(ValidationFailed) as error:
        add_product(uow, text)

    assert "name" == error.value.field


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_filters_and_searches_with_unstorable_text_match_nothing(any_container, text):
    with any_container.uow() as uow:
        add_user(uow, "ann")
        add_customer(uow, "Acme")

        assert uow.users.by_username(text) is None
        assert [] == uow.users.by_usernames([text])
        assert 0 == uow.customers.count({"name": text})
        assert 0 == uow.customers.list(search=(("name",), text)).total


def test_a_delete_with_a_stale_version_is_a_conflict_and_removes_nothing(any_container):
    admin = factories.admin(any_container)
    product = factories.product(any_container, name="Acme")
    with any_container.uow() as uow:
        item = uow.items.require(
            backlog.create_item(any_container.uow(), admin, product, {"title": "SSO"}).id
        )
    backlog.update_item(any_container.uow(), admin, item.id, item.version, {"title": "SAML SSO"})

    with any_container.uow() as uow, pytest.raises(Conflict, match="version"):
        uow.items.delete(item.id, item.version)
    with any_container.uow() as uow:
        uow.items.delete(item.id, item.version + 1)
        uow.commit()
    with any_container.uow() as uow:
        assert uow.items.get(item.id) is None
