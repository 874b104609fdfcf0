"""The plan page offers only what works, keeps the keyboard's place after a swap, and names
things as users know them (issue #11, defects 3, 4, 6 and 10)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django_scopes import scope

from pillars.models import Goal, Step
from plans import services
from plans.models import ApprovalStep, Chapter
from plans.tests.factories import add_approval, make_plan

HX = {"HX-Request": "true"}


def _url(name, plan, **kwargs):
    return reverse(name, kwargs={"tenant_code": plan.tenant.code, "plan_id": plan.pk, **kwargs})


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _part(page: str, element_id: str) -> str:
    """The markup of the part with this id, up to the next part or the end of its section."""
    start = page.index(f'id="{element_id}"')
    ends = [page.find(marker, start) for marker in ('class="plan-item', "</section>")]
    return page[start : min(end for end in ends if end != -1)]


@pytest.fixture
def concept(world):
    return make_plan(world.tenant_a)


@pytest.fixture
def adopted(world):
    return make_plan(world.tenant_a, status="vastgesteld")


@pytest.fixture
def bestuurder(world, login):
    return login(world.user("bestuurder"))


def _add_step(plan, body="alv", kind="goedkeuring"):
    return add_approval(plan, body=body, kind=kind, date=datetime.date(2026, 4, 22))


# --- Defect 3: a new version, its own trail --------------------------------------------------


def test_a_new_version_shows_the_earlier_trail_as_history_of_that_version(adopted, bestuurder):
    with scope(tenant=adopted.tenant):
        copy = services.plan_new_version(plan=adopted)
    page = bestuurder.get(_url("plans:plan_detail", copy)).content.decode()
    trail = page.split('id="goedkeuringen"')[1]
    text = _text(trail)
    assert "Er staat nog niets in het goedkeuringstraject van deze versie" in text
    assert "Goedkeuringstraject van versie 1.0" in text and "Instemming" in text
    history = trail.split("Goedkeuringstraject van versie 1.0")[1]
    assert "Bewerken" not in history and "Verwijderen" not in history


def test_the_new_version_page_says_the_trail_starts_anew(adopted, bestuurder):
    text = _text(bestuurder.get(_url("plans:plan_new_version", adopted)).content.decode())
    assert "begint met een eigen goedkeuringstraject" in text
    assert "afkortingen en goedkeuringstraject" not in text


# --- Defect 4: only the actions that work -------------------------------------------------------


def test_it_offers_no_edit_or_delete_on_the_opr_consent_of_an_adopted_plan(adopted, bestuurder):
    later = _add_step(adopted)
    with scope(tenant=adopted.tenant):
        consent = ApprovalStep.objects.get(plan=adopted, body="opr")
    page = bestuurder.get(_url("plans:plan_detail", adopted)).content.decode()
    consent_row = _part(page, f"goedkeuring-{consent.pk}")
    assert "Bewerken" not in consent_row and "Verwijderen" not in consent_row
    assert "Ligt vast" in _text(consent_row)
    later_row = _part(page, f"goedkeuring-{later.pk}")
    assert "Bewerken" in later_row and "Verwijderen" in later_row


def test_after_a_refused_delete_it_offers_no_ja_verwijderen(adopted, bestuurder):
    with scope(tenant=adopted.tenant):
        consent = ApprovalStep.objects.get(plan=adopted)
    url = _url("plans:item_delete", adopted, kind="goedkeuring", item_id=consent.pk)
    response = bestuurder.post(url, headers=HX)
    body = response.content.decode()
    assert response.status_code == 422 and "grond voor de vaststelling" in body
    assert "Ja, verwijderen" not in body and "Terug" in body


def test_it_offers_no_omhoog_on_the_first_and_no_omlaag_on_the_last(concept, bestuurder):
    with scope(tenant=concept.tenant):
        first, last = Chapter.objects.filter(plan=concept).order_by("position")
        goal = Goal.objects.filter(plan=concept, title="Pedagogische visie").get()
        step_a, step_b = Step.objects.filter(goal=goal).order_by("position")
    page = bestuurder.get(_url("plans:plan_detail", concept)).content.decode()
    for top, bottom in [(f"hoofdstuk-{first.pk}", f"hoofdstuk-{last.pk}")]:
        assert "Omhoog" not in _part(page, top) and "Omlaag" in _part(page, top)
        assert "Omhoog" in _part(page, bottom) and "Omlaag" not in _part(page, bottom)
    top, bottom = _part(page, f"stap-{step_a.pk}"), _part(page, f"stap-{step_b.pk}")
    assert "Omhoog" not in top and "Omlaag" in top
    assert "Omhoog" in bottom and "Omlaag" not in bottom
    # A part swapped in alone (after Annuleren or Opslaan) knows its place too.
    shown = bestuurder.get(
        _url("plans:item_show", concept, kind="hoofdstuk", item_id=first.pk), headers=HX
    ).content.decode()
    assert "Omhoog" not in shown and "Omlaag" in shown


# --- Defect 6: focus and announcements after htmx swaps ------------------------------------------


def test_the_plan_page_has_a_status_region_and_loads_the_focus_script(concept, bestuurder):
    page = bestuurder.get(_url("plans:plan_detail", concept)).content.decode()
    assert re.search(r'<div id="live-status"[^>]*role="status"[^>]*aria-live="polite"', page)
    assert re.search(r'<script src="/static/js/portal\.js" defer></script>', page)


def test_bewerken_puts_the_focus_on_the_first_field(concept, bestuurder):
    with scope(tenant=concept.tenant):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    form = bestuurder.get(url, headers=HX).content.decode()
    assert re.search(r'<input type="text" name="title"[^>]*autofocus', form)


def test_a_failed_submit_puts_the_focus_on_the_error_summary(concept, bestuurder):
    with scope(tenant=concept.tenant):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    response = bestuurder.post(url, {"title": "", "revision": 1, "body": ""}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 422
    assert re.search(r'class="error-summary"[^>]*data-focus', body)
    assert "autofocus" not in body  # the summary, not the first field


def test_opslaan_shows_opgeslagen_with_the_saved_text_and_keeps_the_focus_there(
    concept, bestuurder
):
    with scope(tenant=concept.tenant):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    response = bestuurder.post(
        url, {"title": "Inleiding", "revision": 1, "body": "Nieuwe tekst."}, headers=HX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="hoofdstuk-{chapter.pk}"[^>]*data-focus', body)
    assert re.search(r'data-announce="Opgeslagen: hoofdstuk Inleiding"', body)
    assert "<details open>" in body and "Nieuwe tekst." in body
    assert re.search(r'<p class="saved-notice"[^>]*>Opgeslagen</p>', body)


def test_omhoog_and_omlaag_keep_the_focus_on_the_moved_part(concept, bestuurder):
    with scope(tenant=concept.tenant):
        last = Chapter.objects.filter(plan=concept).order_by("position").last()
    url = _url("plans:item_move", concept, kind="hoofdstuk", item_id=last.pk)
    body = bestuurder.post(url, {"richting": "omhoog"}, headers=HX).content.decode()
    assert re.search(rf'id="plan-tree"[^>]*data-focus="hoofdstuk-{last.pk}"', body)
    assert 'data-announce="Hoofdstuk Visie staat nu op plaats 1."' in body


def test_verwijderen_moves_the_focus_to_the_section_and_says_what_was_removed(concept, bestuurder):
    with scope(tenant=concept.tenant):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_delete", concept, kind="hoofdstuk", item_id=chapter.pk)
    confirm = bestuurder.get(url, headers=HX).content.decode()
    assert re.search(r'role="alertdialog"[^>]*data-focus', confirm)
    body = bestuurder.post(url, headers=HX).content.decode()
    assert re.search(r'id="plan-tree"[^>]*data-focus="hoofdstukken-title"', body)
    assert 'data-announce="Verwijderd: hoofdstuk Inleiding."' in body


# --- Defect 10: words ----------------------------------------------------------------------------


def test_the_step_form_names_the_doel_by_its_number(concept, bestuurder):
    with scope(tenant=concept.tenant):
        goal = Goal.objects.filter(plan=concept, title="Thuiszitten voorkomen").get()
    url = _url("plans:item_create", concept, kind="stap") + f"?in={goal.pk}"
    text = _text(bestuurder.get(url, headers=HX).content.decode())
    assert "bij doel 1.2 Thuiszitten voorkomen" in text


def test_a_new_version_names_the_version_it_is_based_on(adopted, bestuurder):
    with scope(tenant=adopted.tenant):
        copy = services.plan_new_version(plan=adopted)
    text = _text(bestuurder.get(_url("plans:plan_detail", copy)).content.decode())
    assert "gebaseerd op versie 1.0" in text and "een eerdere versie" not in text


def test_the_contents_number_chapters_only_as_hoofdstuk(concept, bestuurder):
    page = bestuurder.get(_url("plans:plan_detail", concept)).content.decode()
    toc = page.split('id="toc-title"')[1].split("</nav>")[0]
    chapters = toc.split('href="#hoofdstukken"')[1].split('href="#pijlers"')[0]
    assert "<ol" not in chapters  # the list's own 1, 2 would clash with "Hoofdstuk 1"
    assert "Hoofdstuk 1 Visie" in _text(chapters)


def test_the_chapter_title_field_is_wide_enough_for_its_text(concept, bestuurder):
    with scope(tenant=concept.tenant):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    form = bestuurder.get(url, headers=HX).content.decode()
    size = re.search(r'<input type="text" name="title"[^>]*size="(\d+)"', form)
    assert size and int(size.group(1)) >= 60


def test_a_copied_chapter_is_not_marked_as_changed_by_whoever_made_the_version(
    adopted, bestuurder, world
):
    with scope(tenant=adopted.tenant):
        copy = services.plan_new_version(plan=adopted, by=world.user("bestuurder"))
    page = _text(bestuurder.get(_url("plans:plan_detail", copy)).content.decode())
    assert "laatst gewijzigd door" not in page
    assert "overgenomen uit versie 1.0" in page
