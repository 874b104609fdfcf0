"""The plan as the first user of swvportal.core.versioning: version numbers, copies of parts,
and the approval base's rule that each version has its own trail."""

from __future__ import annotations

import pytest
from django_scopes import scope

from plans import services
from plans.models import ApprovalStep, Chapter, Plan
from plans.tests.factories import add_approval, make_plan
from plans.workflow import PLAN_WORKFLOW
from swvportal.core.versioning import ApprovalStepBase, Versioned


@pytest.fixture
def adopted(world):
    return make_plan(world.tenant_a, status="vastgesteld")


@pytest.fixture
def scoped(world):
    with scope(tenant=world.tenant_a):
        yield


def _adopt(plan: Plan) -> Plan:
    add_approval(plan)
    return services.plan_set_status(plan=plan, status="vastgesteld")


def test_the_plan_and_its_trail_are_built_on_the_core_bases():
    assert issubclass(Plan, Versioned) and issubclass(ApprovalStep, ApprovalStepBase)
    assert ApprovalStep.version_link == "plan"


def test_version_numbers_follow_the_lineage(adopted, scoped):
    assert adopted.next_version_numbers(major=False) == (1, 1)
    assert adopted.next_version_numbers(major=True) == (2, 0)
    minor = services.plan_new_version(plan=adopted)
    # 1.1 exists: another minor version of 1.0 becomes 1.2; a major one follows the highest.
    assert adopted.next_version_numbers(major=False) == (1, 2)
    major = services.plan_new_version(plan=_adopt(minor), major=True)
    assert (minor.version, major.version) == ("1.1", "2.0")
    assert {p.version for p in adopted.versions()} == {"1.0", "1.1", "2.0"}
    assert (major.based_on_id, major.title, major.period_start) == (
        minor.pk,
        adopted.title,
        adopted.period_start,
    )


def test_a_step_of_an_earlier_version_never_counts_for_a_later_one(adopted, scoped):
    copy = services.plan_new_version(plan=adopted)
    consent = ApprovalStep.objects.get(plan=adopted)
    assert ApprovalStep.consent_for(adopted) == consent
    assert list(ApprovalStep.own_trail(copy)) == [] and ApprovalStep.consent_for(copy) is None
    # A step carried along (same uid) sits on the new version but is not its own.
    carried = ApprovalStep.objects.get(pk=consent.pk)
    carried.pk = None
    carried._state.adding = True
    carried.plan = copy
    carried.save()
    assert list(ApprovalStep.trail(copy)) == [carried]
    assert list(ApprovalStep.own_trail(copy)) == []
    assert PLAN_WORKFLOW.problems(copy, "vastgesteld")  # the page and the service agree
    own = add_approval(copy)
    assert ApprovalStep.consent_for(copy) == own
    assert PLAN_WORKFLOW.problems(copy, "vastgesteld") == []


def test_the_consent_an_adopted_version_rests_on_is_its_ground(adopted, scoped):
    consent = ApprovalStep.objects.get(plan=adopted)
    later = add_approval(adopted, body="alv", kind="goedkeuring")
    assert consent.is_ground_of(adopted) and not later.is_ground_of(adopted)
    copy = services.plan_new_version(plan=adopted)
    own = add_approval(copy)
    assert not own.is_ground_of(copy)  # a concept rests on nothing yet


def test_copied_parts_keep_their_uid_and_last_change(adopted, scoped):
    copy = services.plan_new_version(plan=adopted)
    before = list(Chapter.objects.filter(plan=adopted).values_list("uid", "updated_at"))
    after = list(Chapter.objects.filter(plan=copy).values_list("uid", "updated_at", "revision"))
    assert [(uid, at) for uid, at, _ in after] == before
    assert {revision for *_, revision in after} == {1}
