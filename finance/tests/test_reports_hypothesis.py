"""Whatever the cells of a realisation file hold, the import answers with row errors or saves
the file whole: never an unexpected error, and nothing saved when a row is bad."""

from __future__ import annotations

import pytest
import tablib
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finance import reports
from finance.models import Period, Realisation

from .builders import LINES, a_begroting

TITLES = [title for _group, title, _amounts in LINES]
cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["1.234", "1.234,00", "1.234,5", "€ 12", "-0", "—", "=1+1"]),
)
titles = st.one_of(st.sampled_from(TITLES), st.text(max_size=30), st.none())


@pytest.fixture
def adopted(world):
    return a_begroting(world.tenant_a, adopted=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(rows=[("Overige baten", float("inf"))])
@example(rows=[("Overige baten", float("nan")), ("Overige baten", 1.0)])
@example(rows=[("Overige baten", 10**13)])
@given(rows=st.lists(st.tuples(titles, cells), max_size=8))
def test_any_file_gives_row_errors_or_saves_whole(world, adopted, rows):
    data = tablib.Dataset(headers=["regel", "gerealiseerd"])
    for row in rows:
        data.append(list(row))
    with scope(tenant=world.tenant_a):
        outcome = reports.realisation_import(
            begroting=adopted, year=2026, period=Period.Q1, dataset=data, commit=True
        )
    with scopes_disabled():
        saved = Realisation.objects.filter(tenant=world.tenant_a).count()
        Realisation.objects.filter(tenant=world.tenant_a).delete()
    if outcome.errors:
        assert not outcome.committed and saved == 0
        assert all(e.line >= 2 and e.messages for e in outcome.errors)
    else:
        assert outcome.committed and saved == len(TITLES)
