"""The graph as RDF following the ontology in ontology/ and the export contract.

Provenance: every piece of evidence for a relation edge becomes one `ukg:Assertion`
(an `rdf:Statement`): `rdf:subject`/`rdf:predicate`/`rdf:object` the relation,
`prov:wasDerivedFrom` the article, `ukg:evidence` the sentence and `ukg:start`/`ukg:end`
its offsets in the article text. A post (holdsPost) is `?person org:memberOf ?org`
plus an `org:Membership` with its `org:role`, derived (`prov:wasDerivedFrom`) from the
assertions of `?person org:memberOf ?org`. Programme themes and target groups are SKOS
concepts; the theme scheme of ontology/themes.ttl is copied into every export.

Related programmes (`kg.related.related_edges`, top 3 of each programme) go out as
`?p ukg:relatedTo ?q` and a qualified node `?p ukg:relatedness ?r . ?r a ukg:Relatedness ;
ukg:relatedProgramme ?q ; ukg:score 1.8 ; ukg:rank 1 ; ukg:reason "shared theme: …"`.

Turtle, N-Triples and JSON-LD are written by this module's own writers, from a plain
set of triples (`to_triples`), sorted, so the bytes depend only on the triples; `to_rdf`
gives the same triples as an rdflib Graph. The networkx graph goes out as GraphML (lists
and dicts as JSON strings, read back by `from_graphml`) up to `GRAPHML_MAX_EDGES` edges.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .graph import AUTHOR, MENTIONS, no_gc
from .vocab import (
    ONTOLOGY_DIR,
    ORG,
    PREFIXES,
    SCHEMA,
    TARGET_SCHEME,
    UKG,
    article_iri,
    entity_iri,
    hashed_iri,
    target_iri,
    theme_iri,
)

ZH = "zh"
HOLDS_POST = "holdsPost"
RELATED_TOP = 3  # related programmes exported per programme
Triple = tuple[URIRef, URIRef, URIRef | Literal]
RelatedEdge = tuple[str, str, float, tuple]  # kg.related.related_edges: (programme, other, score, reasons)
# JSON-LD context: the prefixes, so IRIs read as ukg:Union, schema:mentions ...
JSONLD_CONTEXT = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


@lru_cache(maxsize=1)
def theme_scheme() -> Graph:
    """The SKOS theme scheme of ontology/themes.ttl (parsed once).

    >>> sorted(str(n) for n in theme_scheme().objects(None, SKOS.notation))[:2]
    ['cadre-development', 'childcare']
    """
    return Graph().parse(ONTOLOGY_DIR / "themes.ttl", format="turtle")


@lru_cache(maxsize=1)
def theme_notations() -> frozenset[str]:
    """The 15 theme notations of the annotation guideline.

    >>> "matchmaking" in theme_notations(), len(theme_notations())
    (True, 15)
    """
    return frozenset(str(n) for n in theme_scheme().objects(None, SKOS.notation))


def node_iri(g: nx.MultiDiGraph, node: str) -> URIRef:
    """IRI of an entity or article node of `g`."""
    d = g.nodes[node]
    if d["kind"] == "article":
        return article_iri(node)
    return entity_iri(d["type"], d["label"])


def to_rdf(g: nx.MultiDiGraph, related: Iterable[RelatedEdge] | None = None) -> Graph:
    """Convert the networkx graph to an rdflib Graph (the triples of `to_triples`).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Programme/新音台", kind="entity", type="Programme", label="新音台", themes=["cadre-development"])
    >>> rdf = to_rdf(g)
    >>> rdf.value(entity_iri("Programme", "新音台"), UKG.theme) == theme_iri("cadre-development")
    True
    """
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    out.addN((s, p, o, out) for s, p, o in to_triples(g, related))
    return out


def to_triples(g: nx.MultiDiGraph, related: Iterable[RelatedEdge] | None = None) -> set[Triple]:
    """The export's triples as a set of rdflib terms, without building an rdflib Graph.

    `related` is the output of `kg.related.related_edges` (computed here, top 3, when None;
    pass `()` to leave related programmes out).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Place/甲市", kind="entity", type="Place", label="甲市")
    >>> (entity_iri("Place", "甲市"), RDFS.label, Literal("甲市", lang="zh")) in to_triples(g)
    True
    """
    out: set[Triple] = set(theme_scheme())
    add = out.add
    iris = {node: node_iri(g, node) for node in g.nodes}
    for node, d in g.nodes(data=True):
        s = iris[node]
        if d["kind"] == "article":
            add((s, RDF.type, UKG.Article))
            add((s, RDF.type, SCHEMA.NewsArticle))
            add((s, SCHEMA.headline, Literal(d["headline"], lang=ZH)))
            add((s, DCTERMS.source, Literal(d["source"])))
            continue
        add((s, RDF.type, UKG[d["type"]]))
        add((s, RDFS.label, Literal(d["label"], lang=ZH)))
        for alias in d.get("aliases", []):
            add((s, SKOS.altLabel, Literal(alias, lang=ZH)))
        _add_concepts(out, s, node, d)
    for u, v, key, d in g.edges(keys=True, data=True):
        s, o = iris[u], iris[v]
        if key == MENTIONS:
            add((s, SCHEMA.mentions, o))
        elif key == AUTHOR:
            add((s, SCHEMA.author, o))
        elif key == "reportedBy":
            continue  # the byline: already schema:author from the article
        elif key == HOLDS_POST:
            add((s, ORG.memberOf, o))
            assertions = [_add_assertion(out, s, ORG.memberOf, o, ev) for ev in d.get("evidence", [])]
            _add_memberships(out, s, o, d.get("roles") or [], assertions)
        else:
            add((s, UKG[key], o))
            for ev in d.get("evidence", []):
                _add_assertion(out, s, UKG[key], o, ev)
    if related is None:
        from .related import related_edges

        related = related_edges(g, top=RELATED_TOP)
    _add_related(out, iris, related)
    return out


def _add_related(out: set[Triple], iris: dict[str, URIRef], edges: Iterable[RelatedEdge]) -> None:
    """`?p ukg:relatedTo ?q` and a qualified `ukg:Relatedness` node per (p, q), ranked within p."""
    rank: dict[str, int] = {}
    for p, q, score, reasons in edges:
        rank[p] = rank.get(p, 0) + 1
        s, o = iris[p], iris[q]
        n = hashed_iri("relatedness", str(s), str(o))
        out.add((s, UKG.relatedTo, o))
        out.add((s, UKG.relatedness, n))
        out.add((n, RDF.type, UKG.Relatedness))
        out.add((n, UKG.relatedProgramme, o))
        out.add((n, UKG.rank, Literal(str(rank[p]), datatype=XSD.integer)))
        out.add((n, UKG.score, Literal(format(Decimal(repr(float(score))), "f"), datatype=XSD.decimal)))
        for reason in reasons:
            out.add((n, UKG.reason, Literal(str(reason))))


def _as_list(value) -> list[str]:
    """Node attributes hold lists; GraphML and hand-made graphs may hold "a,b" strings."""
    if isinstance(value, str):
        return [x.strip() for x in value.split(",") if x.strip()]
    return list(value or [])


def _add_concepts(out: set[Triple], s: URIRef, node: str, d: dict) -> None:
    known = theme_notations()
    for notation in _as_list(d.get("themes")):
        if notation not in known:
            raise ValueError(f"node {node!r}: unknown theme {notation!r}, expected one of {sorted(known)}")
        out.add((s, UKG.theme, theme_iri(notation)))
    for target in _as_list(d.get("targets")):
        c = target_iri(target)
        out.add((s, UKG.targets, c))
        out.add((c, RDF.type, SKOS.Concept))
        out.add((c, SKOS.prefLabel, Literal(target, lang=ZH)))
        out.add((c, SKOS.inScheme, TARGET_SCHEME))


def _add_memberships(out: set[Triple], person: URIRef, org: URIRef, roles: list[str], assertions: list[URIRef]) -> None:
    # graph.py keeps roles and evidence per edge, not per role: each post cites every assertion of the edge
    for role in roles or [None]:
        m = hashed_iri("membership", str(person), str(org), role or "")
        out.add((m, RDF.type, ORG.Membership))
        out.add((m, ORG.member, person))
        out.add((m, ORG.organization, org))
        if role:
            r = hashed_iri("role", role)
            out.add((r, RDF.type, ORG.Role))
            out.add((r, RDFS.label, Literal(role, lang=ZH)))
        else:
            r = UKG.unspecifiedRole
            out.add((r, RDF.type, ORG.Role))
            out.add((r, RDFS.label, Literal("职务未注明", lang=ZH)))
        out.add((m, ORG.role, r))
        for a in assertions:
            out.add((m, PROV.wasDerivedFrom, a))


# the terms of every assertion, looked up once (namespace attribute access is Python code)
_A_TYPE, _A_STATEMENT, _A_ASSERTION = RDF.type, RDF.Statement, UKG.Assertion
_A_SUBJECT, _A_PREDICATE, _A_OBJECT = RDF.subject, RDF.predicate, RDF.object
_A_DERIVED, _A_EVIDENCE, _A_START, _A_END = PROV.wasDerivedFrom, UKG.evidence, UKG.start, UKG.end
_INT_LITERALS: dict[int, Literal] = {}  # offsets recur across assertions: one Literal each


def _int_literal(value) -> Literal:
    if type(value) is not int:
        return Literal(value, datatype=XSD.integer)
    lit = _INT_LITERALS.get(value)
    if lit is None:
        if len(_INT_LITERALS) > 1_000_000:
            _INT_LITERALS.clear()
        lit = _INT_LITERALS[value] = Literal(value, datatype=XSD.integer)
    return lit


def _add_assertion(out: set[Triple], s: URIRef, p: URIRef, o: URIRef, ev: dict) -> URIRef:
    st = hashed_iri("statement", str(s), str(p), str(o), ev["article"], str(ev["start"]))
    add = out.add
    add((st, _A_TYPE, _A_STATEMENT))
    add((st, _A_TYPE, _A_ASSERTION))
    add((st, _A_SUBJECT, s))
    add((st, _A_PREDICATE, p))
    add((st, _A_OBJECT, o))
    add((st, _A_DERIVED, article_iri(ev["article"])))
    add((st, _A_EVIDENCE, Literal(ev["sentence"], lang=ZH)))
    add((st, _A_START, _int_literal(ev["start"])))
    add((st, _A_END, _int_literal(ev["end"])))
    return st


# ---------------------------------------------------------------- serialisations


def to_turtle(triples: Iterable[Triple]) -> str:
    r"""Turtle: the prefixes, then subjects sorted, `a` first then predicates sorted, objects sorted.

    Our own writer (rdflib's took 19 s on half a million triples): byte-identical for
    the same triples, whatever their order, hash seed or process. Blank nodes are refused,
    since their labels would not be stable.

    >>> rdf = Graph().parse(data='<urn:b> <urn:p> "乙"@zh . <urn:a> a <https://w3id.org/union-kg/ontology#Union> ; <urn:p> 2, "x\\ny" .', format="turtle")
    >>> print(to_turtle(rdf).split("\n\n", 1)[1], end="")
    <urn:a> a ukg:Union ;
        <urn:p> "x\ny",
            2 .
    <BLANKLINE>
    <urn:b> <urn:p> "乙"@zh .
    """
    return _turtle_and_ntriples(triples, ntriples=False)[0]


def _turtle_and_ntriples(triples: Iterable[Triple], ntriples: bool = True) -> tuple[str, str | None]:
    """`to_turtle` and, with `ntriples`, `to_ntriples` of the same triples: the N-Triples
    lines are made from the Turtle rows, each term written and looked up once."""
    writer = _TermWriter(turtle=True)
    rdf_type = writer.term(RDF.type)
    nt_text = None
    with no_gc():
        columns = _columns(triples)
        subjects, predicates, objects = (writer.texts(column) for column in columns)
        # (subject, not rdf:type, predicate, object) as text: one sort gives the whole layout
        rows = sorted(set(zip(subjects, map(rdf_type.__ne__, predicates), predicates, objects)))
        del subjects, predicates, objects
        if ntriples:
            nt_text = _ntriples_from_rows(rows, columns, writer)
        del columns
    out = [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items())]
    last_s = last_p = None
    for s, not_type, p, o in rows:
        if s != last_s:
            out.append(" .\n\n" if last_s is not None else "\n")
            out.append(f"{s} {p if not_type else 'a'} {o}")
            last_s, last_p = s, p
        elif p != last_p:
            out.append(f" ;\n    {p if not_type else 'a'} {o}")
            last_p = p
        else:
            out.append(f",\n        {o}")
    out.append(" .\n" if rows else "")
    return "".join(out), nt_text


def _ntriples_from_rows(rows: list, columns: tuple, turtle: _TermWriter) -> str:
    """N-Triples from the Turtle rows through a map Turtle text -> N-Triples text of each term
    (one term a text both ways; on any doubt, written from the triples as `to_ntriples` does)."""
    writer = _TermWriter(turtle=False)
    nt: dict[str, str] = {}
    for column in columns:
        for t in set(column):
            text = writer.term(t)
            if nt.setdefault(turtle.term(t), text) != text:
                return to_ntriples(list(zip(*columns)))
    if len(set(nt.values())) != len(nt):
        return to_ntriples(list(zip(*columns)))
    if not rows:
        return ""
    s, _, p, o = zip(*rows)
    get = nt.__getitem__
    return "".join(sorted(set(map("{} {} {} .\n".format, map(get, s), map(get, p), map(get, o)))))


def to_ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples, one triple a line, lines sorted for byte-identical output.

    >>> rdf = Graph().parse(data='<urn:b> <urn:p> "乙"@zh . <urn:a> <urn:p> "甲"@zh .', format="turtle")
    >>> print(to_ntriples(rdf), end="")
    <urn:a> <urn:p> "甲"@zh .
    <urn:b> <urn:p> "乙"@zh .
    """
    writer = _TermWriter(turtle=False)
    with no_gc():
        subjects, predicates, objects = (writer.texts(column) for column in _columns(triples))
        return "".join(sorted(set(map("{} {} {} .\n".format, subjects, predicates, objects))))


def _columns(triples: Iterable[Triple]) -> tuple[tuple, tuple, tuple]:
    """Subjects, predicates and objects as three columns (zip in C: no per-triple Python code)."""
    columns = tuple(zip(*triples))
    return columns if columns else ((), (), ())


def to_jsonld(triples: Iterable[Triple]) -> str:
    """Compact JSON-LD with the prefixes as `@context`; nodes, keys and values sorted.

    >>> rdf = Graph().parse(data='<urn:a> a <https://w3id.org/union-kg/ontology#Union> .', format="turtle")
    >>> json.loads(to_jsonld(rdf))["@graph"][0]["@type"]
    'ukg:Union'
    """
    with no_gc():  # a dict and lists per node: collections would rescan them all
        return _to_jsonld(triples)


def _to_jsonld(triples: Iterable[Triple]) -> str:
    writer = _TermWriter(turtle=False)
    keys = {RDF.type: "@type"}
    values: dict = {}
    nodes: dict[str, dict] = {}
    by_subject: dict = {}  # subject term -> its node: the IRI checked and written once per subject
    for s, p, o in triples:
        node = by_subject.get(s)
        if node is None:
            node = by_subject[s] = nodes.setdefault(writer.iri_value(s), {})
        key = keys.get(p) or keys.setdefault(p, writer.compact(p))
        if key == "@type" and isinstance(o, URIRef):
            value = writer.compact(o)
        else:
            key = "rdf:type" if key == "@type" else key
            value = values.get(o) or values.setdefault(o, writer.jsonld_value(o))
        node.setdefault(key, []).append(value)
    lines = []
    for iri in sorted(nodes):
        node = {"@id": iri}
        for key, values in nodes[iri].items():
            node[key] = values[0] if len(values) == 1 else sorted(values, key=_jsonld_order)
        lines.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    # one node a line: json's C encoder (indent= falls back to pure Python) and readable diffs
    context = json.dumps(JSONLD_CONTEXT, ensure_ascii=False, sort_keys=True)
    return '{"@context": ' + context + ', "@graph": [\n' + ",\n".join(lines) + "\n]}\n"


def _jsonld_order(value) -> tuple:
    if isinstance(value, str):
        return ("", value, "")
    if "@id" in value:
        return ("@id", value["@id"], "")
    return (value.get("@language", "") or value["@type"], value["@value"], value.get("@language", ""))


# the characters IRIREF forbids (Turtle, N-Triples): they are never escaped, an IRI holding one is refused
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# ECHAR where there is one, else UCHAR: controls, and line and paragraph separators, which
# line-oriented readers (str.splitlines) would take for line ends
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
# a conservative PN_LOCAL: ASCII names, hyphens and CJK, no dots or escapes; others stay <IRI>
_LOCAL = re.compile(r"[A-Za-z_\u3001-\ud7ff][A-Za-z0-9_\-\u3001-\ud7ff]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


class _TermWriter:
    """Terms as Turtle or N-Triples text, memoised: entities and predicates recur thousands of times."""

    def __init__(self, turtle: bool):
        self.turtle = turtle
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
        self.cache: dict = {}

    def term(self, t) -> str:
        try:
            return self.cache[t]
        except KeyError:
            text = self.cache[t] = self._term(t)
            return text

    def texts(self, column: Iterable) -> list[str]:
        """`term` of every item of `column`: each distinct term written once, then looked up in C."""
        cache = self.cache
        for t in set(column).difference(cache):
            if t not in cache:  # a literal's datatype may have been written meanwhile
                cache[t] = self._term(t)
        return list(map(cache.__getitem__, column))

    def _term(self, t) -> str:
        if isinstance(t, URIRef):
            return self.compact(t, brackets=True) if self.turtle else self.iri(t)
        if isinstance(t, Literal):
            lexical, dt = str(t), t.datatype
            bare = (dt == XSD.integer and _INTEGER.fullmatch(lexical)) or (dt == XSD.decimal and _DECIMAL.fullmatch(lexical))
            if self.turtle and dt is not None and bare:
                return lexical
            quoted = f'"{_escape(lexical)}"'
            if t.language:
                return f"{quoted}@{t.language}"
            if dt is not None and dt != XSD.string:
                return f"{quoted}^^{self.term(dt)}"
            return quoted
        raise ValueError(f"cannot write {t!r}: only IRIs and literals are exported (blank node labels are not stable)")

    def iri(self, t: URIRef) -> str:
        if _BAD_IRI.search(t):
            raise ValueError(f"not a valid IRI (a space or one of <>\"{{}}|^`\\): {str(t)!r}; mint IRIs with kg.vocab")
        return f"<{t}>"

    def iri_value(self, t) -> str:
        if not isinstance(t, URIRef):
            raise ValueError(f"cannot write {t!r}: only IRIs are exported as nodes")  # noqa: TRY004 - a graph we cannot export
        self.iri(t)
        return str(t)

    def compact(self, t: URIRef, brackets: bool = False) -> str:
        """prefix:local when a namespace of PREFIXES covers `t` with a plain local name."""
        for ns, prefix in self.namespaces:
            if t.startswith(ns) and _LOCAL.fullmatch(t, len(ns)):
                return f"{prefix}:{t[len(ns):]}"
        return self.iri(t) if brackets else self.iri_value(t)

    def jsonld_value(self, t) -> dict | str:
        if isinstance(t, URIRef):
            return {"@id": self.iri_value(t)}
        if not isinstance(t, Literal):
            raise ValueError(f"cannot write {t!r}: only IRIs and literals are exported")  # noqa: TRY004 - a graph we cannot export
        if t.language:
            return {"@language": t.language, "@value": str(t)}
        if t.datatype is not None and t.datatype != XSD.string:
            return {"@type": self.compact(t.datatype), "@value": str(t)}
        return str(t)


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML of the networkx graph: nodes and edges sorted, list and dict attributes as JSON.

    Entity `type` and `label` stay plain attributes for Gephi or yEd; the names of the
    JSON-encoded attributes are listed in the graph attributes `json_node_attrs`/`json_edge_attrs`.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Union/甲工会", kind="entity", type="Union", label="甲工会", aliases=["甲总"])
    >>> nx.utils.graphs_equal(from_graphml(to_graphml(g)), g)
    True
    """
    with no_gc():  # an Element per node, edge and attribute
        return _to_graphml(g)


def _to_graphml(g: nx.MultiDiGraph) -> str:
    node_json = sorted({k for _, d in g.nodes(data=True) for k, v in d.items() if isinstance(v, (list, dict))})
    edge_json = sorted({k for *_, d in g.edges(keys=True, data=True) for k, v in d.items() if isinstance(v, (list, dict))})
    h = nx.MultiDiGraph(json_node_attrs=",".join(node_json), json_edge_attrs=",".join(edge_json))
    for n in sorted(g.nodes):
        h.add_node(n, **_encode(g.nodes[n], node_json))
    for u, v, k in sorted(g.edges(keys=True)):
        h.add_edge(u, v, key=k, **_encode(g.edges[u, v, k], edge_json))
    buf = io.BytesIO()
    nx.write_graphml(h, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def _encode(d: dict, json_keys: list[str]) -> dict:
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if k in json_keys else v for k, v in sorted(d.items())}


def from_graphml(text: str) -> nx.MultiDiGraph:
    """Inverse of `to_graphml`."""
    h = nx.parse_graphml(text, force_multigraph=True)
    node_json = [k for k in h.graph.pop("json_node_attrs", "").split(",") if k]
    edge_json = [k for k in h.graph.pop("json_edge_attrs", "").split(",") if k]
    g = nx.MultiDiGraph()
    for n, d in h.nodes(data=True):
        g.add_node(n, **{k: json.loads(v) if k in node_json else v for k, v in d.items()})
    for u, v, k, d in h.edges(keys=True, data=True):
        d = {a: json.loads(x) if a in edge_json else x for a, x in d.items() if a != "id"}
        g.add_edge(u, v, key=k, **d)
    return g


def validate(path: Path, shapes: Path | None = None) -> tuple[bool, str]:
    """SHACL-check a Turtle export against ontology/shapes.ttl: (conforms, report text).

    Warnings (a relation between unexpected types) are reported but do not fail.
    """
    try:
        import pyshacl
    except ImportError as e:  # a test dependency, optional at run time
        raise ImportError("SHACL validation needs pyshacl: pip install pyshacl (or pip install -e '.[test]')") from e
    data = Graph().parse(path, format="turtle")
    shapes_graph = Graph().parse(shapes or ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes_graph, allow_warnings=True)
    return bool(conforms), report


EXPORTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml")
# GraphML goes through networkx's writer (3.4 s for 77k edges): above this many edges it is skipped
GRAPHML_MAX_EDGES = 100_000


def write_rdf(g: nx.MultiDiGraph, out: Path, *, timings: dict | None = None) -> int:
    """Write graph.ttl, graph.nt, graph.jsonld and graph.graphml into `out`; returns the triple count.

    graph.graphml is left out for graphs of more than `GRAPHML_MAX_EDGES` edges (and any
    stale one removed). `timings`, when given, receives the seconds of each step.
    """
    import time

    timings = {} if timings is None else timings
    out = Path(out)
    t = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[step] = now - t
        t = now

    from .related import related_edges

    with no_gc():  # millions of small tuples, none cyclic: collections only rescan them (half the time at 100x)
        return _write_rdf(g, out, related_edges, lap)


def _write_rdf(g: nx.MultiDiGraph, out: Path, related_edges, lap) -> int:
    related = related_edges(g, top=RELATED_TOP)
    lap("related")
    triples = to_triples(g, related)
    lap("triples")
    turtle, ntriples = _turtle_and_ntriples(triples)
    (out / "graph.ttl").write_text(turtle, encoding="utf-8")
    del turtle
    lap("turtle")
    (out / "graph.nt").write_text(ntriples, encoding="utf-8")
    del ntriples
    lap("ntriples")
    (out / "graph.jsonld").write_text(to_jsonld(triples), encoding="utf-8")
    lap("jsonld")
    if g.number_of_edges() <= GRAPHML_MAX_EDGES:
        (out / "graph.graphml").write_text(to_graphml(g), encoding="utf-8")
    else:
        (out / "graph.graphml").unlink(missing_ok=True)
    lap("graphml")
    return len(triples)


def write_turtle(g: nx.MultiDiGraph, path: Path) -> int:
    """Write `g` as Turtle to `path`; returns the number of triples."""
    with no_gc():
        triples = to_triples(g)
        Path(path).write_text(to_turtle(triples), encoding="utf-8")
    return len(triples)
