"""Reading realisation in (issue #15, point 4): the dry run, row errors in Dutch naming the row,
atomic (one bad row saves nothing), re-importing replaces a period, the upload checked by
content, and the page's two steps (check, then "Inlezen")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from finance import reports, services
from finance.models import Period, Realisation

from .builders import a_begroting, line_titled
from .reports_files import dataset, upload, xlsx

GOOD = [
    ("Zware ondersteuning", 500_000),
    ("Overige baten", "100.000"),
    ("Afdracht ondersteuningsbekostiging vso (via DUO)", 150_000.0),
    ("Afdracht lwoo (via DUO)", 0),
    ("Programma 1 Zorgbudget vo", 340_000),
    ("Programma 3 Loket", 120_000),
]


@pytest.fixture
def adopted(world):
    return a_begroting(world.tenant_a, adopted=True)


def _import(begroting, rows, *, commit=True, period=Period.Q2, year=2026):
    with scope(tenant=begroting.tenant):
        return reports.realisation_import(
            begroting=begroting, year=year, period=period, dataset=dataset(rows), commit=commit
        )


def _saved(tenant) -> dict[str, int]:
    with scopes_disabled():
        return dict(Realisation.objects.filter(tenant=tenant).values_list("line__title", "amount"))


def test_a_good_file_saves_every_line_in_whole_euros(world, adopted):
    outcome = _import(adopted, GOOD)
    assert outcome.ok and outcome.committed
    assert _saved(world.tenant_a) == {
        "Zware ondersteuning": 500_000,
        "Overige baten": 100_000,
        "Afdracht ondersteuningsbekostiging vso (via DUO)": 150_000,
        "Afdracht lwoo (via DUO)": 0,
        "Programma 1 Zorgbudget vo": 340_000,
        "Programma 3 Loket": 120_000,
    }


def test_the_dry_run_saves_nothing_and_says_what_it_would(world, adopted):
    outcome = _import(adopted, GOOD, commit=False)
    assert outcome.ok and not outcome.committed
    assert [(r.row, r.amount) for r in outcome.rows][:2] == [(2, 500_000), (3, 100_000)]
    assert _saved(world.tenant_a) == {}


BAD_ROWS = [
    ("Onbekende regel", 10, "'Onbekende regel' is geen regel van versie 1.0"),
    ("Overige baten", "1.234,56", "Vul hele euro's in, zonder centen"),
    ("Overige baten", 12.5, "12.5 is geen heel bedrag"),
    ("Overige baten", None, "vul het gerealiseerde bedrag in"),
    ("Overige baten", "veel", "'veel' is geen bedrag"),
    ("", 100, "vul de omschrijving van de begrotingsregel in"),
]


@pytest.mark.parametrize(("title", "amount", "message"), BAD_ROWS)
def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row(
    world, adopted, title, amount, message
):
    rows = [GOOD[0], GOOD[1], (title, amount), *GOOD[2:]] if title != "Overige baten" else [
        GOOD[0], (title, amount), *GOOD[2:]
    ]  # fmt: skip
    _import(adopted, GOOD)  # the period's earlier figures stay when the new file is refused
    before = _saved(world.tenant_a)
    outcome = _import(adopted, rows)
    assert not outcome.ok and not outcome.committed
    (error,) = outcome.errors
    assert error.line == (4 if title != "Overige baten" else 3)
    assert any(message in m for m in error.messages), error.messages
    assert _saved(world.tenant_a) == before


def test_a_line_twice_and_a_line_with_sub_lines_are_refused(world, adopted):
    concept = a_begroting(world.tenant_a, lines=())
    with scopes_disabled():
        parent = services.line_create(
            begroting=concept, group="programmas", title="Programma 2 opdc"
        )
        services.line_create(begroting=concept, group="programmas", title="Huur", parent=parent)
        services.line_create(
            begroting=concept, group="programmas", title="Personeel", parent=parent
        )
        other = services.line_create(begroting=concept, group="programmas", title="Programma 9")
        services.line_create(begroting=concept, group="programmas", title="Personeel", parent=other)
        from .builders import record_required_steps

        record_required_steps(concept)
        concept = services.begroting_adopt(begroting=concept)
    outcome = _import(
        concept,
        [
            ("Huur", 1),
            ("huur ", 2),
            ("Programma 2 opdc", 3),
            ("Personeel", 4),
            ("Programma 2 opdc / Personeel", 5),
        ],
    )
    messages = {e.line: " ".join(e.messages) for e in outcome.errors}
    assert "'huur' staat al in rij 2" in messages[3]
    assert "'Programma 2 opdc' heeft subregels" in messages[4]
    assert "'Personeel' staat meer dan eens in de begroting" in messages[5]
    assert 6 not in messages  # "Hoofdregel / Subregel" names the sub-line
    assert _saved(world.tenant_a) == {}


def test_re_importing_a_period_replaces_its_figures_and_missing_lines_get_zero(world, adopted):
    _import(adopted, GOOD)
    outcome = _import(adopted, [("Zware ondersteuning", 510_000)])
    assert outcome.committed and outcome.replaced == len(GOOD)
    assert {r.name for r in outcome.missing} == {title for title, _ in GOOD[1:]}
    saved = _saved(world.tenant_a)
    assert saved["Zware ondersteuning"] == 510_000 and saved["Overige baten"] == 0
    _import(adopted, GOOD, period=Period.Q1)  # another period stays apart
    with scopes_disabled():
        assert Realisation.objects.filter(period=Period.Q2).count() == len(GOOD)
        assert Realisation.objects.filter(period=Period.Q1).count() == len(GOOD)


def test_a_concept_or_a_year_outside_the_version_takes_no_realisation(world, adopted):
    concept = a_begroting(world.tenant_a)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="nog een concept"):
        _import(concept, GOOD)
    with pytest.raises(ValidationError, match="2028 valt daarbuiten"):
        _import(adopted, GOOD, year=2028)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Regel;Gerealiseerd\nOverige baten;1\n", "geen Excel-werkmap"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "oude indeling (.xls)"),
        (b"", "leeg"),
        (xlsx([("Overige baten", 1)], header=("Omschrijving", "Bedrag")), "mist de kolom"),
    ],
)
def test_the_upload_is_checked_by_its_content(world, login, adopted, raw, message):
    client = login(world.user("bestuurder"))
    url = reverse("finance:realisation_import", kwargs={"tenant_code": "VOA001"})
    response = client.post(
        url,
        {"begroting": adopted.pk, "year": 2026, "period": "q1", "file": upload(raw, "x.xlsx")},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _saved(world.tenant_a) == {}


def test_a_file_too_large_is_refused_before_it_is_read(world, login, adopted, monkeypatch):
    import finance.forms_reports as forms_reports

    monkeypatch.setattr(forms_reports, "MAX_FILE_BYTES", 100)
    client = login(world.user("bestuurder"))
    url = reverse("finance:realisation_import", kwargs={"tenant_code": "VOA001"})
    response = client.post(
        url, {"begroting": adopted.pk, "year": 2026, "period": "q1", "file": upload(xlsx(GOOD))}
    )
    assert response.status_code == 422
    assert "Een realisatiebestand mag hoogstens" in response.content.decode()


def test_the_page_checks_first_then_reads_in_the_file_it_checked(world, login, adopted):
    client = login(world.user("bestuurder"))
    url = reverse("finance:realisation_import", kwargs={"tenant_code": "VOA001"})
    checked = client.post(
        url, {"begroting": adopted.pk, "year": 2026, "period": "q2", "file": upload(xlsx(GOOD))}
    )
    page = checked.content.decode()
    assert checked.status_code == 200 and "Controle klaar: geen fouten gevonden" in page
    assert _saved(world.tenant_a) == {}
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    done = client.post(url, {"payload": payload}, follow=True)
    assert done.redirect_chain[-1][0].endswith("/begroting/rapportage/2026/q2/")
    assert "Realisatie Q2 2026 ingelezen uit realisatie.xlsx: 6 regels." in done.content.decode()
    assert len(_saved(world.tenant_a)) == len(GOOD)


def test_a_bad_file_on_the_page_lists_its_rows_and_offers_no_reading_in(world, login, adopted):
    client = login(world.user("bestuurder"))
    url = reverse("finance:realisation_import", kwargs={"tenant_code": "VOA001"})
    rows = [*GOOD, ("Programma 7 Onbekend", 5)]
    response = client.post(
        url, {"begroting": adopted.pk, "year": 2026, "period": "q2", "file": upload(xlsx(rows))}
    )
    page = response.content.decode()
    assert "Controle klaar: er zijn fouten" in page and 'name="payload"' not in page
    assert "<td>8</td><td>Regel: &#x27;Programma 7 Onbekend&#x27; is geen regel" in page


def test_a_tampered_payload_reads_nothing_in(world, login, adopted):
    client = login(world.user("bestuurder"))
    url = reverse("finance:realisation_import", kwargs={"tenant_code": "VOA001"})
    response = client.post(url, {"payload": "x:y:z"})
    assert response.status_code == 400
    assert _saved(world.tenant_a) == {}


def test_the_template_holds_every_line_that_takes_a_figure(world, login, adopted):
    client = login(world.user("bestuurder"))
    url = reverse(
        "finance:realisation_template",
        kwargs={"tenant_code": "VOA001", "begroting_id": adopted.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    rows = reports.read_realisation_file(response.content)
    assert [row[0] for row in rows] == [title for title, _ in GOOD]
    with scopes_disabled():
        assert line_titled(adopted, "Overige baten").pk  # the template names the version's lines
