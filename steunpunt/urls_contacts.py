"""URLs of part "contacts" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import contacts

urlpatterns = [
    path("contacten/", contacts.ContactListView.as_view(), name="contact_list"),
    path("contacten/nieuw/", contacts.ContactCreateView.as_view(), name="contact_create"),
    path(
        "contacten/<int:contact_id>/",
        contacts.ContactDetailView.as_view(),
        name="contact_detail",
    ),
    path(
        "contacten/<int:contact_id>/bewerken/",
        contacts.ContactEditView.as_view(),
        name="contact_edit",
    ),
    path(
        "contacten/<int:contact_id>/afsluiten/",
        contacts.ContactCloseView.as_view(),
        name="contact_close",
    ),
    path(
        "contacten/<int:contact_id>/signaal/",
        contacts.ContactSignalView.as_view(),
        name="contact_signal",
    ),
]
