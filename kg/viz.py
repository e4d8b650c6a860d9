"""The graph as a self-contained, offline HTML page drawn with pyvis.

pyvis builds the vis-network nodes, edges and options; the page around them is
ours (`kg/assets/page.html`), with vis-network inlined from pyvis's own bundle,
so the file fetches nothing and opens from disk. All data travels as one JSON
blob that the page script reads and puts into the DOM with `textContent`.

The blob is bounded per item, and says so: a relation carries its first
`EVIDENCE_SHOWN` evidence records, its total and the `kg query evidence` command
that lists them all, a page at a time; a node carries its first `ARTICLES_SHOWN` articles and their
total. Without the caps a 1000x corpus made a 190 MB page that browsers choke on.

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
import shlex
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import networkx as nx

from .graph import AUTHOR, MENTIONS, articles, entities, no_gc, plain, sorted_edges

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
# Evidence records embedded per relation, in their stored order; the rest are counted and the side panel
# gives the command that lists them. 20 sentences is more than a reader goes through in a side panel,
# while a hub relation of the 1000x corpus has 6,895 (2.7 MB of text; 108 MB over all relations).
EVIDENCE_SHOWN = 20
# Articles listed per node (the first in id order); the rest are counted. 50 headlines fill a long side
# panel, while the busiest node of the 1000x corpus is mentioned in 14,207 articles (7.8 MB of ids in all).
ARTICLES_SHOWN = 50
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def escape_json(data: object) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>`, `&`, U+2028/2029.

    >>> escape_json({"名": "</script><b>&"})
    '{"名":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return _escape_script(_compact_json(data))


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
    view = _make_view(g, title=title, with_articles=with_articles, focus=focus, max_nodes=max_nodes, physics_limit=physics_limit)
    return _materialise(view.parts())


class _Items:
    """A list (`pairs=False`) or a dict (`pairs=True`: (key, value) pairs in sorted key order)
    of the view data, made item by item when it is written, so a page never holds them all."""

    def __init__(self, make: Callable[[], Iterable], pairs: bool = False):
        self.make, self.pairs = make, pairs


def _materialise(value):
    if isinstance(value, _Items):
        return dict(value.make()) if value.pairs else list(value.make())
    if isinstance(value, dict):
        return {k: _materialise(v) for k, v in value.items()}
    return value


class _View:
    """The parts of `view_data`: the nodes and edges drawn (pyvis's records), the ones hidden,
    what the side panel shows of each node and relation. Big parts are `_Items`."""

    def __init__(self, g: nx.MultiDiGraph, *, title: str, with_articles: bool, focus: str | None, max_nodes: int,
                 physics_limit: int):
        self.g, self.title, self.with_articles, self.focus = g, title, with_articles, focus
        self.drawn = _drawn_nodes(g, with_articles)
        self.degree = degree = {n: g.degree(n) for n in self.drawn}
        kept = sorted(self.drawn, key=lambda n: (-degree[n], n))[:max_nodes]
        if focus is not None and focus in degree and focus not in kept:
            kept[-1:] = [focus]
        self.kept = set(kept)
        self.large = len(kept) > physics_limit
        self.pos = layout_positions((n, g.nodes[n].get("type", "Article"), degree[n]) for n in self.drawn)
        self.sources = sorted({str(g.nodes[a].get("source", "")) for a in articles(g)})
        self.source_index = {s: i for i, s in enumerate(self.sources)}

    def parts(self) -> dict:
        g = self.g
        return {
            "title": self.title,
            "focus": self.focus,
            "nodes": _Items(lambda: (self._node(n) for n in self.drawn if n in self.kept)),
            "edges": _Items(lambda: self._edges(kept=True)),
            # The page makes a hidden relation's edge from `relations` (view.js, `relationEdge`): only hidden
            # mentions and bylines travel as records, so 76k hidden edges at 1000x cost no bytes twice.
            "hidden": {"nodes": _Items(lambda: (self._node(n) for n in self.drawn if n not in self.kept)),
                       "edges": _Items(lambda: self._edges(kept=False, relations=False))},
            "options": _page_options(self.large),
            "large": self.large,
            "types": _type_counts(g, self.drawn),
            "sources": self.sources,
            "info": _Items(lambda: ((n, _info(g, n, self.degree[n], self.source_index)) for n in self.drawn), pairs=True),
            "articles": _Items(lambda: ((a, {"headline": str(g.nodes[a].get("headline", "")), "source": str(g.nodes[a].get("source", ""))})
                                        for a in articles(g)), pairs=True),
            "relations": _Items(self._relations, pairs=True),
            "note": _hidden_note(g, self.drawn, self.kept, self.degree),
        }

    def _node(self, n: str) -> dict:
        """pyvis's record of a drawn node (`Network.add_node`'s, without its membership scans)."""
        from pyvis.node import Node

        d = self.g.nodes[n]
        type_ = d.get("type", "Article")
        label = d.get("label") if d.get("kind") == "entity" else _short(str(d.get("headline", n)))
        x, y = self.pos[n]
        extra = {"borderWidth": 4, "font": {"size": 20}} if n == self.focus else {}
        return Node(n, TYPE_STYLE.get(type_, OTHER_STYLE)[1], label=label or n, font_color=False, group=type_,
                    title=_node_title(d, self.degree[n]), size=round(10 + 4 * math.sqrt(self.degree[n]), 1), x=x, y=y,
                    **extra).options

    def _edges(self, kept: bool, relations: bool = True) -> Iterator[dict]:
        """pyvis's records of the drawn edges whose two ends are both shown (`kept`) or not,
        numbered by their place among all edges sorted by (u, v, key); without `relations`, only
        mentions and bylines."""
        from pyvis.edge import Edge

        g, degree, shown = self.g, self.degree, self.kept
        for i, (u, v, key, d) in enumerate(sorted_edges(g)):
            byline_or_mention = key in (MENTIONS, AUTHOR)
            if u in degree and v in degree and ((byline_or_mention and self.with_articles) or (relations and not byline_or_mention)):
                if (u in shown and v in shown) == kept:
                    label = _edge_label(key, d)
                    yield Edge(u, v, True, id=f"e{i}", label=label, title=f"{_plain_label(g, u)} —{label}→ {_plain_label(g, v)}").options

    def _relations(self) -> Iterator[tuple[str, dict]]:
        """Edge id -> the relation and its first evidence, for every edge but mentions and bylines (ids in text order)."""
        g = self.g
        ids = [(f"e{i}", u, v, key) for i, (u, v, key, _) in enumerate(sorted_edges(g)) if key not in (MENTIONS, AUTHOR)]
        ids.sort()
        for eid, u, v, key in ids:
            d = g.edges[u, v, key]
            yield eid, _relation(g, u, v, key, list(d.get("evidence") or []), list(d.get("roles") or []))


def cap(items: list, limit: int) -> tuple[list, int]:
    """The first `limit` items, and how many more there are.

    >>> cap(["甲", "乙", "丙"], 2)
    (['甲', '乙'], 1)
    >>> cap(["甲"], 2)
    (['甲'], 0)
    """
    return items[:limit], max(0, len(items) - limit)


# A word made of these needs no quotes in a POSIX shell; `\w` takes in CJK, so Chinese labels stay readable.
_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


def evidence_command(subject: str, object_: str) -> str:
    """The command that lists every evidence sentence from `subject` to `object_` (labels or aliases),
    quoted for a POSIX shell (`kg/queries/evidence.rq`); it shows the first page and says how to
    ask for the next.

    >>> evidence_command("张三", "示例市总工会")
    'kg query evidence subject=张三 object=示例市总工会'
    >>> evidence_command("A B", "乙")
    "kg query evidence 'subject=A B' object=乙"
    """
    words = ["kg", "query", "evidence", f"subject={subject}", f"object={object_}"]
    return " ".join(w if _SHELL_SAFE.fullmatch(w) else shlex.quote(w) for w in words)


def _relation(g: nx.MultiDiGraph, u: str, v: str, key: str, evidence: list, roles: list) -> dict:
    """What the side panel shows of a relation: at most `EVIDENCE_SHOWN` evidence records, and when
    there are more, their total and the command that lists them all."""
    shown, more = cap(evidence, EVIDENCE_SHOWN)
    out = {"from": u, "to": v, "predicate": key, "roles": roles, "evidence": plain(shown)}
    if more:
        out.update(evidence_total=len(evidence), evidence_command=evidence_command(_plain_label(g, u), _plain_label(g, v)))
    return out


def _plain_label(g: nx.MultiDiGraph, n: str) -> str:
    d = g.nodes[n]
    return str(d.get("label") or d.get("headline") or n)


def _type_counts(g: nx.MultiDiGraph, drawn: list[str]) -> list[dict]:
    counts = Counter(g.nodes[n].get("type", "Article") for n in drawn)
    order = [t for t in TYPE_STYLE if t in counts] + sorted(t for t in counts if t not in TYPE_STYLE)
    return [{"type": t, "count": counts[t], "color": TYPE_STYLE.get(t, OTHER_STYLE)[0],
             "shape": TYPE_STYLE.get(t, OTHER_STYLE)[1]} for t in order]


def _info(g: nx.MultiDiGraph, n: str, degree: int, source_index: dict[str, int]) -> dict:
    """What the side panel shows of a node: type, label, aliases, the first `ARTICLES_SHOWN` articles that
    mention it (with `articles_total` when there are more), and all their pages as places in the page's
    `sources` list (the source filter needs every one; a number is a tenth of a path's bytes)."""
    d = g.nodes[n]
    if d.get("kind") == "article":
        mentioning = [n]
    else:
        mentioning = sorted({u for u, _, k in g.in_edges(n, keys=True) if k in (MENTIONS, AUTHOR)})
    sources = sorted({source_index[str(g.nodes[a].get("source", ""))] for a in mentioning})
    shown, more = cap(mentioning, ARTICLES_SHOWN)
    out = {"type": d.get("type", "Article"), "label": _plain_label(g, n), "aliases": list(d.get("aliases") or []),
           "articles": shown, "sources": sources, "degree": degree}
    if more:
        out["articles_total"] = len(mentioning)
    return out


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
    return "".join(page_chunks(g, **options))


def page_chunks(g: nx.MultiDiGraph, **options) -> Iterator[str]:
    """`render_html`'s page in pieces, the data written node by node and edge by edge."""
    data = _make_view(g, **options).parts()
    vis_js, vis_css = _vis_bundle()
    view_js = _asset("view.js")
    for script in (vis_js, view_js):
        if "</script" in script.lower():
            raise ValueError("an inlined script contains '</script', which would end its element early")
    # Only the two inline scripts may run: injected markup, inline handlers and fetches are refused.
    csp = (f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(view_js)}; style-src 'unsafe-inline'; "
           "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {"title": html.escape(data["title"]), "csp": html.escape(csp, quote=False), "vis_css": vis_css, "view_css": _asset("view.css"),
             "vis_js": vis_js, "view_js": view_js}
    page, at = _asset("page.html"), 0
    for m in _PLACEHOLDER.finditer(page):
        yield page[at : m.start()]
        if m.group(1) == "data":
            yield from map(_escape_script, _json_chunks(data))
        else:
            yield parts[m.group(1)]
        at = m.end()
    yield page[at:]


def _make_view(g: nx.MultiDiGraph, *, title: str = "union-kg", with_articles: bool = False, focus: str | None = None,
               max_nodes: int = MAX_NODES, physics_limit: int = PHYSICS_LIMIT) -> _View:
    return _View(g, title=title, with_articles=with_articles, focus=focus, max_nodes=max_nodes, physics_limit=physics_limit)


def _json_chunks(value, batch: int = 500) -> Iterator[str]:
    """`json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` in pieces,
    `_Items` written `batch` items a piece.

    >>> v = {"b": _Items(lambda: iter([1, {"y": 2, "x": "<"}])), "a": _Items(lambda: iter([("k", [])]), pairs=True), "c": None}
    >>> "".join(_json_chunks(v, batch=1)) == json.dumps(_materialise(v), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    True
    """
    if isinstance(value, _Items):
        yield "{" if value.pairs else "["
        pending, sep = [], ""
        for item in value.make():
            pending.append(f"{_json_key(item[0])}:{_compact_json(item[1])}" if value.pairs else _compact_json(item))
            if len(pending) == batch:
                yield sep + ",".join(pending)
                pending, sep = [], ","
        if pending:
            yield sep + ",".join(pending)
        yield "}" if value.pairs else "]"
    elif _has_items(value):
        yield "{"
        for i, key in enumerate(sorted(value)):
            yield ("," if i else "") + _compact_json(key) + ":"
            yield from _json_chunks(value[key], batch)
        yield "}"
    else:
        yield _compact_json(value)


def _json_key(key) -> str:
    """A dict key as json writes it: a string as itself, a number or the like as its text in quotes."""
    return _compact_json(key) if isinstance(key, str) else _compact_json({key: None})[1:-6]


def _has_items(value) -> bool:
    return isinstance(value, dict) and any(isinstance(v, _Items) or _has_items(v) for v in value.values())


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _escape_script(text: str) -> str:
    for ch, esc in _SCRIPT_ESCAPES:
        text = text.replace(ch, esc)
    return text


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def write_html(g: nx.MultiDiGraph, path: Path, **options) -> None:
    """Write the offline HTML view of `g` to `path` (byte-identical for the same graph), piece by piece.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Union/示例县总工会", kind="entity", type="Union", label="示例县总工会", aliases=[])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_html(g, Path(d) / "graph.html")
    ...     "示例县总工会" in (Path(d) / "graph.html").read_text(encoding="utf-8")
    True
    """
    with no_gc(), open(path, "w", encoding="utf-8") as f:
        pieces: list[str] = []
        for piece in page_chunks(g, **options):
            pieces.append(piece)
            if len(pieces) >= 64:
                f.write("".join(pieces))
                pieces = []
        f.write("".join(pieces))


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
