"""The Loket's background work (Celery beat; registered in ``referrals/portal.py``)."""

from __future__ import annotations

from celery import shared_task

from swvportal.jobs.tenants import for_each_tenant

from .services.loket_aftercare import expiry_notices_send


@shared_task(acks_late=True, ignore_result=True)
def send_expiry_notices() -> int:
    """Nightly: e-mail the zorgcoördinatoren about each TLV that entered its tenant's notice
    period, once per TLV and end date. Idempotent (the ``ExpiryNotice`` row is the claim), so a
    redelivered or repeated run sends nothing twice. Returns how many e-mails went out."""
    run = for_each_tenant(lambda tenant: expiry_notices_send(tenant=tenant))
    return sum(result.sent for result in run.results.values())
