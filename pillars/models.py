"""The pijlers of an ondersteuningsplan, their ontwikkeldoelen and the steps per school year.

Numbers (pijler 1, doel 1.3) and letters (stap a, b, c) follow from ``position``: services keep
positions 1..n without gaps, so reordering renumbers.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.db import models

from plans.models import PlanItem
from swvportal.core.schoolyear import SchoolYear, school_year_label


class Pillar(PlanItem):
    title = models.CharField("titel", max_length=200)
    introduction = models.TextField("inleiding", blank=True, help_text="Opmaak met Markdown.")
    ambition = models.TextField("ambitie", blank=True, help_text="Opmaak met Markdown.")

    class Meta(PlanItem.Meta):
        verbose_name = "pijler"
        verbose_name_plural = "pijlers"
        indexes = [models.Index(fields=["tenant", "plan", "position"], name="pillar_plan_pos")]

    def __str__(self) -> str:
        return f"Pijler {self.position}: {self.title}"


class Goal(PlanItem):
    """An ontwikkeldoel: numbered within its pijler."""

    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="goals", verbose_name="pijler"
    )
    title = models.CharField("titel", max_length=300)
    description = models.TextField("omschrijving", blank=True, help_text="Opmaak met Markdown.")
    closing = models.TextField(
        "slottekst", blank=True, help_text="Tekst na de stappen (optioneel). Opmaak met Markdown."
    )

    class Meta(PlanItem.Meta):
        verbose_name = "ontwikkeldoel"
        verbose_name_plural = "ontwikkeldoelen"
        indexes = [models.Index(fields=["tenant", "pillar", "position"], name="goal_pillar_pos")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class StepTiming(models.TextChoices):
    IN_YEAR = "schooljaar", "In schooljaar"
    FROM_YEAR = "vanaf", "Met ingang van schooljaar"
    YEARLY = "jaarlijks", "Jaarlijks"
    ONGOING = "doorlopend", "Doorlopend"


TIMINGS_WITH_YEAR = (StepTiming.IN_YEAR, StepTiming.FROM_YEAR)


class Step(PlanItem):
    """A lettered step of an ontwikkeldoel, tied to a school year or recurring."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="steps", verbose_name="ontwikkeldoel"
    )
    timing = models.CharField(
        "wanneer", max_length=12, choices=StepTiming.choices, default=StepTiming.IN_YEAR
    )
    school_year = models.PositiveSmallIntegerField(
        "schooljaar",
        null=True,
        blank=True,
        help_text="Beginjaar van het schooljaar: 2026 staat voor 2026-2027.",
    )
    text = models.TextField("tekst")

    class Meta(PlanItem.Meta):
        verbose_name = "stap"
        verbose_name_plural = "stappen"
        indexes = [models.Index(fields=["tenant", "goal", "position"], name="step_goal_pos")]

    def __str__(self) -> str:
        return f"{self.letter}. {self.text[:60]}"

    @property
    def letter(self) -> str:
        return _letter(self.position)

    @property
    def when(self) -> str:
        if self.timing == StepTiming.IN_YEAR:
            return school_year_label(self.school_year)
        if self.timing == StepTiming.FROM_YEAR:
            return f"vanaf {school_year_label(self.school_year)}"
        return self.get_timing_display().lower()

    def applies_in(self, school_year: SchoolYear | int) -> bool:
        """Whether this step is due in ``school_year`` (the one rule of ``pillars.timing``)."""
        from .timing import applies_in

        return applies_in(self.timing, self.school_year, school_year)


def _letter(position: int) -> str:
    """1 → a, 26 → z, 27 → aa (plans do not reach that, but numbering must not break)."""
    letters = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


for _model in (Pillar, Goal, Step):
    auditlog.register(_model, exclude_fields=["revision", "updated_at", "uid"])
