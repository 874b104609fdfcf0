from .outline import KINDS


class ItemKindConverter:
    """The kind of plan part in a URL: hoofdstuk, opgave, afkorting, goedkeuring, pijler, ..."""

    regex = "|".join(sorted(KINDS))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
