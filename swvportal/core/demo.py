"""The demo seeders: each app registers how it fills the demo tenant, ``seed_demo`` runs them.

An app registers from its ``portal.py``::

    register_seeder("monitoring", seed, after=("plans", "referrals"))

``seed(tenant)`` runs inside the tenant's scope, must be idempotent (``seed_demo`` may run often)
and returns a :class:`Seeded`: what ``seed_demo`` prints. The seeders run in registration order
(``INSTALLED_APPS``), except that each runs after the seeders it names in ``after``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

from swvportal.tenancy.models import Tenant


@dataclass(frozen=True)
class Seeded:
    # Counts for the heading line ("10 scholen"), joined in running order.
    summary: list[str] = field(default_factory=list)
    # Lines printed under the heading, in running order.
    lines: list[str] = field(default_factory=list)
    # Lines printed after every seeder's lines (the demo logins come last).
    closing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Seeder:
    name: str
    seed: Callable[[Tenant], Seeded]
    after: tuple[str, ...] = ()


SEEDERS: dict[str, Seeder] = {}


def register_seeder(
    name: str, seed: Callable[[Tenant], Seeded], *, after: tuple[str, ...] = ()
) -> None:
    """Add an app's seeder; it runs after the seeders named in ``after``."""
    seeder = Seeder(name, seed, tuple(after))
    known = SEEDERS.get(name)
    if known is not None and known != seeder:
        raise ImproperlyConfigured(f"Demo-seeder {name!r} is al anders geregistreerd.")
    SEEDERS[name] = seeder


def seeders_in_order(seeders: dict[str, Seeder] | None = None) -> list[Seeder]:
    """The seeders with every one after its dependencies; otherwise in registration order."""
    pending = dict(SEEDERS if seeders is None else seeders)
    for seeder in pending.values():
        for needed in seeder.after:
            if needed not in pending:
                raise ImproperlyConfigured(
                    f"Demo-seeder {seeder.name!r} hangt af van {needed!r}, "
                    "maar die is niet geregistreerd."
                )
    done: list[Seeder] = []
    while pending:
        ready = next((s for s in pending.values() if all(n not in pending for n in s.after)), None)
        if ready is None:  # every seeder left waits for another one left: a cycle
            raise ImproperlyConfigured(
                "Demo-seeders wachten op elkaar (een kring): " + ", ".join(sorted(pending)) + "."
            )
        done.append(pending.pop(ready.name))
    return done
