"""A stand-in for the PDF builders where rendering is not the point (a real render takes seconds).

``use_stub_builders(monkeypatch)`` puts the stubs in the registered types' ``build`` and returns
the list of renders, so a test can see whether anything was rendered again. Each render gives
different bytes on purpose: a document that comes back identical was not rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from swvportal.documents import registry


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

    def osp(*, tenant, plan, peildatum=None) -> StubSource:
        name = f"{tenant.code}-ondersteuningsplan-{plan.version}.pdf"
        return StubSource(name, _pdf(f"plan {plan.pk} {plan.status} #{len(renders)}"), renders)

    def monitoring(*, tenant, peildatum, plan=None) -> StubSource:
        name = f"{tenant.code}-dashboard-{peildatum:%Y-%m-%d}.pdf"
        return StubSource(name, _pdf(f"dashboard {peildatum} #{len(renders)}"), renders)

    use_builder(monkeypatch, "osp", osp)
    use_builder(monkeypatch, "monitoring", monitoring)
    return renders


def use_builder(monkeypatch, kind: str, build) -> None:
    """``build`` in place of the registered type's builder, for this test only."""
    monkeypatch.setitem(registry.TYPES, kind, replace(registry.TYPES[kind], build=build))


def _pdf(text: str) -> bytes:
    return b"%PDF-1.7\n% stub: " + text.encode() + b"\n%%EOF\n"
