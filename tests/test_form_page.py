"""The one frame of a form page (``components/form_page.html``): every page that extends it
has one h1, the form with its error summary above the fields, and its buttons together."""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django_scopes import scope

from plans.tests.factories import make_plan
from referrals.tests.factories import make_absence

FORM_PAGES = [
    "plans/plan_form.html",
    "plans/plan_new_version.html",
    "referrals/absence_form.html",
    "referrals/absence_close.html",
    "referrals/opp_form.html",
    "referrals/settings.html",
    "referrals/conversation_form.html",
    "monitoring/indicator_form.html",
    "monitoring/settings.html",
    "monitoring/school_report.html",
    "monitoring/swv_entries.html",
    # The begroting (issue 15)
    "finance/pages/begroting_form.html",
    "finance/pages/line_form.html",
    "finance/pages/amounts_form.html",
    "finance/pages/settings.html",
    "finance/status/approval_form.html",
    # The ouder- en jeugdsteunpunt (issue 16)
    "steunpunt/contacts/contact_form.html",
    "steunpunt/contacts/contact_close.html",
    "steunpunt/trends/trend_form.html",
    "steunpunt/feedback/edit.html",
    "steunpunt/settings/settings.html",
    "steunpunt/settings/theme_edit.html",
]


@pytest.mark.parametrize("name", FORM_PAGES)
def test_the_form_pages_extend_the_one_frame(name):
    assert get_template(name).template.nodelist[0].parent_name.var == "components/form_page.html"


@pytest.fixture
def pages(world):
    with scope(tenant=world.tenant_a):
        plan = make_plan(world.tenant_a)
        absence = make_absence(world.school_a1)
    code = {"tenant_code": world.tenant_a.code}
    return [
        ("bestuurder", reverse("plans:plan_edit", kwargs={**code, "plan_id": plan.pk}), "Opslaan"),
        (
            "zorgcoordinator",
            reverse("referrals:absence_close", kwargs={**code, "absence_id": absence.pk}),
            "Afsluiten",
        ),
        ("bestuurder", reverse("monitoring:indicator_create", kwargs=code), "Opslaan"),
    ]


def test_a_refused_form_shows_the_summary_above_the_fields_and_keeps_its_buttons(
    world, login, pages
):
    for persona, url, submit in pages:
        client = login(world.user(persona))
        page = client.post(url, {}).content.decode()
        assert page.count("<h1>") == 1, url
        form = page[page.index('<form method="post" novalidate') :]
        summary, first_field = form.find('class="error-summary"'), form.find('class="field')
        assert -1 < summary < first_field, url
        actions = re.search(r'<div class="form-actions">(.*?)</div>', form, re.S)
        assert actions, url
        assert f'<button type="submit">{submit}</button>' in actions[1]
        assert ">Annuleren</a>" in actions[1]
