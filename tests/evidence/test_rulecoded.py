"""Rule-coded cases: known answers on the synthetic data folder, and the bundled files."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.data.frame import build_frame, load_frame
from foedus.data.paths import FRAME_FILES, default_data_dir, missing_files
from foedus.evidence.casefile import CaseFile, bundled_cases, parse_case, read_cases
from foedus.evidence.rulecoded import bundled_folder, case_texts, generate
from tests.data.frame_fixture import fixture_folder

DATA = default_data_dir()
needs_data = pytest.mark.skipif(bool(missing_files(DATA, FRAME_FILES)),
                                reason=f"dyad-year source files not found in {DATA} "
                                "(set FOEDUS_DATA or place them in ../shared/data)")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseFile]:
    folder = fixture_folder(tmp_path_factory.mktemp("data"))
    g = generate(build_frame(folder))
    assert {s.reason for s in g.skipped} == {"the trigger is not another state of the system"}
    return {c.name: parse_case(c.text, c.name) for c in g.cases}


def test_the_populations_follow_the_rules(generated: dict[str, CaseFile]) -> None:
    assert sorted(generated) == ["icb-002-0002.yaml", "icb-002-0003.yaml",
                                 "war-001-2-365.yaml", "war-001-290-365.yaml",
                                 "war-002-365-290.yaml"]


def test_post_war_case_roles_features_and_recurrence(generated: dict[str, CaseFile]) -> None:
    c = generated["war-001-290-365.yaml"]           # 290 lost war 1 to 365
    s = c.scenario
    assert (s.adversary, s.protected, s.start) == ("s290", "s365", "settlement")
    assert str(c.record.case.start_date) == "1951-06-01"
    adv, pro = s.actor("s290"), s.actor("s365")
    assert adv.capability == pytest.approx(0.022) and pro.capability == pytest.approx(0.202)
    assert adv.revisionism == pytest.approx(0.8)    # loser 0.6 + spatial rivalry 0.2
    assert pro.revisionism == pytest.approx(0.4)    # winner 0.2 + 0.2
    w = c.record.outcome.war
    assert w.occurred and w.month == 36 and str(w.date) == "1954-06-01"
    assert c.guarantor is None
    assert c.record.outcome.spoiler_violence.occurred is None
    prov = c.record.provenance
    assert prov is not None and prov.features["feature_year"] == 1950
    assert prov.features["war_outcome_adversary"] == "loser"
    assert "cow/Inter-StateWarData_v4.0.csv:2: the war that ended" in " ".join(prov.rows)
    assert not generated["war-001-2-365.yaml"].war   # 2 and 365 never fought again


def test_initiator_decides_roles_and_major_allies_become_guarantors(
        generated: dict[str, CaseFile]) -> None:
    c = generated["war-002-365-290.yaml"]           # stalemate; 365 initiated
    assert c.scenario.adversary == "s365" and not c.war
    assert c.record.provenance is not None
    assert c.record.provenance.features["role_rule"] == "initiated"
    assert [x.id for x in c.scenario.commitments] == ["s200-defends-s290"]
    assert c.guarantor is False
    assert c.record.outcome.commitments["s200-defends-s290"].status == "untested"


def test_crisis_case(generated: dict[str, CaseFile]) -> None:
    c = generated["icb-002-0002.yaml"]              # 365 triggers a crisis for 290
    s = c.scenario
    assert (s.adversary, s.protected, s.start) == ("s365", "s290", "crisis")
    assert str(c.record.case.start_date) == "1953-04-15"   # day code 66: unknown, the 15th
    assert s.initial_levels[0].level == 1 and s.initial_levels[0].initiator == "s365"
    assert c.war and c.record.outcome.war.month == 13
    assert c.guarantor is False                      # 200 defends 290 but never fought 365
    assert c.record.outcome.commitments["s200-defends-s290"].status == "defected"
    assert generated["icb-002-0003.yaml"].guarantor is None


def test_the_bundled_loader_ignores_the_rule_coded_folder() -> None:
    names = {c.name for c in bundled_cases()}
    assert len(names) == 30 and not any(n.startswith(("war-", "icb-")) for n in names)


@pytest.mark.slow
def test_bundled_rule_coded_cases_are_valid() -> None:
    cases = read_cases(Path(str(bundled_folder())))
    assert len(cases) > 100
    assert all(c.record.provenance is not None for c in cases)


@needs_data
@pytest.mark.slow
def test_bundled_rule_coded_cases_are_not_stale() -> None:
    """Regenerating from the data gives the bundled files, byte for byte."""
    fresh = case_texts(generate(load_frame(DATA)).cases)
    folder = Path(str(bundled_folder()))
    bundled = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    assert sorted(bundled) == sorted(fresh), "run: foedus cases generate --out " \
        "src/foedus/evidence/cases/rule-coded"
    stale = [n for n in fresh if fresh[n] != bundled[n]]
    assert not stale, f"{len(stale)} stale files, e.g. {stale[:3]}"
