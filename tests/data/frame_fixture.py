"""The synthetic frame fixtures laid out as a data folder (shared by data and evidence tests)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from foedus.data.paths import FRAME_FILES

FIXTURES = Path(__file__).parent / "fixtures" / "frame"


def fixture_folder(tmp: Path) -> Path:
    """Copy the fixtures into ``tmp`` under the real files' names (gzip where they are)."""
    for rel in FRAME_FILES.values():
        src = FIXTURES / rel.removesuffix(".gz")
        dst = tmp / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".gz"):
            dst.write_bytes(gzip.compress(src.read_bytes()))
        else:
            shutil.copyfile(src, dst)
    return tmp
