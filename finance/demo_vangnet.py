"""Demo vangnet claim computed from the demo TLVs (part "vangnet" fills this)."""

from __future__ import annotations


def seed_vangnet(tenant) -> list[str]:
    return []
