"""Writes on a jaarplan: its status and versions, its approval trail, verbeterpunten and
activities. Every rule of domain.md §4 about writing lives here or in ``jaarplan_rules``.

* Content (verbeterpunten; an activity's result, wat, wie, date, order) changes only while the
  jaarplan is a concept. A vastgesteld jaarplan takes status and progress only
  (``activity_progress``) until it is geëvalueerd; a new version (``jaarplan_new_version``)
  changes its content, as with the OSP.
* *vertraagd* and *vervallen* need a toelichting; every change of status or progress adds a
  line to the activity's history (who, when, what changed, the note).
* Two people editing one activity: the second save is refused (``plans.services.EditConflict``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from swvportal.core.versioning import copy_parts

from ..jaarplan_rules import evaluation_problems, status_problems
from ..models import (
    Activity,
    ActivityNote,
    DigestPreference,
    Improvement,
    Jaarplan,
    JaarplanApproval,
    JaarplanSettings,
    JaarplanStatus,
)
from ..services import EditConflict
from .workflow import JAARPLAN_WORKFLOW

CONTENT_FIELDS = ("result", "what", "who", "responsible", "due_date", "due_is_month")
PROGRESS_FIELDS = ("status", "explanation")
EVALUATION_FIELDS = ("evaluation", "evaluation_text")


def _ensure_editable(jaarplan: Jaarplan) -> None:
    if not jaarplan.is_editable:
        raise ValidationError(
            f"Versie {jaarplan.version} van het jaarplan is "
            f"{jaarplan.get_status_display().lower()}: alleen de status en de voortgang van "
            "activiteiten kunnen nog veranderen. Maak een nieuwe versie om de inhoud te wijzigen."
        )


def _ensure_progress(jaarplan: Jaarplan) -> None:
    if not jaarplan.accepts_progress:
        raise ValidationError("Het jaarplan is geëvalueerd: de status en de voortgang liggen vast.")


def _check_revision(model, pk: int, revision: int | None):
    current = model.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=pk)
    if revision is not None and current.revision != revision:
        raise EditConflict(current)
    return current


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


# --- The jaarplan ---------------------------------------------------------------------------


def jaarplan_status_problems(jaarplan: Jaarplan, status: str) -> list[str]:
    return JAARPLAN_WORKFLOW.problems(jaarplan, status)


@transaction.atomic
def jaarplan_set_status(
    *, jaarplan: Jaarplan, status: str, by=None, on: datetime.date | None = None
) -> Jaarplan:
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    JAARPLAN_WORKFLOW.apply(jaarplan, status, on=on or timezone.localdate())
    jaarplan.revision += 1
    jaarplan.save()
    return jaarplan


@transaction.atomic
def jaarplan_new_version(*, jaarplan: Jaarplan, by=None) -> Jaarplan:
    """A concept copy (1.0 → 1.1) of an adopted jaarplan with its verbeterpunten and
    activities (same ``uid``s) and the activities' progress history; no approval trail."""
    if not jaarplan.is_adopted:
        raise ValidationError("Deze versie is nog een concept: u kunt haar gewoon bewerken.")
    newer = jaarplan.versions().filter(
        version_major__gte=jaarplan.version_major, pk__gt=jaarplan.pk
    )
    if newer.filter(status=JaarplanStatus.CONCEPT).exists():
        raise ValidationError("Er is al een nieuwere conceptversie van dit jaarplan.")
    copy = jaarplan.next_version(status=JaarplanStatus.CONCEPT)
    improvements = copy_parts(
        Improvement.objects.filter(jaarplan=jaarplan), to=copy, link="jaarplan"
    )
    originals = list(Activity.objects.filter(jaarplan=jaarplan).select_related("improvement"))
    notes_of = {}
    for note in ActivityNote.objects.filter(activity__jaarplan=jaarplan):
        notes_of.setdefault(note.activity_id, []).append(note)
    old_ids = {a.uid: a.pk for a in originals}
    activities = copy_parts(
        originals,
        to=copy,
        link="jaarplan",
        parent=lambda a: {"improvement": improvements[a.improvement.uid]},
    )
    copies, moments = [], []
    for uid, activity in activities.items():
        for note in notes_of.get(old_ids[uid], []):
            moments.append(note.written_at)
            note.pk = note.id = None
            note.activity = activity
            copies.append(note)
    ActivityNote.objects.bulk_create(copies)
    for note, moment in zip(copies, moments, strict=True):  # auto_now_add set "now" on create
        note.written_at = moment
    ActivityNote.objects.bulk_update(copies, ["written_at"], batch_size=500)
    return copy


# --- Approval trail ---------------------------------------------------------------------------


@transaction.atomic
def approval_add(*, jaarplan: Jaarplan, data: dict[str, Any], by=None) -> JaarplanApproval:
    _ensure_editable(jaarplan)
    step = JaarplanApproval(tenant=jaarplan.tenant, jaarplan=jaarplan, updated_by=by, **data)
    step.full_clean()
    step.position = _next_position(JaarplanApproval.objects.filter(jaarplan=jaarplan))
    step.save()
    return step


@transaction.atomic
def approval_delete(*, step: JaarplanApproval, by=None) -> None:
    _ensure_editable(Jaarplan.objects.get(pk=step.jaarplan_id))
    step.delete()


@transaction.atomic
def settings_save(*, tenant, required_bodies: list[str], weekly_digest: bool) -> JaarplanSettings:
    settings, _ = JaarplanSettings.objects.get_or_create(tenant=tenant)
    settings.required_bodies = list(required_bodies)
    settings.weekly_digest = weekly_digest
    settings.full_clean()
    settings.save()
    return settings


def settings_for(tenant) -> JaarplanSettings:
    return JaarplanSettings.objects.filter(tenant=tenant).first() or JaarplanSettings(
        tenant=tenant, required_bodies=[], weekly_digest=True
    )


# --- Verbeterpunten ---------------------------------------------------------------------------


@transaction.atomic
def improvement_create(*, jaarplan: Jaarplan, title: str, by=None, **goal: Any) -> Improvement:
    """An item of its own: 'Aanvullend (beleidsmatig)' (no doel), or under a doel by its
    ``goal_uid``, ``goal_number``, ``goal_title``, ``pillar_number`` and ``pillar_title``."""
    _ensure_editable(jaarplan)
    if not (title or "").strip():
        raise ValidationError({"title": "Beschrijf het verbeterpunt."})
    improvement = Improvement(
        tenant=jaarplan.tenant, jaarplan=jaarplan, title=title.strip(), updated_by=by, **goal
    )
    improvement.position = _next_position(Improvement.objects.filter(jaarplan=jaarplan))
    improvement.full_clean()
    improvement.save()
    return improvement


@transaction.atomic
def improvement_update(
    *, improvement: Improvement, title: str, revision: int | None, by=None
) -> Improvement:
    _ensure_editable(improvement.jaarplan)
    current = _check_revision(Improvement, improvement.pk, revision)
    if not (title or "").strip():
        raise ValidationError({"title": "Beschrijf het verbeterpunt."})
    current.title = title.strip()
    current.revision += 1
    current.updated_by = by
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def improvement_delete(*, improvement: Improvement, by=None) -> None:
    _ensure_editable(improvement.jaarplan)
    improvement.delete()


# --- Activities -------------------------------------------------------------------------------


def _validate_activity(activity: Activity) -> None:
    problems = status_problems(activity.status, activity.explanation)
    if activity.responsible_id is not None:
        from swvportal.accounts.models import Membership

        member = Membership.objects.filter(
            tenant_id=activity.tenant_id, user_id=activity.responsible_id
        ).exists()
        if not member:
            problems["responsible"] = (
                "Kies als verantwoordelijke een lid van uw samenwerkingsverband."
            )
    if problems:
        raise ValidationError(problems)
    activity.full_clean()


@transaction.atomic
def activity_create(*, improvement: Improvement, data: dict[str, Any], by=None) -> Activity:
    jaarplan = improvement.jaarplan
    _ensure_editable(jaarplan)
    activity = Activity(
        tenant=jaarplan.tenant, jaarplan=jaarplan, improvement=improvement, updated_by=by, **data
    )
    _validate_activity(activity)
    activity.position = _next_position(Activity.objects.filter(improvement=improvement))
    activity.save()
    if activity.status != "niet_gestart" or activity.explanation:
        _note(activity, by=by, status_from="", text="", changes={})
    return activity


def _note(activity: Activity, *, by, status_from: str, text: str, changes: dict) -> ActivityNote:
    return ActivityNote.objects.create(
        tenant=activity.tenant,
        activity=activity,
        written_by=by,
        status_from=status_from,
        status_to=activity.status if status_from != activity.status else "",
        changes=changes,
        text=text,
    )


def _changes(current: Activity, data: dict[str, Any]) -> dict[str, list]:
    changed = {}
    for name, value in data.items():
        before = getattr(current, name if name != "responsible" else "responsible_id")
        after = value.pk if name == "responsible" and value is not None else value
        if before != after:
            changed[name] = [_plain(before), _plain(after)]
    return changed


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def activity_update(
    *, activity: Activity, data: dict[str, Any], revision: int | None, by=None
) -> Activity:
    """Content and (while concept) status together: the bestuurder's inline edit."""
    jaarplan = Jaarplan.objects.get(pk=activity.jaarplan_id)
    content = {k: v for k, v in data.items() if k not in PROGRESS_FIELDS}
    if content:
        _ensure_editable(jaarplan)
    else:
        _ensure_progress(jaarplan)
    unknown = set(data) - set(CONTENT_FIELDS) - set(PROGRESS_FIELDS) - {"improvement"}
    if unknown:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    current = _check_revision(Activity, activity.pk, revision)
    changes = _changes(current, data)
    status_from = current.status
    for name, value in data.items():
        setattr(current, name, value)
    _validate_activity(current)
    current.revision += 1
    current.updated_by = by
    current.save()
    if changes:
        _note(current, by=by, status_from=status_from, text="", changes=changes)
    return current


@transaction.atomic
def activity_progress(
    *,
    activity: Activity,
    status: str,
    explanation: str = "",
    note: str = "",
    revision: int | None = None,
    by=None,
) -> Activity:
    """Status, toelichting and a progress note: what a responsible member may change, also in a
    vastgesteld jaarplan. Adds a line to the history even when only the note is new."""
    _ensure_progress(Jaarplan.objects.get(pk=activity.jaarplan_id))
    current = _check_revision(Activity, activity.pk, revision)
    data = {"status": status, "explanation": (explanation or "").strip()}
    problems = status_problems(data["status"], data["explanation"])
    if problems:
        raise ValidationError(problems)
    changes = _changes(current, data)
    if not changes and not (note or "").strip():
        raise ValidationError(
            {"note": "Er is niets veranderd. Kies een andere status of schrijf wat er gebeurd is."}
        )
    status_from = current.status
    current.status, current.explanation = data["status"], data["explanation"]
    current.revision += 1
    current.updated_by = by
    current.save()
    _note(current, by=by, status_from=status_from, text=(note or "").strip(), changes=changes)
    return current


@transaction.atomic
def activity_evaluate(
    *, activity: Activity, evaluation: str, text: str, revision: int | None = None, by=None
) -> Activity:
    """Year end: behaald / deels / niet and a sentence (a vastgesteld jaarplan only)."""
    jaarplan = Jaarplan.objects.get(pk=activity.jaarplan_id)
    if jaarplan.status != JaarplanStatus.ADOPTED:
        raise ValidationError(
            "Activiteiten evalueert u in een vastgesteld jaarplan, voordat het geëvalueerd is."
        )
    problems = evaluation_problems(evaluation, text)
    if problems:
        raise ValidationError(problems)
    current = _check_revision(Activity, activity.pk, revision)
    current.evaluation, current.evaluation_text = evaluation, text.strip()
    current.revision += 1
    current.updated_by = by
    current.save()
    return current


@transaction.atomic
def activity_delete(*, activity: Activity, by=None) -> None:
    _ensure_editable(Jaarplan.objects.get(pk=activity.jaarplan_id))
    activity.delete()


@transaction.atomic
def activity_move(*, activity: Activity, direction: str, by=None) -> None:
    """Swap with the previous ('omhoog') or next ('omlaag') activity of its verbeterpunt."""
    _ensure_editable(Jaarplan.objects.get(pk=activity.jaarplan_id))
    ordered = list(
        Activity.objects.filter(improvement_id=activity.improvement_id)
        .select_for_update()
        .order_by("position", "pk")
    )
    index = next(i for i, a in enumerate(ordered) if a.pk == activity.pk)
    other = index - 1 if direction == "omhoog" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


# --- The weekly e-mail ------------------------------------------------------------------------


@transaction.atomic
def digest_preference_save(*, tenant, user, weekly_digest: bool) -> DigestPreference:
    preference, _ = DigestPreference.objects.update_or_create(
        tenant=tenant, user=user, defaults={"weekly_digest": weekly_digest}
    )
    return preference
