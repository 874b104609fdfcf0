"""The documents platform with the two real types, the plan's (osp) and the dashboard's
(monitoring): cross-app tests, so they live here and not in ``swvportal/documents/tests``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_scopes import scope

from plans.models import Plan
from plans.services import plan_new_version
from plans.tests.factories import make_plan
from swvportal.documents.tests.stubs import use_stub_builders
from tests.conftest import eager_tasks  # noqa: F401  (fixture)


@pytest.fixture
def media(settings, tmp_path):
    """Files go to a temporary MEDIA_ROOT, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def stub(monkeypatch, media) -> list[str]:
    return use_stub_builders(monkeypatch)


@dataclass
class Plans:
    adopted: Plan
    concept: Plan


@pytest.fixture
def plans(world) -> Plans:
    """Tenant A's adopted version 1.0 and the concept 1.1 made from it."""
    adopted = make_plan(world.tenant_a, status="vastgesteld")
    with scope(tenant=world.tenant_a):
        concept = plan_new_version(plan=adopted)
    return Plans(adopted, concept)
