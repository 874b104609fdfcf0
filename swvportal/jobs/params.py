"""A job kind's parameters: a frozen dataclass that says how it is stored in the job's row.

The row keeps a plain dict (``Job.params``, JSON), so a job survives a deploy and the sweeper can
queue it again. ``from_params`` reads that dict back, for the rows written today and the ones
written before the kind had a class, and refuses what is missing or wrong with a Dutch
``ValidationError``: ``job_start`` calls it before the row is written, so a bad parameter is an
error for the caller, not a crash in the worker. Keys it does not know it ignores (a handler may
note its own facts in the row).

    @dataclass(frozen=True)
    class ComputeParams(JobParams):
        peildatum: datetime.date
        voorlopig: bool = False

        def to_params(self) -> dict[str, Any]:
            return {"peildatum": self.peildatum.isoformat(), "voorlopig": self.voorlopig}

        @classmethod
        def from_params(cls, data: Mapping[str, Any]) -> ComputeParams:
            return cls(param_date(data, "peildatum"), param_bool(data, "voorlopig"))
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from django.core.exceptions import ValidationError


class JobParams:
    """The base of every kind's parameters (subclasses are frozen dataclasses)."""

    def to_params(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> Self:
        raise NotImplementedError


@dataclass(frozen=True)
class NoParams(JobParams):
    """For a kind that needs nothing but its tenant."""

    def to_params(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> NoParams:
        return cls()


def _missing(key: str) -> ValidationError:
    return ValidationError(f"De taak mist het gegeven ‘{key}’.", code="missing")


def _wrong(key: str, what: str) -> ValidationError:
    return ValidationError(f"Het gegeven ‘{key}’ van de taak is geen {what}.", code="invalid")


def param_date(data: Mapping[str, Any], key: str) -> datetime.date:
    """A date stored as ``jjjj-mm-dd``."""
    value = data.get(key)
    if value in (None, ""):
        raise _missing(key)
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _wrong(key, "datum (jjjj-mm-dd)") from None


def param_int(data: Mapping[str, Any], key: str) -> int:
    """A whole number, such as the id of a row (a bool is no number here)."""
    value = data.get(key)
    if value in (None, ""):
        raise _missing(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _wrong(key, "getal")
    try:
        return int(value)
    except ValueError:
        raise _wrong(key, "getal") from None


def param_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        raise _missing(key)
    if not isinstance(value, str):
        raise _wrong(key, "tekst")
    return value


def param_bool(data: Mapping[str, Any], key: str, default: bool = False) -> bool:
    """Absent is ``default``; rows from before a flag existed simply lack it."""
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool | int) or value not in (0, 1):
        raise _wrong(key, "ja/nee-waarde")
    return bool(value)
