"""A school's vangnet figures and claim as a PDF (part "vangnet" fills this)."""
