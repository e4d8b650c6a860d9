"""kg.graph: compact evidence records, the page-by-page builder, graph.json written in pieces.

Records and graphs are built by hand with made-up names.
"""

import json

import networkx as nx
import pytest

from kg.graph import (
    MENTIONS,
    AuthorEvidence,
    GraphBuilder,
    MentionEvidence,
    RelationEvidence,
    _add_edges,
    _dumps_indent1,
    build_graph,
    evidence_order,
    from_json,
    json_chunks,
    plain,
    sorted_edges,
    to_json,
    write_json,
)
from kg.model import Article, ArticleResult, Credit, Entity, EntityType, Mention, Predicate, Relation

T = EntityType
HOSTILE = ['say "hi"', "back\\slash", "two\nlines\ttab", "line\u2028sep", "非BMP 𠀀 😀", "\x00\x1f ctl", "</script>&"]


# ---------------------------------------------------------------- records


@pytest.mark.parametrize(
    "record, as_dict",
    [
        (MentionEvidence(3, 7, "市总工会"), {"start": 3, "end": 7, "text": "市总工会"}),
        (AuthorEvidence("记者"), {"role": "记者"}),
        (RelationEvidence("a#0", "乙。", 2, 4, text="甲。乙。"), {"article": "a#0", "sentence": "乙。", "start": 2, "end": 4}),
        (RelationEvidence("a#0", "另一句", 2, 4, text="甲。乙。"), {"article": "a#0", "sentence": "另一句", "start": 2, "end": 4}),
        (RelationEvidence("a#0", "乙。", 2, 4), {"article": "a#0", "sentence": "乙。", "start": 2, "end": 4}),
    ],
)
def test_records_read_like_their_dicts(record, as_dict):
    assert dict(record) == as_dict and record == as_dict and as_dict == record
    assert list(record) == list(as_dict) and len(record) == len(as_dict)
    assert all(record[k] == v and record.get(k) == v and k in record for k, v in as_dict.items())
    assert record.get("nothing") is None and "nothing" not in record
    assert json.dumps(plain([record]), ensure_ascii=False) == json.dumps([as_dict], ensure_ascii=False)
    with pytest.raises(KeyError):
        record["nothing"]


def test_a_relation_sentence_cut_from_the_text_keeps_no_copy():
    text = "甲。乙。"
    ev = RelationEvidence("a#0", text[2:4], 2, 4, text=text)
    assert ev._sentence is None and ev["sentence"] == "乙。"


@pytest.mark.parametrize(
    "a, b, equal",
    [
        (MentionEvidence(1, 2, "甲"), MentionEvidence(1, 2, "甲"), True),
        (MentionEvidence(1, 2, "甲"), MentionEvidence(1, 3, "甲"), False),
        (RelationEvidence("a", "乙。", 2, 4, text="甲。乙。"), RelationEvidence("a", "乙。", 2, 4), True),  # cut vs kept
        (RelationEvidence("a", "乙。", 2, 4), RelationEvidence("a", "丙。", 2, 4), False),
        (AuthorEvidence("记者"), AuthorEvidence("摄影"), False),
    ],
)
def test_equal_records_are_one_in_a_set(a, b, equal):
    assert (a == b) is equal
    assert len({a, b}) == (1 if equal else 2)


@pytest.mark.parametrize(
    "ev",
    [
        {"start": 9, "end": 12, "text": "乙"},
        {"start": 100, "end": 9, "text": HOSTILE[0]},
        {"article": "p#10", "sentence": HOSTILE[2], "start": 5, "end": 50},
        {"role": HOSTILE[3]},
        {"x": [1.5, None, True], "y": {"b": 1, "a": "é"}},
        MentionEvidence(10, 2, HOSTILE[4]),
        RelationEvidence("p#1", HOSTILE[5], 0, 6),
        AuthorEvidence(HOSTILE[6]),
    ],
)
def test_evidence_order_is_the_json_text(ev):
    assert evidence_order(ev) == json.dumps(dict(ev), ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- building


def _results():
    """Two pages' worth of articles: mentions (one repeated), a credit, relations (one
    repeated, one to an entity no mention names, one to a later article's id)."""
    a0 = Article("p#0", "p.txt", 0, "甲", "甲市总工会主席张三。张三说。", (Credit("张三", "记者", 10, 12),))
    a1 = Article("q#0", "q.txt", 0, "乙", "甲市总工会举办活动。")
    union, person = "Union/甲市总工会", "Person/张三"
    m0 = [(Mention("甲市总工会", T.UNION, 0, 5), union), (Mention("张三", T.PERSON, 7, 9), person),
          (Mention("张三", T.PERSON, 10, 12), person), (Mention("张三", T.PERSON, 7, 9), person)]
    r0 = [Relation(person, Predicate.HOLDS_POST, union, "p#0", "甲市总工会主席张三。", 0, 10, role="主席"),
          Relation(person, Predicate.HOLDS_POST, union, "p#0", "甲市总工会主席张三。", 0, 10, role="主席"),
          Relation(person, Predicate.REPORTED_BY, "p#0", "p#0", "张三说。", 10, 14),
          Relation(person, Predicate.REPORTED_BY, "q#0", "p#0", "张三说。", 10, 14),
          Relation(union, Predicate.PART_OF, "Union/没人提到的总工会", "p#0", "甲市总工会主席张三。", 0, 10)]
    r1 = [Relation(union, Predicate.ORGANIZES, "Programme/活动", "q#0", "别处的句子", 0, 5)]
    return [ArticleResult(a0, m0, r0), ArticleResult(a1, [(Mention("甲市总工会", T.UNION, 0, 5), union)], r1)]


def _entities():
    return {k: Entity(k, T(k.split("/")[0]), k.split("/")[1]) for k in ("Union/甲市总工会", "Person/张三")}


def test_the_builder_keeps_edges_whose_ends_are_in_the_graph():
    g = build_graph(_results(), _entities())
    assert sorted(g.edges(keys=True)) == [
        ("Person/张三", "Union/甲市总工会", "holdsPost"),
        ("Person/张三", "p#0", "reportedBy"),  # the article was added before its relations
        ("p#0", "Person/张三", "author"),
        ("p#0", "Person/张三", MENTIONS),
        ("p#0", "Union/甲市总工会", MENTIONS),
        ("q#0", "Union/甲市总工会", MENTIONS),
    ]  # not: reportedBy to q#0 (added later), partOf and organizes to entities no mention names


def test_the_builder_drops_repeats_and_sorts_evidence_and_roles():
    g = build_graph(_results(), _entities())
    assert g.edges["p#0", "Person/张三", MENTIONS]["evidence"] == [{"start": 10, "end": 12, "text": "张三"}, {"start": 7, "end": 9, "text": "张三"}]
    post = g.edges["Person/张三", "Union/甲市总工会", "holdsPost"]
    assert post["roles"] == ["主席"] and post["evidence"] == [{"article": "p#0", "sentence": "甲市总工会主席张三。", "start": 0, "end": 10}]
    assert g.edges["p#0", "Person/张三", "author"] == {"evidence": [{"role": "记者"}]}


def test_the_builder_fed_in_any_page_order_gives_the_same_json():
    results = _results()
    one = GraphBuilder()
    for r in results:
        one.add(r)
    assert to_json(one.graph(_entities())) == to_json(build_graph(results, _entities()))


def test_add_edges_is_add_edges_from():
    edges = [("a", "b", "x", {"evidence": [1]}), ("a", "b", "y", {"evidence": []}), ("b", "a", "x", {})]
    ours, theirs = nx.MultiDiGraph(), nx.MultiDiGraph()
    for g in (ours, theirs):
        g.add_nodes_from("ab")
    _add_edges(ours, edges)
    theirs.add_edges_from(edges)
    assert nx.utils.graphs_equal(ours, theirs) and list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))


# ---------------------------------------------------------------- graph.json


def _hostile_graph() -> nx.MultiDiGraph:
    g = build_graph(_results(), _entities())
    for i, s in enumerate(HOSTILE):
        g.add_node(f"Person/{s}", kind="entity", type="Person", label=s, aliases=[s + "!"], weights=[1.5, float("nan")], extra={"k": None})
        g.add_edge(f"Person/{s}", "Union/甲市总工会", key=f"k{i}", evidence=[{"article": s, "start": i, "end": -i, "sentence": s}])
    g.graph["note"] = HOSTILE[0]
    return g


def _reference_json(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(g, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return json.dumps(plain(data), ensure_ascii=False, indent=1, sort_keys=True)


def _uneven_graph() -> nx.MultiDiGraph:
    """Edges and nodes of one kind (the same keys) side by side, written a key at a time: evidence
    lists long, short and empty, records of several classes, records and values json converts,
    and a str subclass as a key in the middle of a run."""
    g = nx.MultiDiGraph()
    key = type("Key", (str,), {})
    evidence = [
        [MentionEvidence(1, 2, "甲")],
        [MentionEvidence(3, 4, HOSTILE[0]), MentionEvidence(5, 6, "乙"), AuthorEvidence("记者")],
        [],
        [AuthorEvidence("摄影")],
        [MentionEvidence(1.5, None, True)],
        [RelationEvidence("a#1", HOSTILE[2], 0, 5), {"start": 0}],
        [MentionEvidence(7, 8, "丙"), ["x", 1]],
        ["甲", "乙"],
        [MentionEvidence(9, 10, "丁")],
    ]
    for i, ev in enumerate(evidence):
        g.add_edge("a#0", f"Person/{i:02d}", key="mentions", evidence=ev)
        g.add_node(f"Person/{i:02d}", kind="entity", label=HOSTILE[i % len(HOSTILE)], aliases=ev if i % 2 else [], n=i)
    g.add_edge("a#0", "Person/99", key="mentions", **{key("evidence"): [MentionEvidence(0, 1, "戊")]})
    g.add_edge("a#0", "Person/98", key="mentions", evidence=[MentionEvidence(0, 1, "己")], x=1.0)
    g.add_node("Person/96", kind="entity", label="庚", aliases=[], n=True)
    return g


@pytest.mark.parametrize("make", [nx.MultiDiGraph, lambda: build_graph(_results(), _entities()), _hostile_graph, _uneven_graph])
def test_json_in_pieces_is_json_dumps_of_the_node_link_data(make, tmp_path):
    g = make()
    assert to_json(g) == _reference_json(g)
    write_json(g, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == to_json(g)
    assert len(list(json_chunks(g))) >= 3  # written in pieces


def test_json_round_trip_gives_plain_dicts_equal_to_the_records():
    g = build_graph(_results(), _entities())
    back = from_json(to_json(g))
    assert nx.utils.graphs_equal(back, g)
    assert to_json(back) == to_json(g)


@pytest.mark.parametrize(
    "value, indent",
    [
        ({"b": [1, {"x": "é\n"}], "a": {}}, "  "),
        ([MentionEvidence(1, 2, "甲")], " "),
        ({1: "int key"}, "   "),
        ((), ""),
        # records at several depths and beside other values; a record holding a list
        ({"evidence": [MentionEvidence(1, 2, "甲"), {"start": 0}, RelationEvidence("a#1", HOSTILE[2], 0, 5)], "roles": ["主席", "委员"]}, "  "),
        ([[AuthorEvidence("记者")], AuthorEvidence(["摄影", 1.5])], ""),
        (MentionEvidence(-1, 10**20, "\u2028"), "    "),
        # a str subclass as a key or a value, tuples, booleans, None, floats: json's own rules
        ({type("Key", (str,), {})("k"): (True, None, -0.0, float("inf")), "a": ["x", 1]}, " "),
    ],
)
def test_dumps_at_an_indent_is_json_dumps_shifted(value, indent):
    want = json.dumps(plain(value), ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + indent)
    assert _dumps_indent1(value, indent) == want


def test_sorted_edges_is_sorted_g_edges():
    g = nx.MultiDiGraph([("b", "a", "x"), ("a", "c", "y"), ("a", "b", "z"), ("a", "b", "w"), ("c", "a", "a")])
    assert [e[:3] for e in sorted_edges(g)] == sorted(g.edges(keys=True))


@pytest.mark.parametrize(
    "record",
    [
        MentionEvidence(9, 12, "乙"),
        MentionEvidence(10, 2, HOSTILE[4]),
        MentionEvidence(1.5, None, True),  # not what a graph holds, but written as json would
        RelationEvidence("p#1", HOSTILE[5], 0, 6),
        RelationEvidence("p#1", "乙。", 2, 4, text="甲。乙。"),
        AuthorEvidence(HOSTILE[6]),
        AuthorEvidence(None),
    ],
)
def test_a_records_sort_text_is_its_evidence_order(record):
    assert record.sort_text() == evidence_order(record)


@pytest.mark.parametrize("record", [MentionEvidence(3, 7, "市总工会"), MentionEvidence(0, 0, ""), MentionEvidence(True, 1.0, None)])
def test_a_mention_records_hash_is_the_generic_records(record):
    from kg.graph import _Record

    assert hash(record) == _Record.__hash__(record)
