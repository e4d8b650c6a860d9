"""A read-only SPARQL 1.1 Protocol endpoint over an export, on the standard library.

`kg serve --graph exports/graph.ttl` answers GET `?query=`, POST forms and POST
`application/sparql-query` bodies on every path, with SPARQL JSON, XML, CSV or TSV
results (CONSTRUCT/DESCRIBE: Turtle or N-Triples) chosen by the Accept header or a
`format=` parameter. It is read-only: SPARQL Update and graph-store writes get 403/405,
federated `SERVICE` calls 403.

Each query runs in a worker process that holds its own copy of the graph, so a query
that runs past `timeout` seconds is stopped by ending its worker (answer 503) and a
fresh worker takes its place. Results stop at `max_rows` rows (or triples); a cut
answer carries the header `X-SPARQL-Truncated: true`.

>>> choose_format("application/sparql-results+xml, */*;q=0.1", None, "select")
('xml', 'application/sparql-results+xml')
>>> choose_format("*/*", "csv", "select")
('csv', 'text/csv')
>>> refusal("PREFIX ex: <urn:x#> INSERT DATA { ex:a ex:b ex:c }")
'SPARQL Update is refused: this endpoint is read-only'
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .query import PREFIXES, results_boolean, results_csv, results_json, results_tsv, results_xml

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20  # bytes of a POST body: a query, not a data upload

# name -> (media types it answers to, the media type sent), per result kind
RESULT_FORMATS = {
    "json": (("application/sparql-results+json", "application/json", "text/javascript", "application/javascript"), "application/sparql-results+json"),
    "xml": (("application/sparql-results+xml", "application/xml", "text/xml"), "application/sparql-results+xml"),
    "csv": (("text/csv",), "text/csv"),
    "tsv": (("text/tab-separated-values",), "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "turtle": (("text/turtle", "application/x-turtle"), "text/turtle"),
    "ntriples": (("application/n-triples", "text/plain"), "application/n-triples"),
}
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
# strings, IRIs and comments, which may hold any word without meaning it
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


class Refused(Exception):
    """A request the endpoint will not answer: HTTP status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def refusal(query: str) -> str | None:
    """Why a query text is refused (an update, a federated SERVICE call), or None.

    >>> refusal("SELECT * WHERE { ?s ?p 'INSERT' } # SERVICE") is None
    True
    >>> refusal("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE (federated query) is disabled on this endpoint'
    """
    bare = _OPAQUE.sub(" ", query)
    body = re.sub(r"^\s*((PREFIX\s+[^\s:]*:|BASE)\s*)*", "", bare, flags=re.IGNORECASE)
    if _UPDATE.match(body):
        return "SPARQL Update is refused: this endpoint is read-only"
    if re.search(r"\bSERVICE\b", bare, re.IGNORECASE):
        return "SERVICE (federated query) is disabled on this endpoint"
    return None


def choose_format(accept: str | None, fmt: str | None, kind: str) -> tuple[str, str]:
    """(format name, media type) for a result `kind` ("select", "ask" or "graph").

    An explicit `format=` wins (a name such as json, or a media type), then the Accept
    header by q-value; SPARQL JSON (Turtle for graphs) when nothing matches.
    """
    table = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    wanted = []
    if fmt:
        wanted.append((2.0, fmt.strip().lower()))
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            wanted.append((q - i * 1e-6, media.strip().lower()))  # ties: the order given
    for _, media in sorted(wanted, reverse=True):
        for name, (types, sent) in table.items():
            if media == name or media in types:
                return name, sent
    name = "turtle" if kind == "graph" else "json"
    return name, table[name][1]


# ---------------------------------------------------------------- workers


def _run_in_worker(store, query: str, max_rows: int, graph_format: str) -> dict:
    import pyoxigraph

    from .query import rows_json

    result = store.query(query, prefixes=PREFIXES)
    if isinstance(result, pyoxigraph.QueryBoolean):
        return {"kind": "ask", "boolean": bool(result)}
    if isinstance(result, pyoxigraph.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            if len(rows) == max_rows:
                return {"kind": "select", "vars": names, "bindings": rows_json(rows), "truncated": True}
            rows.append({n: sol[n] for n in names if sol[n] is not None})
        return {"kind": "select", "vars": names, "bindings": rows_json(rows), "truncated": False}
    triples, truncated = [], False
    for t in result:
        if len(triples) == max_rows:
            truncated = True
            break
        triples.append(t)
    fmt = pyoxigraph.RdfFormat.TURTLE if graph_format == "turtle" else pyoxigraph.RdfFormat.N_TRIPLES
    text = pyoxigraph.serialize(triples, format=fmt, prefixes=PREFIXES) or b""
    return {"kind": "graph", "text": text.decode("utf-8"), "truncated": truncated}


def _worker_main(graph_path: str, conn) -> None:
    """A worker process: load the graph once, then answer (query, max_rows, format) messages."""
    from .query import load_store

    try:
        store = load_store(Path(graph_path))
    except Exception as e:  # noqa: BLE001 - any failure to load goes to the parent, which reports it
        conn.send({"kind": "error", "status": 500, "message": f"cannot load {graph_path}: {e}"})
        return
    conn.send({"kind": "ready", "triples": len(store)})
    while True:
        try:
            query, max_rows, graph_format = conn.recv()
        except EOFError:
            return
        try:
            answer = _run_in_worker(store, query, max_rows, graph_format)
        except SyntaxError as e:
            answer = {"kind": "error", "status": 400, "message": f"malformed query: {e}"}
        except Exception as e:  # noqa: BLE001 - the query failed, the worker goes on
            answer = {"kind": "error", "status": 500, "message": f"{type(e).__name__}: {e}"}
        conn.send(answer)


class _Worker:
    def __init__(self, graph_path: Path, ctx, load_timeout: float):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(str(graph_path), child), daemon=True)
        self.process.start()
        child.close()
        self.graph_path, self.load_timeout = graph_path, load_timeout

    def wait_ready(self) -> _Worker:
        graph_path, load_timeout = self.graph_path, self.load_timeout
        if not self.conn.poll(load_timeout):
            self.stop()
            raise RuntimeError(f"the query worker did not load {graph_path} within {load_timeout} s")
        hello = self.conn.recv()
        if hello["kind"] != "ready":
            self.stop()
            raise RuntimeError(hello["message"])
        self.triples = hello["triples"]
        return self

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes, each with the graph loaded; `run` gives a query to a free one.

    Spawned, not forked, so the server's threads never leak into a worker.
    """

    def __init__(self, graph_path: Path, size: int = 2, load_timeout: float = 60.0):
        if not Path(graph_path).is_file():
            raise FileNotFoundError(f"no graph at {graph_path}: run `kg build` first or pass --graph")
        self.graph_path = Path(graph_path)
        self.load_timeout = load_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._free: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        starting = [_Worker(self.graph_path, self._ctx, load_timeout) for _ in range(max(1, size))]
        try:
            for w in starting:
                self._all.append(w.wait_ready())
                self._free.put(w)
        except RuntimeError:
            for w in starting:
                w.stop()
            raise
        self.triples = self._all[0].triples

    def _add(self) -> None:
        w = _Worker(self.graph_path, self._ctx, self.load_timeout).wait_ready()
        with self._lock:
            self._all.append(w)
        self._free.put(w)

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.remove(w)
        w.stop()
        self._add()

    def run(self, query: str, timeout: float, max_rows: int, graph_format: str = "turtle") -> dict:
        """The answer of a worker as a dict; raises `Refused` (503) on timeout or when all are busy."""
        try:
            w = self._free.get(timeout=timeout)
        except queue.Empty:
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"all query workers stayed busy for {timeout} s; try again") from None
        try:
            w.conn.send((query, max_rows, graph_format))
            if not w.conn.poll(timeout):
                self._replace(w)
                raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped after the time limit of {timeout} s")
            answer = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died; it has been restarted") from None
        self._free.put(w)
        if answer["kind"] == "error":
            raise Refused(answer["status"], answer["message"])
        return answer

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.stop()


# ---------------------------------------------------------------- HTTP


@dataclass
class Settings:
    """What the handler needs from the server."""

    pool: WorkerPool
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    quiet: bool = False


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only."""

    server_version = "union-kg-sparql/0.1"
    settings: Settings  # set on the subclass made by make_server

    def do_GET(self) -> None:
        self._guard(lambda: self._answer(parse_qs(urlsplit(self.path).query, keep_blank_values=True)))

    def do_HEAD(self) -> None:
        self._guard(lambda: self._send(HTTPStatus.OK, "text/plain; charset=utf-8", b""))

    def do_POST(self) -> None:
        self._guard(self._post)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.end_headers()

    def _read_only(self) -> None:
        self._guard(self._refuse_write)

    do_PUT = do_DELETE = do_PATCH = _read_only

    def _refuse_write(self) -> None:
        raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is refused: this endpoint is read-only")

    def _post(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            raise Refused(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
        if ctype == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        else:
            raise Refused(HTTPStatus.FORBIDDEN if ctype else HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                          f"POST with {ctype or 'no content type'} is refused: this read-only endpoint takes "
                          "application/sparql-query or a form with query=")
        self._answer(params)

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise Refused(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            text = (f"union-kg SPARQL endpoint over {self.settings.pool.graph_path} ({self.settings.pool.triples} triples).\n"
                    "Send a query: GET ?query=..., POST a form with query=, or POST application/sparql-query.\n")
            return self._send(HTTPStatus.OK, "text/plain; charset=utf-8", text.encode("utf-8"))
        if len(queries) > 1:
            raise Refused(HTTPStatus.BAD_REQUEST, "give exactly one query= parameter")
        query = queries[0]
        if (why := refusal(query)) is not None:
            raise Refused(HTTPStatus.FORBIDDEN, why)
        fmt = (params.get("format") or params.get("output") or [None])[0]
        graph_fmt, graph_media = choose_format(self.headers.get("Accept"), fmt, "graph")
        s = self.settings
        answer = s.pool.run(query, s.timeout, s.max_rows, graph_fmt)
        headers = {"X-SPARQL-Truncated": "true"} if answer.get("truncated") else {}
        if answer["kind"] == "graph":
            return self._send(HTTPStatus.OK, graph_media + "; charset=utf-8", answer["text"].encode("utf-8"), headers)
        name, media = choose_format(self.headers.get("Accept"), fmt, answer["kind"])
        if answer["kind"] == "ask":
            text = results_boolean(answer["boolean"], name)
        else:
            render = {"json": results_json, "xml": results_xml, "csv": results_csv, "tsv": results_tsv}[name]
            text = render(answer["vars"], answer["bindings"])
        self._send(HTTPStatus.OK, media + "; charset=utf-8", text.encode("utf-8"), headers)

    def _guard(self, action) -> None:
        try:
            action()
        except Refused as e:
            extra = {"Allow": "GET, HEAD, POST, OPTIONS"} if e.status == HTTPStatus.METHOD_NOT_ALLOWED else {}
            self._send(e.status, "text/plain; charset=utf-8", (e.message + "\n").encode("utf-8"), extra)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, media: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.settings.quiet:
            super().log_message(format, *args)


def make_server(graph: Path, host: str = "127.0.0.1", port: int = 3030, *, timeout: float = DEFAULT_TIMEOUT,
                max_rows: int = DEFAULT_MAX_ROWS, workers: int = 2, quiet: bool = False) -> ThreadingHTTPServer:
    """A threaded HTTP server answering SPARQL over `graph`; port 0 picks a free one.

    Call `serve_forever()` on it, then `shutdown()` and `server_close()`; `server_close`
    also stops the query workers.
    """
    pool = WorkerPool(graph, size=workers)
    handler = type("Handler", (SparqlHandler,), {"settings": Settings(pool, timeout, max_rows, quiet)})

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def server_close(self) -> None:
            super().server_close()
            pool.close()

    try:
        return Server((host, port), handler)
    except OSError:
        pool.close()
        raise


def serve(graph: Path, host: str = "127.0.0.1", port: int = 3030, **options) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(graph, host, port, **options)
    h, p = server.server_address[:2]
    print(f"SPARQL endpoint over {graph} ({server.RequestHandlerClass.settings.pool.triples} triples) at http://{h}:{p}/sparql", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

