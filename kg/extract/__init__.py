"""Mention finders, one module per entity family, chained in one table.

Each finder is a plain function `find_x(article) -> list[Mention]`. `find_mentions`
runs them all and keeps the longest span where two overlap (spaCy's filter_spans).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from ..model import Article, EntityType, Mention
from .orgnames import place_run_ends

Finder = Callable[[Article], list[Mention]]


@cache
def _finders() -> tuple[Finder, ...]:
    # imported here so each family module can import helpers from this package
    from .enterprises import find_enterprises
    from .honours import find_honours
    from .people import find_people
    from .organizations import find_organizations
    from .places import find_places
    from .programme_names import find_named_programmes
    from .programmes import find_programmes
    from .unions import find_unions

    return (find_unions, find_organizations, find_enterprises, find_places, find_people, find_programmes, find_named_programmes, find_honours)


def initialize() -> None:
    """Read once what the finders look up in jieba's dictionary file, as `jieba.initialize()`
    builds the dictionary itself: the word classes of place names (ns) and personal names
    (nr, nrfg, nrt). Otherwise the first page that needs a class pays for reading the file
    (about 0.05 s). `kg.bench` calls it before timing, as it calls `jieba.initialize()`.
    """
    from . import lexicon, people

    lexicon.words_tagged("ns")
    people._name_words()


def filter_spans(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that overlap a longer one; the earliest wins a tie.

    >>> from kg.model import EntityType as T
    >>> a = Mention("双鸭山市", T.PLACE, 0, 4)
    >>> b = Mention("双鸭山市总工会", T.UNION, 0, 7)
    >>> [m.text for m in filter_spans([a, b])]
    ['双鸭山市总工会']
    """
    taken: set[int] = set()
    kept = []
    for m in sorted(mentions, key=_longest_first):
        span = range(m.start, m.end)
        if taken.isdisjoint(span):
            kept.append(m)
            taken.update(span)
    kept.sort(key=_start_end)
    return kept


def _longest_first(m: Mention) -> tuple[int, int]:
    return m.start - m.end, m.start


def _start_end(m: Mention) -> tuple[int, int]:
    return m.start, m.end


def find_mentions(article: Article) -> list[Mention]:
    """All mentions in an article, overlaps resolved.

    A place inside a longer name is kept beside it (双鸭山市 in 双鸭山市总工会):
    the guideline counts places named inside organisation names, and so is a
    union, organisation or enterprise that opens a longer one's name.
    """
    found: list[Mention] = []
    for finder in _finders():
        found.extend(finder(article))
    # first: of two equal spans the first is kept, and 青禾制药工会 beside 青禾制药集团有限公司 is its union
    found[:0] = short_company_unions(article.text, found)
    # equal spans: a title is an honour (“全国模范职工之家”), and a quoted name that a programme
    # and a body both claim is a brand (“青岛高新工匠学院”); filter_spans keeps the first of
    # equal spans, and sorting is stable
    # with repeats gone, a mention equals another only when it is that one: the sets below hold
    # ids (hashing a Mention runs Python code, an id does not)
    found = _honours_then_quoted_programmes(_distinct(found), article.text)
    kept = filter_spans(found)
    kept_ids = {id(m) for m in kept}
    hosts = [m for m in kept if m.type is not EntityType.PLACE]
    # places inside names, also inside zones (青岛 in 青岛高新区), never inside a person's name (永昌 in 梁永昌)
    nested: list[Mention] = []
    layer = [m for m in kept if m.type is not EntityType.PERSON]
    places = [m for m in found if m.type is EntityType.PLACE and id(m) not in kept_ids]
    while layer and places:
        taken = {id(m) for m in nested}
        held = _held_by(layer)
        layer = filter_spans([m for m in places if id(m) not in taken and held(m)])
        nested += layer
    # a body that opens a longer body's name is named too (中国铁路济南局集团有限公司 in its 临沂工务段工会)
    body_starts: dict[int, int] = {}  # start -> the longest end of a body host opening there
    programme_starts: dict[int, int] = {}
    for h in hosts:
        if h.type in _BODIES:
            # at its start, and after each division that opens it (广东省|佛山市宏达机械有限公司|工会)
            for cut in [0, *place_run_ends(article.text[h.start : h.end])]:
                body_starts[h.start + cut] = max(body_starts.get(h.start + cut, h.end), h.end)
        elif h.type is EntityType.PROGRAMME:
            programme_starts[h.start] = max(programme_starts.get(h.start, h.end), h.end)
    bodies = [m for m in found if m.type in _BODIES and m.end < body_starts.get(m.start, -1) and id(m) not in kept_ids]
    # a person a programme is named after is named too (张阳 in 张阳劳模创新工作室)
    namesakes = [m for m in found if m.type is EntityType.PERSON and m.end < programme_starts.get(m.start, -1) and id(m) not in kept_ids]
    # four disjoint groups (by type or by being kept), none with repeats
    return sorted(kept + nested + filter_spans(bodies) + namesakes, key=_position)


def short_company_unions(text: str, found: list[Mention]) -> list[Mention]:
    """The union of an enterprise named by the enterprise's short name (宇通客车工会 in an
    article that names 郑州宇通客车股份有限公司): its place and legal form dropped.

    >>> from kg.model import EntityType as T
    >>> t = "郑州宇通客车股份有限公司通过备案。宇通客车工会主席说。"
    >>> [(m.text, m.name) for m in short_company_unions(t, [Mention("郑州宇通客车股份有限公司", T.ENTERPRISE, 0, 12)])]
    [('宇通客车工会', '郑州宇通客车股份有限公司工会')]
    """
    from .unions import canonical_union

    out = []
    for name in sorted({m.name for m in found if m.type is EntityType.ENTERPRISE}):
        core = enterprise_core(name)
        if len(core) < 2 or core == name or core + "工会" not in text:
            continue
        union = canonical_union(name, "工会") or name + "工会"
        for m in re.finditer(re.escape(core + "工会"), text):
            out.append(Mention(m.group(), EntityType.UNION, m.start(), m.end(), canonical=union, rule="union-short-company"))
    return out


def enterprise_core(name: str) -> str:
    """An enterprise's name without the places before it and its legal form after it.

    >>> enterprise_core("郑州宇通客车股份有限公司"), enterprise_core("河北省石家庄市华北制药集团有限公司")
    ('宇通客车', '华北制药')
    """
    ends = place_run_ends(name)
    core = name[ends[-1] if ends else 0 :]
    for form in _LEGAL_FORMS:
        if core.endswith(form):
            return core[: -len(form)]
    return core


# legal forms that end an enterprise's name, longest first
_LEGAL_FORMS = ("集团股份有限公司", "集团有限责任公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "股份公司", "集团", "公司")


def _held_by(hosts: list[Mention]) -> Callable[[Mention], bool]:
    """Whether a mention lies inside one of `hosts` (kept or nested mentions, which do not
    overlap and come by start): inside the last host starting at or before it, if any.

    >>> from kg.model import EntityType as T
    >>> held = _held_by([Mention("双鸭山市总工会", T.UNION, 0, 7), Mention("青岛高新区", T.PLACE, 9, 14)])
    >>> held(Mention("双鸭山市", T.PLACE, 0, 4)), held(Mention("青岛", T.PLACE, 9, 11)), held(Mention("高新", T.PLACE, 6, 10))
    (True, True, False)
    """
    starts = [h.start for h in hosts]
    if any(h.end <= h.start for h in hosts) or starts != sorted(starts):  # not the shape assumed: ask each host
        return lambda m: any(h.start <= m.start and m.end <= h.end for h in hosts)

    def held(m: Mention) -> bool:
        if m.end <= m.start:  # an empty span may sit at the end of one host and the start of the next
            return any(h.start <= m.start and m.end <= h.end for h in hosts)
        i = bisect_right(starts, m.start) - 1
        return i >= 0 and m.end <= hosts[i].end

    return held


def _distinct(found: list[Mention]) -> list[Mention]:
    """The mentions without repeats (two finders may find the same), the first of equal ones kept.

    Equal mentions share their span and type, so only those are compared.

    >>> from kg.model import EntityType as T
    >>> a, b = Mention("青岛", T.PLACE, 0, 2), Mention("青岛", T.PLACE, 0, 2, rule="town")
    >>> [m.rule for m in _distinct([a, Mention("青岛", T.PLACE, 0, 2), b])]
    ['', 'town']
    """
    if len({(m.start, m.end, m.type) for m in found}) == len(found):
        return found  # no two share a span and a type: none repeats another
    same_span: dict[tuple[int, int, EntityType], list[Mention]] = {}
    out = []
    for m in found:
        seen = same_span.setdefault((m.start, m.end, m.type), [])
        if seen and m in seen:
            continue
        seen.append(m)
        out.append(m)
    return out


def _position(m: Mention) -> tuple[int, int, str]:
    return m.start, m.end, _TYPE_NAMES[m.type]


_TYPE_NAMES = {t: t.value for t in EntityType}  # Enum.value is a property: slow in a sort key


def _honours_then_quoted_programmes(found: list[Mention], text: str) -> list[Mention]:
    """Honours first, then quoted programmes, then the rest, each in the order found (a stable
    sort on that rank, in one pass).

    >>> from kg.model import EntityType as T
    >>> ms = [Mention("甲", T.PLACE, 0, 1), Mention("乙", T.PROGRAMME, 3, 4), Mention("丙", T.HONOUR, 6, 7)]
    >>> [m.text for m in _honours_then_quoted_programmes(ms, "甲 “乙” 丙")]
    ['丙', '乙', '甲']
    """
    honours = [m for m in found if m.type is EntityType.HONOUR]
    quoted = [m for m in found if m.type is EntityType.PROGRAMME and _quoted(text, m)]
    if not honours and not quoted:
        return found
    first = {id(m) for m in honours} | {id(m) for m in quoted}
    return honours + quoted + [m for m in found if id(m) not in first]


def finditer_near(pattern: re.Pattern, text: str, anchors: Iterable[int], before: int, after: int) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` finds, trying only the starts from `before` characters
    before to `after` characters after each anchor (in increasing order).

    For a pattern that never matches the empty string and whose every match starts that
    near an anchor, such as the first character of a title it must hold: the regex engine
    otherwise tries every position of the text. Matches do not overlap, as with finditer.

    >>> p = re.compile(r"[省市]?劳模")
    >>> t = "省劳模和市劳模、劳模"
    >>> anchors = [m.start() for m in re.finditer("劳模", t)]
    >>> [m.group() for m in finditer_near(p, t, anchors, 1, 0)] == [m.group() for m in p.finditer(t)]
    True
    """
    pos = 0  # the first start not tried yet and not inside a match found
    for a in anchors:
        i, last = max(pos, a - before, 0), min(a + after, len(text))
        while i <= last:
            m = pattern.match(text, i)
            if m:
                yield m
                i = m.end()
            else:
                i += 1
        pos = max(pos, i)
    return


def _quoted(text: str, m: Mention) -> bool:
    return 0 < m.start and m.end < len(text) and text[m.start - 1] in "“‘" and text[m.end] in "”’"


_BODIES = frozenset({EntityType.UNION, EntityType.ORGANIZATION, EntityType.ENTERPRISE})
