"""A document type and an appendix of the throwaway app (autodiscovered like any app's pdf.py)."""

from __future__ import annotations

from swvportal.documents.registry import DocumentType, Facts, Section, appendix, register


class _Source:
    filename = "dingen.pdf"

    def render(self) -> bytes:
        return b"%PDF-1.7 dingen"


register(
    DocumentType(
        key="registry_app.things",
        label="Dingenoverzicht",
        build=lambda **params: _Source(),
        facts=lambda **params: Facts(title="Dingenoverzicht"),
        to_json=lambda **params: {},
        from_json=lambda data: {},
        job_fact=lambda data: "Dingenoverzicht",
        create_capability="registry_app.view_things",
        read_capability="registry_app.view_things",
        draft_capability="registry_app.view_things",
    )
)


@appendix("osp", order=9)
def bijlage_dingen(data) -> Section:
    return Section("bijlage-dingen", "Bijlage 9 Dingen", "registry_app/pdf/bijlage.html")
