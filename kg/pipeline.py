"""The only place the stages are chained: files -> articles -> mentions ->
linked entities + relations -> graph -> exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .corpus import split_articles
from .extract import find_mentions
from .graph import build_graph, no_gc, to_json
from .link import collect_entities, link_article
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
) -> list[list[ArticleResult]]:
    """Per-page extraction, in input order, on one core, `jobs` processes, or a Dask cluster.

    The order of the results never depends on how the work was spread, so every
    backend gives the same export.
    """
    if not pages:
        return []
    if scheduler:
        return _extract_on_dask(pages, scheduler, progress)
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(pages) // (jobs * 8))
            return list(progress(pool.map(process_page, pages, chunksize=chunk)))
    return [process_page(p) for p in progress(pages)]


def _extract_on_dask(pages: Sequence[Page], scheduler, progress) -> list[list[ArticleResult]]:
    try:
        from dask.distributed import Client
    except ImportError as e:  # heavy and optional: only needed past one machine
        raise RuntimeError("the Dask backend needs dask.distributed: pip install 'union-kg[dask]'") from e
    with Client(scheduler) as client:
        futures = client.map(process_page, list(pages), pure=False)
        return list(progress(client.gather(futures)))


def link_results(per_page: Iterable[list[ArticleResult]]) -> nx.MultiDiGraph:
    """The global step: one entity per key across all pages, then the graph."""
    results = [r for page in per_page for r in add_page_part_of(list(page))]
    with no_gc():  # a dict per node and edge, a list and dicts per evidence: none cyclic
        entities = collect_entities(pair for r in results for pair in r.mentions)
        g = build_graph(results, entities)
        describe_programmes(g)
    return g


def describe_programmes(g: nx.MultiDiGraph) -> None:
    """Give each programme node its themes and target groups, from the sentences that mention it."""
    from .related import description_tokens
    from .themes import targets_for, themes_for

    contexts = programme_contexts(g)
    for node, sentences in contexts.items():
        label = g.nodes[node]["label"]
        g.nodes[node]["themes"] = sorted(themes_for(label, sentences))
        g.nodes[node]["targets"] = sorted(targets_for(label, sentences))
    # stored so that `kg related` needs no segmenter at query time
    for node, tokens in description_tokens(g).items():
        g.nodes[node]["tokens"] = tokens


def programme_contexts(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Programme key -> the sentences that mention it, in article order.

    The sentence around each mention span of a `mentions` edge.
    """
    from .graph import MENTIONS
    from .text import sentence_at, split_sentences

    out: dict[str, list[str]] = {}
    spans_of: dict[str, list[tuple[int, int]]] = {}  # article -> its sentence spans, split once
    for node, d in sorted(g.nodes(data=True)):
        if d.get("kind") != "entity" or d.get("type") != EntityType.PROGRAMME.value:
            continue
        sentences: list[str] = []
        for art, _, key, ed in sorted(g.in_edges(node, keys=True, data=True)):
            if key != MENTIONS:
                continue
            text = g.nodes[art]["text"]
            spans = spans_of.get(art)
            if spans is None:
                spans = spans_of[art] = split_sentences(text)
            for ev in ed["evidence"]:
                a, b = sentence_at(text, ev["start"], spans)
                if text[a:b] not in sentences:
                    sentences.append(text[a:b])
        out[node] = sentences
    return out


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
    if cache is None:
        per_page = extract_pages(pages, jobs, scheduler, progress)
    else:
        from .cache import PageCache

        store = PageCache(cache)
        done = {p.source: store.get(p) for p in pages}
        todo = [p for p in pages if done[p.source] is None]
        for page, results in zip(todo, extract_pages(todo, jobs, scheduler, progress)):
            if not isinstance(results, PageError):
                store.put(page, results)
            done[page.source] = results
        store.write_manifest(pages)
        per_page = [done[p.source] for p in pages]
    return BuildResult(link_results(r for r in per_page if not isinstance(r, PageError)), _with_failures(statuses, per_page))


def _with_failures(statuses: list, per_page: list) -> list:
    """Turn the status of a page whose extraction failed into an error with the reason."""
    from dataclasses import replace

    failed = {r.source: r.reason for r in per_page if isinstance(r, PageError)}
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
        (staging / "graph.json").write_text(to_json(g), encoding="utf-8")
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
