"""A stand-in for the PDF builders where rendering is not the point (a real render takes seconds).

``use_stub_builders(monkeypatch)`` puts the stubs in ``services.BUILDERS`` and returns the list
of renders, so a test can see whether anything was rendered again. Each render gives different
bytes on purpose: a document that comes back identical was not rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass

from swvportal.documents import services
from swvportal.documents.models import DocumentKind


@dataclass
class StubSource:
    filename: str
    content: bytes
    renders: list[str]

    def render(self) -> bytes:
        self.renders.append(self.filename)
        return self.content


def use_stub_builders(monkeypatch) -> list[str]:
    renders: list[str] = []

    def osp(*, tenant, plan, peildatum) -> StubSource:
        name = f"{tenant.code}-ondersteuningsplan-{plan.version}.pdf"
        return StubSource(name, _pdf(f"plan {plan.pk} {plan.status} #{len(renders)}"), renders)

    def monitoring(*, tenant, plan, peildatum) -> StubSource:
        name = f"{tenant.code}-dashboard-{peildatum:%Y-%m-%d}.pdf"
        return StubSource(name, _pdf(f"dashboard {peildatum} #{len(renders)}"), renders)

    monkeypatch.setitem(services.BUILDERS, DocumentKind.OSP, osp)
    monkeypatch.setitem(services.BUILDERS, DocumentKind.MONITORING, monitoring)
    return renders


def _pdf(text: str) -> bytes:
    return b"%PDF-1.7\n% stub: " + text.encode() + b"\n%%EOF\n"
