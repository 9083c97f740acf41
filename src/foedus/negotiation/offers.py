"""Offers and which one each actor accepts.

From actor i's point of view, with ``a = EU_i(j)`` (i challenges j) and
``b = EU_j(i)`` (j challenges i), j's offer to i is (Scholz, Calbert & Smith
2011, section 4; Bueno de Mesquita 1994)::

    confrontation   b > a > 0              i gives way: moves to x_j
    compromise      b > 0 > a,  b > |a|    i moves to x_i + (x_j − x_i) |a / b|
    capitulation    b > 0 > a,  |a| > b    i moves to x_j

(no offer between actors at the same position). One public port's test for
capitulation can never be true, so that port never capitulates;
``capitulation=False`` reproduces it.

Each actor accepts one offer per round; how it chooses is the second place where
the ports differ:

* ``scholz-code`` (default): a confrontation if there is one (the one that
  moves i least), else a compromise (the one whose weighted position
  ``(|a| x_i + |b| x_j) / (|a| + |b|)`` is lowest, as in Scholz's code
  according to the port that reproduces the example's medians), else a
  capitulation (least movement);
* ``least-move``: the offer that moves i least, whatever its kind (the rule as
  the paper states it).

Ties go to the proposer listed first. Shapes: ``eu_ij``, ``eu_ji`` ``(R, N, N)``
(receiver i, proposer j), positions ``(R, N)``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]
OfferChoice = Literal["scholz-code", "least-move"]
OFFER_CHOICES: tuple[str, ...] = ("scholz-code", "least-move")

#: Codes of the move an actor makes in a round.
NONE, CONFRONTATION, COMPROMISE, CAPITULATION = 0, 1, 2, 3
MOVE_NAMES = {NONE: "none", CONFRONTATION: "loses a confrontation to",
              COMPROMISE: "compromises with", CAPITULATION: "capitulates to"}


def offers(eu_ij: F, eu_ji: F, x: F, capitulation: bool = True
           ) -> tuple[NDArray[np.int8], F]:
    """Kind (``(R, N, N)`` int8, the codes above) and position of every offer j → i."""
    a, b = eu_ij, eu_ji
    xi, xj = x[:, :, None], x[:, None, :]
    valid = xi != xj
    conf = valid & (b > a) & (a > 0.0)
    comp = valid & (b > 0.0) & (a < 0.0) & (b > np.abs(a))
    capit = valid & (b > 0.0) & (a < 0.0) & (np.abs(a) > b)
    if not capitulation:
        capit = np.zeros_like(capit)
    kind = np.zeros(a.shape, dtype=np.int8)
    kind[capit] = CAPITULATION
    kind[comp] = COMPROMISE
    kind[conf] = CONFRONTATION
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(comp, np.abs(a / np.where(b == 0.0, 1.0, b)), 1.0)
    pos = np.where(kind == COMPROMISE, xi + (xj - xi) * ratio, np.broadcast_to(xj, a.shape))
    return kind, pos


def accept(kind: NDArray[np.int8], pos: F, eu_ij: F, eu_ji: F, x: F,
           choice: OfferChoice = "scholz-code"
           ) -> tuple[F, NDArray[np.int8], NDArray[np.int16]]:
    """New positions ``(R, N)``, the kind of move made and the proposer (−1: none)."""
    move = np.abs(pos - x[:, :, None])
    inf = np.inf
    if choice == "least-move":
        key = np.where(kind != NONE, move, inf)
    elif choice == "scholz-code":
        wa, wb = np.abs(eu_ij), np.abs(eu_ji)
        with np.errstate(divide="ignore", invalid="ignore"):
            weighted = (wa * x[:, :, None] + wb * x[:, None, :]) / (wa + wb)
        has_conf = (kind == CONFRONTATION).any(axis=2, keepdims=True)
        has_comp = (kind == COMPROMISE).any(axis=2, keepdims=True)
        key = np.where(has_conf, np.where(kind == CONFRONTATION, move, inf),
                       np.where(has_comp, np.where(kind == COMPROMISE, weighted, inf),
                                np.where(kind == CAPITULATION, move, inf)))
    else:
        raise ValueError(f"unknown offer choice '{choice}' (one of {', '.join(OFFER_CHOICES)})")
    j = np.argmin(key, axis=2)  # (R, N); first proposer on ties
    chosen = np.take_along_axis(key, j[:, :, None], axis=2)[:, :, 0]
    has = np.isfinite(chosen)
    new_kind = np.where(has, np.take_along_axis(kind, j[:, :, None], axis=2)[:, :, 0], NONE)
    new_x = np.where(has, np.take_along_axis(pos, j[:, :, None], axis=2)[:, :, 0], x)
    proposer = np.where(has, j, -1).astype(np.int16)
    return new_x, new_kind.astype(np.int8), proposer
