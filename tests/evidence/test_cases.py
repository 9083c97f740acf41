"""The case library and the case-file format: validation with FILE:LINE messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foedus.evidence.casefile import (
    RULE_CODED,
    WINDOW,
    bundled_cases,
    case_set,
    guarantors,
    months_between,
    parse_case,
    read_cases,
    rule_coded_cases,
)
from foedus.scenario.errors import ScenarioError

CASES = Path(__file__).resolve().parents[2] / "src" / "foedus" / "evidence" / "cases"
EVIDENCE_C = {"belgium-1839", "july-1914", "poland-1939", "korea-1953", "cyprus-1960",
              "finland-1948", "austria-1955", "paris-1973", "budapest-1994", "minsk-2014",
              "minsk-2015", "georgia-2008", "karabakh-1994", "egypt-israel-1979",
              "india-pakistan-1949", "india-pakistan-1966", "india-pakistan-1972",
              "iran-iraq-1988", "eritrea-ethiopia-2000", "dayton-1995", "kosovo-1999",
              "unef-1957"}


@pytest.fixture(scope="module")
def library() -> list:  # type: ignore[type-arg]
    return bundled_cases()


def test_library_size_and_coverage(library: list) -> None:  # type: ignore[type-arg]
    names = {c.name[:-5] for c in library}
    assert len(library) >= 25
    assert names >= EVIDENCE_C
    assert len(names - EVIDENCE_C) >= 6


def test_every_case_is_sourced_and_consistent(library: list) -> None:  # type: ignore[type-arg]
    for c in library:
        rec = c.record
        assert rec.coded_as_of <= rec.case.start_date
        assert len(rec.hindsight) > 40
        o = rec.outcome
        assert o.war.source and o.guarantor_drawn_in.source and o.spoiler_violence.source
        if o.war.occurred:
            assert o.war.month is not None and 0 <= o.war.month <= WINDOW
        assert (o.guarantor_drawn_in.occurred is None) == (not guarantors(c.scenario,
                                                                            c.policy))
        assert not c.scenario.parameters, f"{c.name}: per-case tuning of parameters"
        for a in c.scenario.actors:
            assert a.source


def test_both_outcomes_are_represented(library: list) -> None:  # type: ignore[type-arg]
    wars = sum(c.war for c in library)
    assert 5 <= wars <= len(library) - 5
    g = [c.guarantor for c in library if c.guarantor is not None]
    assert any(g) and not all(g)


def test_months_between_known_answers() -> None:
    assert months_between(dt.date(1914, 6, 28), dt.date(1914, 7, 29)) == 1
    assert months_between(dt.date(1966, 1, 10), dt.date(1971, 12, 3)) == 70
    assert months_between(dt.date(2015, 2, 12), dt.date(2022, 2, 24)) == 84
    assert months_between(dt.date(1957, 3, 8), dt.date(1967, 6, 5)) == 122


def _text(name: str = "korea-1953.yaml") -> str:
    return (CASES / name).read_text(encoding="utf-8")


def _issues(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        parse_case(text, "case.yaml")
    return [str(i) for i in exc.value.issues]


def test_missing_outcome_is_reported_with_file_and_field() -> None:
    text = _text()
    cut = text.index("outcome:")
    msgs = _issues(text[:cut])
    assert any(m.startswith("case.yaml:") and "outcome: field required" in m for m in msgs)


def test_missing_source_names_the_line() -> None:
    text = _text()
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith("source:")
             and k > text[:text.index("guarantor_drawn_in:")].count("\n"))
    del lines[i]
    msgs = _issues("\n".join(lines))
    assert any("outcome.guarantor_drawn_in.source: field required" in m for m in msgs)
    assert all(m.split(":")[1].isdigit() for m in msgs)


def test_war_month_must_match_date() -> None:
    text = _text("july-1914.yaml").replace("    month: 1\n", "    month: 2\n")
    msgs = _issues(text)
    line = text.split("\n").index("    month: 2") + 1
    assert any(m.startswith(f"case.yaml:{line}: outcome.war.month:") and "month 1" in m
               for m in msgs)


def test_guarantor_null_requires_no_guarantor() -> None:
    text = _text().replace("  guarantor_drawn_in:\n    occurred: false",
                           "  guarantor_drawn_in:\n    occurred: null")
    msgs = _issues(text)
    assert any("outcome.guarantor_drawn_in.occurred" in m and "has a guarantor" in m
               for m in msgs)


def test_scenario_errors_keep_their_lines() -> None:
    text = _text().replace("adversary: dprk", "adversary: nobody")
    msgs = _issues(text)
    line = text.split("\n").index("adversary: nobody") + 1
    assert any(m.startswith(f"case.yaml:{line}: adversary:") for m in msgs)


def test_hindsight_violation_is_rejected() -> None:
    text = _text().replace("coded_as_of: 1953-07-27", "coded_as_of: 1960-01-01")
    assert any("coded_as_of" in m and "hindsight" in m for m in _issues(text))


def test_folder_reader_reports_every_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_text(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_text().replace("outcome:", "result:"), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_cases(tmp_path)
    files = {i.file for i in exc.value.issues}
    assert files == {str(tmp_path / "b.yaml")}
    with pytest.raises(ScenarioError):
        read_cases(tmp_path / "missing")


def test_named_case_sets() -> None:
    hand = case_set("bundled")
    assert [c.id for c in hand] == [c.id for c in bundled_cases()]
    assert all("/" not in c.name for c in hand)  # the rule-coded subfolder is not mixed in
    if (CASES / RULE_CODED).is_dir() and any((CASES / RULE_CODED).glob("*.yaml")):
        rule = rule_coded_cases()
        assert len(rule) >= 100
        assert len(case_set("all")) == len(hand) + len(rule)
    else:
        with pytest.raises(ScenarioError, match="rule-coded"):
            rule_coded_cases()
    with pytest.raises(ValueError, match="unknown case set"):
        case_set("nope")
