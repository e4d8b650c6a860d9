"""Mention finders, one module per entity family, chained in one table.

Each finder is a plain function `find_x(article) -> list[Mention]`. `find_mentions`
runs them all and keeps the longest span where two overlap (spaCy's filter_spans).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Article, EntityType, Mention

Finder = Callable[[Article], list[Mention]]


def _finders() -> list[Finder]:
    # imported here so each family module can import helpers from this package
    from .places import find_places
    from .unions import find_unions

    return [find_unions, find_places]


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
    the guideline counts places named inside organisation names.
    """
    found: list[Mention] = []
    for finder in _finders():
        found.extend(finder(article))
    kept = filter_spans(found)
    hosts = [m for m in kept if m.type is not EntityType.PLACE]
    nested = [
        m
        for m in found
        if m.type is EntityType.PLACE
        and m not in kept
        and any(h.start <= m.start and m.end <= h.end for h in hosts)
    ]
    return sorted(set(kept) | set(filter_spans(nested)), key=lambda m: (m.start, m.end, m.type.value))
