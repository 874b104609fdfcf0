"""After the decision (domain.md §5): objections, expiring TLVs and their extension, external
referrals and the toekomstgericht gesprek that follows a referral.

The Awb's deadlines of an objection are ``loket_rules.objection_deadlines``; this module adds
the stages of an objection, the one extension, the window in which a TLV counts as expiring,
the nightly expiry e-mail and the writes of referrals and conversations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.tenancy.models import School, Tenant

from ..models.loket import (
    Cluster,
    DecisionOutcome,
    ExpiryNotice,
    ExternalReferral,
    FutureConversation,
    Objection,
    ObjectionStage,
    RequestStatus,
    TlvDecision,
    TlvRequest,
)
from . import loket_rules as rules
from .loket_workflow import loket_settings
from .pupils import pupil_for

# --- Objections ---------------------------------------------------------------------------------

SECOND_EXTENSION = (
    "De beslistermijn is al een keer verlengd, op {on:%d-%m-%Y}. De Awb (artikel 7:10 lid 3) "
    "staat één verlenging van ten hoogste zes weken toe. Langer uitstel kan alleen als de "
    "indiener van het bezwaar daarmee instemt (artikel 7:10 lid 4); leg dat vast in de "
    "toelichting."
)


def is_replaced(decision: TlvDecision) -> bool:
    return TlvDecision.objects.filter(replaces=decision).exists()


def decision_sent_on(decision: TlvDecision) -> tuple[datetime.date, bool]:
    """The day the objection period counts from, and whether that is the decision's date
    because the day it was sent is not known (the page says so)."""
    if decision.sent_on:
        return decision.sent_on, False
    return decision.decided_on, True


def objection_deadlines(
    objection: Objection, *, today: datetime.date | None = None
) -> rules.ObjectionDeadlines:
    """The Awb's deadlines of this objection (its decision read, not queried, when selected)."""
    sent_on, _ = decision_sent_on(objection.decision)
    return rules.objection_deadlines(
        decision_sent_on=sent_on,
        received_on=objection.received_on,
        with_committee=objection.with_committee,
        extended=objection.extended_on is not None,
        decided_on=objection.decided_on,
        today=today or timezone.localdate(),
    )


def _check_dates(objection: Objection, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    decided = objection.decision.decided_on
    if objection.received_on > today:
        errors["received_on"] = "De datum van ontvangst ligt in de toekomst."
    elif objection.received_on < decided:
        errors["received_on"] = (
            f"Het bezwaar kan niet eerder binnenkomen dan het besluit ({decided:%d-%m-%Y})."
        )
    for name, label in (
        ("advice_asked_on", "Het advies"),
        ("hearing_on", "De hoorzitting"),
        ("decided_on", "De beslissing op bezwaar"),
    ):
        value = getattr(objection, name)
        if value and value < objection.received_on:
            errors[name] = f"{label} kan niet voor de ontvangst van het bezwaar liggen."
    if objection.decided_on and objection.decided_on > today:
        errors["decided_on"] = "De datum van de beslissing op bezwaar ligt in de toekomst."
    if errors:
        raise ValidationError(errors)


def _check_stage(objection: Objection) -> None:
    """What each stage needs; a later stage keeps the dates of the earlier ones."""
    stage, errors = objection.stage, {}
    if stage == ObjectionStage.ADVICE_ASKED:
        if not objection.with_committee:
            errors["stage"] = (
                "Advies vragen kan alleen als het bezwaar naar een bezwaarcommissie gaat."
            )
        elif not objection.advice_asked_on:
            errors["advice_asked_on"] = "Vul in wanneer het advies is gevraagd."
    if stage == ObjectionStage.HEARING and not objection.hearing_on:
        errors["hearing_on"] = "Vul de datum van de hoorzitting in."
    if stage == ObjectionStage.DECIDED:
        if not objection.outcome:
            errors["outcome"] = (
                "Kies de beslissing op bezwaar: gegrond, ongegrond of niet-ontvankelijk."
            )
        if not objection.decided_on:
            errors["decided_on"] = "Vul de datum van de beslissing op bezwaar in."
    elif objection.outcome or objection.decided_on:
        errors["stage"] = "Een beslissing op bezwaar hoort bij de fase 'Beslissing op bezwaar'."
    if errors:
        raise ValidationError(errors)


OBJECTION_FIELDS = (
    "received_on",
    "with_committee",
    "stage",
    "advice_asked_on",
    "hearing_on",
    "outcome",
    "decided_on",
    "note",
)


@transaction.atomic
def objection_create(
    *, decision: TlvDecision, data: dict[str, Any], by=None, today: datetime.date | None = None
) -> Objection:
    """Register an objection against ``decision`` (flagged, not refused, when it came late:
    whether it is admissible is for the Loket to judge)."""
    if is_replaced(decision):
        raise ValidationError(
            "Dit besluit is vervangen door een nieuw besluit. Leg het bezwaar vast bij het "
            "nieuwe besluit."
        )
    objection = Objection(tenant=decision.tenant, decision=decision)
    for name in OBJECTION_FIELDS:
        if name in data:
            setattr(objection, name, data[name])
    _check_dates(objection, today or timezone.localdate())
    _check_stage(objection)
    objection.save()
    return objection


@transaction.atomic
def objection_update(
    *, objection: Objection, data: dict[str, Any], by=None, today: datetime.date | None = None
) -> Objection:
    """Move an objection through its stages (ontvangen, advies gevraagd, hoorzitting, beslissing
    op bezwaar) and correct its data. Once decided it stays decided."""
    locked = Objection.objects.select_for_update().select_related("decision").get(pk=objection.pk)
    if locked.stage == ObjectionStage.DECIDED and data.get("stage") != ObjectionStage.DECIDED:
        raise ValidationError(
            {"stage": "Op dit bezwaar is al beslist; de fase kan niet meer terug."}
        )
    for name in OBJECTION_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    _check_dates(locked, today or timezone.localdate())
    _check_stage(locked)
    locked.save()
    return locked


@transaction.atomic
def objection_extend(
    *, objection: Objection, by=None, on: datetime.date | None = None
) -> Objection:
    """Extend the decision term once by six weeks (Awb 7:10 lid 3), stamping ``extended_on``.
    Only within the term, before the decision on the objection, and only once."""
    on = on or timezone.localdate()
    locked = Objection.objects.select_for_update().select_related("decision").get(pk=objection.pk)
    if locked.extended_on is not None:
        raise ValidationError(SECOND_EXTENSION.format(on=locked.extended_on))
    if locked.decided_on is not None:
        raise ValidationError("Op dit bezwaar is al beslist; de termijn verlengen kan niet meer.")
    due = objection_deadlines(locked, today=on).decision_due
    if on > due:
        raise ValidationError(
            f"De beslistermijn is op {due:%d-%m-%Y} verstreken. Verlengen kan alleen binnen de "
            "termijn (Awb artikel 7:10 lid 3)."
        )
    locked.extended_on = on
    locked.save(update_fields=["extended_on"])
    return locked


# --- Expiring TLVs and their extension ------------------------------------------------------------


def expiry_window_end(today: datetime.date, months: int) -> datetime.date:
    """The last end date that counts as expiring today: ``months`` calendar months ahead
    (31 January + 1 month is 28 or 29 February)."""
    return today + relativedelta(months=months)


def is_expiring(end_date: datetime.date, *, today: datetime.date, months: int) -> bool:
    """Ends today or later, and no later than the end of the notice window."""
    return today <= end_date <= expiry_window_end(today, months)


def expiring_decisions(*, tenant: Tenant, today: datetime.date) -> QuerySet[TlvDecision]:
    """Granted, not replaced TLVs of the tenant that end within its notice period."""
    months = loket_settings(tenant).expiry_notice_months
    return TlvDecision.objects.filter(
        tenant=tenant,
        outcome=DecisionOutcome.GRANTED,
        replaced_by__isnull=True,
        end_date__gte=today,
        end_date__lte=expiry_window_end(today, months),
    )


@transaction.atomic
def tlv_request_start_extension(*, decision: TlvDecision, by=None) -> TlvRequest:
    """A *verlenging* request in concept, prefilled from the expiring TLV: same pupil, school,
    kind, cluster, category and receiving school, to start the day after it ends."""
    if decision.outcome != DecisionOutcome.GRANTED:
        raise ValidationError("Alleen een toegekende TLV kan worden verlengd.")
    if is_replaced(decision):
        raise ValidationError(
            "Dit besluit is vervangen door een nieuw besluit. Vraag de verlenging aan vanuit "
            "het nieuwe besluit."
        )
    if decision.anonymised_at:
        raise ValidationError("Dit besluit is geanonimiseerd; het kan niet meer worden verlengd.")
    started = decision.extension_requests.exclude(status=RequestStatus.WITHDRAWN).first()
    if started is not None:
        raise ValidationError(
            f"Voor deze TLV is al een verlenging aangevraagd ({started.reference or 'concept'})."
        )
    return TlvRequest.objects.create(
        tenant=decision.tenant,
        school=decision.school,
        pupil=decision.pupil,
        extends=decision,
        kind=decision.kind,
        cluster=decision.cluster,
        requested_category=decision.category,
        receiving_school=decision.receiving_school,
        receiving_school_name=decision.receiving_school_name,
        requested_start=decision.end_date + datetime.timedelta(days=1),
        status=RequestStatus.CONCEPT,
        created_by=by,
    )


def _zorgcoordinatoren(school: School) -> list[str]:
    return sorted(
        Membership.objects.filter(
            tenant_id=school.tenant_id,
            role=Role.ZORGCOORDINATOR,
            schools=school,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _expiry_message(decision: TlvDecision, recipients: list[str]) -> EmailMessage:
    """No pupil name or number: the reference, the school, the end date and a link."""
    tenant = decision.tenant
    reference = decision.request.reference or f"besluit {decision.pk}"
    link = settings.PORTAL_URL.rstrip("/") + reverse(
        "loket:expiring_list", kwargs={"tenant_code": tenant.code}
    )
    body = (
        f"Beste zorgcoördinator,\n\n"
        f"De toelaatbaarheidsverklaring {reference} van een leerling van {decision.school.name} "
        f"loopt af op {decision.end_date:%d-%m-%Y}.\n\n"
        f"Heeft de leerling daarna nog speciaal onderwijs nodig? Vraag dan op tijd een "
        f"verlenging aan. In het portaal ziet u welke leerling het is:\n{link}\n\n"
        f"Met vriendelijke groet,\n{tenant.name}\n"
    )
    return EmailMessage(
        subject=f"TLV {reference} loopt af op {decision.end_date:%d-%m-%Y}",
        body=body,
        to=[],
        bcc=recipients,  # colleagues need not see each other's addresses
    )


@dataclass(frozen=True)
class NoticeRun:
    sent: int = 0  # e-mails sent this run
    skipped: int = 0  # expiring TLVs already notified for this end date


def expiry_notices_send(*, tenant: Tenant, today: datetime.date | None = None) -> NoticeRun:
    """The nightly expiry e-mail: once per TLV per end date (``ExpiryNotice``). The notice row
    is written in the same transaction as the mail goes out, so a run that fails leaves no row
    and a redelivered run finds the row and sends nothing twice."""
    today = today or timezone.localdate()
    due = (
        expiring_decisions(tenant=tenant, today=today)
        .select_related("tenant", "school", "request")
        .order_by("end_date", "pk")
    )
    sent = skipped = 0
    connection = get_connection()
    for decision in due:
        with transaction.atomic():
            notice, created = ExpiryNotice.objects.get_or_create(
                tenant=tenant, decision=decision, ends_on=decision.end_date
            )
            if not created:
                skipped += 1
                continue
            recipients = _zorgcoordinatoren(decision.school)
            if recipients:
                connection.send_messages([_expiry_message(decision, recipients)])
                sent += 1
            notice.recipients = len(recipients)
            notice.save(update_fields=["recipients"])
    return NoticeRun(sent, skipped)


# --- External referrals and the toekomstgericht gesprek -----------------------------------------


@transaction.atomic
def external_referral_create(*, school: School, data: dict[str, Any], by=None) -> ExternalReferral:
    """A pupil of ``school`` leaves for a school outside the tenant (verwijzing extern)."""
    referred_on = data["referred_on"]
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": "De datum van de verwijzing ligt in de toekomst."})
    destination = (data.get("destination") or "").strip()
    if not destination:
        raise ValidationError({"destination": "Vul de school buiten het samenwerkingsverband in."})
    pupil = pupil_for(
        school=school,
        pupil_number=data["pupil_number"],
        birth_year=data["birth_year"],
        initials=data.get("initials", ""),
    )
    return ExternalReferral.objects.create(
        tenant=school.tenant,
        school=school,
        pupil=pupil,
        referred_on=referred_on,
        destination=destination,
        note=data.get("note", ""),
    )


def counts_for_conversation(decision: TlvDecision) -> bool:
    """A granted cluster-4 TLV that is a referral: not replaced, not an extension of an earlier
    TLV, not taken over from another system."""
    return (
        decision.outcome == DecisionOutcome.GRANTED
        and decision.cluster == Cluster.FOUR
        and not decision.imported
        and decision.request.extends_id is None
    )


@transaction.atomic
def future_conversation_save(
    *,
    data: dict[str, Any],
    decision: TlvDecision | None = None,
    referral: ExternalReferral | None = None,
    by=None,
) -> FutureConversation:
    """Plan or record the conversation after a referral; the row is made the first time."""
    if (decision is None) == (referral is None):
        raise ValueError("Give either a decision or a referral.")
    if decision is not None and not counts_for_conversation(decision):
        raise ValidationError(
            "Een toekomstgericht gesprek hoort bij een toegekende TLV voor cluster 4 of een "
            "externe verwijzing."
        )
    source = decision or referral
    event_on = decision.decided_on if decision else referral.referred_on
    held_on = data.get("held_on")
    errors = {}
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = "De datum waarop het gesprek is gehouden ligt in de toekomst."
    elif held_on and held_on < event_on:
        errors["held_on"] = f"Het gesprek kan niet voor de verwijzing ({event_on:%d-%m-%Y}) liggen."
    if data.get("planned_on") and data["planned_on"] < event_on:
        errors["planned_on"] = f"Plan het gesprek na de verwijzing ({event_on:%d-%m-%Y})."
    if errors:
        raise ValidationError(errors)
    lookup = {"decision": decision} if decision else {"referral": referral}
    conversation, _ = FutureConversation.objects.select_for_update().get_or_create(
        **lookup, defaults={"tenant": source.tenant, "school": source.school}
    )
    for name in ("planned_on", "held_on", "note"):
        if name in data:
            setattr(conversation, name, data[name])
    conversation.save()
    return conversation
