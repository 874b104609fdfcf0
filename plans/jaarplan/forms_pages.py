"""Forms of the jaarplan page: an activity, a verbeterpunt. They validate input only; the rules
(toelichting at vertraagd/vervallen, the verantwoordelijke a member, content only while concept)
are the services'."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format

from swvportal.accounts.models import User
from swvportal.core.forms import date_field
from swvportal.core.schoolyear import SchoolYear

from ..forms import RevisionMixin
from ..jaarplan_rules import month_end
from ..models import Activity, ActivityStatus, Jaarplan
from ..selectors import plan_goals

BOTH_DATES = "Kies een datum óf een hele maand, niet allebei."


def member_users(tenant):
    """The tenant's members, as the verantwoordelijke select offers them (by name, then e-mail)."""
    return (
        User.objects.filter(memberships__tenant=tenant)
        .order_by("first_name", "last_name", "email")
        .distinct()
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


def _month_value(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_choices(year: SchoolYear, keep: datetime.date | None = None) -> list:
    """The months of the jaarplan's school year and the next, grouped by school year; ``keep``
    (an activity's current month) stays selectable even when it lies outside them."""
    groups, offered = [], set()
    for school_year in (year, year.next):
        months = []
        for offset in range(12):
            month = (7 + offset) % 12 + 1  # augustus … juli
            day = datetime.date(school_year.start + (month < 8), month, 1)
            months.append((_month_value(day), date_format(day, "F Y")))
            offered.add(_month_value(day))
        groups.append((f"Schooljaar {school_year.label}", months))
    if keep is not None and _month_value(keep) not in offered:
        groups.append(("Eerder gekozen", [(_month_value(keep), date_format(keep, "F Y"))]))
    return [("", "Geen maand"), *groups]


class ActivityForm(RevisionMixin, forms.Form):
    result = forms.CharField(
        label="Beoogd resultaat",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wat er aan het eind bereikt is, bijvoorbeeld: 'Er is een plan van aanpak'.",
    )
    what = forms.CharField(label="Wat", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    who = forms.CharField(
        label="Wie",
        required=False,
        max_length=300,
        help_text="Een werkgroep, functie of persoon, zoals in het jaarplan staat.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    responsible = MemberChoiceField(
        label="Verantwoordelijke",
        queryset=User.objects.none(),
        required=False,
        empty_label="Niemand",
        help_text="Optioneel: een lid van uw samenwerkingsverband dat de voortgang bijhoudt en "
        "de wekelijkse herinnering krijgt.",
    )
    due_date = date_field("Wanneer gereed: op een datum")
    due_month = forms.ChoiceField(
        label="Of: in een hele maand",
        required=False,
        help_text="Laat de datum leeg als u een maand kiest.",
    )
    status = forms.ChoiceField(
        label="Status", choices=ActivityStatus.choices, initial=ActivityStatus.NOT_STARTED
    )
    explanation = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Verplicht bij 'vertraagd' en 'vervallen'.",
    )

    def __init__(self, *args, jaarplan: Jaarplan, keep_month: datetime.date | None = None, **kw):
        super().__init__(*args, **kw)
        self.fields["responsible"].queryset = member_users(jaarplan.tenant)
        self.fields["due_month"].choices = month_choices(jaarplan.year, keep_month)

    @classmethod
    def initial_of(cls, activity: Activity) -> dict[str, Any]:
        month = activity.due_is_month and activity.due_date is not None
        return {
            "result": activity.result,
            "what": activity.what,
            "who": activity.who,
            "responsible": activity.responsible_id,
            "due_date": None if month else activity.due_date,
            "due_month": _month_value(activity.due_date) if month else "",
            "status": activity.status,
            "explanation": activity.explanation,
            "revision": activity.revision,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, month = data.get("due_date"), data.get("due_month")
        if day and month:
            self.add_error("due_month", BOTH_DATES)
        elif month:
            year, number = (int(part) for part in month.split("-"))
            data["due_date"], data["due_is_month"] = month_end(year, number), True
        else:
            data["due_is_month"] = False
        return data

    def data_for_service(self) -> dict[str, Any]:
        names = ("result", "what", "who", "responsible", "due_date", "due_is_month")
        data = {name: self.cleaned_data[name] for name in names}
        data["status"] = self.cleaned_data["status"]
        data["explanation"] = self.cleaned_data["explanation"].strip()
        return data

    def labelled(self) -> list[tuple[str, Any]]:
        """What this person typed, for the conflict message (label, value)."""
        shown = []
        for name in ("result", "what", "who", "responsible", "due_date", "status", "explanation"):
            value = self.cleaned_data.get(name)
            if name == "status":
                value = ActivityStatus(value).label if value else ""
            if isinstance(value, datetime.date):
                value = value.strftime("%d-%m-%Y")
            shown.append((self.fields[name].label, value))
        return shown


ADDITIONAL_CHOICE = ("", "Aanvullend (beleidsmatig): hoort bij geen ontwikkeldoel")


class ImprovementCreateForm(forms.Form):
    goal = forms.ChoiceField(
        label="Hoort bij",
        required=False,
        help_text="Een ontwikkeldoel uit het ondersteuningsplan waarvan dit jaarplan is "
        "afgeleid, of geen doel.",
    )
    title = forms.CharField(label="Verbeterpunt", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, jaarplan: Jaarplan, **kwargs):
        super().__init__(*args, **kwargs)
        goals = plan_goals(plan=jaarplan.plan).order_by("pillar__position", "position")
        self.goals = {str(goal.uid): goal for goal in goals}
        groups: dict[str, list] = {}
        for goal in self.goals.values():
            label = f"Pijler {goal.pillar.position}: {goal.pillar.title}"
            number = f"{goal.pillar.position}.{goal.position}"
            groups.setdefault(label, []).append((str(goal.uid), f"{number} {goal.title}"))
        self.fields["goal"].choices = [ADDITIONAL_CHOICE, *groups.items()]

    def goal_data(self) -> dict[str, Any]:
        """The doel's uid, numbers and texts for ``improvement_create`` (empty: aanvullend)."""
        goal = self.goals.get(self.cleaned_data.get("goal") or "")
        if goal is None:
            return {}
        pillar = goal.pillar
        return {
            "goal_uid": goal.uid,
            "goal_number": f"{pillar.position}.{goal.position}",
            "goal_title": goal.title,
            "pillar_number": pillar.position,
            "pillar_title": pillar.title,
        }


class ImprovementEditForm(RevisionMixin, forms.Form):
    title = forms.CharField(label="Verbeterpunt", widget=forms.Textarea(attrs={"rows": 3}))
