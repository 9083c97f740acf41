"""Load a scenario file: YAML -> validated, frozen :class:`Scenario`.

Every problem is reported as ``FILE:LINE: field.path: message`` through
:class:`~foedus.scenario.errors.ScenarioError`; nothing else escapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.references import check_references
from foedus.scenario.schema import Scenario
from foedus.scenario.yamlio import SourceMap, load_yaml

MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Document:
    """A validated scenario with the source map of the file it came from."""

    scenario: Scenario
    source: SourceMap
    text: str


_UNION_TAGS = frozenset({"beta", "uniform", "lognormal", "fixed"})


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Turn a pydantic error location into a path of keys and indices of ``data``.

    Union tags that pydantic inserts (``beta``, ``uniform``, ...) are dropped;
    a key that is missing or unknown ends the walk but stays in the path; the names
    of union members below a plain value (``float``, ``dict[str,any]``) are dropped.
    """
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and part not in _UNION_TAGS and isinstance(node, dict):
            out.append(part)
            node = None
    return tuple(out)


def validation_issues(exc: ValidationError, data: Any, source: SourceMap) -> list[Issue]:
    """Located issues (``FILE:LINE: field.path: message``) of a pydantic error on ``data``."""
    found: dict[tuple[str | int, ...], list[str]] = {}
    for err in exc.errors():
        msg = {"extra_forbidden": "unknown field", "missing": "field required"}.get(
            err["type"], err["msg"])
        if err["type"] in ("value_error", "assertion_error") and "error" in err.get("ctx", {}):
            msg = str(err["ctx"]["error"])  # the validator's own words, without pydantic's prefix
        msgs = found.setdefault(_clean_loc(data, tuple(err["loc"])), [])
        if msg not in msgs:
            msgs.append(msg)
    return [source.issue(path, "; ".join(msgs)) for path, msgs in found.items()]


def parse_scenario(text: str, file: str) -> Document:
    """Validate YAML ``text`` (named ``file`` in messages) into a :class:`Document`."""
    data, source = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ScenarioError([Issue(file, 1, "", "a scenario must be a YAML mapping")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_issues(exc, data, source)) from None
    problems = check_references(scenario)
    if problems:
        raise ScenarioError([source.issue(p, m) for p, m in problems])
    return Document(scenario, source, text)


def read_document(path: str | Path) -> Document:
    """Read and validate the scenario file at ``path``."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise ScenarioError([Issue(name, 0, "", "no such file")])
    if not p.is_file():
        raise ScenarioError([Issue(name, 0, "", "not a regular file")])
    if p.stat().st_size > MAX_BYTES:
        raise ScenarioError([Issue(name, 0, "", f"file is larger than {MAX_BYTES} bytes")])
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Issue(name, 0, "", "file is not UTF-8 text")]) from None
    except OSError as exc:
        raise ScenarioError([Issue(name, 0, "", f"cannot read: {exc.strerror}")]) from None
    return parse_scenario(text, name)
