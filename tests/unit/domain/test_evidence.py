"""Evidence as scores see it: note sources as evidence kinds, the roll-up, formula variables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valueloop.domain import feedback
from valueloop.domain.confidence import EvidenceKind
from valueloop.domain.evidence import (
    Variables,
    kind_of_source,
    rollup,
    rollup_many,
    segment_variable,
)
from valueloop.domain.feedback import Demand, Importance, LinkedEvidence


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("support", EvidenceKind.OPINION),
        ("app review", EvidenceKind.OPINION),
        ("portal", EvidenceKind.OPINION),
        ("sales call", EvidenceKind.OPINION),
        ("manual", EvidenceKind.OPINION),
        ("interview", EvidenceKind.INTERVIEW),
        ("User Interview", EvidenceKind.INTERVIEW),
        ("survey", EvidenceKind.SURVEY),
        ("survey:nps", EvidenceKind.SURVEY),
        ("NPS", EvidenceKind.SURVEY),
        ("usage:adoption", EvidenceKind.USAGE_DATA),
        ("experiment:checkout-v2", EvidenceKind.AB_TEST),
        ("A/B test", EvidenceKind.AB_TEST),
    ],
)
def test_a_notes_source_says_what_kind_of_evidence_it_is(source, kind):
    assert kind == kind_of_source(source)


def test_segments_become_lower_snake_case_variables():
    assert "segment_enterprise" == segment_variable("Enterprise")
    assert "segment_mid_market" == segment_variable(" Mid-Market ")
    assert "segment_unsegmented" == segment_variable("")


def test_the_rollup_counts_each_customer_once_with_their_latest_importance_and_recency():
    demand = Demand(
        notes=4,
        customers=3,
        arr=1500.0,
        importance_by_customer={1: Importance.CRITICAL, 2: Importance.NICE_TO_HAVE, 3: 3},
        segments={"smb": 2, "enterprise": 1},
        latest_on=dt.date(2026, 1, 10),
    )

    found = rollup(demand, dt.date(2026, 2, 1))

    assert (7, 3, 2, 22) == (
        found.importance_sum,
        found.importance_max,
        found.critical_customers,
        found.recency_days,
    )
    assert pytest.approx(7 / 3) == found.importance_mean


def test_an_item_without_evidence_has_no_recency_or_mean():
    found = rollup(Demand(0, 0, 0.0, {}, {}, None), dt.date(2026, 2, 1))

    assert (None, None, None) == (found.recency_days, found.importance_mean, found.importance_max)


def test_formula_variables_accept_any_segment_but_list_the_known_ones():
    names = Variables({"reach": "RICE reach"}, ["Enterprise"])

    assert "segment_public_sector" in names
    assert "reech" not in names
    assert ["reach", "segment_enterprise"] == list(names)


links = st.lists(
    st.tuples(
        st.integers(0, 3),  # item
        st.integers(-1, 4),  # customer position (−1: none)
        st.integers(-3, 40),  # age in days
        st.integers(0, 3),  # importance
    ),
    max_size=40,
)


# Link ids: in row order, shuffled (the newest link is not the last row), or so far apart that
# the sort key holds their ranks instead.
link_ids = st.sampled_from(["ordered", "shuffled", "sparse"])


@given(links, link_ids, st.randoms(use_true_random=False))
def test_the_bulk_rollup_equals_demand_one_item_at_a_time(rows, spacing, random):
    arr = [100.0, 250.0, 0.0, 75.5, 1000.0]
    today = dt.date(2026, 3, 1)
    ids = list(range(1, len(rows) + 1))
    if spacing != "ordered":
        random.shuffle(ids)
    if spacing == "sparse":
        ids = [i * 2**56 for i in ids]
    bulk = rollup_many(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        ids,
        [r[3] for r in rows],
        arr,
        4,
    )

    for item in range(4):
        demand = feedback.demand(
            LinkedEvidence(
                link_id=link_id,
                received_on=today - dt.timedelta(days=age),
                customer_id=None if customer < 0 else customer,
                importance=Importance(level),
                customer_arr=arr[customer] if customer >= 0 else 0.0,
                customer_segment="",
            )
            for link_id, (of, customer, age, level) in zip(ids, rows, strict=True)
            if of == item
        )
        levels = [int(v) for v in demand.importance_by_customer.values()]
        assert (demand.customers, sum(levels), sum(v == 3 for v in levels)) == (
            bulk.customers[item],
            bulk.importance_sum[item],
            bulk.critical_customers[item],
        )
        assert demand.arr == pytest.approx(bulk.arr[item])
        assert (max(levels) if levels else None) == (
            None if np.isnan(bulk.importance_max[item]) else bulk.importance_max[item]
        )


def test_customers_in_a_segment_are_counted_once_per_item():
    bulk = rollup_many([0, 0, 1], [0, 0, 1], [5, 1, 2], [1, 2, 3], [1, 2, 3], [10.0, 20.0], 2)

    assert [1.0, 0.0] == bulk.customers_where([True, False]).tolist()
    assert [2.0, 3.0] == bulk.importance_sum.tolist()


def test_the_latest_link_wins_even_when_ids_and_ages_are_too_large_for_one_sort_key():
    far = 2**22  # item × customer × age span no longer fits 62 bits: the plain lexsort is used
    arr = np.zeros(2**20)
    arr[-1] = 5.0

    bulk = rollup_many(
        [2**20 - 1, 2**20 - 1, 0],
        [2**20 - 1, 2**20 - 1, 0],
        [far, 0, 3],
        [1, 2, 3],
        [3, 1, 2],
        arr,
        2**20,
    )

    assert (1.0, 1.0, 5.0) == (
        bulk.importance_sum[-1],
        bulk.customers[-1],
        bulk.arr[-1],
    )


def test_on_one_day_the_newest_link_wins_when_the_sort_key_does_not_fit_either():
    far = 2**22  # item × customer × age span does not fit 63 bits: the four-column sort is used
    arr = np.zeros(2**21)

    bulk = rollup_many(
        [2**21 - 1, 2**21 - 1, 0],
        [2**21 - 1, 2**21 - 1, 0],
        [0, 0, far],
        [9, 5, 1],  # link 9 is the newer of the two the same day, though it comes first
        [1, 3, 2],
        arr,
        2**21,
    )

    assert (1.0, 1.0, 2.0) == (bulk.importance_sum[-1], bulk.customers[-1], bulk.importance_sum[0])
