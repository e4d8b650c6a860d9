"""SPARQL over an export, on pyoxigraph, with table/CSV/JSON output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

PREFIXES = """PREFIX ukg: <https://w3id.org/union-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def load_store(path: Path):
    """A pyoxigraph Store holding the Turtle file at `path`."""
    import pyoxigraph

    if not Path(path).is_file():
        raise FileNotFoundError(f"no graph at {path}: run `kg build` first or pass --graph")
    store = pyoxigraph.Store()
    with open(path, "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    return store


def with_prefixes(query: str) -> str:
    """Prepend the common prefixes unless the query declares its own.

    >>> with_prefixes("SELECT * WHERE {?s ?p ?o}").startswith("PREFIX ukg:")
    True
    """
    return query if "PREFIX" in query.upper().split("SELECT")[0] else PREFIXES + query


def run_select(store, query: str) -> tuple[list[str], list[dict]]:
    """Variables and rows of a SELECT query; each row maps a variable to its term."""
    import pyoxigraph

    result = store.query(with_prefixes(query))
    if isinstance(result, bool) or not isinstance(result, pyoxigraph.QuerySolutions):
        raise ValueError("only SELECT queries are supported by `kg query`")
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        rows.append({n: sol[n] for n in names if sol[n] is not None})
    return names, rows


def _term_json(term) -> dict:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def format_results(names: list[str], rows: list[dict], fmt: str = "table") -> str:
    """Render rows as an aligned table, CSV, or SPARQL 1.1 Query Results JSON."""
    if fmt == "json":
        bindings = [{n: _term_json(t) for n, t in row.items()} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
    values = [[row[n].value if n in row else "" for n in names] for row in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(values)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: expected table, csv or json")
    widths = [max([len(n)] + [len(v[i]) for v in values]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths))]
    lines += ["  ".join(x.ljust(w) for x, w in zip(v, widths)) for v in values]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
