"""The only place the stages are chained: files -> articles -> mentions ->
linked entities + relations -> graph -> exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .corpus import read_pages, split_articles
from .extract import find_mentions
from .graph import build_graph, to_json
from .link import collect_entities, link_article
from .model import Article, ArticleResult, EntityType, Mention, entity_key
from .relations import find_relations


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


def build(paths: Iterable[str | Path], progress: Callable[[Iterable], Iterable] = lambda x: x) -> nx.MultiDiGraph:
    """Build the graph from the files under `paths`."""
    articles = [a for page in read_pages(paths) for a in split_articles(page)]
    results = [process_article(a) for a in progress(articles)]
    entities = collect_entities(pair for r in results for pair in r.mentions)
    return build_graph(results, entities)


def export(g: nx.MultiDiGraph, out: Path) -> int:
    """Write graph.ttl, graph.json and graph.html into `out`; returns the triple count."""
    from .rdf import write_turtle
    from .viz import write_html

    out.mkdir(parents=True, exist_ok=True)
    triples = write_turtle(g, out / "graph.ttl")
    (out / "graph.json").write_text(to_json(g), encoding="utf-8")
    write_html(g, out / "graph.html")
    return triples
