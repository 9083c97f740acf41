"""Any input file of foedus — scenario, case or claims — recognised by its keys and validated.

The kind of a YAML mapping is read from its top-level keys: a key of the case
part (``coded_as_of``, ``hindsight``, ``case``, ``outcome``, ``structure``)
makes a case file (:mod:`foedus.evidence.casefile`); ``article`` or
``claims`` a claims file (:mod:`foedus.evidence.claims_schema`); anything else
is a scenario (:mod:`foedus.scenario.loader`). Each is then validated by its
own reader, so every problem is ``FILE:LINE: field.path: message``
(:class:`~foedus.scenario.errors.ScenarioError`). Folders are searched for
``*.yaml`` and ``*.yml`` files, subfolders included.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from foedus.evidence.casefile import CASE_KEYS, parse_case
from foedus.evidence.claims_schema import parse_claims
from foedus.evidence.lenses import check_parameters
from foedus.scenario.errors import Issue, ScenarioError
from foedus.scenario.loader import MAX_BYTES, parse_scenario, read_document
from foedus.scenario.yamlio import load_yaml

Kind = Literal["scenario", "case", "claims"]
CLAIMS_KEYS: tuple[str, ...] = ("article", "claims")
SUFFIXES: tuple[str, ...] = (".yaml", ".yml")


def input_kind(data: Any) -> Kind:
    """The kind of a parsed YAML document, from its top-level keys."""
    if isinstance(data, dict):
        if any(k in data for k in CASE_KEYS):
            return "case"
        if any(k in data for k in CLAIMS_KEYS):
            return "claims"
    return "scenario"


def input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Issue]]:
    """``paths`` with every folder replaced by its YAML files (sorted, recursively), and an
    issue for each path that does not exist or folder without YAML files."""
    out: list[Path] = []
    issues: list[Issue] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
            if not found:
                issues.append(Issue(str(p), 0, "", "no *.yaml or *.yml files in the folder"))
            out += found
        elif p.exists():
            out.append(p)
        else:
            issues.append(Issue(str(p), 0, "", "no such file"))
    return out, issues


def validate_file(path: str | Path) -> Kind:
    """Validate the input file at ``path``; return its kind.

    Raises
    ------
    ScenarioError
        With every problem, located at ``FILE:LINE``.
    """
    p = Path(path)
    name = str(path)
    try:
        if not p.is_file() or p.stat().st_size > MAX_BYTES:
            raise OSError
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        read_document(p)  # reports the problem (no file, too large, not UTF-8) at its place
        raise ScenarioError([Issue(name, 0, "", "cannot read the file")]) from None
    data, _src = load_yaml(text, name)
    kind = input_kind(data)
    if kind == "case":
        parse_case(text, name)
    elif kind == "claims":
        parse_claims(text, name)
    else:
        check_parameters(parse_scenario(text, name))
    return kind
