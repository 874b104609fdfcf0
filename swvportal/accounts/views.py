from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from .filters import MemberFilter
from .forms import GrantsForm
from .models import Membership
from .permissions import NEVER_GRANTED, grantable_to
from .selectors import member_list
from .services import membership_grants_set
from .tables import MemberTable

# Who manages the members (the bestuurder): the same capability as the member list.
MANAGE_MEMBERS = "accounts.view_members"


class MemberListView(TenantListView):
    capability = MANAGE_MEMBERS
    table_class = MemberTable
    filterset_class = MemberFilter
    page_title = "Gebruikers"
    intro = "Wie toegang heeft tot dit samenwerkingsverband, en met welke rol."

    def get_queryset(self):
        return member_list(tenant=self.tenant)


class MemberGrantsView(TenantPageMixin, View):
    """A member's extra bevoegdheden: capabilities on top of their role, for them alone
    (issue #16, point 6). Never for toezicht and the inspectie."""

    capability = MANAGE_MEMBERS
    template_name = "accounts/member_grants.html"

    def _member(self, member_id: int) -> Membership:
        member = member_list(tenant=self.tenant).filter(pk=member_id).first()
        if member is None:
            raise Http404("Deze gebruiker bestaat niet of hoort niet bij dit samenwerkingsverband.")
        return member

    def get(self, request: HttpRequest, member_id: int) -> HttpResponse:
        member = self._member(member_id)
        grantable = grantable_to(member)
        form = GrantsForm(
            grantable=grantable,
            initial={"capabilities": [c.name for c in grantable if c.name in member.granted]},
        )
        return self.page(request, member, form)

    def post(self, request: HttpRequest, member_id: int) -> HttpResponse:
        member = self._member(member_id)
        form = GrantsForm(request.POST, grantable=grantable_to(member))
        if form.is_valid():
            try:
                membership_grants_set(member, form.cleaned_data["capabilities"], by=request.user)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request, f"De extra bevoegdheden van {member.user} zijn opgeslagen."
                )
                return redirect(
                    reverse("accounts:member_list", kwargs={"tenant_code": self.tenant.code})
                )
        return self.page(request, member, form, status=400)

    def page(self, request, member, form, *, status=200) -> HttpResponse:
        context = {
            "member": member,
            "form": form,
            "never": member.role in NEVER_GRANTED,
            "grantable": grantable_to(member),
            "back": reverse("accounts:member_list", kwargs={"tenant_code": self.tenant.code}),
        }
        return render(request, self.template_name, context, status=status)
