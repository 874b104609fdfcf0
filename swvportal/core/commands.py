"""Small helpers shared by management commands."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def read_input_file(path: Path) -> bytes:
    """The file's bytes, or a Dutch ``CommandError`` that says why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Het bestand {path} kan niet worden gelezen: {exc.strerror}.") from None
