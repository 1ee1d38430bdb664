"""Case lists: ICB crises (per crisis or actor) and extended-deterrence cases, filtered.

Both come from the library (``detente.crisis_outcomes``, ``detente.deterrence_cases``), computed
once per service and filtered here by state, years and outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

import detente
from detente.errors import InputError
from detente.registry import get_source

from .errors import NotFound, Unavailable
from .filters import filter_outcome, filter_years
from .profiles import Profiles


class Cases(Profiles):
    """Crisis and deterrence case tables, and the crises of one dyad."""

    def crisis_table(self, level: str = "crisis") -> pa.Table:
        """``detente.crisis_outcomes(level)``, computed once."""
        key = ("crises", level)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        function = getattr(detente, "crisis_outcomes", None)
        if function is None:
            raise Unavailable("this detente version has no crisis_outcomes")
        if level not in ("crisis", "actor"):
            raise InputError(f"unknown level {level!r}; choose crisis or actor")
        with self.lock:
            table = function(level, self.wh)
        return self.cache.put(key, table)

    def crises(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        level: str = "crisis",
    ) -> pa.Table:
        """ICB crises (or crisis actors) filtered by actors (all must take part), years and outcome."""
        table = self.crisis_table(level)
        actors = self.crisis_table("actor")
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
        if codes:
            keep: set[int] | None = None
            for code in codes:
                mine = set(actors.filter(pc.equal(actors["ccode"], code))["crisno"].to_pylist())
                keep = mine if keep is None else keep & mine
            table = table.filter(pc.is_in(table["crisno"], pa.array(sorted(keep or []), pa.int64())))
            if level == "actor":
                table = table.filter(
                    pc.is_in(table["ccode"], pa.array(list(codes), table["ccode"].type))
                )
        table = filter_years(table, years, get_source("icb-15").years, "ICB 15")
        if outcome:
            table = filter_outcome(
                table, outcome, ["outcome_kind", "outcome_label", "outcome_form_label"]
            )
        return table

    def deterrence(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        min_hostility: int = 2,
        clean: bool | None = None,
    ) -> pa.Table:
        """``detente.deterrence_cases`` filtered by state (any role), years, outcome and clean cases."""
        function = getattr(detente, "deterrence_cases", None)
        if function is None:
            raise Unavailable("this detente version has no deterrence_cases")
        key = ("deterrence", min_hostility)
        table = self.cache.get(key)
        if table is None:
            with self.lock:
                table = self.cache.put(key, function(self.wh, None, min_hostility))
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
            roles = [pc.equal(table[f"{r}_ccode"], code) for r in ("challenger", "target", "ally")]
            table = table.filter(pc.or_(pc.or_(roles[0], roles[1]), roles[2]))
        table = filter_years(table, years, get_source("cow-mid-5.0").years, "COW MID 5.0")
        if outcome:
            if outcome in ("backed_down", "held"):
                want = outcome == "backed_down"
                table = table.filter(pc.equal(table["challenger_backed_down"], want))
            else:
                table = filter_outcome(table, outcome, ["outcome"], ["backed_down", "held"])
        if clean is not None:
            table = table.filter(pc.equal(table["clean"], clean))
        return table

    def dyad_crises(self, a: int, b: int) -> list[dict[str, Any]]:
        """ICB crises in which both states were crisis actors, with each side's outcome."""
        try:
            actors = self.crisis_table("actor")
            crises = self.crisis_table("crisis")
        except Unavailable:
            return []
        rows = actors.filter(pc.is_in(actors["ccode"], pa.array([a, b], actors["ccode"].type)))
        by_crisis: dict[int, dict[int, dict[str, Any]]] = {}
        for r in rows.to_pylist():
            by_crisis.setdefault(r["crisno"], {}).setdefault(r["ccode"], r)
        both = sorted(n for n, sides in by_crisis.items() if a in sides and b in sides)
        chosen = crises.filter(pc.is_in(crises["crisno"], pa.array(both, crises["crisno"].type)))
        out = []
        for crisis in chosen.to_pylist():
            sides = by_crisis[crisis["crisno"]]
            crisis["outcome_a"] = sides[a]["outcome_label"]
            crisis["outcome_b"] = sides[b]["outcome_label"]
            out.append(crisis)
        return out
