"""How a rule is written: a plain Python function that numba can also compile.

:func:`rule` marks a scalar function of the monthly rules. The function itself
is returned unchanged, so calling it from Python runs it as written (the
readable reference); numba compiles it, with everything it calls, when a
compiled function calls it (:mod:`foedus.engine.rules`). The rules are thus
written once and run two ways, with identical arithmetic.

A rule may use only what numba compiles: scalars, numpy arrays, tuples and
named tuples, ``math``, loops and branches, and other rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from numba.extending import register_jitable

Fn = TypeVar("Fn", bound=Callable[..., Any])


def rule(fn: Fn) -> Fn:
    """Mark ``fn`` as a rule: callable from Python as is, and from compiled rules."""
    register_jitable(fn)
    return fn


def small_rule(fn: Fn) -> Fn:
    """A :func:`rule` that numba inlines into its callers (for small, hot steps).

    A compiled call passes every array of a state or network tuple one field at
    a time; inlining removes that cost where a step is called several times a
    month.
    """
    register_jitable(inline="always")(fn)
    return fn
