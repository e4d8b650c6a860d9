"""The knowledge graph as a networkx MultiDiGraph: the hub every consumer reads.

Nodes are entity keys ("Union/双鸭山市总工会") with `kind="entity"`, and article
ids ("000_0ec4487dac34524e#2") with `kind="article"`. Edges carry the predicate as
their key: the guideline's predicates between entities, plus `mentions` and
`author` from an article to an entity.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from contextlib import contextmanager

import networkx as nx

from .model import ArticleResult, Entity

MENTIONS = "mentions"
AUTHOR = "author"


def build_graph(results: Iterable[ArticleResult], entities: dict[str, Entity]) -> nx.MultiDiGraph:
    """Assemble articles, entities and relations into one graph.

    Relations stated more than once become one edge with every piece of evidence.
    """
    g = nx.MultiDiGraph()
    for key, e in sorted(entities.items()):
        g.add_node(key, kind="entity", type=e.type.value, label=e.label, aliases=sorted(e.aliases), **dict(e.attrs))
    for r in results:
        a = r.article
        g.add_node(a.id, kind="article", source=a.source, index=a.index, headline=a.headline,
                   page_start=a.page_start, page_end=a.page_end, text=a.text)
        for m, key in r.mentions:
            if key in g:
                _add_evidence(g, a.id, key, MENTIONS, {"start": m.start, "end": m.end, "text": m.text})
        for c in a.credits:
            key = f"Person/{c.name}"
            if key in g:
                _add_evidence(g, a.id, key, AUTHOR, {"role": c.role})
        for rel in r.relations:
            if rel.subject in g and rel.object in g:
                ev = {"article": rel.article, "sentence": rel.evidence, "start": rel.start, "end": rel.end}
                data = _add_evidence(g, rel.subject, rel.object, rel.predicate.value, ev)
                if rel.role and rel.role not in data.setdefault("roles", []):
                    data["roles"].append(rel.role)
    # the order articles were processed in (cache, processes, cluster) must not show
    for *_, data in g.edges(keys=True, data=True):
        if len(data["evidence"]) > 1:
            data["evidence"].sort(key=lambda ev: json.dumps(ev, ensure_ascii=False, sort_keys=True))
        if "roles" in data:
            data["roles"].sort()
    return g


def _add_evidence(g: nx.MultiDiGraph, u: str, v: str, key: str, ev: dict) -> dict:
    data = g.get_edge_data(u, v, key)  # the edge's own attribute dict
    if data is None:
        g.add_edge(u, v, key=key, evidence=[])
        data = g.get_edge_data(u, v, key)
    if ev not in data["evidence"]:
        data["evidence"].append(ev)
    return data


def entities(g: nx.MultiDiGraph) -> list[str]:
    """Entity node keys, sorted."""
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "entity")


def articles(g: nx.MultiDiGraph) -> list[str]:
    """Article node ids, sorted."""
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "article")


@contextmanager
def no_gc():
    """Cyclic collection off for a while: exports make millions of small tuples, dicts and
    lists, none cyclic, that every collection would only rescan (a third of export time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def to_json(g: nx.MultiDiGraph) -> str:
    """The graph as node-link JSON, sorted for byte-identical output."""
    with no_gc():
        data = nx.node_link_data(g, edges="edges")
        data["nodes"].sort(key=lambda n: n["id"])
        data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
        return _dumps_indent1(data)


def _dumps_indent1(value) -> str:
    r"""`json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`, byte for byte, faster:
    with indent, json falls back to its pure-Python generator encoder.

    >>> v = {"b": [1, 2.5, {"x": None, "a": []}], "a": {}, "c": ["é\n", True, False, -0.0, 10**20]}
    >>> _dumps_indent1(v) == json.dumps(v, ensure_ascii=False, indent=1, sort_keys=True)
    True
    """
    chunks: list[str] = []
    append = chunks.append
    string = json.encoder.encode_basestring
    floatstr = json.encoder.JSONEncoder(allow_nan=True).iterencode  # NaN, Infinity as json writes them

    def enc(v, indent: str) -> None:
        if isinstance(v, str):
            append(string(v))
        elif v is None:
            append("null")
        elif v is True:
            append("true")
        elif v is False:
            append("false")
        elif isinstance(v, int):
            append(int.__repr__(v))
        elif isinstance(v, float):
            append("".join(floatstr(v)))
        elif isinstance(v, (list, tuple)):
            if not v:
                append("[]")
                return
            inner = indent + " "
            sep = ",\n" + inner
            append("[\n" + inner)
            first = True
            for x in v:
                if first:
                    first = False
                else:
                    append(sep)
                enc(x, inner)
            append("\n" + indent + "]")
        elif isinstance(v, dict):
            if not v:
                append("{}")
                return
            if not all(isinstance(k, str) for k in v):
                raise _NotPlain
            inner = indent + " "
            sep = ",\n" + inner
            append("{\n" + inner)
            first = True
            for k, x in sorted(v.items()):
                if first:
                    first = False
                else:
                    append(sep)
                append(string(k))
                append(": ")
                enc(x, inner)
            append("\n" + indent + "}")
        else:
            raise _NotPlain

    try:
        enc(value, "")
    except _NotPlain:  # keys or values json converts or rejects: let it
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return "".join(chunks)


class _NotPlain(Exception):
    """A value `_dumps_indent1` leaves to json.dumps."""


def from_json(text: str) -> nx.MultiDiGraph:
    """Inverse of `to_json`."""
    return nx.node_link_graph(json.loads(text), directed=True, multigraph=True, edges="edges")
