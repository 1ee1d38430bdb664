"""Table-returning verbs, each declared once with :func:`detente.tables._base.table`.

Crisis outcomes, burden sharing, alliance ties and paths, peacekeeping missions, dispute
escalation, deterrence cases and country codes: each is a Python function in ``detente``, a
``detente`` command, an ``/api/<name>`` endpoint and a row of docs/verbs.md.
"""

from ._base import VERBS, Verb, all_verbs, get_verb, table

__all__ = ["VERBS", "Verb", "all_verbs", "get_verb", "table"]
