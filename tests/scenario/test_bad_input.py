"""Bad scenario input: every class of error is a ScenarioError located at FILE:LINE.

Each case writes a small YAML file, derived from a valid one, and states the
field path and the *text* of the line the problem is on; the expected line
number is computed from the YAML itself, so the cases stay right if the base
scenario is edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence.lenses import check_parameters
from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.loader import parse_scenario, read_document
from foedus.scenario.yamlio import load_yaml

BASE = """\
# a small valid scenario (this comment is line 1)
id: test
name: Test
adversary: red
protected: blue
horizon: 12
actors:
  - id: red
    name: Red
    source: s
  - id: blue
    name: Blue
    source: s
  - id: green
    name: Green
    source: s
  - id: rebels
    name: Rebels
    kind: faction
    host: blue
    target: red
    control: 0.5
    source: s
commitments:
  - id: green-blue
    guarantor: green
    beneficiary: blue
    type: collective_defense
    credibility: {mean: 0.5, concentration: 10}
    automaticity: 0.5
    source: s
    rationale: r
policies:
  - id: deal
    name: Deal
    commitments: [green-blue]
    source: s
"""


def _params(name: str, prior: str) -> str:
    return (f"parameters:\n  {name}:\n    prior: {prior}\n"
            "    source: s\n    rationale: r\n")


def _sub(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of ``text`` that contains ``needle``."""
    hits = [i for i, ln in enumerate(text.splitlines(keepends=True), start=1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    path: str  # the field path the issue must name ("" for none)
    needle: str | None  # text of the line the issue must point at (None: line 1)
    message: str  # a fragment of the message

    @property
    def line(self) -> int:
        return 1 if self.needle is None else line_of(self.text, self.needle)


CASES: list[Case] = [
    Case("yaml-syntax", _sub("  - id: blue\n", "  - id: blue\n   oops\n"), "", "   oops",
         "YAML syntax error"),
    Case("yaml-tab", _sub("horizon: 12\n", "horizon: 12\n\tseed: 3\n"), "", "\tseed: 3",
         "YAML syntax error"),
    Case("duplicate-key-top", _sub("horizon: 12\n", "horizon: 12\nhorizon: 13\n"), "horizon",
         "horizon: 13", "duplicate key"),
    Case("duplicate-key-nested", _sub("    name: Deal\n", "    name: Deal\n    name: Again\n"),
         "policies.0.name", "name: Again", "duplicate key"),
    Case("unknown-key-top", _sub("horizon: 12\n", "horizon: 12\nhorizn: 12\n"), "horizn",
         "horizn: 12", "unknown field"),
    Case("unknown-key-commitment",
         _sub("    automaticity: 0.5\n", "    automaticity: 0.5\n    automatic: yes\n"),
         "commitments.0.automatic", "automatic: yes", "unknown field"),
    Case("unknown-key-credibility",
         _sub("{mean: 0.5, concentration: 10}", "{mean: 0.5, concentration: 10, sd: 1}"),
         "commitments.0.credibility.sd", "sd: 1", "unknown field"),
    Case("missing-guarantor", _sub("guarantor: green", "guarantor: nobody"),
         "commitments.0.guarantor", "guarantor: nobody", "unknown actor 'nobody'"),
    Case("missing-faction-host", _sub("host: blue", "host: nobody"), "actors.3.host",
         "host: nobody", "unknown actor 'nobody'"),
    Case("missing-adversary", _sub("adversary: red", "adversary: nobody"), "adversary",
         "adversary: nobody", "unknown actor 'nobody'"),
    Case("faction-as-guarantor", _sub("guarantor: green", "guarantor: rebels"),
         "commitments.0.guarantor", "guarantor: rebels", "must be a state"),
    Case("faction-as-adversary", _sub("adversary: red", "adversary: rebels"), "adversary",
         "adversary: rebels", "must be a state"),
    Case("automaticity-above-1", _sub("automaticity: 0.5", "automaticity: 1.5"),
         "commitments.0.automaticity", "automaticity: 1.5", "less than or equal to 1"),
    Case("control-below-0", _sub("control: 0.5", "control: -0.1"), "actors.3.control",
         "control: -0.1", "greater than or equal to 0"),
    Case("wrong-type", _sub("horizon: 12", 'horizon: "ten"'), "horizon", 'horizon: "ten"',
         "valid integer"),
    Case("missing-required-nested", _sub("    name: Green\n", ""), "actors.2.name",
         "  - id: green\n", "field required"),
    Case("missing-required-top", _sub("protected: blue\n", ""), "protected", "id: test",
         "field required"),
    Case("policy-unknown-commitment", _sub("[green-blue]", "[green-blue, nope]"),
         "policies.0.commitments.1", "[green-blue, nope]", "unknown commitment 'nope'"),
    Case("empty-file", "", "", None, "empty"),
    Case("parameter-unknown-name", BASE + _params("attack_hazzard", "{dist: fixed, value: 0.1}"),
         "parameters.attack_hazzard", "attack_hazzard:", "unknown parameter 'attack_hazzard'"),
    Case("parameter-not-scenario-specific",
         BASE + _params("qre_lambda", "{dist: fixed, value: 1.0}"),
         "parameters.qre_lambda", "qre_lambda:", "school-of-thought parameter"),
    Case("prior-support-outside-range",
         BASE + _params("attack_hazard", "{dist: uniform, low: -1, high: 0.5}"),
         "parameters.attack_hazard.prior", "prior: {dist: uniform",
         "lies outside the support [0, 1] of parameter 'attack_hazard'"),
]
IDS = [c.id for c in CASES]


def _issues(tmp_path: Path, case: Case) -> tuple[Path, list[Issue]]:
    f = tmp_path / "bad.yaml"
    f.write_text(case.text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        check_parameters(read_document(f))
    return f, info.value.issues


def test_base_scenario_is_valid() -> None:
    doc = parse_scenario(BASE, "base.yaml")
    check_parameters(doc)
    assert doc.scenario.id == "test"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_loader_names_file_line_and_field(tmp_path: Path, case: Case) -> None:
    f, issues = _issues(tmp_path, case)
    matching = [i for i in issues if i.field == case.path and case.message in i.message]
    assert matching, [str(i) for i in issues]
    issue = matching[0]
    assert issue.file == str(f)
    assert issue.line == case.line, str(issue)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parse_scenario_uses_the_given_name(case: Case) -> None:
    with pytest.raises(ScenarioError) as info:
        check_parameters(parse_scenario(case.text, "named.yaml"))
    assert all(i.file == "named.yaml" for i in info.value.issues)


def test_issue_string_format() -> None:
    assert str(Issue("a.yaml", 3, "x.y", "bad")) == "a.yaml:3: x.y: bad"
    assert str(Issue("a.yaml", 3, "", "bad")) == "a.yaml:3: bad"
    assert str(Issue("a.yaml", 0, "", "bad")) == "a.yaml: bad"


def test_scenario_errors_list_issues_in_file_order() -> None:
    exc = ScenarioError([Issue("b.yaml", 1, "", "z"), Issue("a.yaml", 7, "y", "late"),
                         Issue("a.yaml", 2, "x", "early")])
    assert str(exc) == "a.yaml:2: x: early\na.yaml:7: y: late\nb.yaml:1: z"
    assert exc.more == 0


def test_missing_file_is_line_0(tmp_path: Path) -> None:
    f = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as info:
        read_document(f)
    (issue,) = info.value.issues
    assert (issue.file, issue.line, issue.field) == (str(f), 0, "")
    assert "no such file" in issue.message


def test_whitespace_only_file_is_empty() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario("  \n# only a comment\n", "blank.yaml")
    assert "empty" in info.value.issues[0].message


def test_several_documents_are_rejected_at_the_second() -> None:
    text = BASE + "---\nid: other\n"
    with pytest.raises(ScenarioError) as info:
        load_yaml(text, "two.yaml")
    (issue,) = info.value.issues
    assert issue.line in (line_of(text, "---"), line_of(text, "id: other"))


def test_several_problems_are_all_reported_in_file_order() -> None:
    text = _sub("automaticity: 0.5", "automaticity: 1.5").replace("control: 0.5",
                                                                   "control: -0.1")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "two.yaml")
    lines = [i.line for i in info.value.issues]
    assert lines == sorted(lines)
    assert {i.field for i in info.value.issues} >= {"actors.3.control",
                                                     "commitments.0.automaticity"}


def test_recursive_alias_is_a_scenario_error() -> None:
    text = _sub("horizon: 12\n", "horizon: 12\nsources: &loop [*loop]\n")
    with pytest.raises(ScenarioError):
        parse_scenario(text, "loop.yaml")


# --- the CLI ---------------------------------------------------------------------------


runner = CliRunner()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_validate_prints_file_line_field(tmp_path: Path, case: Case) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(case.text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    field = f" {case.path}:" if case.path else ""
    expected = f"{f}:{case.line}:{field} "
    lines = res.stderr.splitlines()
    assert any(ln.startswith(expected) and case.message in ln for ln in lines), res.stderr
    assert "ok" not in res.stdout


def test_cli_validate_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "nope.yaml"
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"{f}: no such file"


@pytest.mark.parametrize("name", ["july-1914", "ukraine-2025"])
def test_cli_validate_accepts_bundled_scenarios(tmp_path: Path, name: str) -> None:
    text = (resources.files("foedus.scenario") / "bundled" / f"{name}.yaml").read_text(
        encoding="utf-8")
    f = tmp_path / f"{name}.yaml"
    f.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == f"{f}: ok (scenario)"
    assert res.stderr == ""


def test_cli_validate_several_files_fails_if_one_is_bad(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(BASE, encoding="utf-8")
    bad.write_text(CASES[0].text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(good), str(bad)])
    assert res.exit_code == 2
    assert f"{good}: ok" in res.stdout
    assert res.stderr.startswith(f"{bad}:")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_run_bad_file_writes_nothing(tmp_path: Path, case: Case) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(case.text, encoding="utf-8")
    out_dir = tmp_path / "out"
    res = runner.invoke(app, ["run", str(f), "--policy", "x", "--reps", "2000",
                              "--out", str(out_dir)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert f"{f}:" in res.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_cli_run_missing_file_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    res = runner.invoke(app, ["run", str(tmp_path / "nope.yaml"), "--policy", "x",
                              "--out", str(out_dir)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_cli_validate_recursive_alias(tmp_path: Path) -> None:
    f = tmp_path / "loop.yaml"
    f.write_text(_sub("horizon: 12\n", "horizon: 12\nsources: &loop [*loop]\n"),
                 encoding="utf-8")
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 2
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_nan_fixed_prior_is_rejected() -> None:
    text = BASE + _params("attack_hazard", "{dist: fixed, value: .nan}")
    with pytest.raises(ScenarioError) as info:
        check_parameters(parse_scenario(text, "nan.yaml"))
    assert info.value.issues[0].line == line_of(text, "prior: {dist: fixed")
