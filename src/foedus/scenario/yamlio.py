"""Safe YAML loading that remembers the line of every node.

PyYAML's ``compose`` gives a node tree with source marks; we build plain
Python values from it (safe types only) and a map from each path (a tuple of
keys and list indices) to its 1-based line, so that validation errors can name
``FILE:LINE``. Duplicate keys are errors, not silent overwrites.
"""

from __future__ import annotations

from typing import Any

import yaml

from foedus.scenario.errors import Issue, ScenarioError

Path = tuple[str | int, ...]

#: Most nodes a document may expand to (aliases included): a guard against
#: alias bombs, far above any real scenario.
MAX_NODES = 100_000


class SourceMap:
    """Lines of the nodes of one YAML document."""

    def __init__(self, file: str, lines: dict[Path, int]) -> None:
        self.file = file
        self._lines = lines

    def line(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that exists."""
        p = tuple(path)
        while p:
            if p in self._lines:
                return self._lines[p]
            p = p[:-1]
        return self._lines.get((), 1)

    def issue(self, path: Path, message: str) -> Issue:
        return Issue(self.file, self.line(path), ".".join(str(x) for x in path), message)


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0
        self.stack: set[int] = set()


def _build(node: yaml.Node, path: Path, lines: dict[Path, int], issues: list[Issue],
           file: str, budget: _Budget | None = None) -> Any:
    budget = budget or _Budget()
    budget.nodes += 1
    where = node.start_mark.line + 1
    if budget.nodes > MAX_NODES:
        raise ScenarioError([Issue(file, where, "", f"document expands to more than "
                                                    f"{MAX_NODES} nodes (alias expansion?)")])
    if id(node) in budget.stack:
        raise ScenarioError([Issue(file, where, ".".join(str(x) for x in path),
                                   "recursive alias")])
    lines[path] = where
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        budget.stack.add(id(node))
        try:
            return _build_collection(node, path, lines, issues, file, budget)
        finally:
            budget.stack.discard(id(node))
    return _scalar(node)


def _build_collection(node: yaml.MappingNode | yaml.SequenceNode, path: Path,
                      lines: dict[Path, int], issues: list[Issue], file: str,
                      budget: _Budget) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                issues.append(Issue(file, key_node.start_mark.line + 1,
                                    ".".join(str(x) for x in (*path, key)),
                                    "duplicate key"))
                continue
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            out[key] = _build(value_node, child, lines, issues, file, budget)
            lines[child] = key_node.start_mark.line + 1
        return out
    return [_build(v, (*path, i), lines, issues, file, budget)
            for i, v in enumerate(node.value)]


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse ``text`` safely; return the data and its :class:`SourceMap`.

    Raises
    ------
    ScenarioError
        On a YAML syntax error, several documents, or duplicate keys.
    """
    try:
        docs = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Issue(file, line, "", f"YAML syntax error: {problem}")]) from None
    if not docs or docs[0] is None:
        raise ScenarioError([Issue(file, 1, "", "the file is empty")])
    if len(docs) > 1:
        raise ScenarioError([Issue(file, docs[1].start_mark.line + 1, "",
                                   "expected one YAML document, found several")])
    lines: dict[Path, int] = {}
    issues: list[Issue] = []
    try:
        data = _build(docs[0], (), lines, issues, file)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ScenarioError([Issue(file, line, "", f"YAML error: {exc}")]) from None
    if issues:
        raise ScenarioError(issues)
    return data, SourceMap(file, lines)
