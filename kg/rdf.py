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

Turtle, N-Triples and JSON-LD are written by this module's own writers, sorted, so the
bytes depend only on the triples: `to_turtle`, `to_ntriples` and `to_jsonld` from a set of
rdflib terms (`to_triples`; `to_rdf` gives the same triples as an rdflib Graph), and
`write_rdf`, for exports of any size, the same text subject by subject straight from the
graph (`ExportPlan`), never holding all the triples. The networkx graph goes out as
GraphML (lists and dicts as JSON strings, read back by `from_graphml`) up to
`GRAPHML_MAX_EDGES` edges, written element by element as networkx would write it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .graph import (
    AUTHOR,
    MENTIONS,
    RelationEvidence,
    no_gc,
    plain,
    record_dict,
    sorted_edges,
)
from .vocab import (
    ONTOLOGY_DIR,
    ORG,
    PREFIXES,
    SCHEMA,
    TARGET_SCHEME,
    UKG,
    article_iri,
    entity_iri,
    entity_iri_text,
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
    notation = str(SKOS.notation)
    return frozenset(o if type(o) is str else o[0] for rows in _scheme_rows().values() for p, o in rows if p == notation)


def node_iri(g: nx.MultiDiGraph, node: str) -> URIRef:
    """IRI of an entity or article node of `g`."""
    return _node_iri(g.nodes[node], node)


def _node_iri(d: dict, node: str) -> URIRef:
    if d["kind"] == "article":
        return article_iri(node)
    return entity_iri(d["type"], d["label"])


def _node_iri_text(d: dict, node: str) -> str:
    """`str(_node_iri(d, node))`, entities' without a URIRef made and dropped."""
    if d["kind"] == "article":
        return str(article_iri(node))
    return entity_iri_text(d["type"], d["label"])


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


def _edges(g: nx.MultiDiGraph) -> Iterator[tuple]:
    """`g.edges(keys=True, data=True)`, in its order, read from the adjacency dicts.

    >>> g = nx.MultiDiGraph([("a", "b", "x"), ("a", "b", "y"), ("b", "a", "x")])
    >>> list(_edges(g)) == list(g.edges(keys=True, data=True))
    True
    """
    for u, nbrs in g._succ.items():
        for v, keydict in nbrs.items():
            for key, d in keydict.items():
                yield u, v, key, d


def _relation_evidence(ev) -> tuple:
    """(article, sentence, start, end) of a relation's evidence, a record's by attribute.

    >>> _relation_evidence({"article": "a#0", "sentence": "甲。", "start": 0, "end": 2})
    ('a#0', '甲。', 0, 2)
    """
    if type(ev) is RelationEvidence:
        return ev.article, ev.sentence, ev.start, ev.end
    return ev["article"], ev["sentence"], ev["start"], ev["end"]


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


# ---------------------------------------------------------------- streamed export
#
# `write_rdf` does not go through `to_triples`: at a thousand times the seeds a set of
# rdflib terms (and the sorted rows of all of them) takes gigabytes. The same triples are
# made as text, subject by subject in the order the writers sort them, from the graph:
# a term is plain data, an IRI as its string and a literal as (lexical form, language,
# datatype IRI); each writer turns them into its text, IRIs of entities and predicates once.

_TYPE = str(RDF.type)
_T = {name: str(term) for name, term in {
    "Article": UKG.Article, "NewsArticle": SCHEMA.NewsArticle, "headline": SCHEMA.headline, "source": DCTERMS.source,
    "label": RDFS.label, "altLabel": SKOS.altLabel, "theme": UKG.theme, "targets": UKG.targets,
    "Concept": SKOS.Concept, "prefLabel": SKOS.prefLabel, "inScheme": SKOS.inScheme, "target_scheme": TARGET_SCHEME,
    "mentions": SCHEMA.mentions, "author": SCHEMA.author, "memberOf": ORG.memberOf,
    "Statement": RDF.Statement, "Assertion": UKG.Assertion, "subject": RDF.subject, "predicate": RDF.predicate,
    "object": RDF.object, "derived": PROV.wasDerivedFrom, "evidence": UKG.evidence, "start": UKG.start, "end": UKG.end,
    "Membership": ORG.Membership, "member": ORG.member, "organization": ORG.organization, "role": ORG.role,
    "Role": ORG.Role, "unspecifiedRole": UKG.unspecifiedRole, "relatedTo": UKG.relatedTo, "relatedness": UKG.relatedness,
    "Relatedness": UKG.Relatedness, "relatedProgramme": UKG.relatedProgramme, "rank": UKG.rank, "score": UKG.score,
    "reason": UKG.reason, "integer": XSD.integer, "decimal": XSD.decimal, "string": XSD.string,
}.items()}
_ID = str(hashed_iri("x", "")).rsplit("/x/", 1)[0] + "/"  # the namespace kg.vocab mints node IRIs in
_XSD_INTEGER = XSD.integer  # a closed namespace's attribute is Python code: looked up once
_UNSPECIFIED_ROLE_LABEL = ("职务未注明", ZH, None)


def _plain_literal(value, lang: str | None = None, datatype: URIRef | None = None) -> tuple:
    """A literal as (lexical form, language, datatype IRI), as rdflib would write it."""
    if type(value) is str and datatype is None:
        return (value, lang, None)
    if type(value) is int and datatype is _XSD_INTEGER:
        return (int.__repr__(value), None, _T["integer"])
    lit = Literal(value, lang=lang, datatype=datatype)
    return (str(lit), lit.language, None if lit.datatype is None else str(lit.datatype))


def _score_literal(score: float) -> tuple:
    """A relatedness score as a plain xsd:decimal literal, what `_add_related`'s rdflib Literal holds.

    rdflib rewrites a decimal's lexical form as `format(Decimal(form), "f")`, which leaves
    `format(Decimal(...), "f")` as it is: the form is made here, without a Literal (half the
    time of the relatedness rows went into making them).

    >>> _score_literal(1.8), _score_literal(2)[0], _score_literal(1e-07)[0]
    (('1.8', None, 'http://www.w3.org/2001/XMLSchema#decimal'), '2.0', '0.0000001')
    """
    return (format(Decimal(repr(float(score))), "f"), None, _T["decimal"])


def _plain_term(t) -> str | tuple:
    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, Literal):
        return (str(t), t.language, None if t.datatype is None else str(t.datatype))
    raise ValueError(f"cannot write {t!r}: only IRIs and literals are exported (blank node labels are not stable)")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _scheme_rows() -> dict[str, list[tuple]]:
    """The theme scheme's triples as plain rows per subject IRI."""
    rows: dict[str, list[tuple]] = {}
    for s, p, o in theme_scheme():
        rows.setdefault(_plain_term(s), []).append((str(p), _plain_term(o)))
    return rows


class ExportPlan:
    """The export's subjects and how to make each one's triples, from the graph.

    What `to_triples(g, related)` holds, regrouped: every subject (an entity or article
    node, an assertion, a membership, a role, a target group, a relatedness node, a
    concept of the theme scheme) with a function that gives its (predicate, object) rows.
    Subjects are listed sorted, so writers stream them in their own order.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Place/甲市", kind="entity", type="Place", label="甲市")
    >>> plan = ExportPlan(g, ())
    >>> [rows for iri, rows, _ in plan.subjects("nt") if iri.endswith("甲市")]
    [[('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://w3id.org/union-kg/ontology#Place'), ('http://www.w3.org/2000/01/rdf-schema#label', ('甲市', 'zh', None))]]
    """

    def __init__(self, g: nx.MultiDiGraph, related: Iterable[RelatedEdge]):
        self.g = g
        self.iris = {node: _node_iri_text(d, node) for node, d in g.nodes(data=True)}
        self._predicates: dict[str, str] = {}
        self._concepts: dict[tuple, str] = {}  # (theme_iri or target_iri, name) -> IRI
        self._articles: dict[str, str] = {}
        self._related: dict[str, list[tuple]] = {}
        self.relatedness: list[tuple] = []  # (digest, p, q, score, reasons, rank)
        rank: dict[str, int] = {}
        for p, q, score, reasons in related:
            rank[p] = rank.get(p, 0) + 1
            n = _digest(self.iris[p], self.iris[q])
            self._related.setdefault(p, []).append((q, n))
            self.relatedness.append((n, p, q, score, tuple(reasons), rank[p]))
        self.relatedness.sort(key=lambda r: r[0])
        self.statements: list[tuple] = []  # (digest, u, v, key, evidence)
        self.memberships: list[tuple] = []  # (digest, u, v, role or None)
        roles: dict[str, str] = {}  # digest -> role
        self.targets: dict[str, str] = {}  # IRI -> target label
        known = theme_notations()
        for node, d in g.nodes(data=True):
            if d["kind"] != "article":
                self._check_concepts(node, d, known)
        for u, v, key, d in _edges(g):
            if key in (MENTIONS, AUTHOR, "reportedBy"):
                continue
            evidence = d.get("evidence", [])
            self.statements += zip(self._statement_digests(u, v, key, d), repeat(u), repeat(v), repeat(key), evidence)
            if key == HOLDS_POST:
                for role in d.get("roles") or [None]:
                    self.memberships.append((_digest(self.iris[u], self.iris[v], role or ""), u, v, role))
                    if role:
                        roles[_digest(role)] = role
        self.statements.sort(key=lambda s: s[0])
        self.memberships.sort(key=lambda m: m[0])
        self.roles = sorted(roles.items())
        self.unspecified_role = any(role is None for *_, role in self.memberships)

    # ------------------------------------------------------------ terms

    def predicate(self, key: str) -> str:
        """The IRI of an edge key, as to_triples spells it (a key the ontology lacks fails)."""
        iri = self._predicates.get(key)
        if iri is None:
            iri = self._predicates[key] = str(ORG.memberOf if key == HOLDS_POST else UKG[key])
        return iri

    def article(self, article_id: str) -> str:
        iri = self._articles.get(article_id)
        if iri is None:
            iri = self._articles[article_id] = str(article_iri(article_id))
        return iri

    def _statement_digests(self, u: str, v: str, key: str, d: dict) -> list[str]:
        s, p, o = self.iris[u], self.predicate(key), self.iris[v]
        return [_digest(s, p, o, ev["article"], str(ev["start"])) for ev in d.get("evidence", [])]

    def _check_concepts(self, node: str, d: dict, known: frozenset[str]) -> None:
        for notation in _as_list(d.get("themes")):
            if notation not in known:
                raise ValueError(f"node {node!r}: unknown theme {notation!r}, expected one of {sorted(known)}")
        for target in _as_list(d.get("targets")):
            self.targets.setdefault(self._concept(target_iri, target), target)

    def _concept(self, mint, name: str) -> str:
        """`str(mint(name))` for `theme_iri` and `target_iri`, once per name: programmes share a few."""
        iri = self._concepts.get((mint, name))
        if iri is None:
            iri = self._concepts[mint, name] = str(mint(name))
        return iri

    # ------------------------------------------------------------ subjects

    def subjects(self, order: str) -> Iterator[tuple[str, list[tuple], str | None]]:
        """(subject IRI, its rows, its kind), sorted by the subject's N-Triples text (`order="nt"`)
        or by the IRI itself (`"iri"`, JSON-LD's order); rows of one subject may repeat. The kind
        ("node", "statement" ...) is None for an IRI minted twice (the rows of both, merged)."""
        import heapq
        from itertools import groupby

        rows_of = {kind: getattr(self, f"_{kind}_rows") for kind in ("node", "statement", "membership", "role", "relatedness", "target", "scheme")}
        # each stream gives (sort key, stream number, IRI, kind, ref), sorted: tuples compared in C,
        # equal keys of two streams in stream order (what heapq.merge's key= would do, without its calls)
        for iri, group in groupby(heapq.merge(*self._streams(order)), key=itemgetter(2)):
            (_, _, _, kind, ref), *more = group
            rows = rows_of[kind](iri, ref)
            for _, _, _, other, ref in more:  # an IRI minted twice
                rows = rows + rows_of[other](iri, ref)
                kind = None
            yield iri, rows, kind

    def _streams(self, order: str) -> list[Iterator[tuple]]:
        """The subjects of each kind as sorted (key, stream number, IRI, kind, ref), key the IRI
        or its N-Triples text: minted IRIs, digests of one length, sort alike either way."""
        lt, gt = ("<", ">") if order == "nt" else ("", "")
        iris = self.iris
        nodes = sorted(iris, key=lambda n: f"{lt}{iris[n]}{gt}")
        others = [(iri, "target", label) for iri, label in self.targets.items()]
        others += [(iri, "scheme", iri) for iri in _scheme_rows()]
        if self.unspecified_role:
            others.append((_T["unspecifiedRole"], "role", None))
        others.sort(key=lambda x: f"{lt}{x[0]}{gt}")
        st, ms, ro, re_ = (f"{_ID}{kind}/" for kind in ("statement", "membership", "role", "relatedness"))
        return [
            ((f"{lt}{iris[n]}{gt}", 0, iris[n], "node", n) for n in nodes),
            ((f"{lt}{st}{s[0]}{gt}", 1, f"{st}{s[0]}", "statement", s) for s in self.statements),
            ((f"{lt}{ms}{m[0]}{gt}", 2, f"{ms}{m[0]}", "membership", m) for m in self.memberships),
            ((f"{lt}{ro}{digest}{gt}", 3, f"{ro}{digest}", "role", role) for digest, role in self.roles),
            ((f"{lt}{re_}{r[0]}{gt}", 4, f"{re_}{r[0]}", "relatedness", r) for r in self.relatedness),
            ((f"{lt}{iri}{gt}", 5, iri, kind, ref) for iri, kind, ref in others),
        ]

    def _node_rows(self, iri: str, node: str) -> list[tuple]:
        g, iris, t = self.g, self.iris, _T
        d = g.nodes[node]
        if d["kind"] == "article":
            rows = [(_TYPE, t["Article"]), (_TYPE, t["NewsArticle"]),
                    (t["headline"], _plain_literal(d["headline"], ZH)), (t["source"], _plain_literal(d["source"]))]
        else:
            rows = [(_TYPE, self._class(d["type"])), (t["label"], _plain_literal(d["label"], ZH))]
            rows += [(t["altLabel"], _plain_literal(alias, ZH)) for alias in d.get("aliases", [])]
            if d.get("themes"):  # most entities have none: no list made
                rows += [(t["theme"], self._concept(theme_iri, n)) for n in _as_list(d["themes"])]
            if d.get("targets"):
                rows += [(t["targets"], self._concept(target_iri, x)) for x in _as_list(d["targets"])]
        mentions, author = t["mentions"], t["author"]
        for v, keydict in g._succ[node].items():  # the adjacency dict itself: networkx's views cost a call per item
            o = iris[v]
            for key in keydict:
                if key == MENTIONS:
                    rows.append((mentions, o))
                elif key == AUTHOR:
                    rows.append((author, o))
                elif key != "reportedBy":  # the byline: already schema:author from the article
                    rows.append((self.predicate(key), o))
        for q, n in self._related.get(node, ()):
            rows += [(t["relatedTo"], iris[q]), (t["relatedness"], f"{_ID}relatedness/{n}")]
        return rows

    def _class(self, type_name: str) -> str:
        iri = self._predicates.get(("class", type_name))
        if iri is None:
            iri = self._predicates[("class", type_name)] = str(UKG[type_name])
        return iri

    def _statement_rows(self, iri: str, ref: tuple) -> list[tuple]:
        _, u, v, key, ev = ref
        article, sentence, start, end = _relation_evidence(ev)
        t = _T
        if type(sentence) is str and type(start) is int and type(end) is int:  # what a built graph holds: no calls
            literals = ((sentence, ZH, None), (int.__repr__(start), None, t["integer"]), (int.__repr__(end), None, t["integer"]))
        else:
            literals = (_plain_literal(sentence, ZH), _plain_literal(start, datatype=_XSD_INTEGER), _plain_literal(end, datatype=_XSD_INTEGER))
        return [(_TYPE, t["Statement"]), (_TYPE, t["Assertion"]), (t["subject"], self.iris[u]),
                (t["predicate"], self.predicate(key)), (t["object"], self.iris[v]), (t["derived"], self.article(article)),
                (t["evidence"], literals[0]), (t["start"], literals[1]), (t["end"], literals[2])]

    def _membership_rows(self, iri: str, ref: tuple) -> list[tuple]:
        _, u, v, role = ref
        t = _T
        r = f"{_ID}role/{_digest(role)}" if role else t["unspecifiedRole"]
        rows = [(_TYPE, t["Membership"]), (t["member"], self.iris[u]), (t["organization"], self.iris[v]), (t["role"], r)]
        d = self.g.edges[u, v, HOLDS_POST]
        rows += [(t["derived"], f"{_ID}statement/{digest}") for digest in self._statement_digests(u, v, HOLDS_POST, d)]
        return rows

    def _role_rows(self, iri: str, role: str | None) -> list[tuple]:
        label = _plain_literal(role, ZH) if role else _UNSPECIFIED_ROLE_LABEL
        return [(_TYPE, _T["Role"]), (_T["label"], label)]

    def _relatedness_rows(self, iri: str, ref: tuple) -> list[tuple]:
        _, _, q, score, reasons, rank = ref
        t = _T
        rows = [(_TYPE, t["Relatedness"]), (t["relatedProgramme"], self.iris[q]),
                (t["rank"], _plain_literal(rank, datatype=_XSD_INTEGER)), (t["score"], _score_literal(score))]
        return rows + [(t["reason"], (str(reason), None, None)) for reason in reasons]

    def _target_rows(self, iri: str, label: str) -> list[tuple]:
        t = _T
        return [(_TYPE, t["Concept"]), (t["prefLabel"], _plain_literal(label, ZH)), (t["inScheme"], t["target_scheme"])]

    def _scheme_rows(self, iri: str, subject: str) -> list[tuple]:
        return list(_scheme_rows()[subject])  # a copy: the cached rows are not the writers' to change


class _TextTerms:
    """Plain terms as Turtle or N-Triples text; IRIs and integers memoised (entities, predicates and offsets recur)."""

    def __init__(self, turtle: bool):
        self.turtle = turtle
        self.writer = _TermWriter(turtle=turtle)
        self.iris: dict = {}  # IRI, or integer literal (lexical, None, datatype), -> its text

    def iri(self, iri: str) -> str:
        text = self.iris.get(iri)
        if text is None:
            if iri.startswith(_ID) and not _ID_COMPACTS:  # entities and minted nodes: no prefix to try
                text = self.iris[iri] = self.writer.iri(iri)
            else:
                text = self.iris[iri] = self.writer.compact(iri, brackets=True) if self.turtle else self.writer.iri(iri)
        return text

    def subject(self, iri: str) -> str:
        """Like `iri`, not memoised: most subjects appear once."""
        text = self.iris.get(iri)
        if text is not None:
            return text
        if iri.startswith(_ID) and not _ID_COMPACTS:
            if _BAD_IRI.search(iri):
                self.writer.iri(iri)  # raises
            return f"<{iri}>"
        return self.iri(iri)

    def term(self, o) -> str:
        if type(o) is str:
            text = self.iris.get(o)
            return text if text is not None else self.iri(o)
        lexical, lang, dt = o
        if lang:
            return f'"{_escape(lexical)}"@{lang}'
        if dt is None or dt == _T["string"]:
            return f'"{_escape(lexical)}"'
        if dt == _T["integer"]:  # offsets: a few thousand values, met again and again; kept beside the IRIs
            text = self.iris[o] = self._typed(lexical, dt)
            return text
        return self._typed(lexical, dt)

    def _typed(self, lexical: str, dt: str) -> str:
        if self.turtle and ((dt == _T["integer"] and _INTEGER.fullmatch(lexical)) or (dt == _T["decimal"] and _DECIMAL.fullmatch(lexical))):
            return lexical
        return f'"{_escape(lexical)}"^^{self.iri(dt)}'


# no prefix of PREFIXES covers the namespace of minted node IRIs: they are always written <...>
_ID_COMPACTS = any(str(ns).startswith(_ID) or _ID.startswith(str(ns)) for ns in PREFIXES.values())


def write_turtle_and_ntriples(plan: ExportPlan, turtle: Path, ntriples: Path | None = None) -> int:
    """Write the plan's triples as Turtle (what `to_turtle` writes) and N-Triples (`to_ntriples`),
    one subject at a time; returns the number of triples.

    Both order subjects by their text. N-Triples subjects are all <IRI>s, and so are Turtle's
    but for the few written prefix:name (concepts, ukg:unspecifiedRole): those sort after every
    <IRI>, so they are kept aside and written last.
    """
    ttl_terms, nt_terms = _TextTerms(turtle=True), _TextTerms(turtle=False)
    count, compact_blocks = 0, []
    statements: _FixedLayout | None = None
    # collections off whoever calls: the rows and texts of every subject are small, short-lived and never cyclic
    with no_gc(), _atomic(turtle) as ttl_out, _atomic(ntriples) as nt_out:
        ttl = _Chunked(ttl_out)
        nt = _Chunked(nt_out) if nt_out is not None else None
        ttl.add("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items())))
        sep = "\n"  # before the first subject; then " .\n\n" between subjects
        for iri, rows, kind in plan.subjects("nt"):
            if kind == "statement" and statements is None:
                statements = _FixedLayout(ttl_terms, nt_terms, iri, rows)
            if kind == "statement" and statements.checked:
                count += len(rows)
                if nt is not None:
                    nt.extend(statements.ntriples(iri, rows))
                ttl.add(sep + statements.turtle(iri, rows))
                sep = " .\n\n"
                continue
            rows = set(rows)
            count += len(rows)
            if nt is not None:
                nt.extend(_ntriples_lines(nt_terms, iri, rows))
            s, block = _turtle_block(ttl_terms, iri, rows)
            if s.startswith("<"):
                ttl.add(sep + block)
                sep = " .\n\n"
            else:
                compact_blocks.append((s, block))
        for _, block in sorted(compact_blocks):
            ttl.add(sep + block)
            sep = " .\n\n"
        ttl.add(" .\n" if sep != "\n" else "")
        ttl.flush()
        if nt is not None:
            nt.flush()
    return count


class _FixedLayout:
    """Subjects whose rows always come with the same predicates in the same order, each
    predicate once but rdf:type (with fixed classes): assertions. Where Turtle and N-Triples
    put each row depends on the predicates and classes only, so it is found once, from the
    first subject, and checked against the general writer; the others are written in it.
    """

    def __init__(self, ttl: _TextTerms, nt: _TextTerms, iri: str, rows: list[tuple]):
        self.ttl, self.nt = ttl, nt
        keys = [(p != _TYPE, ttl.term(p), ttl.term(o) if p == _TYPE else "") for p, o in rows]
        self.ttl_order = sorted(range(len(rows)), key=keys.__getitem__)
        self.ttl_joins, last = [], None
        for i in self.ttl_order:
            not_type, p, _ = keys[i]
            verb = p if not_type else "a"
            self.ttl_joins.append(" " + verb + " " if last is None else f" ;\n    {verb} " if p != last else ",\n        ")
            last = p
        lines = [f"{nt.term(p)} {nt.term(o) if p == _TYPE else ''}" for p, o in rows]
        self.nt_order = sorted(range(len(rows)), key=lines.__getitem__)
        self.nt_predicates = [" " + nt.term(rows[i][0]) + " " for i in self.nt_order]
        fixed = [(p, o) for p, o in rows if p == _TYPE]
        self.types = fixed
        # the classes are fixed: their text goes into the text between the other objects
        self.ttl_texts, self.ttl_objects, text = [], [], ""
        for join, i in zip(self.ttl_joins, self.ttl_order):
            p, o = rows[i]
            if p == _TYPE:
                text += join + ttl.term(o)
            else:
                self.ttl_texts.append(text + join)
                self.ttl_objects.append(i)
                text = ""
        self.ttl_tail = text
        self.checked = (len(set(rows)) == len(rows) and len({p for p, _ in rows if p != _TYPE}) == len(rows) - len(fixed)
                        and self.turtle(iri, rows) == _turtle_block(ttl, iri, set(rows))[1]
                        and self.ntriples(iri, rows) == _ntriples_lines(nt, iri, set(rows)))

    def turtle(self, iri: str, rows: list[tuple]) -> str:
        term, known = self.ttl.term, self.ttl.iris.get
        objects = [known(o) or term(o) for _, o in map(rows.__getitem__, self.ttl_objects)]
        return self.ttl.subject(iri) + "".join(map(str.__add__, self.ttl_texts, objects)) + self.ttl_tail

    def ntriples(self, iri: str, rows: list[tuple]) -> list[str]:
        s, term, known = self.nt.subject(iri), self.nt.term, self.nt.iris.get
        return [s + p + (known(o) or term(o)) + " .\n" for p, (_, o) in zip(self.nt_predicates, map(rows.__getitem__, self.nt_order))]


def _ntriples_lines(terms: _TextTerms, iri: str, rows: set) -> list[str]:
    s, term, known = terms.subject(iri), terms.term, terms.iris.get
    return sorted({f"{s} {known(p) or term(p)} {known(o) or term(o)} .\n" for p, o in rows})


def _turtle_block(terms: _TextTerms, iri: str, rows: set) -> tuple[str, str]:
    """(subject text, its Turtle without the final " ."): `a` first, then predicates and objects sorted."""
    s, term, known = terms.subject(iri), terms.term, terms.iris.get
    out, last = [], None
    # an IRI's text is most often known: looked up here, without a call (a literal misses, and is written)
    for not_type, p, o in sorted({(p != _TYPE, known(p) or term(p), known(o) or term(o)) for p, o in rows}):
        if last is None:
            out.append(f"{s} {p if not_type else 'a'} {o}")
        elif p != last:
            out.append(f" ;\n    {p if not_type else 'a'} {o}")
        else:
            out.append(f",\n        {o}")
        last = p
    return s, "".join(out)


def write_jsonld(plan: ExportPlan, path: Path) -> None:
    """Write the plan's triples as `to_jsonld` does, one node a line, one subject at a time."""
    terms = _JsonTerms()
    context = json.dumps(JSONLD_CONTEXT, ensure_ascii=False, sort_keys=True)
    statements: _FixedJsonLayout | None = None
    with no_gc(), _atomic(path) as f:  # as write_turtle_and_ntriples
        out = _Chunked(f)
        out.add('{"@context": ' + context + ', "@graph": [\n')
        sep = ""
        for iri, rows, kind in plan.subjects("iri"):
            if kind == "statement" and statements is None:
                statements = _FixedJsonLayout(terms, iri, rows)
            node = statements.node(iri, rows) if kind == "statement" and statements.checked else terms.node(iri, set(rows))
            out.add(sep + _jsonld_text(node))
            sep = ",\n"
        out.add("\n]}\n")
        out.flush()


# json.dumps(node, ensure_ascii=False, sort_keys=True) without making an encoder per node
_jsonld_text = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class _JsonTerms:
    """Plain terms as JSON-LD keys and values; compact names and objects' IRIs memoised, IRIs checked once."""

    def __init__(self):
        self.writer = _TermWriter(turtle=False)
        self.names: dict[str, str] = {}
        self.checked: set[str] = set()
        # an object IRI -> its {"@id": ...}, shared by the nodes that cite it (json only reads them):
        # entities and articles, cited again and again, and the few minted IRIs that are objects
        self.ids: dict[str, dict] = {}

    def node(self, iri: str, rows: set) -> dict:
        values: dict[str, list] = {}
        for p, o in rows:
            key, value = self.entry(p, o)
            values.setdefault(key, []).append(value)
        node = {"@id": self.iri(iri)}
        for key, found in values.items():
            node[key] = found[0] if len(found) == 1 else sorted(found, key=_jsonld_order)
        return node

    def entry(self, p: str, o) -> tuple[str, dict | str]:
        """The key and the value a row gives its node."""
        if p == _TYPE and type(o) is str:
            return "@type", self.compact(o)
        return "rdf:type" if p == _TYPE else self.compact(p), self.value(o)

    def iri(self, iri: str) -> str:
        if iri not in self.checked:
            self.writer.iri(iri)  # refuses what is not an IRI
            if not iri.startswith(_ID):  # minted ones recur as objects; the others are few
                self.checked.add(iri)
        return iri

    def compact(self, iri: str) -> str:
        name = self.names.get(iri)
        if name is None:
            name = self.names[iri] = self.writer.compact(iri, brackets=True)
            if name.startswith("<"):
                name = self.names[iri] = iri
        return name

    def value(self, o) -> dict | str:
        if type(o) is str:
            found = self.ids.get(o)
            if found is None:
                found = self.ids[o] = {"@id": self.iri(o)}
            return found
        lexical, lang, dt = o
        if lang:
            return {"@language": lang, "@value": lexical}
        if dt is not None and dt != _T["string"]:
            return {"@type": self.compact(dt), "@value": lexical}
        return lexical


class _FixedJsonLayout:
    """`_FixedLayout` for JSON-LD: each row's key found once (and checked); rdf:type's classes fixed."""

    def __init__(self, terms: _JsonTerms, iri: str, rows: list[tuple]):
        self.terms = terms
        self.keys = [terms.entry(p, o)[0] for p, o in rows]
        types = sorted((terms.compact(o) for p, o in rows if p == _TYPE), key=_jsonld_order)
        self.types = types[0] if len(types) == 1 else types
        self.checked = (len(set(rows)) == len(rows) and all(p == _TYPE and type(o) is str for p, o in rows if p == _TYPE)
                        and len({k for k in self.keys if k != "@type"}) == len(rows) - self.keys.count("@type")
                        and self.node(iri, rows) == terms.node(iri, set(rows)))

    def node(self, iri: str, rows: list[tuple]) -> dict:
        node = {"@id": self.terms.iri(iri), "@type": self.types}
        value = self.terms.value
        for key, (_, o) in zip(self.keys, rows):
            if key != "@type":
                node[key] = value(o)
        return node


class _Chunked:
    """Text written to a file in chunks of many small pieces."""

    def __init__(self, f, size: int = 2048):
        self.f, self.size, self.pieces = f, size, []

    def add(self, text: str) -> None:
        self.pieces.append(text)
        if len(self.pieces) >= self.size:
            self.flush()

    def extend(self, texts: list[str]) -> None:
        self.pieces += texts
        if len(self.pieces) >= self.size:
            self.flush()

    def flush(self) -> None:
        self.f.write("".join(self.pieces))
        self.pieces = []


@contextmanager
def _atomic(path: Path | None, errors: str = "strict"):
    """A text file written under a temporary name and moved into place once complete
    (None: nothing written); a writer that fails leaves no file behind."""
    if path is None:
        yield None
        return
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8", errors=errors) as f:
            yield f
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


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
    node_json, edge_json = _json_attributes(g)
    h = nx.MultiDiGraph(json_node_attrs=",".join(node_json), json_edge_attrs=",".join(edge_json))
    for n in sorted(g.nodes):
        h.add_node(n, **_encode(g.nodes[n], node_json))
    for u, v, k in sorted(g.edges(keys=True)):
        h.add_edge(u, v, key=k, **_encode(g.edges[u, v, k], edge_json))
    buf = io.BytesIO()
    nx.write_graphml(h, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def _json_attributes(g: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    """Names of the node and the edge attributes that hold a list or a dict somewhere (written as JSON)."""
    node_json = sorted({k for _, d in g.nodes(data=True) for k, v in d.items() if isinstance(v, (list, dict))})
    edge_json = sorted({k for *_, d in g.edges(keys=True, data=True) for k, v in d.items() if isinstance(v, (list, dict))})
    return node_json, edge_json


def _encode(d: dict, json_keys: list[str]) -> dict:
    return {k: json.dumps(plain(v), ensure_ascii=False, sort_keys=True) if k in json_keys else v for k, v in sorted(d.items())}


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write `to_graphml(g)` to `path` element by element, never holding the document.

    What networkx's writer (ElementTree, pretty-printed) writes for the same graph: the
    keys of every (attribute, type, scope) in the order first met, newest first, nodes
    then edges sorted, each element's data in attribute order, the graph's own data last.
    """
    node_json, edge_json = _json_attributes(g)
    graph_data = {"json_node_attrs": ",".join(node_json), "json_edge_attrs": ",".join(edge_json)}
    xml_type = nx.readwrite.graphml.GraphMLWriter().xml_type
    keys: dict[tuple[str, str, str], str] = {}

    def key_id(name, value, scope: str, as_json: bool = False) -> str:
        kind = str if as_json else type(value)
        if kind not in xml_type:
            raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.")
        found = keys.get((str(name), xml_type[kind], scope))
        if found is None:
            found = keys[str(name), xml_type[kind], scope] = f"d{len(keys)}"
        return found

    # the keys come first in the document: a first pass finds them, a second writes the elements
    for name, value in graph_data.items():
        key_id(name, value, "graph")
    for n in sorted(g.nodes):
        for name, value in sorted(g.nodes[n].items()):
            key_id(name, value, "node", name in node_json)
    for _, _, _, d in sorted_edges(g):
        for name, value in sorted(d.items()):
            key_id(name, value, "edge", name in edge_json)
    with _atomic(path, errors="xmlcharrefreplace") as f:
        out = _Chunked(f)
        out.add(f"<?xml version='1.0' encoding='utf-8'?>\n{_GRAPHML_ROOT}\n  ")
        for (name, kind, scope), kid in reversed(keys.items()):
            out.add(f'<key id="{kid}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{kind}" />\n  ')
        out.add('<graph edgedefault="directed">\n    ')
        for n in sorted(g.nodes):
            data = [_graphml_data(key_id(k, v, "node", k in node_json), k in node_json, v) for k, v in sorted(g.nodes[n].items())]
            out.add(_graphml_element(f'<node id="{_xml_attribute(str(n))}"', "node", data) + "\n    ")
        for u, v, k, d in sorted_edges(g):
            data = [_graphml_data(key_id(a, x, "edge", a in edge_json), a in edge_json, x) for a, x in sorted(d.items())]
            head = f'<edge source="{_xml_attribute(str(u))}" target="{_xml_attribute(str(v))}" id="{_xml_attribute(str(k))}"'
            out.add(_graphml_element(head, "edge", data) + "\n    ")
        data = [_graphml_data(key_id(k, v, "graph"), False, v) for k, v in graph_data.items()]
        out.add("\n    ".join(data) + "\n  </graph>\n</graphml>\n")
        out.flush()


_GRAPHML_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _graphml_element(head: str, tag: str, data: list[str]) -> str:
    """A node or an edge at the graph's depth, its data one level deeper, as `indent` lays them out."""
    if not data:
        return head + " />"
    return head + ">\n      " + "\n      ".join(data) + f"\n    </{tag}>"


def _graphml_data(key: str, as_json: bool, value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=record_dict) if as_json else str(value)
    return f'<data key="{key}">{_xml_text(text)}</data>' if text else f'<data key="{key}" />'


def _xml_text(text: str) -> str:
    """Character data as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    """An attribute value as ElementTree escapes it (line ends and tabs as character references)."""
    text = _xml_text(text)
    for ch, ref in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if ch in text:
            text = text.replace(ch, ref)
    return text


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
# above this many edges graph.graphml is skipped (set when networkx's writer took 3.4 s for 77k edges;
# the streamed writer takes 1.4 s for 83k and no extra memory, but big builds keep the same files)
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
    plan = ExportPlan(g, related)
    del related
    lap("plan")
    triples = write_turtle_and_ntriples(plan, out / "graph.ttl", out / "graph.nt")
    lap("turtle+ntriples")
    write_jsonld(plan, out / "graph.jsonld")
    lap("jsonld")
    if g.number_of_edges() <= GRAPHML_MAX_EDGES:
        with no_gc():
            write_graphml(g, out / "graph.graphml")
    else:
        (out / "graph.graphml").unlink(missing_ok=True)
    lap("graphml")
    return triples


def write_turtle(g: nx.MultiDiGraph, path: Path) -> int:
    """Write `g` as Turtle (related programmes included) to `path`; returns the number of triples."""
    from .related import related_edges

    with no_gc():
        return write_turtle_and_ntriples(ExportPlan(g, related_edges(g, top=RELATED_TOP)), Path(path))
