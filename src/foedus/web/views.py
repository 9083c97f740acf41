"""Data behind the pages, shared by the HTML pages and the JSON API.

Charts come from :mod:`foedus.report.figures` (the report's figures), turned
into Plotly JSON for the page; the wargame adds the player's path on top of
them.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from foedus.evidence.lenses import LENSES, lens_names, resolve
from foedus.evidence.registry import PARAMETERS
from foedus.model.ladder import NAMES
from foedus.report import figures as fg
from foedus.scenario.loader import Document
from foedus.store.store import ResultsStore
from foedus.study.formatting import format_estimate, format_gap
from foedus.study.prior_range import RANGE_MASS, central_range, is_point_mass
from foedus.study.result import HEADLINE_OUTCOME, OUTCOME_KEYS, OUTCOME_LABELS, Estimate, Result
from foedus.study.verdict import Verdict
from foedus.wargame.game import Wargame, after_action, roles
from foedus.web.compute import ASSUMPTIONS


def fig_json(fig: go.Figure) -> str:
    """A figure as Plotly JSON, safe to embed in a ``<script>`` element."""
    text: str = pio.to_json(fig, validate=False)
    return text.replace("</", "<\\/")


def figure_block(div: str, fig: go.Figure) -> str:
    """A figure as the page embeds it: an empty ``div`` and its JSON, drawn by app.js (the
    Content-Security-Policy runs no inline script)."""
    from markupsafe import escape

    return (f'<div class="plot" id="{escape(div)}"></div><script type="application/json" '
            f'class="figure" data-target="{escape(div)}">{fig_json(fig)}</script>')


def fig_dict(fig: go.Figure) -> dict[str, Any]:
    """A figure as a JSON-ready dict (for the API)."""
    import json

    out: dict[str, Any] = json.loads(pio.to_json(fig, validate=False))
    return out


def scenario_summary(sid: str, origin: str, doc: Document) -> dict[str, Any]:
    s = doc.scenario
    return {"id": sid, "origin": origin, "name": s.name, "start": s.start,
            "horizon": s.horizon, "adversary": s.adversary, "protected": s.protected,
            "policies": [p.id for p in s.policies], "lenses": lens_names(doc),
            "negotiation": s.negotiation is not None}


def scenario_detail(sid: str, doc: Document, lens: str) -> dict[str, Any]:
    """Actors, commitments, policies and every parameter's prior under ``lens``."""
    s = doc.scenario
    priors = resolve(doc, lens)
    actors = []
    for a in s.actors:
        actors.append({"id": a.id, "name": a.name, "kind": a.kind,
                       "nuclear": a.nuclear, "great_power": a.great_power,
                       "capability": a.capability, "revisionism": a.revisionism,
                       "host": a.host, "target": a.target, "control": a.control,
                       "source": a.source})
    commitments = [{"id": c.id, "guarantor": c.guarantor, "beneficiary": c.beneficiary,
                    "type": c.type, "credibility_mean": c.credibility.mean,
                    "credibility_concentration": c.credibility.concentration,
                    "automaticity": c.automaticity, "conditional": c.conditional,
                    "troops": c.troops, "baseline": c.id in s.baseline,
                    "source": c.source, "rationale": c.rationale} for c in s.commitments]
    policies = [{"id": p.id, "name": p.name, "description": p.description,
                 "settlement": p.settlement, "commitments": list(p.commitments),
                 "terms": p.terms.model_dump(), "source": p.source} for p in s.policies]
    params = []
    for par in PARAMETERS:
        e = priors.entries[par.name]
        params.append({"name": par.name, "symbol": par.symbol, "mechanism": par.mechanism,
                       "description": par.description, "prior": e.prior.describe(),
                       "mean": e.prior.mean(), "origin": e.origin, "basis": e.basis,
                       "source": e.source, "rationale": e.rationale})
    description = (s.lenses[lens].description if lens in s.lenses
                   else LENSES[lens].description if lens in LENSES else "")
    return {"id": sid, "name": s.name, "description": getattr(s, "description", ""),
            "lens": lens, "lens_description": description, "lenses": lens_names(doc),
            "start": s.start, "horizon": s.horizon, "seed": s.seed,
            "adversary": s.adversary, "protected": s.protected, "actors": actors,
            "commitments": commitments, "policies": policies, "parameters": params}


def assumption_controls(doc: Document, lens: str, chosen: dict[str, float]
                        ) -> list[dict[str, Any]]:
    """The What-if form's controls with the lens's prior and the chosen value."""
    priors = resolve(doc, lens)
    out = []
    for a in ASSUMPTIONS:
        e = priors.entries[a.name]
        mean = min(a.high, max(a.low, e.prior.mean()))
        lo, hi = (round(min(a.high, max(a.low, x)), 4) for x in central_range(e.prior))
        span = a.high - a.low
        out.append({"name": a.name, "label": a.label, "low": a.low, "high": a.high,
                    "step": a.step, "help": a.help, "prior": e.prior.describe(),
                    "mean": round(mean, 4), "fixed": a.name in chosen,
                    "value": chosen.get(a.name, round(mean, 4)), "source": e.source,
                    "rationale": e.rationale, "range_lo": lo, "range_hi": hi,
                    "mass": round(100 * RANGE_MASS), "point_mass": is_point_mass(e.prior),
                    # the prior's range as a share of the slider, for the band behind it
                    "band_left": round(100 * (lo - a.low) / span, 2),
                    "band_width": round(100 * (hi - lo) / span, 2)})
    return out


def _estimate(e: dict[str, float] | None) -> Estimate | None:
    if e is None:
        return None
    kind = "mean" if "mean" in e else "p"
    return Estimate(e[kind], e["lo"], e["hi"], kind)


def _gap(c: dict[str, float] | None, kind: str) -> str:
    if c is None:
        return "—"
    return format_gap(Estimate(c["diff"], c["lo"], c["hi"], kind))


def compare_verdict(store: ResultsStore, result: Result) -> Verdict:
    """The verdict of a comparison, qualified by what the results store holds (the same
    as ``foedus compare`` and the report)."""
    from foedus.report.context import stored_context
    from foedus.study.verdict import verdict

    return verdict(result, **stored_context(store, result.scenario, result.lens,
                                            HEADLINE_OUTCOME))


def whatif_all_rows(out: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the all-policies What-if table: per outcome, per policy the estimate under
    the lens's priors, under the user's assumptions and the change with its interval."""
    lens = out["lens"]["policies"]
    adj = (out.get("adjusted") or {}).get("policies")
    rows = []
    for key in OUTCOME_KEYS:
        if all(lens[p]["outcomes"].get(key) is None for p in lens):
            continue
        cells = []
        for p in lens:
            before = _estimate(lens[p]["outcomes"].get(key))
            after = None if adj is None else _estimate(adj[p]["outcomes"].get(key))
            ch = None if adj is None else out["changes"][p].get(key)
            clear = ch is not None and (ch["lo"] > 0 or ch["hi"] < 0)
            cells.append({"lens": format_estimate(before),
                          "yours": None if adj is None else format_estimate(after),
                          "change": None if adj is None else
                          _gap(ch, "mean" if key == "months_of_peace" else "p")
                          + ("" if ch is None or ch.get("paired") else " (unpaired)"),
                          "clear": clear})
        rows.append({"key": key, "label": OUTCOME_LABELS[key], "cells": cells})
    return rows


def ranking_rows(out: dict[str, Any]) -> list[dict[str, Any]]:
    """Per outcome: the best policy under the lens's priors and under the assumptions."""
    rows = []
    for key, r in out["ranking"].items():
        def who(b: dict[str, Any] | None) -> str:
            if b is None:
                return "—"
            tied = [p for p in b["leaders"] if p != b["best"]]
            return b["best"] + (" (clear)" if b["clear"] else
                                f" (tied with {', '.join(tied)})" if tied else "")
        rows.append({"key": key, "label": OUTCOME_LABELS[key], "lens": who(r["lens"]),
                     "yours": None if r["adjusted"] is None else who(r["adjusted"]),
                     "changed": r["changed"]})
    return rows


def tornado_rows(t: dict[str, Any]) -> list[dict[str, str]]:
    """The tornado chart's numbers as table rows (its text alternative)."""
    kind = "mean" if t["outcome"] == "months_of_peace" else "p"
    rows = [{"label": b["label"], "range": f"{b['low']:.3g} – {b['high']:.3g}",
             "at_low": format_estimate(_estimate(b["at_low"])),
             "at_high": format_estimate(_estimate(b["at_high"])),
             "swing": _gap(b["swing"], kind)} for b in t["bars"]]
    rows += [{"label": f["label"], "range": f"fixed by the lens at {f['value']:.3g}",
              "at_low": "—", "at_high": "—", "swing": "none (point mass)"}
             for f in t["fixed"]]
    return rows


def outcome_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per outcome, one cell per policy of ``result``."""
    rows = []
    for key in OUTCOME_KEYS:
        cells = []
        for pr in result["policies"].values():
            e = _estimate(pr["outcomes"].get(key))
            cells.append({"text": format_estimate(e), "value": None if e is None
                          else e.value})
        rows.append({"key": key, "label": OUTCOME_LABELS[key], "cells": cells})
    return rows


def result_figures(result: dict[str, Any], which: tuple[str, ...]) -> dict[str, go.Figure]:
    makers = {"comparison": fg.policy_comparison, "survival": fg.survival_curves,
              "ladder": fg.max_level_distribution, "tornado": fg.tornado}
    return {k: makers[k](result) for k in which}


def game_view(game_id: str, doc: Document, game: Wargame,
              comparison: dict[str, Any] | None) -> dict[str, Any]:
    """Everything the wargame page and ``GET /api/games/{id}`` show."""
    st = game.structure
    return {
        "id": game_id, "scenario": doc.scenario.id, "scenario_name": doc.scenario.name,
        "policy": game.policy_, "lens": game.lens, "role": game.role, "kind": game.kind_,
        "seed": game.seed_, "horizon": st.horizon, "month": game.state_.t,
        "finished": game.finished_, "can_attack": game.kind_ in ("adversary", "protected"),
        "prompt": None if game.prompt_ is None else game.prompt_.to_dict(),
        "events_so_far": list(game.partial_),
        "levels": game.levels(), "commitments": game.commitments(),
        "history": game.history_, "outcomes": game.outcomes(),
        "main_level": game.state_.level[st.main],
        "main_level_name": NAMES[game.state_.level[st.main]],
        "comparison": comparison,
        "date": game.date(min(game.state_.t, st.horizon)),
        "start_month": game.start_month_,
        "decided": sum(len(h["decisions"]) for h in game.history_),
        "after_action": None if comparison is None else after_action(game, comparison),
    }


def game_figures(game: Wargame, comparison: dict[str, Any]) -> dict[str, go.Figure]:
    """The model's survival curve and ladder distribution, with the player's path."""
    res = comparison["result"]
    surv = fg.survival_curves(res)
    fw = game.outcomes()["first_war_month"]
    months = list(range(1, game.structure.horizon + 1))
    surv.add_trace(go.Scatter(
        x=[0, *months], y=[1.0] + [0.0 if fw is not None and m >= fw else 1.0
                                   for m in months],
        mode="lines", line_shape="hv", name="your game", line={"color": "#C0392B",
                                                               "width": 3, "dash": "dot"}))
    surv.update_layout(title="Your game against the model: survival of peace "
                             f"({comparison['replications']:,} model runs, same world)")
    ladder = fg.max_level_distribution(res)
    ml = comparison["max_level"]
    ladder.add_vline(x=ml, line_color="#C0392B", line_dash="dot",
                     annotation_text="your game", annotation_position="top")
    path = go.Figure(go.Scatter(x=list(range(len(comparison["path"]))), y=comparison["path"],
                                mode="lines+markers", line_shape="hv", name="your game",
                                line={"color": "#C0392B"}))
    path.update_layout(template="plotly_white", height=320, title="Your path: level of "
                       f"{st_name(game)} by month", xaxis_title="month",
                       yaxis={"title": "level", "tickvals": list(range(7)),
                              "ticktext": [f"{i} {n}" for i, n in enumerate(NAMES)],
                              "range": [-0.3, 6.3]})
    return {"survival": surv, "ladder": ladder, "path": path}


def st_name(game: Wargame) -> str:
    st = game.structure
    a, b = st.dyads[st.main]
    return f"{st.states[a]}–{st.states[b]}"


def role_options(doc: Document, policy: str) -> list[dict[str, str]]:
    return roles(doc, policy)
