"""Related programmes, each with the reasons it is related.

Two programmes are related when they share themes or target groups, are run by
the same or linked organisers (one union part of the other; organisers located
in the same province), are mentioned in the same article, or are described by
similar sentences (jieba tokens, TF-IDF cosine over each programme's mention
sentences). Every signal adds a weighted amount to the score and one `Reason`
that states the fact behind it, checkable against the graph.

>>> g = example_graph()
>>> [(r.label, r.score) for r in related(g, "Programme/缘来有你")]
[('爱心红娘', 1.8), ('春蕾助学', 0.8)]
>>> [str(x) for x in related(g, "Programme/缘来有你")[0].reasons]
['shared theme: matchmaking', 'same organiser: 江东省总工会']
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .graph import MENTIONS
from .text import sentence_at, split_sentences

PROGRAMME = "Programme"

# Contribution of each signal to the score. Themes dominate: a shared theme is
# what a reader asking for "related programmes" most often means.
WEIGHTS = {
    "theme": 1.0,  # per shared theme
    "target": 0.5,  # per shared target group
    "organiser": 0.8,  # per shared organiser
    "linked-organiser": 0.4,  # an organiser of one is partOf an organiser of the other
    "province": 0.2,  # organisers located in the same province
    "article": 0.3,  # mentioned in the same article (counted once)
    "sentence": 0.3,  # named in the same sentence (counted once): listed side by side
    "description": 1.0,  # times the cosine similarity of the descriptions
}
MIN_SIMILARITY = 0.1  # below this a description match is noise
MAX_ARTICLES_NAMED = 2  # co-mention reasons listed per pair

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉 \u3000")
_PROVINCE_SUFFIXES = ("省", "自治区")


@dataclass(frozen=True)
class Reason:
    """One fact behind a relatedness score.

    `kind` is a key of `WEIGHTS`; `about` names what the fact is about: theme
    notations, target groups, entity keys, a province name or article ids.
    """

    kind: str
    about: tuple[str, ...]
    weight: float
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Related:
    """A programme related to the query programme, best first in `related`'s answer."""

    key: str
    label: str
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass
class ProgrammeIndex:
    """What `related` needs about every programme, computed once per graph."""

    keys: list[str]
    labels: dict[str, str]
    themes: dict[str, frozenset[str]]
    targets: dict[str, frozenset[str]]
    organisers: dict[str, frozenset[str]]
    articles: dict[str, frozenset[str]]
    vectors: dict[str, dict[str, float]]
    parents: set[tuple[str, str]] = field(default_factory=set)  # (child, parent) unions/orgs
    provinces: dict[str, frozenset[str]] = field(default_factory=dict)  # organiser -> provinces
    names: dict[str, str] = field(default_factory=dict)  # organiser key -> label
    sentences: dict[str, frozenset[tuple[str, int]]] = field(default_factory=dict)  # (article, sentence start)
    sentence_text: dict[tuple[str, int], str] = field(default_factory=dict)
    postings: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # feature -> programmes, built on demand
    pairs: dict[tuple[str, str], list] = field(default_factory=dict)  # (p, q), p < q -> the symmetric reasons (WEIGHTS only)


class ProgrammeNameError(LookupError):
    """A programme name that matches no programme, or several; `candidates` lists labels."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


# ---------------------------------------------------------------- names


def programmes(g: nx.MultiDiGraph) -> list[str]:
    """Programme node keys of `g`, sorted."""
    return sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "entity" and d.get("type") == PROGRAMME)


def normalize_name(name: str) -> str:
    """A name with quotation marks and spaces dropped, for matching.

    >>> normalize_name("“泉城有约”婚恋交友服务品牌")
    '泉城有约婚恋交友服务品牌'
    """
    return name.translate(_QUOTES)


def resolve_programme(g: nx.MultiDiGraph, name: str) -> str:
    """The key of the programme called `name`: its label, an alias or a unique substring.

    Quotation marks are ignored. Raises `ProgrammeNameError` listing the
    candidates when several programmes match, or the closest names when none does.

    >>> g = example_graph()
    >>> resolve_programme(g, "“春蕾助学”"), resolve_programme(g, "鹊桥")
    ('Programme/春蕾助学', 'Programme/缘来有你')
    >>> resolve_programme(g, "红娘")
    Traceback (most recent call last):
    ...
    kg.related.ProgrammeNameError: '红娘' matches 2 programmes: 爱心红娘, 缘来有你
    """
    want = normalize_name(name)
    names = {key: _names(g, key) for key in programmes(g)}
    for pool in ([k for k, ns in names.items() if want == normalize_name(g.nodes[k]["label"])],
                 [k for k, ns in names.items() if want in ns],
                 [k for k, ns in names.items() if want and any(want in n for n in ns)]):
        if len(pool) == 1:
            return pool[0]
        if pool:
            labels = sorted(g.nodes[k]["label"] for k in pool)
            raise ProgrammeNameError(f"{name!r} matches {len(labels)} programmes: {', '.join(labels)}", labels)
    by_name = {n: g.nodes[k]["label"] for k, ns in sorted(names.items()) for n in ns}
    close = list(dict.fromkeys(by_name[n] for n in difflib.get_close_matches(want, by_name, n=5, cutoff=0.3)))
    hint = f"; closest: {', '.join(close)}" if close else f"; the graph has {len(names)} programmes"
    raise ProgrammeNameError(f"no programme called {name!r}{hint}", close)


def _names(g: nx.MultiDiGraph, key: str) -> set[str]:
    d = g.nodes[key]
    return {normalize_name(n) for n in [d["label"], *d.get("aliases", [])]}


# ---------------------------------------------------------------- index


def index_programmes(
    g: nx.MultiDiGraph,
    *,
    tokenize: Callable[[list[str]], list[list[str]]] | None = None,
    cache_dir: Path | None = None,
) -> ProgrammeIndex:
    """Collect themes, targets, organisers, articles and description vectors of every programme.

    `tokenize` maps sentences to token lists (default: jieba, cached in
    `cache_dir` when given, since loading jieba's dictionary takes most of a second).
    """
    keys = programmes(g)
    spans_of: dict[str, list[tuple[int, int]]] = {}
    spans = {k: mention_sentences(g, k, spans_of) for k in keys}
    sentences = {k: list(dict.fromkeys(g.nodes[art]["text"][a:b] for art, a, b in spans[k])) for k in keys}
    if tokenize is None and all("tokens" in g.nodes[k] for k in keys):
        # the build stored each description's tokens: no jieba at query time
        bags = {k: list(g.nodes[k]["tokens"]) for k in keys}
    else:
        tokenize = tokenize or (lambda s: jieba_tokens(s, cache_dir=cache_dir))
        all_sentences = sorted({s for ss in sentences.values() for s in ss})
        tokens_of = dict(zip(all_sentences, tokenize(all_sentences)))
        bags = {k: [t for s in sentences[k] for t in tokens_of[s]] for k in keys}
    organisers = {k: frozenset(u for u, _, p in g.in_edges(k, keys=True) if p == "organizes") for k in keys}
    orgs = sorted(set().union(*organisers.values())) if organisers else []
    part_of = part_of_view(g)
    return ProgrammeIndex(
        keys=keys,
        labels={k: g.nodes[k]["label"] for k in keys},
        themes={k: frozenset(g.nodes[k].get("themes") or ()) for k in keys},
        targets={k: frozenset(g.nodes[k].get("targets") or ()) for k in keys},
        organisers=organisers,
        articles={k: frozenset(u for u, _, p in g.in_edges(k, keys=True) if p == MENTIONS) for k in keys},
        sentences={k: frozenset((art, a) for art, a, _ in spans[k]) for k in keys},
        sentence_text={(art, a): g.nodes[art]["text"][a:b] for k in keys for art, a, b in spans[k]},
        vectors=tfidf_vectors(bags),
        parents={(u, v) for u, v, p in g.edges(keys=True) if p == "partOf" and u in orgs and v in orgs},
        provinces={o: frozenset(provinces_of(g, o, part_of=part_of)) for o in orgs},
        names={o: g.nodes[o].get("label", o) for o in orgs},
    )


def mention_sentences(
    g: nx.MultiDiGraph, key: str, spans_of: dict[str, list[tuple[int, int]]] | None = None
) -> list[tuple[str, int, int]]:
    """(article, start, end) of the distinct sentences in which `key` is mentioned, in article order.

    `spans_of` (article -> its sentence spans) is filled and reused across calls.
    """
    out: list[tuple[str, int, int]] = []
    spans_of = {} if spans_of is None else spans_of
    for art, _, p, d in sorted(g.in_edges(key, keys=True, data=True)):
        if p != MENTIONS:
            continue
        text = g.nodes[art].get("text", "")
        spans = spans_of.get(art)
        if spans is None:
            spans = spans_of[art] = split_sentences(text)
        for ev in sorted(d.get("evidence", []), key=lambda ev: ev["start"]):
            a, b = sentence_at(text, ev["start"], spans)
            if b > a and (art, a, b) not in out:
                out.append((art, a, b))
    return out


def description_tokens(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Programme key -> the content tokens of the sentences that mention it, in order.

    The build stores these on programme nodes (`tokens`) so related-programme
    queries need no segmenter.
    """
    keys = programmes(g)
    spans_of: dict[str, list[tuple[int, int]]] = {}
    sentences = {k: list(dict.fromkeys(g.nodes[art]["text"][a:b] for art, a, b in mention_sentences(g, k, spans_of))) for k in keys}
    all_sentences = sorted({s for ss in sentences.values() for s in ss})
    tokens_of = dict(zip(all_sentences, jieba_tokens(all_sentences)))
    return {k: [t for s in sentences[k] for t in tokens_of[s]] for k in keys}


def jieba_tokens(sentences: list[str], *, cache_dir: Path | None = None) -> list[list[str]]:
    """Content tokens of each sentence: jieba words of two or more characters, not numbers.

    >>> jieba_tokens(["工会举办婚恋交友活动。"])
    [['工会', '举办', '婚恋', '交友', '活动']]
    """
    if not sentences:
        return []
    path = None
    if cache_dir is not None:
        digest = hashlib.sha1("\n".join(sentences).encode("utf-8")).hexdigest()[:16]
        path = Path(cache_dir) / f"related-tokens-{digest}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    import jieba

    jieba.setLogLevel(60)
    out = [[w for w in jieba.lcut(s) if len(w.strip()) >= 2 and not _numeric(w)] for s in sentences]
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a cache we cannot write only costs time
    return out


def _numeric(word: str) -> bool:
    return all(c.isdigit() or c in ".%+-" for c in word)


def tfidf_vectors(bags: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf) of token bags.

    >>> v = tfidf_vectors({"a": ["婚恋", "交友"], "b": ["婚恋"], "c": []})
    >>> round(cosine(v["a"], v["b"]), 2), v["c"]
    (0.61, {})
    """
    n = len(bags)
    df = Counter(t for bag in bags.values() for t in set(bag))
    out = {}
    for key, bag in bags.items():
        vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in Counter(bag).items()}
        norm = math.sqrt(sum(x * x for x in vec.values()))
        out[key] = {t: x / norm for t, x in vec.items()} if norm else {}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit vectors held as dicts."""
    if len(a) > len(b):
        a, b = b, a
    if a.keys().isdisjoint(b):  # most pairs: no word in common (checked in C)
        return 0.0
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def provinces_of(g: nx.MultiDiGraph, org: str, *, part_of: nx.DiGraph | None = None) -> set[str]:
    """Provinces of the places `org` is locatedIn: from `kg.gazetteer` when it
    knows the place, else the place or its partOf ancestors named …省/…自治区.

    `part_of` is the graph's partOf edges as a DiGraph, to reuse across calls.
    """
    part_of = part_of if part_of is not None else part_of_view(g)
    out = set()
    for _, place, p in g.out_edges(org, keys=True):
        if p != "locatedIn":
            continue
        province = _gazetteer_province(g.nodes[place].get("label", ""))
        if province:
            out.add(province)
            continue
        ancestors = nx.descendants(part_of, place) if place in part_of else set()
        out |= _provinces_named(g, [place, *ancestors])
    return out


def _provinces_named(g: nx.MultiDiGraph, nodes: list[str]) -> set[str]:
    return {g.nodes[n].get("label", "") for n in nodes if g.nodes[n].get("label", "").endswith(_PROVINCE_SUFFIXES)}


def part_of_view(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The partOf edges of `g` (child -> parent) as a DiGraph."""
    return nx.DiGraph((u, v) for u, v, p in g.edges(keys=True) if p == "partOf")


def _gazetteer_province(name: str) -> str | None:
    try:
        from .gazetteer import lookup, province_of
    except ImportError:  # the gazetteer is optional: provinces_of falls back to the graph
        return None
    div = lookup(name)
    return province_of(div).name if div else None


# ---------------------------------------------------------------- scores


def related(
    g: nx.MultiDiGraph,
    programme_key: str,
    top: int = 5,
    *,
    index: ProgrammeIndex | None = None,
    weights: dict[str, float] = WEIGHTS,
) -> list[Related]:
    """The `top` programmes most related to `programme_key`, best first, ties by label.

    Pass `index` (from `index_programmes(g)`) to answer many queries on one graph.

    >>> [r.label for r in related(example_graph(), "Programme/春蕾助学", top=1)]
    ['爱心红娘']
    """
    if programme_key not in g or g.nodes[programme_key].get("type") != PROGRAMME:
        raise KeyError(f"{programme_key!r} is not a programme node of the graph")
    idx = index or index_programmes(g)
    found = []
    for other in candidates(idx, programme_key):
        if other == programme_key:
            continue
        reasons = score_pair(idx, programme_key, other, weights)
        score = round(sum(r.weight for r in reasons), 4)
        if score > 0:
            found.append(Related(other, idx.labels[other], score, tuple(reasons)))
    found.sort(key=lambda r: (-r.score, r.label, r.key))
    return found[:top]


# Up to this many programmes every pair is scored; above it only candidates that share
# a specific feature (see `candidates`), so that related programmes stay linear in practice.
EXACT_LIMIT = 2000
# a feature shared by more programmes than this says too little to make candidates of them all
BROAD_POSTING = 300


def candidates(idx: ProgrammeIndex, p: str) -> list[str]:
    """The programmes worth scoring against `p`: all of them up to EXACT_LIMIT programmes,
    else those sharing an organiser (or a linked one), an article, a target group, a theme or
    a description word, each through a posting list of at most BROAD_POSTING programmes.

    >>> idx = index_programmes(example_graph())
    >>> candidates(idx, "Programme/春蕾助学") == idx.keys
    True
    """
    if len(idx.keys) <= EXACT_LIMIT:
        return idx.keys
    postings = _postings(idx)
    orgs = set(idx.organisers[p])
    orgs |= {b for a, b in idx.parents if a in orgs} | {a for a, b in idx.parents if b in orgs}
    features = [("org", o) for o in orgs] + [("art", a) for a in idx.articles[p]]
    features += [("target", t) for t in idx.targets[p]] + [("theme", t) for t in idx.themes[p]]
    features += [("word", w) for w in idx.vectors[p]]
    found: set[str] = set()
    for f in features:
        posting = postings.get(f, ())
        if len(posting) <= BROAD_POSTING:
            found.update(posting)
    return sorted(found)


def _postings(idx: ProgrammeIndex) -> dict[tuple[str, str], list[str]]:
    if not idx.postings:
        out: dict[tuple[str, str], list[str]] = {}
        for k in idx.keys:
            feats = [("org", o) for o in idx.organisers[k]] + [("art", a) for a in idx.articles[k]]
            feats += [("target", t) for t in idx.targets[k]] + [("theme", t) for t in idx.themes[k]]
            feats += [("word", w) for w in idx.vectors[k]]
            for f in feats:
                out.setdefault(f, []).append(k)
        idx.postings.update(out)
    return idx.postings


def score_pair(idx: ProgrammeIndex, p: str, q: str, weights: dict[str, float] = WEIGHTS) -> list[Reason]:
    """Every reason `p` and `q` are related, strongest kinds first."""
    # all but the description reason are symmetric in p and q: computed once per pair
    # (the cosine is left per direction, its float sum depends on the order)
    if weights is WEIGHTS:
        pair = (p, q) if p < q else (q, p)
        reasons = idx.pairs.get(pair)
        if reasons is None:
            reasons = idx.pairs[pair] = _symmetric_reasons(idx, p, q, weights)
        reasons = list(reasons)
    else:
        reasons = _symmetric_reasons(idx, p, q, weights)
    sim = cosine(idx.vectors[p], idx.vectors[q])
    if sim >= MIN_SIMILARITY:
        weight = round(weights["description"] * sim, 4)
        reasons.append(Reason("description", (f"{sim:.2f}",), weight, f"similar description ({sim:.2f})"))
    return reasons


def _symmetric_reasons(idx: ProgrammeIndex, p: str, q: str, weights: dict[str, float]) -> list[Reason]:
    themes, targets = sorted(idx.themes[p] & idx.themes[q]), sorted(idx.targets[p] & idx.targets[q])
    reasons = [Reason("theme", (t,), weights["theme"], f"shared theme: {t}") for t in themes]
    reasons += [Reason("target", (t,), weights["target"], f"shared target group: {t}") for t in targets]
    reasons += _organiser_reasons(idx, p, q, weights)
    shared = sorted(idx.articles[p] & idx.articles[q])
    if shared:
        named = ", ".join(shared[:MAX_ARTICLES_NAMED])
        named += f" and {len(shared) - MAX_ARTICLES_NAMED} more" if len(shared) > MAX_ARTICLES_NAMED else ""
        reasons.append(Reason("article", tuple(shared), weights["article"], f"co-mentioned in article {named}"))
    together = sorted(idx.sentences[p] & idx.sentences[q])
    if together:
        (art, start), text = together[0], _excerpt(idx.sentence_text[together[0]])
        reasons.append(Reason("sentence", (art, str(start)), weights["sentence"], f"named in one sentence: {text}"))
    return reasons


def _excerpt(sentence: str, size: int = 24) -> str:
    return sentence if len(sentence) <= size else sentence[: size - 1] + "…"


def _organiser_reasons(idx: ProgrammeIndex, p: str, q: str, weights: dict[str, float]) -> list[Reason]:
    op, oq = idx.organisers[p], idx.organisers[q]
    same = sorted(op & oq)
    out = [Reason("organiser", (o,), weights["organiser"], f"same organiser: {idx.names[o]}") for o in same]
    links = sorted((a, b) for a, b in idx.parents if (a in op and b in oq) or (a in oq and b in op))
    w = weights["linked-organiser"]
    out += [
        Reason("linked-organiser", (a, b), w, f"linked organisers: {idx.names[a]} is part of {idx.names[b]}")
        for a, b in links
        if a not in same and b not in same
    ]
    if not out:  # a province in common says little once the organisers are known to be linked
        common = sorted(set().union(*(idx.provinces[o] for o in op)) & set().union(*(idx.provinces[o] for o in oq)))
        out += [Reason("province", (c,), weights["province"], f"organisers in the same province: {c}") for c in common[:1]]
    return out


def related_edges(
    g: nx.MultiDiGraph, top: int = 3, *, index: ProgrammeIndex | None = None
) -> list[tuple[str, str, float, tuple[Reason, ...]]]:
    """(programme, other, score, reasons) for the `top` related programmes of every programme.

    Scores and reasons are symmetric, so a writer may merge (p, q) and (q, p).

    >>> [(p[10:], q[10:], s) for p, q, s, _ in related_edges(example_graph(), top=1)]
    [('春蕾助学', '爱心红娘', 0.8), ('爱心红娘', '缘来有你', 1.8), ('缘来有你', '爱心红娘', 1.8)]
    """
    idx = index or index_programmes(g)
    return [(p, r.key, r.score, r.reasons) for p in idx.keys for r in related(g, p, top, index=idx)]


def to_records(g: nx.MultiDiGraph, found: Iterable[Related]) -> list[dict]:
    """JSON-ready records: iri, key, label, score and reason texts.

    >>> g = example_graph()
    >>> to_records(g, related(g, "Programme/春蕾助学", top=1))[0]["iri"]
    'https://w3id.org/union-kg/id/programme/爱心红娘'
    """
    from .vocab import entity_iri

    return [
        {
            "iri": str(entity_iri(g.nodes[r.key]["type"], r.label)),
            "key": r.key,
            "label": r.label,
            "score": r.score,
            "reasons": [str(x) for x in r.reasons],
        }
        for r in found
    ]


def format_table(g: nx.MultiDiGraph, key: str, found: list[Related]) -> str:
    """A plain-text table of `related`'s answer for `key`.

    >>> g = example_graph()
    >>> print(format_table(g, "Programme/春蕾助学", related(g, "Programme/春蕾助学", top=1)))
    related to 春蕾助学
      #  score  programme  reasons
      1   0.80  爱心红娘   same organiser: 江东省总工会
    """
    rows = [(str(i), f"{r.score:.2f}", r.label, "; ".join(map(str, r.reasons))) for i, r in enumerate(found, 1)]
    head = ("#", "score", "programme", "reasons")
    widths = [max(_width(x) for x in col) for col in zip(head, *rows)]
    lines = [f"related to {g.nodes[key]['label']}"]
    for row in [head, *rows]:
        cells = [row[0].rjust(widths[0]), row[1].rjust(widths[1])]
        cells += [c + " " * (w - _width(c)) for c, w in zip(row[2:3], widths[2:3])] + [row[3]]
        lines.append("  " + "  ".join(cells).rstrip())
    if not rows:
        lines.append("  (no related programme in this graph)")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display columns: CJK characters take two."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


# ---------------------------------------------------------------- example


def example_graph() -> nx.MultiDiGraph:
    """A made-up graph for the examples: one union running two matchmaking programmes and one aid programme."""
    g = nx.MultiDiGraph()
    g.add_node("Union/江东省总工会", kind="entity", type="Union", label="江东省总工会", aliases=[])
    made_up = [
        ("缘来有你", ["鹊桥红娘"], ["matchmaking"]),
        ("爱心红娘", [], ["matchmaking"]),
        ("春蕾助学", [], ["education-aid"]),
    ]
    for label, aliases, themes in made_up:
        g.add_node(f"Programme/{label}", kind="entity", type=PROGRAMME, label=label, aliases=aliases, themes=themes)
    for label in ("缘来有你", "爱心红娘", "春蕾助学"):
        g.add_edge("Union/江东省总工会", f"Programme/{label}", key="organizes", evidence=[])
    return g
