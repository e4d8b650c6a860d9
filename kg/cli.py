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
@click.option("--strict", is_flag=True, help="Fail (exit 1) when any input file is skipped.")
def build(paths: tuple[Path, ...], out: Path, jobs: int, update: bool, scheduler: str | None, strict: bool) -> None:
    """Build the graph from .txt/.md/.html pages (default: seeds/) into OUT.

    Every input file is listed in OUT/build-report.json with its status, encoding,
    article count and, for skips, the reason. The exit status is non-zero only when
    no page could be read (or, with --strict, when any file was skipped).

    Examples: kg build seeds/ --out exports/ ;  kg build new-pages/ --update --jobs 2
    """
    from .graph import articles, entities
    from .pipeline import BuildSummary, build_corpus, clean_staging, export

    if not paths:
        if not Path("seeds").is_dir() and not update:
            raise click.UsageError("no seeds/ folder here: pass the pages to read")
        paths = () if update else (Path("seeds"),)
    t0 = time.perf_counter()
    if out.is_dir():
        clean_staging(out)  # what a killed build left behind

    def progress(items):
        items = list(items)
        with click.progressbar(items, label="extracting pages", file=sys.stderr, show_pos=True) as bar:
            yield from bar

    try:
        result = build_corpus(paths, progress=progress, jobs=jobs, scheduler=scheduler, cache=out / ".kg-cache", update=update)
    except (FileNotFoundError, RuntimeError) as e:
        raise click.ClickException(str(e)) from e
    for s in result.skipped:
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if not result.pages_read:
        raise click.ClickException(f"no page could be read from {', '.join(map(str, paths)) or 'the previous build'}")
    g = result.graph
    triples = export(g, out, report=result.report())
    relations = sum(1 for *_, k in g.edges(keys=True) if k not in ("mentions", "author"))
    summary = BuildSummary(result.pages_read, len(articles(g)), len(entities(g)), relations, triples, time.perf_counter() - t0)
    skipped = f", {len(result.skipped)} files skipped (see build-report.json)" if result.skipped else ""
    click.echo(f"built {out}/graph.ttl: {summary.line()}{skipped}")
    if strict and result.skipped:
        raise click.ClickException(f"--strict: {len(result.skipped)} input files were skipped")


@main.command()
@click.argument("sparql", required=False)
@click.argument("params", nargs=-1)
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table", show_default=True)
@click.option("--list", "list_only", is_flag=True, help="List the ready-made queries and their parameters.")
def query(sparql: str | None, params: tuple[str, ...], graph_path: Path, fmt: str, list_only: bool) -> None:
    """Run a SPARQL SELECT query (a ready-made query's name, a .rq file or text) on an export.

    PARAMS are name=value pairs bound as typed terms, never pasted into the text.

    Example: kg query programmes-by-theme theme=matchmaking --format json
    """
    from .query import format_results, list_queries, load_store, next_page_hint, resolve_query, run_select

    if list_only or not sparql:
        click.echo(list_queries())
        return
    try:
        text, substitutions = resolve_query(sparql, params)
        names, rows = run_select(load_store(graph_path), text, substitutions)
    except (FileNotFoundError, ValueError, SyntaxError, RuntimeError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_results(names, rows, fmt))
    hint = next_page_hint(sparql, params, len(rows))
    if hint:  # on stderr: CSV, TSV, JSON and XML on stdout stay clean
        click.echo(hint, err=True)


@main.command()
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=3030, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01), help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows (or triples) an answer may hold.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1), help="Query worker processes.")
def serve(graph_path: Path, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve an export as a read-only SPARQL 1.1 endpoint (JSON, XML, CSV, TSV results).

    Updates and writes are refused; each query is stopped after --timeout seconds (503)
    and cut at --max-rows (header X-SPARQL-Truncated: true).

    \b
    Example: kg serve --graph exports/graph.ttl --port 3030
    then:    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a ukg:Union } LIMIT 3' http://127.0.0.1:3030/sparql
    """
    from .serve import serve as run_server

    try:
        run_server(graph_path, host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    except (FileNotFoundError, OSError, RuntimeError) as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.option("--graph", "graph_path", default="exports/graph.ttl", show_default=True, type=click.Path(exists=True, path_type=Path))
def validate(graph_path: Path) -> None:
    """Check an export against the SHACL shapes in ontology/shapes.ttl; exit 1 when it does not conform.

    Example: kg validate --graph exports/graph.ttl
    """
    from .rdf import validate as shacl_validate

    try:
        conforms, report = shacl_validate(graph_path)
    except ImportError as e:
        raise click.ClickException(str(e)) from e
    click.echo(report.strip())
    sys.exit(0 if conforms else 1)


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
    from .model import EntityType

    # the seven entity types only: roles, concepts and articles have labels too
    classes = " ".join(f"ukg:{t.value}" for t in EntityType)
    _, rows = run_select(store, f"SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?t {{ {classes} }} ?e a ?t }} GROUP BY ?t")
    types = Counter({r["t"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in rows})
    click.echo("entities")
    for t in sorted(t.value for t in EntityType):
        click.echo(f"  {t:<14}{types[t]:>6}")
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


@main.command()
@click.argument("name")
@click.option("--graph", "graph_path", default="exports/graph.json", show_default=True, type=click.Path(path_type=Path))
@click.option("--top", default=5, show_default=True, help="How many related programmes to list.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {iri, key, label, score, reasons}.")
def related(name: str, graph_path: Path, top: int, as_json: bool) -> None:
    """Programmes related to NAME (its label, an alias or a unique part of it), with the reasons.

    Example: kg related 泉城有约 --graph exports/graph.json --top 3
    """
    import json

    from .graph import from_json
    from .related import ProgrammeNameError, format_table, index_programmes, related as find_related, resolve_programme, to_records

    try:
        g = from_json(graph_path.read_text(encoding="utf-8"))
        key = resolve_programme(g, name)
    except (FileNotFoundError, ProgrammeNameError) as e:
        raise click.ClickException(str(e)) from e
    # the build stored each programme's description tokens: no segmenter, no cache needed here
    found = find_related(g, key, top, index=index_programmes(g))
    click.echo(json.dumps(to_records(g, found), ensure_ascii=False, indent=1) if as_json else format_table(g, key, found))


@main.command()
@click.argument("name")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(0), help="Steps out from NAME; an article counts as a step.")
@click.option("--out", default="view.html", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="The page to write.")
@click.option("--graph", "graph_path", default="exports/graph.json", show_default=True, type=click.Path(path_type=Path))
def view(name: str, hops: int, out: Path, graph_path: Path) -> None:
    """Write the neighbourhood of one entity (by label or alias) as an offline HTML page.

    Example: kg view 中华全国总工会 --hops 2 --out /tmp/acftu.html
    """
    from .graph import entities, from_json
    from .viz import write_view

    try:
        sub = write_view(from_json(graph_path.read_text(encoding="utf-8")), name, out, hops=hops)
    except FileNotFoundError as e:
        raise click.ClickException(f"no graph at {graph_path}: run `kg build` first or pass --graph") from e
    except KeyError as e:
        raise click.ClickException(e.args[0]) from e
    click.echo(f"wrote {out}: {len(entities(sub))} entities within {hops} hops of {name}")


if __name__ == "__main__":
    main()
