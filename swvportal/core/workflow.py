"""A status workflow that the page and the service both read.

A ``Workflow`` holds which status may follow which, the checks a move must pass (``guards``:
each returns the reasons it cannot happen yet, in Dutch) and the date field a move stamps.
``problems(obj, target)`` is the one answer to "why not yet": the page lists it next to the
button, the service refuses with it. The plan's status is the first user; the TLV request, the
jaarplan and the begroting follow.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

Guard = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Workflow:
    states: type[models.TextChoices]
    transitions: Mapping[str, tuple[str, ...]]
    noun: str = "het object"  # "het plan": in "Van 'Concept' kan het plan niet naar …"
    invalid: str = "Kies een geldige status."
    guards: Mapping[str, tuple[Guard, ...]] = field(default_factory=dict)
    stamps: Mapping[str, str] = field(default_factory=dict)  # target → date field to set
    status_field: str = "status"

    def status_of(self, obj: Any) -> str:
        return getattr(obj, self.status_field)

    def targets(self, obj: Any) -> tuple[str, ...]:
        """The statuses ``obj`` may move to from where it is, whether or not it is ready."""
        return self.transitions.get(self.status_of(obj), ())

    def problems(self, obj: Any, target: str) -> list[str]:
        """Why ``obj`` cannot move to ``target`` now (empty: it can)."""
        if target not in self.states.values:
            return [self.invalid]
        if target not in self.targets(obj):
            current = self.states(self.status_of(obj)).label
            return [f"Van '{current}' kan {self.noun} niet naar '{self.states(target).label}'."]
        return [problem for guard in self.guards.get(target, ()) for problem in guard(obj)]

    def options(self, obj: Any) -> list[tuple[str, list[str]]]:
        """Each next status with what still blocks it: what the page shows."""
        return [(target, self.problems(obj, target)) for target in self.targets(obj)]

    def apply(self, obj: Any, target: str, *, on: datetime.date) -> None:
        """Move ``obj`` (not saved): refused with the problems as a ValidationError."""
        problems = self.problems(obj, target)
        if problems:
            raise ValidationError(problems)
        setattr(obj, self.status_field, target)
        if target in self.stamps:
            setattr(obj, self.stamps[target], on)
