"""The one YAML loader of every input file (scenario, case, claims, lens), hardened.

PyYAML's event stream is read in a single loop with an explicit stack (no
recursion that the input can drive) and turned into plain Python values plus a
map from each path (a tuple of keys and list indices) to its 1-based line, so
that validation errors can name ``FILE:LINE``. Limits, each reported as a
located :class:`~foedus.scenario.errors.ScenarioError`:

- control characters (the characters YAML forbids) are refused before parsing,
  at their line;
- one document only; duplicate keys are errors, not silent overwrites;
- mapping keys are scalars (an alias to a list or mapping is refused as a key,
  so an alias bomb cannot hide in keys); merge keys (``<<``) are not supported;
- the document may expand to at most :data:`MAX_NODES` nodes, counting every
  alias as the size of what it refers to, and nest at most :data:`MAX_DEPTH`
  levels (again counting through aliases); so the cost of loading, validating
  or hashing a file is bounded by its size and these two numbers;
- only the safe scalar types are built (null, bool, int, float, str, date and
  timestamp); any other tag, and any scalar its tag cannot read
  (``!!int abc``, ``!!bool maybe``, ``2020-02-30``, an integer of more than
  :data:`MAX_INT_DIGITS` digits), is an issue at the scalar's line and field.

PyYAML's pure-Python parser is used on every machine, also where libyaml is
available: the two accept slightly different files (libyaml takes a tab after
``key:``), and a file must load the same everywhere. The node budget also bounds
the parser's work, since parsing stops at the first node over the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from foedus.scenario.errors import Issue, ScenarioError

Path = tuple[str | int, ...]

#: Most nodes a document may expand to (every alias counted as the size of its
#: target): a guard against alias bombs and a bound on the cost of a file, far
#: above any real input (the largest bundled scenario has 708 nodes).
MAX_NODES = 20_000
#: Deepest nesting of lists and mappings (aliases expanded); real inputs use under 10.
MAX_DEPTH = 64
#: Most digits of an integer scalar.
MAX_INT_DIGITS = 40

#: Characters YAML 1.1 does not allow in a stream (as PyYAML's reader defines them).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010ffff]")
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}": t for t in ("null", "bool", "int", "float", "str",
                                          "timestamp")}
_EXPECTED = {"null": "not null", "bool": "not true or false", "int": "not an integer",
             "float": "not a number", "str": "not text",
             "timestamp": "not a valid date (YYYY-MM-DD) or timestamp"}
_MAP, _SEQ = f"{_TAG}map", f"{_TAG}seq"


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


@dataclass
class _Frame:
    """An open list or mapping on the builder's stack."""

    value: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    line: int
    size: int = 1
    height: int = 1
    key: str | None = None       # a mapping's key waiting for its value
    skip: bool = False           # the waiting key is a duplicate: drop its value
    has_key: bool = False


@dataclass
class _Built:
    """A finished value: its size (nodes, aliases expanded) and height."""

    value: Any
    size: int
    height: int
    collection: bool


@dataclass
class _Builder:
    file: str
    lines: dict[Path, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    anchors: dict[str, _Built] = field(default_factory=dict)
    nodes: int = 0
    root: _Built | None = None

    def fail(self, line: int, path: Path, message: str) -> ScenarioError:
        return ScenarioError([*self.issues, Issue(self.file, line, _dotted(path), message)])

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.has_key:
            return (*top.path, top.key if top.key is not None else "")
        return top.path

    def count(self, n: int, height: int, line: int, path: Path) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(line, path, f"document expands to more than {MAX_NODES:,} nodes "
                                        "(alias expansion?)")
        if len(self.stack) + height > MAX_DEPTH:
            raise self.fail(line, path, f"nesting deeper than {MAX_DEPTH} levels")

    def add(self, built: _Built, line: int) -> None:
        """Put a finished value into the open collection (or make it the root)."""
        if not self.stack:
            self.root = built
            self.lines[()] = line
            return
        top = self.stack[-1]
        top.size += built.size
        top.height = max(top.height, built.height + 1)
        if isinstance(top.value, list):
            self.lines[(*top.path, len(top.value))] = line
            top.value.append(built.value)
            return
        if not top.has_key:
            if built.collection:
                raise self.fail(line, top.path, "a mapping key must be a plain value, "
                                                "not a list or mapping")
            key = built.value if isinstance(built.value, str) else str(built.value)
            top.has_key, top.key = True, key
            top.skip = key in top.value
            if top.skip:
                self.issues.append(Issue(self.file, line, _dotted((*top.path, key)),
                                         "duplicate key"))
            else:
                self.lines[(*top.path, key)] = line
            return
        assert top.key is not None
        if not top.skip:
            top.value[top.key] = built.value
        top.has_key, top.key, top.skip = False, None, False


def _dotted(path: Path) -> str:
    return ".".join(str(x) for x in path)


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _control_character(text: str, file: str) -> None:
    m = _NON_PRINTABLE.search(text)
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        raise ScenarioError([Issue(file, line, "", f"control character U+{ord(m.group()):04X} "
                                                   "is not allowed in a YAML file")])


def _scalar(b: _Builder, ev: Any, helper: Any, path: Path) -> Any:
    tag = ev.tag
    if tag is None or tag == "!":
        tag = helper.resolve(yaml.ScalarNode, ev.value, ev.implicit)
    line = _line(ev)
    if tag == f"{_TAG}merge":
        raise b.fail(line, path, "merge keys (<<) are not supported")
    kind = _SCALAR_TAGS.get(tag)
    if kind is None:
        raise b.fail(line, path, f"unsupported YAML tag '{tag.replace(_TAG, '!!')}' "
                                 "(allowed: null, bool, int, float, str, timestamp)")
    if kind == "int" and len(ev.value) > MAX_INT_DIGITS:
        raise b.fail(line, path, f"integer of more than {MAX_INT_DIGITS} digits")
    node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
    try:
        return helper.yaml_constructors[tag](helper, node)
    except Exception as exc:  # noqa: BLE001 - any constructor failure is a located issue
        reason = str(exc) if kind == "timestamp" and isinstance(exc, ValueError) else ""
        expected = _EXPECTED[kind] + (f": {reason}" if reason else "")
        raise b.fail(line, path, f"cannot read {ev.value[:40]!r}: {expected}") from None


def _collection_tag(b: _Builder, ev: Any, helper: Any, want: str, path: Path) -> None:
    tag = ev.tag
    if tag is None or tag == "!":
        return
    if tag != want:
        raise b.fail(_line(ev), path, f"unsupported YAML tag '{tag.replace(_TAG, '!!')}' on a "
                                      f"{'mapping' if want == _MAP else 'list'}")


def _build(text: str, file: str) -> _Builder:
    b = _Builder(file)
    helper = yaml.SafeLoader("")
    docs = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    raise ScenarioError([Issue(file, _line(ev), "",
                                               "expected one YAML document, found several")])
                continue
            if isinstance(ev, yaml.StreamStartEvent | yaml.StreamEndEvent
                          | yaml.DocumentEndEvent):
                continue
            path = b.child_path()
            line = _line(ev)
            if isinstance(ev, yaml.AliasEvent):
                got = b.anchors.get(str(ev.anchor))
                if got is None:
                    open_ = any(f.anchor == ev.anchor for f in b.stack)
                    raise b.fail(line, path, "recursive alias" if open_
                                 else f"undefined alias '*{ev.anchor}'")
                b.count(got.size, got.height, line, path)
                b.add(got, line)
            elif isinstance(ev, yaml.ScalarEvent):
                b.count(1, 0, line, path)
                built = _Built(_scalar(b, ev, helper, path), 1, 0, False)
                if ev.anchor is not None:
                    b.anchors[ev.anchor] = built
                b.add(built, line)
            elif isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                is_map = isinstance(ev, yaml.MappingStartEvent)
                _collection_tag(b, ev, helper, _MAP if is_map else _SEQ, path)
                b.count(1, 1, line, path)
                if b.stack and isinstance(b.stack[-1].value, dict) and not b.stack[-1].has_key:
                    raise b.fail(line, b.stack[-1].path, "a mapping key must be a plain "
                                                         "value, not a list or mapping")
                b.stack.append(_Frame({} if is_map else [], path, ev.anchor, line))
            elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                f = b.stack.pop()
                built = _Built(f.value, f.size, f.height, True)
                if f.anchor is not None:
                    b.anchors[f.anchor] = built
                b.add(built, f.line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([*b.issues, Issue(file, at, "", f"YAML syntax error: {problem}")]
                            ) from None
    finally:
        helper.dispose()
    return b


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse ``text`` safely; return the data and its :class:`SourceMap`.

    Raises
    ------
    ScenarioError
        On a YAML syntax error, a control character, several documents,
        duplicate keys, a tag or scalar that cannot be read, or a document
        beyond :data:`MAX_NODES` or :data:`MAX_DEPTH`; every issue names its line.
    """
    _control_character(text, file)
    b = _build(text, file)
    if b.root is None or b.root.value is None:
        raise ScenarioError([Issue(file, 1, "", "the file is empty")])
    if b.issues:
        raise ScenarioError(b.issues)
    return b.root.value, SourceMap(file, b.lines)
