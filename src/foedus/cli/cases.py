"""``foedus cases generate``: write the rule-coded case files from the public datasets."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import Json, err, out, user_errors, write_atomic
from foedus.data.paths import ENV_VAR

#: First line of every generated file: only such files are replaced or removed.
MARK = "# Rule-coded case"


def register(app: typer.Typer) -> None:
    """Add the ``cases`` command group to ``app``."""
    cases = typer.Typer(no_args_is_help=True, help="Rule-coded case files.")
    app.add_typer(cases, name="cases")

    @cases.command("generate")
    def generate(
        out_dir: Annotated[Path, typer.Option("--out", help="folder to write the case files "
                                                            "to")],
        data: Annotated[Path | None, typer.Option(
            "--data", help=f"data folder (default: ${ENV_VAR}, else ../shared/data beside "
                           "the project)")] = None,
        as_json: Json = False,
    ) -> None:
        """Generate the rule-coded cases (post-war dyads, ICB crises) into OUT.

        Files of an earlier generation that are no longer produced are removed; other
        files in OUT are left alone (a file not written by the generator is an error).
        """
        from foedus.data.frame import load_frame
        from foedus.evidence.rulecoded import generate as run

        with user_errors():
            if out_dir.exists() and not out_dir.is_dir():
                raise ValueError(f"{out_dir}: not a folder")
            g = run(load_frame(data))
            names = {c.name for c in g.cases}
            for p in sorted(out_dir.glob("*.yaml")) if out_dir.is_dir() else []:
                first = p.read_text(encoding="utf-8").split("\n", 1)[0]
                if not first.startswith(MARK):
                    raise ValueError(f"{p}: not a generated case file; choose an empty "
                                     "folder or the folder of an earlier generation")
            for c in g.cases:
                write_atomic(out_dir / c.name, c.text)
            for p in sorted(out_dir.glob("*.yaml")):
                if p.name not in names:
                    p.unlink()
        reasons = Counter(s.reason for s in g.skipped)
        summary = {"out": str(out_dir), "cases": len(g.cases),
                   "postwar": sum(c.name.startswith("war-") for c in g.cases),
                   "crisis": sum(c.name.startswith("icb-") for c in g.cases),
                   "skipped": dict(sorted(reasons.items()))}
        if as_json:
            sys.stdout.write(json.dumps(summary, indent=2) + "\n")
            return
        out.print(f"wrote {summary['cases']} case files to {out_dir} ({summary['postwar']} "
                  f"post-war dyads, {summary['crisis']} ICB crisis actors)", highlight=False)
        for reason, n in sorted(reasons.items()):
            err.print(f"note: {n} candidates left out: {reason}", markup=False,
                      highlight=False)
