"""The knowledge graph as a networkx MultiDiGraph: the hub every consumer reads.

Nodes are entity keys ("Union/双鸭山市总工会") with `kind="entity"`, and article
ids ("000_0ec4487dac34524e#2") with `kind="article"`. Edges carry the predicate as
their key: the guideline's predicates between entities, plus `mentions` and
`author` from an article to an entity.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain, islice
from operator import attrgetter, itemgetter
from pathlib import Path

import networkx as nx

from .model import ArticleResult, Entity, EntityType

MENTIONS = "mentions"
AUTHOR = "author"


# ---------------------------------------------------------------- evidence records


class _Record(Mapping):
    """A read-only evidence dict held in slots: one small object instead of a dict, so a
    graph of millions of mentions fits in memory. Reads like the dict it stands for
    (`ev["start"]`, `dict(ev)`, `ev == {...}`); writers turn it into a dict (`plain`)."""

    __slots__ = ()
    KEYS: tuple[str, ...] = ()
    SORTED: tuple[tuple[str, str], ...] = ()  # (attribute, its JSON key and ": "), keys in sorted order

    def __getitem__(self, key):
        if key in self.KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)

    def __contains__(self, key) -> bool:
        return key in self.KEYS

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__))

    def __eq__(self, other) -> bool:
        if type(other) is type(self):
            return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)
        return Mapping.__eq__(self, other)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self):
        return (self.__class__, tuple(getattr(self, k) for k in self.__slots__))

    def as_dict(self) -> dict:
        """The dict this record stands for (`dict(record)`, without the mapping protocol's calls)."""
        return {k: getattr(self, k) for k in self.KEYS}


class MentionEvidence(_Record):
    """`{"start", "end", "text"}`: a span of the article that names the entity.

    >>> ev = MentionEvidence(3, 7, "市总工会")
    >>> ev["text"], ev == {"start": 3, "end": 7, "text": "市总工会"}, dict(ev)
    ('市总工会', True, {'start': 3, 'end': 7, 'text': '市总工会'})
    """

    __slots__ = ("start", "end", "text")
    KEYS = __slots__
    SORTED = (("end", '"end": '), ("start", '"start": '), ("text", '"text": '))

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    def __hash__(self) -> int:  # `_Record.__hash__` spelled out: graphs hold millions, each hashed once or more
        return hash((self.start, self.end, self.text))

    def sort_text(self) -> str:
        if type(self.start) is int and type(self.end) is int and type(self.text) is str:
            return f'{{"end": {self.end}, "start": {self.start}, "text": {_encode_string(self.text)}}}'
        return f'{{"end": {_json_scalar(self.end)}, "start": {_json_scalar(self.start)}, "text": {_json_scalar(self.text)}}}'


class AuthorEvidence(_Record):
    """`{"role"}`: how a byline credits the person (记者, 通讯员, 摄影).

    >>> AuthorEvidence("记者") == {"role": "记者"}
    True
    """

    __slots__ = ("role",)
    KEYS = __slots__
    SORTED = (("role", '"role": '),)

    def __init__(self, role: str):
        self.role = role

    def sort_text(self) -> str:
        return f'{{"role": {_json_scalar(self.role)}}}'


class RelationEvidence(_Record):
    """`{"article", "sentence", "start", "end"}`: the sentence that states a relation.

    The sentence is the span `start:end` of the article text: when it is, only the
    text is referred to (held once by the article node) and the sentence is cut on
    demand; otherwise (`text=None`) the sentence itself is kept.

    >>> ev = RelationEvidence("a#0", "乙。", 2, 4, text="甲。乙。")
    >>> ev["sentence"], ev == {"article": "a#0", "sentence": "乙。", "start": 2, "end": 4}
    ('乙。', True)
    """

    __slots__ = ("article", "start", "end", "_sentence", "_text")
    KEYS = ("article", "sentence", "start", "end")
    SORTED = (("article", '"article": '), ("end", '"end": '), ("sentence", '"sentence": '), ("start", '"start": '))

    def __init__(self, article: str, sentence: str, start: int, end: int, text: str | None = None):
        self.article, self.start, self.end = article, start, end
        if text is not None and text[start:end] == sentence:
            self._sentence, self._text = None, text
        else:
            self._sentence, self._text = sentence, None

    @property
    def sentence(self) -> str:
        return self._text[self.start : self.end] if self._sentence is None else self._sentence

    def sort_text(self) -> str:
        return (f'{{"article": {_json_scalar(self.article)}, "end": {_json_scalar(self.end)}, '
                f'"sentence": {_json_scalar(self.sentence)}, "start": {_json_scalar(self.start)}}}')

    def __hash__(self) -> int:
        return hash((self.article, self.start, self.end))

    def __eq__(self, other) -> bool:
        if type(other) is RelationEvidence:
            if (self.article, self.start, self.end) != (other.article, other.start, other.end):
                return False
            if self._text is other._text and self._sentence is None and other._sentence is None:
                return True  # the same span of the same text
            return self.sentence == other.sentence
        return Mapping.__eq__(self, other)

    def __reduce__(self):
        return (RelationEvidence, (self.article, self.sentence, self.start, self.end))


def plain(value):
    """`value` with evidence records turned into dicts, for encoders that know only dicts.

    >>> plain({"evidence": [AuthorEvidence("摄影")], "roles": ["主席"]})
    {'evidence': [{'role': '摄影'}], 'roles': ['主席']}
    """
    if isinstance(value, _Record):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(v, (_Record, dict, list, tuple)) for v in value):
        return [plain(v) for v in value]
    return value


def record_dict(value) -> dict:
    """`json.dumps(..., default=record_dict)` writes evidence records as their dicts.

    >>> json.dumps([MentionEvidence(1, 2, "甲")], ensure_ascii=False, default=record_dict)
    '[{"start": 1, "end": 2, "text": "甲"}]'
    """
    if isinstance(value, _Record):
        return value.as_dict()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_encode_string = json.encoder.encode_basestring  # the C function json.dumps(ensure_ascii=False) uses


def evidence_order(ev) -> str:
    r"""The order of an edge's evidence: `json.dumps(ev, ensure_ascii=False, sort_keys=True)`,
    written without json's Python layer for the flat records of a graph.

    >>> ev = {"start": 9, "end": 12, "text": "乙\"", "x": [1.5, None]}
    >>> evidence_order(ev) == json.dumps(ev, ensure_ascii=False, sort_keys=True)
    True
    """
    return "{" + ", ".join([f"{_encode_string(k)}: {_json_scalar(v)}" for k, v in sorted(ev.items())]) + "}"


def _json_scalar(v) -> str:
    if type(v) is str:
        return _encode_string(v)
    if type(v) is int:
        return int.__repr__(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- building


def build_graph(results: Iterable[ArticleResult], entities: dict[str, Entity]) -> nx.MultiDiGraph:
    """Assemble articles, entities and relations into one graph.

    Relations stated more than once become one edge with every piece of evidence.
    """
    builder = GraphBuilder()
    for r in results:
        builder.add(r)
    return builder.graph(entities)


class GraphBuilder:
    """`build_graph`, one article at a time: what the graph needs of each article is kept
    as compact records as it comes, so extraction results can be dropped page by page.

    An edge needs both ends in the graph: entities are known only at the end, articles
    count from the moment they are added (as when the graph was built in one go).

    >>> from kg.model import Article, EntityType, Mention
    >>> b = GraphBuilder()
    >>> b.add(ArticleResult(Article("p#0", "p.txt", 0, "甲", "甲市总工会"), [(Mention("甲市总工会", EntityType.UNION, 0, 5), "Union/甲市总工会")]))
    >>> g = b.graph({"Union/甲市总工会": Entity("Union/甲市总工会", EntityType.UNION, "甲市总工会")})
    >>> g.edges["p#0", "Union/甲市总工会", MENTIONS]["evidence"]
    [{'start': 0, 'end': 5, 'text': '甲市总工会'}]
    """

    def __init__(self):
        self._articles: list[tuple[str, dict]] = []
        self._texts: dict[str, str] = {}  # article id -> text, for relation sentences
        self._mentions: dict[tuple[str, str], list] = {}  # (article, entity key) -> evidence
        # (u, v, key, u was an article by then, v was) -> [evidence, roles]: checked against the entities at the end
        self._pending: dict[tuple, list] = {}
        self._strings: dict[str, str] = {}  # one object per distinct key, id and surface form
        self._ints: dict[int, int] = {}  # offsets above 256 are an object each: one per distinct value

    def _one(self, s: str) -> str:
        return self._strings.setdefault(s, s)

    def add(self, r: ArticleResult) -> None:
        a = r.article
        aid = self._one(a.id)
        self._texts[aid] = a.text
        self._articles.append((aid, dict(kind="article", source=self._one(a.source), index=a.index, headline=a.headline,
                                         page_start=a.page_start, page_end=a.page_end, text=a.text)))
        one, num, mentions = self._one, self._ints.setdefault, self._mentions
        for m, key in r.mentions:
            edge = (aid, one(key))
            ev = MentionEvidence(num(m.start, m.start), num(m.end, m.end), one(m.text))
            found = mentions.get(edge)
            if found is None:
                mentions[edge] = [ev]
            else:
                found.append(ev)  # repeats go when the edge is made
        for c in a.credits:
            self._pend(aid, f"Person/{c.name}", AUTHOR, AuthorEvidence(one(c.role)), None)
        for rel in r.relations:
            article = one(rel.article)
            ev = RelationEvidence(article, rel.evidence, num(rel.start, rel.start), num(rel.end, rel.end), self._texts.get(article))
            self._pend(rel.subject, rel.object, rel.predicate.value, ev, rel.role)

    def _pend(self, u: str, v: str, key: str, ev, role: str | None) -> None:
        texts = self._texts
        slot = (self._one(u), self._one(v), key, u in texts, v in texts)
        found = self._pending.get(slot)
        if found is None:
            found = self._pending[slot] = [[], None]
        found[0].append(ev)  # repeats go when the edge is made
        if role:
            found[1] = found[1] or set()
            found[1].add(self._one(role))

    def graph(self, entities: dict[str, Entity]) -> nx.MultiDiGraph:
        """The graph of every article added, its nodes and edges as `build_graph` makes them.

        The builder's records move into the graph: call it once.
        """
        g = nx.MultiDiGraph()
        type_names = {t: t.value for t in EntityType}  # `e.type.value` is a Python property call per entity
        g.add_nodes_from((key, dict(kind="entity", type=type_names[e.type], label=e.label, aliases=sorted(e.aliases), **dict(e.attrs)))
                         for key, e in sorted(entities.items()))
        g.add_nodes_from(self._articles)
        self._articles = []
        mentions, self._mentions = self._mentions, {}
        _add_edges(g, _mention_edges(mentions, g))
        _add_edges(g, _checked_edges(self._pending, g, entities))
        self._pending, self._texts, self._strings, self._ints = {}, {}, {}, {}
        return g


def _add_edges(g: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict]]) -> None:
    """`g.add_edges_from(edges)` for new edges between nodes of `g`, each data dict kept as given.

    Straight into the adjacency (networkx's documented `_succ`/`_pred`): `add_edges_from`
    copies every data dict twice, a third of the time of building the graph.
    """
    succ, pred = g._succ, g._pred
    for u, v, key, data in edges:
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        keydict[key] = data
    clear_cache = getattr(nx, "_clear_cache", None)  # networkx >= 3.3 caches results on the graph
    if clear_cache is not None:
        clear_cache(g)


def _mention_edges(mentions: dict, g: nx.MultiDiGraph):
    nodes = g._node  # `key in g`, without its call
    while mentions:
        (article, key), evidence = mentions.popitem()
        if key in nodes:
            yield article, key, MENTIONS, {"evidence": _in_order(evidence)}


def _checked_edges(pending: dict, g: nx.MultiDiGraph, entities: dict):
    """Pending edges whose ends are in the graph, evidence and roles of one edge merged."""
    edges: dict[tuple[str, str, str], list] = {}
    while pending:
        (u, v, key, u_article, v_article), (evidence, roles) = pending.popitem()
        if not ((u_article or u in entities) and (v_article or v in entities)):
            continue
        found = edges.get((u, v, key))
        if found is None:
            edges[u, v, key] = [evidence, roles]
        else:
            found[0] += evidence
            found[1] = (found[1] or set()) | (roles or set())
    while edges:
        (u, v, key), (evidence, roles) = edges.popitem()
        data = {"evidence": _in_order(evidence)}
        if roles:
            data["roles"] = sorted(roles)
        yield u, v, key, data


def _in_order(evidence: list) -> list:
    """Evidence without repeats, in `evidence_order`: the order articles were processed in
    (cache, processes, cluster) must not show.

    >>> _in_order([MentionEvidence(5, 7, "乙"), MentionEvidence(0, 2, "甲"), MentionEvidence(5, 7, "乙")])
    [{'start': 0, 'end': 2, 'text': '甲'}, {'start': 5, 'end': 7, 'text': '乙'}]
    """
    if len(evidence) < 2:
        return evidence
    unique = set(evidence)
    kinds = set(map(type, unique))
    # records of one kind write their text themselves (the same text): no mapping protocol per key
    kind = kinds.pop() if len(kinds) == 1 else None
    return sorted(unique, key=kind.sort_text if kind in _RECORDS else evidence_order)


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
    """The graph as node-link JSON, sorted for byte-identical output (see `json_chunks`)."""
    return "".join(json_chunks(g))


def write_json(g: nx.MultiDiGraph, path: Path) -> None:
    """Write `to_json(g)` to `path` piece by piece, never holding the whole text."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json_chunks(g))


def json_chunks(g: nx.MultiDiGraph) -> Iterator[str]:
    """`to_json`'s text in pieces: what `nx.node_link_data(g, edges="edges")` gives, nodes
    sorted by id and edges by (source, target, key), as `json.dumps(indent=1, sort_keys=True,
    ensure_ascii=False)` writes it, made one node or edge at a time.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a#0", "Union/甲", key="mentions", evidence=[MentionEvidence(0, 1, "甲")])
    'mentions'
    >>> "".join(json_chunks(g)) == json.dumps(_node_link_data(g), ensure_ascii=False, indent=1, sort_keys=True, default=dict)
    True
    """
    if not (g.is_directed() and g.is_multigraph()):
        yield _dumps_indent1(_node_link_data(g))
        return
    with no_gc():
        yield '{\n "directed": true,\n "edges": '
        edges = ((d, (k, u, v)) for u, v, k, d in sorted_edges(g))
        yield from _list_chunks(_link_texts(edges, ("key", "source", "target"), "  "), "  ")
        yield ',\n "graph": ' + _dumps_indent1(g.graph, " ")
        yield ',\n "multigraph": true,\n "nodes": '
        nodes = g._node  # the node dicts themselves: networkx's views cost a call per lookup
        yield from _list_chunks(_link_texts(((nodes[n], (n,)) for n in sorted(nodes)), ("id",), "  "), "  ")
        yield "\n}"


def _link_texts(items: Iterable[tuple[dict, tuple]], names: tuple[str, ...], indent: str) -> Iterator[str]:
    """For each (data, values) of `items`, the text of `{**data, **dict(zip(names, values))}` at
    `indent` (a node's or an edge's node-link dict), without that dict made.

    Nodes and edges of a kind share their keys: the keys' order and text are found once per tuple
    of keys, as records' are (`_link_layout`), and consecutive items with the same keys are written
    together, a key's values at a time (`_column_texts`), then each filled into the template.

    >>> list(_link_texts([({"b": 1, "id": 0}, ("x",))], ("id",), "")) == [_dumps_indent1({"b": 1, "id": "x"})]
    True
    """
    layouts = _link_layouts(names, indent)
    inner = indent + " "
    for keys, batch in _same_keys(items):
        try:
            if keys is None:  # keys json converts (or str subclasses)
                raise _NotPlain
            pick, order, template = layouts.get(keys) or _link_layout(keys, names, indent)
            rows = [order(pick(d) + extra) for d, extra in batch]  # each item's values, in key order
            yield from map(template.__mod__, zip(*[_column_texts(column, inner) for column in zip(*rows)]))
        except _NotPlain:  # json writes them, one at a time
            yield from (_dumps_indent1({**d, **dict(zip(names, extra))}, indent) for d, extra in batch)


def _same_keys(items: Iterable[tuple[dict, tuple]], most: int = 512) -> Iterator[tuple[tuple | None, list]]:
    """Runs of consecutive (data, extra) items whose data have the same str keys, at most `most`
    long, with those keys (None, and runs of one, for data with keys of other types).

    >>> [(keys, len(run)) for keys, run in _same_keys([({"a": 1}, ()), ({"a": 2}, ()), ({1: 2}, ()), ({"b": 0}, ())])]
    [(('a',), 2), (None, 1), (('b',), 1)]
    """
    run: list = []
    keys = None
    for item in items:
        d = item[0]
        found = tuple(d) if _STR_ONLY.issuperset(map(type, d)) else None
        if found != keys or found is None or len(run) >= most:
            if run:
                yield keys, run
            run, keys = [], found
        run.append(item)
    if run:
        yield keys, run


def _column_texts(column: tuple, indent: str) -> list[str]:
    r"""The texts at `indent` of values that take one place in many documents (one key's values in
    dicts of one kind; the items of lists of one item), all of one type mostly: written together.

    >>> _column_texts(("甲", "乙"), " "), _column_texts(([MentionEvidence(1, 2, "甲")], [1]), " ")[1]
    (['"甲"', '"乙"'], '[\n  1\n ]')
    """
    kinds = set(map(type, column))
    if len(kinds) > 1 and kinds <= _COLUMN_KINDS:  # mentions and bylines: each kind written together
        return _mixed_column_texts(column, kinds, indent)
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is str:
        return list(map(_encode_string, column))
    if kind is int:
        return list(map(int.__repr__, column))
    if kind is list:  # the items of all the lists written together, then shared out again
        inner = indent + " "
        texts = _column_texts(tuple(chain.from_iterable(column)), inner)
        lengths = list(map(len, column))
        if set(lengths) == {1}:  # evidence lists of one record, mostly
            return list(map(("[\n" + inner + "%s\n" + indent + "]").__mod__, texts))
        items, sep, one = iter(texts), ",\n" + inner, "[\n" + inner + "%s\n" + indent + "]"
        return [one % next(items) if n == 1 else "[\n" + inner + sep.join(islice(items, n)) + "\n" + indent + "]" if n else "[]"
                for n in lengths]
    if kind in _RECORDS:
        texts = _records_texts(kind, column, indent)
        if texts is not None:
            return texts
    return [_nested_text(x, indent) for x in column]


def _link_layouts(names: tuple[str, ...], indent: str) -> dict[tuple, tuple]:
    """The layouts made by `_link_layout` for `names` and `indent`, by the data's keys."""
    layouts = _LINK_LAYOUTS.get((names, indent))
    if layouts is None or len(layouts) >= _MAX_LINK_LAYOUTS:  # graphs of free-form attributes: kept small
        layouts = _LINK_LAYOUTS[names, indent] = {}
    return layouts


def _link_layout(keys: tuple[str, ...], names: tuple[str, ...], indent: str) -> tuple:
    """(a function giving data's values but those of `names`, one putting those and `extra` in
    sorted key order, the %-template of the text of `{**data, **dict(zip(names, extra))}`), for data
    with `keys`, kept among `_link_layouts(names, indent)`.

    >>> pick, order, template = _link_layout(("b", "id"), ("id",), " ")
    >>> order(pick({"b": 1, "id": 0}) + ("x",)), template % ("1", '"x"') == _dumps_indent1({"b": 1, "id": "x"}, " ")
    ((1, 'x'), True)
    """
    kept = [k for k in keys if k not in names]  # a name overrides the data's own value
    merged = sorted(kept + list(names))
    position = {k: i for i, k in enumerate(kept + list(names))}
    inner = indent + " "
    members = [_encode_string(k).replace("%", "%%") + ": %s" for k in merged]
    layout = (_tuple_getter(kept), _tuple_getter([position[k] for k in merged]),
              "{\n" + inner + (",\n" + inner).join(members) + "\n" + indent + "}")
    _link_layouts(names, indent)[keys] = layout
    return layout


def _node_link_data(g: nx.MultiDiGraph) -> dict:
    data = nx.node_link_data(g, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e.get("key")))
    return data


def sorted_edges(g: nx.MultiDiGraph) -> Iterator[tuple]:
    """(u, v, key, data) of every edge, sorted by (u, v, key), without a list of them all.

    >>> g = nx.MultiDiGraph([("b", "a", "x"), ("a", "c", "y"), ("a", "b", "z"), ("a", "b", "w")])
    >>> [e[:3] for e in sorted_edges(g)] == sorted(g.edges(keys=True))
    True
    """
    succ = g._succ  # the adjacency dicts: networkx's views cost a call per lookup
    for u in sorted(succ):
        nbrs = succ[u]
        for v in sorted(nbrs):
            keydict = nbrs[v]
            for k in sorted(keydict):
                yield u, v, k, keydict[k]


def _list_chunks(texts: Iterable[str], indent: str, batch: int = 1000) -> Iterator[str]:
    """A JSON list of the items whose `texts` are given, each at `indent` (one space deeper
    than the list), `batch` items a piece.

    >>> items = [{"a": 1}, [2]]
    >>> texts = [_dumps_indent1(x, "  ") for x in items]
    >>> "".join(_list_chunks(texts, "  ", batch=1)) == json.dumps(items, indent=1).replace("\\n", "\\n ")
    True
    """
    sep = ",\n" + indent
    texts = iter(texts)
    chunk = list(islice(texts, batch))
    if not chunk:
        yield "[]"
        return
    yield "[\n" + indent + sep.join(chunk)
    while chunk := list(islice(texts, batch)):
        yield sep + sep.join(chunk)
    yield "\n" + indent[:-1] + "]"


_float_text = json.encoder.JSONEncoder(allow_nan=True).iterencode  # NaN, Infinity as json writes them


def _dumps_indent1(value, indent: str = "") -> str:
    r"""`json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`, byte for byte, faster:
    with indent, json falls back to its pure-Python generator encoder. `indent` is where
    `value` sits in an enclosing document; evidence records are written as their dicts.

    >>> v = {"b": [1, 2.5, {"x": None, "a": []}], "a": {}, "c": ["é\n", True, False, -0.0, 10**20]}
    >>> _dumps_indent1(v) == json.dumps(v, ensure_ascii=False, indent=1, sort_keys=True)
    True
    >>> _dumps_indent1({1: "x"}, "  ") == json.dumps({1: "x"}, indent=1, sort_keys=True).replace("\n", "\n  ")
    True
    """
    try:
        if type(value) is dict:  # every node and edge: its text made directly
            return _mapping_text(value, indent)
        chunks: list[str] = []
        _encode_into(value, indent, chunks.append)
    except _NotPlain:  # keys or values json converts or rejects: let it
        text = json.dumps(plain(value), ensure_ascii=False, indent=1, sort_keys=True)
        return text.replace("\n", "\n" + indent) if indent else text
    return "".join(chunks)


def _encode_into(v, indent: str, append) -> None:
    # a module function, not a closure: a recursive closure is a reference cycle, which
    # leaks its pieces while collection is off (no_gc) and this runs once per node and edge.
    # The exact types of a graph's values first, by identity: an isinstance chain (and the
    # ABC check of a record) cost more than writing most values
    kind = type(v)
    if kind is str:
        append(_encode_string(v))
    elif kind is int:
        append(int.__repr__(v))
    elif kind in _RECORDS:
        append(_record_text(v, indent))
    elif kind is list or kind is tuple:
        _sequence_into(v, indent, append)
    elif kind is dict:
        _mapping_into(v, indent, append)
    else:
        _other_into(v, indent, append)


def _other_into(v, indent: str, append) -> None:
    """Values `_encode_into` does not know by their type: subclasses, None, booleans, floats."""
    if isinstance(v, str):
        append(_encode_string(v))
    elif v is None:
        append("null")
    elif v is True:
        append("true")
    elif v is False:
        append("false")
    elif isinstance(v, int):
        append(int.__repr__(v))
    elif isinstance(v, float):
        append("".join(_float_text(v)))
    elif isinstance(v, (list, tuple)):
        _sequence_into(v, indent, append)
    elif isinstance(v, _Record):
        append(_record_text(v, indent))
    elif isinstance(v, dict):
        _mapping_into(v, indent, append)
    else:
        raise _NotPlain


def _sequence_into(v, indent: str, append) -> None:
    append(_sequence_text(v, indent))


def _mixed_column_texts(column: tuple, kinds: set, indent: str) -> list[str]:
    """`_column_texts` of a column of values of several `kinds`, the values of each kind written together.

    >>> _mixed_column_texts(("甲", 1, "乙"), {str, int}, "")
    ['"甲"', '1', '"乙"']
    """
    types = list(map(type, column))
    texts: list = [None] * len(column)
    for kind in kinds:
        where = [i for i, t in enumerate(types) if t is kind]
        for i, text in zip(where, _column_texts(tuple(map(column.__getitem__, where)), indent)):
            texts[i] = text
    return texts


def _sequence_text(v, indent: str) -> str:
    if not v:
        return "[]"
    inner = indent + " "
    first = type(v[0])
    if first is str and _STR_ONLY.issuperset(map(type, v)):  # aliases, tokens
        items = map(_encode_string, v)
    else:  # evidence lists: records of one kind, written together
        items = _records_texts(first, v, inner) if first in _RECORDS and set(map(type, v)) == {first} else None
        if items is None:
            items = [_record_text(x, inner) if type(x) in _RECORDS else _nested_text(x, inner) for x in v]
    return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"


def _records_texts(cls: type, records, indent: str) -> list[str] | None:
    """The texts at `indent` of evidence records of class `cls` whose values are plain str and int
    (what a built graph holds), each attribute's values written together and filled into the
    class's template; None if some value is not.

    >>> _records_texts(MentionEvidence, [MentionEvidence(1, 3, "甲")], "") == [_dumps_indent1(MentionEvidence(1, 3, "甲"))]
    True
    >>> _records_texts(MentionEvidence, [MentionEvidence(1, 3.0, "甲")], "") is None
    True
    """
    if not cls.SORTED:
        return None
    columns = []
    for name, _ in cls.SORTED:
        values = list(map(attrgetter(name), records))
        kinds = set(map(type, values))
        if kinds == _STR_ONLY:
            columns.append(map(_encode_string, values))
        elif kinds == _INT_ONLY:
            columns.append(values)  # %s of an int is its repr
        else:
            return None
    return list(map(_record_layout_of(cls, indent)[2].__mod__, zip(*columns)))


def _record_text(v: _Record, indent: str) -> str:
    # its keys are known and sorted: its text is one template per depth, filled with its values
    values, template, _ = _record_layout_of(type(v), indent)
    inner = indent + " "
    return template.format(*[_encode_string(x) if type(x) is str else int.__repr__(x) if type(x) is int else _nested_text(x, inner)
                             for x in values(v)])


def _record_layout_of(cls: type, indent: str) -> tuple:
    """`_record_layout(cls, indent)`, made once."""
    layout = _RECORD_LAYOUTS.get((cls, indent))
    if layout is None:
        layout = _RECORD_LAYOUTS[cls, indent] = _record_layout(cls, indent)
    return layout


def _record_layout(cls: type, indent: str) -> tuple:
    """(a function giving the record's values in key order as a tuple, the str.format template
    of its text, the same template for the % operator).

    >>> values, template, percent = _record_layout(AuthorEvidence, "  ")
    >>> values(AuthorEvidence("记者")), template.format('"记者"') == _dumps_indent1({"role": "记者"}, "  ") == percent % '"记者"'
    (('记者',), True)
    """
    names = [name for name, _ in cls.SORTED]
    if not names:
        return (lambda v: ()), "{{}}", "{}"
    inner = indent + " "
    keys = [key.replace("{", "{{").replace("}", "}}") + "{}" for _, key in cls.SORTED]
    percent_keys = [key.replace("%", "%%") + "%s" for _, key in cls.SORTED]
    getter = attrgetter(*names)
    values = getter if len(names) > 1 else (lambda v: (getter(v),))
    return (values, "{{\n" + inner + (",\n" + inner).join(keys) + "\n" + indent + "}}",
            "{\n" + inner + (",\n" + inner).join(percent_keys) + "\n" + indent + "}")


def _nested_text(value, indent: str) -> str:
    chunks: list[str] = []
    _encode_into(value, indent, chunks.append)
    return "".join(chunks)


def _mapping_into(v: dict, indent: str, append) -> None:
    append(_mapping_text(v, indent))


def _mapping_text(v: dict, indent: str) -> str:
    if not v:
        return "{}"
    if not _STR_ONLY.issuperset(map(type, v)):  # keys json converts (or str subclasses): json writes it
        raise _NotPlain
    pick, order, template = _link_layouts((), indent).get(tuple(v)) or _link_layout(tuple(v), (), indent)
    inner = indent + " "
    enc = _encode_string
    return template % tuple([enc(x) if type(x) is str else int.__repr__(x) if type(x) is int
                             else _sequence_text(x, inner) if type(x) is list else _nested_text(x, inner)
                             for x in order(pick(v))])


def _tuple_getter(items: list) -> Callable:
    """`itemgetter(*items)`, but always giving a tuple (of one item, or none).

    >>> _tuple_getter([2, 0])("abc"), _tuple_getter(["k"])({"k": 1}), _tuple_getter([])({})
    (('c', 'a'), (1,), ())
    """
    if len(items) == 1:
        item = items[0]
        return lambda x: (x[item],)
    return itemgetter(*items) if items else (lambda x: ())


_RECORDS = frozenset({MentionEvidence, AuthorEvidence, RelationEvidence})
_RECORD_LAYOUTS: dict[tuple[type, str], tuple] = {}  # (record class, indent) -> `_record_layout`: a few
_LINK_LAYOUTS: dict[tuple[tuple, str], dict] = {}  # (names, indent) -> `_link_layouts`
_MAX_LINK_LAYOUTS = 10_000  # tuples of keys, per names and indent
_STR_ONLY = frozenset({str})
_INT_ONLY = frozenset({int})
_COLUMN_KINDS = frozenset({str, int, list, *_RECORDS})  # what `_column_texts` writes together


class _NotPlain(Exception):
    """A value `_dumps_indent1` leaves to json.dumps."""


def from_json(text: str) -> nx.MultiDiGraph:
    """Inverse of `to_json`."""
    return nx.node_link_graph(json.loads(text), directed=True, multigraph=True, edges="edges")
