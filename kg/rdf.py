"""The graph as RDF following the ontology in ontology/ and the export contract.

Provenance: every relation edge becomes a reified `rdf:Statement` (typed
`ukg:Assertion`) per piece of evidence, with `prov:wasDerivedFrom` the article,
`ukg:evidence` the sentence and `ukg:start`/`ukg:end` its offsets in the article text.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .graph import AUTHOR, MENTIONS
from .vocab import ORG, PREFIXES, SCHEMA, UKG, article_iri, entity_iri, hashed_iri

ZH = "zh"


def node_iri(g: nx.MultiDiGraph, node: str) -> URIRef:
    """IRI of an entity or article node of `g`."""
    d = g.nodes[node]
    if d["kind"] == "article":
        return article_iri(node)
    return entity_iri(d["type"], d["label"])


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """Convert the networkx graph to an rdflib Graph."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
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
    for u, v, key, d in g.edges(keys=True, data=True):
        s, o = node_iri(g, u), node_iri(g, v)
        if key == MENTIONS:
            out.add((s, SCHEMA.mentions, o))
        elif key == AUTHOR:
            out.add((s, SCHEMA.author, o))
        elif key == "reportedBy":
            continue  # the byline: already schema:author from the article
        elif key == "holdsPost":
            _add_membership(out, s, o, d)
        else:
            out.add((s, UKG[key], o))
            for ev in d.get("evidence", []):
                _add_statement(out, g, s, UKG[key], o, ev)
    return out


def _add_membership(out: Graph, person: URIRef, org: URIRef, d: dict) -> None:
    out.add((person, ORG.memberOf, org))
    for role in d.get("roles") or [""]:
        m = hashed_iri("membership", str(person), str(org), role)
        out.add((m, RDF.type, ORG.Membership))
        out.add((m, ORG.member, person))
        out.add((m, ORG.organization, org))
        if role:
            r = hashed_iri("role", role)
            out.add((r, RDF.type, ORG.Role))
            out.add((r, RDFS.label, Literal(role, lang=ZH)))
            out.add((m, ORG.role, r))
        for ev in d.get("evidence", []):
            _add_evidence(out, m, ev)


def _add_statement(out: Graph, g, s: URIRef, p: URIRef, o: URIRef, ev: dict) -> None:
    st = hashed_iri("statement", str(s), str(p), str(o), ev["article"], str(ev["start"]))
    out.add((st, RDF.type, RDF.Statement))
    out.add((st, RDF.type, UKG.Assertion))
    out.add((st, RDF.subject, s))
    out.add((st, RDF.predicate, p))
    out.add((st, RDF.object, o))
    _add_evidence(out, st, ev)


def _add_evidence(out: Graph, node: URIRef, ev: dict) -> None:
    out.add((node, PROV.wasDerivedFrom, article_iri(ev["article"])))
    out.add((node, UKG.evidence, Literal(ev["sentence"], lang=ZH)))
    out.add((node, UKG.start, Literal(ev["start"], datatype=XSD.integer)))
    out.add((node, UKG.end, Literal(ev["end"], datatype=XSD.integer)))


def write_turtle(g: nx.MultiDiGraph, path: Path) -> int:
    """Write `g` as Turtle to `path`; returns the number of triples."""
    rdf = to_rdf(g)
    path.write_text(rdf.serialize(format="turtle"), encoding="utf-8")
    return len(rdf)
