"""The graph as a self-contained, offline HTML page drawn with pyvis."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx

from .graph import entities


def write_html(g: nx.MultiDiGraph, path: Path) -> None:
    """Write an HTML view of the entities of `g` and the relations between them."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    keep = set(entities(g))
    for n in sorted(keep):
        d = g.nodes[n]
        net.add_node(n, label=d["label"], title=html.escape(f'{d["type"]}: {d["label"]}'), group=d["type"])
    for u, v, key in sorted(g.edges(keys=True)):
        if u in keep and v in keep:
            net.add_edge(u, v, label=key)
    path.write_text(net.generate_html(), encoding="utf-8")
