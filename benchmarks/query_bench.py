"""Time every ready-made query of kg/queries/ on pyoxigraph, on a big export.

    python benchmarks/query_bench.py --scale 1000            # build (or reuse) a 1000x-seeds export
    python benchmarks/query_bench.py --scale 100 --runs 5
    python benchmarks/query_bench.py --graph exports/graph.ttl

The export is built once and cached under --cache (default /tmp/union-kg-query-bench):
`kg.bench.synth_corpus` writes `scale` recombined, renamed copies of the seed pages, the
pipeline builds and exports them. A 1000x build takes tens of minutes on two cores.

Each query gets realistic parameters: a probe query picks the heaviest value (the union
with most posts, the province with most places under it, ...), so a query is timed on
a value with many answers, not on a name that matches nothing. A paged query (`evidence`)
is timed on its first page and on its last, whose OFFSET skips all the others. Prints per
query the parameters, rows, median and worst of `--runs` runs, and whether the median
meets the target (100 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.query import load_store, named_queries, run_named, run_select

TARGET_MS = 100.0

# query name -> a probe whose first row binds every parameter of the query, heaviest first
PROBES = {
    "evidence": """SELECT ?subject ?object ?n WHERE {
        { SELECT ?s ?o (COUNT(?a) AS ?n) WHERE { ?a a ukg:Assertion ; rdf:subject ?s ; rdf:object ?o } GROUP BY ?s ?o ORDER BY DESC(?n) ?s ?o LIMIT 1 }
        ?s rdfs:label ?sl . ?o rdfs:label ?ol . BIND(STR(?sl) AS ?subject) BIND(STR(?ol) AS ?object) }""",
    "organisation-programmes": """SELECT ?organisation WHERE {
        { SELECT ?o (COUNT(?p) AS ?n) WHERE { ?o ukg:organizes ?p } GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 1 }
        ?o rdfs:label ?l . BIND(STR(?l) AS ?organisation) }""",
    "programmes-by-theme": """SELECT ?theme WHERE {
        { SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p ukg:theme ?c } GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1 }
        ?c skos:notation ?t . BIND(STR(?t) AS ?theme) }""",
    "province": """SELECT ?province WHERE {
        { SELECT ?p (COUNT(?x) AS ?n) WHERE { ?p a ukg:Place . ?x ukg:partOf+ ?p } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1 }
        ?p rdfs:label ?l . BIND(STR(?l) AS ?province) }""",
    "union-people": """SELECT ?union WHERE {
        { SELECT ?u (COUNT(?m) AS ?n) WHERE { ?u a ukg:Union . ?m org:organization ?u } GROUP BY ?u ORDER BY DESC(?n) ?u LIMIT 1 }
        ?u rdfs:label ?l . BIND(STR(?l) AS ?union) }""",
    "related-programmes": """SELECT ?name WHERE {
        { SELECT ?p (COUNT(?r) AS ?n) WHERE { ?p ukg:relatedness ?r } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1 }
        ?p rdfs:label ?l . BIND(STR(?l) AS ?name) }""",
}


def build_export(scale: int, cache: Path, jobs: int) -> Path:
    """graph.ttl of a `scale`x-seeds corpus under `cache`, built once."""
    from kg.bench import synth_corpus
    from kg.pipeline import build_corpus, export

    folder = cache / f"scale-{scale}"
    ttl = folder / "export" / "graph.ttl"
    if ttl.is_file():
        return ttl
    corpus = folder / "corpus"
    if not corpus.is_dir() or not any(corpus.iterdir()):
        corpus.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        synth_corpus(ROOT / "seeds", scale, corpus)
        print(f"synthesised {scale}x corpus in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    result = build_corpus([corpus], jobs=jobs)
    print(f"built {scale}x graph in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    export(result.graph, ttl.parent)
    print(f"exported in {time.perf_counter() - t:.0f} s", flush=True)
    return ttl


def probe(store, name: str) -> dict[str, str]:
    """Parameter values for the ready-made query `name`: its probe's first row, or its examples.
    A page number is left out (the first page); the probe's `n`, when it gives one, is kept
    under "n" as the size of the whole answer."""
    q = named_queries()[name]
    wanted = [p for p in q.params if p.kind != "page"]
    if not wanted:
        return {}
    if name in PROBES:
        _, rows = run_select(store, PROBES[name])
        if rows:
            found = {p.name: rows[0][p.name].value for p in wanted}
            if "n" in rows[0]:
                found["n"] = rows[0]["n"].value
            return found
    return {p.name: p.example for p in wanted}


def timed_cases(store, name: str) -> list[tuple[str, dict[str, str]]]:
    """(label, parameters) to time for `name`: once, or a paged query's first and last page."""
    params = probe(store, name)
    total = int(params.pop("n", 0))
    size = named_queries()[name].page_size()
    if not size or total <= size:
        return [(name, params)]
    page = next(p.name for p in named_queries()[name].params if p.kind == "page")
    return [(name, params), (f"{name} (last page)", {**params, page: str(-(-total // size))})]


def time_query(store, name: str, params: dict[str, str], runs: int) -> tuple[int, list[float]]:
    """Row count and the milliseconds of each of `runs` runs (rows are materialised)."""
    times = []
    rows = []
    for _ in range(runs):
        t = time.perf_counter()
        _, rows = run_named(store, name, params)
        times.append((time.perf_counter() - t) * 1000)
    return len(rows), times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=1000, help="corpus size in copies of the seeds")
    ap.add_argument("--graph", type=Path, help="time an existing export instead of building one")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/union-kg-query-bench"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    ttl = args.graph or build_export(args.scale, args.cache, args.jobs)
    t = time.perf_counter()
    store = load_store(ttl)
    print(f"{ttl}: {len(store)} triples, {ttl.stat().st_size / 1e6:.1f} MB, loaded in {time.perf_counter() - t:.1f} s")
    print(f"{'query':<26}{'rows':>7}{'median ms':>11}{'max ms':>9}  ok  parameters")
    slow = 0
    for name in named_queries():
        for label, params in timed_cases(store, name):
            n, times = time_query(store, name, params, args.runs)
            median = statistics.median(times)
            slow += median >= TARGET_MS
            shown = " ".join(f"{k}={v}" for k, v in params.items())
            print(f"{label:<26}{n:>7}{median:>11.1f}{max(times):>9.1f}  {'yes' if median < TARGET_MS else 'NO '} {shown}", flush=True)
    print(f"median of {args.runs} runs; target {TARGET_MS:.0f} ms; {slow} over")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
