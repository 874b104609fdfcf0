"""The finance app's PDFs and its appendix to the OSP (autodiscovered by ``swvportal.documents``).

Each part keeps its own module; importing them here registers their document types:

* ``pdf_begroting``: the begroting PDF (type ``begroting``: cover, the table, the reserve checks,
  the approval trail; archived once per vastgestelde version) and Bijlage 3 of the OSP
  (``@appendix("osp", order=3)``: the tenant's vastgestelde begroting in the seed's layout);
* ``pdf_vangnet``: a school's vangnet figures and claim as a PDF.
"""

from . import pdf_begroting, pdf_vangnet  # noqa: F401
