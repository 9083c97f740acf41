"""``foedus compare`` prints tables that fit the terminal, then the verdict."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from foedus.cli.app import app
from foedus.cli.common import out


@pytest.mark.parametrize("width", [80, 120])
def test_compare_fits_the_terminal_and_leads_with_an_answer(
        width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out, "_width", width)
    res = CliRunner().invoke(app, ["compare", "ukraine-2025", "--reps", "1000", "--horizon",
                                   "24", "--no-store"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(x) for x in lines) <= width
    text = " ".join(res.output.split())
    assert "Answer:" in text and "Main caveat:" in text
    assert "%" in text and not re.search(r"\b0\.\d{3}\b", res.output)  # no bare decimals
    for pid in ("reassurance-backstop", "armed-neutrality", "no-deal"):  # ids kept whole
        assert pid in res.output
    assert "foedus baserates --lens evidence" in text  # validity not run: says how


def test_explain_keeps_ids_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out, "_width", 80)
    res = CliRunner().invoke(app, ["explain", "ukraine-2025"])
    assert res.exit_code == 0
    for cid in ("uk-neutrality-guarantee", "reassurance-backstop", "credibility_shift"):
        assert cid in res.output
