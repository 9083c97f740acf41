"""The case format's structure block, the war window, and `foedus validate` on every input kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.evidence.casefile import bundled_cases, parse_case, read_case
from foedus.evidence.inputs import input_files, validate_file
from foedus.scenario.errors import ScenarioError

HERE = Path(__file__).resolve().parent
CASES = HERE.parents[1] / "src" / "foedus" / "evidence" / "cases"
CLAIMS = HERE.parents[1] / "src" / "foedus" / "evidence" / "claims"
SOVIET = HERE / "fixtures" / "czechoslovakia-1938-soviet-pledge.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def library() -> dict:  # type: ignore[type-arg]
    return {c.name[:-5]: c for c in bundled_cases()}


def _text(name: str) -> str:
    return (CASES / f"{name}.yaml").read_text(encoding="utf-8")


def _issues(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        parse_case(text, "case.yaml")
    return [str(i) for i in exc.value.issues]


def _line(text: str, fragment: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), 1) if fragment in ln)


# --- every feature is used by a bundled case or a test case ------------------------------

def test_one_guarantee_protects_several_states(library: dict) -> None:  # type: ignore[type-arg]
    c = library["july-1914"]
    g = {x.id: x for x in c.record.structure.guarantees}["triple-alliance"]
    beneficiaries = {c.scenario.commitment(cid).beneficiary for cid in g.commitments}
    assert beneficiaries == {"germany", "austria-hungary"}


def test_a_state_defends_its_own_territory_with_its_own_garrison(
        library: dict) -> None:  # type: ignore[type-arg]
    c = library["falklands-1982"]
    (g,) = c.record.structure.garrisons
    assert g.state == c.scenario.protected and g.troops > 0


def test_a_pledge_conditional_on_another_guarantor_acting_first() -> None:
    c = read_case(SOVIET)
    (cp,) = c.record.structure.conditional_pledges
    first = c.scenario.commitment(cp.after[0])
    mine = c.scenario.commitment(cp.commitment)
    assert mine.guarantor == "ussr" and first.guarantor == "france"
    assert mine.beneficiary == first.beneficiary == c.scenario.protected


def test_non_state_and_de_facto_parties_with_backers(library: dict) -> None:  # type: ignore[type-arg]
    (p,) = library["minsk-2015"].record.structure.parties
    assert p.status == "de_facto" and p.backers == ["russia"]
    (h,) = library["lebanon-2006"].record.structure.parties
    assert h.status == "non_state" and library["lebanon-2006"].scenario.actor(
        h.actor).kind == "faction"


def test_commitments_that_end_at_a_month(library: dict) -> None:  # type: ignore[type-arg]
    (s,) = library["dayton-1995"].record.structure.schedule
    assert (s.commitment, s.start_month, s.end_month) == ("ifor", 0, 12)


def test_a_guarantor_that_ends_up_on_the_other_side(library: dict) -> None:  # type: ignore[type-arg]
    c = library["july-1914"]
    assert c.record.outcome.commitments["italy-ah"].status == "turned"
    assert c.scenario.commitment("italy-ah").beneficiary == c.scenario.adversary


def test_the_adversarys_base_on_the_protected_states_soil(
        library: dict) -> None:  # type: ignore[type-arg]
    for name in ("finland-1948", "georgia-2008-prewar"):
        c = library[name]
        (b,) = c.record.structure.bases
        assert (b.state, b.host) == (c.scenario.adversary, c.scenario.protected)


def test_outside_pressure_to_accept_the_deal(library: dict) -> None:  # type: ignore[type-arg]
    (p,) = library["paris-1973"].record.structure.pressure
    assert p.by == ["us"] and p.pressed == ["rvn"]


def test_a_single_id_reads_as_a_list_of_one() -> None:
    text = _text("paris-1973").replace("    - by: [us]\n      pressed: [rvn]",
                                       "    - by: us\n      pressed: rvn")
    assert "by: us" in text
    (p,) = parse_case(text, "paris-1973.yaml").record.structure.pressure
    assert p.by == ["us"] and p.pressed == ["rvn"]


# --- located errors -----------------------------------------------------------------------

STRUCTURE_ERRORS = [
    ("july-1914", "commitments: [italy-germany, italy-ah]", "commitments: [italy-germany, nope]",
     "structure.guarantees.0.commitments.1", "unknown commitment 'nope'"),
    ("falklands-1982", "    - state: uk", "    - state: nobody", "structure.garrisons.0.state",
     "unknown actor 'nobody'"),
    ("minsk-2014", "      backers: [russia]", "      backers: [separatists]",
     "structure.parties.0.backers.0", "is a faction; a state is needed"),
    ("lebanon-2006", "      status: non_state", "      status: non_state\n      support: [arms]",
     "structure.parties.0.support", "support needs backers"),
    ("dayton-1995", "      end_month: 12", "      end_month: 0", "structure.schedule.0.end_month",
     "must come after the start month"),
    ("finland-1948", "      host: finland", "      host: ussr", "structure.bases.0.host",
     "garrison"),
    ("paris-1973", "      pressed: [rvn]", "      pressed: [us]", "structure.pressure.0.by.0",
     "cannot press itself"),
    ("paris-1973", "      pressed: [rvn]", "      pressed: [rvn]\n      colour: red",
     "structure.pressure.0.colour", "unknown field"),
]


@pytest.mark.parametrize(("name", "old", "new", "path", "message"), STRUCTURE_ERRORS)
def test_structure_errors_are_located(name: str, old: str, new: str, path: str,
                                      message: str) -> None:
    text = _text(name)
    assert old in text
    bad = text.replace(old, new)
    msgs = _issues(bad)
    hits = [m for m in msgs if f": {path}:" in m and message in m]
    assert hits, msgs
    line = int(hits[0].split(":")[1])
    assert bad.split("\n")[line - 1].strip().split(":")[0].lstrip("- ") in path.split(".")


def test_pressure_needs_a_settlement_case() -> None:
    text = _text("falklands-1982") + ("  pressure:\n    - by: [uk]\n      pressed: [argentina]\n"
                                      "      means: talks\n      source: test\n")
    assert any("structure.pressure.0:" in m and "settlement" in m for m in _issues(text))


def test_conditional_pledges_checks() -> None:
    text = SOVIET.read_text(encoding="utf-8")
    same = text.replace("after: [france-guarantee]", "after: [ussr-czechoslovakia]")
    assert any("cannot wait for itself" in m for m in _issues(same))
    circle = text.replace(
        '      source: "Soviet-Czechoslovak Treaty of Mutual Assistance, 16 May 1935, Protocol '
        'of Signature"',
        '      source: "Soviet-Czechoslovak Treaty"\n    - commitment: france-guarantee\n'
        '      after: [ussr-czechoslovakia]\n      source: "test"')
    assert any("wait for each other in a circle" in m for m in _issues(circle))


def test_war_at_month_0_is_scored_and_month_120_is_outside_the_window(
        library: dict) -> None:  # type: ignore[type-arg]
    assert library["falklands-1982"].record.outcome.war.month == 0
    text = _text("korea-1950").replace("occurred: true\n    month: 11", "occurred: true\n"
                                       "    month: 120", 1)
    text = "\n".join(ln for ln in text.split("\n") if not ln.startswith("    date:"))
    msgs = _issues(text)
    line = _line(text, "month: 120")
    assert any(m.startswith(f"case.yaml:{line}: outcome.war.month:") and "outside the window"
               in m for m in msgs), msgs


def test_a_crisis_already_at_war_is_rejected() -> None:
    text = _text("falklands-1982").replace("level: 1, initiator: argentina",
                                           "level: 3, initiator: argentina")
    line = _line(text, "level: 3")
    assert any(m.startswith(f"case.yaml:{line}: initial_levels.0.level:") and "already at war"
               in m for m in _issues(text))


def test_messages_do_not_leak_pydantic_prefixes() -> None:
    text = _text("korea-1953").replace("    capability: 0.12\n",
                                       "    capability: 0.12\n    host: dprk\n")
    msgs = _issues(text)
    assert msgs and not any("Value error" in m for m in msgs)
    assert any("only for kind: faction" in m for m in msgs)


# --- foedus validate ----------------------------------------------------------------------

def test_validate_accepts_every_bundled_case_and_claims_file() -> None:
    res = runner.invoke(app, ["validate", str(CASES), str(CLAIMS), str(SOVIET)])
    assert res.exit_code == 0, res.output
    kinds = [ln.rsplit("(", 1)[1] for ln in res.stdout.splitlines()]
    assert kinds.count("case)") == len(list(CASES.rglob("*.yaml"))) + 1
    assert kinds.count("claims)") == len(list(CLAIMS.glob("*.yaml")))


def test_validate_recognises_kinds() -> None:
    assert validate_file(CASES / "korea-1953.yaml") == "case"
    assert validate_file(CLAIMS / "evans-2025.yaml") == "claims"


def test_validate_reports_a_broken_case_at_its_line(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(_text("korea-1953"), encoding="utf-8")
    bad = tmp_path / "sub" / "bad.yaml"
    bad.parent.mkdir()
    text = _text("dayton-1995").replace("end_month: 12", "end_month: 0")
    bad.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(tmp_path)])
    assert res.exit_code == 2
    assert f"{good}: ok (case)" in res.stdout
    line = _line(text, "end_month: 0")
    assert res.stderr.startswith(f"{bad}:{line}: structure.schedule.0.end_month:")
    assert "Traceback" not in res.output


def test_validate_broken_claims_and_missing_paths(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    bad.write_text((CLAIMS / "evans-2025.yaml").read_text(encoding="utf-8").replace(
        "status: contested", "status: maybe", 1), encoding="utf-8")
    res = runner.invoke(app, ["validate", str(bad), str(tmp_path / "gone.yaml")])
    assert res.exit_code == 2
    assert f"{tmp_path / 'gone.yaml'}: no such file" in res.stderr
    assert any(ln.startswith(f"{bad}:") and "evidence.status" in ln
               for ln in res.stderr.splitlines())
    empty = tmp_path / "empty"
    empty.mkdir()
    files, issues = input_files([empty, tmp_path / "gone", CLAIMS])
    assert files == sorted(CLAIMS.glob("*.yaml"))
    assert [i.message for i in issues] == ["no *.yaml or *.yml files in the folder",
                                           "no such file"]
