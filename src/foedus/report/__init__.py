"""Figures (Plotly) and the self-contained, offline HTML report.

:mod:`foedus.report.figures` builds each chart from the JSON contract of a
result (``Result.to_dict()``) so the web app and stored records can reuse it;
:mod:`foedus.report.html` assembles the report.
"""
