"""SPARQL over an export, on pyoxigraph, with table/CSV/TSV/JSON/XML output.

Ready-made queries live in kg/queries/*.rq. Their header says what they do and
which parameters they take (`# param: theme (string, e.g. matchmaking) ...`);
parameters are bound as typed RDF terms through pyoxigraph's `substitutions`,
never pasted into the query text. A query whose answer can be long (`evidence`)
is read a page at a time: its `page` parameter (optional, first page by default)
moves the window of its one LIMIT, so each call costs one page, not all of them.

>>> sorted(named_queries())[:3]
['evidence', 'organisation-programmes', 'programmes-by-theme']
>>> [p.name for p in named_queries()["evidence"].params]
['subject', 'object', 'page']
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .vocab import PREFIXES as _NAMESPACES

PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in sorted(_NAMESPACES.items())}
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
KINDS = ("string", "zh", "iri", "integer", "page")
PAGE = "page"  # the kind of a page number: optional, never a term, see `paged`


def load_store(path: Path):
    """A pyoxigraph Store holding the export at `path` (Turtle, or N-Triples/JSON-LD by extension)."""
    import pyoxigraph

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no graph at {path}: run `kg build` first or pass --graph")
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")) or pyoxigraph.RdfFormat.TURTLE
    store = pyoxigraph.Store()
    with open(path, "rb") as f:
        store.load(f, format=fmt)
    return store


def with_prefixes(query: str) -> str:
    """The query behind the common PREFIX declarations, for engines without default prefixes (rdflib).

    A query's own declarations come later and win.

    >>> with_prefixes("SELECT * WHERE {?s ?p ?o}").startswith("PREFIX dcterms:")
    True
    """
    return PROLOGUE + query


def run_query(store, query: str, substitutions: dict | None = None):
    """Run any query with the common prefixes predeclared; pyoxigraph's result object."""
    import pyoxigraph

    subs = {pyoxigraph.Variable(k) if isinstance(k, str) else k: v for k, v in (substitutions or {}).items()}
    try:
        return store.query(query, prefixes=PREFIXES, substitutions=subs or None)
    except RuntimeError as e:
        if "projection" in str(e):  # SEP-0007 binds only variables the SELECT clause names
            names = ", ".join("?" + (k if isinstance(k, str) else k.value) for k in (substitutions or {}))
            raise ValueError(f"to bind {names}, name them in the SELECT clause ({e})") from e
        raise


def run_select(store, query: str, substitutions: dict | None = None) -> tuple[list[str], list[dict]]:
    """Variables and rows of a SELECT query; each row maps a variable to its term.

    `substitutions` binds variables before evaluation (SPARQL SEP-0007); pyoxigraph
    wants each of them in the SELECT clause, so the ready-made queries project them.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("甲", language="zh")))
    >>> names, rows = run_select(store, "SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"l": ox.Literal("甲", language="zh")})
    >>> names, rows[0]["s"]
    (['s', 'l'], <NamedNode value=urn:a>)
    """
    import pyoxigraph

    result = run_query(store, query, substitutions)
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise ValueError("only SELECT queries are supported by `kg query`")  # noqa: TRY004 - a query of the wrong form, not a wrong Python type
    names = [v.value for v in result.variables]
    # a solution iterates its values in the order of `variables`: zip is half the cost of sol[name]
    rows = [{n: v for n, v in zip(names, sol) if v is not None} for sol in result]
    return names, rows


# ---------------------------------------------------------------- ready-made queries


@dataclass(frozen=True)
class Param:
    """A parameter of a ready-made query: its variable, kind of term, an example and what it means."""

    name: str
    kind: str
    example: str = ""
    doc: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A query of kg/queries/: `name` is the file stem."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def usage(self) -> str:
        """The command line that runs it with the example values.

        >>> named_queries()["programmes-by-theme"].usage()
        'kg query programmes-by-theme theme=matchmaking'
        """
        return " ".join(["kg query", self.name] + [f"{p.name}={p.example}" for p in self.params if p.kind != PAGE])

    def page_size(self) -> int | None:
        """Rows a page holds: the query's LIMIT when it takes a page number, else None.

        >>> named_queries()["evidence"].page_size(), named_queries()["themes"].page_size()
        (100, None)
        """
        if not any(p.kind == PAGE for p in self.params):
            return None
        return int(_only_limit(self.name, self.text).group(1))


_PARAM = re.compile(r"#\s*param:\s*(\w+)\s*\((\w+)(?:,\s*e\.g\.\s*([^)]*))?\)\s*(.*)")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the header comments of a .rq file: description lines, then `# param:` lines.

    >>> q = parse_named_query("x", "# Things.\\n# param: t (iri, e.g. urn:a) a thing\\nSELECT ?s WHERE { ?s ?p ?t }")
    >>> q.description, q.params
    ('Things.', (Param(name='t', kind='iri', example='urn:a', doc='a thing'),))
    """
    description, params = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            pname, kind, example, doc = m.groups()
            if kind not in KINDS:
                raise ValueError(f"{name}.rq line {number}: parameter kind {kind!r}, expected one of {KINDS}")
            params.append(Param(pname, kind, (example or "").strip(), doc.strip()))
        elif line.lstrip("# ").strip():
            description.append(line.lstrip("# ").strip())
    query = NamedQuery(name, " ".join(description), tuple(params), text)
    query.page_size()  # a paged query without exactly one LIMIT fails here, not when it is run
    return query


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)


def _only_limit(name: str, text: str) -> re.Match:
    """The one `LIMIT n` of a paged query's text (outside comments)."""
    found = list(_LIMIT.finditer(_blank_comments(text)))
    if len(found) != 1:
        raise ValueError(f"{name}.rq takes a page number, so it needs exactly one LIMIT (the page size), found {len(found)}")
    return found[0]


def _blank_comments(text: str) -> str:
    """`text` with its comment lines blanked, offsets kept: a description may say WHERE { or LIMIT."""
    return "".join(re.sub(r"[^\n]", " ", line) if line.startswith("#") else line for line in text.splitlines(keepends=True))


def paged(query: NamedQuery, values: dict[str, str]) -> str:
    """The query's text for the page `values` asks for (`page=N`, the first when absent):
    its LIMIT followed by the OFFSET of that page. The number is checked and written by us,
    so it cannot become query text.

    >>> q = parse_named_query("x", "# param: page (page, e.g. 2) which page" + chr(10) + "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")
    >>> paged(q, {}).endswith("LIMIT 10"), paged(q, {"page": "3"}).endswith("LIMIT 10 OFFSET 20")
    (True, True)
    >>> paged(q, {"page": "0"})
    Traceback (most recent call last):
    ...
    ValueError: x: page must be a whole number from 1, got '0'
    """
    pages = [p for p in query.params if p.kind == PAGE]
    if not pages or values.get(pages[0].name, "1").strip() == "1":
        return query.text
    given = values[pages[0].name].strip()
    if not given.isascii() or not given.isdigit() or int(given) < 1:
        raise ValueError(f"{query.name}: {pages[0].name} must be a whole number from 1, got {given!r}")
    m = _only_limit(query.name, query.text)
    return f"{query.text[: m.end()]} OFFSET {(int(given) - 1) * int(m.group(1))}{query.text[m.end():]}"


def next_page_hint(sparql: str, assignments: list[str] | tuple[str, ...], rows: int) -> str | None:
    """What `kg query` says after a full page of a paged ready-made query: how to see the next.

    >>> next_page_hint("evidence", ["subject=甲", "object=乙"], 100)
    '100 rows, a full page: add page=2 for the next 100'
    >>> next_page_hint("evidence", ["subject=甲", "object=乙", "page=2"], 40) is None
    True
    """
    query = named_queries().get(sparql)
    size = query.page_size() if query else None
    if size is None or rows < size:
        return None
    page = next((p.name for p in query.params if p.kind == PAGE), PAGE)
    current = int(parse_assignments(assignments).get(page, "1"))
    return f"{rows} rows, a full page: add {page}={current + 1} for the next {size}"


def prepared(query: NamedQuery, values: dict[str, str]) -> tuple[str, dict]:
    """The text and substitutions that run `query` with its parameters `values` (name=value strings)."""
    subs = bind_params(query, values)
    return with_values(paged(query, values), subs), subs


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The ready-made queries shipped in kg/queries/, by name."""
    folder = resources.files("kg") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = parse_named_query(name, entry.read_text(encoding="utf-8"))
    return out


def to_term(kind: str, value: str):
    """A typed pyoxigraph term for a parameter value; bad values fail with the reason.

    >>> to_term("zh", "工会")
    <Literal value=工会 language=zh>
    >>> to_term("integer", "x")
    Traceback (most recent call last):
    ...
    ValueError: expected an integer, got 'x'
    """
    import pyoxigraph

    if kind == "string":
        return pyoxigraph.Literal(value)
    if kind == "zh":
        return pyoxigraph.Literal(value, language="zh")
    if kind == "iri":
        return pyoxigraph.NamedNode(value)  # raises ValueError on an invalid IRI
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ValueError(f"expected an integer, got {value!r}")
        return pyoxigraph.Literal(value.strip(), datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    raise ValueError(f"unknown parameter kind {kind!r}, expected one of {KINDS}")


def bind_params(query: NamedQuery, values: dict[str, str]) -> dict:
    """Substitutions for `query` from name=value strings: every parameter required, no others.

    >>> bind_params(named_queries()["programmes-by-theme"], {"theme": "matchmaking"})["theme"].value
    'matchmaking'
    >>> bind_params(named_queries()["programmes-by-theme"], {})
    Traceback (most recent call last):
    ...
    ValueError: programmes-by-theme needs theme=…; e.g. kg query programmes-by-theme theme=matchmaking
    """
    wanted = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(wanted))
    if unknown:
        raise ValueError(f"{query.name} takes {', '.join(wanted) or 'no parameters'}, not {', '.join(unknown)}")
    missing = [n for n, p in wanted.items() if n not in values and p.kind != PAGE]
    if missing:
        raise ValueError(f"{query.name} needs {', '.join(n + '=…' for n in missing)}; e.g. {query.usage()}")
    out = {}
    for name, p in wanted.items():
        if p.kind == PAGE:  # no term: it moves the LIMIT's window (`paged`)
            continue
        try:
            out[name] = to_term(p.kind, values[name])
        except ValueError as e:
            raise ValueError(f"{query.name}: parameter {name}: {e}") from e
    return out


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """name=value words from the command line.

    >>> parse_assignments(["theme=matchmaking", "x=a=b"])
    {'theme': 'matchmaking', 'x': 'a=b'}
    """
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"expected name=value, got {item!r}")
        out[name] = value
    return out


def run_named(store, name: str, values: dict[str, str]) -> tuple[list[str], list[dict]]:
    """Run a ready-made query by name with its parameters bound."""
    queries = named_queries()
    if name not in queries:
        raise ValueError(f"no query named {name!r}; `kg query --list` shows {', '.join(queries)}")
    return run_select(store, *prepared(queries[name], values))


_WHERE = re.compile(r"\bWHERE\s*\{")


def with_values(text: str, substitutions: dict) -> str:
    """A ready-made query with its bound parameters also given as a VALUES block at the head
    of the innermost WHERE clause that uses them all, where pyoxigraph's planner can start from
    them: a paged query finds its page's rows in a subquery, which outer bindings do not reach.

    Substitutions alone are joined in after the plan is made: on a 100x-seeds export
    `evidence` took 800 ms so, 34 ms with the VALUES block. Each term is written by
    pyoxigraph and parsed back before it goes in, so a value cannot become query text;
    the substitutions stay, binding the same terms.

    >>> import pyoxigraph as ox
    >>> with_values("SELECT ?n WHERE { ?s rdfs:label ?n }", {"n": ox.Literal('a"b', language="zh")})
    'SELECT ?n WHERE {\\n  VALUES (?n) { ("a\\\\"b"@zh) }\\n ?s rdfs:label ?n }'
    """
    if not substitutions:
        return text
    body = _blank_comments(text)
    found = list(_WHERE.finditer(body))
    if not found:
        return text
    names = [k if isinstance(k, str) else k.value for k in substitutions]
    # a subquery's WHERE follows its query's in the text: the last that uses every name is innermost
    m = next((w for w in reversed(found) if _uses_all(body[w.end(): _group_end(body, w.end())], names)), found[0])
    terms = [_checked_term(t) for t in substitutions.values()]
    names = " ".join("?" + (k if isinstance(k, str) else k.value) for k in substitutions)
    return text[: m.end()] + f"\n  VALUES ({names}) {{ ({' '.join(terms)}) }}\n" + text[m.end():]


def _group_end(body: str, start: int) -> int:
    """Where the group opened just before `start` closes (the end of `body` if it never does).

    >>> body = "WHERE { { ?a } ?b } ?c"
    >>> body[7:_group_end(body, 7)]
    ' { ?a } ?b '
    """
    depth = 1
    for i in range(start, len(body)):
        if body[i] == "{":
            depth += 1
        elif body[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(body)


def _uses_all(group: str, names: list[str]) -> bool:
    return all(re.search(rf"[?$]{re.escape(n)}\b", group) for n in names)


def _checked_term(term) -> str:
    import pyoxigraph

    written = str(term)
    quads = list(pyoxigraph.parse(f"<urn:x:s> <urn:x:p> {written} .".encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))
    if len(quads) != 1 or quads[0].object != term:
        raise ValueError(f"cannot write the parameter {term!r} as a SPARQL term")
    return written


def resolve_query(sparql: str, assignments: list[str] | tuple[str, ...] = ()) -> tuple[str, dict]:
    """Query text and substitutions for `kg query`: a ready-made query's name, a .rq file or SPARQL text.

    A .rq file's `# param:` header types its parameters like a ready-made query's;
    for bare SPARQL text every name=value is bound as a plain string.

    >>> text, subs = resolve_query("programmes-by-theme", ["theme=matchmaking"])
    >>> text.startswith("# Programmes"), subs["theme"].value
    (True, 'matchmaking')
    """
    values = parse_assignments(assignments)
    path = Path(sparql)
    if sparql.endswith(".rq") and path.is_file():
        q = parse_named_query(path.stem, path.read_text(encoding="utf-8"))
        return paged(q, values), bind_params(q, values)
    if sparql in named_queries():
        return prepared(named_queries()[sparql], values)
    return sparql, {name: to_term("string", value) for name, value in values.items()}


def list_queries() -> str:
    """The ready-made queries as text: name, what it does, how to run it."""
    lines = []
    for q in named_queries().values():
        lines.append(f"{q.name}\n    {q.description}\n    {q.usage()}")
        lines += [f"      {p.name}: {p.kind}, {p.doc}" + (f" (optional; {q.page_size()} rows a page)" if p.kind == PAGE else "") for p in q.params]
    return "\n".join(lines)


# ---------------------------------------------------------------- result formats


def term_json(term) -> dict:
    """A term in SPARQL 1.1 Query Results JSON.

    >>> import pyoxigraph as ox
    >>> term_json(ox.Literal("甲", language="zh"))
    {'type': 'literal', 'value': '甲', 'xml:lang': 'zh'}
    """
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def rows_json(rows: list[dict]) -> list[dict]:
    """Rows of terms as rows of SPARQL JSON term objects (plain data: picklable, comparable)."""
    return [{n: term_json(t) for n, t in row.items()} for row in rows]


def results_json(names: list[str], bindings: list[dict]) -> str:
    """SPARQL 1.1 Query Results JSON from JSON term rows."""
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def results_xml(names: list[str], bindings: list[dict]) -> str:
    """SPARQL Query Results XML from JSON term rows.

    >>> print(results_xml(["s"], [{"s": {"type": "uri", "value": "urn:a"}}]).splitlines()[4])
    <result><binding name="s"><uri>urn:a</uri></binding></result>
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>", "<results>"]
    for row in bindings:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>" for n, t in row.items())
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_term(t: dict) -> str:
    if t["type"] == "uri":
        return f"<uri>{escape(t['value'])}</uri>"
    if t["type"] == "bnode":
        return f"<bnode>{escape(t['value'])}</bnode>"
    if t["type"] == "triple":
        return "<triple>" + "".join(f"<{k}>{_xml_term(v)}</{k}>" for k, v in t["value"].items()) + "</triple>"
    attr = f" xml:lang={quoteattr(t['xml:lang'])}" if "xml:lang" in t else ""
    attr += f" datatype={quoteattr(t['datatype'])}" if "datatype" in t else ""
    return f"<literal{attr}>{escape(t['value'])}</literal>"


def results_boolean(value: bool, fmt: str) -> str:
    """An ASK answer as SPARQL JSON, XML, CSV or TSV."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n")
    return f"_askResult\n{str(value).lower()}\n"


def results_csv(names: list[str], bindings: list[dict], delimiter: str = ",") -> str:
    """SPARQL 1.1 CSV (plain values) or, with a tab, TSV-like plain values."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n")
    w.writerow(names)
    w.writerows([[row[n]["value"] if n in row else "" for n in names] for row in bindings])
    return buf.getvalue()


def results_tsv(names: list[str], bindings: list[dict]) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, tab separated.

    >>> results_tsv(["s", "l"], [{"s": {"type": "uri", "value": "urn:a"}, "l": {"type": "literal", "value": "甲", "xml:lang": "zh"}}])
    '?s\\t?l\\n<urn:a>\\t"甲"@zh\\n'
    """
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join(_tsv_term(row[n]) if n in row else "" for n in names) for row in bindings]
    return "\n".join(lines) + "\n"


def _tsv_term(t: dict) -> str:
    if t["type"] == "uri":
        return f"<{t['value']}>"
    if t["type"] == "bnode":
        return f"_:{t['value']}"
    if t["type"] == "triple":
        return "<< " + " ".join(_tsv_term(t["value"][k]) for k in ("subject", "predicate", "object")) + " >>"
    value = t["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if "xml:lang" in t:
        return f'"{value}"@{t["xml:lang"]}'
    if "datatype" in t:
        return f'"{value}"^^<{t["datatype"]}>'
    return f'"{value}"'


def format_results(names: list[str], rows: list[dict], fmt: str = "table") -> str:
    """Render rows as an aligned table, CSV, TSV, XML or SPARQL 1.1 Query Results JSON."""
    bindings = rows_json(rows)
    if fmt == "json":
        return results_json(names, bindings)
    if fmt == "xml":
        return results_xml(names, bindings)
    if fmt == "tsv":
        return results_tsv(names, bindings)
    if fmt == "csv":
        return results_csv(names, bindings)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: expected table, csv, tsv, json or xml")
    values = [[row[n]["value"] if n in row else "" for n in names] for row in bindings]
    widths = [max([len(n)] + [len(v[i]) for v in values]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths))]
    lines += ["  ".join(x.ljust(w) for x, w in zip(v, widths)) for v in values]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
