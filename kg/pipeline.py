"""The only place the stages are chained: files -> articles -> mentions ->
linked entities + relations -> graph -> exports."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .corpus import split_articles
from .extract import find_mentions
from .graph import GraphBuilder, no_gc, write_json
from .link import EntityCollector, link_article
from .model import Article, ArticleResult, EntityType, Mention, Page, entity_key
from .relations import find_relations
from .relations.geo import add_page_part_of


@dataclass
class BuildSummary:
    files: int
    articles: int
    entities: int
    relations: int
    triples: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.files} files, {self.articles} articles, {self.entities} entities, "
            f"{self.relations} relations, {self.triples} triples in {self.seconds:.1f} s"
        )


def credit_mentions(article: Article) -> list[Mention]:
    """Byline credits as Person mentions, so every author is an entity."""
    return [Mention(c.name, EntityType.PERSON, c.start, c.end, rule="byline") for c in article.credits]


def process_article(article: Article) -> ArticleResult:
    """Extraction and in-article linking for one article: the unit of parallel work."""
    mentions = find_mentions(article)
    linked = link_article(article, mentions)
    known = {key for _, key in linked}
    linked += [(m, entity_key(m.type, m.name)) for m in credit_mentions(article) if entity_key(m.type, m.name) not in known]
    return ArticleResult(article, linked, find_relations(article, linked))


def process_page(page: Page) -> list[ArticleResult] | PageError:
    """Split one page and extract every article: the unit of parallel and incremental work.

    A page that makes an extractor fail is returned as a PageError, so one odd page
    is reported in build-report.json instead of stopping the build.
    """
    try:
        return [process_article(a) for a in split_articles(page)]
    except Exception as e:  # noqa: BLE001 -- any extractor bug on any text
        return PageError(page.source, f"extraction failed: {type(e).__name__}: {e}")


@dataclass(frozen=True)
class PageError:
    """A page whose extraction raised: reported, never cached."""

    source: str
    reason: str


def extract_pages(
    pages: Sequence[Page],
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[Iterable], Iterable] = lambda x: x,
) -> list[list[ArticleResult] | PageError]:
    """Per-page extraction, in input order, on one core, `jobs` processes, or a Dask cluster.

    All results at once; `iter_extracted` gives them one page at a time.
    """
    return list(iter_extracted(pages, jobs, scheduler, progress))


def iter_extracted(
    pages: Sequence[Page],
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[Iterable], Iterable] = lambda x: x,
) -> Iterator[list[ArticleResult] | PageError]:
    """Per-page results in input order, each as soon as it and those before it are done,
    so a build never holds the results of every page.

    The order of the results never depends on how the work was spread, so every
    backend gives the same export. `progress` wraps `pages` and is advanced as each
    page's results are handed on.
    """
    if not pages:
        return
    if scheduler:
        results = _extract_on_dask(pages, scheduler)
    elif jobs > 1:
        results = _extract_in_processes(pages, jobs)
    else:
        results = map(process_page, pages)
    for _, found in zip(progress(pages), results):
        yield found


def _extract_in_processes(pages: Sequence[Page], jobs: int) -> Iterator[list[ArticleResult] | PageError]:
    from concurrent.futures import ProcessPoolExecutor

    # small chunks: finished chunks wait in this process until the pages before them are linked
    chunk = max(1, min(len(pages) // (jobs * 8), MAX_CHUNK))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(process_page, pages, chunksize=chunk)


MAX_CHUNK = 16  # pages per task sent to a worker process


def _extract_on_dask(pages: Sequence[Page], scheduler) -> Iterator[list[ArticleResult] | PageError]:
    try:
        from dask.distributed import Client
    except ImportError as e:  # heavy and optional: only needed past one machine
        raise RuntimeError("the Dask backend needs dask.distributed: pip install 'union-kg[dask]'") from e
    with Client(scheduler) as client:
        futures = client.map(process_page, list(pages), pure=False)
        for i, future in enumerate(futures):
            yield future.result()
            futures[i] = None  # the cluster may forget it
            future.release()


def link_results(per_page: Iterable[list[ArticleResult]]) -> nx.MultiDiGraph:
    """The global step: one entity per key across all pages, then the graph.

    `per_page` is consumed one page at a time (see `Linker`).
    """
    linker = Linker()
    for page in per_page:
        linker.add_page(page)
    return linker.graph()


class Linker:
    """The global step fed page by page: entities and the graph's records grow as pages come,
    and a page's extraction results can be dropped once added.

    >>> from kg.model import Article
    >>> linker = Linker()
    >>> m = Mention("甲市总工会", EntityType.UNION, 0, 5)
    >>> linker.add_page([ArticleResult(Article("p#0", "p.txt", 0, "甲", "甲市总工会"), [(m, "Union/甲市总工会")])])
    >>> sorted(linker.graph())
    ['Union/甲市总工会', 'p#0']
    """

    def __init__(self):
        self.entities = EntityCollector()
        self.builder = GraphBuilder()

    def add_page(self, page: list[ArticleResult]) -> None:
        for r in add_page_part_of(list(page)):
            self.entities.add(r.mentions)
            self.builder.add(r)
        # what is kept lives to the end of the build and holds no cycle: out of the collector's
        # sight, or every full collection during extraction rescans it (0.8 s of 12 at 100x).
        # Extraction must leave no cyclic garbage: frozen, it would never be freed
        # (tests/test_pipeline.py checks the seeds leave none).
        gc.freeze()

    def graph(self) -> nx.MultiDiGraph:
        """The graph of every page added, with programme themes, targets and tokens. Call once."""
        gc.unfreeze()
        with no_gc():  # a dict per node and edge, a list and a record per evidence: none cyclic
            g = self.builder.graph(self.entities.entities())
            describe_programmes(g)
        return g


def describe_programmes(g: nx.MultiDiGraph) -> None:
    """Give each programme node its themes and target groups, from the sentences that mention it."""
    from .related import description_tokens, programme_sentences
    from .themes import targets_for, themes_for

    contexts = programme_sentences(g)  # found once, for the themes, the targets and the tokens
    nodes = g._node  # `g.nodes[node]` without the view's call
    for node, sentences in contexts.items():
        d = nodes[node]
        d["themes"] = sorted(themes_for(d["label"], sentences))
        d["targets"] = sorted(targets_for(d["label"], sentences))
    # stored so that `kg related` needs no segmenter at query time
    for node, tokens in description_tokens(g, sentences=contexts).items():
        nodes[node]["tokens"] = tokens


@dataclass
class BuildResult:
    """The graph of a build and the account of every input file."""

    graph: nx.MultiDiGraph
    statuses: list  # kg.read.FileStatus, one per input file

    def report(self) -> dict:
        """build-report.json: counts per status, and per file its status, encoding,
        article count and, for skips, the reason."""
        from .graph import articles
        from .read import build_report

        per_file = Counter(self.graph.nodes[a]["source"] for a in articles(self.graph))
        rep = build_report(self.statuses)
        for f in rep["files"]:
            f["articles"] = per_file.get(f["source"], 0)
        return rep

    @property
    def pages_read(self) -> int:
        return sum(1 for s in self.statuses if s.status == "ok")

    @property
    def skipped(self) -> list:
        return [s for s in self.statuses if s.status != "ok"]


def build_corpus(
    paths: Iterable[str | Path],
    progress: Callable[[Iterable], Iterable] = lambda x: x,
    jobs: int = 1,
    scheduler: str | None = None,
    cache: Path | None = None,
    update: bool = False,
) -> BuildResult:
    """Build the graph from the files under `paths`, with a status record for every file.

    Unreadable files (undecodable, binary, empty, no permission) are recorded and
    skipped, never fatal. With `cache`, per-page results are stored there; with
    `update` too, the pages of the previous build are read again from the cache's
    manifest, and only new or changed pages are extracted. The result equals a full build.
    """
    from .read import read_corpus

    paths = {Path(p).as_posix() for p in paths}
    if cache is not None and update:
        from .cache import PageCache

        paths.update(PageCache(cache).sources())
    # sorted, so the same files give the same article ids whatever order they were named in
    pages, statuses = read_corpus(sorted(paths))
    linker, failed = Linker(), {}
    for page, results in _page_results(pages, jobs, scheduler, progress, cache):
        if isinstance(results, PageError):
            failed[page.source] = results.reason
        else:
            linker.add_page(results)
    del pages
    return BuildResult(linker.graph(), _with_failures(statuses, failed))


def _page_results(pages: list[Page], jobs: int, scheduler: str | None, progress, cache: Path | None) -> Iterator[tuple[Page, list]]:
    """(page, its results or PageError) in page order; with `cache`, stored results are read
    back and only the other pages extracted (and stored), then the manifest written."""
    if cache is None:
        yield from zip(pages, iter_extracted(pages, jobs, scheduler, progress))
        return
    from .cache import PageCache

    store = PageCache(cache)
    stored = [store.has(p) for p in pages]
    fresh = iter_extracted([p for p, done in zip(pages, stored) if not done], jobs, scheduler, progress)
    for page, done in zip(pages, stored):
        results = store.get(page) if done else next(fresh)
        if results is None:  # a damaged entry: extracted again, here
            results, done = process_page(page), False
        if not done and not isinstance(results, PageError):
            store.put(page, results)
        yield page, results
    store.write_manifest(pages)


def _with_failures(statuses: list, failed: dict[str, str]) -> list:
    """Turn the status of a page whose extraction failed (source -> reason) into an error with the reason."""
    from dataclasses import replace

    return [replace(s, status="error", reason=failed[s.source]) if s.source in failed else s for s in statuses]


def build(paths: Iterable[str | Path], progress: Callable[[Iterable], Iterable] = lambda x: x, **options) -> nx.MultiDiGraph:
    """Build the graph from the files under `paths` (see `build_corpus` for the options)."""
    return build_corpus(paths, progress, **options).graph


COMPLETE = ".complete"  # marks a staging folder whose exports are all written


def export(g: nx.MultiDiGraph, out: Path, report: dict | None = None) -> int:
    """Write graph.ttl (and .nt, .jsonld, .graphml), graph.json, graph.html and, when
    given, build-report.json into `out`; returns the triple count.

    Everything is written into a staging folder first, marked complete, and only then
    moved into place file by file: a build killed before the mark leaves the previous
    exports intact, one killed while moving has its moves finished by the next export
    (see `clean_staging`).
    """
    import json
    import os
    import shutil
    import tempfile

    from .rdf import write_rdf
    from .viz import write_html

    out.mkdir(parents=True, exist_ok=True)
    clean_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=out))
    try:
        triples = write_rdf(g, staging)
        write_json(g, staging / "graph.json")
        write_html(g, staging / "graph.html")
        if report is not None:
            (staging / "build-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return triples


def _move_into_place(staging: Path, out: Path) -> None:
    import os

    (staging / COMPLETE).touch()  # the commit point
    for f in sorted(staging.iterdir()):
        if f.name != COMPLETE:
            os.replace(f, out / f.name)


def clean_staging(out: Path) -> list[Path]:
    """Clear the staging folders that killed builds left in `out`: one marked complete
    has its remaining files moved into place, any other is removed; a running build's
    (its pid is in the folder name) stays. Returns the folders cleared."""
    import os
    import shutil

    cleared = []
    for folder in sorted(out.glob(".staging-*")):
        pid = folder.name.split("-")[1]
        if pid.isdigit():
            try:
                os.kill(int(pid), 0)
                continue  # still running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue  # someone else's, running
        if (folder / COMPLETE).exists():
            _move_into_place(folder, out)
        shutil.rmtree(folder, ignore_errors=True)
        cleared.append(folder)
    return cleared
