"""The begroting PDF and Bijlage 3 of the OSP (part "pdf" fills this)."""
