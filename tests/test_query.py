"""SPARQL on pyoxigraph: ready-made queries, safe parameters, same answers as rdflib, result formats."""

import json
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef

sys.path.insert(0, str(Path(__file__).parent))
from test_rdf import sample_graph

from kg.cli import main
from kg.query import (
    PREFIXES,
    bind_params,
    format_results,
    load_store,
    named_queries,
    resolve_query,
    run_named,
    run_select,
    with_prefixes,
)
from kg.rdf import write_rdf

# ready-made query, parameters, the labels expected in one column
CASES = [
    ("programmes-by-theme", {"theme": "matchmaking"}, "label", {"金桥计划"}),
    ("programmes-by-theme", {"theme": "health"}, "label", set()),
    ("union-people", {"union": "甲市总工会"}, "post", {"主席"}),
    ("union-people", {"union": "甲市总"}, "name", {"张三"}),
    ("union-people", {"union": "丙公司工会"}, "post", {"职务未注明"}),
    ("province", {"province": "甲省"}, "label", {"甲市总工会", "甲市乙区总工会", "丙公司工会", "金桥计划"}),
    ("province", {"province": "乙区"}, "label", {"甲市乙区总工会", "丙公司工会"}),
    ("organisation-programmes", {"organisation": "甲市教育局"}, "label", {"金桥计划"}),
    ("organisation-programmes", {"organisation": "甲市总工会"}, "theme", {"matchmaking", "hardship-relief"}),
    ("evidence", {"subject": "甲市总工会", "object": "金桥计划"}, "sentence",
     {"甲市总工会主席张三介绍，甲市总推出“金桥计划”，帮助甲市青年职工。", "甲市总工会与甲市教育局联合开展金桥计划。"}),
    ("evidence", {"subject": "张三", "object": "甲市总工会"}, "predicate", {"http://www.w3.org/ns/org#memberOf"}),
    ("themes", {}, "notation", {"matchmaking"}),
]


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("q")
    write_rdf(sample_graph(), out)
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def store(export):
    return load_store(export)


@pytest.fixture(scope="module")
def rdf(export) -> Graph:
    return Graph().parse(export)


def _key(term) -> tuple:
    """A comparable form of a pyoxigraph or rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return ("iri", term.value)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, (pyoxigraph.BlankNode, BNode)):
        return ("bnode",)
    if isinstance(term, pyoxigraph.Literal):
        dt = term.datatype.value if term.datatype and not term.language else None
        return ("literal", term.value, term.language, None if dt == "http://www.w3.org/2001/XMLSchema#string" else dt)
    dt = str(term.datatype) if term.datatype else None
    return ("literal", str(term), term.language, dt)


def _to_rdflib(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    lang = term.language
    dt = term.datatype.value if term.datatype and not lang and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string" else None
    return Literal(term.value, lang=lang, datatype=dt)


def _rdflib_rows(rdf: Graph, text: str, subs: dict) -> list[tuple]:
    result = rdf.query(with_prefixes(text), initBindings={k: _to_rdflib(v) for k, v in subs.items()})
    names = [str(v) for v in result.vars]
    return sorted(tuple(_key(row[n]) if row[n] is not None else None for n in names) for row in result)


@pytest.mark.parametrize("name, params, column, expected", CASES)
def test_named_query(store, name, params, column, expected):
    _, rows = run_named(store, name, params)
    got = {row[column].value for row in rows if column in row}
    if name == "themes":
        assert expected <= got and len(got) == 15
    else:
        assert got == expected


@pytest.mark.parametrize("name, params, column, expected", CASES)
def test_pyoxigraph_and_rdflib_agree(store, rdf, name, params, column, expected):
    q = named_queries()[name]
    subs = bind_params(q, params)
    names, rows = run_select(store, q.text, subs)
    oxi = sorted(tuple(_key(row[n]) if n in row else None for n in names) for row in rows)
    assert oxi == _rdflib_rows(rdf, q.text, subs)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?l WHERE { ?s a ukg:Union ; rdfs:label ?l }",
        "SELECT ?st ?start ?end WHERE { ?st a ukg:Assertion ; ukg:start ?start ; ukg:end ?end }",
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
        "SELECT ?x ?y WHERE { ?x ukg:partOf+ ?y }",
    ],
)
def test_engines_agree_on_plain_queries(store, rdf, query):
    names, rows = run_select(store, query)
    assert sorted(tuple(_key(r[n]) if n in r else None for n in names) for r in rows) == _rdflib_rows(rdf, query, {})


@pytest.mark.parametrize(
    "value",
    ['甲市总工会" } UNION { ?s ?p ?o } #', "甲市总工会'", "x\\\" . ?a ?b ?c", "<urn:x>", "?union"],
)
def test_parameters_are_terms_not_query_text(store, value):
    _, rows = run_named(store, "union-people", {"union": value})
    assert rows == []


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("programmes-by-theme", {}, "needs theme="),
        ("programmes-by-theme", {"theme": "x", "colour": "red"}, "not colour"),
        ("nope", {}, "no query named 'nope'"),
    ],
)
def test_bad_parameters_fail_with_the_reason(store, name, params, message):
    with pytest.raises(ValueError, match=message):
        run_named(store, name, params)


def test_iri_and_integer_parameters_are_checked():
    from kg.query import to_term

    assert to_term("iri", "https://w3id.org/union-kg/ontology#organizes").value.endswith("#organizes")
    with pytest.raises(ValueError):
        to_term("iri", "not an iri> { }")
    with pytest.raises(ValueError):
        to_term("integer", "1; DROP")


def test_every_named_query_documents_its_parameters():
    for q in named_queries().values():
        assert q.description, q.name
        for p in q.params:
            assert p.example and p.doc, (q.name, p.name)
            if p.kind != "page":  # a page number is no term: it moves the LIMIT (`paged`)
                assert f"?{p.name}" in q.text.split("WHERE")[0], f"{q.name}: ?{p.name} must be projected for substitution"


def test_json_format_is_sparql_results_json(store):
    names, rows = run_named(store, "union-people", {"union": "甲市总工会"})
    text = format_results(names, rows, "json")
    parsed = list(pyoxigraph.parse_query_results(text.encode("utf-8"), format=pyoxigraph.QueryResultsFormat.JSON))
    assert [s["post"] for s in parsed] == [pyoxigraph.Literal("主席", language="zh")]
    data = json.loads(text)
    assert data["head"]["vars"] == names
    assert data["results"]["bindings"][0]["post"] == {"type": "literal", "value": "主席", "xml:lang": "zh"}


@pytest.mark.parametrize("fmt, media", [("xml", pyoxigraph.QueryResultsFormat.XML), ("tsv", pyoxigraph.QueryResultsFormat.TSV)])
def test_other_formats_parse_as_sparql_results(store, fmt, media):
    names, rows = run_named(store, "evidence", {"subject": "张三", "object": "甲市总工会"})
    parsed = list(pyoxigraph.parse_query_results(format_results(names, rows, fmt).encode("utf-8"), format=media))
    assert len(parsed) == len(rows) == 1
    assert parsed[0]["sentence"] == rows[0]["sentence"]


def test_csv_format_is_plain_values(store):
    import csv
    import io

    names, rows = run_named(store, "evidence", {"subject": "张三", "object": "甲市总工会"})
    table = list(csv.reader(io.StringIO(format_results(names, rows, "csv"))))
    assert table[0] == names and table[1][names.index("sentence")] == rows[0]["sentence"].value


# a paged query of one row a page, over the sample's evidence: the pages, read in turn, are the whole answer
PAGED_RQ = """# Evidence sentences, one a page.
# param: subject (zh, e.g. 甲) a label
# param: page (page, e.g. 2) which sentence
SELECT ?sentence ?subject WHERE {
  { SELECT DISTINCT ?sentence ?subject WHERE { ?s rdfs:label ?subject . ?a rdf:subject ?s ; ukg:evidence ?sentence } ORDER BY ?sentence LIMIT 1 }
}
"""


@pytest.mark.parametrize(
    "page, expected",
    [(None, ["甲市总工会与甲市教育局联合开展金桥计划。"]), ("1", ["甲市总工会与甲市教育局联合开展金桥计划。"]),
     ("2", ["甲市总工会主席张三介绍，甲市总推出“金桥计划”，帮助甲市青年职工。"]), ("3", [])],
)
def test_a_paged_query_shows_the_page_asked_for(tmp_path, store, page, expected):
    f = tmp_path / "paged.rq"
    f.write_text(PAGED_RQ, encoding="utf-8")
    text, subs = resolve_query(str(f), ["subject=甲市总工会"] + ([f"page={page}"] if page else []))
    _, rows = run_select(store, text, subs)
    assert [r["sentence"].value for r in rows] == expected


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "２"])
def test_a_bad_page_number_is_refused(store, page):
    with pytest.raises(ValueError, match="page must be a whole number from 1"):
        run_named(store, "evidence", {"subject": "张三", "object": "甲市总工会", "page": page})


def test_a_paged_query_needs_exactly_one_limit():
    from kg.query import parse_named_query

    for text in ["SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } } LIMIT 3"]:
        with pytest.raises(ValueError, match="exactly one LIMIT"):
            parse_named_query("x", "# param: page (page, e.g. 2) which\n" + text)


@pytest.fixture(scope="module")
def busy_export(tmp_path_factory) -> Path:
    """The sample, plus a fact between 张三 and 甲市总工会 stated 230 times: more than two pages."""
    from kg.graph import RelationEvidence

    g = sample_graph()
    art = next(n for n, d in g.nodes(data=True) if d.get("kind") == "article")
    g.add_edge("Person/张三", "Union/甲市总工会", key="awarded",
               evidence=[RelationEvidence(art, f"第{i}句。", 1000 + 10 * i, 1004 + 10 * i) for i in range(230)])
    out = tmp_path_factory.mktemp("busy")
    write_rdf(g, out)
    return out / "graph.ttl"


def test_evidence_pages_are_the_whole_answer_in_order(busy_export):
    store = load_store(busy_export)
    size = named_queries()["evidence"].page_size()
    seen, page = [], 1
    while True:
        _, rows = run_named(store, "evidence", {"subject": "张三", "object": "甲市总工会", "page": str(page)})
        seen += [(r["article"].value, int(r["start"].value), r["predicate"].value) for r in rows]
        if len(rows) < size:
            break
        page += 1
    assert page == 3 and len(seen) == len(set(seen)) == 1 + 230  # and the post the sample already states
    assert seen == sorted(seen)


@pytest.mark.parametrize(
    "page, rows, hint",
    [(None, 100, "add page=2 for the next 100"), ("2", 100, "add page=3 for the next 100"), ("3", 31, None)],
)
def test_cli_says_how_to_reach_the_next_page(busy_export, page, rows, hint):
    args = ["query", "evidence", "subject=张三", "object=甲市总工会", "--format", "csv", "--graph", str(busy_export)]
    result = CliRunner().invoke(main, args + ([f"page={page}"] if page else []))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1 + rows  # the header, then the rows: no hint among them
    assert (hint in result.stderr) if hint else not result.stderr


def test_prefixes_come_from_the_vocabulary():
    assert PREFIXES["ukg"] == "https://w3id.org/union-kg/ontology#"
    assert PREFIXES["org"] == "http://www.w3.org/ns/org#"


def test_rq_file_with_header_params(tmp_path, store):
    f = tmp_path / "mine.rq"
    f.write_text("# Posts by label.\n# param: who (zh, e.g. 张三) a person's label\nSELECT ?who ?o WHERE { ?p rdfs:label ?who ; org:memberOf ?o }\n", encoding="utf-8")
    text, subs = resolve_query(str(f), ["who=张三"])
    _, rows = run_select(store, text, subs)
    assert len(rows) == 1


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--list"], "programmes-by-theme theme=matchmaking"),
        (["programmes-by-theme", "theme=matchmaking"], "金桥计划"),
        (["union-people", "union=甲市总工会", "--format", "csv"], "张三,主席"),
        (["SELECT ?l WHERE { ?s a ukg:Honour ; rdfs:label ?l }"], "甲市五一劳动奖章"),
    ],
)
def test_cli(export, args, expected):
    result = CliRunner().invoke(main, ["query", *args, "--graph", str(export)])
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_cli_reports_a_missing_parameter(export):
    result = CliRunner().invoke(main, ["query", "union-people", "--graph", str(export)])
    assert result.exit_code != 0 and "needs union=" in result.output


@pytest.mark.parametrize("name", ["graph.nt", "graph.jsonld"])
def test_store_loads_other_formats_by_extension(export, store, name):
    assert len(load_store(export.parent / name)) == len(store)


def test_binding_a_variable_the_select_clause_omits_says_so(store):
    text, subs = resolve_query("SELECT ?s WHERE { ?s rdfs:label ?l }", ["l=甲"])
    with pytest.raises(ValueError, match=r"to bind \?l, name them in the SELECT clause"):
        run_select(store, text, subs)


# ---------------------------------------------------------------- related programmes


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from kg.graph import from_json
    from kg.pipeline import build
    from kg.pipeline import export as export_graph

    out = tmp_path_factory.mktemp("seeds")
    export_graph(build([Path(__file__).resolve().parents[1] / "seeds"]), out)
    return from_json((out / "graph.json").read_text(encoding="utf-8")), load_store(out / "graph.ttl"), out


def _query_answer(store, label: str) -> list[tuple]:
    _, rows = run_named(store, "related-programmes", {"name": label})
    ranked = {}
    for row in rows:
        ranked.setdefault(int(row["rank"].value), (row["label"].value, float(row["score"].value), set()))[2].add(row["reason"].value)
    return [ranked[r] for r in sorted(ranked)]


def test_related_programmes_query_answers_as_kg_related_does(seeds):
    from kg.related import index_programmes, programmes, related

    g, store, _ = seeds
    idx = index_programmes(g)
    compared = 0
    for key in programmes(g):
        want = [(r.label, r.score, {str(x) for x in r.reasons}) for r in related(g, key, 3, index=idx)]
        assert _query_answer(store, g.nodes[key]["label"]) == want, key
        compared += bool(want)
    assert compared >= 10


def test_related_programmes_query_agrees_with_the_cli(seeds):
    from kg.related import programmes

    g, store, out = seeds
    label = next(g.nodes[k]["label"] for k in programmes(g) if _query_answer(store, g.nodes[k]["label"]))
    result = CliRunner().invoke(main, ["related", label, "--graph", str(out / "graph.json"), "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    cli = [(r["label"], r["score"], set(r["reasons"])) for r in json.loads(result.output)]
    assert _query_answer(store, label) == cli


@pytest.mark.parametrize(
    "graph_text, expected",
    [
        # an alias that is another programme's label names that programme, as `kg related` resolves it
        ("""<urn:p> a ukg:Programme ; rdfs:label "甲"@zh ; skos:altLabel "乙"@zh ; ukg:relatedness <urn:r1> .
            <urn:q> a ukg:Programme ; rdfs:label "乙"@zh ; ukg:relatedness <urn:r2> .
            <urn:r1> ukg:rank 1 ; ukg:score 1.0 ; ukg:relatedProgramme <urn:q> ; ukg:reason "r1" .
            <urn:r2> ukg:rank 1 ; ukg:score 1.0 ; ukg:relatedProgramme <urn:p> ; ukg:reason "r2" .""", [("甲", 1.0, {"r2"})]),
        ("""<urn:p> a ukg:Programme ; rdfs:label "甲"@zh ; skos:altLabel "乙"@zh ; ukg:relatedness <urn:r1> .
            <urn:q> a ukg:Programme ; rdfs:label "丙"@zh .
            <urn:r1> ukg:rank 1 ; ukg:score 0.5 ; ukg:relatedProgramme <urn:q> ; ukg:reason "r1" .""", [("丙", 0.5, {"r1"})]),
    ],
)
def test_related_programmes_query_prefers_labels_to_aliases(graph_text, expected):
    store = pyoxigraph.Store()
    store.load(with_prefixes("").replace("PREFIX ", "@prefix ").replace(">\n", "> .\n").encode() + graph_text.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    assert _query_answer(store, "乙") == expected


def test_stats_counts_the_seven_entity_types_only(export):
    result = CliRunner().invoke(main, ["stats", "--graph", str(export)])
    assert result.exit_code == 0, result.output
    entities = result.output.split("relations")[0].split()[1:]
    counts = dict(zip(entities[::2], map(int, entities[1::2])))
    assert counts == {"Enterprise": 1, "Honour": 1, "Organization": 1, "Person": 3, "Place": 3, "Programme": 1, "Union": 3}


@pytest.mark.parametrize("name, params, column, expected", CASES)
def test_values_block_changes_speed_not_answers(store, name, params, column, expected):
    q = named_queries()[name]
    subs = bind_params(q, params)
    plain = run_select(store, q.text, subs)
    assert run_named(store, name, params) == plain


@pytest.mark.parametrize(
    "text, head",
    [
        ("# finds WHERE { things }\n# param: n (zh, e.g. 甲) a name\nSELECT ?n WHERE { ?s rdfs:label ?n }", "SELECT ?n WHERE {\n  VALUES (?n)"),
        ("SELECT ?n WHERE {\n  { SELECT ?s WHERE { ?s a ukg:Union } }\n  ?s rdfs:label ?n }", "SELECT ?n WHERE {\n  VALUES (?n)"),
        # a paged query's subquery that finds the rows: the parameter goes in there
        ("SELECT ?x ?n WHERE {\n  { SELECT ?s ?n WHERE { ?s rdfs:label ?n } LIMIT 9 }\n  ?s ukg:x ?x }", "{ SELECT ?s ?n WHERE {\n  VALUES (?n)"),
        ("SELECT ?n WHERE {\n { SELECT ?s WHERE { ?s ukg:n ?nn } } ?s rdfs:label ?n }", "SELECT ?n WHERE {\n  VALUES (?n)"),
    ],
)
def test_values_block_goes_at_the_head_of_the_innermost_where_that_uses_it(text, head):
    from kg.query import with_values

    out = with_values(text, {"n": pyoxigraph.Literal("甲", language="zh")})
    assert head in out and out.count("VALUES") == 1
    assert out.splitlines()[0] == text.splitlines()[0]


@pytest.mark.parametrize("value", ['a"b', "a\\b", "a\nb", "\u2028", "𠀀", '" } UNION { ?s ?p ?o } #'])
def test_values_block_writes_hostile_terms_faithfully(store, value):
    from kg.query import with_values

    term = pyoxigraph.Literal(value, language="zh")
    _, rows = run_select(store, with_values("SELECT ?n WHERE { }", {"n": term}))
    assert [r["n"] for r in rows] == [term]
