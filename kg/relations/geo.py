"""partOf between places and locatedIn from bodies to places.

partOf (Place -> Place), only between places the article names:

- the division table: a division is part of the nearest division above it that the
  article names (双鸭山市 -> 黑龙江省; no unnamed level in between is added);
- juxtaposition: 台山市冲蒺镇, 江西永新县 (the second inside the first);
- a zone is part of the most specific division its name opens with (青岛高新区 -> 青岛市).

locatedIn (Union/Enterprise/Organization -> Place): the most specific place named
inside the body's name (双鸭山市总工会 -> 双鸭山市; 大唐吉林发电有限公司辽源发电分公司
-> 辽源市) or right before it (在井陉矿区正丰煤矿, 位于X试验区的Y公司).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from .. import gazetteer as gz
from ..model import Article, ArticleResult, EntityType, Mention, Predicate, Relation, entity_key
from ..text import sentence_at
from .base import Doc, doc_of

_BODIES = (EntityType.UNION, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
_LOCATING = re.compile("(?:" + "|".join(gz.place_words()["locating_verbs"]) + ")$")
_MAX_LOCATING = max(map(len, gz.place_words()["locating_verbs"]), default=0)
_POSSESSIVE = tuple(gz.place_words()["possessive_gaps"])
_MAX_POSSESSIVE = max(map(len, _POSSESSIVE), default=0)
# after a body's name: 凌钢集团位于辽宁省凌源市
_LOCATED_AFTER = re.compile("(?:" + "|".join(gz.place_words()["locating_verbs"]) + ")")
_STATIONED = gz.place_words()["stationed_marks"]  # 象州县总工会驻惠州工会工作服务站: where it is stationed
_EACH = gz.place_words()["each_marks"]  # 西安各工人文化宫: each body of that kind is in the place
_STATIONED_RANK = 9  # beats any depth
_MIN_KIND = 3  # 山东各工会 says nothing of where one 工会 is; 西安各工人文化宫 does
_DEPTH = {"province": 1, "prefecture": 2, "county": 3}
_FINEST = 4  # a town, village or zone: below any division
_TOWN_HEADS = ("镇", "乡", "街道")
_VILLAGE_HEADS = ("村", "社区")
_VILLAGE_RULES = ("place-village", "place-community")


def _label(key: str) -> str:
    return key.split("/", 1)[1]


def _divisions(keys: set[str]) -> dict[str, gz.Division]:
    """The division behind each Place key that is one; ambiguous names use the others as context."""
    labels = {}
    for k in keys:
        name = _label(k)
        if gz.is_full_name(name):
            labels[k] = name
    sure = {}
    for k, name in labels.items():
        div = gz.lookup(name)
        if div:
            sure[k] = div
    context = tuple(sorted(sure.values(), key=lambda d: d.code))
    out = dict(sure)
    for k, n in labels.items():
        if k not in out and (div := gz.resolve(n, context)):
            out[k] = div
    return out


def _depth(key: str, divs: dict[str, gz.Division]) -> int:
    if key in divs:
        return _DEPTH[divs[key].level]
    return 0 if _label(key) in gz.countries() else _FINEST


class _Span(NamedTuple):
    """Where a place is named: what the rules compare and locate (a tuple, cheap to build)."""

    start: int
    end: int
    text: str


class _Places:
    """An article's place mentions with their divisions and sentences."""

    def __init__(self, doc: Doc):
        self.text = doc.text
        self.doc = doc
        self.sentences = doc.sentences
        places = doc.linked_of(EntityType.PLACE)
        pairs = sorted({(m.start, m.end, m.text, k) for m, k in places if m.end > m.start})
        self.mentions = [(_Span(s, e, t), k) for s, e, t, k in pairs]
        self._starts = [s for s, _, _, _ in pairs]
        self.keys = {k for _, k in self.mentions}
        self.divs = _divisions(self.keys)
        self.context = tuple(self.divs.values())
        # villages and communities: the level below a town (柳林湾 in a list of villages has no 村)
        self.villages = {k for m, k in places if m.rule in _VILLAGE_RULES or _label(k).endswith(_VILLAGE_HEADS)}
        self.towns = {k for k in self.keys if k not in self.divs and _label(k).endswith(_TOWN_HEADS)}
        self.depth = {k: _depth(k, self.divs) for k in self.keys}  # how specific each place is
        # towns, villages and zones by length, longest first: what a body's name may open with
        self.named = sorted((_label(k) for k in self.keys if k not in self.divs), key=len, reverse=True)
        self._outermost: list[tuple[_Span, str]] | None = None
        self._by_end: tuple[list[int], list[int]] | None = None
        self._at: dict[str, list[int]] = {}

    def relation(self, subject: str, predicate: Predicate, obj: str, at: int) -> Relation:
        return self.doc.relation(subject, predicate, obj, at)

    def starting_in(self, a: int, b: int) -> list[tuple[_Span, str]]:
        """Place mentions that start in [a, b), in order."""
        return self.mentions[bisect_left(self._starts, a) : bisect_left(self._starts, b)]

    def inside(self, start: int, end: int) -> list[tuple[_Span, str]]:
        """Place mentions within [start, end), shorter than it."""
        # a mention ends after it starts, so one that ends by `end` starts before it
        return [(m, k) for m, k in self.starting_in(start, end) if m.end <= end and (m.start, m.end) != (start, end)]

    def run_at(self, pos: int) -> list[tuple[_Span, str]]:
        """The places written one after another from `pos` on (辽宁省凌源市)."""
        run = []
        for m, k in self.outermost():  # in order of their starts
            if m.start == pos:
                run.append((m, k))
                pos = m.end
        return run

    def outermost(self) -> list[tuple[_Span, str]]:
        """The mentions no other mention holds (one with the same span and text is no other)."""
        if self._outermost is None:  # the mentions never change: work it out once
            ends = list(accumulate((m.end for m, _ in self.mentions), max))  # the furthest end of each prefix
            same_end: dict[int, list[_Span]] = {}
            for m, _ in self.mentions:
                same_end.setdefault(m.end, []).append(m)
            out = []
            for m, k in self.mentions:
                # the mentions starting at or before m: one reaching past m's end holds it,
                # one ending with m holds it when it starts earlier or reads otherwise
                if ends[bisect_right(self._starts, m.start) - 1] > m.end:
                    continue
                others = same_end[m.end]
                if len(others) > 1 and any(o.start < m.start or (o.start == m.start and o.text != m.text) for o in others):
                    continue
                out.append((m, k))
            self._outermost = out
        return self._outermost

    def outermost_ending_in(self, a: int, b: int) -> list[tuple[_Span, str]]:
        """The outermost mentions that end in [a, b], in order."""
        if self._by_end is None:
            outer = self.outermost()
            order = sorted(range(len(outer)), key=lambda i: outer[i][0].end)
            self._by_end = ([outer[i][0].end for i in order], order)
        ends, order = self._by_end
        lo, hi = bisect_left(ends, a), bisect_right(ends, b)
        if hi - lo < 2:
            return [self._outermost[i] for i in order[lo:hi]]
        return [self._outermost[i] for i in sorted(order[lo:hi])]

    def together(self, k1: str, k2: str) -> int:
        """An offset in the first sentence that names both keys, else the first mention of `k1`."""
        at1, at2 = self._starts_of(k1), self._starts_of(k2)
        sentence = self.doc.sentence  # (pos, pos) for an offset no sentence holds: never one of both
        both = {sentence(p) for p in at1} & {sentence(p) for p in at2}
        both = {s for s in both if s[1] > s[0]}
        if both:
            first = min(both)
            return min(p for p in at1 if sentence(p) == first)
        return min(at1)

    def _starts_of(self, key: str) -> list[int]:
        found = self._at.get(key)
        if found is None:
            if not self._at:
                for m, k in self.mentions:
                    self._at.setdefault(k, []).append(m.start)
            found = self._at.get(key, [])
        return found


def _places(article: Article, linked: list[tuple[Mention, str]]) -> _Places:
    """The article's places, worked out once for partOf and locatedIn."""
    doc = doc_of(article, linked)
    found = doc.memo.get("places")
    if found is None:
        found = doc.memo["places"] = _Places(doc)
    return found


_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _spaces(text: str) -> list[int]:
    """Where the whitespace characters of `text` are (few in Chinese text)."""
    return [m.start() for m in _SPACE.finditer(text)]


def _gap(text: str, a: int, b: int) -> str:
    """text[a:b] without whitespace; NUL when b < a.

    >>> _gap("辽宁省 凌源市", 3, 4), _gap("辽宁省的凌源市", 3, 4), _gap("辽宁省凌源市", 3, 3), _gap("ab", 2, 1) == chr(0)
    ('', '的', '', True)
    """
    if b < a:
        return "\x00"
    spaces = _spaces(text)
    if spaces and bisect_left(spaces, b) > bisect_left(spaces, a):
        return _SPACES.sub("", text[a:b])
    return text[a:b]


def _bare(text: str, a: int, b: int) -> int:
    """How many characters _gap(text, a, b) has, -1 when b < a.

    >>> _bare("辽宁省 凌源市", 3, 4), _bare("辽宁省 的凌源市", 2, 5), _bare("ab", 2, 1)
    (0, 2, -1)
    """
    if b < a:
        return -1
    spaces = _spaces(text)
    return b - a - (bisect_left(spaces, b) - bisect_left(spaces, a)) if spaces else b - a


def _next_non_space(text: str, pos: int) -> int:
    """The first offset from `pos` on that is not white space (len(text) when none is).

    >>> _next_non_space("辽宁省 \\n凌源市", 3), _next_non_space("辽宁省凌源市", 3), _next_non_space("ab  ", 2)
    (5, 3, 4)
    """
    m = _NON_SPACE.search(text, pos)
    return m.start() if m else len(text)


_NON_SPACE = re.compile(r"\S")


def _reach_back(text: str, end: int, n: int) -> int:
    """The first offset `a` with at most `n` characters other than white space in text[a:end].

    >>> _reach_back("辽宁省的凌源市", 4, 1), _reach_back("辽宁省 的 凌源市", 6, 1), _reach_back("的市", 2, 5)
    (3, 3, 0)
    """
    if end > n and _SPACE.search(text, end - n - 1, end) is None:
        return end - n  # no white space near: n characters back, and the one before them counts
    a, seen = end, 0
    while a > 0:
        if not text[a - 1].isspace():  # the characters \s matches, as _gap removes
            if seen == n:
                break
            seen += 1
        a -= 1
    return a


def _located_before(text: str, pos: int) -> bool:
    """Whether a locating verb (位于, 坐落在) ends right before `pos` (or before a line break there)."""
    return _LOCATING.search(text, max(0, pos - _MAX_LOCATING - 1), pos) is not None


def find_place_part_of(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """partOf between places named in one article.

    >>> from kg.extract.places import find_places
    >>> a = Article("a", "s", 0, "", "黑龙江省双鸭山市举行。江门市台山市冲蒺镇和青岛高新区也参加。")
    >>> linked = [(m, entity_key(m.type, m.name)) for m in find_places(a)]
    >>> sorted((r.subject[6:], r.object[6:]) for r in find_place_part_of(a, linked))
    [('冲蒺镇', '台山市'), ('双鸭山市', '黑龙江省'), ('台山市', '江门市'), ('青岛高新区', '青岛市')]
    """
    p = _places(article, linked)
    out: list[Relation] = []
    for key in sorted(p.divs):
        for up in gz.ancestors(p.divs[key]):
            up_key = entity_key(EntityType.PLACE, up.name)
            if up_key in p.keys:
                out.append(p.relation(key, Predicate.PART_OF, up_key, p.together(key, up_key)))
                break
    zones_with_prefix = set()
    for m, key in p.mentions:
        if key in p.divs or p.depth[key] == 0:
            continue
        inner = [(i, k) for i, k in p.inside(m.start, m.end) if k in p.divs]
        if inner:
            zones_with_prefix.add(key)
            _, best = max(inner, key=lambda ik: (p.depth[ik[1]], ik[0].start))
            out.append(p.relation(key, Predicate.PART_OF, best, m.start))
    for m, key in p.mentions:
        # the places that follow m with nothing but white space between
        for n, other in p.starting_in(m.end, _next_non_space(p.text, m.end) + 1):
            if other == key:
                continue
            if key not in p.divs:  # a town or zone holds the village that follows it: 宋家沟乡上村, 北梁新区安居社区
                if p.depth[key] == _FINEST and key not in p.villages and other in p.villages:
                    out.append(p.relation(other, Predicate.PART_OF, key, m.start))
                continue
            if other in p.divs and not gz.is_within(p.divs[other], p.divs[key]):
                continue
            if other not in p.divs and (other in zones_with_prefix or p.depth[other] == 0):
                continue
            out.append(p.relation(other, Predicate.PART_OF, key, m.start))
    # the one town an article names holds the villages it names (宋家沟乡 ... 吴家岔村、柳林湾),
    # the one county it names the towns (北仑区 ... 小港街道)
    counties = sorted(k for k, d in p.divs.items() if d.level == "county")
    for lower, upper in ((p.villages, sorted(p.towns)), (p.towns, counties)):
        if len(upper) == 1:
            held = {r.subject for r in out}
            out += [p.relation(k, Predicate.PART_OF, upper[0], p.together(k, upper[0])) for k in sorted(lower - held)]
    return _unique(out)


def find_located_in(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """locatedIn from unions, enterprises and organisations to the place they are in.

    >>> from kg.extract.places import find_places
    >>> t = "双鸭山市总工会和在井陉矿区正丰煤矿。"
    >>> linked = [(m, entity_key(m.type, m.name)) for m in find_places(Article("a", "s", 0, "", t))]
    >>> linked += [(Mention("双鸭山市总工会", EntityType.UNION, 0, 7), "Union/双鸭山市总工会"),
    ...            (Mention("正丰煤矿", EntityType.ENTERPRISE, 13, 17), "Enterprise/正丰煤矿")]
    >>> [(r.subject, r.object) for r in find_located_in(Article("a", "s", 0, "", t), linked)]
    [('Enterprise/正丰煤矿', 'Place/井陉矿区'), ('Union/双鸭山市总工会', 'Place/双鸭山市')]
    """
    p = _places(article, linked)
    best: dict[str, tuple[tuple[int, int], str, int]] = {}  # body key -> (rank, place key, offset)
    for m, key in _bodies_by_start(linked):
        cands = [(pm, pk) for pm, pk in p.inside(m.start, m.end)]
        # the places before the body with at most a possessive gap between
        for pm, pk in p.outermost_ending_in(_reach_back(p.text, m.start, _MAX_POSSESSIVE), m.start):
            bare = _bare(p.text, pm.end, m.start)
            if bare == 0 or (
                0 < bare <= _MAX_POSSESSIVE
                and _gap(p.text, pm.end, m.start) in _POSSESSIVE
                and (p.depth[pk] == _FINEST or _located_before(p.text, pm.start))
            ):
                cands.append((pm, pk))
        verb = _LOCATED_AFTER.match(p.text, m.end)
        if verb:
            cands += p.run_at(verb.end())
        for pm, pk in cands:
            stationed = m.start < pm.start and p.text[pm.start - 1] in _STATIONED
            rank = (_STATIONED_RANK if stationed else p.depth[pk], pm.start)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, pk, m.start)
    bodies = sorted({k for m, k in linked if m.type in _BODIES} - set(best))
    for key in bodies:
        place = _named_in_label(_label(key), p)
        if place:
            best[key] = ((0, 0), place, next(m.start for m, k in linked if k == key))
    for key in sorted(set(bodies) - set(best)):
        found = _each_of_kind(_label(key), p)
        if found:
            best[key] = ((0, 0), *found)
    return [p.relation(k, Predicate.LOCATED_IN, pk, at) for k, (_, pk, at) in sorted(best.items())]


def _bodies_by_start(linked: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """The bodies with a span, each (mention, key) once, by start and key."""
    pairs = {}
    for m, k in linked:
        if m.type in _BODIES and m.end > m.start:
            # the fields of the mention rather than the mention: a tuple hashes in C, a Mention in Python
            pairs.setdefault((m.text, m.type, m.start, m.end, m.canonical, m.context, m.rule, k), (m, k))
    return sorted(pairs.values(), key=lambda mk: (mk[0].start, mk[1]))


def _each_of_kind(label: str, p: _Places) -> tuple[str, int] | None:
    """(place key, offset) when the article says every body of this one's kind is in a place:
    西安各工人文化宫 locates 土门工人文化宫 (the kind is the longest tail of the name written there)."""
    hits = []
    for m, key in p.outermost():
        if p.text[m.end : m.end + 1] not in _EACH or p.depth[key] == 0:
            continue
        after = p.text[m.end + 1 : m.end + 1 + len(label)]
        kind = next((n for n in range(len(label) - 1, _MIN_KIND - 1, -1) if after.startswith(label[-n:])), 0)
        if kind:
            hits.append((kind, m.start, key))
    if not hits:
        return None
    kind, at, key = max(hits, key=lambda h: (h[0], -h[1]))
    return key, at


def _named_in_label(label: str, p: _Places) -> str | None:
    """The most specific place the article names that the body's full name opens with
    (a body met only as 市总 still has its full name: 双鸭山市总工会 -> 双鸭山市)."""
    if _STATIONED in label:  # 象州县总工会驻惠州工会工作服务站: where it is stationed
        there = _named_in_label(label.rsplit(_STATIONED, 1)[1], p)
        if there:
            return there
    named = p.named
    forms = gz.surface_forms()
    found = None
    pos = 0
    while pos < len(label):
        # a town, village or zone the article names (长岗镇党委), else a division
        hit = next((n for n in named if label.startswith(n, pos)), None)
        if hit:
            found = entity_key(EntityType.PLACE, hit)
            pos += len(hit)
            continue
        for n in range(min(len(label) - pos, 12), 1, -1):
            name = label[pos : pos + n]
            # resolve finds nothing for a name that is no form of any division: skip the call
            div = gz.resolve(name, p.context) if name in forms else None
            if div:
                key = entity_key(EntityType.PLACE, div.name)
                found = key if key in p.keys else found
                pos += n
                break
        else:
            return found
    return found


def _unique(relations: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for r in relations:
        if (r.subject, r.object) not in seen:
            seen.add((r.subject, r.object))
            out.append(r)
    return out


def add_page_part_of(page: list[ArticleResult]) -> list[ArticleResult]:
    """The articles of one page with partOf added between divisions named in different
    articles: each division is part of the nearest division above it that the page names.

    Gold relations are stated per page, and the division table (GB/T 2260) is the
    authority on which division lies in which, so 武汉市 in one article is part of
    湖北省 in another. Only pairs no article relates already are added, and no
    unnamed level is put in between. The evidence is the first sentence that names
    both, else the first that names the child; the relation goes to that article.

    >>> from kg.extract.places import find_places
    >>> def result(i, text):
    ...     a = Article(f"p#{i}", "p.txt", i, "", text)
    ...     return ArticleResult(a, [(m, entity_key(m.type, m.name)) for m in find_places(a)])
    >>> page = add_page_part_of([result(0, "湖北省召开会议。"), result(1, "武汉市总工会举办活动。")])
    >>> [(r.subject, r.object, r.article, r.evidence) for r in page[1].relations]
    [('Place/武汉市', 'Place/湖北省', 'p#1', '武汉市总工会举办活动。')]
    """
    where: dict[str, list[tuple[int, int]]] = {}  # place key -> (article index, offset) of each mention
    for i, r in enumerate(page):
        for m, key in r.mentions:
            if m.type is EntityType.PLACE and m.end > m.start:
                where.setdefault(key, []).append((i, m.start))
    divs = _divisions(set(where))
    stated = {(rel.subject, rel.object) for r in page for rel in r.relations if rel.predicate is Predicate.PART_OF}
    added: dict[int, list[Relation]] = {}
    for key in sorted(divs):
        up = next((entity_key(EntityType.PLACE, d.name) for d in gz.ancestors(divs[key])
                   if entity_key(EntityType.PLACE, d.name) in where), None)
        if up is None or (key, up) in stated:
            continue
        i, at = _evidence_at(page, where[key], where[up])
        text = page[i].article.text
        a, b = sentence_at(text, at)
        added.setdefault(i, []).append(Relation(key, Predicate.PART_OF, up, page[i].article.id, text[a:b], a, b))
    return [ArticleResult(r.article, r.mentions, r.relations + added.get(i, [])) if i in added else r
            for i, r in enumerate(page)]


def _evidence_at(page: list[ArticleResult], child: list[tuple[int, int]], parent: list[tuple[int, int]]) -> tuple[int, int]:
    """(article index, offset) of the child's mention in the first sentence naming both, else its first mention."""
    for i, at in sorted(child):
        a, b = sentence_at(page[i].article.text, at)
        if any(j == i and a <= pos < b for j, pos in parent):
            return i, at
    return min(child)
