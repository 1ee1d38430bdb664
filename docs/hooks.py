"""MkDocs hook: docstring examples (``>>>`` lines and their output) become ``pycon`` code blocks.

The docstrings keep plain doctest form (the tests run them); without this, Markdown reads
``>>>`` as nested block quotes and ``x["a"]["b"]`` as reference links.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor


class DoctestFence(Preprocessor):
    """Wrap each run of doctest lines (prompt, continuation, output) in a pycon fence."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = False
        in_doctest = False
        for line in lines:
            stripped = line.strip()
            if not in_doctest and stripped.startswith(("```", "~~~")):
                fenced = not fenced
            if not fenced and not in_doctest and stripped.startswith(">>>"):
                indent = line[: len(line) - len(line.lstrip())]
                out += ["", f"{indent}```pycon"]
                in_doctest = True
            elif in_doctest and not stripped:
                out.append(f"{indent}```")
                in_doctest = False
            out.append(line)
        if in_doctest:
            out.append(f"{indent}```")
        return out


class DoctestExtension(Extension):
    """Registers :class:`DoctestFence` before the other preprocessors see the text."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.preprocessors.register(DoctestFence(md), "doctest_fence", 29)


def on_config(config):
    """Add the extension to the site's (and so mkdocstrings') Markdown extensions."""
    config.markdown_extensions.append(DoctestExtension())
    return config
