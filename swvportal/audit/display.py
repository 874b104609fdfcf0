"""Log values as users know them: auditlog stores every value as a string ("41", "True",
"2026-12-01 07:38:41.036841" in UTC, "[[10, 1]]"); the logboek shows the indicator's name, "ja",
"01-12-2026 08:38" in Europe/Amsterdam and "1 oktober".

A model may format a field itself with ``audit_formats = {"field": callable}`` (the callable gets
the parsed JSON or the stored string). Names behind foreign keys are looked up for a whole page of
entries at once: one query per related model, not one per row.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst

from swvportal.core.schoolyear import school_year_label

from .models import AuditEntry

EMPTY = "(leeg)"
HIDDEN = "(leerlinggegevens)"
GONE = "(bestaat niet meer)"
MAX_TEXT = 200  # a chapter's whole text does not fit in a table cell
_DEFAULT_REPR = re.compile(r"\w+ object \((?P<pk>[^)]*)\)")


def field_of(model: type[models.Model] | None, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name) if model else None
    except Exception:  # a field (or model) that no longer exists
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = field_of(model, name)
    return str(field.verbose_name) if field is not None else name


def object_label(entry: AuditEntry) -> str:
    """The stored name; entries written before every model had a Dutch ``__str__`` said
    "SwvEntry object (68)": name those by their kind."""
    match = _DEFAULT_REPR.fullmatch(entry.object_repr or "")
    model = entry.content_type.model_class()
    if match and model is not None:
        return f"{capfirst(model._meta.verbose_name)} {match['pk']}"
    return entry.object_repr


def is_sensitive_model(model: type[models.Model] | None) -> bool:
    return bool(getattr(model, "audit_sensitive", False))


class ValueFormatter:
    """Formats the values of one page of log entries; resolves foreign keys in bulk."""

    def __init__(self, entries: Iterable[AuditEntry], *, reveal_sensitive: bool = False):
        self.reveal_sensitive = reveal_sensitive
        self._names = self._lookup_names(list(entries))

    def value(self, model: type[models.Model] | None, name: str, raw: object) -> str:
        if raw is None or str(raw) in {"None", ""}:
            return EMPTY
        field = field_of(model, name)
        custom = getattr(model, "audit_formats", {}).get(name)
        if custom is not None:
            return custom(_parse_json(raw))
        if field is None:
            return _short(str(raw))
        if field.many_to_one or field.one_to_one:
            return self._related(field, raw)
        return _plain(field, raw)

    def _related(self, field: models.Field, raw: object) -> str:
        if is_sensitive_model(field.related_model) and not self.reveal_sensitive:
            return HIDDEN
        return self._names.get((field.related_model, str(raw)), GONE)

    def _lookup_names(self, entries: list[AuditEntry]) -> dict[tuple[type, str], str]:
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for entry in entries:
            model = entry.content_type.model_class()
            for name, change in (entry.changes_dict or {}).items():
                field = field_of(model, name)
                if field is None or not (field.many_to_one or field.one_to_one):
                    continue
                if isinstance(change, list | tuple):
                    wanted[field.related_model].update(
                        str(v) for v in change if v not in (None, "None", "")
                    )
        names = {}
        for related, pks in wanted.items():
            # The default manager keeps the tenant scope: another tenant's object stays unnamed.
            found = related._default_manager.filter(pk__in=_valid_pks(related, pks))
            names.update({(related, str(obj.pk)): _short(str(obj)) for obj in found})
        return names


def _valid_pks(model: type[models.Model], pks: set[str]) -> list[Any]:
    return [key for key in (_as_key(model, pk) for pk in pks) if key is not None]


def _as_key(model: type[models.Model], pk: str) -> Any:
    try:
        return model._meta.pk.to_python(pk)
    except ValidationError:  # a stored value that is no key: show it unnamed, never crash the log
        return None


def _plain(field: models.Field, raw: object) -> str:
    text = str(raw)
    if field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return {"True": "ja", "False": "nee"}.get(text, text)
    if isinstance(field, models.DateTimeField):
        return _datetime(text)
    if isinstance(field, models.DateField):
        return _date(text)
    if isinstance(field, models.DecimalField | models.FloatField):
        return _number(text)
    if isinstance(field, models.IntegerField) and "schooljaar" in str(field.verbose_name):
        # School years are stored by their first calendar year: 2026 is 2026-2027.
        return school_year_label(int(text)) if text.isdigit() else text
    if isinstance(field, models.JSONField):
        return _short(_readable_json(_parse_json(raw)))
    return _short(text)


def _datetime(text: str) -> str:
    """auditlog stores datetimes as naive UTC (``make_naive(value, utc)``)."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text[:10]).strftime("%d-%m-%Y")
    except ValueError:
        return text


def _number(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True)


def _parse_json(raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _readable_json(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_readable_json(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_readable_json(v)}" for k, v in value.items()) or EMPTY
    return str(value)


def _short(text: str) -> str:
    return Truncator(text).chars(MAX_TEXT)
