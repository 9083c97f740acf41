"""``foedus --help`` (and every command's ``--help``) starts without the heavy libraries.

The start-up time itself is measured by ``benchmarks/cli_startup.py`` (a ratio against a
bare Python start); here the cause of a slow start is checked: no command module may
import numpy, pandas, scipy, numba, DuckDB, Plotly, the scenario schema or the model at
module level (Typer itself may import pydantic for some commands).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "pandas", "scipy", "numba", "duckdb", "plotly", "SALib", "uvicorn",
         "dask", "yaml", "foedus.model", "foedus.engine", "foedus.study.result",
         "foedus.scenario.schema")

PROBE = """
import json, sys
from foedus.cli.app import main
args = json.loads(sys.argv[1])
try:
    main(args)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = json.loads(sys.argv[2])
print(json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}))
"""


def _help(args: list[str]) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
                          capture_output=True, text=True, check=True)
    last: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return last


def _commands() -> list[list[str]]:
    import typer.main

    from foedus.cli.app import app

    group = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        if subs:
            out += [[name, sub] for sub in subs]
        else:
            out.append([name])
    return out


def test_root_help_loads_no_heavy_module() -> None:
    res = _help(["--help"])
    assert res["code"] == 0
    assert res["loaded"] == []


def test_every_command_help_loads_no_heavy_module() -> None:
    commands = _commands()
    assert {"compare", "run", "report", "sensitivity", "audit", "sweep", "serve"} <= {
        c[0] for c in commands}
    for cmd in commands:
        res = _help([*cmd, "--help"])
        assert res["code"] == 0, cmd
        assert res["loaded"] == [], (cmd, res["loaded"])
