"""Command line: a thin shell over the library."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click

from . import __version__


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """union-kg: build and query a knowledge graph of Chinese trade-union news."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path), help="Folder for the exports.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes for per-page extraction.")
@click.option("--update", is_flag=True, help="Add new or changed pages to the previous build in OUT; reuse the rest.")
@click.option("--scheduler", metavar="ADDRESS", help="Run extraction on a dask.distributed cluster (tcp://host:8786).")
def build(paths: tuple[Path, ...], out: Path, jobs: int, update: bool, scheduler: str | None) -> None:
    """Build the graph from .txt/.md pages (default: seeds/) into OUT.

    Examples: kg build seeds/ --out exports/ ;  kg build new-pages/ --update --jobs 2
    """
    from .graph import articles, entities
    from .pipeline import BuildSummary, build as build_graph, export

    if not paths:
        if not Path("seeds").is_dir() and not update:
            raise click.UsageError("no seeds/ folder here: pass the pages to read")
        paths = () if update else (Path("seeds"),)
    t0 = time.perf_counter()

    def progress(items):
        items = list(items)
        with click.progressbar(items, label="extracting pages", file=sys.stderr, show_pos=True) as bar:
            yield from bar

    try:
        g = build_graph(paths, progress=progress, jobs=jobs, scheduler=scheduler, cache=out / ".kg-cache", update=update)
    except (FileNotFoundError, RuntimeError) as e:
        raise click.ClickException(str(e)) from e
    triples = export(g, out)
    n_files = len({g.nodes[a]["source"] for a in articles(g)})
    relations = sum(1 for *_, k in g.edges(keys=True) if k not in ("mentions", "author"))
    summary = BuildSummary(n_files, len(articles(g)), len(entities(g)), relations, triples, time.perf_counter() - t0)
    click.echo(f"built {out}/graph.ttl: {summary.line()}")


@main.command()
@click.argument("sparql")
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(sparql: str, graph_path: Path, fmt: str) -> None:
    """Run a SPARQL SELECT query (text or a .rq file) on an export.

    Example: kg query 'SELECT ?u WHERE { ?u a ukg:Union }' --format csv
    """
    from .query import format_results, load_store, run_select

    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") and Path(sparql).is_file() else sparql
    try:
        names, rows = run_select(load_store(graph_path), text)
    except (FileNotFoundError, ValueError, SyntaxError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_results(names, rows, fmt))


@main.command()
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(path_type=Path))
def stats(graph_path: Path) -> None:
    """Count entities per type and relations per predicate in an export.

    Example: kg stats --graph exports/graph.ttl
    """
    from .query import load_store, run_select

    try:
        store = load_store(graph_path)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from e
    _, rows = run_select(store, "SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t . ?e rdfs:label ?l } GROUP BY ?t")
    types = Counter({r["t"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: int(r["n"].value) for r in rows})
    click.echo("entities")
    for t, n in sorted(types.items()):
        click.echo(f"  {t:<14}{n:>6}")
    preds = {"holdsPost": "?s org:memberOf ?o", "reportedBy": "?o schema:author ?s"}
    for p in ("organizes", "partOf", "locatedIn", "awarded", "participatesIn", "theme"):
        preds[p] = f"?s ukg:{p} ?o"
    click.echo("relations")
    for p, pattern in preds.items():
        _, rows = run_select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ {pattern} }} }}")
        click.echo(f"  {p:<14}{rows[0]['n'].value:>6}")


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(path_type=Path))
@click.option("--show", default=10, show_default=True, help="Examples of misses and spurious items per row.")
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Also write the full report as JSON.")
def eval_cmd(gold_dir: Path, graph_path: Path, show: int, json_out: Path | None) -> None:
    """Score an export against gold annotations: P/R/F1 per type and predicate, linking errors, themes.

    Example: kg eval ../shared/gold --graph exports/graph.ttl --show 5
    """
    import json

    from .evaluate import evaluate, format_report, load_gold
    from .query import load_store

    try:
        report = evaluate(load_store(graph_path), load_gold(gold_dir))
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_report(report, show))
    if json_out:
        json_out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
