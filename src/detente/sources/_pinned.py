"""Files pinned to one commit of a publisher's GitHub repository, and the citations sources share."""

from __future__ import annotations

from ..registry import SourceFile

#: peacesciencer (Miller 2022), cited by every source whose files come from it
PEACESCIENCER_CITATION = """@article{miller_2022,
  author = {Miller, Steven V.},
  title = {peacesciencer: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {6},
  pages = {755--779},
  year = {2022}
}"""


def raw_url(repo: str, commit: str, path: str) -> str:
    """The raw.githubusercontent.com address of ``path`` in ``repo`` (owner/name) at ``commit``."""
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"


def pinned_file(
    repo: str, commit: str, folder: str, name: str, sha256: str, size: int, fmt: str, caveat: str = ""
) -> SourceFile:
    """A file of ``repo``'s ``folder`` at ``commit``, whose blob there was checked equal to our copy.

    >>> f = pinned_file("meflynn/troopdata", "3946bcf", "data-raw", "basedata.csv", "0" * 64, 1, "csv")
    >>> f.url, f.publisher_identical
    ('https://raw.githubusercontent.com/meflynn/troopdata/3946bcf/data-raw/basedata.csv', True)
    """
    return SourceFile(
        name=name,
        sha256=sha256,
        format=fmt,
        url=raw_url(repo, commit, f"{folder}/{name}"),
        publisher_identical=True,
        note=f"the {repo} repository's blob at commit {commit[:7]} was checked equal to this copy "
        f"(the branch moves; the URL pins the commit){caveat}",
        size=size,
    )
