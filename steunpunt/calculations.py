"""The dashboard's three steunpunt rows (Bijlage 4, pijler 3), computed: see part "figures"."""
