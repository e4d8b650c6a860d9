"""RDF export: contract triples, themes as SKOS, provenance, the extra formats, SHACL.

`sample_graph()` builds a small graph by hand (invented names) with every predicate,
a post with and without a role, programme themes and target groups; test_query and
test_serve use it too.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.graph import build_graph
from kg.model import Article, ArticleResult, Credit, Entity, EntityType, Mention, Predicate, Relation, entity_key
from kg.pipeline import build, export
from kg.query import with_prefixes
from kg.rdf import from_graphml, to_jsonld, to_ntriples, to_rdf, to_triples, to_turtle, write_rdf
from kg.vocab import ORG, UKG, entity_iri, theme_iri

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "ontology" / "shapes.ttl"

T = EntityType
ENTITIES = [
    (T.UNION, "甲市总工会", ["甲市总"]),
    (T.UNION, "甲市乙区总工会", []),
    (T.UNION, "丙公司工会", []),
    (T.PERSON, "张三", []),
    (T.PERSON, "李四", []),
    (T.PERSON, "王五", []),
    (T.ENTERPRISE, "丙公司", []),
    (T.PROGRAMME, "金桥计划", ["金桥"]),
    (T.PLACE, "甲省", []),
    (T.PLACE, "甲市", []),
    (T.PLACE, "乙区", []),
    (T.ORGANIZATION, "甲市教育局", []),
    (T.HONOUR, "甲市五一劳动奖章", []),
]
# article id -> sentences; relations cite them by (article, sentence number)
SENTENCES = {
    "p001#0": [
        "本报记者 王五",
        "甲市总工会主席张三介绍，甲市总推出“金桥计划”，帮助甲市青年职工。",
        "甲市乙区总工会隶属甲市总工会，乙区是甲市的一个区，甲市属甲省。",
        "李四是丙公司工会的职工，参加了金桥计划。",
    ],
    "p002#0": [
        "甲市总工会与甲市教育局联合开展金桥计划。",
        "丙公司获得甲市五一劳动奖章。",
    ],
}
RELATIONS = [
    ("Person/张三", Predicate.HOLDS_POST, "Union/甲市总工会", "p001#0", 1, "主席"),
    ("Person/李四", Predicate.HOLDS_POST, "Union/丙公司工会", "p001#0", 3, None),
    ("Union/甲市总工会", Predicate.ORGANIZES, "Programme/金桥计划", "p001#0", 1, None),
    ("Union/甲市总工会", Predicate.ORGANIZES, "Programme/金桥计划", "p002#0", 0, None),
    ("Organization/甲市教育局", Predicate.ORGANIZES, "Programme/金桥计划", "p002#0", 0, None),
    ("Union/甲市乙区总工会", Predicate.PART_OF, "Union/甲市总工会", "p001#0", 2, None),
    ("Place/乙区", Predicate.PART_OF, "Place/甲市", "p001#0", 2, None),
    ("Place/甲市", Predicate.PART_OF, "Place/甲省", "p001#0", 2, None),
    ("Union/甲市总工会", Predicate.LOCATED_IN, "Place/甲市", "p001#0", 1, None),
    ("Union/甲市乙区总工会", Predicate.LOCATED_IN, "Place/乙区", "p001#0", 2, None),
    ("Union/丙公司工会", Predicate.PART_OF, "Union/甲市乙区总工会", "p001#0", 3, None),
    ("Enterprise/丙公司", Predicate.AWARDED, "Honour/甲市五一劳动奖章", "p002#0", 1, None),
    ("Person/李四", Predicate.PARTICIPATES_IN, "Programme/金桥计划", "p001#0", 3, None),
]


def _article(aid: str) -> Article:
    text = "\n".join(SENTENCES[aid])
    credits = (Credit("王五", "记者", text.index("王五"), text.index("王五") + 2),) if aid == "p001#0" else ()
    return Article(aid, f"pages/{aid.split('#')[0]}.txt", 0, SENTENCES[aid][0], text, credits)


def sample_graph() -> nx.MultiDiGraph:
    """A hand-built graph with every predicate, themes and target groups."""
    entities = {entity_key(t, name): Entity(entity_key(t, name), t, name, frozenset(aliases)) for t, name, aliases in ENTITIES}
    results = []
    for aid in SENTENCES:
        a = _article(aid)
        mentions = []
        for t, name, _ in ENTITIES:
            if name in a.text:
                i = a.text.index(name)
                mentions.append((Mention(name, t, i, i + len(name)), entity_key(t, name)))
        rels = []
        for s, p, o, art, n, role in RELATIONS:
            if art == aid:
                sentence = SENTENCES[aid][n]
                start = a.text.index(sentence)
                rels.append(Relation(s, p, o, aid, sentence, start, start + len(sentence), role))
        results.append(ArticleResult(a, mentions, rels))
    g = build_graph(results, entities)
    g.nodes["Programme/金桥计划"]["themes"] = ["matchmaking", "hardship-relief"]
    g.nodes["Programme/金桥计划"]["targets"] = ["青年职工"]
    return g


def shacl(rdf: Graph):
    """(conforms, report text) of `rdf` against ontology/shapes.ttl; warnings allowed."""
    import pyshacl

    conforms, _, text = pyshacl.validate(rdf, shacl_graph=Graph().parse(SHAPES), allow_warnings=True)
    return conforms, text


@pytest.fixture(scope="module")
def sample_rdf() -> Graph:
    return to_rdf(sample_graph())


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_rdf(sample_graph(), out)
    return out


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    export(build([ROOT / "seeds"]), out)
    return out


def ask(rdf: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(x) for x in row) for row in rdf.query(with_prefixes(query))}


# ---------------------------------------------------------------- contract triples


@pytest.mark.parametrize(
    "query, expected",
    [
        ('SELECT ?l WHERE { ?u a ukg:Union ; skos:altLabel "甲市总"@zh ; rdfs:label ?l }', {("甲市总工会",)}),
        ("SELECT ?o WHERE { ?s rdfs:label \"张三\"@zh ; org:memberOf ?x . ?x rdfs:label ?o }", {("甲市总工会",)}),
        (
            'SELECT ?r WHERE { ?m a org:Membership ; org:member/rdfs:label "张三"@zh ; org:organization/rdfs:label "甲市总工会"@zh ; org:role/rdfs:label ?r }',
            {("主席",)},
        ),
        ('SELECT ?r WHERE { ?m org:member/rdfs:label "李四"@zh ; org:role/rdfs:label ?r }', {("职务未注明",)}),
        ("SELECT ?o WHERE { ?s ukg:organizes ?p . ?s rdfs:label ?o }", {("甲市总工会",), ("甲市教育局",)}),
        ('SELECT ?o WHERE { ?s rdfs:label "乙区"@zh ; ukg:partOf ?x . ?x rdfs:label ?o }', {("甲市",)}),
        ("SELECT ?o WHERE { ?s ukg:locatedIn ?x . ?x rdfs:label ?o }", {("甲市",), ("乙区",)}),
        ("SELECT ?o WHERE { ?s ukg:awarded ?x . ?x rdfs:label ?o }", {("甲市五一劳动奖章",)}),
        ("SELECT ?s WHERE { ?x ukg:participatesIn ?p . ?x rdfs:label ?s }", {("李四",)}),
        ('SELECT ?n WHERE { ?a dcterms:source "pages/p001.txt" ; schema:author ?p . ?p rdfs:label ?n }', {("王五",)}),
        ('SELECT ?p WHERE { ?p ukg:theme ?c . ?c skos:notation "matchmaking" }', {(str(entity_iri("Programme", "金桥计划")),)}),
        ("SELECT ?l WHERE { ?p ukg:targets ?c . ?c skos:prefLabel ?l }", {("青年职工",)}),
    ],
)
def test_contract_patterns(sample_rdf, query, expected):
    assert ask(sample_rdf, query) == expected


def test_theme_scheme_is_in_every_export(seeds_export):
    rdf = Graph().parse(seeds_export / "graph.ttl")
    rows = ask(rdf, 'SELECT ?c ?zh WHERE { ?c skos:notation "matchmaking" ; skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }')
    assert rows == {(str(theme_iri("matchmaking")), "婚恋交友")}
    assert len(ask(rdf, "SELECT ?c WHERE { ?c skos:inScheme <https://w3id.org/union-kg/theme> }")) == 15


@pytest.mark.parametrize("themes", [["dating"], "matchmaking,dating"])
def test_unknown_theme_fails_loudly(themes):
    g = nx.MultiDiGraph()
    g.add_node("Programme/甲", kind="entity", type="Programme", label="甲", themes=themes)
    with pytest.raises(ValueError, match="unknown theme 'dating'"):
        to_rdf(g)


def test_themes_as_comma_string_are_read_as_a_list():
    g = nx.MultiDiGraph()
    g.add_node("Programme/甲", kind="entity", type="Programme", label="甲", themes="health, safety")
    rdf = to_rdf(g)
    assert set(rdf.objects(entity_iri("Programme", "甲"), UKG.theme)) == {theme_iri("health"), theme_iri("safety")}


# ---------------------------------------------------------------- provenance


EVIDENCE = """
SELECT ?sentence ?start ?end ?source WHERE {
  ?st a ukg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      ukg:evidence ?sentence ; ukg:start ?start ; ukg:end ?end ; prov:wasDerivedFrom ?a .
  ?a dcterms:source ?source .
}"""


@pytest.mark.parametrize(
    "subject, predicate, object, n",
    [
        ("Union/甲市总工会", UKG.organizes, "Programme/金桥计划", 2),
        ("Person/张三", ORG.memberOf, "Union/甲市总工会", 1),
        ("Place/甲市", UKG.partOf, "Place/甲省", 1),
        ("Person/李四", UKG.participatesIn, "Programme/金桥计划", 1),
    ],
)
def test_every_relation_traces_to_its_sentence(sample_rdf, subject, predicate, object, n):
    s, o = (entity_iri(*k.split("/", 1)) for k in (subject, object))
    rows = list(sample_rdf.query(with_prefixes(EVIDENCE), initBindings={"s": s, "p": predicate, "o": o}))
    assert len(rows) == n
    for sentence, start, end, source in rows:
        aid = source.split("/")[-1].replace(".txt", "#0")
        assert "\n".join(SENTENCES[aid])[int(start):int(end)] == str(sentence)


def test_membership_is_derived_from_its_assertions(sample_rdf):
    rows = ask(sample_rdf, 'SELECT ?sentence WHERE { ?m org:member/rdfs:label "张三"@zh ; prov:wasDerivedFrom/ukg:evidence ?sentence }')
    assert rows == {(SENTENCES["p001#0"][1],)}


def test_assertion_offsets_are_paired_one_per_node(sample_rdf):
    # several sentences for one fact must not pile up starts and ends on one node
    for st in sample_rdf.subjects(RDF.type, UKG.Assertion):
        assert len(list(sample_rdf.objects(st, UKG.start))) == 1
        assert len(list(sample_rdf.objects(st, UKG.evidence))) == 1


# ---------------------------------------------------------------- other formats


@pytest.mark.parametrize("which", ["sample_export", "seeds_export"])
@pytest.mark.parametrize("name, fmt", [("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_formats_carry_the_turtle_triples(request, which, name, fmt):
    folder = request.getfixturevalue(which)
    turtle = Graph().parse(folder / "graph.ttl", format="turtle")
    assert isomorphic(Graph().parse(folder / name, format=fmt), turtle)


def test_seeds_graphml_gives_the_turtle_triples(seeds_export):
    g = from_graphml((seeds_export / "graph.graphml").read_text(encoding="utf-8"))
    assert isomorphic(to_rdf(g), Graph().parse(seeds_export / "graph.ttl"))


@pytest.mark.parametrize(
    "name, fmt",
    [("graph.ttl", pyoxigraph.RdfFormat.TURTLE), ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES), ("graph.jsonld", pyoxigraph.RdfFormat.JSON_LD)],
)
def test_pyoxigraph_reads_every_format(sample_export, name, fmt):
    turtle = Graph().parse(sample_export / "graph.ttl", format="turtle")
    store = pyoxigraph.Store()
    with open(sample_export / name, "rb") as f:
        store.load(f, format=fmt)
    assert len(store) == len(turtle)


def test_graphml_round_trip_gives_the_same_triples(sample_export):
    g = from_graphml((sample_export / "graph.graphml").read_text(encoding="utf-8"))
    assert nx.utils.graphs_equal(g, sample_graph())
    assert isomorphic(to_rdf(g), Graph().parse(sample_export / "graph.ttl"))


def test_graphml_keeps_type_and_label_plain(sample_export):
    h = nx.read_graphml(sample_export / "graph.graphml")
    assert h.nodes["Union/甲市总工会"]["type"] == "Union"
    assert h.nodes["Union/甲市总工会"]["label"] == "甲市总工会"
    assert h.nodes["Union/甲市总工会"]["aliases"] == '["甲市总"]'


def test_jsonld_has_a_context_and_compact_names(sample_export):
    import json

    data = json.loads((sample_export / "graph.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["ukg"] == "https://w3id.org/union-kg/ontology#"
    assert any(n.get("@type") == "ukg:Union" or "ukg:Union" in n.get("@type", []) for n in data["@graph"])


def test_ntriples_are_sorted_lines(sample_export):
    lines = (sample_export / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(to_rdf(sample_graph()))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's `rapper` is absent: apt-get install -y raptor2-utils (.ci/deps.sh)")
@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_rapper_parses_the_export(seeds_export, name, syntax):
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(seeds_export / name)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    n = int(done.stderr.split("returned")[1].split()[0])
    assert n == len(Graph().parse(seeds_export / "graph.ttl"))


def test_every_format_is_byte_identical_across_processes(tmp_path, seeds_export):
    # the serialisers alone, from the same graph.json: set and dict order must not leak
    code = (
        "import sys, pathlib; from kg.graph import from_json; from kg.rdf import write_rdf; p = pathlib.Path(sys.argv[1]); "
        "write_rdf(from_json((p / 'graph.json').read_text(encoding='utf-8')), pathlib.Path(sys.argv[2]))"
    )
    subprocess.run([sys.executable, "-c", code, str(seeds_export), str(tmp_path)], check=True, env={"PYTHONHASHSEED": "11"})
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"):
        assert (tmp_path / name).read_bytes() == (seeds_export / name).read_bytes(), name


def test_serialisers_are_stable_within_a_process(sample_rdf):
    again = to_rdf(sample_graph())
    for fn in (to_turtle, to_ntriples, to_jsonld):
        assert fn(sample_rdf) == fn(again)


# ---------------------------------------------------------------- SHACL


def test_seeds_export_conforms_to_the_shapes(seeds_export):
    conforms, report = shacl(Graph().parse(seeds_export / "graph.ttl"))
    assert conforms, report


def test_sample_conforms_to_the_shapes(sample_rdf):
    conforms, report = shacl(sample_rdf)
    assert conforms, report


ZHANG = entity_iri("Person", "张三")
UNION = entity_iri("Union", "甲市总工会")


def _first(rdf: Graph, cls: URIRef) -> URIRef:
    return min(rdf.subjects(RDF.type, cls))


def _without(cls: URIRef, p: URIRef):
    return lambda rdf: rdf.remove((_first(rdf, cls), p, None))


DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")
HEADLINE = URIRef("https://schema.org/headline")

# what breaks -> (how, the path the SHACL report must name)
BREAKS = {
    "entity without label": (lambda rdf: rdf.remove((ZHANG, RDFS.label, None)), "rdfs:label"),
    "entity with two labels": (lambda rdf: rdf.add((ZHANG, RDFS.label, Literal("张叁", lang="zh"))), "rdfs:label"),
    "label not in Chinese": (lambda rdf: rdf.set((ZHANG, RDFS.label, Literal("Zhang San", lang="en"))), "rdfs:label"),
    "label without language": (lambda rdf: rdf.set((ZHANG, RDFS.label, Literal("张三"))), "rdfs:label"),
    "two entity types": (lambda rdf: rdf.add((ZHANG, RDF.type, UKG.Union)), "rdf:type"),
    "mentioned node without type": (lambda rdf: rdf.remove((UNION, RDF.type, UKG.Union)), "rdf:type"),
    "membership without role": (_without(ORG.Membership, ORG.role), "org:role"),
    "role without label": (lambda rdf: [rdf.remove((r, RDFS.label, None)) for r in list(rdf.subjects(RDF.type, ORG.Role))], "org:role"),
    "assertion without evidence": (_without(UKG.Assertion, UKG.evidence), "ukg:evidence"),
    "assertion without start": (_without(UKG.Assertion, UKG.start), "ukg:start"),
    "assertion without article": (_without(UKG.Assertion, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")), "prov:wasDerivedFrom"),
    "assertion ending before it starts": (lambda rdf: rdf.set((_first(rdf, UKG.Assertion), UKG.end, Literal(-1))), "ukg:start"),
    "article without source": (_without(UKG.Article, DCT_SOURCE), "dcterms:source"),
    "article without headline": (_without(UKG.Article, HEADLINE), "schema:headline"),
    "theme outside the scheme": (lambda rdf: rdf.add((entity_iri("Programme", "金桥计划"), UKG.theme, SKOS.Concept)), "ukg:theme"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_graph_does_not_conform(sample_rdf, name):
    rdf = Graph() + sample_rdf
    breaking, path = BREAKS[name]
    breaking(rdf)
    conforms, report = shacl(rdf)
    assert not conforms, f"{name} was not caught"
    assert f"Result Path: {path}" in report, report


@pytest.mark.parametrize("broken, code", [(False, 0), (True, 1)])
def test_cli_validate(tmp_path, sample_rdf, broken, code):
    from click.testing import CliRunner

    from kg.cli import main

    rdf = Graph() + sample_rdf
    if broken:
        rdf.remove((ZHANG, RDFS.label, None))
    path = tmp_path / "graph.ttl"
    path.write_text(to_turtle(rdf), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert result.exit_code == code, result.output
    assert f"Conforms: {not broken}" in result.output


# ---------------------------------------------------------------- our Turtle and N-Triples writer


# hostile names: each becomes a label, an alias, a headline and a source path
HOSTILE = [
    'say "hi"',
    "back\\slash \\n not a newline",
    "two\nlines\r\nand a\ttab",
    "<b>bold</b> & {x} | ^ `y`",
    "line\u2028separator\u2029paragraph\u0085next",
    "非BMP 𠀀𪚥 😀 emoji",
    "a name with spaces",
    "control \x00\x01\x1f\x7f chars",
    "trailing backslash \\",
    "'single' '''triple''' \"\"\"quotes\"\"\"",
    "ends with a dot.",
]


def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, name in enumerate(HOSTILE):
        g.add_node(f"a#{i}", kind="article", headline=name, source=f"pages/{name}.txt", text=name)
        g.add_node(f"Person/{name}", kind="entity", type="Person", label=name, aliases=[name + "!", name.upper()])
        g.add_edge(f"a#{i}", f"Person/{name}", key="mentions", evidence=[])
    return g


def test_hostile_strings_survive_our_turtle_and_ntriples():
    triples = to_triples(hostile_graph())
    expected = to_rdf(hostile_graph())
    for text, fmt in ((to_turtle(triples), "turtle"), (to_ntriples(triples), "nt")):
        assert isomorphic(Graph().parse(data=text, format=fmt), expected), fmt
    # and rdflib's own writer agrees with ours
    assert isomorphic(Graph().parse(data=expected.serialize(format="turtle"), format="turtle"), Graph().parse(data=to_turtle(triples), format="turtle"))


@pytest.mark.parametrize("name, fmt", [("graph.ttl", pyoxigraph.RdfFormat.TURTLE), ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES), ("graph.jsonld", pyoxigraph.RdfFormat.JSON_LD)])
def test_hostile_strings_read_back_in_pyoxigraph(tmp_path, name, fmt):
    n = write_rdf(hostile_graph(), tmp_path)
    store = pyoxigraph.Store()
    with open(tmp_path / name, "rb") as f:
        store.load(f, format=fmt)
    labels = {q.object.value for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(str(RDFS.label)), None)}
    assert len(store) == n and set(HOSTILE) <= labels


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's `rapper` is absent: apt-get install -y raptor2-utils (.ci/deps.sh)")
@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_rapper_reads_hostile_strings(tmp_path, name, syntax):
    n = write_rdf(hostile_graph(), tmp_path)
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(tmp_path / name)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr
    assert int(done.stderr.split("returned")[1].split()[0]) == n


@pytest.mark.parametrize("fn", [to_turtle, to_ntriples, to_jsonld])
def test_writers_ignore_the_order_of_the_triples(fn):
    triples = sorted(to_triples(hostile_graph()))
    assert fn(triples) == fn(reversed(triples)) == fn(set(triples))


def test_ntriples_lines_do_not_split_on_unicode_line_ends():
    text = to_ntriples(to_triples(hostile_graph()))
    assert text.splitlines() == text.split("\n")[:-1]


def test_seeds_turtle_is_what_rdflib_would_write(seeds_export):
    from kg.graph import from_json

    g = from_json((seeds_export / "graph.json").read_text(encoding="utf-8"))
    theirs = Graph().parse(data=to_rdf(g).serialize(format="turtle"), format="turtle")
    assert isomorphic(Graph().parse(seeds_export / "graph.ttl"), theirs)


@pytest.mark.parametrize(
    "triple, message",
    [
        ((URIRef("urn:a b"), RDFS.label, Literal("x")), "not a valid IRI"),
        ((URIRef("urn:a"), RDFS.seeAlso, URIRef("urn:<x>")), "not a valid IRI"),
        ((BNode(), RDFS.label, Literal("x")), "blank node"),
    ],
)
@pytest.mark.parametrize("fn", [to_turtle, to_ntriples])
def test_writers_refuse_what_they_cannot_write_faithfully(fn, triple, message):
    with pytest.raises(ValueError, match=message):
        fn([triple])


@pytest.mark.parametrize(
    "literal, turtle",
    [
        (Literal("3", datatype=XSD.integer), "3"),
        (Literal("-0.25", datatype=XSD.decimal), "-0.25"),
        (Literal("2026-11-22", datatype=XSD.date), '"2026-11-22"^^xsd:date'),
        (Literal("x", datatype=XSD.integer), '"x"^^xsd:integer'),
        (Literal("甲", lang="zh"), '"甲"@zh'),
        (Literal('a"b\\c\nd\u2028'), '"a\\"b\\\\c\\nd\\u2028"'),
    ],
)
def test_literal_forms_in_turtle(literal, turtle):
    text = to_turtle([(URIRef("urn:s"), URIRef("urn:p"), literal)])
    assert text.rstrip().endswith(f"<urn:s> <urn:p> {turtle} .")
    assert isomorphic(Graph().parse(data=text, format="turtle"), Graph().add((URIRef("urn:s"), URIRef("urn:p"), literal)))


# ---------------------------------------------------------------- related programmes


@pytest.fixture(scope="module")
def related_rdf() -> Graph:
    from kg.related import example_graph

    return to_rdf(example_graph())


def test_related_programmes_are_exported_with_rank_score_and_reasons(related_rdf):
    from kg.related import example_graph, related_edges

    g = example_graph()
    want = {(str(entity_iri("Programme", g.nodes[p]["label"])), str(entity_iri("Programme", g.nodes[q]["label"])), score, frozenset(map(str, reasons)))
            for p, q, score, reasons in related_edges(g, top=3)}
    rows = related_rdf.query(with_prefixes("""
        SELECT ?p ?q ?score (GROUP_CONCAT(?reason; separator="|") AS ?reasons) WHERE {
          ?p ukg:relatedTo ?q ; ukg:relatedness ?r . ?r a ukg:Relatedness ; ukg:relatedProgramme ?q ; ukg:score ?score ; ukg:reason ?reason
        } GROUP BY ?p ?q ?score"""))
    got = {(str(p), str(q), float(score), frozenset(str(reasons).split("|"))) for p, q, score, reasons in rows}
    assert got == want and want


def test_related_ranks_follow_scores(related_rdf):
    rows = ask(related_rdf, "SELECT ?p ?rank ?score WHERE { ?p ukg:relatedness ?r . ?r ukg:rank ?rank ; ukg:score ?score }")
    by_p: dict = {}
    for p, rank, score in rows:
        by_p.setdefault(p, []).append((int(rank), float(score)))
    for ranked in by_p.values():
        ranks = sorted(ranked)
        assert [r for r, _ in ranks] == list(range(1, len(ranks) + 1))
        assert [s for _, s in ranks] == sorted((s for _, s in ranks), reverse=True)


def test_related_scores_are_decimals(related_rdf):
    scores = list(related_rdf.objects(None, UKG.score))
    assert scores and all(s.datatype == XSD.decimal for s in scores)


def test_related_export_conforms_to_the_shapes(related_rdf):
    conforms, report = shacl(related_rdf)
    assert conforms, report


@pytest.mark.parametrize(
    "name, breaking, path",
    [
        ("relatedness without score", lambda rdf: rdf.remove((_first(rdf, UKG.Relatedness), UKG.score, None)), "ukg:score"),
        ("relatedness without programme", lambda rdf: rdf.remove((None, UKG.relatedness, _first(rdf, UKG.Relatedness))), "[ sh:inversePath ukg:relatedness ]"),
        ("rank zero", lambda rdf: rdf.set((_first(rdf, UKG.Relatedness), UKG.rank, Literal(0))), "ukg:rank"),
        ("related to a place", lambda rdf: rdf.add((entity_iri("Programme", "春蕾助学"), UKG.relatedTo, entity_iri("Place", "甲市"))), "ukg:relatedTo"),
    ],
)
def test_broken_relatedness_does_not_conform(related_rdf, name, breaking, path):
    rdf = Graph() + related_rdf
    breaking(rdf)
    conforms, report = shacl(rdf)
    assert not conforms, f"{name} was not caught"
    assert f"Result Path: {path}" in report, report


def test_write_rdf_reports_the_time_of_each_step(tmp_path):
    timings: dict = {}
    write_rdf(sample_graph(), tmp_path, timings=timings)
    assert set(timings) == {"related", "plan", "turtle+ntriples", "jsonld", "graphml"}


# ---------------------------------------------------------------- the streamed writers


def tricky_graph() -> nx.MultiDiGraph:
    """What the streamed writers must order and merge as the triple-set writers do: article IRIs
    that are prefixes of others (/1, /10), two assertions with one IRI (same article and start),
    posts with and without roles, target groups written <IRI> and prefix:name, themes."""
    g = sample_graph()
    for n in (1, 2, 10, 11):
        g.add_node(f"p003#{n}", kind="article", headline=f"标题{n}", source="pages/p003.txt", text="张三说。")
        g.add_edge(f"p003#{n}", "Person/张三", key="mentions", evidence=[{"start": 0, "end": 2, "text": "张三"}])
    evidence = [{"article": "p003#1", "sentence": "张三说。", "start": 0, "end": 4}, {"article": "p003#1", "sentence": "张三", "start": 0, "end": 2}]
    g.add_edge("Person/张三", "Programme/金桥计划", key="participatesIn", evidence=evidence)
    g.add_edge("Person/张三", "Union/丙公司工会", key="holdsPost", evidence=evidence, roles=["副主席", "委员"])
    g.nodes["Programme/金桥计划"]["targets"] = ["青年职工", "a b%", "1st"]
    return g


def _related_example():
    from kg.related import example_graph

    return example_graph()


@pytest.mark.parametrize("make", [sample_graph, hostile_graph, tricky_graph, _related_example, nx.MultiDiGraph])
def test_streamed_writers_write_what_the_triple_set_writers_do(make, tmp_path):
    g = make()
    triples = to_triples(g)
    n = write_rdf(g, tmp_path)
    assert n == len(triples)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == to_turtle(triples)
    assert (tmp_path / "graph.nt").read_text(encoding="utf-8") == to_ntriples(triples)
    assert (tmp_path / "graph.jsonld").read_text(encoding="utf-8") == to_jsonld(triples)


# hand-made related programmes: reasons none, repeated, hostile; the first relatedness without reasons
RELATED = {
    "first without reasons": [("Programme/金桥计划", "Union/甲市总工会", 1.5, ()), ("Union/甲市总工会", "Programme/金桥计划", 2, ("a", "b"))],
    "repeated reasons": [("Programme/金桥计划", "Union/甲市总工会", 0.1 + 0.2, ("同", "同", "a\"b")),
                         ("Programme/金桥计划", "Place/甲市", 1e-07, ("x\ny", "\u2028"))],
    "a pair twice": [("Programme/金桥计划", "Union/甲市总工会", 1.0, ("a",)), ("Programme/金桥计划", "Union/甲市总工会", 3.0, ("b",))],
}


@pytest.mark.parametrize("related", RELATED.values(), ids=RELATED.keys())
def test_streamed_writers_write_related_programmes_as_the_triple_set_writers_do(related, tmp_path):
    from kg.rdf import ExportPlan, write_jsonld, write_turtle_and_ntriples

    g = tricky_graph()
    triples = to_triples(g, related)
    plan = ExportPlan(g, related)
    assert write_turtle_and_ntriples(plan, tmp_path / "g.ttl", tmp_path / "g.nt") == len(triples)
    write_jsonld(plan, tmp_path / "g.jsonld")
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8") == to_turtle(triples)
    assert (tmp_path / "g.nt").read_text(encoding="utf-8") == to_ntriples(triples)
    assert (tmp_path / "g.jsonld").read_text(encoding="utf-8") == to_jsonld(triples)


@pytest.mark.parametrize(
    "lists",
    [
        [],
        [[1, 2, 3], [], [0]],
        [[1, 2, 3, 7], [3, 4, 5], [0], [3, 3]],  # equal keys: in list order
        [list(range(0, 50, 2)), list(range(1, 50, 2))],  # interleaved: runs of one
        [[5] * 7, [5] * 3],
    ],
)
@pytest.mark.parametrize("most", [1, 2, 1024])
def test_merged_runs_are_what_heapq_merge_gives(lists, most):
    import heapq

    from kg.rdf import _merged_runs

    keyed = [(items, lambda x: -x) for items in [sorted(x, reverse=True) for x in lists]]  # a key of their own
    runs = list(_merged_runs(keyed, most=most))
    assert all(0 < hi - lo <= most for _, lo, hi in runs)
    merged = [(n, keyed[n][0][i]) for n, lo, hi in runs for i in range(lo, hi)]
    expected = [(n, x) for _, n, x in heapq.merge(*[[(-x, n, x) for x in items] for n, (items, _) in enumerate(keyed)])]
    assert merged == expected


def test_escape_is_what_the_pattern_escapes_for_every_code_point():
    from kg.rdf import _ESCAPES, _NEEDS_ESCAPE, _escape

    def reference(text):
        return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)

    for c in range(sys.maxunicode + 1):
        if 0xD800 <= c <= 0xDFFF:
            continue
        for text in (chr(c), "工" + chr(c) + "a"):
            assert _escape(text) == reference(text), hex(c)


def test_a_writer_that_fails_halfway_leaves_no_file(tmp_path):
    g = sample_graph()
    g.add_node("Zzz/甲", kind="entity", type="Zzz", label="甲")  # a class the ontology lacks, met last
    with pytest.raises(AttributeError, match="'Zzz' not in namespace"):
        write_rdf(g, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unknown_theme_fails_before_any_file_is_written(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("Programme/甲", kind="entity", type="Programme", label="甲", themes=["dating"])
    with pytest.raises(ValueError, match="unknown theme 'dating'"):
        write_rdf(g, tmp_path)
    assert list(tmp_path.iterdir()) == []


def odd_graph() -> nx.MultiDiGraph:
    """Attributes networkx's GraphML writer types and escapes: ints, floats, booleans, empty
    strings, quotes, line ends and tabs in ids, nodes and edges without attributes."""
    g = hostile_graph()
    g.add_node('x"<&>\n\r\tid', weight=1.5, flag=True, count=3, empty="", text=" \n ")
    g.add_node("bare")
    g.add_edge("bare", 'x"<&>\n\r\tid', key='k"\n')
    g.add_edge('x"<&>\n\r\tid', "bare", key="w", weight=2, note="a&b<c>", evidence=[{"start": 1}], roles="主席")
    return g


@pytest.mark.parametrize("make", [sample_graph, hostile_graph, tricky_graph, odd_graph, nx.MultiDiGraph])
def test_graphml_written_in_pieces_is_networkx_graphml(make, tmp_path):
    from kg.rdf import to_graphml, write_graphml

    g = make()
    write_graphml(g, tmp_path / "g.graphml")
    assert (tmp_path / "g.graphml").read_bytes() == to_graphml(g).encode("utf-8")


def test_graphml_refuses_what_networkx_refuses(tmp_path):
    from kg.rdf import write_graphml

    g = nx.MultiDiGraph()
    g.add_node("a", nothing=None)
    with pytest.raises(nx.NetworkXError, match="does not support"):
        write_graphml(g, tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("score", [1.8, 2, 2.0, 0, -0.0, 0.1 + 0.2, 1e-07, 123456789.125, 1e20, 1e-300, float("inf"), float("nan")])
def test_score_literal_is_what_rdflib_makes(score):
    from decimal import Decimal

    from kg.rdf import _score_literal

    lit = Literal(format(Decimal(repr(float(score))), "f"), datatype=XSD.decimal)
    assert _score_literal(score) == (str(lit), lit.language, str(lit.datatype))
