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


#: Files the dyad-year frame reads (:mod:`foedus.data.frame`), relative to the data folder.
FRAME_FILES = {
    "nmc": "dyadic/cow_nmc.csv.gz",
    "atop": "dyadic/atop_alliance.csv.gz",
    "contdir": "dyadic/cow_contdir.csv",
    "majors": "dyadic/cow_majors.csv",
    "rivalries": "dyadic/td_rivalries.csv",
    "terrthreat": "dyadic/terrthreat.csv.gz",
    "wars": "cow/Inter-StateWarData_v4.0.csv",
    "midb": "cow/MIDB_4.01.csv",
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


def missing_files(data_dir: Path, files: dict[str, str] = FILES) -> list[str]:
    """The files of ``files`` (default: the base-rate files) absent from ``data_dir``."""
    return [rel for rel in files.values() if not (data_dir / rel).is_file()]
