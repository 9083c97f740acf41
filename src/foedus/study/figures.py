"""Plotly figures of a result: every outcome per policy, and the survival of peace.

They take the JSON contract of a result (``Result.to_dict()``) and return a
:class:`plotly.graph_objects.Figure`; ``Result.plot()`` draws the first, and the
report (:mod:`foedus.report.figures`) and the web app use both. Nothing here
touches the network. Plotly is imported when a figure is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from foedus.study.formatting import format_estimate

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: Policy colours (cycled), colour-blind-friendly (Okabe & Ito 2008, plus greys/darks);
#: Okabe & Ito's orange, sky blue and yellow are darkened to reach 3:1 contrast on white
#: (WCAG 2.1, 1.4.11 non-text contrast).
POLICY_COLOURS: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#B07800", "#2E8BC0", "#000000", "#8A7D00",
    "#7f7f7f", "#8c564b")

_LAYOUT: dict[str, Any] = {"template": "plotly_white", "font": {"size": 12},
                           "margin": {"l": 60, "r": 30, "t": 60, "b": 50}}


def policy_colour(i: int) -> str:
    """The colour of the ``i``-th policy."""
    return POLICY_COLOURS[i % len(POLICY_COLOURS)]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _policies(result: Mapping[str, Any]) -> list[str]:
    return list(result["policies"])


def percent_tickformat(top: float) -> str:
    """A d3 percent format whose ticks stay distinct on an axis from 0 to ``top``.

    Plotly puts about six ticks on an axis; ``.0%`` repeats labels ("0%, 1%, 1%,
    2%") once the step falls below one point, so the format gains a decimal per
    factor of ten the axis shrinks below 20 % (one decimal below 20 %, two below 2 %).
    """
    if top >= 0.2 or top <= 0.0:
        return ".0%"
    return ".1%" if top >= 0.02 else ".2%"


class _Value(NamedTuple):
    value: float
    lo: float
    hi: float
    kind: str


def _outcomes_with_data(result: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    return [k for k in keys
            if any(pr["outcomes"].get(k) is not None for pr in result["policies"].values())]


def _plain(key: str) -> str:
    return key.replace("_", " ")


def policy_comparison(result: Mapping[str, Any], keys: Sequence[str] | None = None,
                      label: Callable[[str], str] = _plain) -> go.Figure:
    """Every outcome for every policy: bars at the estimate, whiskers at the 95 % interval.

    Outcomes no policy has an estimate of (an empty denominator for all, e.g. the
    deal outcomes of a crisis) get no panel; a single policy's empty denominator
    is drawn as missing and marked "—". Proportions are in percent, on axes whose
    ticks stay distinct (:func:`percent_tickformat`). ``keys`` orders the outcomes
    (default: as in the result) and ``label`` names them.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    pols = _policies(result)
    first = next(iter(result["policies"].values()))["outcomes"]
    keys = _outcomes_with_data(result, list(first) if keys is None else keys) or list(first)[:1]
    rows = math.ceil(len(keys) / 2)
    fig = make_subplots(rows=rows, cols=2, subplot_titles=[label(k) for k in keys],
                        horizontal_spacing=0.22, vertical_spacing=min(0.08, 0.3 / rows))
    for j, key in enumerate(keys):
        r, c = j // 2 + 1, j % 2 + 1
        est: list[float | None] = []
        lo: list[float] = []
        hi: list[float] = []
        text: list[str] = []
        mean = False
        top = 0.0
        for p in pols:
            e = result["policies"][p]["outcomes"].get(key)
            if e is None:
                est.append(None)
                lo.append(0.0)
                hi.append(0.0)
                text.append("—")
                continue
            mean = "mean" in e
            v = e["mean"] if mean else e["p"]
            est.append(v)
            lo.append(v - e["lo"])
            hi.append(e["hi"] - v)
            top = max(top, e["hi"])
            text.append(format_estimate(_Value(v, e["lo"], e["hi"], "mean" if mean else "p")))
        fig.add_trace(go.Bar(
            x=est, y=pols, orientation="h", name=label(key), showlegend=False,
            marker={"color": [_rgba(policy_colour(i), 0.55) for i in range(len(pols))],
                    "line": {"color": [policy_colour(i) for i in range(len(pols))],
                             "width": 1}},
            error_x={"type": "data", "symmetric": False, "array": hi, "arrayminus": lo,
                     "color": "#222", "thickness": 1.5, "width": 4},
            text=text, textposition="none",
            hovertemplate="%{y}: %{text}<extra>" + label(key) + "</extra>"),
            row=r, col=c)
        fig.update_yaxes(autorange="reversed", row=r, col=c)
        if mean:
            fig.update_xaxes(rangemode="tozero", row=r, col=c, title_text="months")
        else:
            fig.update_xaxes(range=[0.0, max(top, 1e-3) * 1.08], row=r, col=c,
                             tickformat=percent_tickformat(top))
    fig.update_layout(**_LAYOUT, height=rows * (40 + 26 * len(pols)) + 120, bargap=0.25,
                      title=f"Policies compared · 95 % intervals · {result['replications']:,} "
                            "replications per policy")
    return fig


def survival_curves(result: Mapping[str, Any]) -> go.Figure:
    """Kaplan–Meier survival of peace per policy, with its 95 % band."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for i, p in enumerate(_policies(result)):
        s = result["policies"][p]["survival"]
        col = policy_colour(i)
        fig.add_trace(go.Scatter(x=s["month"], y=s["lo"], mode="lines", line_shape="hv",
                                 line={"width": 0, "color": col}, legendgroup=p,
                                 showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=s["month"], y=s["hi"], mode="lines", line_shape="hv",
                                 line={"width": 0, "color": col}, fill="tonexty",
                                 fillcolor=_rgba(col, 0.18), legendgroup=p, showlegend=False,
                                 hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=s["month"], y=s["p"], mode="lines", line_shape="hv", name=p, legendgroup=p,
            line={"color": col, "width": 2},
            customdata=list(zip(s["lo"], s["hi"], strict=True)),
            hovertemplate=(p + ", month %{x}: %{y:.1%} [%{customdata[0]:.1%}, "
                           "%{customdata[1]:.1%}]<extra></extra>")))
    fig.update_layout(**_LAYOUT, height=460, hovermode="closest",
                      title="Survival of peace (Kaplan–Meier, 95 % log-log band)",
                      xaxis_title="month", yaxis_title="P(no war yet)",
                      yaxis={"range": [0, 1.02], "tickformat": ".0%"})
    return fig


