"""Atomic writes: the target is the new content or the old one, never a mix or a stray file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from foedus.store.files import atomic_path, write_atomic


def test_text_and_bytes_written_and_folders_made(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.json"
    assert write_atomic(target, "ünïcode\n") == target
    assert target.read_bytes() == "ünïcode\n".encode()
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.json"]


def test_usual_permissions_not_those_of_mkstemp(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == 0o644


def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half of the new")
        assert tmp.parent == tmp_path and tmp != target
        raise RuntimeError("writer failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_an_interrupt_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("partial")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_writer_taking_a_file_name(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    with atomic_path(target) as tmp:
        tmp.write_text("a,b\n1,2\n")
        assert not target.exists()
    assert target.read_text() == "a,b\n1,2\n"
