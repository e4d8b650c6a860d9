"""kg eval: hand-built exports against hand-built gold, and agreement with the shared scorer."""

import importlib.util
import json
from pathlib import Path

import pyoxigraph
import pytest

from kg.evaluate import evaluate, format_report, normalize_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

TTL = """
@prefix ukg: <https://w3id.org/union-kg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <http://x/> .
:a a ukg:Article ; dcterms:source "seeds/p1.txt" ; schema:mentions :u, :u2, :p, :q, :prog ; schema:author :r .
:u a ukg:Union ; rdfs:label "双鸭山市总工会"@zh ; skos:altLabel "市总"@zh .
:u2 a ukg:Union ; rdfs:label "双鸭山市总"@zh .
:p a ukg:Person ; rdfs:label "李璉飞"@zh .
:q a ukg:Person ; rdfs:label "高素质"@zh .
:r a ukg:Person ; rdfs:label "张坤"@zh .
:prog a ukg:Programme ; rdfs:label "雏雁行动"@zh ; ukg:theme :c .
:c skos:notation "cadre-development" .
:p org:memberOf :u .
:u ukg:organizes :prog .
:q org:memberOf :u .
"""

GOLD = {
    "p1.txt": {
        "file": "p1.txt",
        "entities": [
            {"type": "Union", "name": "双鸭山市总工会", "aliases": ["双鸭山市总", "市总"]},
            {"type": "Person", "name": "李璉飞", "aliases": []},
            {"type": "Person", "name": "张坤", "aliases": []},
            {"type": "Person", "name": "于世军", "aliases": []},
            {"type": "Programme", "name": "雏雁行动", "aliases": []},
        ],
        "relations": [
            {"s": "李璉飞", "p": "holdsPost", "o": "双鸭山市总工会", "role": "组织部部长"},
            {"s": "于世军", "p": "holdsPost", "o": "双鸭山市总工会", "role": "主席"},
            {"s": "张坤", "p": "reportedBy", "o": "p1.txt", "role": "记者"},
            {"s": "双鸭山市总工会", "p": "organizes", "o": "雏雁行动"},
        ],
        "programme_themes": {"雏雁行动": ["cadre-development", "ideological-education"]},
    }
}


@pytest.fixture(scope="module")
def report():
    store = pyoxigraph.Store()
    store.load(TTL.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return evaluate(store, GOLD)


@pytest.mark.parametrize(
    "row, expected",
    [
        ("Union", (1, 0, 0)),  # two nodes for one union: one tp, reported as a split below
        ("Person", (2, 1, 1)),  # 高素质 spurious, 于世军 missed
        ("Programme", (1, 0, 0)),
    ],
)
def test_entity_counts(report, row, expected):
    s = report.entities[row]
    assert (s.tp, s.fp, s.fn) == expected


@pytest.mark.parametrize(
    "pred, expected",
    [("holdsPost", (1, 1, 1)), ("reportedBy", (1, 0, 0)), ("organizes", (1, 0, 0)), ("awarded", (0, 0, 0))],
)
def test_relation_counts(report, pred, expected):
    s = report.relations[pred]
    assert (s.tp, s.fp, s.fn) == expected


def test_linking_and_themes(report):
    assert report.splits == ["p1.txt: 双鸭山市总工会"]
    assert (report.themes.tp, report.themes.fp, report.themes.fn) == (1, 0, 1)
    assert "missed Person (1): p1.txt: 于世军" in format_report(report)


@pytest.mark.parametrize("raw, expected", [("“泉城有约”", "泉城有约"), ("116 + N", "116+N"), ("（塔城）", "(塔城)")])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="../shared/eval/score.py is not beside this checkout")
def test_agrees_with_shared_scorer(tmp_path):
    """kg eval and the shared scorer give the same counts on the seeds export."""
    from kg.pipeline import build, export

    export(build([ROOT / "seeds"]), tmp_path)
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    theirs = score.score(score.Graph(str(tmp_path / "graph.ttl")), score.load_gold(SHARED / "gold"))
    store = pyoxigraph.Store()
    with open(tmp_path / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    ours = evaluate(store, json.loads(json.dumps(score.load_gold(SHARED / "gold")))).as_dict()
    for t, m in theirs["entities"]["by_type"].items():
        assert {k: m[k] for k in ("tp", "fp", "fn")} == {k: ours["entities"]["by_type"][t][k] for k in ("tp", "fp", "fn")}, t
    for p, m in theirs["relations"]["by_predicate"].items():
        assert {k: m[k] for k in ("tp", "fp", "fn")} == {k: ours["relations"]["by_predicate"][p][k] for k in ("tp", "fp", "fn")}, p
