"""The kinds of PDF the portal issues, and the appendices one app adds to another's PDF.

The platform knows no kind by name. Each app describes its documents in its own ``pdf`` module
(autodiscovered by ``DocumentsConfig.ready()``, as the admin finds ``admin`` modules):

    register(DocumentType(key="osp", label="Ondersteuningsplan", build=..., clean=..., ...))

and may add a part to another app's document without that app importing it:

    @appendix("osp", order=4)
    def bijlage_4(data) -> Section | None: ...

The list, the download, "PDF maken", the job, ``render_pdf <type>`` and the permissions all read
this registry; adding a kind touches nothing in ``swvportal.documents``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Model

if TYPE_CHECKING:
    from swvportal.tenancy.models import Tenant


class Renderable(Protocol):
    """What a builder returns: ``core.pdf.PdfSource`` or anything with the same two members."""

    filename: str

    def render(self) -> bytes: ...


class Archive(Enum):
    """When a document is kept as the one file of its subject (SubmissionReport's "issued once")."""

    NEW_EACH_TIME = "new"  # every request renders a new document; earlier ones are kept
    ONCE_PER_SUBJECT = "once"  # the first final render is archived and returned ever after


@dataclass(frozen=True)
class Facts:
    """What the document row records of its parameters (the list shows them)."""

    title: str
    subject: Model | None = None  # the row it was made of: one archive per subject
    version_label: str = ""
    peildatum: datetime.date | None = None
    final: bool = False  # with ONCE_PER_SUBJECT: the subject will not change any more


@dataclass(frozen=True)
class Option:
    """A ``render_pdf`` option of a type: ``--version`` for the plan, ``--peildatum``."""

    flag: str
    dest: str
    help: str


Params = dict[str, Any]


def _no_check(**params: Any) -> None:
    return None


@dataclass(frozen=True)
class DocumentType:
    """One kind of issued PDF. Every callable takes and returns plain keyword parameters.

    * ``build(tenant=…, **params) -> Renderable``: reads the data and returns the source.
    * ``clean(tenant=…, **params) -> None``: raises a Dutch ``ValidationError`` for a bad request.
    * ``facts(**params) -> Facts``: the title and subject of the row.
    * ``to_json(**params)`` / ``from_json(data) -> Params``: the job's parameters (``from_json``
      runs in the job's tenant scope and raises ``LookupError`` when the subject is gone).
    * ``job_fact(data) -> str``: what the job page says it makes, from the job's parameters.
    * ``from_request(request, **url_kwargs) -> Params``: "PDF maken"; raises ``Http404`` for
      what the member may not see, ``ValidationError`` for bad input. ``back`` is where a
      refusal sends the member. ``create_path`` is the address of "PDF maken", ``create_name``
      its URL name in the ``documents`` namespace.
    * ``from_options(tenant, options) -> Params``: ``render_pdf``; raises ``CommandError``.

    Reading: an archived document needs ``read_capability``, any other ``draft_capability``
    (which also reads the archived ones). ``sensitive``: every download is logged as a read.
    """

    key: str
    label: str
    build: Callable[..., Renderable]
    facts: Callable[..., Facts]
    to_json: Callable[..., dict]
    from_json: Callable[[dict], Params]
    job_fact: Callable[[dict], str]
    create_capability: str
    read_capability: str
    draft_capability: str
    clean: Callable[..., None] = _no_check
    archive: Archive = Archive.NEW_EACH_TIME
    sensitive: bool = False
    create_path: str = ""
    create_name: str = ""
    from_request: Callable[..., Params] | None = None
    back: Callable[..., str] | None = None
    # (tenant) -> HTML for the documents page: where a member makes this PDF
    make_hint: Callable[[Tenant], str] | None = None
    options: tuple[Option, ...] = ()
    from_options: Callable[..., Params] | None = None
    draft_note: str = "concept, niet gearchiveerd"  # ONCE_PER_SUBJECT but not (yet) archived


TYPES: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> DocumentType:
    if TYPES.get(document_type.key, document_type) is not document_type:
        raise ValueError(f"Document type {document_type.key!r} is already registered.")
    TYPES[document_type.key] = document_type
    return document_type


def get(key: str) -> DocumentType | None:
    return TYPES.get(key)


def all_types() -> Iterator[DocumentType]:
    """In the order of registration: that of ``INSTALLED_APPS``."""
    return iter(list(TYPES.values()))


def choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in all_types()]


def label_of(key: str) -> str:
    found = TYPES.get(key)
    return found.label if found else key


# --- Appendices: parts one app adds to another app's document ----------------------------------


@dataclass(frozen=True)
class Section:
    """A part after the main text of a PDF: an appendix, a list, a colophon.

    The document prints its page break and its ``h1`` (``id=anchor``) and includes ``template``
    with ``data``; the partial starts its own headings at ``h2``.
    """

    anchor: str
    title: str
    template: str
    data: Any = None


@dataclass(frozen=True)
class Appendix:
    document: str  # the key of the document type it belongs to
    order: int  # print order among that document's appendices (Bijlage 1, 3, 4 …)
    build: Callable[[Any], Section | None]  # (the document's data) -> a section, or None
    name: str = field(default="")


APPENDICES: list[Appendix] = []


def appendix(
    document: str, *, order: int
) -> Callable[[Callable[[Any], Section | None]], Callable[[Any], Section | None]]:
    """Add the decorated builder to ``document``'s appendices (idempotent per builder)."""

    def add(build: Callable[[Any], Section | None]) -> Callable[[Any], Section | None]:
        name = f"{build.__module__}.{build.__qualname__}"
        APPENDICES[:] = [a for a in APPENDICES if a.name != name]
        APPENDICES.append(Appendix(document, order, build, name))
        return build

    return add


def appendices_of(document: str) -> list[Appendix]:
    return sorted((a for a in APPENDICES if a.document == document), key=lambda a: a.order)
