"""Writes on the begroting: versions, lines, amounts, the approval trail and adoption. Every rule
of domain.md §9 about writing the budget lives here, in ``rules`` or in ``workflow``.

* Only a concept version changes: its lines (title, note, group, sub-lines, order) and amounts.
  A vastgesteld version is read-only; the next cycle starts from ``begroting_new_version``
  (lines and amounts copied with their ``uid``, so the two versions compare line by line).
* A line with sub-lines, and a line whose amounts come from the vangnet, take no typed amounts.
  Amounts are whole euros for the version's years only.
* The approval trail is recorded while the version is a concept, by the bestuurder or
  toezicht; the ALV's vaststelling (``begroting_adopt``) needs the tenant's required steps.
* Two people editing one line: the second save is refused (``EditConflict``).

Other apps change finance only here (the import contract).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from swvportal.core.versioning import (
    ApprovalBody,
    ApprovalKind,
    ApprovalOutcome,
    EditConflict,
    copy_parts,
)
from swvportal.tenancy.models import Tenant

from .models import (
    Begroting,
    BegrotingApproval,
    BegrotingStatus,
    BudgetAmount,
    BudgetLine,
    FinanceSettings,
    LineSource,
)
from .rules import MAX_EUROS
from .workflow import BEGROTING_WORKFLOW

LINE_FIELDS = ("title", "note", "forecast", "source")
MAX_YEARS = 10


def _ensure_editable(begroting: Begroting) -> None:
    if not begroting.is_editable:
        raise ValidationError(
            f"Versie {begroting.version} van de begroting is vastgesteld en verandert niet meer. "
            "Maak een nieuwe versie om de begroting te wijzigen."
        )


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def _locked_line(line: BudgetLine, revision: int | None) -> BudgetLine:
    current = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("updated_by", "begroting")
        .get(pk=line.pk)
    )
    if revision is not None and current.revision != revision:
        raise EditConflict(current)
    return current


# --- Settings --------------------------------------------------------------------------------


def settings_for(tenant: Tenant) -> FinanceSettings:
    """The tenant's settings (unsaved defaults when it has none yet)."""
    return FinanceSettings.objects.filter(tenant=tenant).first() or FinanceSettings(tenant=tenant)


@transaction.atomic
def settings_save(*, tenant: Tenant, data: Mapping[str, Any]) -> FinanceSettings:
    settings, _ = FinanceSettings.objects.get_or_create(tenant=tenant)
    for name, value in data.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


# --- Versions --------------------------------------------------------------------------------


def _check_years(first_year: int, last_year: int) -> None:
    if last_year < first_year:
        raise ValidationError("Het laatste jaar ligt voor het eerste jaar.")
    if last_year - first_year + 1 > MAX_YEARS:
        raise ValidationError(f"Een meerjarenbegroting beslaat ten hoogste {MAX_YEARS} jaar.")


@transaction.atomic
def begroting_create(
    *,
    tenant: Tenant,
    first_year: int,
    last_year: int,
    title: str = "Meerjarenbegroting",
    opening_reserve: int = 0,
    note: str = "",
    by=None,
) -> Begroting:
    _check_years(first_year, last_year)
    begroting = Begroting(
        tenant=tenant,
        title=title,
        first_year=first_year,
        last_year=last_year,
        opening_reserve=opening_reserve,
        note=note,
    )
    begroting.full_clean()
    begroting.save()
    return begroting


@transaction.atomic
def begroting_update(
    *, begroting: Begroting, data: Mapping[str, Any], revision: int | None = None, by=None
) -> Begroting:
    """Title, note, opening reserve and the years (amounts outside the new range go)."""
    current = Begroting.objects.select_for_update().get(pk=begroting.pk)
    _ensure_editable(current)
    if revision is not None and current.revision != revision:
        raise ValidationError(
            "De begroting is intussen gewijzigd door iemand anders. Laad de pagina opnieuw."
        )
    for name in ("title", "note", "opening_reserve", "first_year", "last_year"):
        if name in data:
            setattr(current, name, data[name])
    _check_years(current.first_year, current.last_year)
    current.full_clean()
    current.revision += 1
    current.save()
    BudgetAmount.objects.filter(line__begroting=current).exclude(
        year__range=(current.first_year, current.last_year)
    ).delete()
    return current


@transaction.atomic
def begroting_new_version(
    *,
    begroting: Begroting,
    by=None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Begroting:
    """A concept copy of a vastgestelde version for the next cycle: its lines (same ``uid``s)
    and amounts, for the same years or a new range (amounts of years outside it are left
    behind; new years start at 0). No approval trail."""
    if not begroting.is_adopted:
        raise ValidationError("Deze versie is nog een concept: u kunt haar gewoon bewerken.")
    if begroting.versions().filter(status=BegrotingStatus.CONCEPT).exists():
        raise ValidationError("Er is al een conceptversie van deze begroting.")
    first = first_year or begroting.first_year
    last = last_year or begroting.last_year
    _check_years(first, last)
    copy = begroting.next_version(
        major=first != begroting.first_year, status=BegrotingStatus.CONCEPT
    )
    copy.first_year, copy.last_year = first, last
    copy.save()
    originals = list(BudgetLine.objects.filter(begroting=begroting).order_by("parent_id", "pk"))
    tops = [line for line in originals if line.parent_id is None]
    subs = [line for line in originals if line.parent_id is not None]
    uid_of = {line.pk: line.uid for line in originals}
    old_pk = {line.uid: line.pk for line in originals}
    copied = copy_parts(tops, to=copy, link="begroting")
    copied |= copy_parts(
        subs, to=copy, link="begroting", parent=lambda s: {"parent": copied[uid_of[s.parent_id]]}
    )
    new_pk = {old_pk[uid]: line.pk for uid, line in copied.items()}
    BudgetAmount.objects.bulk_create(
        BudgetAmount(tenant=copy.tenant, line_id=new_pk[a.line_id], year=a.year, amount=a.amount)
        for a in BudgetAmount.objects.filter(line__begroting=begroting, year__range=(first, last))
    )
    return copy


# --- Lines -----------------------------------------------------------------------------------


def _check_parent(begroting: Begroting, group: str, parent: BudgetLine | None) -> None:
    if parent is None:
        return
    if parent.begroting_id != begroting.pk:
        raise ValidationError("Deze hoofdregel hoort niet bij deze begroting.")
    if parent.parent_id is not None:
        raise ValidationError("Een subregel kan zelf geen subregels hebben.")
    if parent.group != group:
        raise ValidationError("Een subregel hoort in dezelfde groep als zijn hoofdregel.")
    if parent.source:
        raise ValidationError("Een regel met bedragen uit het vangnet heeft geen subregels.")


@transaction.atomic
def line_create(
    *,
    begroting: Begroting,
    group: str,
    title: str,
    parent: BudgetLine | None = None,
    note: str = "",
    forecast: str = "",
    source: str = "",
    amounts: Mapping[int, int] | None = None,
    by=None,
) -> BudgetLine:
    """A new line at the end of its group (or of its parent's sub-lines). The first sub-line of
    a line takes over that line's amounts, so the totals do not jump."""
    _ensure_editable(begroting)
    _check_parent(begroting, group, parent)
    siblings = BudgetLine.objects.filter(begroting=begroting, group=group, parent=parent)
    line = BudgetLine(
        tenant=begroting.tenant,
        begroting=begroting,
        group=group,
        parent=parent,
        title=title.strip(),
        note=note,
        forecast=forecast,
        source=source,
        position=_next_position(siblings),
        updated_by=by,
    )
    line.full_clean()
    line.save()
    if parent is not None and not parent.children.exclude(pk=line.pk).exists():
        BudgetAmount.objects.filter(line=parent).update(line=line)
    if amounts:
        _save_amounts(line, amounts)
    return line


@transaction.atomic
def line_update(
    *, line: BudgetLine, data: Mapping[str, Any], revision: int | None = None, by=None
) -> BudgetLine:
    current = _locked_line(line, revision)
    _ensure_editable(current.begroting)
    for name in LINE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if current.source and current.children.exists():
        raise ValidationError(
            "Een regel met subregels kan zijn bedragen niet uit het vangnet halen."
        )
    current.title = current.title.strip()
    current.full_clean()
    current.revision += 1
    current.updated_by = by
    current.save()
    if current.source:
        BudgetAmount.objects.filter(line=current).delete()
    return current


def _save_amounts(line: BudgetLine, amounts: Mapping[int, int]) -> None:
    begroting = line.begroting
    outside = sorted(y for y in amounts if not begroting.first_year <= y <= begroting.last_year)
    if outside:
        raise ValidationError(
            f"De begroting loopt van {begroting.first_year} tot en met {begroting.last_year}; "
            f"{', '.join(map(str, outside))} valt daarbuiten."
        )
    for amount in amounts.values():
        if abs(int(amount)) >= MAX_EUROS:
            raise ValidationError("Dit bedrag is te groot voor een begrotingsregel.")
    existing = {a.year: a for a in BudgetAmount.objects.filter(line=line)}
    for year, amount in sorted(amounts.items()):
        row = existing.get(year)
        if row is None:
            BudgetAmount.objects.create(tenant=line.tenant, line=line, year=year, amount=amount)
        elif row.amount != amount:
            row.amount = amount
            row.save(update_fields=["amount"])  # one by one: the change log records each


@transaction.atomic
def amounts_set(
    *,
    line: BudgetLine,
    amounts: Mapping[int, int],
    revision: int | None = None,
    by=None,
) -> BudgetLine:
    """Set the whole euros of ``line`` per year (the years given; others stay)."""
    current = _locked_line(line, revision)
    _ensure_editable(current.begroting)
    if current.children.exists():
        raise ValidationError(
            "Deze regel heeft subregels: zijn bedrag is hun som. Wijzig de subregels."
        )
    if current.source == LineSource.VANGNET:
        raise ValidationError(
            "De bedragen van deze regel komen uit de goedgekeurde vangnetdeclaraties."
        )
    _save_amounts(current, amounts)
    current.revision += 1
    current.updated_by = by
    current.save(update_fields=["revision", "updated_by", "updated_at"])
    return current


@transaction.atomic
def line_delete(*, line: BudgetLine, by=None) -> None:
    """Delete a line with its sub-lines and amounts."""
    _ensure_editable(line.begroting)
    line.delete()


@transaction.atomic
def line_move(*, line: BudgetLine, direction: str, by=None) -> None:
    """One place up or down among the lines of its group (or its parent's sub-lines)."""
    _ensure_editable(line.begroting)
    siblings = list(
        BudgetLine.objects.select_for_update()
        .filter(begroting_id=line.begroting_id, group=line.group, parent_id=line.parent_id)
        .order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == line.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])


# --- Approval trail and adoption ---------------------------------------------------------------

FUTURE = "Deze datum ligt in de toekomst. Leg een besluit vast nadat het is genomen."
ALV_BY_ADOPTION = (
    "Een positief besluit van de ALV legt u vast met 'Vaststellen': dan wordt de versie ook "
    "vastgesteld."
)


def not_in_the_future(value: datetime.date | None) -> None:
    """A decision is recorded after it was taken (the trail's and the ALV's date)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(FUTURE, code="future")


def approval_problems(data: Mapping[str, Any]) -> dict[str, str]:
    """Why a step cannot go in the trail, per field (empty: it can). The ALV's positive step
    is the vaststelling itself: only ``begroting_adopt`` records it."""
    problems = {}
    date = data.get("date")
    if isinstance(date, datetime.date) and date > timezone.localdate():
        problems["date"] = FUTURE
    if data.get("body") == ApprovalBody.ALV and data.get("outcome") == ApprovalOutcome.POSITIVE:
        problems["outcome"] = ALV_BY_ADOPTION
    return problems


@transaction.atomic
def approval_add(*, begroting: Begroting, data: Mapping[str, Any], by=None) -> BegrotingApproval:
    _ensure_editable(begroting)
    problems = approval_problems(data)
    if problems:
        raise ValidationError(problems)
    step = BegrotingApproval(
        tenant=begroting.tenant, begroting=begroting, updated_by=by, recorded_by=by, **data
    )
    step.full_clean()
    step.position = _next_position(BegrotingApproval.objects.filter(begroting=begroting))
    step.save()
    return step


@transaction.atomic
def approval_delete(*, step: BegrotingApproval, by=None) -> None:
    _ensure_editable(Begroting.objects.get(pk=step.begroting_id))
    step.delete()


def adopt_problems(begroting: Begroting) -> list[str]:
    return BEGROTING_WORKFLOW.problems(begroting, BegrotingStatus.ADOPTED)


@transaction.atomic
def begroting_adopt(
    *, begroting: Begroting, on: datetime.date | None = None, note: str = "", by=None
) -> Begroting:
    """The ALV's vaststelling on ``on``: recorded as the ALV's step of the trail; the version is
    read-only from now on. Amounts derived from the vangnet are written down as they are today,
    so the vastgestelde version never changes afterwards."""
    on = on or timezone.localdate()
    not_in_the_future(on)
    current = Begroting.objects.select_for_update().get(pk=begroting.pk)
    BEGROTING_WORKFLOW.apply(current, BegrotingStatus.ADOPTED, on=on)
    _freeze_derived_amounts(current)
    BegrotingApproval.objects.create(
        tenant=current.tenant,
        begroting=current,
        body=ApprovalBody.ALV,
        kind=ApprovalKind.APPROVAL,
        date=on,
        outcome=ApprovalOutcome.POSITIVE,
        note=note or "Vastgesteld door de algemene ledenvergadering.",
        position=_next_position(BegrotingApproval.objects.filter(begroting=current)),
        updated_by=by,
        recorded_by=by,
    )
    current.revision += 1
    current.save()
    for hook in ADOPTED_HOOKS:
        hook(current, by)
    return current


# Called after a version is adopted, in the same transaction: the PDF part archives the
# begroting's PDF here (``finance.pdf``).
ADOPTED_HOOKS: list = []


def _freeze_derived_amounts(begroting: Begroting) -> None:
    from .selectors import vangnet_line_amounts  # selectors import services' neighbours

    lines = list(BudgetLine.objects.filter(begroting=begroting, source=LineSource.VANGNET))
    if not lines:
        return
    per_year = vangnet_line_amounts(tenant=begroting.tenant, years=begroting.years)
    for line in lines:
        BudgetAmount.objects.filter(line=line).delete()
        BudgetAmount.objects.bulk_create(
            BudgetAmount(tenant=begroting.tenant, line=line, year=year, amount=amount)
            for year, amount in per_year.items()
            if amount
        )
