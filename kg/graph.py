"""The knowledge graph as a networkx MultiDiGraph: the hub every consumer reads.

Nodes are entity keys ("Union/双鸭山市总工会") with `kind="entity"`, and article
ids ("000_0ec4487dac34524e#2") with `kind="article"`. Edges carry the predicate as
their key: the guideline's predicates between entities, plus `mentions` and
`author` from an article to an entity.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from operator import attrgetter
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
        yield from _list_chunks(({**d, "source": u, "target": v, "key": k} for u, v, k, d in sorted_edges(g)), "  ")
        yield ',\n "graph": ' + _dumps_indent1(g.graph, " ")
        yield ',\n "multigraph": true,\n "nodes": '
        nodes = g.nodes
        yield from _list_chunks(({**nodes[n], "id": n} for n in sorted(nodes)), "  ")
        yield "\n}"


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


def _list_chunks(items: Iterable, indent: str, batch: int = 1000) -> Iterator[str]:
    """A JSON list whose items sit at `indent` (one space deeper than the list), `batch` items a piece.

    >>> "".join(_list_chunks([{"a": 1}, [2]], "  ", batch=1)) == json.dumps([{"a": 1}, [2]], indent=1).replace("\\n", "\\n ")
    True
    """
    sep = ",\n" + indent
    started = False
    pending: list[str] = []
    for item in items:
        pending.append(_dumps_indent1(item, indent))
        if len(pending) == batch:
            yield (sep if started else "[\n" + indent) + sep.join(pending)
            started, pending = True, []
    if pending:
        yield (sep if started else "[\n" + indent) + sep.join(pending)
        started = True
    yield "\n" + indent[:-1] + "]" if started else "[]"


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
    chunks: list[str] = []
    try:
        if type(value) is dict:  # every node and edge: its text made directly
            return _mapping_text(value, indent)
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


def _sequence_text(v, indent: str) -> str:
    if not v:
        return "[]"
    inner = indent + " "
    if type(v[0]) is str and all(type(x) is str for x in v):  # aliases, tokens
        items = map(_encode_string, v)
    else:  # evidence lists: each record's text in one call
        items = [_record_text(x, inner) if type(x) in _RECORDS else _nested_text(x, inner) for x in v]
    return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"


def _record_text(v: _Record, indent: str) -> str:
    # its keys are known and sorted: its text is one template per depth, filled with its values
    layout = _RECORD_LAYOUTS.get((type(v), indent))
    if layout is None:
        layout = _RECORD_LAYOUTS[type(v), indent] = _record_layout(type(v), indent)
    values, template = layout
    inner = indent + " "
    return template.format(*[_encode_string(x) if type(x) is str else int.__repr__(x) if type(x) is int else _nested_text(x, inner)
                             for x in values(v)])


def _record_layout(cls: type, indent: str) -> tuple:
    """(a function giving the record's values in key order as a tuple, the str.format template of its text).

    >>> values, template = _record_layout(AuthorEvidence, "  ")
    >>> values(AuthorEvidence("记者")), template.format('"记者"') == _dumps_indent1({"role": "记者"}, "  ")
    (('记者',), True)
    """
    names = [name for name, _ in cls.SORTED]
    if not names:
        return (lambda v: ()), "{{}}"
    inner = indent + " "
    keys = [key.replace("{", "{{").replace("}", "}}") + "{}" for _, key in cls.SORTED]
    getter = attrgetter(*names)
    values = getter if len(names) > 1 else (lambda v: (getter(v),))
    return values, "{{\n" + inner + (",\n" + inner).join(keys) + "\n" + indent + "}}"


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
    inner = indent + " "
    enc = _encode_string
    # each member's text in the comprehension, scalars and lists (evidence) written in place:
    # no call, no append per member
    members = [enc(k) + ": " + (enc(x) if type(x) is str else int.__repr__(x) if type(x) is int
                                else _sequence_text(x, inner) if type(x) is list else _nested_text(x, inner))
               for k, x in sorted(v.items())]
    return "{\n" + inner + (",\n" + inner).join(members) + "\n" + indent + "}"


_RECORDS = frozenset({MentionEvidence, AuthorEvidence, RelationEvidence})
_RECORD_LAYOUTS: dict[tuple[type, str], tuple] = {}  # (record class, indent) -> `_record_layout`: a few
_STR_ONLY = frozenset({str})


class _NotPlain(Exception):
    """A value `_dumps_indent1` leaves to json.dumps."""


def from_json(text: str) -> nx.MultiDiGraph:
    """Inverse of `to_json`."""
    return nx.node_link_graph(json.loads(text), directed=True, multigraph=True, edges="edges")
