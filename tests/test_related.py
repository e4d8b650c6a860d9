"""Related programmes: scores, reasons checked against the graph, name resolution, CLI.

Graphs are built by hand with made-up names.
"""

import json
import re
import sys
import types
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, seed, settings
from hypothesis import strategies as st

import kg
from kg import related as rel
from kg.cli import main
from kg.graph import MENTIONS, to_json
from kg.related import (
    ProgrammeNameError,
    cosine,
    index_programmes,
    related,
    related_edges,
    resolve_programme,
    tfidf_vectors,
)
from kg.vocab import entity_iri

ROOT = Path(__file__).resolve().parents[1]


def make_graph(programmes, organizes=(), part_of=(), located_in=(), articles=()):
    """programmes: (label, themes, targets, aliases); organizes/partOf/locatedIn: (subject, object)
    label pairs; articles: (id, text), with a mention edge for every programme name in the text."""
    g = nx.MultiDiGraph()
    for label, themes, targets, aliases in programmes:
        g.add_node(f"Programme/{label}", kind="entity", type="Programme", label=label, aliases=list(aliases),
                   themes=list(themes), targets=list(targets))

    def entity(label):
        type_ = "Union" if label.endswith("工会") else "Place" if label.endswith(("省", "市", "区", "县")) else "Organization"
        key = f"{type_}/{label}"
        g.add_node(key, kind="entity", type=type_, label=label, aliases=[])
        return key

    for org, prog in organizes:
        g.add_edge(entity(org), f"Programme/{prog}", key="organizes", evidence=[])
    for pred, pairs in (("partOf", part_of), ("locatedIn", located_in)):
        for s, o in pairs:
            g.add_edge(entity(s), entity(o), key=pred, evidence=[])
    for art, text in articles:
        g.add_node(art, kind="article", source=f"{art}.txt", headline=text[:8], text=text)
        for label, _, _, aliases in programmes:
            for name in [label, *aliases]:
                for m in re.finditer(re.escape(name), text):
                    ev = {"start": m.start(), "end": m.end(), "text": name}
                    if not g.has_edge(art, f"Programme/{label}", MENTIONS):
                        g.add_edge(art, f"Programme/{label}", key=MENTIONS, evidence=[])
                    g.edges[art, f"Programme/{label}", MENTIONS]["evidence"].append(ev)
    return g


PROGRAMMES = [
    ("缘来有你", ["matchmaking"], ["青年职工"], ["缘来"]),
    ("爱心红娘", ["matchmaking"], ["青年职工"], []),
    ("鹊桥会", ["matchmaking", "digital"], [], []),
    ("春蕾助学", ["education-aid"], ["困难职工子女"], []),
    ("阳光助学", ["education-aid", "hardship-relief"], ["困难职工子女"], []),
    ("“星城有约”婚恋交友服务品牌", [], [], []),
    ("匠心课堂", ["skills-and-craftsmen"], [], []),
]
ORGANIZES = [
    ("江东省总工会", "缘来有你"), ("江东省总工会", "爱心红娘"), ("江东省总工会", "春蕾助学"),
    ("东湖市总工会", "鹊桥会"), ("西岭市总工会", "阳光助学"), ("南山市总工会", "匠心课堂"),
    ("星城市总工会", "“星城有约”婚恋交友服务品牌"),
]
PART_OF = [("东湖市总工会", "江东省总工会"), ("西岭市", "江东省"), ("南山市", "江东省")]
LOCATED_IN = [("西岭市总工会", "西岭市"), ("南山市总工会", "南山市")]
ARTICLES = [
    ("p#1", "市总工会举办鹊桥会,为单身青年职工搭建婚恋交友平台。“星城有约”婚恋交友服务品牌也为单身青年职工搭建婚恋交友平台。"),
    ("p#2", "阳光助学为困难职工子女发放助学金。匠心课堂邀请劳模工匠授课,阳光助学同日启动。"),
]


@pytest.fixture(scope="module")
def g():
    return make_graph(PROGRAMMES, ORGANIZES, PART_OF, LOCATED_IN, ARTICLES)


@pytest.fixture(scope="module")
def idx(g):
    return index_programmes(g)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("缘来有你", ["爱心红娘", "鹊桥会", "春蕾助学"]),  # theme+target+organiser, theme+linked organiser, organiser
        ("春蕾助学", ["阳光助学", "爱心红娘", "缘来有你"]),  # theme+target, then the same organiser, ties by label
        ("鹊桥会", ["爱心红娘", "缘来有你", "“星城有约”婚恋交友服务品牌"]),  # linked organiser beats a themeless co-mention
        ("“星城有约”婚恋交友服务品牌", ["鹊桥会"]),  # only the co-mention and description link it
    ],
)
def test_related_order(g, idx, query, expected):
    assert [r.label for r in related(g, f"Programme/{query}", top=3, index=idx)] == expected


@pytest.mark.parametrize(
    "query, other, kinds",
    [
        ("缘来有你", "爱心红娘", ["theme", "target", "organiser"]),
        ("缘来有你", "鹊桥会", ["theme", "linked-organiser"]),
        ("阳光助学", "匠心课堂", ["province", "article", "sentence", "description"]),
        ("鹊桥会", "“星城有约”婚恋交友服务品牌", ["article", "description"]),
        ("春蕾助学", "匠心课堂", []),
    ],
)
def test_reason_kinds(idx, query, other, kinds):
    assert [r.kind for r in rel.score_pair(idx, f"Programme/{query}", f"Programme/{other}")] == kinds


def check_reason(g, idx, p, q, reason):
    """The fact a reason states, looked up in the graph itself."""
    def organisers(x):
        return {u for u, _, k in g.in_edges(x, keys=True) if k == "organizes"}

    if reason.kind in ("theme", "target"):
        attr = "themes" if reason.kind == "theme" else "targets"
        (value,) = reason.about
        return value in g.nodes[p][attr] and value in g.nodes[q][attr] and value in reason.text
    if reason.kind == "organiser":
        (org,) = reason.about
        return org in organisers(p) & organisers(q) and g.nodes[org]["label"] in reason.text
    if reason.kind == "linked-organiser":
        a, b = reason.about
        linked = (a in organisers(p) and b in organisers(q)) or (a in organisers(q) and b in organisers(p))
        return linked and g.has_edge(a, b, "partOf")
    if reason.kind == "province":
        (prov,) = reason.about

        def provinces(x):
            places = {v for o in organisers(x) for _, v, k in g.out_edges(o, keys=True) if k == "locatedIn"}
            return {g.nodes[t]["label"] for pl in places for _, t, k in g.out_edges(pl, keys=True) if k == "partOf"}

        return prov in provinces(p) & provinces(q)
    if reason.kind == "article":
        return all(g.has_edge(a, p, MENTIONS) and g.has_edge(a, q, MENTIONS) for a in reason.about)
    if reason.kind == "sentence":
        art, start = reason.about[0], int(reason.about[1])
        text = g.nodes[art]["text"]
        sentence = text[start : text.index("。", start)]
        named = all(any(n in sentence for n in [g.nodes[x]["label"], *g.nodes[x]["aliases"]]) for x in (p, q))
        return named and sentence[:10] in reason.text
    if reason.kind == "description":
        return f"{cosine(idx.vectors[p], idx.vectors[q]):.2f}" in reason.text
    return False


def test_every_reason_is_true(g, idx):
    checked = 0
    for p, q, score, reasons in related_edges(g, top=10, index=idx):
        assert reasons and score == pytest.approx(sum(r.weight for r in reasons), abs=1e-3)
        for reason in reasons:
            assert check_reason(g, idx, p, q, reason), (p, q, str(reason))
            checked += 1
    assert checked >= 15


def test_reason_checker_can_fail(g, idx):
    fake = rel.Reason("theme", ("safety",), 1.0, "shared theme: safety")
    assert not check_reason(g, idx, "Programme/缘来有你", "Programme/爱心红娘", fake)


def test_related_edges_shape(g, idx):
    edges = related_edges(g, top=2, index=idx)
    by_source = {}
    for p, q, score, _ in edges:
        assert p != q and score > 0
        by_source.setdefault(p, []).append(q)
    assert all(len(v) <= 2 for v in by_source.values())
    scores = {(p, q): s for p, q, s, _ in edges}
    assert all(scores[q, p] == s for (p, q), s in scores.items() if (q, p) in scores)  # symmetric


def test_order_does_not_depend_on_insertion():
    a = make_graph(PROGRAMMES, ORGANIZES, PART_OF, LOCATED_IN, ARTICLES)
    b = make_graph(PROGRAMMES[::-1], ORGANIZES[::-1], PART_OF[::-1], LOCATED_IN[::-1], ARTICLES[::-1])
    for key in rel.programmes(a):
        assert [(r.key, r.score, tuple(map(str, r.reasons))) for r in related(a, key, top=10)] == [
            (r.key, r.score, tuple(map(str, r.reasons))) for r in related(b, key, top=10)
        ]


def test_ties_broken_by_label():
    progs = [(x, ["health"], [], []) for x in ("丙计划", "甲计划", "乙计划", "丁计划")]
    g = make_graph(progs)
    assert [r.label for r in related(g, "Programme/丁计划")] == sorted(["丙计划", "甲计划", "乙计划"])


def test_not_a_programme(g):
    with pytest.raises(KeyError, match="not a programme"):
        related(g, "Union/江东省总工会")


@pytest.mark.parametrize(
    "bags, a, b, expected",
    [
        ({"x": ["婚恋", "交友"], "y": ["婚恋", "交友"], "z": ["助学"]}, "x", "y", 1.0),
        ({"x": ["婚恋"], "y": ["助学"]}, "x", "y", 0.0),
        ({"x": [], "y": ["助学"]}, "x", "y", 0.0),
    ],
)
def test_tfidf_cosine(bags, a, b, expected):
    v = tfidf_vectors(bags)
    assert cosine(v[a], v[b]) == pytest.approx(expected)


def test_token_cache_is_used(tmp_path):
    sentences = ["工会举办婚恋交友活动。"]
    first = rel.jieba_tokens(sentences, cache_dir=tmp_path)
    (cached,) = tmp_path.iterdir()
    cached.write_text(json.dumps([["缓存"]]), encoding="utf-8")
    assert rel.jieba_tokens(sentences, cache_dir=tmp_path) == [["缓存"]] != first


@pytest.mark.parametrize(
    "gazetteer, expected",
    [
        (None, {"江东省"}),  # no gazetteer: the partOf chain in the graph
        ({"西岭市": "江东省", "南山市": "江东省"}, {"江东省"}),
        ({"西岭市": "海西省"}, {"海西省"}),  # the gazetteer wins over the graph
    ],
)
def test_province_with_and_without_gazetteer(monkeypatch, g, gazetteer, expected):
    fake = None  # None in sys.modules makes the import fail
    if gazetteer is not None:
        fake = types.ModuleType("kg.gazetteer")
        fake.lookup = lambda name: gazetteer.get(name)
        fake.province_of = lambda div: types.SimpleNamespace(name=div)
    monkeypatch.setitem(sys.modules, "kg.gazetteer", fake)
    monkeypatch.delattr(kg, "gazetteer", raising=False)  # a real import earlier set the attribute
    assert rel.provinces_of(g, "Union/西岭市总工会") == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("缘来有你", "Programme/缘来有你"),
        ("缘来", "Programme/缘来有你"),  # alias
        ("星城有约", "Programme/“星城有约”婚恋交友服务品牌"),  # unique substring, quotes ignored
        ("“星城有约”婚恋交友服务品牌", "Programme/“星城有约”婚恋交友服务品牌"),
        ("匠心", "Programme/匠心课堂"),
    ],
)
def test_resolve(g, name, expected):
    assert resolve_programme(g, name) == expected


@pytest.mark.parametrize(
    "name, message, candidates",
    [
        ("助学", "matches 2 programmes", ["春蕾助学", "阳光助学"]),
        ("有", "matches 2 programmes", ["“星城有约”婚恋交友服务品牌", "缘来有你"]),
        ("阳光助学计划", "no programme called", ["阳光助学"]),
        ("完全无关", "no programme called", []),
    ],
)
def test_resolve_errors(g, name, message, candidates):
    with pytest.raises(ProgrammeNameError, match=message) as err:
        resolve_programme(g, name)
    assert err.value.candidates[: len(candidates)] == candidates
    assert all(c in str(err.value) for c in candidates)


@pytest.fixture(scope="module")
def graph_file(g, tmp_path_factory):
    path = tmp_path_factory.mktemp("rel") / "graph.json"
    path.write_text(to_json(g), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args, code, needles",
    [
        (["缘来有你", "--top", "2"], 0, ["related to 缘来有你", "爱心红娘", "same organiser: 江东省总工会"]),
        (["助学"], 1, ["matches 2 programmes", "春蕾助学", "阳光助学"]),
        (["阳光助学计划"], 1, ["closest: 阳光助学"]),
        (["--help"], 0, ["Example: kg related"]),
    ],
)
def test_cli(graph_file, tmp_path, args, code, needles):
    result = CliRunner().invoke(main, ["related", *args, "--graph", str(graph_file)], env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == code, result.output
    assert all(n in result.output for n in needles), result.output


def test_cli_json(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["related", "缘来", "--graph", str(graph_file), "--json", "--top", "3"],
                                env={"XDG_CACHE_HOME": str(tmp_path)})
    rows = json.loads(result.output)
    assert [r["label"] for r in rows] == ["爱心红娘", "鹊桥会", "春蕾助学"]
    assert rows[0]["iri"] == str(entity_iri("Programme", "爱心红娘"))
    assert rows[0]["reasons"][0] == "shared theme: matchmaking"
    assert set(rows[0]) >= {"iri", "label", "score", "reasons"}


def test_province_from_real_gazetteer():
    pytest.importorskip("kg.gazetteer")
    progs = [("甲计划", [], [], []), ("乙计划", [], [], []), ("丙计划", [], [], [])]
    g = make_graph(progs, [("昆山市总工会", "甲计划"), ("无锡市总工会", "乙计划"), ("北京市总工会", "丙计划")],
                   located_in=[("昆山市总工会", "昆山市"), ("无锡市总工会", "无锡市"), ("北京市总工会", "北京市")])
    found = related(g, "Programme/甲计划")
    assert [(r.label, [str(x) for x in r.reasons]) for r in found] == [("乙计划", ["organisers in the same province: 江苏省"])]


def load_benchmark():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "related_precision.py"
    spec = importlib.util.spec_from_file_location("related_precision", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "graph_themes, expected",
    [
        ({"A": ["x"], "B": ["x"], "C": ["x"], "D": ["x"], "E": ["y"]}, 1.0),  # every top-3 result shares x
        ({"A": ["x"], "B": ["y"], "C": ["y"], "D": ["y"], "E": ["x"]}, 0.5),  # A finds only E (a miss); B, C, D find 2 of 3
    ],
)
def test_benchmark_judges_with_gold_not_graph(graph_themes, expected):
    bench = load_benchmark()
    gold_themes = {"A": ["x"], "B": ["x"], "C": ["x"], "D": ["x"], "E": ["y"]}
    gold = [{"file": "f.txt", "relations": [], "programme_themes": {f"{n}计划": t for n, t in gold_themes.items()},
             "entities": [{"type": "Programme", "name": f"{n}计划", "aliases": []} for n in gold_themes]}]
    g = make_graph([(f"{n}计划", t, [], []) for n, t in graph_themes.items()])
    assert bench.precision_at(g, gold)["precision@3"] == pytest.approx(expected, abs=0.001)


def test_candidates_above_the_exact_limit_keep_the_top_results(monkeypatch):
    """Pruned candidates give the same top 3 as scoring every pair on the example graph."""
    import kg.related as rel

    g = rel.example_graph()
    idx = rel.index_programmes(g)
    exact = {p: rel.related(g, p, 3, index=idx) for p in idx.keys}
    monkeypatch.setattr(rel, "EXACT_LIMIT", 0)
    pruned_idx = rel.index_programmes(g)
    pruned = {p: rel.related(g, p, 3, index=pruned_idx) for p in idx.keys}
    assert pruned == exact


# ---------------------------------------------------------------- every programme's best, without every pair


def random_graph(seed: int, n: int = 40):
    """`n` made-up programmes with themes, targets, organisers (some linked, some in one
    province) and articles that name several of them in shared or separate sentences."""
    import random

    rng = random.Random(seed)
    themes, targets = ["matchmaking", "education-aid", "digital", "health"], ["青年职工", "困难职工子女", "农民工"]
    words = ["联谊", "助学", "培训", "义诊", "线上", "青年", "困难", "帮扶", "服务", "活动"]
    labels = [f"{rng.choice(words)}{rng.choice(words)}{i}号计划" for i in range(n)]
    programmes = [(label, rng.sample(themes, rng.randint(0, 2)), rng.sample(targets, rng.randint(0, 1)), []) for label in labels]
    unions = ["江东省总工会", "东湖市总工会", "西岭市总工会", "南山市总工会"]
    organizes = [(rng.choice(unions), label) for label in labels if rng.random() < 0.8]
    articles = []
    for i in range(n // 2):
        named = rng.sample(labels, 3)
        text = f"{named[0]}和{named[1]}开展{rng.choice(words)}{rng.choice(words)}。{named[2]}举办{rng.choice(words)}活动。"
        articles.append((f"a#{i}", text))
    return make_graph(programmes, organizes, PART_OF, LOCATED_IN, articles)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("top", [1, 3, 10])
@pytest.mark.parametrize("rare", [0, 2, 32, None])  # every word common; a few rare; most rare; as built
def test_best_related_is_scoring_every_pair(seed, top, rare, monkeypatch):
    if rare is not None:
        monkeypatch.setattr(rel, "RARE_WORD", rare)
        monkeypatch.setattr(rel, "MIN_RARE_WORD", rare)
    g = random_graph(seed)
    idx = index_programmes(g)
    best = rel.BestRelated(idx)
    for p in idx.keys:
        assert best.related(p, top) == related(g, p, top, index=idx), p


def test_best_related_on_the_hand_built_graph(g, idx):
    best = rel.BestRelated(idx)
    assert all(best.related(p, 5) == related(g, p, 5, index=idx) for p in idx.keys)
    assert best.related(idx.keys[0], 0) == []


@pytest.mark.parametrize("seed", range(3))
def test_best_related_cosine_is_the_same_float(seed):
    idx = index_programmes(random_graph(seed))
    best = rel.BestRelated(idx)
    assert all(best.cosine(p, q) == cosine(idx.vectors[p], idx.vectors[q]) for p in idx.keys for q in idx.keys)


@pytest.mark.parametrize("text", ["甲。乙丙。丁", "他说:“好。”我们走。\n新段", "", "。。。", "无句号的一段"])
def test_sentence_spans_at_is_sentence_at(text):
    from kg.text import sentence_at

    spans = rel.SentenceSpans()
    assert [spans.at("a", text, i) for i in range(len(text) + 2)] == [sentence_at(text, i) for i in range(len(text) + 2)]


# ---------------------------------------------------------------- the pieces of BestRelated's score


@pytest.mark.parametrize(
    "orgs, orgs2, kinds",
    [
        (["江东省总工会"], ["江东省总工会"], ["organiser"]),
        (["东湖市总工会"], ["江东省总工会"], ["linked-organiser"]),
        (["江东省总工会"], ["东湖市总工会"], ["linked-organiser"]),
        (["东湖市总工会", "江东省总工会"], ["江东省总工会"], ["organiser"]),  # the link touches the shared one
        (["东湖市总工会", "西岭市总工会"], ["江东省总工会", "南山市总工会"], ["linked-organiser"]),  # no province then
        (["东湖市总工会", "江东省总工会"], ["东湖市总工会", "江东省总工会"], ["organiser", "organiser"]),
        (["西岭市总工会"], ["南山市总工会"], ["province"]),
        (["西岭市总工会"], ["东湖市总工会"], []),  # 东湖市总工会 is located nowhere
        ([], ["江东省总工会"], []),
        ([], [], []),
    ],
)
def test_organiser_weights_are_organiser_reasons(orgs, orgs2, kinds):
    labels = ["甲计划", "乙计划"]
    organizes = [(o, labels[0]) for o in orgs] + [(o, labels[1]) for o in orgs2]
    g = make_graph([(label, [], [], []) for label in labels], organizes, PART_OF, LOCATED_IN)
    idx = index_programmes(g)
    p, q = idx.keys
    reasons = rel._organiser_reasons(idx, p, q, rel.WEIGHTS)
    assert [r.kind for r in reasons] == kinds
    weights = rel.BestRelated(idx)._organiser_weights(idx.organisers[p], idx.organisers[q])
    assert weights == tuple(r.weight for r in reasons) == tuple(rel.WEIGHTS[k] for k in kinds)


@pytest.mark.parametrize(
    "profiles, expected",
    [
        ([], []),
        ([({"t1"}, set(), set())], [[1.0]]),
        ([({"t1", "t2"}, {"g"}, set()), ({"t1"}, {"g"}, set())], [[2.5, 1.5], [1.5, 1.5]]),
        ([(set(), set(), {"u"}), (set(), set(), {"u"}), (set(), set(), {"v"})], [[0.8, 0.8, 0], [0.8, 0.8, 0], [0, 0, 0.8]]),
    ],
)
def test_profile_base_sums(profiles, expected):
    profiles = [tuple(map(frozenset, p)) for p in profiles]
    same_organisers = lambda a, b: (rel.WEIGHTS["organiser"],) * len(a & b)
    assert rel.profile_base_sums(profiles, same_organisers) == expected


@pytest.mark.parametrize("base, extra", [(0.1, (0.2, 0.3)), (0, ()), (0, (0.3,)), (2.5, (0.3, 0.3)), (1.0000001, (0.3,))])
def test_near_totals_add_as_sum_adds_reasons(base, extra):
    """BestRelated._score_near adds a pair's article and sentence weights with reduce: what
    `sum` gives for the reasons' weights in order."""
    from functools import reduce
    from operator import add

    total = reduce(add, extra, base)
    assert total == sum([base, *extra]) and type(total) is type(sum([base, *extra]))


def base_sums_pair_by_pair(profiles, organiser_weights):
    """profile_base_sums as it was: every pair's shared themes, targets and organiser weights summed."""
    theme, target = rel.WEIGHTS["theme"], rel.WEIGHTS["target"]
    sums = [[0.0] * len(profiles) for _ in profiles]
    for i, (themes, targets, orgs) in enumerate(profiles):
        for j in range(i, len(profiles)):
            themes2, targets2, orgs2 = profiles[j]
            shared = (theme,) * len(themes & themes2) + (target,) * len(targets & targets2)
            sums[i][j] = sums[j][i] = sum(shared + organiser_weights(orgs, orgs2))
    return sums


PROFILE = st.tuples(*[st.frozensets(st.sampled_from("abcdefgh"), max_size=4)] * 3)


@seed(20261123)
@settings(max_examples=200, deadline=None)
@given(st.lists(PROFILE, max_size=12))
def test_profile_base_sums_equal_summing_pair_by_pair(profiles):
    asked = []

    def weights(a, b):
        asked.append((a, b))
        return (rel.WEIGHTS["organiser"],) * len(a & b) + (rel.WEIGHTS["province"],) * (len(a | b) % 2)

    got = rel.profile_base_sums(profiles, weights)
    assert len(asked) == len({frozenset([a, b]) for a, b in asked})  # once per pair of organiser sets
    want = base_sums_pair_by_pair(profiles, weights)
    assert got == want
    assert [[type(x) for x in row] for row in got] == [[type(x) for x in row] for row in want]


def test_profile_base_sums_add_in_score_pair_order():
    """Three shared organisers: 0.8 + 0.8 + 0.8 is not 3 * 0.8; the sum is the reasons' sum."""
    orgs = frozenset({"u", "v", "w"})
    weights = lambda a, b: (rel.WEIGHTS["organiser"],) * len(a & b)
    (row,) = rel.profile_base_sums([(frozenset({"t"}), frozenset(), orgs)], weights)
    assert row == [sum([rel.WEIGHTS["theme"]] + [rel.WEIGHTS["organiser"]] * 3)]


@pytest.mark.parametrize(
    "word, expected",
    [("工会", True), ("会", False), ("2025", False), ("3.5%", False), ("+10", False), (" 会", False),
     ("\r\n", False), ("A4", True), ("①②", False), ("二〇二五", True), ("５Ｇ", True)],
)
def test_content_word(word, expected):
    assert rel._content_word(word) is expected
    assert rel._content_word(word) == (len(word.strip()) >= 2 and not rel._numeric(word))  # the old test


@pytest.mark.parametrize(
    "edges, node, expected",
    [
        ([("区", "市", "partOf"), ("市", "省", "partOf")], "区", {"市", "省"}),
        ([("区", "市", "partOf"), ("市", "省", "partOf")], "省", set()),
        ([("区", "市", "partOf"), ("区", "县", "partOf"), ("市", "省", "partOf"), ("县", "省", "partOf")], "区", {"市", "县", "省"}),
        ([("甲", "乙", "partOf"), ("乙", "甲", "partOf")], "甲", {"乙"}),  # a cycle back to the node
        ([("区", "市", "locatedIn"), ("市", "省", "partOf")], "区", set()),  # other predicates are not followed
        ([("市", "省", "partOf")], "镇", set()),  # a node without partOf edges
    ],
)
def test_part_of_ancestors_is_descendants_of_the_view(edges, node, expected):
    g = nx.MultiDiGraph()
    g.add_node(node)
    g.add_edges_from(edges)
    view = rel.part_of_view(g)
    assert rel.part_of_ancestors(g, node) == expected == (nx.descendants(view, node) if node in view else set())


# --- description tokens are jieba.lcut's content words ---


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "。",
        "工会举办婚恋交友活动。",
        "爱心红娘为单身职工牵线搭桥。2025年",
        "张三丰李四光王五郎",  # unknown names: the HMM
        "wifi-6和5G+AI赋能C919项目3.5%增长",  # letters, digits and +#&._%- inside a run
        "各级工会\r\n积极开展“送温暖”活动 \u3000惠及职工12.5万人次",
        "的的的的",
        "𠀀𠀁工会",  # outside jieba's runs
    ],
)
def test_description_tokens_are_jiebas_content_words(sentence):
    import jieba

    assert rel.jieba_tokens([sentence]) == [[w for w in jieba.lcut(sentence) if rel._content_word(w)]]


@pytest.mark.parametrize("seed", range(3))
def test_description_tokens_of_the_sentences_found_for_the_themes(seed):
    """describe_programmes hands the sentences it found for the themes to description_tokens:
    the same tokens as finding them again."""
    g = random_graph(seed)
    sentences = rel.programme_sentences(g)
    assert sentences.keys() == set(rel.programmes(g))
    assert all(ss == list(dict.fromkeys(g.nodes[a]["text"][x:y] for a, x, y in rel.mention_sentences(g, k))) for k, ss in sentences.items())
    assert rel.description_tokens(g, sentences=sentences) == rel.description_tokens(g)


@pytest.mark.parametrize(
    ("programmes", "expected"),
    [(0, 4), (124, 4), (160, 5), (354, 11), (1024, 32), (2000, 32)],
)
def test_rare_word_limit(programmes, expected):
    assert rel.rare_word_limit(programmes) == expected


@seed(20261124)
@settings(max_examples=300, deadline=None)
@given(word=st.text(alphabet=st.sampled_from(list("工会A4 \u3000\t.%+-①²٣") + ["\n"]), max_size=4))
def test_content_word_shortcut_of_jieba_tokens(word):
    """jieba_tokens keeps a word of letters only without asking `_content_word`: the same answer."""
    assert (len(word) > 1 and (word.isalpha() or rel._content_word(word))) == rel._content_word(word)
