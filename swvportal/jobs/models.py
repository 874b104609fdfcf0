from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from swvportal.tenancy.models import TenantOwned


class Job(TenantOwned):
    """One run of background work that a user waits on, with its progress and outcome.

    The row is written before the task is queued, so a broker outage loses nothing: the sweeper
    (``tasks.sweep_jobs``) queues jobs again that never started. A running job shows signs of
    life (``heartbeat_at``); when they stop, its worker died and the sweeper queues it again.
    ``attempt_token`` names the run that holds the job, so only that run records an outcome.
    """

    class Status(models.TextChoices):
        QUEUED = "wachtend", "In de wachtrij"
        RUNNING = "bezig", "Bezig"
        DONE = "gereed", "Gereed"
        FAILED = "mislukt", "Mislukt"

    kind = models.CharField("soort", max_length=100)
    params = models.JSONField("parameters", default=dict, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField("voortgang (%)", default=0)
    message = models.CharField("stand van zaken", max_length=300, blank=True)
    error = models.TextField("foutmelding", blank=True)
    result_url = models.CharField("resultaat", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="gestart door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    enqueued_at = models.DateTimeField("in de wachtrij gezet op", null=True, blank=True)
    started_at = models.DateTimeField("gestart op", null=True, blank=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    heartbeat_at = models.DateTimeField("laatste teken van leven", null=True, blank=True)
    attempt_token = models.UUIDField("poging", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "achtergrondtaak"
        verbose_name_plural = "achtergrondtaken"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "-created_at"], name="job_tenant_created"),
            models.Index(fields=["status", "enqueued_at"], name="job_status_enqueued"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        from .registry import label_for

        return label_for(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but without a sign of life for too long: its worker has most likely died."""
        beat = self.heartbeat_at or self.started_at
        if self.status != self.Status.RUNNING or beat is None:
            return False
        return beat < timezone.now() - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)

    @property
    def can_be_retried(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale
