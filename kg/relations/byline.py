"""reportedBy: the byline's reporters, correspondents and photographers."""

from __future__ import annotations

from ..model import Article, EntityType, Mention, Predicate, Relation, entity_key


def find_reported_by(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """reportedBy from the byline credits: the person wrote or photographed the article.

    >>> from kg.model import Credit
    >>> a = Article("p#0", "p.txt", 0, "标题", "标题\\n正文。", credits=(Credit("张坤", "记者"),))
    >>> [(r.subject, r.role) for r in find_reported_by(a, [])]
    [('Person/张坤', '记者')]
    """
    return [
        Relation(entity_key(EntityType.PERSON, c.name), Predicate.REPORTED_BY, article.id, article.id, "", 0, 0, c.role)
        for c in article.credits
    ]
