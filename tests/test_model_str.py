"""Every model of our apps names itself in Dutch, so the logboek and the admin never show
Django's default "SwvEntry object (68)"."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

OUR_APPS = {
    "tenancy",
    "accounts",
    "audit",
    "jobs",
    "core",
    "documents",
    "plans",
    "pillars",
    "monitoring",
    "referrals",
    "finance",
}


def _our_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m._meta.abstract and not m._meta.proxy
    ]


def test_our_apps_have_models_to_check():
    assert len(_our_models()) > 10


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_every_model_defines_its_own_str(model):
    # Django's Model.__str__ gives "X object (n)" and a library's base class speaks English
    # ("Created …"): the __str__ must come from our own code.
    owner = next(k for k in model.__mro__ if "__str__" in vars(k))
    assert owner.__module__.split(".")[0] in {"swvportal", *OUR_APPS}, (
        f"{model._meta.label} takes its __str__ from {owner.__module__}.{owner.__qualname__}"
    )


def test_an_enrolment_codes_name_gives_its_expiry_in_local_time(world):
    import datetime

    from swvportal.accounts.models import EnrolmentCode

    expires = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Amsterdam
    code = EnrolmentCode(user=world.user("bestuurder"), code_hash="x", expires_at=expires)
    assert str(code).endswith("(geldig tot 01-07-2026 12:00)")
