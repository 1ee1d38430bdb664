"""Case lists for the pages and dyad profiles: ICB crises, deterrence cases, MIC confrontations.

All are the declared verbs ``crises`` (``detente.crisis_outcomes``), ``deterrence``
(``detente.deterrence_cases``) and ``confrontation-escalation`` through :class:`.tables.Tables`;
the filtering is the verbs' own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .profiles import Profiles
from .tables import Tables


def _texts(**params: Any) -> dict[str, list[str]]:
    """Request-style texts for a verb from Python values (None and empty lists left out)."""
    out = {}
    for name, value in params.items():
        if value is None or value == [] or value == ():
            continue
        values = value if isinstance(value, list | tuple) else [value]
        out[name] = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return out


class Cases(Profiles, Tables):
    """Crisis and deterrence case tables, and the crises of one dyad."""

    def crises(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        level: str = "crisis",
    ) -> pa.Table:
        """ICB crises (or crisis actors) in which every state in ``codes`` was an actor."""
        params = _texts(level=level, actor=codes, years=years, outcome=outcome)
        return self.table("crises", params)[0]

    def deterrence(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        min_hostility: int = 2,
        clean: bool | None = None,
        source: str = "mid",
    ) -> pa.Table:
        """Extended-deterrence cases with any of ``codes`` in any role, by years, outcome, clean."""
        params = _texts(
            ccode=codes,
            years=years,
            outcome=outcome,
            min_hostility=min_hostility,
            clean=clean,
            source=source,
        )
        return self.table("deterrence", params)[0]

    def dyad_confrontations(self, a: int, b: int) -> list[dict[str, Any]]:
        """MIC confrontations between the two states (either way), with their escalation ladders."""
        dyads = self.table("confrontation-escalation", {"by": ["dyad"]})[0]
        lo, hi = min(a, b), max(a, b)
        pair = pc.and_(pc.equal(dyads["ccode1"], lo), pc.equal(dyads["ccode2"], hi))
        return dyads.filter(pair).to_pylist()

    def dyad_crises(self, a: int, b: int) -> list[dict[str, Any]]:
        """ICB crises in which both states were crisis actors, with each side's outcome."""
        known = set(self.crises(level="actor")["ccode"].to_pylist())
        if a not in known or b not in known:
            return []
        actors = self.crises((a, b), level="actor").to_pylist()
        sides = {(r["crisno"], r["ccode"]): r["outcome_label"] for r in actors}
        out = []
        for crisis in self.crises((a, b)).to_pylist():
            crisis["outcome_a"] = sides[(crisis["crisno"], a)]
            crisis["outcome_b"] = sides[(crisis["crisno"], b)]
            out.append(crisis)
        return out
