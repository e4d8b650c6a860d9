"""Mention finders, one module per entity family, chained in one table.

Each finder is a plain function `find_x(article) -> list[Mention]`. `find_mentions`
runs them all and keeps the longest span where two overlap (spaCy's filter_spans).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..model import Article, EntityType, Mention

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
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if taken.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: (m.start, m.end))


def find_mentions(article: Article) -> list[Mention]:
    """All mentions in an article, overlaps resolved.

    A place inside a longer name is kept beside it (双鸭山市 in 双鸭山市总工会):
    the guideline counts places named inside organisation names, and so is a
    union, organisation or enterprise that opens a longer one's name.
    """
    found: list[Mention] = []
    for finder in _finders():
        found.extend(finder(article))
    # equal spans: a title is an honour (“全国模范职工之家”), and a quoted name that a programme
    # and a body both claim is a brand (“青岛高新工匠学院”); filter_spans keeps the first of
    # equal spans, and sorting is stable
    found.sort(key=lambda m: 0 if m.type is EntityType.HONOUR else 1 if m.type is EntityType.PROGRAMME and _quoted(article.text, m) else 2)
    kept = filter_spans(found)
    kept_set = set(kept)
    hosts = [m for m in kept if m.type is not EntityType.PLACE]
    # places inside names, also inside zones (青岛 in 青岛高新区), never inside a person's name (永昌 in 梁永昌)
    nested: set[Mention] = set()
    layer = [m for m in kept if m.type is not EntityType.PERSON]
    places = [m for m in found if m.type is EntityType.PLACE and m not in kept_set]
    while layer:
        inner = [m for m in places if m not in nested]
        layer = filter_spans([m for m in inner if any(h.start <= m.start and m.end <= h.end for h in layer)])
        nested.update(layer)
    # a body that opens a longer body's name is named too (中国铁路济南局集团有限公司 in its 临沂工务段工会)
    body_starts: dict[int, int] = {}  # start -> the longest end of a body host opening there
    programme_starts: dict[int, int] = {}
    for h in hosts:
        if h.type in _BODIES:
            body_starts[h.start] = max(body_starts.get(h.start, h.end), h.end)
        elif h.type is EntityType.PROGRAMME:
            programme_starts[h.start] = max(programme_starts.get(h.start, h.end), h.end)
    bodies = [m for m in found if m.type in _BODIES and m not in kept_set and m.end < body_starts.get(m.start, -1)]
    # a person a programme is named after is named too (张阳 in 张阳劳模创新工作室)
    namesakes = [m for m in found if m.type is EntityType.PERSON and m not in kept_set and m.end < programme_starts.get(m.start, -1)]
    return sorted(kept_set | nested | set(filter_spans(bodies)) | set(namesakes), key=lambda m: (m.start, m.end, m.type.value))


def _quoted(text: str, m: Mention) -> bool:
    return 0 < m.start and m.end < len(text) and text[m.start - 1] in "“‘" and text[m.end] in "”’"


_BODIES = frozenset({EntityType.UNION, EntityType.ORGANIZATION, EntityType.ENTERPRISE})
