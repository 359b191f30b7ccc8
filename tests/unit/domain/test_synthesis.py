import math

import numpy as np
import pytest
from scipy.cluster.hierarchy import linkage

from valueloop.domain.errors import ValidationFailed
from valueloop.domain.synthesis import (
    UNASSIGNED,
    assign_nearest,
    class_tfidf,
    complete_link_groups,
    connected_groups,
    cut_tree,
    label_terms,
    match_themes,
    normalize_rows,
    representatives,
    theme_radius,
    top_terms,
    total_variance,
    ward_tree,
)


def test_class_tfidf_is_share_of_the_class_times_log_of_one_plus_mean_words_over_frequency():
    # terms: card, pin, arrive. Class 0 says "card card arrive arrive", class 1 "card pin pin pin".
    counts = np.array([[2.0, 0.0, 2.0], [1.0, 3.0, 0.0]])
    # mean words per class A = 4; term frequencies f = 3, 3, 2
    idf = [math.log(1 + 4 / 3), math.log(1 + 4 / 3), math.log(1 + 4 / 2)]
    expected = np.array([[0.5 * idf[0], 0.0, 0.5 * idf[2]], [0.25 * idf[0], 0.75 * idf[1], 0.0]])

    assert class_tfidf(counts).toarray() == pytest.approx(expected)


def test_class_tfidf_leaves_an_empty_class_at_zero():
    weights = class_tfidf(np.array([[1.0, 1.0], [0.0, 0.0]]))

    assert [0.0, 0.0] == weights.toarray()[1].tolist()


def test_top_terms_ranks_by_weight_and_breaks_ties_by_term():
    weights = class_tfidf(np.array([[1.0, 1.0, 3.0, 0.0], [0.0, 0.0, 0.0, 1.0]]))

    ranked = top_terms(weights, ["pin", "card", "refund", "fee"], row=0, n=3)

    assert ["refund", "card", "pin"] == [term for term, _ in ranked]


def test_label_terms_skips_a_term_whose_words_a_chosen_term_already_covers():
    ranked = ["exchange rate", "rate", "exchange", "wrong", "cash"]

    assert ["exchange rate", "wrong", "cash"] == label_terms(ranked, 3)


def test_connected_groups_joins_pairs_transitively_and_drops_singletons():
    pairs = np.array([[4, 1], [1, 6], [2, 3]])

    assert [[1, 4, 6], [2, 3]] == connected_groups(8, pairs)


def test_connected_groups_of_no_pairs_is_empty():
    assert [] == connected_groups(5, np.zeros((0, 2), dtype=np.int64))


def test_connected_groups_rejects_a_pair_outside_the_items():
    with pytest.raises(ValidationFailed):
        connected_groups(3, np.array([[0, 3]]))


def test_ward_merge_of_two_single_points_costs_half_their_squared_distance():
    tree = ward_tree(np.array([[0.0, 0.0], [3.0, 4.0]]), np.ones(2))

    assert [12.5] == tree.cost.tolist()


def test_ward_tree_of_unit_weights_has_scipys_ward_heights():
    points = np.random.default_rng(7).normal(size=(40, 3))
    # scipy's Ward height is sqrt(2 Δ)
    expected = np.sort(linkage(points, method="ward")[:, 2])

    tree = ward_tree(points, np.ones(40))

    assert np.sort(np.sqrt(2 * tree.cost)) == pytest.approx(expected)


def test_a_weighted_point_merges_like_that_many_copies_of_it():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.5]])
    weights = np.array([3.0, 1.0, 2.0, 1.0])
    copies = np.repeat(points, weights.astype(int), axis=0)

    weighted = np.sort(ward_tree(points, weights).cost)
    repeated = np.sort(ward_tree(copies, np.ones(len(copies))).cost)

    assert weighted == pytest.approx(repeated[repeated > 1e-12])


def test_ward_tree_rejects_a_point_without_positive_weight():
    with pytest.raises(ValidationFailed):
        ward_tree(np.zeros((2, 2)), np.array([1.0, 0.0]))


def test_cut_tree_makes_every_merge_up_to_the_cost_and_numbers_clusters_by_first_leaf():
    points = np.array([[10.0, 0.0], [0.0, 0.0], [0.1, 0.0], [10.2, 0.0], [30.0, 0.0]])
    tree = ward_tree(points, np.ones(5))

    assert [0, 1, 1, 0, 2] == cut_tree(tree, max_cost=1.0).tolist()
    assert [0, 0, 0, 0, 0] == cut_tree(tree, max_cost=1e9).tolist()
    assert [0, 1, 2, 3, 4] == cut_tree(tree, max_cost=0.0).tolist()


def test_total_variance_is_the_mean_squared_distance_to_the_mean():
    assert 2.0 == pytest.approx(total_variance(np.array([[1.0, 1.0], [-1.0, -1.0]])))


def test_normalize_rows_gives_unit_rows_and_keeps_zero_rows():
    rows = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))

    assert [0.6, 0.8, 0.0, 0.0] == pytest.approx(rows.ravel().tolist())


def test_theme_radius_is_the_quantile_of_cosine_distance_to_the_centroid():
    sims = np.array([1.0, 0.9, 0.8, 0.7, 0.6])

    assert 0.4 == pytest.approx(theme_radius(sims, quantile=1.0))
    assert 0.2 == pytest.approx(theme_radius(sims, quantile=0.5))


def test_a_note_joins_the_nearest_theme_only_inside_its_radius():
    centroids = np.array([[1.0, 0.0], [0.0, 1.0]])
    radii = np.array([0.1, 0.5])
    notes = np.array([[0.99, 0.14], [0.8, 0.6], [0.1, 1.0]])

    themes, sims = assign_nearest(notes, centroids, radii)

    assert [0, UNASSIGNED, 1] == themes.tolist()
    assert sims[1] == pytest.approx(0.8)


def test_nothing_is_assigned_when_there_are_no_themes():
    themes, _ = assign_nearest(np.ones((2, 3)), np.zeros((0, 3)), np.zeros(0))

    assert [UNASSIGNED, UNASSIGNED] == themes.tolist()


def test_representatives_are_the_rows_nearest_the_centroid_nearest_first():
    rows = np.array([[0.0, 1.0], [1.0, 0.1], [1.0, 0.0], [1.0, 0.5]])

    assert [2, 1, 3] == representatives(rows, np.array([1.0, 0.0]), 3)


def test_new_themes_take_over_the_old_theme_they_overlap_most_one_to_one():
    old = [[0, 1, 2, 3], [4, 5, 6], [7, 8]]
    new = [[4, 5, 6, 9], [0, 1, 2], [3, 10, 11, 12, 13]]

    assert {0: 1, 1: 0} == match_themes(old, new)


def test_complete_link_groups_split_a_chain_so_every_two_members_are_linked():
    # 0~1, 1~2 and 2~3 are linked, 0 and 2 are not: the chain 0-1-2-3 must not stay one group.
    scores = np.array(
        [
            [2.0, 1.5, 0.2, 0.1],
            [1.5, 2.0, 1.1, 0.3],
            [0.2, 1.1, 2.0, 1.8],
            [0.1, 0.3, 1.8, 2.0],
        ]
    )

    assert [[0, 1], [2, 3]] == complete_link_groups(scores)


def test_complete_link_groups_keep_a_group_whose_members_are_all_linked():
    assert [[0, 1, 2]] == complete_link_groups(np.full((3, 3), 1.2))
