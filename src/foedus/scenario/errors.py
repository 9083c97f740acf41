"""Errors raised for bad input files, each problem located at FILE:LINE and field.

One value type, :class:`Issue`, locates a problem in any input file: a
scenario, claims or case file (YAML; the line of the offending node and the
dotted path of the field) or a data table (CSV; the line of the file, the
header being line 1, and the column). Every message reads
``FILE:LINE: field: message``, or ``FILE:LINE: message`` without a field, or
``FILE: message`` for the file as a whole (``line`` 0).

:class:`InputError` carries the issues found; :class:`ScenarioError` (YAML
inputs) and :class:`foedus.data.table.DataError` (data tables) are its kinds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem with an input file.

    Attributes
    ----------
    file : str
        The file's name as the user gave it.
    line : int
        1-based line of the file; 0 for the file as a whole.
    field : str
        Dotted path of the field (YAML) or the column (CSV); empty if none.
    message : str
        What is wrong.
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        fld = f" {self.field}:" if self.field else ""
        return f"{where}:{fld} {self.message}"


class InputError(Exception):
    """Invalid input: ``issues`` lists the problems found, ``more`` counts those left unlisted.

    The message is one line per issue, plus ``... and N more problem(s)``
    when ``more`` is positive.
    """

    def __init__(self, issues: Iterable[Issue], more: int = 0) -> None:
        self.issues = list(issues)
        self.more = more
        lines = [str(i) for i in self.issues]
        if more:
            lines.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(lines))


#: Most issues one error lists (the rest are counted): a file with thousands of
#: bad values gives a readable message of bounded size.
MAX_ISSUES = 100


class ScenarioError(InputError):
    """Invalid scenario, claims or case input; ``issues`` in file order.

    At most :data:`MAX_ISSUES` are kept (the first in file order); ``more``
    counts the others.
    """

    def __init__(self, issues: Iterable[Issue], more: int = 0) -> None:
        ordered = sorted(issues, key=lambda i: (i.file, i.line, i.field))
        super().__init__(ordered[:MAX_ISSUES], more + max(0, len(ordered) - MAX_ISSUES))
