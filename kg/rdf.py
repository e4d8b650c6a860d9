"""The graph as RDF following the ontology in ontology/ and the export contract.

Provenance: every piece of evidence for a relation edge becomes one `ukg:Assertion`
(an `rdf:Statement`): `rdf:subject`/`rdf:predicate`/`rdf:object` the relation,
`prov:wasDerivedFrom` the article, `ukg:evidence` the sentence and `ukg:start`/`ukg:end`
its offsets in the article text. A post (holdsPost) is `?person org:memberOf ?org`
plus an `org:Membership` with its `org:role`, derived (`prov:wasDerivedFrom`) from the
assertions of `?person org:memberOf ?org`. Programme themes and target groups are SKOS
concepts; the theme scheme of ontology/themes.ttl is copied into every export.

Besides Turtle, the same triples go out as sorted N-Triples and JSON-LD, and the
networkx graph as GraphML (lists and dicts as JSON strings, read back by `from_graphml`).
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .graph import AUTHOR, MENTIONS
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
# JSON-LD context: the prefixes, so IRIs read as ukg:Union, schema:mentions ...
JSONLD_CONTEXT = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


@lru_cache(maxsize=1)
def theme_scheme() -> Graph:
    """The SKOS theme scheme of ontology/themes.ttl (parsed once).

    >>> sorted(str(n) for n in theme_scheme().objects(None, SKOS.notation))[:2]
    ['cadre-development', 'childcare']
    """
    return Graph().parse(ONTOLOGY_DIR / "themes.ttl", format="turtle")


def theme_notations() -> set[str]:
    """The 15 theme notations of the annotation guideline.

    >>> "matchmaking" in theme_notations(), len(theme_notations())
    (True, 15)
    """
    return {str(n) for n in theme_scheme().objects(None, SKOS.notation)}


def node_iri(g: nx.MultiDiGraph, node: str) -> URIRef:
    """IRI of an entity or article node of `g`."""
    d = g.nodes[node]
    if d["kind"] == "article":
        return article_iri(node)
    return entity_iri(d["type"], d["label"])


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """Convert the networkx graph to an rdflib Graph.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Programme/新音台", kind="entity", type="Programme", label="新音台", themes=["cadre-development"])
    >>> rdf = to_rdf(g)
    >>> rdf.value(entity_iri("Programme", "新音台"), UKG.theme) == theme_iri("cadre-development")
    True
    """
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    out += theme_scheme()
    for node, d in g.nodes(data=True):
        s = node_iri(g, node)
        if d["kind"] == "article":
            out.add((s, RDF.type, UKG.Article))
            out.add((s, RDF.type, SCHEMA.NewsArticle))
            out.add((s, SCHEMA.headline, Literal(d["headline"], lang=ZH)))
            out.add((s, DCTERMS.source, Literal(d["source"])))
            continue
        out.add((s, RDF.type, UKG[d["type"]]))
        out.add((s, RDFS.label, Literal(d["label"], lang=ZH)))
        for alias in d.get("aliases", []):
            out.add((s, SKOS.altLabel, Literal(alias, lang=ZH)))
        _add_concepts(out, s, node, d)
    for u, v, key, d in g.edges(keys=True, data=True):
        s, o = node_iri(g, u), node_iri(g, v)
        if key == MENTIONS:
            out.add((s, SCHEMA.mentions, o))
        elif key == AUTHOR:
            out.add((s, SCHEMA.author, o))
        elif key == "reportedBy":
            continue  # the byline: already schema:author from the article
        elif key == HOLDS_POST:
            out.add((s, ORG.memberOf, o))
            assertions = [_add_assertion(out, s, ORG.memberOf, o, ev) for ev in d.get("evidence", [])]
            _add_memberships(out, s, o, d.get("roles") or [], assertions)
        else:
            out.add((s, UKG[key], o))
            for ev in d.get("evidence", []):
                _add_assertion(out, s, UKG[key], o, ev)
    return out


def _as_list(value) -> list[str]:
    """Node attributes hold lists; GraphML and hand-made graphs may hold "a,b" strings."""
    if isinstance(value, str):
        return [x.strip() for x in value.split(",") if x.strip()]
    return list(value or [])


def _add_concepts(out: Graph, s: URIRef, node: str, d: dict) -> None:
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


def _add_memberships(out: Graph, person: URIRef, org: URIRef, roles: list[str], assertions: list[URIRef]) -> None:
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


def _add_assertion(out: Graph, s: URIRef, p: URIRef, o: URIRef, ev: dict) -> URIRef:
    st = hashed_iri("statement", str(s), str(p), str(o), ev["article"], str(ev["start"]))
    out.add((st, RDF.type, RDF.Statement))
    out.add((st, RDF.type, UKG.Assertion))
    out.add((st, RDF.subject, s))
    out.add((st, RDF.predicate, p))
    out.add((st, RDF.object, o))
    out.add((st, PROV.wasDerivedFrom, article_iri(ev["article"])))
    out.add((st, UKG.evidence, Literal(ev["sentence"], lang=ZH)))
    out.add((st, UKG.start, Literal(ev["start"], datatype=XSD.integer)))
    out.add((st, UKG.end, Literal(ev["end"], datatype=XSD.integer)))
    return st


# ---------------------------------------------------------------- serialisations


def to_turtle(rdf: Graph) -> str:
    """Turtle, subjects sorted (rdflib's serialiser sorts them)."""
    return rdf.serialize(format="turtle")


def to_ntriples(rdf: Graph) -> str:
    """N-Triples, one triple a line, lines sorted for byte-identical output.

    >>> rdf = Graph().parse(data='<urn:b> <urn:p> "乙"@zh . <urn:a> <urn:p> "甲"@zh .', format="turtle")
    >>> print(to_ntriples(rdf), end="")
    <urn:a> <urn:p> "甲"@zh .
    <urn:b> <urn:p> "乙"@zh .
    """
    lines = rdf.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


def to_jsonld(rdf: Graph) -> str:
    """Compact JSON-LD with the prefixes as `@context`; nodes and values sorted.

    >>> rdf = Graph().parse(data='<urn:a> a <https://w3id.org/union-kg/ontology#Union> .', format="turtle")
    >>> json.loads(to_jsonld(rdf))["@graph"][0]["@type"]
    'ukg:Union'
    """
    data = json.loads(rdf.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=False))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = sorted((_sorted_json(n) for n in nodes), key=lambda n: n.get("@id", ""))
    return json.dumps({"@context": JSONLD_CONTEXT, "@graph": nodes}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _sorted_json(value):
    # JSON-LD property values are sets (no @list is written), so sorting them keeps the triples
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML of the networkx graph: nodes and edges sorted, list and dict attributes as JSON.

    Entity `type` and `label` stay plain attributes for Gephi or yEd; the names of the
    JSON-encoded attributes are listed in the graph attributes `json_node_attrs`/`json_edge_attrs`.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Union/甲工会", kind="entity", type="Union", label="甲工会", aliases=["甲总"])
    >>> nx.utils.graphs_equal(from_graphml(to_graphml(g)), g)
    True
    """
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


def write_rdf(g: nx.MultiDiGraph, out: Path) -> int:
    """Write graph.ttl, graph.nt, graph.jsonld and graph.graphml into `out`; returns the triple count."""
    rdf = to_rdf(g)
    out = Path(out)
    (out / "graph.ttl").write_text(to_turtle(rdf), encoding="utf-8")
    (out / "graph.nt").write_text(to_ntriples(rdf), encoding="utf-8")
    (out / "graph.jsonld").write_text(to_jsonld(rdf), encoding="utf-8")
    (out / "graph.graphml").write_text(to_graphml(g), encoding="utf-8")
    return len(rdf)


def write_turtle(g: nx.MultiDiGraph, path: Path) -> int:
    """Write `g` as Turtle to `path`; returns the number of triples."""
    rdf = to_rdf(g)
    Path(path).write_text(to_turtle(rdf), encoding="utf-8")
    return len(rdf)
