from valueloop.adapters.catalogue import load_kvm_catalogue
from valueloop.domain.goals import KeyValueArea

# Every example measure DOMAIN.md §2 names, by area.
EXPECTED = {
    KeyValueArea.CURRENT_VALUE: {
        "nps",
        "csat",
        "enps",
        "revenue_per_employee",
        "product_cost_ratio",
        "customer_usage_index",
    },
    KeyValueArea.UNREALIZED_VALUE: {"market_share_gap", "satisfaction_gap", "unmet_demand"},
    KeyValueArea.ABILITY_TO_INNOVATE: {
        "innovation_rate",
        "defect_trend",
        "technical_debt",
        "production_incidents",
        "change_failure_rate",
        "on_product_index",
        "installed_version_index",
        "active_code_branches",
        "context_switching",
        "time_merging",
    },
    KeyValueArea.TIME_TO_MARKET: {
        "lead_time",
        "customer_cycle_time",
        "release_frequency",
        "deployment_frequency",
        "change_lead_time",
        "recovery_time",
        "release_stabilization",
        "time_to_learn",
        "time_to_remove_impediment",
        "time_to_pivot",
    },
}


def test_the_packaged_catalogue_holds_every_example_measure_of_the_four_areas():
    catalogue = load_kvm_catalogue()

    actual = {area: {m.key for m in catalogue.by_area(area)} for area in KeyValueArea}

    assert actual == EXPECTED
    assert catalogue.version
    assert all(m.definition and m.unit for m in catalogue.measures)
