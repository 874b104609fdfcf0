"""The jaarplan (domain.md §4) beside the OSP it derives from: generation from the plan,
activities and their progress, the status workflow, the kwaliteitskalender, the bijeenkomsten,
the PDF and the exchange. Models are in ``plans.models``; this package holds the rest.

* ``generate``: a jaarplan for a school year from the adopted OSP, and carrying activities over.
* ``services``: writes on verbeterpunten and activities (content, progress, evaluation).
* ``workflow``: concept → vastgesteld → geëvalueerd, versions and the approval trail.
* ``selectors`` / ``access``: reads, and the one way a view gets a jaarplan or an activity.
"""
