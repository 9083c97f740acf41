"""A negotiation forecast as tables: per issue, and per issue and round.

Both take the JSON of a forecast (:meth:`foedus.negotiation.forecast.Forecast.to_dict`,
the ``foedus negotiate --json`` contract) and return pandas DataFrames, so the
HTML report and the web app's negotiation page show the same numbers.

``issue_frame``: one row per issue with the forecast distribution (the medians of
rounds 1..T pooled over the drawn replications): its median and 95 % interval
(2.5th–97.5th percentile) and mean, and the share of replications that settled or
cycled with its Wilson 95 % interval. ``round_frame``: one row per (issue, round)
with the median over replications and its 95 % interval, the mean, and the
central run's weighted median.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd


def _share(v: Mapping[str, float] | None) -> str:
    if v is None:
        return "—"
    return f"{100 * v['p']:.1f} % [{100 * v['lo']:.1f}, {100 * v['hi']:.1f}]"


def issue_frame(forecast: Mapping[str, Any]) -> pd.DataFrame:
    """Per issue: the forecast's median [95 % interval], mean, settled and cycling."""
    rows = []
    for i in forecast["issues"]:
        f = i["forecast"]
        sc = i["scale"]
        rows.append({"issue": i["id"], "name": i["name"],
                     "scale": f"{sc['low']:g} = {sc['low_means']}; "
                              f"{sc['high']:g} = {sc['high_means']}",
                     "forecast median": round(f["median"], 3),
                     "95 % interval": f"[{f['lo']:.3g}, {f['hi']:.3g}]",
                     "mean": round(f["mean"], 3),
                     "settled (95 % interval)": _share(i.get("converged")),
                     "cycling (95 % interval)": _share(i.get("cycling"))})
    return pd.DataFrame(rows)


def round_frame(forecast: Mapping[str, Any]) -> pd.DataFrame:
    """Per issue and round: the median over replications [95 % interval], the mean and
    the central run's median."""
    rows = []
    for i in forecast["issues"]:
        for r in i["rounds"]:
            rows.append({"issue": i["id"], "round": r["round"],
                         "median": round(r["median"], 3), "lo": round(r["lo"], 3),
                         "hi": round(r["hi"], 3), "mean": round(r["mean"], 3),
                         "central run median": round(r["central_median"], 3)})
    return pd.DataFrame(rows)
