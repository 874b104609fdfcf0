"""Part "feedback": the yearly feedback to schools (placeholder until the part is built)."""

from django.views.generic import TemplateView

from swvportal.core.mixins import TenantPageMixin

from ..selectors import VIEW_FEEDBACK


class FeedbackListView(TenantPageMixin, TemplateView):
    capability = VIEW_FEEDBACK
    template_name = "steunpunt/feedback_list.html"
