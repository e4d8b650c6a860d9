"""Per-page extraction results on disk, for incremental builds.

A page's results are stored under the hash of its path, its text and the code
that extracted them, so a changed page or a changed extractor is never served
stale results.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import cache
from pathlib import Path

from .model import ArticleResult, Page

PACKAGE = Path(__file__).resolve().parent


@cache
def code_version() -> str:
    """Hash of every source and data file of the package: results from other code are not reused."""
    h = hashlib.sha256()
    for f in sorted(PACKAGE.rglob("*")):
        if f.is_file() and f.suffix in {".py", ".json", ".tsv", ".txt", ".csv"} and "__pycache__" not in f.parts:
            h.update(f.relative_to(PACKAGE).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def page_key(page: Page) -> str:
    """Cache key of a page: its source path, article-id stem, text and the code version.

    >>> page_key(Page("a.txt", "甲")) == page_key(Page("a.txt", "乙"))
    False
    """
    h = hashlib.sha256()
    for part in (code_version(), page.source, page.stem, page.text, page.original):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


class PageCache:
    """A folder of pickled per-page results plus a manifest of the pages of the last build."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, page: Page) -> Path:
        return self.folder / f"{page_key(page)}.pickle"

    def has(self, page: Page) -> bool:
        """Whether results for `page` are stored (they may still turn out damaged: see `get`)."""
        return self._path(page).is_file()

    def get(self, page: Page) -> list[ArticleResult] | None:
        path = self._path(page)
        if not path.is_file():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a damaged entry is re-extracted, never trusted
            return None

    def put(self, page: Page, results: list[ArticleResult]) -> None:
        tmp = self._path(page).with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self._path(page))

    def sources(self) -> list[str]:
        """The pages of the previous build that still exist."""
        manifest = self.folder / "manifest.json"
        if not manifest.is_file():
            return []
        return [s for s in json.loads(manifest.read_text(encoding="utf-8"))["sources"] if Path(s).exists()]

    def write_manifest(self, pages: list[Page]) -> None:
        data = {"code": code_version(), "sources": sorted(p.source for p in pages)}
        tmp = self.folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.folder / "manifest.json")  # a killed build never leaves half a manifest
