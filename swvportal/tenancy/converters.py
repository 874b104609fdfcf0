class TenantCodeConverter:
    """The first URL segment: a tenant code such as ``VO0001``."""

    regex = "[A-Z]{2}[A-Z0-9-]{1,14}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)
