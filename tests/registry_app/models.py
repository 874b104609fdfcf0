"""A pupil record type of the throwaway app: loaded only while a test adds the app."""

from django.db import models

from swvportal.core.pupils import PupilRecord


class ThingRecord(PupilRecord):
    note = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    anonymise_fields = ("note",)
    retention_from = ("closed_on",)

    class Meta:
        app_label = "registry_app"
