"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper."""

import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

sys.path.insert(0, str(Path(__file__).parent))
from test_rdf import sample_graph

from kg.rdf import write_rdf
from kg.serve import make_server

MAX_ROWS = 5
# every triple joined with every other four times over: hours of work on any real graph
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp("serve")
    write_rdf(sample_graph(), out)
    server = make_server(out / "graph.ttl", "127.0.0.1", 0, timeout=1.0, max_rows=MAX_ROWS, workers=2, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()


def wrapper(url, query, fmt=JSON):
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def request(url, data=None, headers=None, method=None):
    """(status, headers, body) of one HTTP request, errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def test_sparqlwrapper_select_json(endpoint):
    q = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c WHERE { ?c skos:notation "matchmaking" }'
    data = wrapper(endpoint, q).query().convert()
    assert [b["c"]["value"] for b in data["results"]["bindings"]] == ["https://w3id.org/union-kg/theme/matchmaking"]


def test_default_prefixes_are_known(endpoint):
    data = wrapper(endpoint, 'SELECT ?l WHERE { ?u a ukg:Union ; skos:altLabel "甲市总"@zh ; rdfs:label ?l }').query().convert()
    assert data["results"]["bindings"][0]["l"] == {"type": "literal", "value": "甲市总工会", "xml:lang": "zh"}


@pytest.mark.parametrize("fmt", [XML, CSV])
def test_sparqlwrapper_other_formats(endpoint, fmt):
    result = wrapper(endpoint, "SELECT ?l WHERE { ?h a ukg:Honour ; rdfs:label ?l }", fmt).query()
    body = result.response.read().decode("utf-8")
    assert "甲市五一劳动奖章" in body
    assert result.response.headers["Content-Type"].startswith({XML: "application/sparql-results+xml", CSV: "text/csv"}[fmt])


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html, text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_accept_header_picks_the_format(endpoint, accept, media):
    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a ukg:Person }"})
    status, headers, _ = request(url, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(media)


def test_post_sparql_query_body(endpoint):
    status, _, body = request(endpoint, b"ASK { ?s a ukg:Programme }", {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_gives_turtle(endpoint):
    q = urllib.parse.urlencode({"query": "CONSTRUCT { ?s a ukg:Honour } WHERE { ?s a ukg:Honour }"}).encode()
    status, headers, body = request(endpoint, q, {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and "ukg:Honour" in body


def test_update_is_refused(endpoint):
    sparql = wrapper(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as e:
        sparql.query()
    assert e.value.code == 403
    # and nothing changed
    data = wrapper(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }").query().convert()
    assert data["boolean"] is False


@pytest.mark.parametrize(
    "data, headers, method, status",
    [
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}, "POST", 403),
        (b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "POST", 403),
        (b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "PUT", 405),
        (None, {}, "DELETE", 405),
        (urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, "POST", 403),
        (urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}, "POST", 403),
        (urllib.parse.urlencode({"query": "SELEC oops"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, "POST", 400),
    ],
)
def test_writes_and_bad_requests_get_a_clear_4xx(endpoint, data, headers, method, status):
    got, _, body = request(endpoint, data, headers, method)
    assert got == status, body
    assert body.strip()


def test_pathological_query_times_out_and_the_endpoint_recovers(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": PATHOLOGICAL})
    status, _, body = request(url)
    assert status == 503 and "time limit" in body
    status, _, body = request(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 200 and json.loads(body)["boolean"] is True


def test_result_size_is_bounded(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
    status, headers, body = request(url)
    assert status == 200 and headers["X-SPARQL-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS


def test_small_results_are_not_marked_truncated(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a ukg:Honour }"})
    status, headers, _ = request(url)
    assert status == 200 and headers.get("X-SPARQL-Truncated") is None


def test_concurrent_queries(endpoint):
    from concurrent.futures import ThreadPoolExecutor

    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    with ThreadPoolExecutor(6) as ex:
        answers = list(ex.map(lambda _: request(url), range(12)))
    assert {status for status, _, _ in answers} == {200}
    assert len({body for *_, body in answers}) == 1


def test_missing_graph_fails_before_listening(tmp_path):
    with pytest.raises(FileNotFoundError, match="no graph at"):
        make_server(tmp_path / "none.ttl", "127.0.0.1", 0)


def test_cli_help_has_an_example():
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Example: kg serve" in result.output
