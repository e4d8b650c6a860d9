"""kg.viz: the offline HTML page, its data, and `kg view` (no browser needed here)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import viz
from kg.cli import main
from kg.graph import AUTHOR, MENTIONS, build_graph, entities, from_json, to_json
from kg.model import Article, ArticleResult, Entity, EntityType, Mention, Predicate, Relation

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    "<!--<script>window.__pwned=3//",
    "行\u2028分\u2029隔&amp;<b>",
]


def small_graph(names=("示例市总工会", "张三", "示例区"), sentence="张三当选示例市总工会主席。") -> nx.MultiDiGraph:
    """Two articles, three entities, one holdsPost with a role: records built by hand."""
    union, person, place = names
    ents = {
        f"Union/{union}": Entity(f"Union/{union}", EntityType.UNION, union, frozenset({union[:3] + "总"})),
        f"Person/{person}": Entity(f"Person/{person}", EntityType.PERSON, person),
        f"Place/{place}": Entity(f"Place/{place}", EntityType.PLACE, place),
    }
    a1 = Article("p1#0", "pages/p1.txt", 0, "标题一", sentence)
    a2 = Article("p2#0", "pages/p2.txt", 0, "标题二", place)
    r1 = ArticleResult(a1, [(Mention(union, EntityType.UNION, 0, 1), f"Union/{union}"),
                            (Mention(person, EntityType.PERSON, 0, 1), f"Person/{person}")],
                       [Relation(f"Person/{person}", Predicate.HOLDS_POST, f"Union/{union}", "p1#0", sentence, 0, len(sentence), role="主席")])
    r2 = ArticleResult(a2, [(Mention(place, EntityType.PLACE, 0, 1), f"Place/{place}")])
    return build_graph([r1, r2], ents)


def hostile_graph() -> nx.MultiDiGraph:
    """Hostile labels, aliases, evidence, headlines and source paths."""
    g = small_graph(names=tuple(HOSTILE[:3]), sentence=HOSTILE[3] + HOSTILE[0])
    g.nodes["p1#0"].update(headline=HOSTILE[1], source='pages/"><img src=x onerror="window.__pwned=5">.txt')
    g.nodes["p2#0"].update(headline=HOSTILE[0])
    g.nodes[f"Union/{HOSTILE[0]}"]["aliases"] = [HOSTILE[2], "<svg onload=window.__pwned=6>"]
    return g


def synthetic_graph(n: int) -> nx.MultiDiGraph:
    """`n` entities of all seven types; node i links to i // 3 (a tree, so degrees vary)."""
    g = nx.MultiDiGraph()
    types = [t.value for t in EntityType]
    for i in range(n):
        g.add_node(f"E/{i:05d}", kind="entity", type=types[i % 7], label=f"实体{i}", aliases=[])
    for i in range(1, n):
        g.add_edge(f"E/{i:05d}", f"E/{i // 3:05d}", key="partOf", evidence=[])
    return g


def page_data(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob)


def test_same_graph_gives_byte_identical_page(tmp_path):
    g = small_graph()
    viz.write_html(g, tmp_path / "a.html")
    viz.write_html(from_json(to_json(g)), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_page_fetches_nothing():
    page = viz.render_html(small_graph())
    assert not re.search(r"<(script|img|iframe|link)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "@import" not in page and "@font-face" not in page
    assert "default-src 'none'" in page


def test_every_entity_is_a_node_styled_by_type():
    g = small_graph()
    data = page_data(viz.render_html(g))
    assert sorted(n["id"] for n in data["nodes"]) == entities(g)
    for n in data["nodes"]:
        t = g.nodes[n["id"]]["type"]
        assert (n["group"], n["shape"]) == (t, viz.TYPE_STYLE[t][1])
    assert [t["type"] for t in data["types"]] == ["Union", "Person", "Place"]
    assert "Noto Sans CJK SC" in data["options"]["nodes"]["font"]["face"]


@pytest.mark.parametrize(
    "key, expected",
    [(Predicate.HOLDS_POST.value, "holdsPost: 主席"), (MENTIONS, None), (AUTHOR, None)],
)
def test_edge_labels_carry_the_predicate_and_role(key, expected):
    data = page_data(viz.render_html(small_graph()))
    labels = {e["label"] for e in data["edges"]}
    assert (expected in labels) if expected else not any(label.startswith(key) for label in labels)


def test_panel_data_has_articles_sources_and_evidence():
    data = page_data(viz.render_html(small_graph()))
    info = data["info"]["Person/张三"]
    assert info["articles"] == ["p1#0"] and info["sources"] == [0]  # places in data["sources"]
    assert data["sources"] == ["pages/p1.txt", "pages/p2.txt"]
    assert data["info"]["Place/示例区"]["sources"] == [1] and "articles_total" not in info
    (rel,) = data["relations"].values()
    assert rel["roles"] == ["主席"] and rel["evidence"][0]["sentence"] == "张三当选示例市总工会主席。"
    assert "evidence_total" not in rel and "evidence_command" not in rel


@pytest.mark.parametrize(
    "n, limit, shown, more",
    [(0, 20, 0, 0), (1, 20, 1, 0), (20, 20, 20, 0), (21, 20, 20, 1), (6895, 20, 20, 6875), (3, 0, 0, 3)],
)
def test_cap_keeps_the_first_and_counts_the_rest(n, limit, shown, more):
    items = list(range(n))
    assert viz.cap(items, limit) == (items[:shown], more)


@pytest.mark.parametrize(
    "subject, object_, expected",
    [("张三", "示例市总工会", "kg query evidence subject=张三 object=示例市总工会"),
     ("中车(塔城)公司", "江苏省", "kg query evidence 'subject=中车(塔城)公司' object=江苏省"),
     ("A B", "它's", "kg query evidence 'subject=A B' 'object=它'\"'\"'s'"),
     ("$(rm -rf /)", "`x`", "kg query evidence 'subject=$(rm -rf /)' 'object=`x`'")],
)
def test_evidence_command_is_one_shell_word_per_parameter(subject, object_, expected):
    command = viz.evidence_command(subject, object_)
    assert command == expected
    assert shlex.split(command)[3:] == [f"subject={subject}", f"object={object_}"]


def test_evidence_command_matches_the_ready_made_query():
    from kg.query import named_queries

    query, *words = shlex.split(viz.evidence_command("甲", "乙"))[2:]
    required = [p.name for p in named_queries()["evidence"].params if p.kind != "page"]  # the command shows page 1
    assert query == "evidence" and [w.split("=")[0] for w in words] == required


def busy_graph(sentences: int, mentions: int) -> nx.MultiDiGraph:
    """One holdsPost stated by `sentences` evidence records; the person is mentioned in `mentions` articles."""
    g = small_graph()
    key = ("Person/张三", "Union/示例市总工会", Predicate.HOLDS_POST.value)
    g.edges[key]["evidence"] = [{"article": "p1#0", "sentence": f"第{i}句。", "start": i, "end": i + 4} for i in range(sentences)]
    for i in range(mentions):
        g.add_node(f"x{i:04d}#0", kind="article", type="Article", headline=f"文{i}", source=f"pages/x{i % 3}.txt")
        g.add_edge(f"x{i:04d}#0", "Person/张三", key=MENTIONS)
    return g


@pytest.mark.parametrize("sentences", [viz.EVIDENCE_SHOWN + 1, 250])
def test_a_relation_with_more_evidence_than_the_cap_says_how_many_and_the_command(sentences):
    (rel,) = page_data(viz.render_html(busy_graph(sentences, 0)))["relations"].values()
    assert [e["sentence"] for e in rel["evidence"]] == [f"第{i}句。" for i in range(viz.EVIDENCE_SHOWN)]
    assert rel["evidence_total"] == sentences
    assert rel["evidence_command"] == "kg query evidence subject=张三 object=示例市总工会"


def test_a_node_mentioned_more_than_the_cap_lists_the_first_articles_and_all_sources():
    data = page_data(viz.render_html(busy_graph(1, 120)))
    info = data["info"]["Person/张三"]
    assert info["articles"] == ["p1#0"] + [f"x{i:04d}#0" for i in range(viz.ARTICLES_SHOWN - 1)]
    assert info["articles_total"] == 121
    assert [data["sources"][i] for i in info["sources"]] == ["pages/p1.txt", "pages/x0.txt", "pages/x1.txt", "pages/x2.txt"]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_stays_inside_the_json(payload):
    page, benign = viz.render_html(hostile_graph()), viz.render_html(small_graph())
    assert payload not in page
    assert page.count("<script") == benign.count("<script") and page.count("</script>") == 3
    assert "\u2028" not in page and "\u2029" not in page
    assert any(payload in s for s in strings(page_data(page)))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.mark.parametrize(
    "value, expected",
    [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("工会", "工会")],
)
def test_escape_json(value, expected):
    text = viz.escape_json([value])
    assert text == f'["{expected}"]' and json.loads(text) == [value]


def test_big_graph_hides_low_degree_nodes_and_says_so():
    g = synthetic_graph(5000)
    data = viz.view_data(g)
    assert len(data["nodes"]) == viz.MAX_NODES and len(data["hidden"]["nodes"]) == 5000 - viz.MAX_NODES
    assert data["large"] and not data["options"]["physics"]["enabled"]
    assert "3,000" in data["note"] and "hidden" in data["note"]
    least_kept = min(g.degree(n["id"]) for n in data["nodes"])
    assert max(g.degree(n["id"]) for n in data["hidden"]["nodes"]) <= least_kept


def test_small_graph_physics_is_bounded():
    data = viz.view_data(small_graph())
    physics = data["options"]["physics"]
    assert physics["enabled"] and physics["stabilization"]["iterations"] == viz.STABILIZATION_ITERATIONS
    assert data["note"] == ""


def test_layout_is_deterministic_and_spreads_nodes():
    nodes = [(f"E/{i}", "Person" if i % 2 else "Union", i % 5) for i in range(2000)]
    a, b = viz.layout_positions(nodes), viz.layout_positions(list(reversed(nodes)))
    assert a == b and len(set(a.values())) == len(nodes)


@pytest.mark.parametrize(
    "name, expected",
    [("示例市总工会", "Union/示例市总工会"), ("示例市总", "Union/示例市总工会"), ("张三", "Person/张三")],
)
def test_find_entity_by_label_or_alias(name, expected):
    assert viz.find_entity(small_graph(), name) == expected


def test_find_entity_says_what_is_near():
    with pytest.raises(KeyError, match="示例市总工会"):
        viz.find_entity(small_graph(), "示例")


@pytest.mark.parametrize(
    "key, hops, expected",
    [("Person/张三", 0, {"Person/张三"}),
     ("Person/张三", 1, {"Person/张三", "p1#0", "Union/示例市总工会"}),
     ("Place/示例区", 1, {"Place/示例区", "p2#0"}),
     ("Place/示例区", 5, {"Place/示例区", "p2#0"})],
)
def test_neighbourhood_counts_articles_as_steps(key, hops, expected):
    assert set(viz.neighbourhood(small_graph(), key, hops)) == expected


def test_kg_view_writes_the_neighbourhood(tmp_path):
    (tmp_path / "graph.json").write_text(to_json(small_graph()), encoding="utf-8")
    out = tmp_path / "view.html"
    res = CliRunner().invoke(main, ["view", "示例市总", "--hops", "1", "--graph", str(tmp_path / "graph.json"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["focus"] == "Union/示例市总工会"
    assert {n["id"] for n in data["nodes"]} == {"Union/示例市总工会", "Person/张三", "p1#0"}


def test_kg_view_unknown_name_fails_with_a_message(tmp_path):
    (tmp_path / "graph.json").write_text(to_json(small_graph()), encoding="utf-8")
    res = CliRunner().invoke(main, ["view", "不存在", "--graph", str(tmp_path / "graph.json"), "--out", str(tmp_path / "x.html")])
    assert res.exit_code != 0 and "不存在" in res.output


def test_kg_view_has_help_with_example():
    assert "Example: kg view" in CliRunner().invoke(main, ["view", "--help"]).output


def _page_in_one_piece(g, **options) -> str:
    """The page as it was made before it was streamed: the whole data, one json.dumps."""
    data = viz.view_data(g, **options)
    page = "".join(viz.page_chunks(g, **options))
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return page[: blob.start(1)] + viz.escape_json(data) + page[blob.end(1):] if blob else None


@pytest.mark.parametrize(
    "make, options",
    [
        (small_graph, {}),
        (hostile_graph, {"with_articles": True}),
        (lambda: synthetic_graph(60), {"max_nodes": 10}),
        (lambda: synthetic_graph(60), {"max_nodes": 10, "focus": "E/00059", "title": "<焦点>", "physics_limit": 5}),
        (lambda: nx.relabel_nodes(synthetic_graph(12), {f"E/{i:05d}": i for i in range(12)}), {"max_nodes": 5}),  # int ids
    ],
)
def test_the_streamed_page_is_the_page_of_the_whole_data(make, options, tmp_path):
    g = make()
    page = viz.render_html(g, **options)
    assert page == _page_in_one_piece(g, **options)
    viz.write_html(g, tmp_path / "p.html", **options)
    assert (tmp_path / "p.html").read_text(encoding="utf-8") == page
