"""Every prior has a checked source or is marked an assumption with a rationale."""

from __future__ import annotations

import pytest

from foedus.cli.params import fitted_source, unknown_citations
from foedus.evidence.lenses import LENSES
from foedus.evidence.registry import ASSUMPTION, FIGURE_BASED, PARAMETERS, parameter
from foedus.evidence.sources import SOURCES, by_citation

OWN_LENSES = ("evidence", "restraint", "deterrence")


def test_every_citation_is_a_structured_source() -> None:
    bad = [b for b in unknown_citations() if b.split("(")[1].split(")")[0] in OWN_LENSES]
    assert bad == []


@pytest.mark.parametrize("p", PARAMETERS, ids=lambda p: p.name)
def test_each_evidence_prior_is_sourced_or_an_assumption(p: object) -> None:
    e = parameter(p.name).evidence  # type: ignore[attr-defined]
    assert len(e.rationale) > 20
    assert e.basis in ("figure", "assumption", "fitted")
    if e.basis == "fitted":
        assert fitted_source(e.source)
    if e.basis == "figure":
        assert e.source != ASSUMPTION
        for c in e.source.split("; "):
            s = by_citation(c)
            assert s is not None and s.verified
    assert p.low <= e.prior.mean() <= p.high  # type: ignore[attr-defined]


def test_figure_based_names_are_registered() -> None:
    assert FIGURE_BASED.issubset({p.name for p in PARAMETERS})


def test_sources_have_full_bibliographic_details() -> None:
    for s in SOURCES.values():
        assert s.authors and 1900 < s.year < 2030 and s.title and s.venue and s.verified


def test_lens_entries_are_claims_or_assumptions() -> None:
    for ln in ("restraint", "deterrence"):
        for name, e in LENSES[ln].overrides.items():
            assert e.origin == ln and e.basis in ("claim", "assumption"), name
            assert (e.source == ASSUMPTION) == (e.basis == "assumption")
