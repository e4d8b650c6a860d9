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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from itertools import chain, repeat
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
    article_iri_text,
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
    return frozenset(o if type(o) is str else o[0] for groups in _scheme_groups().values() for o in groups.get(notation, ()))


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
        return article_iri_text(node)
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


def _edges(g: nx.MultiDiGraph, skip: tuple = ()) -> Iterator[tuple]:
    """`g.edges(keys=True, data=True)`, in its order, read from the adjacency dicts, but for edges
    whose key is in `skip`.

    >>> g = nx.MultiDiGraph([("a", "b", "x"), ("a", "b", "y"), ("b", "a", "x")])
    >>> list(_edges(g)) == list(g.edges(keys=True, data=True)), [e[:3] for e in _edges(g, skip=("x",))]
    (True, [('a', 'b', 'y')])
    """
    for u, nbrs in g._succ.items():
        for v, keydict in nbrs.items():
            for key, d in keydict.items():
                if key not in skip:
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
    r"""`text` with what Turtle and N-Triples strings cannot hold escaped.

    >>> _escape('甲"乙'), _escape("丙\u3000丁\u2028"), _escape("戊")
    ('甲\\"乙', '丙\u3000丁\\u2028', '戊')
    """
    # printable text (no controls, separators or spaces but " ") needs no escape but for " and \:
    # two scans in C, twice as fast as the pattern's over a sentence
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text
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
# A subject's triples come grouped by predicate, as Turtle writes them; where the predicates
# go is found once per tuple of predicates, and assertions and relatedness nodes, which all
# have one shape, come as the bare values of that shape (`SHAPES`), written into a layout.

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
_XSD_STRING = _T["string"]
_STR_ONLY = frozenset({str})
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
    form = repr(float(score))
    if "e" in form or "n" in form:  # 1e-07, inf, nan: what Decimal makes of them
        form = format(Decimal(form), "f")
    # else a plain decimal numeral, which Decimal's "f" gives back digit for digit
    return (form, None, _T["decimal"])


def _plain_term(t) -> str | tuple:
    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, Literal):
        return (str(t), t.language, None if t.datatype is None else str(t.datatype))
    raise ValueError(f"cannot write {t!r}: only IRIs and literals are exported (blank node labels are not stable)")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _scheme_groups() -> dict[str, dict[str, list]]:
    """The theme scheme's triples as plain objects per predicate per subject IRI."""
    subjects: dict[str, dict[str, list]] = {}
    for s, p, o in theme_scheme():
        subjects.setdefault(_plain_term(s), {}).setdefault(str(p), []).append(_plain_term(o))
    return subjects


def _merged_runs(lists: list[tuple[list, Callable]], most: int = 1024) -> Iterator[tuple[int, int, int]]:
    """(list number, start, end) of runs of sorted lists, each list with its key function, such that
    the runs' items in turn are all the items sorted by key, items of equal keys in list order (what
    `heapq.merge` of (key, list number, item) gives). The keys are computed where runs begin and end
    only; runs are at most `most` items long.

    >>> lists = [([1, 2, 3, 7], lambda x: x), ([3, 4, 5], lambda x: x), ([0], lambda x: x)]
    >>> list(_merged_runs(lists))
    [(2, 0, 1), (0, 0, 3), (1, 0, 3), (0, 3, 4)]
    >>> [lists[n][0][i] for n, lo, hi in _merged_runs(lists, most=2) for i in range(lo, hi)]
    [0, 1, 2, 3, 3, 4, 5, 7]
    """
    from bisect import bisect_left, bisect_right

    at = [0] * len(lists)
    heads = {n: key(items[0]) for n, (items, key) in enumerate(lists) if items}  # list number -> key of its next item
    while heads:
        (_, n), *rest = sorted((k, m) for m, k in heads.items())
        items, key = lists[n]
        lo = at[n]
        hi = min(len(items), lo + most)
        if rest:  # up to the next list's head; an equal key goes first if this list comes first
            bound, m = min(rest)
            hi = (bisect_right if n < m else bisect_left)(items, bound, lo, hi, key=key)
        yield n, lo, hi
        at[n] = hi
        if hi < len(items):
            heads[n] = key(items[hi])
        else:
            del heads[n]


# Kinds of subject whose triples always have one shape: (the classes of rdf:type, the predicates
# with one object each, the predicates with a list of objects, maybe empty). Their subjects can come
# as the values of those predicates, in that order (`ExportPlan.subjects(shaped=...)`), which a writer
# fills into a layout found once per kind; their groups are made from the same values.
SHAPES = {
    "statement": ((_T["Statement"], _T["Assertion"]),
                  (_T["subject"], _T["predicate"], _T["object"], _T["derived"], _T["evidence"], _T["start"], _T["end"]), ()),
    "relatedness": ((_T["Relatedness"],), (_T["relatedProgramme"], _T["rank"], _T["score"]), (_T["reason"],)),
}


class ExportPlan:
    """The export's subjects and how to make each one's triples, from the graph.

    What `to_triples(g, related)` holds, regrouped: every subject (an entity or article
    node, an assertion, a membership, a role, a target group, a relatedness node, a
    concept of the theme scheme) with a function that gives its triples as groups, each
    predicate IRI with the list (never empty) of its objects: what Turtle writes as
    `s p o1, o2 ; q o3`, found without sorting rows of the whole subject.
    Subjects are listed sorted, so writers stream them in their own order.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Place/甲市", kind="entity", type="Place", label="甲市")
    >>> plan = ExportPlan(g, ())
    >>> [groups for iri, groups, _ in plan.subjects("nt") if iri.endswith("甲市")]
    [{'http://www.w3.org/1999/02/22-rdf-syntax-ns#type': ['https://w3id.org/union-kg/ontology#Place'], 'http://www.w3.org/2000/01/rdf-schema#label': [('甲市', 'zh', None)]}]
    """

    def __init__(self, g: nx.MultiDiGraph, related: Iterable[RelatedEdge]):
        self.g = g
        self.iris = {node: _node_iri_text(d, node) for node, d in g._node.items()}  # the node dicts: no view
        self._predicates: dict[str, str] = {}
        self._classes: dict[str, str] = {}  # entity type -> its class IRI
        # edge key -> predicate IRI, None for the byline (already schema:author from the article)
        self._edge_predicates: dict = {MENTIONS: _T["mentions"], AUTHOR: _T["author"], "reportedBy": None}
        self._concepts: dict[tuple, str] = {}  # (theme_iri or target_iri, name) -> IRI
        self._articles: dict[str, str] = {}
        self._related: dict[str, list[tuple]] = {}  # programme -> (other's IRI, relatedness digest) of each
        self.relatedness: list[tuple] = []  # (digest, p, q, score, reasons' texts, rank)
        from .related import Reason

        rank: dict[str, int] = {}
        for p, q, score, reasons in related:
            rank[p] = rank.get(p, 0) + 1
            n = _digest(self.iris[p], self.iris[q])
            self._related.setdefault(p, []).append((self.iris[q], n))
            texts = tuple([r.text if type(r) is Reason else str(r) for r in reasons])  # a Reason's str() is its text
            self.relatedness.append((n, p, q, score, texts, rank[p]))
        self.relatedness.sort(key=lambda r: r[0])
        self.statements: list[tuple] = []  # (digest, u, v, key, evidence)
        self.memberships: list[tuple] = []  # (digest, u, v, role or None)
        roles: dict[str, str] = {}  # digest -> role
        self.targets: dict[str, str] = {}  # IRI -> target label
        known = theme_notations()
        for node, d in g.nodes(data=True):
            if d["kind"] != "article" and (d.get("themes") or d.get("targets")):  # most entities have neither
                self._check_concepts(node, d, known)
        for u, v, key, d in _edges(g, skip=(MENTIONS, AUTHOR, "reportedBy")):
            evidence = d.get("evidence", [])
            self.statements += zip(self._statement_digests(u, v, key, d), repeat(u), repeat(v), repeat(key), evidence)
            if key == HOLDS_POST:
                for role in d.get("roles") or [None]:
                    self.memberships.append((_digest(self.iris[u], self.iris[v], role or ""), u, v, role))
                    if role:
                        roles[_digest(role)] = role
        self.statements.sort(key=itemgetter(0))
        self.memberships.sort(key=itemgetter(0))
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
            iri = self._articles[article_id] = article_iri_text(article_id)
        return iri

    def _statement_digests(self, u: str, v: str, key: str, d: dict) -> list[str]:
        """`_digest(s, p, o, article, str(start))` of each piece of evidence, the common part joined once."""
        head = "\x1f".join((self.iris[u], self.predicate(key), self.iris[v], ""))
        sha1 = hashlib.sha1
        return [sha1((head + ev.article + "\x1f" + str(ev.start) if type(ev) is RelationEvidence else
                      "\x1f".join((head + ev["article"], str(ev["start"])))).encode("utf-8")).hexdigest()[:16]
                for ev in d.get("evidence", [])]

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

    def subjects(self, order: str, shaped: Iterable[str] = ()) -> Iterator[tuple[str, dict[str, list] | tuple, str | None]]:
        """(subject IRI, its groups, its kind), sorted by the subject's N-Triples text (`order="nt"`)
        or by the IRI itself (`"iri"`, JSON-LD's order); objects of one predicate may repeat. The kind
        ("node", "statement" ...) is None for an IRI minted twice (the groups of both, merged).
        Subjects of a kind in `shaped` (kinds of `SHAPES`) come as their values instead of their groups."""
        groups_of = {kind: getattr(self, f"_{kind}_groups") for kind in ("node", "statement", "membership", "role", "relatedness", "target", "scheme")}
        values_of = {kind: getattr(self, f"_{kind}_values") for kind in shaped}
        pending = None  # the last subject, held until the next one shows its IRI is not minted twice
        for iri, kind, ref in chain.from_iterable(self._runs(order)):
            if pending is not None:
                if iri == pending[0]:  # an IRI minted twice: the groups of both, merged
                    groups = pending[1] if pending[2] not in values_of else self.shaped_groups(pending[2], pending[1])
                    for p, objects in groups_of[kind](iri, ref).items():
                        groups.setdefault(p, []).extend(objects)
                    pending = (iri, groups, None)
                    continue
                yield pending
            values = values_of.get(kind)
            pending = (iri, values(ref) if values else groups_of[kind](iri, ref), kind)
        if pending is not None:
            yield pending

    @staticmethod
    def shaped_groups(kind: str, values: tuple) -> dict[str, list]:
        """The groups of a subject of a kind of `SHAPES` from its values.

        >>> ExportPlan.shaped_groups("relatedness", ("urn:q", "r", "s", []))[_T["rank"]]
        ['r']
        """
        classes, singles, lists = SHAPES[kind]
        groups = {_TYPE: list(classes)}
        for p, o in zip(singles, values):
            groups[p] = [o]
        for p, objects in zip(lists, values[len(singles):]):
            if objects:
                groups[p] = list(objects)
        return groups

    def _runs(self, order: str) -> Iterator[Iterator[tuple[str, str, object]]]:
        """The subjects as (IRI, kind, ref), in runs taken from the sorted lists of each kind, sorted
        all together by their key: the IRI or its N-Triples text (minted IRIs, digests of one length,
        sort alike either way). Subjects of equal keys come in the lists' order, one after the other."""
        lt, gt = ("<", ">") if order == "nt" else ("", "")
        iris = self.iris
        nodes = sorted(iris, key=lambda n: f"{lt}{iris[n]}{gt}")
        others = [(iri, "target", label) for iri, label in self.targets.items()]
        others += [(iri, "scheme", iri) for iri in _scheme_groups()]
        if self.unspecified_role:
            others.append((_T["unspecifiedRole"], "role", None))
        others.sort(key=lambda x: f"{lt}{x[0]}{gt}")
        st, ms, ro, re_ = (f"{_ID}{kind}/" for kind in ("statement", "membership", "role", "relatedness"))
        first, second = itemgetter(0), itemgetter(1)
        # each list with its sort key and its subjects (IRI, kind, ref), made for a run in C (map, zip)
        lists = [
            (nodes, lambda n: f"{lt}{iris[n]}{gt}", lambda run: zip(map(iris.__getitem__, run), repeat("node"), run)),
            (self.statements, lambda x: f"{lt}{st}{x[0]}{gt}", lambda run: zip(map(st.__add__, map(first, run)), repeat("statement"), run)),
            (self.memberships, lambda x: f"{lt}{ms}{x[0]}{gt}", lambda run: zip(map(ms.__add__, map(first, run)), repeat("membership"), run)),
            (self.roles, lambda x: f"{lt}{ro}{x[0]}{gt}", lambda run: zip(map(ro.__add__, map(first, run)), repeat("role"), map(second, run))),
            (self.relatedness, lambda x: f"{lt}{re_}{x[0]}{gt}", lambda run: zip(map(re_.__add__, map(first, run)), repeat("relatedness"), run)),
            (others, lambda x: f"{lt}{x[0]}{gt}", iter),
        ]
        for n, lo, hi in _merged_runs([(items, key) for items, key, _ in lists]):
            yield lists[n][2](lists[n][0][lo:hi])

    def _node_groups(self, iri: str, node: str) -> dict[str, list]:
        d, t = self.g._node[node], _T  # the node dict itself: networkx's views cost a call per lookup
        if d["kind"] == "article":
            groups = {_TYPE: [t["Article"], t["NewsArticle"]], t["headline"]: [_plain_literal(d["headline"], ZH)],
                      t["source"]: [_plain_literal(d["source"])]}
        else:
            label = d["label"]
            groups = {_TYPE: [self._classes.get(d["type"]) or self._class(d["type"])],
                      t["label"]: [(label, ZH, None) if type(label) is str else _plain_literal(label, ZH)]}
            aliases = d.get("aliases", ())
            if aliases or aliases is None:  # most entities have none: no list made (None fails, as in to_triples)
                if type(aliases) is list and _STR_ONLY.issuperset(map(type, aliases)):  # as built: made in C
                    groups[t["altLabel"]] = list(zip(aliases, repeat(ZH), repeat(None)))
                else:
                    self._add_objects(groups, t["altLabel"], [_plain_literal(a, ZH) for a in aliases])
            if d.get("themes"):  # most entities have none: no list made
                self._add_objects(groups, t["theme"], [self._concept(theme_iri, n) for n in _as_list(d["themes"])])
            if d.get("targets"):
                self._add_objects(groups, t["targets"], [self._concept(target_iri, x) for x in _as_list(d["targets"])])
        self._add_edge_objects(groups, node)
        related = self._related.get(node)
        if related:
            self._add_objects(groups, t["relatedTo"], [q for q, _ in related])
            self._add_objects(groups, t["relatedness"], [f"{_ID}relatedness/{n}" for _, n in related])
        return groups

    @staticmethod
    def _add_objects(groups: dict[str, list], p: str, objects: list) -> None:
        """`objects` added to the group of `p`, if any: groups are never empty."""
        if objects:
            groups.setdefault(p, []).extend(objects)

    def _add_edge_objects(self, groups: dict[str, list], node: str) -> None:
        """The objects of the node's out-edges, each under its edge key's predicate."""
        iris, predicates = self.iris, self._edge_predicates
        for v, keydict in self.g._succ[node].items():  # the adjacency dict itself, as above
            o = iris[v]
            for key in keydict:
                p = predicates.get(key)
                if p is None:
                    if key == "reportedBy":
                        continue
                    p = predicates[key] = self.predicate(key)
                found = groups.get(p)
                if found is None:
                    groups[p] = [o]
                else:
                    found.append(o)

    def _class(self, type_name: str) -> str:
        iri = self._classes.get(type_name)
        if iri is None:
            iri = self._classes[type_name] = str(UKG[type_name])
        return iri

    def _statement_groups(self, iri: str, ref: tuple) -> dict[str, list]:
        return self.shaped_groups("statement", self._statement_values(ref))

    def _statement_values(self, ref: tuple) -> tuple:
        _, u, v, key, ev = ref
        if type(ev) is RelationEvidence:  # what a built graph holds: attributes read, no call
            article, sentence, start, end = ev.article, ev.sentence, ev.start, ev.end
        else:
            article, sentence, start, end = _relation_evidence(ev)
        t = _T
        if type(sentence) is str and type(start) is int and type(end) is int:
            literals = ((sentence, ZH, None), (int.__repr__(start), None, t["integer"]), (int.__repr__(end), None, t["integer"]))
        else:
            literals = (_plain_literal(sentence, ZH), _plain_literal(start, datatype=_XSD_INTEGER), _plain_literal(end, datatype=_XSD_INTEGER))
        # predicates and articles recur: their IRIs looked up here, made on a miss
        return (self.iris[u], self._predicates.get(key) or self.predicate(key), self.iris[v],
                self._articles.get(article) or self.article(article), *literals)

    def _membership_groups(self, iri: str, ref: tuple) -> dict[str, list]:
        _, u, v, role = ref
        t = _T
        r = f"{_ID}role/{_digest(role)}" if role else t["unspecifiedRole"]
        groups = {_TYPE: [t["Membership"]], t["member"]: [self.iris[u]], t["organization"]: [self.iris[v]], t["role"]: [r]}
        d = self.g.edges[u, v, HOLDS_POST]
        derived = [f"{_ID}statement/{digest}" for digest in self._statement_digests(u, v, HOLDS_POST, d)]
        if derived:
            groups[t["derived"]] = derived
        return groups

    def _role_groups(self, iri: str, role: str | None) -> dict[str, list]:
        label = _plain_literal(role, ZH) if role else _UNSPECIFIED_ROLE_LABEL
        return {_TYPE: [_T["Role"]], _T["label"]: [label]}

    def _relatedness_groups(self, iri: str, ref: tuple) -> dict[str, list]:
        return self.shaped_groups("relatedness", self._relatedness_values(ref))

    def _relatedness_values(self, ref: tuple) -> tuple:
        _, _, q, score, reasons, rank = ref
        return (self.iris[q], _plain_literal(rank, datatype=_XSD_INTEGER), _score_literal(score), list(zip(reasons, repeat(None), repeat(None))))

    def _target_groups(self, iri: str, label: str) -> dict[str, list]:
        t = _T
        return {_TYPE: [t["Concept"]], t["prefLabel"]: [_plain_literal(label, ZH)], t["inScheme"]: [t["target_scheme"]]}

    def _scheme_groups(self, iri: str, subject: str) -> dict[str, list]:
        # copies: the cached lists are not the writers' to change
        return {p: list(objects) for p, objects in _scheme_groups()[subject].items()}


class _TextTerms:
    """Plain terms as Turtle or N-Triples text; IRIs and integers memoised (entities, predicates and offsets recur)."""

    def __init__(self, turtle: bool):
        self.turtle = turtle
        self.writer = _TermWriter(turtle=turtle)
        self.iris: dict = {}  # IRI, or integer literal (lexical, None, datatype), -> its text
        self.layouts: dict[tuple, tuple] = {}  # see `layout`
        self.line_layouts: dict[tuple, tuple] = {}  # see `line_layout`

    def iri(self, iri: str) -> str:
        text = self.iris.get(iri)
        if text is None:
            if iri.startswith(_ID) and not _ID_COMPACTS and not _BAD_IRI.search(iri):  # entities and minted nodes: no prefix to try
                text = self.iris[iri] = f"<{iri}>"
            else:  # refuses what is not an IRI
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
        if lang or dt is None or dt == _XSD_STRING:
            # labels, sentences, reasons: most need no escape (`_escape`'s first test, here without its call)
            if not (lexical.isprintable() and '"' not in lexical and "\\" not in lexical):
                lexical = _escape(lexical)
            return f'"{lexical}"@{lang}' if lang else f'"{lexical}"'
        if dt == _T["integer"]:  # offsets: a few thousand values, met again and again; kept beside the IRIs
            text = self.iris[o] = self._typed(lexical, dt)
            return text
        return self._typed(lexical, dt)

    def _typed(self, lexical: str, dt: str) -> str:
        if self.turtle and ((dt == _T["integer"] and _INTEGER.fullmatch(lexical)) or (dt == _T["decimal"] and _DECIMAL.fullmatch(lexical))):
            return lexical
        return f'"{_escape(lexical)}"^^{self.iri(dt)}'

    def layout(self, predicates: tuple[str, ...]) -> tuple:
        """(a function giving a subject's object lists in Turtle's order of its predicates, `a` first
        then by their text; a list [subject, head, objects, head, objects ...] with the text before each
        predicate's objects in place, to be filled and joined): found once per tuple of predicates,
        which subjects of a kind share.

        >>> objects, pieces = _TextTerms(turtle=True).layout((_T["label"], _TYPE))
        >>> objects({_T["label"]: ["甲"], _TYPE: ["C"]}), pieces
        ((['C'], ['甲']), [None, ' a ', None, ' ;\\n    rdfs:label ', None])
        """
        found = self.layouts.get(predicates)
        if found is None:
            if len(self.layouts) >= _MAX_LAYOUTS:
                self.layouts.clear()
            texts = {p: self.iri(p) for p in predicates}
            order = sorted(predicates, key=lambda p: (p != _TYPE, texts[p]))
            pieces = [None]
            for i, p in enumerate(order):
                pieces += [(" " if i == 0 else " ;\n    ") + ("a" if p == _TYPE else texts[p]) + " ", None]
            getter = itemgetter(*order)
            found = self.layouts[predicates] = (getter if len(order) > 1 else lambda groups: (getter(groups),)), pieces
        return found

    def line_layout(self, predicates: tuple[str, ...]) -> tuple:
        """N-Triples' `layout`: (a function giving a subject's object lists in the order of its
        predicates' text, which is its lines' order; the text between subject and object of each).

        >>> objects, heads = _TextTerms(turtle=False).line_layout((_T["label"], _TYPE))
        >>> objects({_T["label"]: ["甲"], _TYPE: ["C"]}), heads
        ((['C'], ['甲']), [' <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ', ' <http://www.w3.org/2000/01/rdf-schema#label> '])
        """
        found = self.line_layouts.get(predicates)
        if found is None:
            if len(self.line_layouts) >= _MAX_LAYOUTS:
                self.line_layouts.clear()
            order = sorted(predicates, key=self.iri)
            getter = itemgetter(*order)
            found = self.line_layouts[predicates] = ((getter if len(order) > 1 else lambda groups: (getter(groups),)),
                                                     [" " + self.iri(p) + " " for p in order])
        return found


# no prefix of PREFIXES covers the namespace of minted node IRIs: they are always written <...>
_ID_COMPACTS = any(str(ns).startswith(_ID) or _ID.startswith(str(ns)) for ns in PREFIXES.values())
_MAX_LAYOUTS = 100_000  # tuples of predicates kept by `_TextTerms.layout`: far more than a graph has


def write_turtle_and_ntriples(plan: ExportPlan, turtle: Path, ntriples: Path | None = None) -> int:
    """Write the plan's triples as Turtle (what `to_turtle` writes) and N-Triples (`to_ntriples`),
    one subject at a time; returns the number of triples.

    Both order subjects by their text. N-Triples subjects are all <IRI>s, and so are Turtle's
    but for the few written prefix:name (concepts, ukg:unspecifiedRole): those sort after every
    <IRI>, so they are kept aside and written last.
    """
    ttl_terms, nt_terms = _TextTerms(turtle=True), _TextTerms(turtle=False)
    count, compact_blocks = 0, []
    # collections off whoever calls: the groups and texts of every subject are small, short-lived and never cyclic
    with no_gc(), _atomic(turtle) as ttl_out, _atomic(ntriples) as nt_out:
        ttl = _Chunked(ttl_out)
        nt = _Chunked(nt_out, size=256) if nt_out is not None else None  # a subject's lines a piece
        ttl.add("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items())))
        sep = "\n"  # before the first subject; then " .\n\n" between subjects
        layouts = {kind: _ShapedLayout(kind, ttl_terms, nt_terms) for kind in SHAPES}
        for iri, groups, kind in plan.subjects("nt", shaped=SHAPES):
            written = layouts[kind].write(iri, groups, nt is not None) if kind in layouts else None
            if written is not None:
                s, block, lines, n = written
                if nt is not None:
                    nt.add(lines)
            else:
                if kind in layouts:  # values its kind's layout leaves to the general writers
                    groups = plan.shaped_groups(kind, groups)
                if nt is not None:
                    nt.add(_ntriples_block(nt_terms, iri, groups))
                s, block, n = _turtle_block(ttl_terms, iri, groups)
            count += n
            if s.startswith("<"):
                ttl.add2(sep, block)
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


class _ShapedLayout:
    """Turtle and N-Triples of the subjects of a kind of `SHAPES`, from their values: where each
    value goes (predicates sorted by their text, rdf:type's classes written in place) is found once,
    and the first subject's text checked against the general writers'; a subject with an empty
    list, or any subject after a failed check, is left to them (`write` gives None)."""

    def __init__(self, kind: str, ttl: _TextTerms, nt: _TextTerms):
        self.kind, self.ttl, self.nt = kind, ttl, nt
        classes, singles, lists = SHAPES[kind]
        self.singles, self.lists, predicates = len(singles), len(lists), singles + lists
        self.count = len(singles) + len(set(classes))  # triples of a subject but its lists'
        objects, pieces = ttl.layout((_TYPE, *predicates))
        # Turtle: [subject, " a " and the classes, head, value, head, value ...]
        order = [predicates.index(p) for p in objects({p: p for p in (_TYPE, *predicates)})[1:]]
        types = ",\n        ".join(sorted(ttl.term(c) for c in classes))
        self.pieces = [None, pieces[1] + types, *pieces[3:]]
        self.ttl_order = itemgetter(*order) if len(order) > 1 else (lambda values: (values[order[0]],))
        # N-Triples: its lines in order (as `_ntriples_block`'s), each (the text after the subject, the
        # value it takes, None for a class); the lines of a list sorted in their place
        lines = [(" " + nt.iri(_TYPE) + " " + nt.term(c) + " .\n", None) for c in classes]
        lines += [(" " + nt.iri(p) + " ", i) for i, p in enumerate(predicates)]
        self.nt_lines = sorted(set(lines), key=lambda line: line[0])
        self.checked: bool | None = None  # by the first subject with its lists filled

    def write(self, iri: str, values: tuple, ntriples: bool) -> tuple[str, str, str, int] | None:
        """(subject text, its Turtle block, its N-Triples lines if `ntriples`, its number of triples), or None."""
        if not self.checked and not self._check(iri, values):
            return None
        known, term = self.ttl.iris.get, self.ttl.term
        count = self.count
        if self.lists:
            n = self.singles
            texts = [known(o) or term(o) for o in values[:n]]
            for objects in values[n:]:  # their objects sorted, as the general writer does
                if not objects:
                    return None
                count += len(set(objects))
                texts.append(",\n        ".join(sorted(set(map(term, objects)))))  # literals (reasons): no IRI to look up
        else:
            texts = [known(o) or term(o) for o in values]
        s = self.ttl.subject(iri)
        pieces = self.pieces
        pieces[0] = s
        pieces[3::2] = self.ttl_order(texts)
        return s, "".join(pieces), self._ntriples(iri, values) if ntriples else "", count

    def _ntriples(self, iri: str, values: tuple) -> str:
        s, known, term = self.nt.subject(iri), self.nt.iris.get, self.nt.term
        n = self.singles
        lines = []
        for text, i in self.nt_lines:
            if i is None:
                lines.append(s + text)
            elif i < n:
                lines.append(s + text + (known(values[i]) or term(values[i])) + " .\n")
            else:
                lines += [s + text + o + " .\n" for o in sorted(set(map(term, values[i])))]
        return "".join(lines)

    def _check(self, iri: str, values: tuple) -> bool | None:
        """Whether this subject (the first) is written as the general writers write its groups."""
        if self.checked is False or any(not objects for objects in values[self.singles:]):
            return self.checked  # failed before; or lists to fill, checked on a later subject
        self.checked = True
        written = self.write(iri, values, True)
        groups = ExportPlan.shaped_groups(self.kind, values)
        self.checked = (written is not None and (written[0], written[1], written[3]) == _turtle_block(self.ttl, iri, groups)
                        and written[2] == _ntriples_block(self.nt, iri, groups))
        return self.checked


def _ntriples_block(terms: _TextTerms, iri: str, groups: dict[str, list]) -> str:
    """The N-Triples lines of a subject, sorted: by predicate (its text), then by object.

    >>> print(_ntriples_block(_TextTerms(turtle=False), "urn:s", {_T["label"]: [("乙", "zh", None), ("甲", None, None)], _TYPE: [_T["Concept"]]}), end="")
    <urn:s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .
    <urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "乙"@zh .
    <urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "甲" .
    """
    # a line's text after the subject is its predicate's, " " and its object's: no predicate's
    # text is the start of another's (both end with ">"), and no object's is the start of another's
    # but for a character after it above " ", so lines sort as (predicate, object) texts do
    s, term, known = terms.subject(iri), terms.term, terms.iris.get
    objects, heads = terms.line_layout(tuple(groups))
    lines = []
    for head, x in zip(heads, objects(groups)):
        if len(x) == 1:
            lines.append(s + head + (known(x[0]) or term(x[0])) + " .\n")
        else:
            start = s + head
            lines += [start + text + " .\n" for text in sorted({known(o) or term(o) for o in x})]
    return "".join(lines)


def _turtle_block(terms: _TextTerms, iri: str, groups: dict[str, list]) -> tuple[str, str, int]:
    """(subject text, its Turtle without the final " .", its number of distinct triples):
    `a` first, then predicates and objects sorted.

    >>> _turtle_block(_TextTerms(turtle=True), "urn:s", {_T["label"]: [("乙", "zh", None), ("甲", None, None)], _TYPE: [_T["Concept"]]})
    ('<urn:s>', '<urn:s> a skos:Concept ;\\n    rdfs:label "乙"@zh,\\n        "甲"', 3)
    """
    s, term, known = terms.subject(iri), terms.term, terms.iris.get
    objects, pieces = terms.layout(tuple(groups))
    lists = objects(groups)
    # most predicates have one object, whose text is most often known (an IRI's): looked up here,
    # without a call (a literal misses, and is written); None marks a list of several, done below
    texts = [(known(x[0]) or term(x[0])) if len(x) == 1 else None for x in lists]
    count = len(texts)
    if None in texts:
        for i, x in enumerate(lists):
            if texts[i] is None:
                count += len(set(x)) - 1
                texts[i] = ",\n        ".join(sorted({known(o) or term(o) for o in x}))
    # the layout's own list, filled and joined at once (in C): nothing else holds it meanwhile
    pieces[0] = s
    pieces[2::2] = texts
    return s, "".join(pieces), count


def write_jsonld(plan: ExportPlan, path: Path) -> None:
    """Write the plan's triples as `to_jsonld` does, one node a line, one subject at a time."""
    terms = _JsonTerms()
    context = json.dumps(JSONLD_CONTEXT, ensure_ascii=False, sort_keys=True)
    statements: _FixedJsonLayout | None = None
    with no_gc(), _atomic(path) as f:  # as write_turtle_and_ntriples
        out = _Chunked(f)
        out.add('{"@context": ' + context + ', "@graph": [\n')
        sep = ""
        for iri, groups, kind in plan.subjects("iri"):
            if kind == "statement" and statements is None:
                statements = _FixedJsonLayout(terms, iri, groups)
            node = statements.node(iri, groups) if kind == "statement" and statements.checked else terms.node(iri, groups)
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

    def node(self, iri: str, groups: dict[str, list]) -> dict:
        values: dict[str, list] = {}
        for p, objects in groups.items():
            for o in objects if len(objects) == 1 else set(objects):
                key, value = self.entry(p, o)
                values.setdefault(key, []).append(value)
        node = {"@id": self.iri(iri)}
        for key, found in values.items():
            node[key] = found[0] if len(found) == 1 else sorted(found, key=_jsonld_order)
        return node

    def entry(self, p: str, o) -> tuple[str, dict | str]:
        """The key and the value a triple gives its node."""
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
    """Subjects whose groups always hold the same predicates, one object each but rdf:type's
    fixed classes (assertions): each predicate's key found once, from the first subject, and
    checked against the general writer."""

    def __init__(self, terms: _JsonTerms, iri: str, groups: dict[str, list]):
        self.terms = terms
        self.keys = {p: terms.entry(p, objects[0])[0] for p, objects in groups.items() if p != _TYPE}
        classes = groups.get(_TYPE, [])
        types = sorted((terms.compact(o) for o in classes), key=_jsonld_order)
        self.types = types[0] if len(types) == 1 else types
        self.checked = (all(type(o) is str for o in classes) and len(set(classes)) == len(classes)
                        and all(len(objects) == 1 for p, objects in groups.items() if p != _TYPE)
                        and len(set(self.keys.values())) == len(self.keys)
                        and self.node(iri, groups) == terms.node(iri, groups))

    def node(self, iri: str, groups: dict[str, list]) -> dict:
        node = {"@id": self.terms.iri(iri), "@type": self.types}
        value = self.terms.value
        for p, key in self.keys.items():
            node[key] = value(groups[p][0])
        return node


class _Chunked:
    """Text written to a file in chunks of many small pieces."""

    def __init__(self, f, size: int = 2048):
        self.f, self.size, self.pieces = f, size, []

    def add(self, text: str) -> None:
        self.pieces.append(text)
        if len(self.pieces) >= self.size:
            self.flush()

    def add2(self, text: str, more: str) -> None:
        """`add(text + more)`, without that text made."""
        self.pieces += (text, more)
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
