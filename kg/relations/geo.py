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
from bisect import bisect_left
from functools import lru_cache

from .. import gazetteer as gz
from ..model import Article, ArticleResult, EntityType, Mention, Predicate, Relation, entity_key
from ..text import sentence_at, split_sentences

_BODIES = (EntityType.UNION, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
_LOCATING = re.compile("(?:" + "|".join(gz.place_words()["locating_verbs"]) + ")$")
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
    labels = {k: _label(k) for k in keys if gz.is_full_name(_label(k))}
    sure = {k: gz.lookup(n) for k, n in labels.items() if gz.lookup(n)}
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


class _Places:
    """An article's place mentions with their divisions and sentences."""

    def __init__(self, article: Article, linked: list[tuple[Mention, str]]):
        self.text = article.text
        self.article = article.id
        self.sentences = split_sentences(article.text)
        pairs = sorted({(m.start, m.end, m.text, k) for m, k in linked if m.type is EntityType.PLACE and m.end > m.start})
        self.mentions = [(Mention(t, EntityType.PLACE, s, e), k) for s, e, t, k in pairs]
        self.keys = {k for _, k in self.mentions}
        self.divs = _divisions(self.keys)
        # villages and communities: the level below a town (柳林湾 in a list of villages has no 村)
        self.villages = {k for m, k in linked if m.type is EntityType.PLACE and (m.rule in _VILLAGE_RULES or _label(k).endswith(_VILLAGE_HEADS))}
        self.towns = {k for k in self.keys if k not in self.divs and _label(k).endswith(_TOWN_HEADS)}
        self._outermost: list[tuple[Mention, str]] | None = None

    def sentence(self, pos: int) -> tuple[int, int]:
        for a, b in self.sentences:
            if a <= pos < b:
                return a, b
        return pos, pos

    def relation(self, subject: str, predicate: Predicate, obj: str, at: int) -> Relation:
        a, b = self.sentence(at)
        return Relation(subject, predicate, obj, self.article, self.text[a:b], a, b)

    def inside(self, start: int, end: int) -> list[tuple[Mention, str]]:
        """Place mentions within [start, end), shorter than it."""
        return [(m, k) for m, k in self.mentions if start <= m.start and m.end <= end and (m.start, m.end) != (start, end)]

    def run_at(self, pos: int) -> list[tuple[Mention, str]]:
        """The places written one after another from `pos` on (辽宁省凌源市)."""
        run = []
        for m, k in sorted(self.outermost(), key=lambda mk: mk[0].start):
            if m.start == pos:
                run.append((m, k))
                pos = m.end
        return run

    def outermost(self) -> list[tuple[Mention, str]]:
        if self._outermost is None:  # the mentions never change: work it out once
            self._outermost = [(m, k) for m, k in self.mentions if not any(o.start <= m.start and m.end <= o.end and o != m for o, _ in self.mentions)]
        return self._outermost

    def together(self, k1: str, k2: str) -> int:
        """An offset in the first sentence that names both keys, else the first mention of `k1`."""
        at = {k: [m.start for m, kk in self.mentions if kk == k] for k in (k1, k2)}
        for a, b in self.sentences:
            if any(a <= p < b for p in at[k1]) and any(a <= p < b for p in at[k2]):
                return min(p for p in at[k1] if a <= p < b)
        return min(at[k1])


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


def find_place_part_of(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """partOf between places named in one article.

    >>> from kg.extract.places import find_places
    >>> a = Article("a", "s", 0, "", "黑龙江省双鸭山市举行。江门市台山市冲蒺镇和青岛高新区也参加。")
    >>> linked = [(m, entity_key(m.type, m.name)) for m in find_places(a)]
    >>> sorted((r.subject[6:], r.object[6:]) for r in find_place_part_of(a, linked))
    [('冲蒺镇', '台山市'), ('双鸭山市', '黑龙江省'), ('台山市', '江门市'), ('青岛高新区', '青岛市')]
    """
    p = _Places(article, linked)
    out: list[Relation] = []
    for key in sorted(p.divs):
        for up in gz.ancestors(p.divs[key]):
            up_key = entity_key(EntityType.PLACE, up.name)
            if up_key in p.keys:
                out.append(p.relation(key, Predicate.PART_OF, up_key, p.together(key, up_key)))
                break
    zones_with_prefix = set()
    for m, key in p.mentions:
        if key in p.divs or _depth(key, p.divs) == 0:
            continue
        inner = [(i, k) for i, k in p.inside(m.start, m.end) if k in p.divs]
        if inner:
            zones_with_prefix.add(key)
            _, best = max(inner, key=lambda ik: (_depth(ik[1], p.divs), ik[0].start))
            out.append(p.relation(key, Predicate.PART_OF, best, m.start))
    for m, key in p.mentions:
        for n, other in p.mentions:
            if other == key or n.start < m.end or _bare(p.text, m.end, n.start):
                continue
            if key not in p.divs:  # a town or zone holds the village that follows it: 宋家沟乡上村, 北梁新区安居社区
                if _depth(key, p.divs) == _FINEST and key not in p.villages and other in p.villages:
                    out.append(p.relation(other, Predicate.PART_OF, key, m.start))
                continue
            if other in p.divs and not gz.is_within(p.divs[other], p.divs[key]):
                continue
            if other not in p.divs and (other in zones_with_prefix or _depth(other, p.divs) == 0):
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
    p = _Places(article, linked)
    outer = p.outermost()
    best: dict[str, tuple[tuple[int, int], str, int]] = {}  # body key -> (rank, place key, offset)
    for m, key in sorted({(m, k) for m, k in linked if m.type in _BODIES and m.end > m.start}, key=lambda mk: (mk[0].start, mk[1])):
        cands = [(pm, pk) for pm, pk in p.inside(m.start, m.end)]
        for pm, pk in outer:
            bare = _bare(p.text, pm.end, m.start)  # most places stand far before the body: no gap to read
            if bare == 0 or (
                0 < bare <= _MAX_POSSESSIVE
                and _gap(p.text, pm.end, m.start) in _POSSESSIVE
                and (_depth(pk, p.divs) == _FINEST or _LOCATING.search(p.text[: pm.start]))
            ):
                cands.append((pm, pk))
        verb = _LOCATED_AFTER.match(p.text, m.end)
        if verb:
            cands += p.run_at(verb.end())
        for pm, pk in cands:
            stationed = m.start < pm.start and p.text[pm.start - 1] in _STATIONED
            rank = (_STATIONED_RANK if stationed else _depth(pk, p.divs), pm.start)
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


def _each_of_kind(label: str, p: _Places) -> tuple[str, int] | None:
    """(place key, offset) when the article says every body of this one's kind is in a place:
    西安各工人文化宫 locates 土门工人文化宫 (the kind is the longest tail of the name written there)."""
    hits = []
    for m, key in p.outermost():
        if p.text[m.end : m.end + 1] not in _EACH or _depth(key, p.divs) == 0:
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
    named = sorted((_label(k) for k in p.keys if k not in p.divs), key=len, reverse=True)
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
            div = gz.resolve(label[pos : pos + n], tuple(p.divs.values()))
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
