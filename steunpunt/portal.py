"""What the ouder- en jeugdsteunpunt adds to the platform's registries (autodiscovered by core).

Who may (issue #16, point 6):

* ``handle_contacts``: staffing the steunpunt (contacts with their call-back data, signals,
  trends, feedback rounds, the export). The bestuurder has it, and may give it to one member of
  any other role (an *ouder- en jeugdconsulent* with the Loket role, say) on the member's page:
  ``grantable``. Toezicht and the inspectie are never given it: they read aggregates only.
  Whoever has it also reads the overview and the feedback (``implied_by``).
* ``view_trends``: the overview (contacts per theme per month) and the trends, in aggregates,
  small counts as "<5" for anyone who does not staff the steunpunt.
* ``view_feedback``: the yearly feedback rounds; a zorgcoördinator reads their own schools'.
* ``change_settings``: themes, the retention term, the form and its e-mail address.
"""

from __future__ import annotations

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.core.pupils import register_retention_type
from swvportal.tenancy.models import Tenant

from . import calculations  # noqa: F401  (registers the dashboard's three steunpunt rows)
from .models import Contact
from .selectors import HANDLE, VIEW_FEEDBACK, VIEW_TRENDS
from .services import callback_erase, retention_years

B, Z, T = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT
row = Capability.of

# fmt: off
register_capabilities(
    row(HANDLE, "Het ouder- en jeugdsteunpunt bemensen: contacten, terugbelverzoeken, signalen, "
        "trends en terugkoppelingen vastleggen", B, grantable=True),
    # Whoever staffs the steunpunt reads its overview and feedback too: one grant, not three.
    row(VIEW_TRENDS, "Overzicht en trends van het steunpunt lezen (alleen totalen)", B, T,
        implied_by=HANDLE),
    row(VIEW_FEEDBACK, "Terugkoppelingen van het steunpunt aan scholen lezen", B, Z, T,
        per_school=True, implied_by=HANDLE),
    row("steunpunt.change_settings",
        "Het steunpunt instellen: thema's, bewaartermijn, formulier en e-mailadres", B),
    order=97,
)
# fmt: on

register_section(
    Section(
        "Steunpunt",
        "steunpunt:overview",
        VIEW_TRENDS,
        "Het ouder- en jeugdsteunpunt: contacten per thema, trends en de terugkoppeling aan "
        "scholen, in totalen.",
        fuller=(
            HANDLE,
            "Het ouder- en jeugdsteunpunt: contacten, signalen, trends en de terugkoppeling "
            "aan scholen.",
        ),
    ),
    order=79,
)
register_section(
    Section(
        "Terugkoppeling steunpunt",
        "steunpunt:feedback_list",
        VIEW_FEEDBACK,
        "Wat het ouder- en jeugdsteunpunt elk schooljaar aan uw school terugkoppelt.",
        hidden_with=VIEW_TRENDS,
    ),
    order=79,
)

# The free texts of a closed contact go after the tenant's term; its call-back row with them.
register_retention_type(Contact, term_years=retention_years, erase=callback_erase)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_steunpunt  # demo code stays out of the web process until it runs

    return Seeded(lines=seed_steunpunt(tenant))


register_seeder("steunpunt", seed_demo, after=("tenancy", "accounts"))
