"""Regression tests of the hardened YAML loader: each reproduction of the hardening
report (deep nesting, tags and dates, control characters, alias bombs in keys and
values, seeds beyond the store's column, lax claims types) is a located error."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence.claims_schema import parse_claims
from foedus.scenario.errors import MAX_ISSUES, ScenarioError
from foedus.scenario.loader import parse_scenario
from foedus.scenario.schema import MAX_SEED
from foedus.scenario.yamlio import MAX_DEPTH, MAX_NODES, load_yaml

runner = CliRunner()
UKRAINE = (resources.files("foedus.scenario") / "bundled" / "ukraine-2025.yaml").read_text()
CLAIMS = (resources.files("foedus.evidence") / "claims" / "evans-2025.yaml").read_text()


def _error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_yaml(text, "f.yaml")
    return info.value


def test_deep_nesting_of_400_levels_is_located() -> None:
    text = "a: " + "[" * 400 + "]" * 400  # 803 bytes: a RecursionError before
    exc = _error(text)
    assert exc.issues[0].line == 1 and f"deeper than {MAX_DEPTH}" in exc.issues[0].message


def test_deep_block_nesting_is_located() -> None:
    text = "a:\n" + "\n".join("  " * (j + 1) + "- " for j in range(3000))
    assert "deeper than" in _error(text).issues[0].message


@pytest.mark.parametrize(("value", "expected"), [
    ("!!timestamp foo", "not a valid date"), ("!!bool maybe", "not true or false"),
    ("!!int abc", "not an integer"), ("2020-02-30", "day is out of range for month"),
    ("!!float x", "not a number"), ("!!python/object/apply:os.system [ls]", "unsupported"),
    ("!foo bar", "unsupported YAML tag '!foo'"), ("!!set {a}", "unsupported"),
    ("9" * 50, "more than 40 digits")])
def test_tags_and_bad_scalars_are_located(value: str, expected: str) -> None:
    exc = _error(f"x: 1\nkey: {value}\n")
    assert [(i.line, i.field) for i in exc.issues] == [(2, "key")]
    assert expected in exc.issues[0].message


def test_control_character_gets_its_line() -> None:
    exc = _error("a: 1\nb: 2\nc: x\x01y\n")
    assert exc.issues[0].line == 3 and "U+0001" in exc.issues[0].message


def test_alias_bomb_in_keys_is_refused_fast() -> None:
    lines = ["? &a0 [x, x, x, x, x, x, x, x, x]", ": 0"]
    lines += [f"? &a{j} [{', '.join([f'*a{j - 1}'] * 9)}]\n: {j}" for j in range(1, 8)]
    text = "\n".join(lines) + "\n"  # 366 bytes: 10.8 s and 1.3 GB before
    t0 = time.process_time()
    exc = _error(text)
    assert time.process_time() - t0 < 5  # a sanity bound, far above the milliseconds it takes
    assert "mapping key must be a plain value" in exc.issues[0].message
    assert len(str(exc)) < 500


def test_alias_bomb_in_values_counts_through_aliases() -> None:
    rows = ["- &a0 [x, x, x, x, x, x, x, x, x]"]
    rows += [f"- &a{j} [{', '.join([f'*a{j - 1}'] * 9)}]" for j in range(1, 8)]
    exc = _error("\n".join(rows))
    assert f"more than {MAX_NODES:,} nodes" in exc.issues[0].message
    assert exc.issues[0].line == 5  # the first alias that crosses the budget


def test_aliases_to_scalars_and_small_collections_still_work() -> None:
    data, src = load_yaml("a: &x {b: 1}\nc: *x\nd: &s text\ne: {*s : 2}\n", "f.yaml")
    assert data == {"a": {"b": 1}, "c": {"b": 1}, "d": "text", "e": {"text": 2}}
    assert src.line(("c",)) == 2


def test_a_flat_list_of_256_kb_is_cheap() -> None:
    text = UKRAINE + "\nextra: [" + "1, " * 85_000 + "]\n"
    t0 = time.process_time()
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "big.yaml")
    assert time.process_time() - t0 < 5  # a sanity bound; about 0.1 s
    assert "nodes" in str(info.value)


def test_many_bad_values_list_a_bounded_number_of_issues() -> None:
    text = UKRAINE.replace("sources:", "sources: [" + "{}, " * 5000 + "]\nold_sources:", 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "many.yaml")
    assert len(info.value.issues) == MAX_ISSUES and info.value.more > 0
    assert str(info.value).endswith(f"... and {info.value.more} more problem(s)")


@pytest.mark.parametrize("seed", [2**63, 18446744073709551616, -1])
def test_seed_must_fit_the_store(seed: int, tmp_path: Path) -> None:
    text = UKRAINE.replace("seed: ", "seed: " + str(seed) + "\nold_seed: ", 1) \
        if "seed: " in UKRAINE else UKRAINE + f"\nseed: {seed}\n"
    text = text.replace("old_seed: ", "# ", 1)
    f = tmp_path / "s.yaml"
    f.write_text(text)
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 2 and f"{f}:" in res.output and "seed" in res.output
    assert MAX_SEED == 2**63 - 1


def test_cli_compare_with_a_bad_date_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(UKRAINE.replace("name:", "note_date: 2020-02-30\nname:", 1))
    res = runner.invoke(app, ["compare", str(f), "--reps", "100", "--no-store"])
    assert res.exit_code == 2
    assert f"{f}:" in res.output and "day is out of range for month" in res.output


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400", "true", "'0.5'"])
def test_claims_values_are_strict(value: str) -> None:
    old = "threat_base: {dist: beta, mean: 0.5, concentration: 10}"
    assert old in CLAIMS
    with pytest.raises(ScenarioError) as info:
        parse_claims(CLAIMS.replace(old, f"threat_base: {value}", 1), "c.yaml")
    issue = info.value.issues[0]
    assert issue.line == CLAIMS.splitlines().index(
        next(ln for ln in CLAIMS.splitlines() if old in ln)) + 1
    assert issue.field == "claims.0.holds.parameters.threat_base"
