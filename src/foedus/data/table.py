"""Validated reading of CSV tables: exact headers, typed columns, missing-value codes.

A :class:`Schema` lists a dataset's columns (all of them: a file with an
unexpected or a missing column is rejected) and, for the columns the analyses
use, their type, the values they may take and the tokens that mean "missing".
Files whose name ends in ``.gz`` are read through gzip. Every problem is
collected and raised together as a :class:`DataError` whose lines read
``FILE:ROW: field: message`` (ROW is the line of the file, the header being
line 1). Nothing is skipped silently: a record whose data are
wholly blank may be set aside only where the schema allows it, and it is then
listed in :attr:`Table.excluded` so that every report can show it.
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: A parsed cell: a code, a real number, a text or missing.
Value = int | float | str | None

#: Problems reported before giving up on a file (the rest are counted).
MAX_ISSUES = 20


@dataclass(frozen=True)
class DataIssue:
    """One problem in a data file."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row > 0 else self.file
        fld = f" {self.field}:" if self.field else ""
        return f"{where}:{fld} {self.message}"


class DataError(ValueError):
    """A data file that does not match its dataset's documented format."""

    def __init__(self, issues: list[DataIssue], more: int = 0) -> None:
        self.issues = issues
        self.more = more
        lines = [str(i) for i in issues]
        if more:
            lines.append(f"... and {more} more problem(s)")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Column:
    """A used column: integer codes in ``valid`` (or a range), and missing tokens.

    ``missing`` maps tokens (as written in the file) to the reason they stand
    for, e.g. ``{"-9": "unknown"}``; a missing token in a column whose
    ``missing`` is empty is an error. Values are read as integers; R-style
    floats such as ``2e3`` are accepted when they are whole numbers.
    """

    name: str
    low: int | None = None
    high: int | None = None
    valid: frozenset[int] | None = None
    missing: dict[str, str] = field(default_factory=dict)
    text: bool = False  # keep the raw text (names); no range check
    real: bool = False  # a real number (e.g. a CINC score) instead of a whole-number code

    def check(self, raw: str) -> tuple[Value, str | None]:
        """Return ``(value, problem)``: the parsed value, or a message."""
        tok = raw.strip()
        if tok in self.missing:
            return None, None
        if self.text:
            return (tok, None) if tok else (None, "blank value")
        if tok == "" or tok.upper() in ("NA", "NAN", "."):
            return None, f"missing value {tok!r}" if tok else "blank value"
        try:
            x = float(tok)
        except ValueError:
            return None, f"not a number: {tok!r}"
        if not math.isfinite(x):
            return None, f"not a finite number: {tok!r}"
        if self.real:
            if (self.low is not None and x < self.low) or (self.high is not None
                                                           and x > self.high):
                return None, f"{tok!r} outside [{self.low}, {self.high}]"
            return x, None
        if x != int(x):
            return None, f"not a whole number: {tok!r}"
        v = int(x)
        if self.valid is not None and v not in self.valid:
            codes = ", ".join(str(c) for c in sorted(self.valid))
            return None, f"unknown code {tok!r} (expected one of {codes})"
        if (self.low is not None and v < self.low) or (self.high is not None and v > self.high):
            return None, f"{tok!r} outside [{self.low}, {self.high}]"
        return v, None


@dataclass(frozen=True)
class Schema:
    """A dataset file's documented columns and the checks on those it uses."""

    name: str
    header: tuple[str, ...]
    columns: tuple[Column, ...]
    #: columns that identify a record; a row blank everywhere else is an empty record
    id_columns: tuple[str, ...] = ()
    allow_empty_records: bool = False
    row_check: Callable[[dict[str, Value]], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class Excluded:
    """A record set aside, with its file row and the reason."""

    row: int
    key: str
    reason: str


@dataclass(frozen=True)
class Table:
    """A validated table: used columns (lower-case names) plus a ``row`` column."""

    path: Path
    frame: pd.DataFrame
    excluded: tuple[Excluded, ...]
    missing: dict[str, int]  # column -> number of values given a missing code

    @property
    def file(self) -> str:
        return self.path.name


def read_table(path: str | Path, schema: Schema) -> Table:
    """Read ``path`` and validate it against ``schema``.

    Raises
    ------
    DataError
        Listing, by file row and field, every unexpected or missing column,
        unknown code, malformed number and misplaced missing-value code.
    OSError
        If the file cannot be read.
    """
    path = Path(path)
    fname = str(path)
    issues: list[DataIssue] = []
    more = 0

    def add(row: int, fld: str, msg: str) -> None:
        nonlocal more
        if len(issues) < MAX_ISSUES:
            issues.append(DataIssue(fname, row, fld, msg))
        else:
            more += 1

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8-sig") as fh:
        text = fh.read()
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac line endings
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise DataError([DataIssue(fname, 0, "", "empty file (no header)")]) from None
    expected = [h.lower() for h in schema.header]
    unexpected = [h for h in header if h not in expected]
    absent = [h for h in expected if h not in header]
    for h in unexpected:
        add(1, h, f"unexpected column (not in {schema.name})")
    for h in absent:
        add(1, h, f"missing column (required by {schema.name})")
    dup = {h for h in header if header.count(h) > 1}
    for h in sorted(dup):
        add(1, h, "duplicate column")
    if issues:
        raise DataError(issues, more)
    pos = {h: i for i, h in enumerate(header)}
    ids = [pos[c] for c in schema.id_columns]
    rows: list[dict[str, Value]] = []
    excluded: list[Excluded] = []
    missing = {c.name: 0 for c in schema.columns}
    for lineno, rec in enumerate(reader, start=2):
        if not rec or all(not x.strip() for x in rec):
            add(lineno, "", "blank line")
            continue
        if len(rec) != len(header):
            add(lineno, "", f"{len(rec)} fields, the header has {len(header)}")
            continue
        key = ", ".join(f"{schema.id_columns[j]}={rec[i].strip()}" for j, i in enumerate(ids))
        if schema.allow_empty_records and all(
                not x.strip() for i, x in enumerate(rec) if i not in ids):
            excluded.append(Excluded(lineno, key, "every data field is blank"))
            continue
        out: dict[str, Value] = {"row": lineno}
        for col in schema.columns:
            raw = rec[pos[col.name]]
            value, problem = col.check(raw)
            if problem is not None:
                add(lineno, col.name, problem)
            elif value is None:
                missing[col.name] += 1
            out[col.name] = value
        if schema.row_check is not None:
            for fld, msg in schema.row_check(out):
                add(lineno, fld, msg)
        rows.append(out)
    if issues:
        raise DataError(issues, more)
    cols = ["row"] + [c.name for c in schema.columns]
    frame = pd.DataFrame(rows, columns=cols)
    for c in schema.columns:
        if c.real:
            frame[c.name] = frame[c.name].astype("float64")
        elif not c.text:
            frame[c.name] = frame[c.name].astype("Int64")
    return Table(path, frame, tuple(excluded), {k: v for k, v in missing.items() if v})
