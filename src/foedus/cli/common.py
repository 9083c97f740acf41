"""Shared pieces of the command line: consoles, error handling, atomic writes, options.

Command modules import from here (never from :mod:`foedus.cli.app`), so that
every command reports user errors the same way: a message and exit code 2.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from foedus.evidence.lenses import UnknownLensError
from foedus.scenario.errors import ScenarioError
from foedus.study.simulation import UnknownPolicyError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

USAGE_ERROR = 2


class CliError(Exception):
    """A user error: printed as a message, exit code 2."""


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except ScenarioError as exc:
        for issue in exc.issues:
            err.print(str(issue), markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except (CliError, UnknownLensError, UnknownPolicyError, ValueError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        err.print(f"error:{name}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        raise typer.Exit(130) from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


Lens = Annotated[str, typer.Option("--lens", "-l", help="evidence | restraint | deterrence, "
                                                         "or a lens the scenario defines")]
Reps = Annotated[int, typer.Option("--reps", "-n", min=1, max=100_000_000,
                                   help="replications per policy")]
Seed = Annotated[int | None, typer.Option("--seed", min=0, help="root seed "
                                          "(default: the scenario's)")]
Horizon = Annotated[int | None, typer.Option("--horizon", min=1, max=600,
                                             help="months (default: the scenario's)")]
Chunk = Annotated[int, typer.Option("--chunk-size", min=1, max=10_000_000,
                                    help="replications advanced together (whole blocks of "
                                         "1,000); results do not depend on it")]
Fixed = Annotated[bool, typer.Option("--fixed", help="use prior means instead of drawing "
                                                     "parameters per replication")]
Json = Annotated[bool, typer.Option("--json", help="print the JSON result only")]
OutDir = Annotated[Path | None, typer.Option("--out", help="also write SCENARIO-LENS.json "
                                                           "and .csv to this folder")]


Engine = Annotated[str, typer.Option("--engine", help="compiled (numba, default) or reference "
                                                     "(the same rules run by Python, slow; "
                                                     "identical numbers)")]
