"""End to end: seeds in, a deterministic Turtle export out."""

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg.pipeline import build, export

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    export(build([ROOT / "seeds"]), out)
    return out


def test_turtle_parses_with_pyoxigraph(seeds_export):
    store = pyoxigraph.Store()
    with open(seeds_export / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def test_build_is_byte_identical_across_processes(tmp_path, seeds_export):
    # a second interpreter gets a different hash seed: set and dict order must not leak
    code = "import sys; from kg.pipeline import build, export; export(build([sys.argv[1]]), __import__('pathlib').Path(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds"), str(tmp_path)], check=True, env={"PYTHONHASHSEED": "7"})
    for name in ("graph.ttl", "graph.json", "graph.html"):
        assert (tmp_path / name).read_bytes() == (seeds_export / name).read_bytes(), name


# ---------------------------------------------------------------- the streamed global step


def test_linking_page_by_page_equals_linking_every_result_at_once():
    from kg.graph import build_graph, to_json
    from kg.link import collect_entities
    from kg.pipeline import describe_programmes, extract_pages
    from kg.read import read_corpus
    from kg.relations.geo import add_page_part_of

    pages, _ = read_corpus([ROOT / "seeds"])
    results = [r for page in extract_pages(pages) for r in add_page_part_of(list(page))]
    g = build_graph(results, collect_entities(pair for r in results for pair in r.mentions))
    describe_programmes(g)
    assert to_json(g) == to_json(build([ROOT / "seeds"]))


@pytest.mark.parametrize(
    "texts",
    [["双鸭山市总", "市总", "双鸭山市总工会"], ["市 总", "市\u3000总", " "], ["甲"], []],
)
def test_entity_collector_is_collect_entities(texts):
    from kg.link import collect_entities
    from kg.model import EntityType, Mention
    from kg.pipeline import EntityCollector

    linked = [(Mention(t, EntityType.UNION, 0, len(t)), "Union/双鸭山市总工会") for t in texts]
    linked += [(Mention(t, EntityType.PERSON, 0, len(t)), f"Person/{t.strip() or '某'}") for t in texts]
    collector = EntityCollector()
    collector.add(linked[:1])
    collector.add(linked[1:])
    assert collector.entities() == collect_entities(linked)


def test_results_come_in_page_order_and_progress_sees_the_pages():
    from kg.model import Page
    from kg.pipeline import iter_extracted

    pages = [Page(f"p{i}.txt", f"第{i}版\n\n本报讯 市总工会召开会议。", stem=f"p{i}") for i in range(5)]
    seen = []
    found = list(iter_extracted(pages, progress=lambda xs: seen.extend(xs) or xs))
    assert seen == pages and [results[0].article.source for results in found] == [p.source for p in pages]


def test_extraction_leaves_no_cyclic_garbage():
    """The build freezes the collector's objects after each page (Linker.add_page): garbage in
    a reference cycle left by extraction would never be freed (it leaked 0.5 GB at 1000x)."""
    import gc

    from kg.corpus import read_pages
    from kg.pipeline import process_page

    pages = list(read_pages([ROOT / "seeds"]))
    process_page(pages[0])  # lazy loading first: word lists and patterns live on anyway
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for page in pages:
            process_page(page)
        gc.collect()
        left = sorted({type(o).__qualname__ for o in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []


# ---------------------------------------------------------------- programme descriptions


def contexts_of_every_mention(g):
    """The programme contexts as they were: the sentence around every mention span, in edge and
    evidence order, empty spans (a mention outside every sentence) included."""
    from kg.graph import MENTIONS
    from kg.related import SentenceSpans, programmes

    found, out = SentenceSpans(), {}
    for node in programmes(g):
        sentences = {}
        for art, _, key, ed in sorted(g.in_edges(node, keys=True, data=True)):
            if key == MENTIONS:
                text = g.nodes[art]["text"]
                for ev in ed["evidence"]:
                    a, b = found.at(art, text, ev["start"])
                    sentences.setdefault(text[a:b])
        out[node] = list(sentences)
    return out


def test_themes_and_targets_depend_on_the_set_of_contexts_only():
    """describe_programmes finds each programme's sentences once, in `mention_sentences`'
    order, for the themes, the targets and the tokens: the themes and targets equal those of
    every mention's sentence in evidence order, empty ones included."""
    from kg.related import programme_sentences
    from kg.themes import targets_for, themes_for

    g = build([ROOT / "seeds"])
    contexts, every_mention = programme_sentences(g), contexts_of_every_mention(g)
    assert contexts.keys() == every_mention.keys()
    for node, sentences in every_mention.items():
        assert set(contexts[node]) == set(sentences) - {""}
        label = g.nodes[node]["label"]
        assert g.nodes[node]["themes"] == sorted(themes_for(label, sentences)) == sorted(themes_for(label, contexts[node]))
        assert g.nodes[node]["targets"] == sorted(targets_for(label, sentences)) == sorted(targets_for(label, contexts[node]))


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([(8, 10), (2, 4)], ["甲办夜校。", "夜校火!"]),  # article order, not evidence order
        ([(2, 4), (3, 5)], ["甲办夜校。"]),  # one sentence mentioned twice
        ([(2, 4), (20, 21)], ["甲办夜校。"]),  # a span outside every sentence gives none
        ([], []),
    ],
)
def test_programme_sentences(mentions, expected):
    import networkx as nx

    from kg.graph import MENTIONS
    from kg.related import programme_sentences

    g = nx.MultiDiGraph()
    g.add_node("a#0", kind="article", text="甲办夜校。乙。夜校火!")
    g.add_node("Programme/夜校", kind="entity", type="Programme", label="夜校")
    if mentions:
        g.add_edge("a#0", "Programme/夜校", key=MENTIONS, evidence=[{"start": a, "end": b} for a, b in mentions])
    assert programme_sentences(g) == {"Programme/夜校": expected}
