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

import bisect
import difflib
import hashlib
import json
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from itertools import chain
from pathlib import Path

import networkx as nx

from .graph import MENTIONS, no_gc
from .text import split_sentences

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
    found = SentenceSpans()
    spans = {k: mention_sentences(g, k, found) for k in keys}
    if tokenize is None and all("tokens" in g.nodes[k] for k in keys):
        # the build stored each description's tokens: no jieba at query time
        bags = {k: list(g.nodes[k]["tokens"]) for k in keys}
    else:
        sentences = {k: list(dict.fromkeys(g.nodes[art]["text"][a:b] for art, a, b in spans[k])) for k in keys}
        tokenize = tokenize or (lambda s: jieba_tokens(s, cache_dir=cache_dir))
        all_sentences = sorted({s for ss in sentences.values() for s in ss})
        tokens_of = dict(zip(all_sentences, tokenize(all_sentences)))
        bags = {k: [t for s in sentences[k] for t in tokens_of[s]] for k in keys}
    # the adjacency dicts themselves (edge key -> data per neighbour): networkx's edge views
    # cost a call per edge, and a key is found without visiting the others
    pred, succ = g._pred, g._succ
    organisers = {k: frozenset(u for u, by_key in pred[k].items() if "organizes" in by_key) for k in keys}
    orgs = sorted(set().union(*organisers.values())) if organisers else []
    org_set = set(orgs)
    return ProgrammeIndex(
        keys=keys,
        labels={k: g.nodes[k]["label"] for k in keys},
        themes={k: frozenset(g.nodes[k].get("themes") or ()) for k in keys},
        targets={k: frozenset(g.nodes[k].get("targets") or ()) for k in keys},
        organisers=organisers,
        articles={k: frozenset(u for u, by_key in pred[k].items() if MENTIONS in by_key) for k in keys},
        sentences={k: frozenset((art, a) for art, a, _ in spans[k]) for k in keys},
        sentence_text={(art, a): g.nodes[art]["text"][a:b] for k in keys for art, a, b in spans[k]},
        vectors=tfidf_vectors(bags),
        # the organisers' own edges, not every edge of the graph
        parents={(u, v) for u in orgs for v, by_key in succ[u].items() if "partOf" in by_key and v in org_set},
        provinces={o: frozenset(provinces_of(g, o)) for o in orgs},
        names={o: g.nodes[o].get("label", o) for o in orgs},
    )


def mention_sentences(g: nx.MultiDiGraph, key: str, split: SentenceSpans | None = None) -> list[tuple[str, int, int]]:
    """(article, start, end) of the distinct sentences in which `key` is mentioned, in article order.

    `split` (the articles' sentence spans) is filled and reused across calls.
    """
    out: list[tuple[str, int, int]] = []
    sentences = SentenceSpans() if split is None else split
    # one mentions edge per article (the edge key is the predicate): sorted by article alone
    mentions = sorted(((art, by_key[MENTIONS]) for art, by_key in g._pred[key].items() if MENTIONS in by_key), key=_first)
    for art, d in mentions:
        text, last = g.nodes[art].get("text", ""), None
        for start in sorted(ev["start"] for ev in d.get("evidence", [])):
            span = sentences.at(art, text, start)
            if span != last and span[1] > span[0]:  # in start order, a sentence found again follows itself
                out.append((art, *span))
                last = span
    return out


_first = operator.itemgetter(0)


class SentenceSpans:
    """The sentence spans of article texts, split once per article; `at` finds the sentence
    holding an offset by bisection (`kg.text.sentence_at` scans them all).

    >>> s = SentenceSpans()
    >>> s.at("a#0", "甲。乙丙。", 3), s.at("a#0", "甲。乙丙。", 9)
    ((2, 5), (9, 9))
    """

    def __init__(self):
        self._spans: dict[str, tuple[list[tuple[int, int]], list[int]]] = {}

    def at(self, article: str, text: str, pos: int) -> tuple[int, int]:
        """What `sentence_at(text, pos)` gives (spans are sorted and never overlap)."""
        found = self._spans.get(article)
        if found is None:
            spans = split_sentences(text)
            found = self._spans[article] = (spans, [a for a, _ in spans])
        spans, starts = found
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            return spans[i]
        return pos, pos


def programme_sentences(g: nx.MultiDiGraph, split: SentenceSpans | None = None) -> dict[str, list[str]]:
    """Programme key -> the distinct sentences that mention it, in article order (the
    sentences of `mention_sentences`). `split` may hold articles already split into sentences.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a#0", kind="article", text="甲办夜校。乙。夜校火!")
    >>> g.add_node("Programme/夜校", kind="entity", type=PROGRAMME, label="夜校")
    >>> _ = g.add_edge("a#0", "Programme/夜校", key=MENTIONS, evidence=[{"start": 8, "end": 10}, {"start": 2, "end": 4}])
    >>> programme_sentences(g)
    {'Programme/夜校': ['甲办夜校。', '夜校火!']}
    """
    found = SentenceSpans() if split is None else split
    nodes = g._node  # `g.nodes[art]` without the view's call
    return {k: list(dict.fromkeys(nodes[art]["text"][a:b] for art, a, b in mention_sentences(g, k, found))) for k in programmes(g)}


def description_tokens(
    g: nx.MultiDiGraph, split: SentenceSpans | None = None, *, sentences: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Programme key -> the content tokens of the sentences that mention it, in order.

    The build stores these on programme nodes (`tokens`) so related-programme
    queries need no segmenter. `split` may hold articles already split into sentences;
    `sentences` may be `programme_sentences(g)`, already found.
    """
    if sentences is None:
        sentences = programme_sentences(g, split)
    all_sentences = list(dict.fromkeys(chain.from_iterable(sentences.values())))  # each once; the order tells nothing
    words: dict[str, str] = {}  # one string per distinct token: the bags of a big corpus repeat them a million times
    tokens_of = {s: list(map(words.setdefault, tokens, tokens)) for s, tokens in zip(all_sentences, jieba_tokens(all_sentences))}
    return {k: list(chain.from_iterable(map(tokens_of.__getitem__, ss))) for k, ss in sentences.items()}


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
    # jieba.lcut's words, found faster (tests/test_lexicon.py); imported here, as the
    # queries of `kg related` read stored tokens and need no segmenter
    from .extract.lexicon import cut

    # most words are one character, and most others letters only (Chinese): each test
    # settles them without a call
    out = [[w for w in cut(s, hmm=True) if len(w) > 1 and (w.isalpha() or _content_word(w))] for s in sentences]
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a cache we cannot write only costs time
    return out


def _content_word(word: str) -> bool:
    """Two or more characters besides spaces, and not a number.

    >>> [w for w in ["工会", "会", "2025", "3.5%", " 会", "A4", "①②"] if _content_word(w)]
    ['工会', 'A4']
    """
    # most jieba words are one character, and most others letters only (which no digit
    # is): the cheap tests first
    return len(word) >= 2 and len(word.strip()) >= 2 and (word.isalpha() or not _numeric(word))


def _numeric(word: str) -> bool:
    return all(c.isdigit() or c in ".%+-" for c in word)


def tfidf_vectors(bags: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf) of token bags.

    >>> v = tfidf_vectors({"a": ["婚恋", "交友"], "b": ["婚恋"], "c": []})
    >>> round(cosine(v["a"], v["b"]), 2), v["c"]
    (0.61, {})
    """
    n = len(bags)
    counts = {key: Counter(bag) for key, bag in bags.items()}
    df = Counter(t for c in counts.values() for t in c)
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}  # once per word, not per bag
    out = {}
    for key, bag in counts.items():
        # most words come once: (1 + log 1) * idf is idf, the same float
        vec = {t: idf[t] if c == 1 else (1 + math.log(c)) * idf[t] for t, c in bag.items()}
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

    `part_of` is the graph's partOf edges as a DiGraph, to reuse across calls; without
    it the partOf edges are followed in `g` from each place.
    """
    out = set()
    for _, place, p in g.out_edges(org, keys=True):
        if p != "locatedIn":
            continue
        province = _gazetteer_province(g.nodes[place].get("label", ""))
        if province:
            out.add(province)
            continue
        if part_of is None:
            ancestors = part_of_ancestors(g, place)
        else:
            ancestors = nx.descendants(part_of, place) if place in part_of else set()
        out |= _provinces_named(g, [place, *ancestors])
    return out


def part_of_ancestors(g: nx.MultiDiGraph, node: str) -> set[str]:
    """The nodes `node` is partOf, directly or through others: `nx.descendants` of
    `part_of_view(g)`, found without building the view (a place has few ancestors).

    >>> g = nx.MultiDiGraph([("区", "市", "partOf"), ("市", "省", "partOf"), ("市", "甲", "locatedIn")])
    >>> sorted(part_of_ancestors(g, "区")), part_of_ancestors(g, "省")
    (['市', '省'], set())
    """
    found: set[str] = set()
    todo = [node]
    while todo:
        for _, parent, p in g.out_edges(todo.pop(), keys=True):
            if p == "partOf" and parent not in found and parent != node:
                found.add(parent)
                todo.append(parent)
    return found


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


def score_pair(
    idx: ProgrammeIndex, p: str, q: str, weights: dict[str, float] = WEIGHTS, *, similarity: float | None = None
) -> list[Reason]:
    """Every reason `p` and `q` are related, strongest kinds first. `similarity`, when given,
    is `cosine(idx.vectors[p], idx.vectors[q])`, already found."""
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
    sim = cosine(idx.vectors[p], idx.vectors[q]) if similarity is None else similarity
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

    Scores and reasons are symmetric, so a writer may merge (p, q) and (q, p). The answer
    is `related(g, p, top)` for every p; up to `EXACT_LIMIT` programmes it is found by
    `BestRelated`, which does not score every pair.

    >>> [(p[10:], q[10:], s) for p, q, s, _ in related_edges(example_graph(), top=1)]
    [('春蕾助学', '爱心红娘', 0.8), ('爱心红娘', '缘来有你', 1.8), ('缘来有你', '爱心红娘', 1.8)]
    """
    # many small tuples, sets and records, none cyclic: collections would only rescan them. The
    # index is dropped before collection resumes, so the first one sees only the answer
    with no_gc():
        return _related_edges(g, top, index)


def _related_edges(g: nx.MultiDiGraph, top: int, index: ProgrammeIndex | None) -> list[tuple[str, str, float, tuple[Reason, ...]]]:
    idx = index or index_programmes(g)
    if len(idx.keys) > EXACT_LIMIT:
        return [(p, r.key, r.score, r.reasons) for p in idx.keys for r in related(g, p, top, index=idx)]
    best = BestRelated(idx)
    return [(p, r.key, r.score, r.reasons) for p in idx.keys for r in best.related(p, top)]


class BestRelated:
    """`related(g, p, top)` for every programme p, exactly, without scoring every pair.

    A score is a sum of weights in a fixed order: the themes and target groups two
    programmes share and their organisers' reasons (the same for all programmes with the
    same themes, targets and organisers: a *profile*), then a shared article and sentence,
    then the description's cosine. Programmes that share an article or a rare word with p
    (found through short posting lists) are scored first, best weights first, until even
    a cosine of 1 could not lift one into the `top`. For any other q the cosine sums
    over common words only, so it is at most |p_c|·|q_c|, the norms of the two vectors on
    common words (Cauchy-Schwarz). Profiles, and the programmes in each, are visited best
    bound first; once a bound falls below the `top`-th score found, no programme left can
    enter. Scores are summed in the order `score_pair` sums them: the same floats. The
    weights two profiles share are summed once per pair of profiles (`profile_base_sums`).

    >>> idx = index_programmes(example_graph())
    >>> BestRelated(idx).related("Programme/缘来有你", 2) == related(example_graph(), "Programme/缘来有你", 2, index=idx)
    True
    """

    def __init__(self, idx: ProgrammeIndex):
        self.idx = idx
        self._org_provinces: dict[frozenset[str], frozenset[str]] = {}
        self._org_parents: dict[frozenset[str], frozenset[str]] = {}
        self._parents_of: dict[str, list[str]] = {}
        for child, parent in idx.parents:
            self._parents_of.setdefault(child, []).append(parent)
        df = Counter(t for v in idx.vectors.values() for t in v)
        rare = rare_word_limit(len(idx.keys))
        self.rare: dict[str, list[str]] = {}  # a word of at most `rare` programmes -> them
        self.rare_words: dict[str, list[str]] = {}  # programme -> its rare words
        self.common_norm: dict[str, float] = {}
        for k, v in idx.vectors.items():
            self.rare_words[k] = [t for t in v if df[t] <= rare]
            for t in self.rare_words[k]:
                self.rare.setdefault(t, []).append(k)
            self.common_norm[k] = math.sqrt(sum(x * x for t, x in v.items() if df[t] > rare))
        profiles: dict[tuple, list[str]] = {}
        for k in sorted(idx.keys, key=lambda k: -self.common_norm[k]):
            profiles.setdefault(self._profile(k), []).append(k)
        # profiles are numbered; each programme's row of `base_sums` holds what its profile
        # shares with every profile, so scoring a pair is a list lookup
        self.members = list(profiles.values())  # profile number -> its programmes, best bound first
        self.top_norm = [self.common_norm[m[0]] for m in self.members]  # the largest |q_c| of each
        number = {profile: i for i, profile in enumerate(profiles)}
        self.profile_of = {k: number[self._profile(k)] for k in idx.keys}
        self.base_sums = profile_base_sums(list(profiles), self._organiser_weights)
        self.by_article: dict[str, list[str]] = {}
        for k in idx.keys:
            for a in idx.articles[k]:
                self.by_article.setdefault(a, []).append(k)
        self.positions = {k: {t: i for i, t in enumerate(v)} for k, v in idx.vectors.items()}

    def _profile(self, k: str) -> tuple:
        idx = self.idx
        return (idx.themes[k], idx.targets[k], idx.organisers[k])

    def related(self, p: str, top: int = 5) -> list[Related]:
        """What `related(g, p, top, index=idx)` answers."""
        if top <= 0:
            return []
        best: list[tuple[float, str, str, float]] = []  # (-score, label, key, cosine), at most `top`, sorted
        near = self._near(p)
        self._score_near(best, top, p, near)
        self._score_by_bound(best, top, p, near)
        return [Related(q, self.idx.labels[q], -neg, tuple(score_pair(self.idx, p, q, similarity=sim))) for neg, _, q, sim in best]

    def _near(self, p: str) -> dict[str, tuple[float, ...]]:
        """Programmes sharing a rare word or an article with p -> the article (and sentence)
        weights they add."""
        near = dict.fromkeys(chain.from_iterable(map(self.rare.__getitem__, self.rare_words[p])), ())
        near.update(self._sharing_an_article(p))
        near.pop(p, None)
        return near

    def _score_near(self, best: list, top: int, p: str, near: dict[str, tuple[float, ...]]) -> None:
        """Consider every programme of `near`, best weights first, so that once even a perfect
        description could not lift one into the `top`, no cosine is needed for the rest."""
        row, profile_of = self.base_sums[self.profile_of[p]], self.profile_of
        # a cosine is at most 1; its weight and the score are each rounded: twice the slack
        most = WEIGHTS["description"] + 2 * _BOUND_SLACK
        # reduce(add, extra, base) is base + each weight of extra in turn, as `sum` adds the
        # reasons' weights (the same float), without a Python call per programme
        for total, q in sorted([(reduce(operator.add, extra, row[profile_of[q]]), q) for q, extra in near.items()], reverse=True):
            if len(best) == top and total + most < -best[-1][0]:
                break
            self._consider(best, top, q, total, self.cosine(p, q))

    def _score_by_bound(self, best: list, top: int, p: str, near: dict[str, tuple[float, ...]]) -> None:
        """Consider the programmes not `near` p, profile by profile, best bound first, until
        no bound reaches the `top`-th score."""
        common, row = self.common_norm, self.base_sums[self.profile_of[p]]
        reach = WEIGHTS["description"] * common[p]  # the most a description adds, times |q_c|
        low = -best[-1][0] if len(best) == top else -math.inf
        # (-bound, profile number): best bound first, ties in profile order; a bound below
        # the `top`-th score already found would stop the walk anyway
        bounds = [(-bound, j) for j, (base, norm) in enumerate(zip(row, self.top_norm))
                  if (bound := base + reach * norm + _BOUND_SLACK) >= low]
        for neg_bound, j in sorted(bounds):
            if len(best) == top and -neg_bound < -best[-1][0]:
                break
            base = row[j]
            floor = base + _BOUND_SLACK
            for q in self.members[j]:  # best bound first
                if len(best) == top and floor + reach * common[q] < -best[-1][0]:
                    break
                if q != p and q not in near:
                    self._consider(best, top, q, base, self.cosine(p, q))

    def _consider(self, best: list, top: int, q: str, total: float, sim: float) -> None:
        """Put q among the `top` best when its score earns it; `total` sums every weight but
        the description's, in `score_pair`'s order, so the score is the same float."""
        if sim >= MIN_SIMILARITY:
            total += round(WEIGHTS["description"] * sim, 4)
        score = round(total, 4)
        if score <= 0:
            return
        # each q comes once: (score, label, q) decides the order, never the cosine after them
        if len(best) < top or (-score, self.idx.labels[q], q) < best[-1]:
            bisect.insort(best, (-score, self.idx.labels[q], q, sim))
            del best[top:]

    def _sharing_an_article(self, p: str) -> dict[str, tuple[float, ...]]:
        """Programmes co-mentioned with p -> the article (and sentence) weights they add."""
        idx, out = self.idx, {}
        for a in idx.articles[p]:
            for q in self.by_article[a]:
                if q != p and q not in out:
                    together = not idx.sentences[p].isdisjoint(idx.sentences[q])
                    out[q] = (WEIGHTS["article"], WEIGHTS["sentence"]) if together else (WEIGHTS["article"],)
        return out

    def _organiser_weights(self, orgs: frozenset[str], orgs2: frozenset[str]) -> tuple[float, ...]:
        """The weights of `_organiser_reasons` for two sets of organisers, in its order,
        counted rather than written out (the profile table asks for every pair of sets)."""
        if not orgs or not orgs2:  # nothing in common, no link, no province
            return ()
        same = orgs & orgs2
        linked = 0
        # most pairs of organiser sets have no link: two tests (in C) on their sets of parents say so
        if not (self._parents(orgs).isdisjoint(orgs2) and self._parents(orgs2).isdisjoint(orgs)):
            links = {(a, b) for one, other in ((orgs, orgs2), (orgs2, orgs))
                     for a in one for b in self._parents_of.get(a, ()) if b in other}
            linked = sum(1 for a, b in links if a not in same and b not in same)
        if same or linked:
            return (WEIGHTS["organiser"],) * len(same) + (WEIGHTS["linked-organiser"],) * linked
        return () if self._provinces(orgs).isdisjoint(self._provinces(orgs2)) else (WEIGHTS["province"],)

    def _parents(self, orgs: frozenset[str]) -> frozenset[str]:
        """What any of `orgs` is directly part of."""
        found = self._org_parents.get(orgs)
        if found is None:
            found = self._org_parents[orgs] = frozenset(chain.from_iterable(self._parents_of.get(o, ()) for o in orgs))
        return found

    def _provinces(self, orgs: frozenset[str]) -> frozenset[str]:
        """The provinces of any of `orgs`."""
        found = self._org_provinces.get(orgs)
        if found is None:
            found = self._org_provinces[orgs] = frozenset().union(*(self.idx.provinces[o] for o in orgs))
        return found

    def cosine(self, p: str, q: str) -> float:
        """`cosine(vectors[p], vectors[q])`, the same float: the shared words found in C,
        summed in the order `cosine` visits them (the words of the shorter vector, as
        stored; of p's on a tie) and skipping only its zero terms."""
        vectors, positions = self.idx.vectors, self.positions
        a, b = vectors[p], vectors[q]
        if len(a) > len(b):
            a, b, p = b, a, q
        shared = a.keys() & b.keys()
        if not shared:
            return 0.0
        if len(shared) == 1:
            (word,) = shared
            return a[word] * b[word]
        words = sorted(shared, key=positions[p].__getitem__)
        return sum(map(operator.mul, map(a.__getitem__, words), map(b.__getitem__, words)))


def profile_base_sums(
    profiles: list[tuple[frozenset[str], frozenset[str], frozenset[str]]],
    organiser_weights: Callable[[frozenset[str], frozenset[str]], tuple[float, ...]],
) -> list[list[float]]:
    """For profiles (themes, targets, organisers): the sum, row by column, of the weights of
    the themes and targets two profiles share and their organisers' reasons, added in
    `score_pair`'s order (the same floats). The sums are symmetric: each is added once, and
    `organiser_weights` is asked once per pair of distinct organiser sets.

    >>> no_organiser = lambda a, b: ()
    >>> p = [(frozenset({"t1", "t2"}), frozenset({"g"}), frozenset()), (frozenset({"t1"}), frozenset(), frozenset())]
    >>> profile_base_sums(p, no_organiser)
    [[2.5, 1.0], [1.0, 1.0]]
    """
    theme, target = WEIGHTS["theme"], WEIGHTS["target"]
    org_sets: dict[frozenset[str], int] = {}
    org_of = [org_sets.setdefault(orgs, len(org_sets)) for _, _, orgs in profiles]
    # org set number -> org set number -> the weights of their organisers' reasons, asked when first met
    org_weights: list[list[tuple[float, ...] | None]] = [[None] * len(org_sets) for _ in org_sets]
    # themes and targets as bits of an int: what two profiles share is a count of common bits
    theme_bits, target_bits = _bit_masks([p[0] for p in profiles]), _bit_masks([p[1] for p in profiles])
    # most pairs share the same few counts and organiser weights: each such sum is added once
    added: dict[tuple, float] = {}
    n = len(profiles)
    sums = [[0.0] * n for _ in range(n)]
    for i in range(n):
        themes, targets, row, weights_i = theme_bits[i], target_bits[i], sums[i], org_weights[org_of[i]]
        for j in range(i, n):
            found = weights_i[org_of[j]]
            if found is None:
                found = weights_i[org_of[j]] = org_weights[org_of[j]][org_of[i]] = organiser_weights(profiles[i][2], profiles[j][2])
            key = ((themes & theme_bits[j]).bit_count(), (targets & target_bits[j]).bit_count(), found)
            total = added.get(key)
            if total is None:
                total = added[key] = sum((theme,) * key[0] + (target,) * key[1] + found)
            row[j] = sums[j][i] = total
    return sums


def _bit_masks(sets: list[frozenset[str]]) -> list[int]:
    """Each set as an int with one bit per distinct member, so that `(a & b).bit_count()` is
    `len(x & y)`.

    >>> _bit_masks([frozenset({"a", "b"}), frozenset({"b"}), frozenset()])
    [3, 2, 0]
    """
    bit: dict[str, int] = {}
    return [sum(1 << bit.setdefault(x, len(bit)) for x in sorted(members)) for members in sets]


# a rounded score may exceed the unrounded sum it bounds by half a unit in the fourth place
_BOUND_SLACK = 1e-4
# a word of at most this many programmes is looked up through its posting list; the others
# ("common") bound the cosine of programmes that share no rarer word
RARE_WORD = 32
# ... and of at most one programme in RARE_SHARE, though never fewer than MIN_RARE_WORD: in a
# graph of a hundred programmes a word of thirty is no rare word, and scoring everything that
# shares one costs more than the bounds on common words save (the seeds' 124 programmes:
# 46 near programmes and 16.5 cosines per programme with 32, 13 and 12 with 4)
RARE_SHARE = 32
MIN_RARE_WORD = 4


def rare_word_limit(programmes: int) -> int:
    """How many programmes a word may have and be looked up through its posting list
    (`BestRelated`): a share of all programmes, between MIN_RARE_WORD and RARE_WORD.

    >>> rare_word_limit(40), rare_word_limit(354), rare_word_limit(2000)
    (4, 11, 32)
    """
    return min(RARE_WORD, max(MIN_RARE_WORD, programmes // RARE_SHARE))


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
