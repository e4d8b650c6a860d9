"""First-draw time of graph.html for a synthetic 5,000-node graph in headless Chromium.

    python benchmarks/viz_bench.py                 # 5,000 nodes, default page settings
    python benchmarks/viz_bench.py --nodes 10000 --runs 5 --show-all

Prints the time to write the page, its size, and per run: the time from navigation
start to the page's first `afterDrawing` event (window.kg.firstDrawMs), the time
to select and focus a node with its panel, and the time of one redraw after a zoom. Needs /usr/bin/chromium and the playwright package.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg import viz
from kg.model import EntityType

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_graph(n: int, seed: int = 5) -> nx.MultiDiGraph:
    """`n` entities of the seven types, ~2n relations with preferential attachment, n/4 articles."""
    rng = random.Random(seed)
    types = [t.value for t in EntityType]
    g = nx.MultiDiGraph()
    keys = [f"{types[i % 7]}/实体{i:05d}" for i in range(n)]
    for i, k in enumerate(keys):
        g.add_node(k, kind="entity", type=types[i % 7], label=f"实体{i:05d}", aliases=[f"别名{i:05d}"])
    targets = keys[:3]
    for i, k in enumerate(keys[3:], 3):
        for _ in range(2):
            t = rng.choice(targets)
            g.add_edge(k, t, key="partOf", evidence=[{"article": "a#0", "sentence": f"{k}隶属于{t}。", "start": 0, "end": 1}])
            targets.append(t)
        targets.append(k)
    for a in range(n // 4):
        aid = f"page{a % 20:02d}#{a}"
        g.add_node(aid, kind="article", source=f"pages/page{a % 20:02d}.txt", headline=f"标题{a}", index=a, text="")
        for k in rng.sample(keys, 4):
            g.add_edge(aid, k, key="mentions", evidence=[{"start": 0, "end": 1, "text": "x"}])
    return g


REDRAW = """() => new Promise(done => { const t = performance.now();
    kg.network.once("afterDrawing", () => done(performance.now() - t));
    kg.network.moveTo({scale: kg.network.getScale() * 1.5}); })"""


def measure(path: Path, runs: int, shot: Path | None = None) -> list[tuple[float, float, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as profile:
                ctx = p.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", args=ARGS,
                                                           headless=True, viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                first = page.evaluate("kg.firstDrawMs")
                t = time.perf_counter()
                page.evaluate("kg.select(kg.data.nodes[0].id)")
                select_ms = (time.perf_counter() - t) * 1000
                page.wait_for_timeout(400)
                out.append((first, select_ms, page.evaluate(REDRAW)))
                if shot:
                    page.evaluate("kg.network.fit()")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(shot))
                ctx.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shot", type=Path, help="save a screenshot of the fitted page here")
    ap.add_argument("--show-all", action="store_true", help="draw every node (no hiding of low-degree nodes)")
    args = ap.parse_args(argv)
    g = synthetic_graph(args.nodes)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "graph.html"
        t = time.perf_counter()
        viz.write_html(g, path, **({"max_nodes": args.nodes} if args.show_all else {}))
        write_s = time.perf_counter() - t
        data = viz.view_data(g, **({"max_nodes": args.nodes} if args.show_all else {}))
        print(f"{args.nodes} entities, {g.number_of_edges()} edges; drawn {len(data['nodes'])} nodes, "
              f"{len(data['edges'])} edges, physics {'off' if data['large'] else 'on'}; "
              f"write_html {write_s:.2f} s, {path.stat().st_size / 1e6:.1f} MB")
        try:
            runs = measure(path, args.runs, args.shot)
        except ImportError:
            print("playwright not installed: pip install -e '.[test]'", file=sys.stderr)
            return 1
    for i, (first, select, redraw) in enumerate(runs, 1):
        print(f"run {i}: first draw {first:.0f} ms after navigation start, "
              f"search+focus+panel {select:.0f} ms, zoom redraw {redraw:.0f} ms")
    print(f"median first draw {statistics.median(r[0] for r in runs):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
