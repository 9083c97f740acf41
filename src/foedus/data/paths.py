"""Where the public datasets are: ``--data DIR``, ``$FOEDUS_DATA``, or ``../shared/data``."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FOEDUS_DATA"

#: Files the base-rate analyses read, relative to the data folder.
FILES = {
    "mid_cow": "cow/MIDA_4.01.csv",
    "mid_gml": "cow/gml-mida-2.0.csv",
    "wars": "cow/Inter-StateWarData_v4.0.csv",
    "icb1": "icb/icb1v14.csv",
    "icb2": "icb/icb2v14.csv",
}


def default_data_dir() -> Path:
    """``$FOEDUS_DATA`` if set, else ``../shared/data`` beside the project checkout.

    The project root is found from this file's location (a source checkout);
    failing that, ``../shared/data`` relative to the working directory.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent.parent / "shared" / "data"
    return Path.cwd().parent / "shared" / "data"


def missing_files(data_dir: Path) -> list[str]:
    """The base-rate files absent from ``data_dir`` (relative names)."""
    return [rel for rel in FILES.values() if not (data_dir / rel).is_file()]
