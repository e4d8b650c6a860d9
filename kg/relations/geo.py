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

from .. import gazetteer as gz
from ..model import Article, EntityType, Mention, Predicate, Relation, entity_key
from ..text import split_sentences

_BODIES = (EntityType.UNION, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
_LOCATING = re.compile("(?:" + "|".join(gz.place_words()["locating_verbs"]) + ")$")
_POSSESSIVE = tuple(gz.place_words()["possessive_gaps"])
_DEPTH = {"province": 1, "prefecture": 2, "county": 3}
_FINEST = 4  # a town, village or zone: below any division
_TOWN_HEADS = ("镇", "乡", "街道")


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

    def outermost(self) -> list[tuple[Mention, str]]:
        return [(m, k) for m, k in self.mentions if not any(o.start <= m.start and m.end <= o.end and o != m for o, _ in self.mentions)]

    def together(self, k1: str, k2: str) -> int:
        """An offset in the first sentence that names both keys, else the first mention of `k1`."""
        at = {k: [m.start for m, kk in self.mentions if kk == k] for k in (k1, k2)}
        for a, b in self.sentences:
            if any(a <= p < b for p in at[k1]) and any(a <= p < b for p in at[k2]):
                return min(p for p in at[k1] if a <= p < b)
        return min(at[k1])


def _gap(text: str, a: int, b: int) -> str:
    return re.sub(r"\s+", "", text[a:b]) if b >= a else "\x00"


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
            if other == key or n.start < m.end or _gap(p.text, m.end, n.start):
                continue
            if key not in p.divs:  # only a town holds what follows it: 宋家沟乡上村
                if _label(key).endswith(_TOWN_HEADS) and _label(other).endswith("村"):
                    out.append(p.relation(other, Predicate.PART_OF, key, m.start))
                continue
            if other in p.divs and not gz.is_within(p.divs[other], p.divs[key]):
                continue
            if other not in p.divs and (other in zones_with_prefix or _depth(other, p.divs) == 0):
                continue
            out.append(p.relation(other, Predicate.PART_OF, key, m.start))
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
            gap = _gap(p.text, pm.end, m.start)
            if gap == "" or (gap in _POSSESSIVE and (_depth(pk, p.divs) == _FINEST or _LOCATING.search(p.text[: pm.start]))):
                cands.append((pm, pk))
        for pm, pk in cands:
            rank = (_depth(pk, p.divs), pm.start)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, pk, m.start)
    for key in sorted({k for m, k in linked if m.type in _BODIES} - set(best)):
        place = _named_in_label(_label(key), p)
        if place:
            best[key] = ((0, 0), place, next(m.start for m, k in linked if k == key))
    return [p.relation(k, Predicate.LOCATED_IN, pk, at) for k, (_, pk, at) in sorted(best.items())]


def _named_in_label(label: str, p: _Places) -> str | None:
    """The most specific place the article names that the body's full name opens with
    (a body met only as 市总 still has its full name: 双鸭山市总工会 -> 双鸭山市)."""
    found = None
    pos = 0
    while pos < len(label):
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
