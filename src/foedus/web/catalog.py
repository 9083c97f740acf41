"""The scenarios the app offers: the bundled library plus a configured folder.

Users choose a scenario by its id; the app maps ids to bundled resources or to
files of the configured folder, so no request ever names a file-system path.
Folder files are re-read when they change; a file that does not validate is
listed with its ``FILE:LINE: field: message`` issues instead of being offered.
Scenarios saved from the editor are offered under ``saved-{key}``
(:mod:`foedus.web.saved`), not listed with the others.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from foedus.evidence.lenses import check_parameters
from foedus.negotiation.policy import with_negotiated
from foedus.scenario.errors import ScenarioError
from foedus.scenario.library import bundled_ids, load
from foedus.scenario.loader import MAX_BYTES, Document, parse_scenario
from foedus.web.saved import PREFIX, SavedNotFoundError, SavedScenarios

#: Saved scenarios kept parsed (the oldest is dropped first).
SAVED_CACHE = 32
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class UnknownScenarioError(LookupError):
    """No scenario of that id (or it does not validate)."""


@dataclass(frozen=True)
class Entry:
    """One scenario of the catalog (``doc`` is None when it does not validate)."""

    id: str
    origin: str  # "bundled" or "folder"
    doc: Document | None
    issues: tuple[str, ...] = ()


def validate_text(text: str, name: str) -> Document:
    """Safe-load and validate scenario text exactly as ``foedus validate`` does."""
    doc = parse_scenario(text, name)
    check_parameters(doc)
    return doc


class ScenarioCatalog:
    """Bundled scenarios and those of ``folder`` (if any), by id."""

    def __init__(self, folder: Path | None = None, saved: SavedScenarios | None = None
                 ) -> None:
        self.folder = folder
        self.saved = saved
        self._lock = threading.Lock()
        self._bundled: dict[str, Document] = {}
        self._files: dict[Path, tuple[float, int, Entry]] = {}
        self._saved_docs: dict[str, Document] = {}

    def entries(self) -> list[Entry]:
        """Every scenario, bundled first, then the folder's in file-name order."""
        out = [Entry(i, "bundled", self._bundle(i)) for i in bundled_ids()]
        taken = {e.id for e in out}
        for e in self._folder_entries():
            if e.id in taken:
                out.append(Entry(e.id, "folder", None,
                                 (f"{e.id}: a bundled scenario has this id; rename the file",)))
            else:
                taken.add(e.id)
                out.append(e)
        return out

    def get(self, sid: str) -> Document:
        """The validated scenario ``sid``; :class:`UnknownScenarioError` otherwise."""
        if not ID_PATTERN.match(sid):
            raise UnknownScenarioError(f"'{sid[:100]}' is not a scenario id")
        if sid in bundled_ids():
            return self._bundle(sid)
        if sid.startswith(PREFIX) and self.saved is not None:
            return self._saved(sid)
        for e in self._folder_entries():
            if e.id == sid:
                if e.doc is None:
                    raise UnknownScenarioError(f"scenario '{sid}' does not validate: "
                                               + "; ".join(e.issues))
                return e.doc
        raise UnknownScenarioError(f"no scenario '{sid}' (see the list of scenarios)")

    def _bundle(self, sid: str) -> Document:
        with self._lock:
            if sid not in self._bundled:
                self._bundled[sid] = with_negotiated(load(sid))
            return self._bundled[sid]

    def _saved(self, sid: str) -> Document:
        with self._lock:
            hit = self._saved_docs.get(sid)  # a saved text never changes
        if hit is not None:
            return hit
        try:
            rec = self.saved.get(sid[len(PREFIX):]) if self.saved is not None else None
        except SavedNotFoundError:
            rec = None
        if rec is None:
            raise UnknownScenarioError(f"no saved scenario '{sid}'")
        try:
            doc = with_negotiated(validate_text(rec.text, rec.file))
        except ScenarioError as exc:  # saved by another version of foedus
            raise UnknownScenarioError(f"saved scenario '{sid}' does not validate: "
                                       + "; ".join(str(i) for i in exc.issues)) from None
        with self._lock:
            self._saved_docs[sid] = doc
            while len(self._saved_docs) > SAVED_CACHE:
                self._saved_docs.pop(next(iter(self._saved_docs)))
        return doc

    def _folder_entries(self) -> list[Entry]:
        if self.folder is None or not self.folder.is_dir():
            return []
        files = sorted(p for p in self.folder.iterdir()
                       if p.suffix in (".yaml", ".yml") and p.is_file()
                       and ID_PATTERN.match(p.stem))
        out = []
        for f in files:
            st = f.stat()
            with self._lock:
                hit = self._files.get(f)
            if hit is not None and hit[0] == st.st_mtime and hit[1] == st.st_size:
                out.append(hit[2])
                continue
            entry = self._read(f, st.st_size)
            with self._lock:
                self._files[f] = (st.st_mtime, st.st_size, entry)
            out.append(entry)
        return out

    @staticmethod
    def _read(f: Path, size: int) -> Entry:
        if size > MAX_BYTES:
            return Entry(f.stem, "folder", None, (f"{f.name}: file is larger than "
                                                  f"{MAX_BYTES} bytes",))
        try:
            text = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return Entry(f.stem, "folder", None, (f"{f.name}: cannot read: {exc}",))
        try:
            return Entry(f.stem, "folder", with_negotiated(validate_text(text, f.name)))
        except ScenarioError as exc:
            return Entry(f.stem, "folder", None, tuple(str(i) for i in exc.issues))
