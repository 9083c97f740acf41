"""``--engine``: the compiled rules give the Python-run rules' numbers, bad engines exit 2."""

from __future__ import annotations

from typer.testing import CliRunner

from foedus.cli.app import app


def test_reference_engine_gives_identical_json() -> None:
    runner = CliRunner()
    args = ["compare", "july-1914", "--reps", "300", "--json", "--no-store"]
    a = runner.invoke(app, [*args, "--engine", "reference"])
    b = runner.invoke(app, [*args, "--engine", "compiled"])
    assert a.exit_code == 0 and b.exit_code == 0
    assert a.stdout == b.stdout


def test_unknown_engine_is_a_user_error() -> None:
    res = CliRunner().invoke(app, ["run", "july-1914", "--policy", "as-in-1914",
                                   "--engine", "fortran", "--no-store"])
    assert res.exit_code == 2
    assert "unknown engine" in res.output and "Traceback" not in res.output


def test_sensitivity_reference_engine_gives_identical_json() -> None:
    runner = CliRunner()
    args = ["sensitivity", "july-1914", "--policy", "as-in-1914", "--outcome",
            "great_power_war", "--n", "4", "--reps", "50", "--json", "--no-store"]
    a = runner.invoke(app, [*args, "--engine", "reference"])
    b = runner.invoke(app, [*args, "--engine", "compiled"])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    assert a.stdout == b.stdout


def test_retired_numpy_engine_is_a_clear_user_error() -> None:
    res = CliRunner().invoke(app, ["run", "july-1914", "--policy", "as-in-1914",
                                   "--engine", "numpy", "--no-store"])
    assert res.exit_code == 2
    assert "retired" in res.output and "Traceback" not in res.output
