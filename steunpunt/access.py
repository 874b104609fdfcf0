"""The one way views get a contact, a trend or a feedback round (``swvportal.core.access``).

* A contact is read and changed by steunpunt staff only (``steunpunt.handle_contacts``, the
  bestuurder's and grantable to one member of another role); anybody else gets a 403 on the
  page and a 404 on an object they cannot see.
* A trend is read by staff and toezicht (``view_trends``, aggregates only) and changed by staff.
* A feedback round is read by staff, toezicht and the zorgcoördinator of its school; changed by
  staff.
"""

from __future__ import annotations

from swvportal.core.access import ObjectAccess, capability_check

from .models import Contact, Feedback, Trend
from .selectors import HANDLE, contact_list, feedback_list, trend_list

CONTACTS: ObjectAccess[Contact] = ObjectAccess(
    lambda membership: contact_list(membership=membership),
    may_write=capability_check(HANDLE),
    not_found="Dit contact bestaat niet of u mag het niet inzien.",
    read_only="Alleen wie het steunpunt bemenst, wijzigt contacten.",
)

TRENDS: ObjectAccess[Trend] = ObjectAccess(
    lambda membership: trend_list(membership=membership),
    may_write=capability_check(HANDLE),
    not_found="Deze trend bestaat niet of u mag haar niet inzien.",
    read_only="Alleen wie het steunpunt bemenst, wijzigt trends.",
)

FEEDBACK: ObjectAccess[Feedback] = ObjectAccess(
    lambda membership: feedback_list(membership=membership),
    may_write=capability_check(HANDLE),
    not_found="Deze terugkoppeling bestaat niet of u mag haar niet inzien.",
    read_only="Alleen wie het steunpunt bemenst, legt terugkoppelingen vast.",
)
