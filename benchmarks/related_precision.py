"""Precision@3 of `kg related`: do the top results share a theme with the query?

For every programme of the development gold that is in the graph (gold name or
alias equal to a node's label or alias, quotation marks ignored) and shares a
gold theme with at least three other such programmes, ask `related` for the top
three and count the results that share a gold theme with it; results that are
not gold programmes count as misses. Gold themes only judge: `related` reads the
graph's own `themes` attributes, never the gold's.

    python benchmarks/related_precision.py                       # build seeds with gold, then score
    python benchmarks/related_precision.py --graph /tmp/x/graph.json -v
    python benchmarks/related_precision.py --add-gold-programmes  # oracle extraction, see below

`--add-gold-programmes` isolates ranking from extraction: it replaces the graph's
programmes by the gold ones (names, aliases, mentions found by string search in
their page's articles) and adds the gold organizes/partOf/locatedIn edges. Themes
and targets still come only from `kg.themes`, never from the gold.

Programmes that the graph holds twice (an alias linked as its own node) are
judged once: a result that is the query's own gold programme is skipped, and a
gold programme counts once among the results.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph import MENTIONS, from_json  # noqa: E402
from kg.related import index_programmes, normalize_name, programmes, related  # noqa: E402


def load_gold(gold_dir: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def gold_themes(golds: list[dict]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Themes per gold programme name (merged across files), and every normalised surface form -> name."""
    themes: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, str] = {}
    for gold in golds:
        for e in gold["entities"]:
            if e["type"] == "Programme":
                themes[e["name"]] |= set(gold.get("programme_themes", {}).get(e["name"], []))
                for form in [e["name"], *e.get("aliases", [])]:
                    forms.setdefault(normalize_name(form), e["name"])
    return dict(themes), forms


def match_nodes(g: nx.MultiDiGraph, forms: dict[str, str]) -> dict[str, str]:
    """Graph programme key -> gold name, label before aliases."""
    out = {}
    for key in programmes(g):
        d = g.nodes[key]
        for form in [d["label"], *sorted(d.get("aliases", []))]:
            if normalize_name(form) in forms:
                out[key] = forms[normalize_name(form)]
                break
    return out


def add_gold_programmes(g: nx.MultiDiGraph, golds: list[dict]) -> None:
    """Oracle extraction: the graph's programmes replaced by the gold ones, with their
    mentions, and the gold organisation edges."""
    g.remove_nodes_from(programmes(g))
    by_source = defaultdict(list)
    for node, d in g.nodes(data=True):
        if d.get("kind") == "article":
            by_source[Path(d["source"]).stem].append(node)
    for gold in golds:
        types = {e["name"]: e["type"] for e in gold["entities"]}
        labels = {d["label"]: n for n, d in g.nodes(data=True) if d.get("kind") == "entity"}

        def node(name):
            key = labels.get(name) or f"{types[name]}/{name}"
            if key not in g:
                g.add_node(key, kind="entity", type=types[name], label=name, aliases=[])
            return key

        for e in gold["entities"]:
            if e["type"] != "Programme":
                continue
            key = node(e["name"])
            g.nodes[key]["aliases"] = sorted(set(g.nodes[key].get("aliases", [])) | set(e.get("aliases", [])))
            for art in by_source[Path(gold["file"]).stem]:
                text = g.nodes[art]["text"]
                spans = [(i, i + len(f)) for f in [e["name"], *e.get("aliases", [])] for i in _find_all(text, f)]
                if spans:
                    if not g.has_edge(art, key, MENTIONS):
                        g.add_edge(art, key, key=MENTIONS, evidence=[])
                    g.edges[art, key, MENTIONS]["evidence"] += [{"start": a, "end": b, "text": text[a:b]} for a, b in sorted(set(spans))]
        for r in gold["relations"]:
            if r["p"] in ("organizes", "partOf", "locatedIn") and r["s"] in types and r["o"] in types:
                s, o = node(r["s"]), node(r["o"])
                if not g.has_edge(s, o, r["p"]):
                    g.add_edge(s, o, key=r["p"], evidence=[])


def _find_all(text: str, name: str) -> list[int]:
    out, i = [], text.find(name)
    while name and i >= 0:
        out.append(i)
        i = text.find(name, i + 1)
    return out


def add_themes(g: nx.MultiDiGraph) -> str:
    """Fill missing `themes`/`targets` from kg.themes as the pipeline does; says where themes came from."""
    missing = [key for key in programmes(g) if "themes" not in g.nodes[key]]
    if not missing:
        return "graph"
    try:
        from kg.themes import targets_for, themes_for
    except ImportError:
        return "none (kg.themes absent)"
    contexts = _sentences(g)
    for key in missing:
        d = g.nodes[key]
        d["themes"] = sorted(themes_for(d["label"], contexts[key]))
        d.setdefault("targets", sorted(targets_for(d["label"], contexts[key])))
    return f"kg.themes, filled in here for {len(missing)} programmes"


def _sentences(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    from kg.related import mention_sentences

    return {key: [g.nodes[art]["text"][a:b] for art, a, b in mention_sentences(g, key)] for key in programmes(g)}


def precision_at(g: nx.MultiDiGraph, golds: list[dict], k: int = 3, min_peers: int = 3, verbose: bool = False) -> dict:
    themes, forms = gold_themes(golds)
    matched = match_nodes(g, forms)
    # one query node per gold programme: the node whose label is the gold name, else the first
    nodes: dict[str, str] = {}
    for key, name in sorted(matched.items(), key=lambda kv: (g.nodes[kv[0]]["label"] != kv[1], kv[0])):
        nodes.setdefault(name, key)
    peers = {a: {b for b in nodes if b != a and themes[a] & themes[b]} for a in nodes}
    queries = sorted(a for a in nodes if len(peers[a]) >= min_peers)
    idx = index_programmes(g)
    scores = []
    for name in queries:
        found = _distinct(related(g, nodes[name], top=len(idx.keys), index=idx), matched, name)[:k]
        hits = [r for r in found if r.key in matched and themes[matched[r.key]] & themes[name]]
        scores.append(len(hits) / k)
        if verbose:
            marks = " | ".join(f"{'+' if r in hits else '-'}{r.label} {r.score:.2f}" for r in found)
            print(f"  {len(hits)}/{k}  {name}: {marks}")
    return {
        "gold_programmes": len(themes),
        "graph_programmes": len(programmes(g)),
        "matched": len(nodes),
        "queries": len(queries),
        f"precision@{k}": round(sum(scores) / len(scores), 3) if scores else None,
    }


def _distinct(found: list, matched: dict[str, str], name: str) -> list:
    """Results other than the query's own gold programme, one per gold programme:
    duplicate nodes of one programme are a linking error, not a related programme."""
    seen, out = {name}, []
    for r in found:
        gold = matched.get(r.key)
        if gold in seen:
            continue
        if gold:
            seen.add(gold)
        out.append(r)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, help="a graph.json; default: build the seed pages that have gold")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--add-gold-programmes", action="store_true", help="oracle extraction of programmes and organisers")
    ap.add_argument("--top", type=int, default=3)
    ap.add_argument("--fail-under", type=float, help="exit 1 when precision is below this")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per query: + hit, - miss")
    args = ap.parse_args(argv)
    golds = load_gold(args.gold)
    if args.graph:
        g = from_json(args.graph.read_text(encoding="utf-8"))
    else:
        from kg.pipeline import build

        g = build([args.seeds / gold["file"] for gold in golds])
    if args.add_gold_programmes:
        add_gold_programmes(g, golds)
    themes_from = add_themes(g)
    result = precision_at(g, golds, k=args.top, verbose=args.verbose)
    result["themes_from"] = themes_from
    result["oracle_programmes"] = args.add_gold_programmes
    print(json.dumps(result, ensure_ascii=False))
    score = result[f"precision@{args.top}"]
    return 1 if args.fail_under is not None and (score is None or score < args.fail_under) else 0


if __name__ == "__main__":
    sys.exit(main())
