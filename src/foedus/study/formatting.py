"""How the study layer writes numbers for people: percentages, intervals, gaps.

Proportions are written as percentages (``23.4%``, two decimals below 0.1 %),
means with one decimal, intervals in brackets (``23.4% [22.8–24.0]``), and
differences in percentage points or months. Values are anything with
``value``, ``lo``, ``hi`` and ``kind`` (``"p"`` or ``"mean"``), such as
:class:`foedus.study.result.Estimate`.
"""

from __future__ import annotations

from typing import Protocol


class Estimate(Protocol):
    """What is formatted: an estimate with its interval."""

    @property
    def value(self) -> float: ...
    @property
    def lo(self) -> float: ...
    @property
    def hi(self) -> float: ...
    @property
    def kind(self) -> str: ...


def percent(x: float) -> str:
    """A proportion as a percentage: one decimal, two below 0.1 %, ``0%`` for zero."""
    v = 100.0 * x
    if v == 0.0:
        return "0%"
    return f"{v:.2f}%" if abs(v) < 0.1 else f"{v:.1f}%"


def _num(x: float, kind: str) -> str:
    return f"{x:.1f}" if kind == "mean" else percent(x).rstrip("%")


def format_estimate(e: Estimate | None, interval: bool = True) -> str:
    """``23.4% [22.8–24.0]`` for a proportion, ``93.1 [92.6–93.6]`` for a mean; ``—`` if None."""
    if e is None:
        return "—"
    head = f"{e.value:.1f}" if e.kind == "mean" else percent(e.value)
    if not interval:
        return head
    return f"{head} [{_num(e.lo, e.kind)}–{_num(e.hi, e.kind)}]"


def format_gap(g: Estimate, signed: bool = True) -> str:
    """A difference: percentage points for proportions, months for means (signed unless
    ``signed`` is false, for the size of a lead)."""
    unit = " mo" if g.kind == "mean" else " pts"
    sign = ("+" if g.value > 0 else ("−" if g.value < 0 else "±")) if signed else ""
    lo, hi = (f"{g.lo:.1f}", f"{g.hi:.1f}") if g.kind == "mean" else (
        _num(g.lo, "p"), _num(g.hi, "p"))
    mag = f"{abs(g.value):.1f}" if g.kind == "mean" else _num(abs(g.value), "p")
    return f"{sign}{mag}{unit} [{lo}, {hi}]".replace("-", "−")
