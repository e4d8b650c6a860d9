"""Mentions -> canonical entities: context references within an article, then one
entity per (type, canonical name) across the corpus.

Context references (市总, 省总工会, 该县总工会) name a different body in every
article, so they are resolved inside their article only, never across articles:
two cities' 市总 can never meet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import Article, Entity, EntityType, Mention, entity_key

# the level suffix a context reference asks for -> suffixes of full names that satisfy it
_LEVEL = {"省": ("省总工会", "自治区总工会"), "市": ("市总工会",), "县": ("县总工会",), "区": ("区总工会",)}


def context_level(text: str) -> str | None:
    """The administrative level a context reference points at.

    >>> context_level("市总"), context_level("该县总工会"), context_level("工会")
    ('市', '县', None)
    """
    for level in _LEVEL:
        if level in text:
            return level
    return None


def resolve_context(mentions: list[Mention]) -> list[tuple[Mention, str | None]]:
    """Pair each mention with its canonical name; a context reference takes the
    most mentioned full name of its level in the article, or None when there is none.

    >>> from kg.model import EntityType as T
    >>> ms = [Mention("双鸭山市总工会", T.UNION, 0, 7), Mention("市总", T.UNION, 9, 11, context=True)]
    >>> [name for _, name in resolve_context(ms)]
    ['双鸭山市总工会', '双鸭山市总工会']
    """
    counts = Counter(m.name for m in mentions if not m.context)
    out = []
    for m in mentions:
        if not m.context:
            out.append((m, m.name))
            continue
        level = context_level(m.text)
        candidates = [n for n, _ in counts.most_common() if level and n.endswith(_LEVEL[level])]
        out.append((m, candidates[0] if candidates else None))
    return out


def link_article(article: Article, mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Entity keys for the mentions of one article; unresolvable context references are dropped."""
    return [(m, entity_key(m.type, name)) for m, name in resolve_context(mentions) if name]


def collect_entities(linked: Iterable[tuple[Mention, str]]) -> dict[str, Entity]:
    """One Entity per key, with every surface form other than the label as an alias.

    >>> from kg.model import EntityType as T
    >>> m1 = Mention("双鸭山市总", T.UNION, 0, 5, canonical="双鸭山市总工会")
    >>> ents = collect_entities([(m1, "Union/双鸭山市总工会")])
    >>> sorted(ents["Union/双鸭山市总工会"].aliases)
    ['双鸭山市总']
    """
    aliases: dict[str, set[str]] = defaultdict(set)
    types: dict[str, EntityType] = {}
    for m, key in linked:
        types[key] = m.type
        aliases[key].add(m.text)
    entities = {}
    for key in sorted(types):
        label = key.split("/", 1)[1]
        entities[key] = Entity(key, types[key], label, frozenset(aliases[key] - {label}))
    return entities
