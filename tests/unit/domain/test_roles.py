"""Roles as decision rights: who may do what on a product (DOMAIN.md §1)."""

from __future__ import annotations

import pytest

from valueloop.domain.errors import PermissionDenied
from valueloop.domain.roles import RIGHTS, Action, Principal, Role

# The decision rights, written out by hand from DOMAIN.md so that a change to RIGHTS has to be
# a deliberate change here too. Columns: leader, manager, owner, contributor, stakeholder.
TABLE = """
view               L M O C S
comment            L M O C S
create_product     L . . . .
edit_product       L M . . .
manage_members     L . . . .
manage_goals       L M . . .
record_observation L M O . .
edit_item          L M O C .
estimate           . . . C .
rank_backlog       . M O . .
manage_customers   L M O . .
record_feedback    L M O C .
link_evidence      L M O . .
record_decision    L M O . .
"""
COLUMNS = [
    Role.PRODUCT_LEADER,
    Role.PRODUCT_MANAGER,
    Role.PRODUCT_OWNER,
    Role.CONTRIBUTOR,
    Role.STAKEHOLDER,
]


def expected_rights() -> dict[Action, set[Role]]:
    rights = {}
    for line in TABLE.strip().splitlines():
        name, *marks = line.split()
        rights[Action(name)] = {
            role for role, mark in zip(COLUMNS, marks, strict=True) if mark != "."
        }
    return rights


EXPECTED = expected_rights()


def test_the_table_names_every_action():
    assert set(Action) == set(EXPECTED)


def test_rights_match_the_decision_rights_of_the_domain():
    assert EXPECTED == {action: set(roles) for action, roles in RIGHTS.items()}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_a_role_may_act_on_its_product_exactly_when_it_holds_the_right(role, action):
    who = Principal(user_id=1, username="u", roles={10: role})

    assert (role in EXPECTED[action]) == who.can(action, 10)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_a_role_on_one_product_gives_no_right_on_another(role, action):
    who = Principal(user_id=1, username="u", roles={10: role})

    assert not who.can(action, 11)


@pytest.mark.parametrize("action", list(Action))
def test_an_admin_may_do_everything_everywhere(action):
    admin = Principal(user_id=1, username="root", is_admin=True)

    assert admin.can(action, 42)
    assert admin.can(action)


def test_without_a_product_a_right_on_any_product_counts():
    who = Principal(user_id=1, username="u", roles={1: Role.STAKEHOLDER, 2: Role.PRODUCT_OWNER})

    assert who.can(Action.MANAGE_CUSTOMERS)
    assert not who.can(Action.CREATE_PRODUCT)


def test_a_user_without_roles_may_do_nothing():
    nobody = Principal(user_id=1, username="u")

    assert not any(nobody.can(action) for action in Action)


def test_the_product_owner_ranks_but_does_not_estimate():
    owner = Principal(user_id=1, username="po", roles={1: Role.PRODUCT_OWNER})

    assert owner.can(Action.RANK_BACKLOG, 1)
    assert not owner.can(Action.ESTIMATE, 1)


def test_a_contributor_estimates_but_does_not_rank():
    dev = Principal(user_id=1, username="dev", roles={1: Role.CONTRIBUTOR})

    assert dev.can(Action.ESTIMATE, 1)
    assert not dev.can(Action.RANK_BACKLOG, 1)


def test_require_names_the_user_the_action_and_the_product():
    who = Principal(user_id=1, username="sam", roles={3: Role.STAKEHOLDER})

    with pytest.raises(PermissionDenied) as error:
        who.require(Action.EDIT_ITEM, 3)

    assert "sam may not edit item on product 3" == error.value.message


def test_require_passes_silently_when_allowed():
    who = Principal(user_id=1, username="sam", roles={3: Role.STAKEHOLDER})

    who.require(Action.COMMENT, 3)


def test_an_admin_sees_every_product():
    assert Principal(user_id=1, username="root", is_admin=True).visible_product_ids() is None


def test_a_member_sees_the_products_they_have_a_role_on():
    who = Principal(user_id=1, username="u", roles={4: Role.STAKEHOLDER, 9: Role.CONTRIBUTOR})

    assert {4, 9} == who.visible_product_ids()
    assert set() == Principal(user_id=2, username="v").visible_product_ids()
