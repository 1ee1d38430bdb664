"""Tables in README.md and docs/ generated from the declarations (steps, verbs, CLI commands).

Each generated block sits between two markers::

    <!-- generated: steps -->
    ...
    <!-- end generated: steps -->

``python -m detente.reference`` rewrites every block in README.md and docs/*.md from the
declarations (``@step``, ``@table`` and the Typer app); ``--check`` exits 1 when a committed
block is stale (the tests run the same check).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .params import Param
from .registry import get_source
from .steps import STEPS
from .steps._base import Step
from .tables import all_verbs

ROOT = Path(__file__).resolve().parents[2]
FILES = ("README.md", "docs/verbs.md", "docs/cli.md", "docs/examples.md")
MARK = re.compile(
    r"(<!-- generated: (?P<name>[\w-]+) -->\n).*?(<!-- end generated: (?P=name) -->)", re.S
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (RST double backticks become Markdown code)."""
    return text.replace("``", "`").replace("|", "\\|").replace("\n", " ").strip()


def _span(ids: set[str]) -> str:
    """The widest span of the sources' declared years ("1816-2016"), or "-"."""
    spans = [y for y in (get_source(i).years for i in sorted(ids)) if y]
    return f"{min(s[0] for s in spans)}-{max(s[1] for s in spans)}" if spans else "-"


def step_years(step: Step) -> str:
    """The years a step's values can cover (``Step.years``: its sources' declared years without
    the membership lists, or the step's own domain), or "-"."""
    return f"{step.years[0]}-{step.years[1]}" if step.years else "-"


def _signature(params: dict[str, Param]) -> str:
    return ", ".join(params)


def steps_table() -> str:
    """The panel steps: name(parameters), units, years, sources, what each adds."""
    from .steps import _discover  # noqa: F401

    rows = [
        "| step | units | years | sources | what it adds |",
        "|---|---|---|---|---|",
    ]
    for s in sorted(STEPS.values(), key=lambda s: s.name):
        ids: set[str] = set()
        for unit in s.units:
            ids |= set(s.sources_for({}, unit))
        units = ", ".join(u.replace("-year", "") for u in s.units)
        name = f"`{s.name}({_signature(s.params)})`" if s.params else f"`{s.name}`"
        first = s.doc.splitlines()[0] if s.doc else ""
        rows.append(
            f"| {name} | {units} | {step_years(s)} | {', '.join(sorted(ids))} | {_cell(first)} |"
        )
    return "\n".join(rows) + "\n"


def verbs_table() -> str:
    """The table verbs: command, Python function, HTTP endpoint, years, what each returns."""
    rows = [
        "| command | Python | HTTP | years | what it returns |",
        "|---|---|---|---|---|",
    ]
    for v in all_verbs():
        rows.append(
            f"| `detente {v.name}` | `detente.{v.python}()` | `/api/{v.name}` | "
            f"{_span(set(v.sources))} | {_cell(v.title)} |"
        )
    return "\n".join(rows) + "\n"


def verbs_reference() -> str:
    """One section per verb: parameters (CLI option, HTTP name, kind, default, help) and columns."""
    parts = []
    for v in all_verbs():
        sources = ", ".join(f"`{s}`" for s in v.sources) or "none (shipped with detente)"
        parts.append(f"### `{v.name}`\n\n{_cell(v.title)}\n")
        parts.append(
            f"Python `detente.{v.python}(...)`, CLI `detente {v.name}`, HTTP `GET /api/{v.name}`; "
            f"sources: {sources}.\n"
        )
        parts.append("| parameter | CLI | kind | default | meaning |\n|---|---|---|---|---|")
        for p in v.params.values():
            cli = p.name.upper() if p.positional else f"`{p.option}`"
            kind = p.kind.metavar + (", repeatable" if p.kind.multiple else "")
            default = "required" if p.required else ("-" if p.default is None else f"`{p.default}`")
            parts.append(f"| `{p.name}` | {cli} | {_cell(kind)} | {default} | {_cell(p.help)} |")
        parts.append("\n| column | meaning |\n|---|---|")
        parts.extend(f"| `{c}` | {_cell(h)} |" for c, h in v.columns.items())
        parts.append("")
    return "\n".join(parts)


def commands_table() -> str:
    """Every ``detente`` command with its usage and first help line (from the Typer app)."""
    import typer

    from .cli import app

    group = typer.main.get_command(app)
    rows = ["| command | what it does |", "|---|---|"]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if command.hidden:
            continue
        if hasattr(command, "commands"):  # a sub-app such as ``events``
            usage = "{" + ",".join(command.commands) + "} ..."
        else:
            usage = " ".join(_usage(p) for p in command.params if p.name != "help")
        text = (command.help or "").strip().splitlines()[0] if command.help else ""
        cmd = f"detente {name} {usage}".strip()
        rows.append(f"| `{_cell(cmd)}` | {_cell(text.replace('``', '`'))} |")
    return "\n".join(rows) + "\n"


def _usage(param: Any) -> str:
    """One command-line parameter as a usage line shows it: ``[--years YYYY[-YYYY]]``, ``QUERY``."""
    if param.param_type_name == "argument":
        word = (param.metavar or param.name).upper()
        word = f"{word}..." if param.nargs == -1 else word
        return word if param.required else f"[{word}]"
    name = max(param.opts, key=len)
    if param.is_flag:
        flag = f"{name}/{max(param.secondary_opts, key=len)}" if param.secondary_opts else name
        return f"[{flag}]"
    metavar = param.metavar or name.lstrip("-").upper()
    more = "..." if param.multiple else ""
    return f"{name} {metavar}" if param.required else f"[{name} {metavar}]{more}"


def examples_table() -> str:
    """The worked analyses in examples/: script, what it shows (its docstring's first line)."""
    import ast

    rows = ["| example | what it shows |", "|---|---|"]
    for path in sorted((ROOT / "examples").glob("[!_]*.py")):  # not the shared _common.py
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        first = doc.splitlines()[0] if doc else ""
        rows.append(f"| `examples/{path.name}` (figure `{path.stem}.png`) | {_cell(first)} |")
    return "\n".join(rows) + "\n"


BLOCKS: dict[str, Callable[[], str]] = {
    "steps": steps_table,
    "verbs": verbs_table,
    "verbs-reference": verbs_reference,
    "commands": commands_table,
    "examples": examples_table,
}


def render(text: str) -> str:
    """``text`` with every generated block rewritten (unknown block names are an error)."""

    def fill(m: re.Match[str]) -> str:
        name = m["name"]
        if name not in BLOCKS:
            raise KeyError(f"unknown generated block {name!r}; known: {sorted(BLOCKS)}")
        return m[1] + BLOCKS[name]() + m[3]

    return MARK.sub(fill, text)


def stale(root: Path = ROOT) -> list[str]:
    """The files whose generated blocks differ from the declarations."""
    return [
        f
        for f in FILES
        if (root / f).exists() and render((root / f).read_text()) != (root / f).read_text()
    ]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks (or, with ``--check``, list the stale files and exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        old = stale()
        for f in old:
            print(f"{f}: generated blocks are stale; run python -m detente.reference")
        return 1 if old else 0
    for f in FILES:
        path = ROOT / f
        if path.exists():
            text = path.read_text()
            new = render(text)
            if new != text:
                path.write_text(new)
                print(f"rewrote {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
