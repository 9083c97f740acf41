"""Atomic file writes: a result file is complete or absent, never half-written.

The content goes to a temporary file in the target's folder, which then
replaces the target in one rename (:func:`os.replace`, atomic on POSIX and
Windows within one file system). An error or an interrupt before the rename
removes the temporary file and leaves any earlier target untouched. The new
file gets the usual permissions (``0o666`` less the umask), not the ``0o600``
of :func:`tempfile.mkstemp`: results are meant to be shared.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    For writers that take a file name (``DataFrame.to_csv``,
    ``pyarrow.parquet.write_table``). Missing parent folders are created.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` atomically; return ``path``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path
