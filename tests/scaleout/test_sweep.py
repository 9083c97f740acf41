"""Parameter sweeps: grid parsing and checks, task plans, known answers, failure and resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from foedus.engine.simulate import simulate_points
from foedus.engine.structure import compile_structure
from foedus.evidence.lenses import resolve
from foedus.scaleout import sweep as sweep_mod
from foedus.scaleout.resumable import StudyError
from foedus.scaleout.sweep import (
    SWEEP_STREAM,
    Segment,
    Sweep,
    SweepError,
    SweepTaskError,
    TaskContext,
    check_grid,
    grid_cells,
    parse_grid,
    plan_tasks,
    run_task,
    tally_from_dict,
    tally_to_dict,
)
from foedus.scenario.loader import Document
from foedus.store.store import ResultsStore
from foedus.study.result import OUTCOME_KEYS, PolicyResult

GRID = ["threat_base=0.05,0.9", "q_target=0.05,0.3"]


# -- the grid ----------------------------------------------------------------------------------
def test_parse_grid_order_and_cells() -> None:
    axes = parse_grid(["threat_base=0.1, 0.3,0.5", "q_target=0.2,0.05"])
    assert [(a.name, a.values) for a in axes] == [("threat_base", (0.1, 0.3, 0.5)),
                                                  ("q_target", (0.2, 0.05))]
    cells = grid_cells(axes)
    assert len(cells) == 6
    assert cells[0] == (("threat_base", 0.1), ("q_target", 0.2))
    assert cells[1] == (("threat_base", 0.1), ("q_target", 0.05))  # last axis fastest
    assert cells[5] == (("threat_base", 0.5), ("q_target", 0.05))
    assert parse_grid({"threat_base": [0.1, 0.3]}) == parse_grid(["threat_base=0.1,0.3"])


@pytest.mark.parametrize(("specs", "message"), [
    ([], "no grid"),
    (["threat_base"], "expected PARAM=V1,V2"),
    (["=0.1"], "expected PARAM=V1,V2"),
    (["threat_base="], "empty value"),
    (["threat_base=0.1,,0.2"], "empty value"),
    (["threat_base=abc"], "'abc' is not a number"),
    (["threat_base=nan"], "not a finite number"),
    (["threat_base=0.1,0.1"], "given twice"),
    (["threat_base=0.1", "threat_base=0.2"], "'threat_base' is given twice"),
    ([f"threat_base={','.join(str(i / 1000) for i in range(1, 400))}",
      f"q_target={','.join(str(i / 1000) for i in range(1, 400))}"], "more than 100,000"),
])
def test_parse_grid_rejects(specs: list[str], message: str) -> None:
    with pytest.raises(SweepError, match=message):
        parse_grid(specs)


def test_check_grid_names_range_and_support(ukraine: Document) -> None:
    evidence = resolve(ukraine, "evidence")
    check_grid(parse_grid(GRID), evidence)  # fine
    with pytest.raises(SweepError, match="unknown parameter 'threat_bse'.*threat_base"):
        check_grid(parse_grid(["threat_bse=0.1"]), evidence)
    with pytest.raises(SweepError, match=r"threat_base=1.5: outside the parameter's range "
                                         r"\[0, 1\]"):
        check_grid(parse_grid(["threat_base=0.2,1.5"]), evidence)
    # restraint: threat_aversion ~ Uniform(0.6, 1); 0.3 is in range but not in the support
    restraint = resolve(ukraine, "restraint")
    check_grid(parse_grid(["threat_aversion=0.3"]), evidence)
    with pytest.raises(SweepError, match=r"support \[0.6, 1\] of its prior Uniform\(0.6, 1\) "
                                         r"under lens 'restraint'"):
        check_grid(parse_grid(["threat_aversion=0.7,0.3"]), restraint)
    # a point-mass prior admits its own value only
    check_grid(parse_grid(["credibility_shift=0"]), evidence)
    with pytest.raises(SweepError, match="fixed value under this lens"):
        check_grid(parse_grid(["credibility_shift=0.5"]), evidence)


# -- tasks ------------------------------------------------------------------------------------
def test_plan_tasks_known_answer() -> None:
    # 2 cells of 2,500 replications (blocks 1000, 1000, 500) at 10 months; >= 15,000 per task
    tasks = plan_tasks(2, 2500, 10, 15_000)
    assert [t.id for t in tasks] == ["t000000", "t000001", "t000002"]
    assert [t.segments for t in tasks] == [
        (Segment(0, 0, 2),),
        (Segment(0, 2, 3), Segment(1, 0, 1)),
        (Segment(1, 1, 3),),
    ]
    assert tasks[1].params() == {"segments": [[0, 2, 3], [1, 0, 1]]}


@pytest.mark.parametrize(("cells", "reps", "work"), [(1, 1, 1), (7, 3300, 250_000),
                                                      (3, 12_000, 10), (50, 500, 10**9)])
def test_plan_tasks_cover_every_block_once(cells: int, reps: int, work: int) -> None:
    tasks = plan_tasks(cells, reps, 120, work)
    seen: dict[int, list[int]] = {}
    for t in tasks:
        assert t.segments
        for s in t.segments:
            seen.setdefault(s.cell, []).extend(range(s.start, s.stop))
    n_blocks = -(-reps // 1000)
    assert seen == {c: list(range(n_blocks)) for c in range(cells)}
    for t in tasks[:-1]:  # every task but the last carries at least the work asked for
        size = sum(min(1000, reps - 1000 * b) * 120 for s in t.segments
                   for b in range(s.start, s.stop))
        assert size >= min(work, cells * reps * 120)


def test_tally_json_round_trip(ukraine: Document) -> None:
    s = ukraine.scenario
    st = compile_structure(s, s.policy("article5"))
    ctx = TaskContext(st, resolve(ukraine, "evidence"), ((("threat_base", 0.2),),), 1500, 5)
    [piece] = run_task(ctx, [Segment(0, 0, 2)])
    text = json.dumps(piece)  # plain JSON
    t = tally_from_dict(json.loads(text)["tally"])
    assert t.n == 1500
    assert tally_to_dict(t) == piece["tally"]


# -- known answers ----------------------------------------------------------------------------
def _sweep(store: Path, **kw: Any) -> Sweep:
    args: dict[str, Any] = {"replications": 2000, "seed": 11, "task_work": 100_000}
    args.update(kw)
    return Sweep("article5", GRID, ResultsStore(store), **args)


def test_cells_equal_simulate_points(ukraine: Document, tmp_path: Path) -> None:
    """Cell i is design point i under the sweep stream, however the tasks cut it."""
    sw = _sweep(tmp_path / "a.duckdb").run(ukraine)
    assert sw.tasks_total_ == 8  # 4 cells x 2 blocks, one block (120,000) per task
    cut = _sweep(tmp_path / "c.duckdb", replications=1500).run(ukraine)
    assert cut.tasks_total_ == 5  # blocks of 500 share a task with the next cell's first
    s = ukraine.scenario
    st = compile_structure(s, s.policy("article5"))
    cells = grid_cells(parse_grid(GRID))
    X = np.array([[v for _, v in c] for c in cells])
    tallies = simulate_points(st, resolve(ukraine, "evidence"), ["threat_base", "q_target"], X,
                              2000, 11, stream=(SWEEP_STREAM,))
    ids = [c.id for c in st.commitments]
    for cell, t in zip(sw.result_.cells, tallies, strict=True):
        expected = PolicyResult.from_tally("article5", t, st.crisis, ids)
        assert cell.result.outcomes == expected.outcomes
        assert cell.result.max_level == expected.max_level
    # the task cut does not matter
    one = _sweep(tmp_path / "b.duckdb", task_work=10**9).run(ukraine)
    assert one.tasks_total_ == 1
    assert one.result_.to_dict() == sw.result_.to_dict()


def test_grid_values_take_effect(ukraine: Document, tmp_path: Path) -> None:
    """threat_base 0.05 vs 0.9: an adversary that feels threatened signs far fewer deals."""
    res = _sweep(tmp_path / "s.duckdb", replications=3000).run(ukraine).result_
    deal = {dict(c.values)["threat_base"]: c.result.outcomes["deal_signed"] for c in res.cells
            if dict(c.values)["q_target"] == 0.05}
    low, high = deal[0.05], deal[0.9]
    assert low is not None and high is not None
    assert high.hi < low.lo


def test_result_frame_json_and_record(ukraine: Document, tmp_path: Path) -> None:
    store = ResultsStore(tmp_path / "s.duckdb")
    sw = Sweep("article5", GRID, store, replications=1000, seed=2).run(ukraine)
    df = sw.result_.to_frame()
    assert list(df.columns) == ["policy", "cell", "threat_base", "q_target", "outcome",
                                "estimate", "lo", "hi"]
    assert len(df) == 4 * len(OUTCOME_KEYS)
    assert (df["lo"] <= df["estimate"]).all() and (df["estimate"] <= df["hi"]).all()
    d = sw.result_.to_dict()
    assert json.loads(json.dumps(d, allow_nan=False)) == d
    assert d["parameters"] == ["threat_base", "q_target"] and len(d["cells"]) == 4
    assert d["cells"][3]["values"] == {"threat_base": 0.9, "q_target": 0.3}
    rec = store.get(sw.record_id_)
    assert rec.kind == "sweep" and rec.policies == ("article5",) and rec.seed == 2
    assert rec.payload == d and rec.meta["study"] == sw.study_id_
    rows = store.rows(sw.record_id_)
    assert len(rows) == len(df)
    assert rows["term"].iloc[0] == "threat_base=0.05;q_target=0.05"
    tasks = store.tasks(sw.study_id_)
    assert set(tasks["status"]) == {"done"} and len(tasks) == sw.tasks_total_


# -- failure and resume ----------------------------------------------------------------------
def test_failed_task_then_resume_equals_uninterrupted(ukraine: Document, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _sweep(tmp_path / "ref.duckdb").run(ukraine).result_.to_dict()
    store = ResultsStore(tmp_path / "s.duckdb")
    calls = {"n": 0}
    real = sweep_mod.run_task

    def flaky(ctx: TaskContext, segments: list[Segment]) -> list[dict[str, Any]]:
        calls["n"] += 1
        if calls["n"] == 4:
            raise MemoryError("worker ran out of memory")
        return real(ctx, segments)

    monkeypatch.setattr(sweep_mod, "run_task", flaky)
    sw = _sweep(store.path)
    study: list[str] = []
    with pytest.raises(SweepTaskError, match="t000003 .*MemoryError.*--resume"):
        sw.run(ukraine, on_start=lambda sid, total, todo: study.append(sid))
    tasks = store.tasks(study[0])
    assert list(tasks["status"]) == ["done"] * 3 + ["failed"] + ["running"] * 4
    assert "out of memory" in tasks["error"].iloc[3]
    assert store.records(kind="sweep") == []  # no summary record for an unfinished sweep

    monkeypatch.setattr(sweep_mod, "run_task", real)
    done: list[int] = []
    again = _sweep(store.path, resume=study[0]).run(ukraine, on_progress=done.append)
    assert (again.tasks_skipped_, again.tasks_run_) == (3, 5)
    assert done[0] == 3000  # replications already done: 3 tasks of one block
    assert again.result_.to_dict() == reference
    tasks = store.tasks(study[0])
    assert set(tasks["status"]) == {"done"}
    # claimed twice: the tasks left running; the failed one is re-run without a new claim
    assert list(tasks["attempts"]) == [1, 1, 1, 1, 2, 2, 2, 2]
    # resuming a finished study runs nothing and gives the same result
    third = _sweep(store.path, resume=study[0]).run(ukraine)
    assert third.tasks_run_ == 0 and third.result_.to_dict() == reference


def test_resume_checks(ukraine: Document, tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with pytest.raises(StudyError, match="no study 'nope'"):
        _sweep(path, resume="nope").run(ukraine)
    sid = _sweep(path).run(ukraine).study_id_
    for change in ({"replications": 3000}, {"seed": 12}, {"lens": "restraint"},
                   {"task_work": 200_000}):
        with pytest.raises(StudyError, match="started with other settings"):
            _sweep(path, resume=sid, **change).run(ukraine)
    with pytest.raises(StudyError, match="started with other settings"):
        Sweep("article5", ["threat_base=0.05,0.9"], ResultsStore(path), replications=2000,
              seed=11, task_work=100_000, resume=sid).run(ukraine)
