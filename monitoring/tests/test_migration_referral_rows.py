"""The data migration that turns the two referral rows of Bijlage 4 into computed indicators,
for tenants seeded before the Loket came: an SWV-entered row changes, any other row not."""

from __future__ import annotations

import importlib

from django.apps import apps
from django_scopes import scopes_disabled

from monitoring.models import Indicator

migration = importlib.import_module("monitoring.migrations.0002_loket_referral_rows_computed")
CLUSTER_4 = "Aantal verwijzingen cluster 4 laten een dalende trend zien"


def _indicator(world, tenant, text: str, **fields) -> Indicator:
    values = {
        "pillar_number": 1,
        "norm_text": "Dalende trend",
        "norm_kind": "trend",
        "norm_direction": "dalend",
        "frequency": "jaarlijks",
        "source": "swv",
        "unit": "aantal",
        **fields,
    }
    with scopes_disabled():
        return Indicator.objects.create(tenant=tenant, text=text, **values)


def test_an_entered_referral_row_becomes_computed_and_back(world):
    old = _indicator(world, world.tenant_a, CLUSTER_4)
    other = _indicator(world, world.tenant_a, "Aantal actieve netwerkgroepen")
    with scopes_disabled():  # the live models are scoped; a migration's historical ones are not
        migration.computed(apps, None)
        old.refresh_from_db()
        other.refresh_from_db()
    assert (old.source, old.calculation) == ("berekend", "verwijzingen_cluster_4")
    assert (other.source, other.calculation) == ("swv", "")
    with scopes_disabled():
        migration.entered(apps, None)
        old.refresh_from_db()
    assert (old.source, old.calculation) == ("swv", "")


def test_a_row_the_swv_already_made_computed_otherwise_is_left_alone(world):
    own = _indicator(
        world, world.tenant_b, CLUSTER_4, source="berekend", calculation="thuiszitters"
    )
    with scopes_disabled():
        migration.computed(apps, None)
        own.refresh_from_db()
    assert own.calculation == "thuiszitters"
