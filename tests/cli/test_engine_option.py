"""``--engine``: the compiled kernel gives the numpy kernel's numbers, bad engines exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app


def test_numba_engine_gives_identical_json() -> None:
    pytest.importorskip("numba", reason="the numba engine is optional")
    runner = CliRunner()
    args = ["compare", "july-1914", "--reps", "2000", "--json", "--no-store"]
    a = runner.invoke(app, [*args, "--engine", "numpy"])
    b = runner.invoke(app, [*args, "--engine", "numba"])
    assert a.exit_code == 0 and b.exit_code == 0
    assert a.stdout == b.stdout


def test_unknown_engine_is_a_user_error() -> None:
    res = CliRunner().invoke(app, ["run", "july-1914", "--policy", "as-in-1914",
                                   "--engine", "fortran", "--no-store"])
    assert res.exit_code == 2
    assert "unknown engine" in res.output and "Traceback" not in res.output


def test_sensitivity_numba_engine_gives_identical_json() -> None:
    pytest.importorskip("numba", reason="the numba engine is optional")
    runner = CliRunner()
    args = ["sensitivity", "july-1914", "--policy", "as-in-1914", "--outcome",
            "great_power_war", "--n", "8", "--reps", "200", "--json", "--no-store"]
    a = runner.invoke(app, [*args, "--engine", "numpy"])
    b = runner.invoke(app, [*args, "--engine", "numba"])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    assert a.stdout == b.stdout
