"""Claims files: the bundled file, quote location, and FILE:LINE errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.evidence.claims_schema import (
    bundled_claims,
    load_claims,
    locate,
    normalise,
    parse_claims,
    quote_issues,
)
from foedus.scenario.errors import ScenarioError

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed"

GOOD = """\
id: test-claims
article: {title: T, author: "A, B.", year: 2024, venue: V}
claims:
  - id: K1
    claim: c
    quote: "the quick brown fox"
    mechanism: spoilers
    holds:
      parameters: {moral_hazard: 2.0}
      source: s
      rationale: r
    fails:
      parameters:
        moral_hazard: {dist: uniform, low: 0.0, high: 0.2}
      source: s
      rationale: r
    evidence:
      status: contested
      sources: [{source: s, finding: f}]
"""


def test_bundled_claims_are_valid() -> None:
    assert "evans-2025" in bundled_claims()
    doc = load_claims("evans-2025")
    assert [c.id for c in doc.spec.claims] == [f"C{i}" for i in range(1, 9)]
    for c in doc.spec.claims:
        assert c.evidence.status in ("supported", "contested", "contradicted")
        assert doc.sides[c.id]["holds"] and doc.sides[c.id]["fails"]


@pytest.mark.skipif(not SEED.is_dir(), reason="the seed article (../shared/seed) is absent")
def test_every_bundled_quote_is_in_the_seed_article() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    doc = load_claims("evans-2025")
    missing = [loc.claim for loc in locate(doc, text) if not loc.found]
    assert missing == []


def test_locate_normalises_quotes_and_whitespace() -> None:
    doc = parse_claims(GOOD, "c.yaml")
    text = "line one\nsaid ‘the  quick\nbrown fox’ and"
    (loc,) = locate(doc, text)
    assert loc.found and loc.article_line == 2 and loc.claims_line == 6
    assert normalise("‘a’  “b”\u00a0–") == "'a' \"b\" -"
    issues = quote_issues(doc, "nothing here", "a.txt")
    assert [str(i) for i in issues] == [
        "c.yaml:6: claims.0.quote: quote of claim 'K1' not found in a.txt"]


@pytest.mark.parametrize(("old", "new", "where"), [
    ("moral_hazard: 2.0}", "moral_hazzard: 2.0}", "c.yaml:9: claims.0.holds.parameters."
                                                  "moral_hazzard: unknown parameter"),
    ("moral_hazard: 2.0}", "moral_hazard: 12.0}", "c.yaml:9: claims.0.holds.parameters."
                                                  "moral_hazard: value 12 lies outside"),
    ("high: 0.2}", "high: 20.0}", "c.yaml:14: claims.0.fails.parameters.moral_hazard: "
                                  "prior support [0, 20] lies outside"),
    ("status: contested", "status: likely", "c.yaml:18: claims.0.evidence.status:"),
    ("mechanism: spoilers", "mechanism: magic", "c.yaml:7: claims.0.mechanism.0: unknown "
                                                "mechanism 'magic'"),
    ("    claim: c\n", "    claim: c\n    colour: red\n", "c.yaml:6: claims.0.colour: "
                                                          "unknown field"),
])
def test_bad_claims_name_file_line_field(old: str, new: str, where: str) -> None:
    with pytest.raises(ScenarioError) as exc:
        parse_claims(GOOD.replace(old, new, 1), "c.yaml")
    assert any(str(i).startswith(where) for i in exc.value.issues), exc.value.issues


def test_a_parameter_belongs_to_one_claim() -> None:
    second = GOOD.split("claims:\n")[1].replace("id: K1", "id: K2")
    with pytest.raises(ScenarioError, match="already set by claim 'K1'"):
        parse_claims(GOOD + second, "c.yaml")


def test_unknown_claims_file() -> None:
    with pytest.raises(ScenarioError, match="no bundled claims file"):
        load_claims("nope-2020")
