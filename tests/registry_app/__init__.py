"""A throwaway app for ``tests/test_registries.py``: it is added to ``INSTALLED_APPS`` and
nothing else, and must appear in every registry from its own ``portal.py``."""
