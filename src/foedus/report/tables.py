"""Tables and figure settings shared by the reports (the run report, the audit report).

A :class:`Table` is what the templates' ``table`` macro renders: column names, rows of
``{"text", "num"}`` cells and the table's data as a CSV ``data:`` URI (works offline).
"""

from __future__ import annotations

import json
import math
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True,
                                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def csv_uri(df: pd.DataFrame) -> str:
    """``df`` as CSV in a ``data:`` URI (a download link that works offline)."""
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(df.to_csv(index=False))


@dataclass(frozen=True)
class Table:
    """A table for the template: column names and rows of ``{"text", "num"}`` cells,
    with its data as a CSV ``data:`` URI (``csv``) and the download's file name."""

    columns: list[str]
    rows: list[list[dict[str, Any]]]
    title: str = ""
    csv: str = ""
    name: str = "table"


def _fmt(v: Any) -> dict[str, Any]:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return {"text": "—", "num": True}
    if isinstance(v, bool):
        return {"text": "yes" if v else "no", "num": False}
    if isinstance(v, int):
        return {"text": f"{v:,}", "num": True}
    if isinstance(v, float):
        return {"text": f"{v:.4g}", "num": True}
    if isinstance(v, list | tuple):
        return {"text": ", ".join(str(x) for x in v), "num": False}
    if isinstance(v, Mapping):
        return {"text": json.dumps(v, ensure_ascii=False), "num": False}
    return {"text": str(v), "num": False}


def frame_table(df: pd.DataFrame, title: str = "", name: str = "",
                data: pd.DataFrame | None = None) -> Table:
    """A DataFrame as a template :class:`Table`; ``data`` (default ``df``) is its CSV."""
    rows = [[_fmt(None if (isinstance(v, float) and math.isnan(v)) else v) for v in r]
            for r in df.astype(object).itertuples(index=False, name=None)]
    slug = "-".join((name or title or "table").lower().replace("|", "").split())
    return Table([str(c) for c in df.columns], rows, title,
                 csv_uri(df if data is None else data), slug)
