"""Plotly figures of results, scenarios, sensitivity indices and claim audits.

Every function takes plain data — the JSON contract of a result
(``Result.to_dict()``, also what the results store keeps as a record's
payload), a :class:`~foedus.scenario.schema.Scenario`, or a tidy table — and
returns a :class:`plotly.graph_objects.Figure`, so the report, the web app and
notebooks draw the same charts. Nothing here touches the network.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from foedus.model.ladder import NAMES as LEVEL_NAMES
from foedus.scenario.schema import Scenario
from foedus.study.figures import (  # noqa: F401  (part of this module's interface)
    _LAYOUT,
    POLICY_COLOURS,
    _policies,
    _rgba,
    percent_tickformat,
    policy_colour,
    survival_curves,
)
from foedus.study.figures import policy_comparison as _policy_comparison
from foedus.study.result import OUTCOME_KEYS, outcome_label


def policy_comparison(result: Mapping[str, Any]) -> go.Figure:
    """Every outcome of the registry for every policy (see
    :func:`foedus.study.figures.policy_comparison`)."""
    return _policy_comparison(result, OUTCOME_KEYS, outcome_label)

#: Commitment types and war plans in the network.
EDGE_COLOURS: dict[str, str] = {
    "collective_defense": "#0072B2",
    "assurance": "#2E8BC0",
    "tripwire_force": "#D55E00",
    "reassurance_force": "#B07800",
    "arms_support": "#009E73",
    "monitoring": "#7f7f7f",
    "neutrality_guarantee": "#CC79A7",
    "war_plan": "#B22222",
}

def max_level_distribution(result: Mapping[str, Any]) -> go.Figure:
    """Share of replications whose highest escalation level was each rung, per policy."""
    fig = go.Figure()
    levels = [f"{i} {n}" for i, n in enumerate(LEVEL_NAMES)]
    for i, p in enumerate(_policies(result)):
        share = list(result["policies"][p]["max_level"])
        fig.add_trace(go.Bar(x=levels[:len(share)], y=share, name=p,
                             marker_color=policy_colour(i),
                             hovertemplate=p + ", %{x}: %{y:.2%}<extra></extra>"))
    fig.update_layout(
        **_LAYOUT, height=440, barmode="group", title="Highest escalation level reached",
        xaxis_title="highest level (Kahn's ladder, condensed)",
        yaxis_title="share of replications", yaxis_tickformat=".0%",
        updatemenus=[{"type": "buttons", "direction": "right", "x": 0.0, "xanchor": "left",
                      "y": 1.15, "yanchor": "top", "showactive": True,
                      "buttons": [
                          {"label": "linear", "method": "relayout",
                           "args": [{"yaxis.type": "linear"}]},
                          {"label": "log", "method": "relayout",
                           "args": [{"yaxis.type": "log"}]}]}])
    return fig


def _layout_nodes(s: Scenario) -> dict[str, tuple[float, float]]:
    """Actors on a circle: the adversary on the left, the protected state on the right,
    the others in scenario order around them, factions just inside their host."""
    states = [a.id for a in s.actors if a.kind == "state"]
    order = [s.adversary] + [a for a in states if a not in (s.adversary, s.protected)]
    # protected state opposite the adversary
    half = len(order) // 2
    order.insert(half + 1 if len(order) > 1 else 1, s.protected)
    n = len(order)
    shift = math.pi - 2 * math.pi * 0 / n
    pos = {aid: (math.cos(shift - 2 * math.pi * k / n), math.sin(shift - 2 * math.pi * k / n))
           for k, aid in enumerate(order)}
    if s.protected in pos:  # put the protected state exactly opposite
        k = order.index(s.protected)
        ang = shift - 2 * math.pi * k / n
        pos[s.protected] = (math.cos(ang), math.sin(ang))
    factions = [a for a in s.actors if a.kind == "faction"]
    by_host: dict[str, int] = {}
    for a in factions:
        hx, hy = pos.get(a.host or "", (0.0, 0.0))
        k = by_host.get(a.host or "", 0)
        by_host[a.host or ""] = k + 1
        ang = math.atan2(hy, hx) + (0.35 if k % 2 else -0.35) * (1 + k // 2)
        pos[a.id] = (0.62 * math.cos(ang), 0.62 * math.sin(ang))
    return pos


def commitment_network(scenario: Scenario, result: Mapping[str, Any] | None = None
                       ) -> go.Figure:
    """Actors as nodes, commitments as arrows guarantor → beneficiary coloured by type.

    War plans (contingent attacks) are drawn in dark red. Buttons show the
    commitments in force under each policy (baseline plus the policy's own).
    With ``result`` (the JSON contract), hovering a commitment gives the share
    of replications in which it was honoured or defected on, per policy.
    """
    s = scenario
    pos = _layout_nodes(s)
    fig = go.Figure()
    edges: list[tuple[str, str, str, str, str]] = []  # (id, src, dst, type, hover)
    pol_of: dict[str, list[str]] = {c.id: [] for c in s.commitments}
    for p in s.policies:
        for cid in [*s.baseline, *p.commitments]:
            if cid in pol_of and p.id not in pol_of[cid]:
                pol_of[cid].append(p.id)
    for c in s.commitments:
        lines = [f"<b>{c.id}</b>: {c.guarantor} → {c.beneficiary}", f"type: {c.type}",
                 f"credibility: Beta(mean {c.credibility.mean:g}, "
                 f"k {c.credibility.concentration:g}); automaticity {c.automaticity:g}",
                 f"troops: {c.troops:,}" if c.troops else "",
                 "baseline (every policy)" if c.id in s.baseline
                 else f"policies: {', '.join(pol_of[c.id]) or 'none'}"]
        if result is not None:
            for pid, pr in result["policies"].items():
                h = pr.get("commitments", {}).get(c.id)
                if h is not None:
                    lines.append(f"{pid}: honoured {h['honoured']:.3f}, "
                                 f"defected {h['defected']:.3f}")
        edges.append((c.id, c.guarantor, c.beneficiary, c.type,
                      "<br>".join(x for x in lines if x)))
    for w in s.war_plans:
        edges.append((w.id, w.actor, w.attacks, "war_plan",
                      f"<b>{w.id}</b> (war plan): {w.actor} at war with {w.when_at_war_with} "
                      f"attacks {w.attacks} with probability {w.probability:g}"))
    pair_count: dict[tuple[str, str], int] = {}
    pair_seen: dict[tuple[str, str], int] = {}
    for _, a, b, _, _ in edges:
        key = (min(a, b), max(a, b))
        pair_count[key] = pair_count.get(key, 0) + 1
    annotations: list[dict[str, Any]] = []
    shown_types: set[str] = set()
    for eid, a, b, etype, hover in edges:
        if a not in pos or b not in pos:
            continue
        key = (min(a, b), max(a, b))
        k = pair_seen.get(key, 0)
        pair_seen[key] = k + 1
        (x0, y0), (x1, y1) = pos[a], pos[b]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy) or 1.0
        off = (k - (pair_count[key] - 1) / 2) * 0.05
        sign = 1.0 if (a, b) == key else -1.0  # same side for both directions of a pair
        nx, ny = -dy / norm * off * sign, dx / norm * off * sign
        col = EDGE_COLOURS.get(etype, "#444")
        annotations.append({"x": x1 + nx, "y": y1 + ny, "ax": x0 + nx, "ay": y0 + ny,
                            "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                            "text": "", "showarrow": True, "arrowhead": 2, "arrowsize": 1.2,
                            "arrowwidth": 2, "arrowcolor": col, "standoff": 13,
                            "startstandoff": 13, "opacity": 0.85})
        fig.add_trace(go.Scatter(
            x=[(x0 + x1) / 2 + nx], y=[(y0 + y1) / 2 + ny], mode="markers",
            marker={"size": 9, "color": col, "symbol": "diamond" if etype == "war_plan"
                    else "circle"},
            name=etype.replace("_", " "), legendgroup=etype,
            showlegend=etype not in shown_types, hovertext=hover, hoverinfo="text",
            meta=eid))
        shown_types.add(etype)
    kinds = {a.id: a for a in s.actors}
    node_ids = [a for a in pos if a in kinds]
    colour = ["#C0392B" if a == s.adversary else "#1F618D" if a == s.protected
              else "#E67E22" if kinds[a].kind == "faction" else "#5D6D7E" for a in node_ids]
    node_hover: list[str] = []
    for a in node_ids:
        act = kinds[a]
        bits = [f"<b>{act.name}</b> ({a})", act.kind]
        if act.nuclear:
            bits.append("nuclear-armed")
        if act.great_power:
            bits.append("great power")
        if act.kind == "faction":
            bits.append(f"host {act.host}, targets {act.target}, control {act.control}")
        else:
            bits.append(f"capability {act.capability:g}, revisionism {act.revisionism:g}")
        node_hover.append("<br>".join(bits))
    fig.add_trace(go.Scatter(
        x=[pos[a][0] for a in node_ids], y=[pos[a][1] for a in node_ids],
        mode="markers+text", text=node_ids,
        textposition=["middle left" if pos[a][0] < -0.2 else "middle right" if pos[a][0] > 0.2
                      else "top center" if pos[a][1] >= 0 else "bottom center"
                      for a in node_ids],
        marker={"size": 24, "color": colour, "line": {"color": "white", "width": 2},
                "symbol": ["diamond" if kinds[a].kind == "faction" else "circle"
                           for a in node_ids]},
        hovertext=node_hover, hoverinfo="text", name="actors", showlegend=False))
    n_edges = len(annotations)
    n_traces = len(fig.data)
    edge_trace_ids = [t.meta for t in fig.data[:n_edges]]
    buttons = [{"label": "all", "method": "update",
                "args": [{"visible": [True] * n_traces},
                         {f"annotations[{i}].visible": True for i in range(n_edges)}]}]
    for p in s.policies:
        active = set(s.baseline) | set(p.commitments) | {w.id for w in s.war_plans}
        vis = [eid in active for eid in edge_trace_ids]
        buttons.append({"label": p.id, "method": "update",
                        "args": [{"visible": vis + [True] * (n_traces - n_edges)},
                                 {f"annotations[{i}].visible": v
                                  for i, v in enumerate(vis)}]})
    fig.update_layout(
        **{**_LAYOUT, "margin": {"l": 20, "r": 20, "t": 90, "b": 20}}, height=680,
        annotations=annotations, hovermode="closest",
        title="Commitment network (guarantor → beneficiary; war plans in dark red)",
        xaxis={"visible": False, "range": [-1.6, 1.6]},
        yaxis={"visible": False, "range": [-1.25, 1.25], "scaleanchor": "x"},
        legend={"title": {"text": "edge type"}},
        updatemenus=[{"type": "dropdown", "x": 1.0, "xanchor": "right", "y": 1.06,
                      "yanchor": "bottom", "buttons": buttons, "showactive": True}])
    return fig


def sensitivity_indices(frame: pd.DataFrame, title: str = "Global sensitivity") -> go.Figure:
    """Indices per parameter with 95 % intervals (tidy ``frame`` from :func:`tidy_sensitivity`).

    Parameters are sorted by their largest index; one bar series per index
    (``S1``/``ST`` for Sobol, ``mu_star``/``sigma`` for Morris).
    """
    order = (frame.groupby("parameter")["estimate"].max().sort_values(ascending=True).index
             .tolist())
    fig = go.Figure()
    for i, (index, part) in enumerate(frame.groupby("index", sort=False)):
        part = part.set_index("parameter").reindex(order)
        est = part["estimate"].astype(float)
        lo = (est - part["lo"].astype(float)).clip(lower=0).fillna(0.0)
        hi = (part["hi"].astype(float) - est).clip(lower=0).fillna(0.0)
        fig.add_trace(go.Bar(
            x=est.tolist(), y=order, orientation="h", name=str(index),
            marker_color=POLICY_COLOURS[i % len(POLICY_COLOURS)],
            error_x={"type": "data", "symmetric": False, "array": hi.tolist(),
                     "arrayminus": lo.tolist(), "color": "#222", "thickness": 1.2},
            hovertemplate="%{y}: %{x:.3f}<extra>" + str(index) + "</extra>"))
    fig.update_layout(**_LAYOUT, barmode="group", title=title,
                      height=max(320, 60 + 26 * len(order) * max(1, frame["index"].nunique())),
                      xaxis_title="index (95 % interval)")
    return fig


_INDEX_NAMES = ("S1", "ST", "S2", "mu_star", "mu", "sigma")


def _est(v: Any) -> tuple[float | None, float | None, float | None]:
    if v is None:
        return None, None, None
    if isinstance(v, Mapping):
        e = next((v[k] for k in ("estimate", "value", "p", "mean", "mu_star") if k in v), None)
        return e, v.get("lo"), v.get("hi")
    return float(v), None, None


def _num(v: Any) -> float | None:
    return None if v is None or v != v else float(v)


def tidy_sensitivity(data: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Normalise sensitivity results to rows ``parameter, index, estimate, lo, hi``.

    Accepts an object with ``to_frame()``; a DataFrame or list of row dicts
    (either tidy, or wide with columns ``S1, S1_lo, S1_hi, ST, ...``); a
    SALib-style dict (``names`` with ``S1``, ``S1_conf``, ...); the JSON of
    ``foedus sensitivity --json`` (``parameters`` a list of ``{"name", index:
    {"estimate", "lo", "hi"}}``, plus the ``dummy``); or a dict with
    ``indices``/``parameters`` mapping each parameter to ``{index: value or
    {estimate|value, lo, hi}}``. Returns the rows and the remaining scalar
    fields (method, policy, outcome, ...) for the caption.
    """
    if hasattr(data, "to_frame"):
        data = data.to_frame()
    meta: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    if isinstance(data, Mapping):
        meta = {k: v for k, v in data.items() if isinstance(v, str | int | float | bool)}
        if "names" in data:
            for j, name in enumerate(data["names"]):
                for idx in _INDEX_NAMES:
                    if idx in data and not isinstance(data[idx][j], list):
                        ev = float(data[idx][j])
                        conf = data.get(f"{idx}_conf")
                        c = None if conf is None else float(conf[j])
                        rows.append({"parameter": name, "index": idx, "estimate": ev,
                                     "lo": None if c is None else ev - c,
                                     "hi": None if c is None else ev + c})
            return pd.DataFrame(rows), meta
        table = next((data[k] for k in ("indices", "parameters", "rows") if k in data), None)
        if isinstance(table, Mapping):
            for name, idxs in table.items():
                for idx, v in idxs.items():
                    e, lo, hi = _est(v)
                    if e is not None:
                        rows.append({"parameter": name, "index": idx, "estimate": e, "lo": lo,
                                     "hi": hi})
            return pd.DataFrame(rows), meta
        if isinstance(data.get("dummy"), Mapping) and isinstance(table, list):
            table = [*table, {"name": "(dummy)", **data["dummy"]}]
        data = table
    df = pd.DataFrame(data)
    if "parameter" not in df.columns and "name" in df.columns:
        df = df.rename(columns={"name": "parameter"})
    if df.empty or "parameter" not in df.columns:
        raise ValueError("sensitivity results need a 'parameter' column or key")
    if {"index", "estimate"} <= set(df.columns):
        out = df[["parameter", "index", "estimate"]].copy()
        out["lo"] = df["lo"] if "lo" in df.columns else None
        out["hi"] = df["hi"] if "hi" in df.columns else None
        return out, meta
    for r in df.to_dict("records"):
        for idx in _INDEX_NAMES:
            if isinstance(r.get(idx), Mapping):
                e, lo, hi = _est(r[idx])
                rows.append({"parameter": r["parameter"], "index": idx, "estimate": e,
                             "lo": lo, "hi": hi})
            elif idx in r and r[idx] is not None and r[idx] == r[idx]:
                conf = _num(r.get(f"{idx}_conf"))
                lo = _num(r.get(f"{idx}_lo"))
                hi = _num(r.get(f"{idx}_hi"))
                if conf is not None:
                    lo = r[idx] - conf if lo is None else lo
                    hi = r[idx] + conf if hi is None else hi
                rows.append({"parameter": r["parameter"], "index": idx,
                             "estimate": float(r[idx]), "lo": lo, "hi": hi})
    if not rows:
        raise ValueError("sensitivity results hold no index (S1, ST, mu_star, sigma)")
    return pd.DataFrame(rows), meta


def audit_effects(frame: pd.DataFrame, outcome: str | None = None) -> go.Figure | None:
    """Heatmap of each claim's main effect per policy, if ``frame`` has such columns.

    Looks for a claim column (``claim``/``claim_id``/``id``), a ``policy``
    column and an effect column (``effect``/``main_effect``/``estimate``); with
    several outcomes (``outcome``), ``outcome`` (default: the first) is drawn and a menu
    switches to the others. ``None`` if absent.
    """
    cols = set(frame.columns)
    claim = next((c for c in ("claim", "claim_id", "id") if c in cols), None)
    effect = next((c for c in ("main_effect", "effect", "estimate") if c in cols), None)
    if claim is None or effect is None or "policy" not in cols:
        return None
    title = "Claim audit: main effect of each claim (holds − fails)"
    keys: list[Any] = [None]
    if "outcome" in cols and frame["outcome"].notna().any():
        keys = list(dict.fromkeys(frame["outcome"].dropna()))
        if outcome in keys:
            keys.remove(outcome)
            keys.insert(0, outcome)
    fig = go.Figure()
    n_rows = 1
    for i, key in enumerate(keys):
        df = frame if key is None else frame[frame["outcome"] == key]
        pivot = df.pivot_table(index=claim, columns="policy", values=effect, aggfunc="mean",
                               sort=False)
        z = pivot.to_numpy(dtype=float)
        finite = [abs(v) for v in z.ravel() if v == v]
        lim = max(finite) if finite else 1.0
        n_rows = max(n_rows, len(pivot.index))
        fig.add_trace(go.Heatmap(
            z=z.tolist(), x=[str(c) for c in pivot.columns], y=[str(r) for r in pivot.index],
            colorscale="RdBu_r", zmin=-lim, zmax=lim, colorbar={"title": {"text": "effect"}},
            visible=i == 0, name=str(key),
            hovertemplate="claim %{y}, %{x}: %{z:.3f}<extra></extra>"))
    layout: dict[str, Any] = dict(_LAYOUT)
    layout["title"] = title + ("" if keys[0] is None else f" on {keys[0]}")
    if len(keys) > 1:
        layout["updatemenus"] = [{"buttons": [
            {"label": str(k), "method": "update",
             "args": [{"visible": [j == i for j in range(len(keys))]},
                      {"title": f"{title} on {k}"}]} for i, k in enumerate(keys)],
            "x": 1.0, "xanchor": "right", "y": 1.15, "yanchor": "top"}]
    fig.update_layout(**layout, height=max(300, 80 + 34 * n_rows),
                      yaxis={"autorange": "reversed"})
    return fig


def audit_worlds(rankings: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str],
                 outcome: str) -> go.Figure:
    """Each world's ranking as bars (estimate, 95 % whiskers), one group per policy; a
    menu switches between outcomes (``rankings[world][outcome]["ranking"]`` rows)."""
    worlds = list(rankings)
    keys = [k for k in next(iter(rankings.values())) if any(
        rankings[w][k]["ranking"] for w in worlds)]
    if outcome in keys:
        keys.remove(outcome)
        keys.insert(0, outcome)
    fig = go.Figure()
    for i, key in enumerate(keys):
        for w in worlds:
            rows = rankings[w][key]["ranking"]
            val = [r.get("p", r.get("mean")) for r in rows]
            fig.add_trace(go.Bar(
                x=[r["policy"] for r in rows], y=val, name=labels.get(w, w),
                legendgroup=w, showlegend=True, visible=i == 0,
                error_y={"type": "data", "symmetric": False,
                         "array": [r["hi"] - v for r, v in zip(rows, val, strict=True)],
                         "arrayminus": [v - r["lo"] for r, v in zip(rows, val, strict=True)]},
                customdata=[["tied with the best" if r["tied_with_best"] else
                             f"rank {r['rank']}"] for r in rows],
                hovertemplate="%{x}: %{y:.3f} (%{customdata[0]})<extra>" + w + "</extra>"))
    n = len(worlds)
    layout: dict[str, Any] = dict(_LAYOUT)
    layout.update(title=f"Policies in each world on {keys[0]}", barmode="group")
    if len(keys) > 1:
        layout["updatemenus"] = [{"buttons": [
            {"label": k, "method": "update",
             "args": [{"visible": [j // n == i for j in range(n * len(keys))]},
                      {"title": f"Policies in each world on {k}"}]}
            for i, k in enumerate(keys)],
            "x": 1.0, "xanchor": "right", "y": 1.15, "yanchor": "top"}]
    fig.update_layout(**layout, height=420)
    return fig


def figure_list(figs: Sequence[go.Figure | None]) -> list[go.Figure]:
    """Drop the ``None`` entries."""
    return [f for f in figs if f is not None]


def tornado(swings: Mapping[str, Any]) -> go.Figure:
    """One-at-a-time swings of an outcome (the JSON of the What-if tornado).

    ``swings`` has ``base`` (the outcome under the lens's priors), ``bars`` (per
    assumption: ``label``, ``low``, ``high`` and the outcome ``at_low`` and ``at_high``,
    each ``{"p"|"mean", "lo", "hi"}``) and ``outcome``. Each bar spans the outcome from
    the lower to the upper end of the assumption's prior range, drawn from the base
    line, with the 95 % intervals of both ends as error bars.
    """
    out = str(swings["outcome"])
    base = swings.get("base") or {}
    kind = "mean" if "mean" in base else "p"
    b0 = float(base.get(kind, 0.0))
    bars = list(swings.get("bars", []))[::-1]  # largest swing on top
    labels = [str(b["label"]) for b in bars]
    fig = go.Figure()
    for end, colour, name in (("at_low", "#0072B2", "assumption at the low end"),
                              ("at_high", "#D55E00", "assumption at the high end")):
        vals = [float(b[end][kind]) for b in bars]
        vals_at = [f"{b['low' if end == 'at_low' else 'high']:.3g}" for b in bars]
        fig.add_trace(go.Bar(
            y=labels, x=[v - b0 for v in vals], base=b0, orientation="h", name=name,
            marker_color=colour, customdata=list(zip(vals_at, vals, strict=True)),
            error_x={"type": "data", "symmetric": False,
                     "array": [float(b[end]["hi"]) - float(b[end][kind]) for b in bars],
                     "arrayminus": [float(b[end][kind]) - float(b[end]["lo"]) for b in bars],
                     "color": "#444"},
            hovertemplate="%{y} = %{customdata[0]}: %{customdata[1]:.3f}<extra></extra>"))
    fig.add_vline(x=b0, line_color="#1c2833", line_dash="dot",
                  annotation_text="lens priors", annotation_position="top")
    ends = [b0] + [float(b[e][x]) for b in bars for e in ("at_low", "at_high")
                   for x in ("lo", "hi")]
    # the ticks step with the axis's width, not its height above 0
    fmt = {} if kind == "mean" else {"xaxis_tickformat": percent_tickformat(
        max(ends) - min(ends))}
    fig.update_layout(**_LAYOUT, height=140 + 46 * max(1, len(bars)), barmode="overlay",
                      title=f"What moves {outcome_label(out)}: each assumption over its "
                            "prior's 90 % range, the others drawn from the lens",
                      xaxis_title=outcome_label(out), **fmt)
    return fig


def headline_ranking(standings: Sequence[Any], label: str, kind: str = "p") -> go.Figure:
    """The policies ranked on one outcome: the estimate and its 95 % interval per policy,
    best on top, in the colour of the verdict (best, tied with the best, clearly worse).

    ``standings`` are :class:`foedus.study.verdict.Standing` (rank order); the chart of
    the policy brief.
    """
    colour = {"best": "#0072B2", "tied": "#5b6770", "worse": "#B4490C"}
    rows = list(standings)[::-1]  # best on top
    fig = go.Figure()
    for state, name in (("best", "best"), ("tied", "tied with the best"),
                        ("worse", "clearly worse")):
        sel = [s for s in rows if (s.rank == 1 if state == "best" else
                                   (s.rank > 1 and s.tied) if state == "tied" else
                                   not s.tied)]
        if not sel:
            continue
        fig.add_trace(go.Scatter(
            x=[s.estimate.value for s in sel], y=[s.policy for s in sel], mode="markers",
            name=name, marker={"color": colour[state], "size": 9},
            error_x={"type": "data", "symmetric": False,
                     "array": [s.estimate.hi - s.estimate.value for s in sel],
                     "arrayminus": [s.estimate.value - s.estimate.lo for s in sel],
                     "color": colour[state]},
            hovertemplate="%{y}: %{x}<extra></extra>"))
    top = max((s.estimate.hi for s in rows), default=0.0)
    fmt = {} if kind == "mean" else {"xaxis_tickformat": percent_tickformat(top)}
    fig.update_layout(**{**_LAYOUT, "margin": {"l": 150, "r": 20, "t": 40, "b": 40}},
                      height=90 + 24 * max(1, len(rows)), title=label + " by policy "
                      "(95 % interval)", xaxis_title=label,
                      yaxis={"categoryorder": "array", "categoryarray": [s.policy for s in rows]},
                      legend={"orientation": "h", "y": -0.25}, **fmt)
    return fig


def negotiation_positions(forecast: Mapping[str, Any]) -> go.Figure:
    """Positions over the rounds of a negotiation, one panel per issue.

    ``forecast`` is the JSON of a negotiation forecast
    (:meth:`foedus.negotiation.forecast.Forecast.to_dict`, the ``foedus negotiate
    --json`` contract). Per issue: each actor's position in the central run (every
    input at its prior mean) as a thin line, and the weighted median over the drawn
    replications, round by round, as a thick line with its 95 % band (2.5th–97.5th
    percentile); round 0 is the actors' stated positions.
    """
    from plotly.subplots import make_subplots

    issues = list(forecast.get("issues", []))
    n = max(1, len(issues))
    fig = make_subplots(rows=n, cols=1, shared_xaxes=False, vertical_spacing=0.22 / n + 0.04,
                        subplot_titles=[
                            f"{i['name']} ({i['scale']['low']:g} = {i['scale']['low_means']}, "
                            f"{i['scale']['high']:g} = {i['scale']['high_means']})"
                            for i in issues] or [""])
    actors = list(issues[0]["central"]["actors"]) if issues else []
    for row, iss in enumerate(issues, start=1):
        first = row == 1
        pos = iss["central"]["positions"]  # (T + 1, N)
        rounds = list(range(len(pos)))
        for j, a in enumerate(actors):
            fig.add_trace(go.Scatter(
                x=rounds, y=[p[j] for p in pos], mode="lines+markers", name=a,
                legendgroup=a, showlegend=first, marker={"size": 4},
                line={"width": 1, "color": policy_colour(j),
                      "dash": ("solid", "dot", "dash")[j // len(POLICY_COLOURS) % 3]},
                opacity=0.75,
                hovertemplate=f"{a}, round %{{x}}: %{{y:.3g}}<extra>{iss['id']}</extra>"),
                row=row, col=1)
        per = iss["rounds"]
        xs = [r["round"] for r in per]
        fig.add_trace(go.Scatter(
            x=xs + xs[::-1], y=[r["hi"] for r in per] + [r["lo"] for r in per][::-1],
            mode="lines", fill="toself", fillcolor="rgba(28,40,51,0.15)", line={"width": 0},
            name="median, 95 % band over draws", legendgroup="band", showlegend=first,
            hoverinfo="skip"), row=row, col=1)
        fig.add_trace(go.Scatter(
            x=xs, y=[r["median"] for r in per], mode="lines", name="forecast median",
            legendgroup="median", showlegend=first, line={"width": 3, "color": "#1c2833"},
            customdata=[[r["lo"], r["hi"]] for r in per],
            hovertemplate="round %{x}: median %{y:.3g} [%{customdata[0]:.3g}, "
                          "%{customdata[1]:.3g}]<extra>" + str(iss["id"]) + "</extra>"),
            row=row, col=1)
        fig.update_yaxes(title_text="position", range=[iss["scale"]["low"],
                                                       iss["scale"]["high"]], row=row, col=1)
        fig.update_xaxes(title_text="round", dtick=1, row=row, col=1)
    reps = forecast.get("replications", 0)
    fig.update_layout(**{**_LAYOUT, "margin": {**_LAYOUT["margin"], "t": 110}},
                      height=150 + 260 * n,
                      title=f"Positions over the rounds, per issue (central run; median and "
                            f"95 % band over {reps:,} drawn replications)")
    return fig
