"""The graph as a self-contained, offline HTML page drawn with pyvis.

pyvis builds the vis-network nodes, edges and options; the page around them is
ours (`kg/assets/page.html`), with vis-network inlined from pyvis's own bundle,
so the file fetches nothing and opens from disk. All data travels as one JSON
blob that the page script reads and puts into the DOM with `textContent`.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Union/示例市总工会", kind="entity", type="Union", label="示例市总工会", aliases=["示例市总"])
>>> page = render_html(g)
>>> page.startswith("<!DOCTYPE html>") and "示例市总工会" in page and "https://" not in page.split("<script")[0]
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, deque
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .graph import AUTHOR, MENTIONS, articles, entities, no_gc

ASSETS = Path(__file__).parent / "assets"
FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
# Type -> (colour, vis shape with the label underneath, so `size` applies).
TYPE_STYLE = {
    "Union": ("#e15759", "dot"),
    "Person": ("#4e79a7", "triangle"),
    "Enterprise": ("#f28e2b", "square"),
    "Programme": ("#59a14f", "star"),
    "Place": ("#76b7b2", "triangleDown"),
    "Organization": ("#b07aa1", "hexagon"),
    "Honour": ("#edc948", "diamond"),
    "Article": ("#9c9c9c", "box"),
}
OTHER_STYLE = ("#bab0ac", "dot")
MAX_NODES = 2000  # above this many entities, the lowest-degree ones are hidden (still searchable)
PHYSICS_LIMIT = 800  # above this many drawn nodes, physics stays off and the precomputed layout is final
STABILIZATION_ITERATIONS = 150
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def escape_json(data: object) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>`, `&`, U+2028/2029.

    >>> escape_json({"名": "</script><b>&"})
    '{"名":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def layout_positions(nodes: Iterable[tuple[str, str, int]], spacing: float = 28.0) -> dict[str, tuple[int, int]]:
    """A cheap, deterministic layout: one sunflower disc per type, busiest nodes in the middle.

    `nodes` are (key, type, degree); O(n), so it serves 5,000+ nodes where spring layouts are slow.

    >>> layout_positions([("Union/甲", "Union", 3), ("Union/乙", "Union", 1)])
    {'Union/甲': (0, 0), 'Union/乙': (-21, 19)}
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for key, type_, degree in nodes:
        groups.setdefault(type_, []).append((-degree, key))
    order = sorted(groups, key=lambda t: (list(TYPE_STYLE).index(t) if t in TYPE_STYLE else len(TYPE_STYLE), t))
    radii = {t: spacing * math.sqrt(len(groups[t])) for t in order}
    ring = 0.0 if len(order) <= 1 else max(radii.values()) * 1.3 / math.sin(math.pi / len(order))
    pos = {}
    for i, t in enumerate(order):
        cx, cy = ring * math.cos(2 * math.pi * i / len(order)), ring * math.sin(2 * math.pi * i / len(order))
        for j, (_, key) in enumerate(sorted(groups[t])):
            r, a = spacing * math.sqrt(j), j * _GOLDEN_ANGLE
            pos[key] = (round(cx + r * math.cos(a)), round(cy + r * math.sin(a)))
    return pos


def _edge_label(key: str, data: dict) -> str:
    roles = data.get("roles") or []
    return f"{key}: {'、'.join(roles)}" if roles else key


def _node_title(d: dict, degree: int) -> str:
    lines = [f"{d.get('type', 'Article')}: {d.get('label') or d.get('headline', '')}"]
    if d.get("aliases"):
        lines.append("别名: " + "、".join(d["aliases"]))
    if d.get("kind") == "article":
        lines.append(str(d.get("source", "")))
    lines.append(f"degree {degree}")
    return "\n".join(lines)  # plain text: vis-network shows strings with innerText


def _short(text: str, n: int = 18) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _page_options(large: bool) -> dict:
    return {
        "autoResize": True,
        "groups": {t: {"color": c, "shape": s} for t, (c, s) in TYPE_STYLE.items()},
        "nodes": {"font": {"face": FONT_STACK, "size": 14}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa4ad", "highlight": "#333333"},
            "font": {"face": FONT_STACK, "size": 11, "align": "middle", "color": "#555555"},
            "smooth": False if large else {"type": "continuous"},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "navigationButtons": False},
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": not large,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "avoidOverlap": 0.2},
            "stabilization": {"enabled": not large, "iterations": STABILIZATION_ITERATIONS, "updateInterval": 50, "fit": True},
        },
    }


def _drawn_nodes(g: nx.MultiDiGraph, with_articles: bool) -> list[str]:
    keep = entities(g)
    return sorted(keep + articles(g)) if with_articles else keep


def view_data(
    g: nx.MultiDiGraph,
    *,
    title: str = "union-kg",
    with_articles: bool = False,
    focus: str | None = None,
    max_nodes: int = MAX_NODES,
    physics_limit: int = PHYSICS_LIMIT,
) -> dict:
    """Everything the page needs, as plain JSON-ready data (sorted, so the page is byte-stable).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person/张三", kind="entity", type="Person", label="张三", aliases=[])
    >>> d = view_data(g)
    >>> [n["label"] for n in d["nodes"]], d["hidden"]["nodes"], d["note"]
    (['张三'], [], '')
    """
    drawn = _drawn_nodes(g, with_articles)
    degree = {n: g.degree(n) for n in drawn}
    kept = sorted(drawn, key=lambda n: (-degree[n], n))[:max_nodes]
    if focus is not None and focus in degree and focus not in kept:
        kept[-1:] = [focus]
    kept_set = set(kept)
    large = len(kept) > physics_limit

    net, relations = _network(g, drawn, degree, focus=focus, with_articles=with_articles, large=large)
    nodes = sorted(net.nodes, key=lambda n: n["id"])
    edges = sorted(net.edges, key=lambda e: int(e["id"][1:]))
    return {
        "title": title,
        "focus": focus,
        "nodes": [n for n in nodes if n["id"] in kept_set],
        "edges": [e for e in edges if e["from"] in kept_set and e["to"] in kept_set],
        "hidden": {"nodes": [n for n in nodes if n["id"] not in kept_set],
                   "edges": [e for e in edges if e["from"] not in kept_set or e["to"] not in kept_set]},
        "options": net.options,
        "large": large,
        "types": _type_counts(g, drawn),
        "sources": sorted({str(g.nodes[a].get("source", "")) for a in articles(g)}),
        "info": _node_info(g, drawn, degree),
        "articles": {a: {"headline": str(g.nodes[a].get("headline", "")), "source": str(g.nodes[a].get("source", ""))}
                     for a in articles(g)},
        "relations": relations,
        "note": _hidden_note(g, drawn, kept_set, degree),
    }


# Network.add_node/add_edge check membership in a list for every call, which is
# quadratic (seconds at 5,000 nodes); our ids are unique and endpoints known, so we
# append pyvis's own Node/Edge records the way those methods do, minus the scans.
def _add_node(net, n_id: str, **options) -> None:
    from pyvis.node import Node

    node = Node(n_id, options.pop("shape"), font_color=net.font_color, **options)
    net.nodes.append(node.options)
    net.node_ids.append(n_id)
    net.node_map[n_id] = node.options


def _add_edge(net, source: str, to: str, **options) -> None:
    from pyvis.edge import Edge

    net.edges.append(Edge(source, to, net.directed, **options).options)


def _network(g: nx.MultiDiGraph, drawn: list[str], degree: dict[str, int], *, focus: str | None, with_articles: bool,
             large: bool) -> tuple:
    """The pyvis Network of every drawable node and edge, and the evidence of every relation by edge id."""
    from pyvis.network import Network

    pos = layout_positions((n, g.nodes[n].get("type", "Article"), degree[n]) for n in drawn)
    net = Network(directed=True, cdn_resources="in_line")
    net.options = _page_options(large)
    for n in drawn:
        d = g.nodes[n]
        type_ = d.get("type", "Article")
        label = d.get("label") if d.get("kind") == "entity" else _short(str(d.get("headline", n)))
        x, y = pos[n]
        size = round(10 + 4 * math.sqrt(degree[n]), 1)
        extra = {"borderWidth": 4, "font": {"size": 20}} if n == focus else {}
        _add_node(net, n, label=label or n, shape=TYPE_STYLE.get(type_, OTHER_STYLE)[1], group=type_,
                  title=_node_title(d, degree[n]), size=size, x=x, y=y, **extra)
    relations = {}
    for i, (u, v, key, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        if u in degree and v in degree and (with_articles or key not in (MENTIONS, AUTHOR)):
            label = _edge_label(key, d)
            _add_edge(net, u, v, id=f"e{i}", label=label, title=f"{_plain_label(g, u)} —{label}→ {_plain_label(g, v)}")
        if key not in (MENTIONS, AUTHOR):
            relations[f"e{i}"] = {"from": u, "to": v, "predicate": key, "roles": list(d.get("roles") or []),
                                  "evidence": list(d.get("evidence") or [])}
    return net, relations


def _plain_label(g: nx.MultiDiGraph, n: str) -> str:
    d = g.nodes[n]
    return str(d.get("label") or d.get("headline") or n)


def _type_counts(g: nx.MultiDiGraph, drawn: list[str]) -> list[dict]:
    counts = Counter(g.nodes[n].get("type", "Article") for n in drawn)
    order = [t for t in TYPE_STYLE if t in counts] + sorted(t for t in counts if t not in TYPE_STYLE)
    return [{"type": t, "count": counts[t], "color": TYPE_STYLE.get(t, OTHER_STYLE)[0],
             "shape": TYPE_STYLE.get(t, OTHER_STYLE)[1]} for t in order]


def _node_info(g: nx.MultiDiGraph, drawn: list[str], degree: dict[str, int]) -> dict:
    info = {}
    for n in drawn:
        d = g.nodes[n]
        if d.get("kind") == "article":
            mentioning, sources = [n], [str(d.get("source", ""))]
        else:
            mentioning = sorted({u for u, _, k in g.in_edges(n, keys=True) if k in (MENTIONS, AUTHOR)})
            sources = sorted({str(g.nodes[a].get("source", "")) for a in mentioning})
        info[n] = {"type": d.get("type", "Article"), "label": _plain_label(g, n), "aliases": list(d.get("aliases") or []),
                   "articles": mentioning, "sources": sources, "degree": degree[n]}
    return info


def _hidden_note(g: nx.MultiDiGraph, drawn: list[str], kept: set[str], degree: dict[str, int]) -> str:
    hidden = [n for n in drawn if n not in kept]
    if not hidden:
        return ""
    by_type = Counter(g.nodes[n].get("type", "Article") for n in hidden)
    parts = ", ".join(f"{t} {c:,}" for t, c in sorted(by_type.items(), key=lambda tc: (-tc[1], tc[0])))
    return (f"Showing the {len(kept):,} best-connected of {len(drawn):,} nodes: {len(hidden):,} with degree "
            f"≤ {max(degree[n] for n in hidden)} are hidden ({parts}). Search still finds them and shows them on demand.")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _vis_bundle() -> tuple[str, str]:
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    try:
        return (folder / "vis-network.min.js").read_text(encoding="utf-8"), (folder / "vis-network.css").read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise FileNotFoundError(f"expected vis-network 9.1.2 bundled with pyvis at {folder}; reinstall pyvis>=0.3.2") from e


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(g: nx.MultiDiGraph, **options) -> str:
    """The page as a string; keyword options as for `view_data`."""
    data = view_data(g, **options)
    vis_js, vis_css = _vis_bundle()
    view_js = _asset("view.js")
    for script in (vis_js, view_js):
        if "</script" in script.lower():
            raise ValueError("an inlined script contains '</script', which would end its element early")
    # Only the two inline scripts may run: injected markup, inline handlers and fetches are refused.
    csp = (f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(view_js)}; style-src 'unsafe-inline'; "
           "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {"title": html.escape(data["title"]), "csp": html.escape(csp, quote=False), "vis_css": vis_css, "view_css": _asset("view.css"),
             "data": escape_json(data), "vis_js": vis_js, "view_js": view_js}
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("page.html"))


def write_html(g: nx.MultiDiGraph, path: Path, **options) -> None:
    """Write the offline HTML view of `g` to `path` (byte-identical for the same graph).

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Union/示例县总工会", kind="entity", type="Union", label="示例县总工会", aliases=[])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_html(g, Path(d) / "graph.html")
    ...     "示例县总工会" in (Path(d) / "graph.html").read_text(encoding="utf-8")
    True
    """
    with no_gc():
        page = render_html(g, **options)
    Path(path).write_text(page, encoding="utf-8")


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The key of the entity whose label or alias is `name` (labels win; then the busiest node).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Union/双鸭山市总工会", kind="entity", type="Union", label="双鸭山市总工会", aliases=["双鸭山市总"])
    >>> find_entity(g, "双鸭山市总")
    'Union/双鸭山市总工会'
    """
    ents = entities(g)
    by_label = [n for n in ents if g.nodes[n].get("label") == name]
    by_alias = [n for n in ents if name in (g.nodes[n].get("aliases") or [])]
    for hits in (by_label, by_alias):
        if hits:
            return min(hits, key=lambda n: (-g.degree(n), n))
    near = sorted(str(g.nodes[n].get("label")) for n in ents if name in str(g.nodes[n].get("label")))[:5]
    hint = f"; labels containing it: {'、'.join(near)}" if near else ""
    raise KeyError(f"no entity labelled or aliased {name!r} among {len(ents)} entities{hint}")


def neighbourhood(g: nx.MultiDiGraph, key: str, hops: int = 2) -> nx.MultiDiGraph:
    """The subgraph within `hops` steps of `key`, counting articles as steps (entity -> article -> entity is 2).

    >>> g = nx.MultiDiGraph()
    >>> for key in ("Union/甲", "Person/乙"):
    ...     _ = g.add_edge("a#1", key, key="mentions")
    >>> sorted(neighbourhood(g, "Union/甲", hops=1)), len(neighbourhood(g, "Union/甲", hops=2))
    (['Union/甲', 'a#1'], 3)
    """
    seen, queue = {key: 0}, deque([key])
    while queue:
        n = queue.popleft()
        if seen[n] < hops:
            for m in sorted(set(g.predecessors(n)) | set(g.successors(n))):
                if m not in seen:
                    seen[m] = seen[n] + 1
                    queue.append(m)
    return g.subgraph(seen).copy()


def write_view(g: nx.MultiDiGraph, name: str, path: Path, hops: int = 2) -> nx.MultiDiGraph:
    """Write the neighbourhood of the entity called `name` as its own page; returns that subgraph."""
    key = find_entity(g, name)
    sub = neighbourhood(g, key, hops)
    write_html(sub, path, title=f"{g.nodes[key]['label']} · {hops} hops", with_articles=True, focus=key)
    return sub


class NotebookView:
    """The page in a sandboxed iframe for Jupyter (scripts run, nothing reaches the notebook)."""

    def __init__(self, page: str, height: int = 640):
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        return (f'<iframe sandbox="allow-scripts" style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                f'srcdoc="{html.escape(self.page, quote=True)}"></iframe>')


def show(g: nx.MultiDiGraph, height: int = 640, **options) -> NotebookView:
    """An inline view for notebooks: `show(g)` as the last line of a cell draws the page.

    >>> g = nx.MultiDiGraph()
    >>> show(g)._repr_html_().startswith('<iframe sandbox="allow-scripts"')
    True
    """
    return NotebookView(render_html(g, **options), height)
