"""The optional case fields of generated cases: provenance, and spoiler violence not coded."""

from __future__ import annotations

from importlib import resources

import pytest

from foedus.evidence.casefile import parse_case
from foedus.scenario.errors import ScenarioError


def _korea() -> str:
    return (resources.files("foedus.evidence") / "cases" / "korea-1953.yaml").read_text(
        encoding="utf-8")


def test_provenance_and_an_uncoded_spoiler_outcome_are_accepted() -> None:
    text = _korea().replace("  spoiler_violence:\n    occurred: false",
                            "  spoiler_violence:\n    occurred: null")
    text += ("provenance:\n  rules: rule-coded v1\n"
             "  rows: ['cow/Inter-StateWarData_v4.0.csv:12: war 151']\n"
             "  features: {cinc_adversary: 0.01, major_adversary: false, conttype: 1,"
             " rivalry: null, outcome_adversary: loser}\n")
    c = parse_case(text, "k.yaml")
    assert c.record.outcome.spoiler_violence.occurred is None
    assert c.record.provenance is not None
    assert c.record.provenance.features["cinc_adversary"] == 0.01
    assert c.record.provenance.rows[0].startswith("cow/Inter-StateWarData_v4.0.csv:12")


def test_a_provenance_without_rows_is_located() -> None:
    text = _korea() + "provenance:\n  rules: rule-coded v1\n  rows: []\n"
    with pytest.raises(ScenarioError) as exc:
        parse_case(text, "k.yaml")
    line = text.count("\n", 0, text.index("  rows: []")) + 1
    assert any(i.line == line and "provenance.rows" in i.path for i in exc.value.issues), \
        [str(i) for i in exc.value.issues]


def test_cases_without_provenance_are_unchanged() -> None:
    assert parse_case(_korea(), "k.yaml").record.provenance is None
