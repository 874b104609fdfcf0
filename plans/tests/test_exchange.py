"""The exchange format: round trip, Dutch errors with the path of each bad field, all or nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_scopes import scope
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plans.exchange import dumps, export_plan, import_plan, load, validate
from plans.models import Plan
from plans.tests.factories import make_plan, plan_document

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_osp_2026_2030.json"


def _paths(document) -> dict[str, str]:
    return {p.path: p.message for p in validate(document)}


def test_export_import_export_is_identical(world):
    plan = make_plan(world.tenant_a, status="vastgesteld")
    with scope(tenant=world.tenant_a):
        first = dumps(export_plan(plan))
    with scope(tenant=world.tenant_b):
        result = import_plan(tenant=world.tenant_b, document=json.loads(first), commit=True)
        second = dumps(export_plan(result.plan))
    assert first == second


def test_the_demo_fixture_round_trips_unchanged(world):
    raw = FIXTURE.read_text(encoding="utf-8")
    with scope(tenant=world.tenant_a):
        result = import_plan(tenant=world.tenant_a, document=json.loads(raw), commit=True)
        assert dumps(export_plan(result.plan)) == raw


def test_the_commands_round_trip(world, tmp_path):
    make_plan(world.tenant_a, status="vastgesteld")
    out = StringIO()
    call_command("export_plan", "--tenant", "VOA001", "--version", "1.0", stdout=out)
    path = tmp_path / "plan.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    dry = StringIO()
    call_command("import_plan", str(path), "--tenant", "VOB001", stdout=dry)
    assert "Proefrun zonder fouten" in dry.getvalue()
    with scope(tenant=world.tenant_b):
        assert not Plan.objects.exists()
    call_command("import_plan", str(path), "--tenant", "VOB001", "--commit", stdout=StringIO())
    again = StringIO()
    call_command("export_plan", "--tenant", "VOB001", stdout=again)
    assert again.getvalue() == out.getvalue()


def test_importing_an_existing_version_is_refused(world):
    make_plan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        result = import_plan(tenant=world.tenant_a, document=plan_document(), commit=True)
    assert [str(p) for p in result.problems] == [
        "versie: versie 1.0 van dit plan bestaat al in dit samenwerkingsverband"
    ]


def test_a_bad_step_year_names_its_path(world):
    document = plan_document()
    document["pijlers"][0]["doelen"][1]["stappen"][0] = {
        "wanneer": "schooljaar",
        "schooljaar": "2026/27",
        "tekst": "x",
    }
    path = "pijlers[0].doelen[1].stappen[0].schooljaar"
    assert _paths(document) == {path: "ongeldig schooljaar '2026/27': schrijf het als 2026-2027"}


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.pop("titel"), "titel", "dit veld ontbreekt"),
        (lambda d: d.update(versie="vier"), "versie", "ongeldige versie"),
        (lambda d: d.update(status="klaar"), "status", "onbekende waarde 'klaar'"),
        (lambda d: d.update(kleur="blauw"), "kleur", "onbekend veld"),
        (
            lambda d: d["hoofdstukken"][1].update(titel=""),
            "hoofdstukken[1].titel",
            "mag niet leeg zijn",
        ),
        (
            lambda d: d["pijlers"][0]["doelen"][0]["stappen"][1].update(wanneer="ooit"),
            "pijlers[0].doelen[0].stappen[1].wanneer",
            "onbekende waarde 'ooit'",
        ),
        (
            lambda d: d["pijlers"][0]["doelen"][0]["stappen"][1].update(schooljaar="2031-2032"),
            "pijlers[0].doelen[0].stappen[1].schooljaar",
            "buiten de planperiode",
        ),
        (
            lambda d: d["pijlers"][0]["doelen"][0]["stappen"][1].update(schooljaar="2027-2029"),
            "pijlers[0].doelen[0].stappen[1].schooljaar",
            "moeten op elkaar volgen",
        ),
        (
            lambda d: d["pijlers"][0]["doelen"][1]["stappen"][0].update(schooljaar="2027-2028"),
            "pijlers[0].doelen[1].stappen[0].schooljaar",
            "hoort leeg (null) te zijn",
        ),
        (
            lambda d: d["pijlers"][0]["doelen"][0]["stappen"][0].update(schooljaar=None),
            "pijlers[0].doelen[0].stappen[0].schooljaar",
            "ontbreekt",
        ),
        (
            lambda d: d["pijlers"][1].update(doelen="geen"),
            "pijlers[1].doelen",
            "moet een lijst zijn",
        ),
        (
            lambda d: d.update(
                afkortingen=[
                    {"afkorting": "X", "betekenis": "a"},
                    {"afkorting": "X", "betekenis": "b"},
                ]
            ),
            "afkortingen[1].afkorting",
            "staat dubbel",
        ),
        (
            lambda d: d.update(
                goedkeuringen=[
                    {
                        "orgaan": "opr",
                        "soort": "instemming",
                        "datum": "2026-02-30",
                        "uitkomst": "positief",
                    }
                ]
            ),
            "goedkeuringen[0].datum",
            "geen bestaande datum",
        ),
        (lambda d: d.update(status="vastgesteld"), "status", "instemming van de OPR"),
    ],
)
def test_malformed_documents_name_each_bad_field(world, mutate, path, message):
    document = plan_document()
    mutate(document)
    problems = _paths(document)
    assert path in problems, problems
    assert message in problems[path]
    with scope(tenant=world.tenant_a):
        result = import_plan(tenant=world.tenant_a, document=document, commit=True)
        assert not result.committed and not Plan.objects.exists()


def test_import_plan_command_lists_every_problem_and_saves_nothing(world, tmp_path):
    document = plan_document(status="onbekend")
    document["pijlers"][0]["doelen"][0]["stappen"][0]["schooljaar"] = "26-27"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen: 2 fout"):
        call_command(
            "import_plan",
            str(path),
            "--tenant",
            "VOA001",
            "--commit",
            stdout=StringIO(),
            stderr=err,
        )
    assert "pijlers[0].doelen[0].stappen[0].schooljaar" in err.getvalue()
    with scope(tenant=world.tenant_a):
        assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{niet json", "geen geldige JSON"),
        (b"\xff\xfe", "geen UTF-8"),
        (b"[]", "moet een object zijn"),
    ],
)
def test_unreadable_files(raw, message):
    _, problems = load(raw)
    assert message in " ".join(str(p) for p in problems)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "titel",
                    "pijlers",
                    "doelen",
                    "stappen",
                    "schooljaar",
                    "wanneer",
                    "tekst",
                    "versie",
                    "status",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    noise=JSON,
    key=st.sampled_from(
        [
            "pijlers",
            "hoofdstukken",
            "titel",
            "status",
            "eerste_schooljaar",
            "afkortingen",
            "goedkeuringen",
        ]
    ),
)
def test_fuzzed_documents_never_crash_and_never_half_import(world, noise, key):
    document = plan_document()
    document[key] = noise
    with scope(tenant=world.tenant_a):
        result = import_plan(tenant=world.tenant_a, document=document, commit=True)
        if result.problems:
            assert not Plan.objects.exists()
        else:
            Plan.objects.all().delete()
