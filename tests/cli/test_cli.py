"""The ``foedus`` command line: listing, schema, explain, and the JSON contract of run/compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence.registry import PARAMETER_NAMES
from foedus.negotiation.policy import with_negotiated
from foedus.scenario.library import load
from foedus.study.result import OUTCOME_KEYS

runner = CliRunner()

KEYS = {"deal_signed", "war_by_horizon", "war_no_deal", "war_after_deal",
        "resumption_given_deal", "guarantor_combat", "peacekeepers_struck", "great_power_war",
        "nuclear_use", "months_of_peace"}
TOP = {"scenario", "lens", "seed", "replications", "horizon_months", "version", "policies"}
FAST = ["--reps", "2000", "--horizon", "12"]
COMPARE_UA = ["compare", "ukraine-2025", "--reps", "3000", "--horizon", "24", "--json"]


def invoke(*args: str) -> Any:
    res = runner.invoke(app, list(args))
    assert "Traceback" not in res.output
    return res


def invoke_json(*args: str) -> dict[str, Any]:
    res = invoke(*args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def ukraine_compare() -> dict[str, Any]:
    return invoke_json(*COMPARE_UA)


@pytest.fixture(scope="module")
def july_compare() -> dict[str, Any]:
    return invoke_json("compare", "july-1914", *FAST, "--json")


def check_contract(data: dict[str, Any], *, exact_intervals: bool) -> None:
    """The JSON contract of ``run``/``compare --json``.

    ``exact_intervals=False`` allows 1e-12 of floating-point slack in ``lo <= p <= hi``
    (see the Wilson-boundary bug test in tests/study/test_intervals.py).
    """
    eps = 0.0 if exact_intervals else 1e-12
    assert set(data) == TOP
    assert isinstance(data["seed"], int) and isinstance(data["replications"], int)
    assert isinstance(data["horizon_months"], int) and isinstance(data["version"], str)
    assert data["policies"]
    for pid, pol in data["policies"].items():
        outcomes = pol["outcomes"]
        assert set(outcomes) == KEYS, pid
        for key, est in outcomes.items():
            if est is None:
                continue
            if key == "months_of_peace":
                assert set(est) == {"mean", "lo", "hi"}
                assert 0.0 <= est["mean"] <= data["horizon_months"]
                assert est["lo"] <= est["mean"] <= est["hi"]
            else:
                assert set(est) == {"p", "lo", "hi"}, (pid, key)
                for v in est.values():
                    assert 0.0 <= v <= 1.0, (pid, key, est)
                assert est["lo"] - eps <= est["p"] <= est["hi"] + eps, (pid, key, est)


# --- scenarios, schema, explain --------------------------------------------------------


def test_scenarios_lists_both_bundled() -> None:
    res = invoke("scenarios")
    assert res.exit_code == 0
    assert "ukraine-2025" in res.stdout and "july-1914" in res.stdout


def test_schema_is_json_with_properties() -> None:
    res = invoke("schema")
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert "properties" in schema
    assert {"actors", "commitments", "policies"} <= set(schema["properties"])


def test_explain_mentions_every_parameter_and_policy() -> None:
    res = invoke("explain", "ukraine-2025")
    assert res.exit_code == 0, res.output
    missing = [p for p in PARAMETER_NAMES if p not in res.stdout]
    assert not missing
    for p in load("ukraine-2025").scenario.policies:
        assert p.id in res.stdout


@pytest.mark.parametrize("lens", ["restraint", "deterrence"])
def test_explain_other_lenses(lens: str) -> None:
    assert invoke("explain", "july-1914", "--lens", lens).exit_code == 0


def test_version() -> None:
    res = invoke("--version")
    assert res.exit_code == 0 and res.stdout.strip()


# --- the JSON contract -----------------------------------------------------------------


def test_compare_ukraine_contract(ukraine_compare: dict[str, Any]) -> None:
    data = ukraine_compare
    check_contract(data, exact_intervals=False)
    assert data["scenario"] == "ukraine-2025" and data["lens"] == "evidence"
    assert data["replications"] == 3000 and data["horizon_months"] == 24
    # the hand-set policies, then the deal as negotiated (foedus.negotiation)
    assert list(data["policies"]) == [p.id for p in
                                      with_negotiated(load("ukraine-2025")).scenario.policies]


def test_no_deal_has_no_resumption(ukraine_compare: dict[str, Any]) -> None:
    out = ukraine_compare["policies"]["no-deal"]["outcomes"]
    assert out["resumption_given_deal"] is None
    assert out["deal_signed"]["p"] == 0.0
    assert out["war_after_deal"]["p"] == 0.0
    assert out["war_no_deal"]["p"] == out["war_by_horizon"]["p"]


def test_july_has_no_deal_outcomes(july_compare: dict[str, Any]) -> None:
    check_contract(july_compare, exact_intervals=False)
    for pol in july_compare["policies"].values():
        for key in ("deal_signed", "war_no_deal", "war_after_deal", "resumption_given_deal"):
            assert pol["outcomes"][key] is None, key


def test_july_intervals_contain_estimates_exactly(july_compare: dict[str, Any]) -> None:
    check_contract(july_compare, exact_intervals=True)


def test_run_single_policy_contract() -> None:
    data = invoke_json("run", "ukraine-2025", "--policy", "article5", *FAST, "--json",
                       "--seed", "5")
    check_contract(data, exact_intervals=False)
    assert list(data["policies"]) == ["article5"]
    assert data["seed"] == 5 and data["replications"] == 2000 and data["horizon_months"] == 12
    pol = data["policies"]["article5"]
    assert set(pol) >= {"outcomes", "survival", "max_level", "commitments"}
    assert len(pol["max_level"]) == 7
    assert abs(sum(pol["max_level"]) - 1.0) < 1e-5
    assert pol["survival"]["month"] == list(range(13))


@pytest.mark.parametrize("lens", ["restraint", "deterrence"])
def test_run_other_lenses(lens: str) -> None:
    data = invoke_json("run", "july-1914", "--policy", "as-in-1914", "--lens", lens, *FAST,
                       "--json")
    assert data["lens"] == lens
    check_contract(data, exact_intervals=False)


def test_outcome_keys_constant_matches_contract() -> None:
    assert set(OUTCOME_KEYS) == KEYS and len(OUTCOME_KEYS) == len(KEYS)


# --- determinism -----------------------------------------------------------------------


def test_same_command_same_bytes(ukraine_compare: dict[str, Any]) -> None:
    a = invoke(*COMPARE_UA).stdout
    b = invoke(*COMPARE_UA).stdout
    assert a == b
    assert json.loads(a) == ukraine_compare


def test_chunk_size_does_not_change_results() -> None:
    a = invoke(*COMPARE_UA).stdout
    b = invoke(*COMPARE_UA, "--chunk-size", "1000").stdout
    assert a == b


def test_seed_changes_results() -> None:
    a = invoke_json("run", "ukraine-2025", "--policy", "armistice", *FAST, "--json")
    b = invoke_json("run", "ukraine-2025", "--policy", "armistice", *FAST, "--json",
                    "--seed", "999")
    assert a["seed"] != b["seed"]
    assert a["policies"] != b["policies"]


# --- --out -----------------------------------------------------------------------------


def test_out_writes_json_and_csv(tmp_path: Path) -> None:
    out_dir = tmp_path / "results"
    res = invoke("run", "ukraine-2025", "--policy", "armistice", *FAST, "--json",
                 "--out", str(out_dir))
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in out_dir.iterdir())
    jsons = [f for f in files if f.endswith(".json")]
    csvs = [f for f in files if f.endswith(".csv")]
    assert len(jsons) == 1 and len(csvs) == 1, files
    assert not [f for f in files if f.startswith(".")], files  # no temporary files left
    written = json.loads((out_dir / jsons[0]).read_text(encoding="utf-8"))
    assert written == json.loads(res.stdout)
    frame = pd.read_csv(out_dir / csvs[0])
    assert list(frame.columns) == ["policy", "outcome", "estimate", "lo", "hi"]
    assert set(frame["outcome"]) == KEYS
    assert set(frame["policy"]) == {"armistice"}


def test_out_with_table_output(tmp_path: Path) -> None:
    out_dir = tmp_path / "o"
    res = invoke("compare", "july-1914", *FAST, "--out", str(out_dir))
    assert res.exit_code == 0, res.output
    assert len(list(out_dir.glob("*.json"))) == 1 and len(list(out_dir.glob("*.csv"))) == 1
    assert "as-in-1914" in res.stdout


# --- bad options -----------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["run", "ukraine-2025", "--policy", "no-deal", "--lens", "nonsense"],
    ["compare", "ukraine-2025", "--lens", "nonsense"],
    ["run", "ukraine-2025", "--policy", "no-such-policy"],
    ["run", "ukraine-2025", "--policy", "no-deal", "--reps", "0"],
    ["run", "ukraine-2025", "--policy", "no-deal", "--reps", "abc"],
    ["compare", "ukraine-2025", "--reps", "0"],
    ["run", "ukraine-2025", "--policy", "no-deal", "--horizon", "0"],
    ["run", "ukraine-2025", "--policy", "no-deal", "--seed", "-1"],
    ["run", "no-such-scenario", "--policy", "x"],
    ["explain", "ukraine-2025", "--lens", "nonsense"],
    ["explain", "no-such-scenario"],
], ids=["run-lens", "compare-lens", "policy", "reps-0", "reps-abc", "compare-reps-0",
        "horizon-0", "seed-neg", "scenario", "explain-lens", "explain-scenario"])
def test_bad_options_exit_2_without_traceback(tmp_path: Path, args: list[str]) -> None:
    out_dir = tmp_path / "out"
    res = invoke(*args, "--out", str(out_dir)) if args[0] != "explain" else invoke(*args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert res.stderr.strip()
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_unknown_policy_message_lists_the_available() -> None:
    res = invoke("run", "ukraine-2025", "--policy", "no-such-policy")
    assert "no-such-policy" in res.stderr and "article5" in res.stderr


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point: FILE:LINE messages on stderr, nothing on stdout, exit 2."""
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("foedus")
    if not exe.exists():
        pytest.skip("console script not installed next to the interpreter")
    f = tmp_path / "bad.yaml"
    f.write_text("id: x\nid: y\n", encoding="utf-8")
    proc = subprocess.run([str(exe), "validate", str(f)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"{f}:2: id: duplicate key"


def test_out_pointing_at_a_file_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    res = runner.invoke(app, ["run", "july-1914", "--policy", "as-in-1914", *FAST, "--json",
                              "--out", str(target)])
    assert res.exit_code == 2
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert target.read_text(encoding="utf-8") == "keep me"
