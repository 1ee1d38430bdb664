"""Citations: every BibTeX key once, shared references written under the first source citing them."""

from __future__ import annotations

import re
from collections import Counter

from detente.cite import cite
from detente.registry import all_sources


def test_all_sources_no_duplicate_keys() -> None:
    text = cite()
    keys = Counter(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE))
    assert keys and max(keys.values()) == 1
    assert text.count("\n% ") + text.startswith("% ") == len(list(all_sources()))


def test_shared_reference_is_written_once_and_named() -> None:
    """GML MID and COW IGO both come through peacesciencer (Miller 2022)."""
    text = cite(["gml-mid-2.2", "cow-igo-3.0"])
    assert text.count("@article{miller_2022,") == 1
    igo_header = next(line for line in text.splitlines() if line.startswith("% cow-igo-3.0"))
    assert igo_header.endswith("Also cites miller_2022 (above).")
    assert "@article{pevehouse_et_al_2020," in text
    # alone, each source carries its full citation
    assert "@article{miller_2022," in cite(["cow-igo-3.0"])
