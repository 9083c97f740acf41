"""Prior distributions as frozen value objects.

Every uncertain parameter of the model carries one of these. They are pure
values (pydantic, frozen) so that scenarios and lenses can state them in YAML;
``sample`` draws from an explicit :class:`numpy.random.Generator` and never
touches global random state.

YAML forms (the ``dist`` key selects the family)::

    {dist: beta, mean: 0.4, concentration: 10}     # Beta(mean*k, (1-mean)*k)
    {dist: uniform, low: 0.1, high: 0.5}
    {dist: lognormal, median: 0.01, sigma: 0.5}     # optional: upper: 1.0 (clipped)
    {dist: fixed, value: 0.3}
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

FloatArray = NDArray[np.float64]
#: 99.9 % quantile of the standard normal: :meth:`_PriorBase.bulk` leaves 0.1 % in each tail.
BULK_Z = 3.090232306167813


class _PriorBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:  # pragma: no cover
        raise NotImplementedError

    def mean(self) -> float:  # pragma: no cover
        raise NotImplementedError

    def support(self) -> tuple[float, float]:  # pragma: no cover
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def bulk(self) -> tuple[float, float]:
        """The range that holds the distribution's mass but for its 0.1 % tails on each side
        (the whole support for bounded families)."""
        return self.support()


class BetaPrior(_PriorBase):
    """Beta distribution written by its mean and concentration ``k = a + b``."""

    dist: Literal["beta"] = "beta"
    mean_: float = Field(alias="mean", gt=0.0, lt=1.0)
    concentration: float = Field(gt=0.0, le=1e6)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, strict=True,
                              allow_inf_nan=False)

    @property
    def a(self) -> float:
        return self.mean_ * self.concentration

    @property
    def b(self) -> float:
        return (1.0 - self.mean_) * self.concentration

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.beta(self.a, self.b, size=n)

    def mean(self) -> float:
        return self.mean_

    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def describe(self) -> str:
        return f"Beta(mean={self.mean_:g}, k={self.concentration:g})"


class UniformPrior(_PriorBase):
    """Uniform distribution on ``[low, high]``."""

    dist: Literal["uniform"] = "uniform"
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> UniformPrior:
        if not self.high > self.low:
            raise ValueError("high must be greater than low")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.uniform(self.low, self.high, size=n)

    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> str:
        return f"Uniform({self.low:g}, {self.high:g})"


class LogNormalPrior(_PriorBase):
    """Log-normal distribution by its median and log-scale ``sigma``.

    ``upper`` (optional) clips draws, e.g. to keep a monthly probability <= 1.
    The reported mean is the mean of the clipped distribution.
    """

    dist: Literal["lognormal"] = "lognormal"
    median: float = Field(gt=0.0)
    sigma: float = Field(gt=0.0, le=5.0)
    upper: float | None = Field(default=None, gt=0.0)

    @model_validator(mode="after")
    def _upper_above_median(self) -> LogNormalPrior:
        if self.upper is not None and self.upper <= self.median:
            raise ValueError("upper must be greater than median")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        x = rng.lognormal(math.log(self.median), self.sigma, size=n)
        if self.upper is not None:
            np.minimum(x, self.upper, out=x)
        return x

    def mean(self) -> float:
        mu, s = math.log(self.median), self.sigma
        if self.upper is None:
            return math.exp(mu + 0.5 * s * s)
        # E[min(X, u)] for log-normal X (closed form).
        u = self.upper
        z = (math.log(u) - mu) / s
        phi = 0.5 * (1.0 + math.erf((z - s) / math.sqrt(2.0)))
        tail = 1.0 - 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
        return math.exp(mu + 0.5 * s * s) * phi + u * tail

    def support(self) -> tuple[float, float]:
        return (0.0, self.upper if self.upper is not None else math.inf)

    def bulk(self) -> tuple[float, float]:
        """``median · exp(∓ z·sigma)`` with ``z`` the 99.9 % normal quantile (capped)."""
        lo = self.median * math.exp(-BULK_Z * self.sigma)
        hi = self.median * math.exp(BULK_Z * self.sigma)
        return (lo, hi if self.upper is None else min(hi, self.upper))

    def describe(self) -> str:
        cap = f", max {self.upper:g}" if self.upper is not None else ""
        return f"LogNormal(median={self.median:g}, sigma={self.sigma:g}{cap})"


class FixedPrior(_PriorBase):
    """A point mass: the parameter is not uncertain under this lens."""

    dist: Literal["fixed"] = "fixed"
    value: float

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return np.full(n, self.value, dtype=np.float64)

    def mean(self) -> float:
        return self.value

    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def describe(self) -> str:
        return f"Fixed({self.value:g})"


Prior = Annotated[
    BetaPrior | UniformPrior | LogNormalPrior | FixedPrior, Field(discriminator="dist")
]
