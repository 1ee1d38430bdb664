"""Outputs: a failed write leaves neither a partial file nor a temporary one; paths checked first."""

from __future__ import annotations

import pytest

from detente.errors import InputError
from detente.outputs import atomic_path, check_output, write_text


def test_failed_write_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "panel.parquet"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        (tmp_path / tmp).write_bytes(b"PAR1 half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_failed_rewrite_keeps_the_old_file(tmp_path) -> None:
    target = write_text(tmp_path / "refs.bib", "@misc{old,}\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        (tmp_path / tmp).write_text("@misc{new,")
        raise RuntimeError("interrupted")
    assert target.read_text() == "@misc{old,}\n" and list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("x.xlsx", "the suffix must be .parquet or .csv"),
        ("no/such/x.csv", "folder 'no/such' does not exist"),
    ],
)
def test_check_output_names_the_path(path, message) -> None:
    with pytest.raises(InputError, match=message):
        check_output(path)
