"""Relations between linked mentions, each with the sentence that states it.

One small rule module per predicate family; each rule is a function
`rule(article, linked) -> list[Relation]` registered in `RULES`.
"""

from __future__ import annotations

from ..model import Article, Mention, Relation


def _rules():
    from .byline import find_reported_by

    return [find_reported_by]


def find_relations(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """All relations stated in one article, in rule order, without duplicates."""
    out: list[Relation] = []
    for rule in _rules():
        for rel in rule(article, linked):
            if rel not in out:
                out.append(rel)
    return out
