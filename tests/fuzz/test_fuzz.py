"""Fuzzing the loaders: every malformed file ends valid or in a located error, never a crash.

:func:`tests.fuzz.mutations.mutant` makes ``FOEDUS_FUZZ_FILES`` files (default
3,000: every mutation kind of every input kind about 66 times) from seed
``FOEDUS_FUZZ_SEED`` (default 14). Each is written to disk and read in-process
by the loader of its kind. The property: the loader either accepts the file,
and then the file also runs (a small simulation of its scenario, a case's
policy, or a claims audit's checks against a bundled scenario), or raises a
:class:`~foedus.scenario.errors.ScenarioError` whose every issue names the
file and a line (line 0 only for problems of the file as a whole: not UTF-8,
too large, missing). Anything else is a failure, reported with the file's index
so that ``mutant(seed, index)`` reproduces it. A sample also goes through the
command line (``foedus validate`` in-process, and a few real processes) to check
its exit codes: 0 or 2, never a traceback.

The longer run of ``docs/reliability.md`` is the same test with
``FOEDUS_FUZZ_FILES=12000``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.audit.audit import ClaimAudit
from foedus.cli.app import app
from foedus.evidence.casefile import read_case
from foedus.evidence.claims_schema import load_claims
from foedus.evidence.lenses import check_parameters
from foedus.scenario.errors import ScenarioError
from foedus.scenario.loader import Document, read_document
from foedus.study.simulation import Simulation
from tests.fuzz.mutations import KINDS, Mutant, mutant

N_FILES = int(os.environ.get("FOEDUS_FUZZ_FILES", "3000"))
SEED = int(os.environ.get("FOEDUS_FUZZ_SEED", "14"))
#: Messages of issues about a file as a whole (line 0).
WHOLE_FILE = ("file is not UTF-8 text", "no such file", "not a regular file",
              "file is larger than", "the file is empty")
FOEDUS = shutil.which("foedus", path=str(Path(sys.executable).parent))


def _located(exc: ScenarioError, path: Path) -> list[str]:
    """Problems with the error's locations (empty when every issue is located)."""
    bad = []
    if not exc.issues:
        bad.append("no issues")
    for i in exc.issues:
        if i.file != str(path) or not i.message:
            bad.append(f"unlocated: {i}")
        elif i.line <= 0 and not i.message.startswith(WHOLE_FILE):
            bad.append(f"line 0: {i}")
    return bad


def check(m: Mutant, folder: Path, ukraine: Document) -> str:
    """``valid`` or ``invalid``; raises AssertionError for an unlocated error."""
    path = folder / f"{m.index:05d}-{m.input_kind}-{m.mutation}.yaml"
    path.write_bytes(m.content)
    try:
        if m.input_kind == "scenario":
            doc = read_document(path)
            check_parameters(doc)
            Simulation(replications=40, seed=3).run(doc, [doc.scenario.policies[0].id])
        elif m.input_kind == "case":
            case = read_case(path)
            Simulation(replications=40, seed=3).run(case.document, [case.policy])
        else:
            ClaimAudit(load_claims(path), replications=40).check(ukraine)
    except ScenarioError as exc:
        bad = _located(exc, path)
        assert not bad, bad
        return "invalid"
    finally:
        path.unlink()
    return "valid"


def test_fuzz_files_end_valid_or_located(tmp_path: Path, ukraine: Document) -> None:
    counts: Counter[tuple[str, str, str]] = Counter()
    failures: list[str] = []
    for i in range(N_FILES):
        m = mutant(SEED, i)
        try:
            outcome = check(m, tmp_path, ukraine)
        except Exception as exc:  # noqa: BLE001 - every failure is collected and reported
            outcome = "FAILED"
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            failures.append(f"mutant({SEED}, {i}) {m.input_kind}/{m.mutation} from "
                            f"{m.base}: {tb[:300]}")
        counts[(m.input_kind, m.mutation, outcome)] += 1
    print(f"\nfuzz: {N_FILES} files, seed {SEED}")
    for outcome in ("valid", "invalid", "FAILED"):
        print(f"  {outcome}: {sum(n for k, n in counts.items() if k[2] == outcome)}")
    for kind in KINDS:
        print(f"  {kind}: " + ", ".join(
            f"{o} {sum(n for k, n in counts.items() if k[1] == kind and k[2] == o)}"
            for o in ("valid", "invalid", "FAILED")))
    assert not failures, "\n".join(failures[:30])
    # every mutation kind of every input kind was generated
    if N_FILES >= 45:
        assert {(k[0], k[1]) for k in counts} == {(i, k) for i in ("scenario", "case",
                                                                   "claims") for k in KINDS}


def _sample(n: int, step: int) -> list[Mutant]:
    return [mutant(SEED, i) for i in range(0, n * step, step)]


def test_cli_validate_exit_codes_on_a_sample(tmp_path: Path) -> None:
    """``foedus validate`` in-process: exit 0 (with ``ok``) or 2 (with FILE:LINE), no
    traceback, on every scenario mutant of a sample covering every mutation kind."""
    runner = CliRunner()
    seen = set()
    for m in _sample(200, 3):  # index multiple of 3: scenarios; kinds cycle through
        assert m.input_kind == "scenario"
        seen.add(m.mutation)
        path = tmp_path / f"{m.index}.yaml"
        path.write_bytes(m.content)
        res = runner.invoke(app, ["validate", str(path)])
        assert res.exception is None or isinstance(res.exception, SystemExit), (
            m.index, res.exception)
        assert res.exit_code in (0, 2), (m.index, res.output)
        assert "Traceback" not in res.output
        if res.exit_code == 2:
            assert f"{path}" in res.output
        else:
            assert f"{path}: ok" in res.output
    assert seen == set(KINDS)


@pytest.mark.skipif(FOEDUS is None, reason="the foedus console script is not installed")
def test_cli_processes_on_a_sample(tmp_path: Path) -> None:
    """Real processes on one mutant of each kind: ``validate`` exits 0 or 2 without a
    traceback, and a file that validates runs (exit 0)."""
    assert FOEDUS is not None
    names = list(KINDS)
    for j, kind in enumerate(names):
        m = mutant(SEED, 3 * j)  # scenario mutants: index 3*j has mutation names[j]
        assert m.mutation == kind
        path = tmp_path / f"{kind}.yaml"
        path.write_bytes(m.content)
        v = subprocess.run([FOEDUS, "validate", str(path)], capture_output=True, text=True,
                           timeout=120)
        assert v.returncode in (0, 2) and "Traceback" not in v.stderr, (kind, v.stderr)
        if v.returncode == 0:
            r = subprocess.run([FOEDUS, "compare", str(path), "--reps", "50", "--no-store"],
                               capture_output=True, text=True, timeout=120)
            assert r.returncode == 0, (kind, r.stderr)
