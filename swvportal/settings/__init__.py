"""Settings per purpose: ``base`` (all, from the environment), ``dev``, ``test``, ``production``.

``dev`` and ``test`` only put safe defaults into the environment before importing ``base``; no
behaviour exists only in production.
"""
