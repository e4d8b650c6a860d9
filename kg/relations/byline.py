"""reportedBy: the byline's reporters, correspondents and photographers."""

from __future__ import annotations

import re

from ..model import Article, Credit, EntityType, Mention, Predicate, Relation, entity_key


_CLOSE = re.compile(r"[)）]")  # the dateline's closing bracket


def byline_span(article: Article, credit: Credit) -> tuple[int, int]:
    """The byline that names a credit: its line, up to the dateline's closing bracket.

    >>> t = "标题\\n本报讯(记者张坤 通讯员黎甜)近日,活动举行。"
    >>> a = Article("p#0", "p.txt", 0, "标题", t)
    >>> s, e = byline_span(a, Credit("张坤", "记者", 9, 11))
    >>> t[s:e]
    '本报讯(记者张坤 通讯员黎甜)'
    """
    if credit.end <= credit.start:
        return 0, 0
    text = article.text
    start = text.rfind("\n", 0, credit.start) + 1
    end = text.find("\n", credit.end)
    end = len(text) if end < 0 else end
    close = _CLOSE.search(text, credit.end, end)
    return start, close.end() if close else end


def find_reported_by(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """reportedBy from the byline credits: the person wrote or photographed the article.

    >>> from kg.model import Credit
    >>> a = Article("p#0", "p.txt", 0, "标题", "标题\\n正文。", credits=(Credit("张坤", "记者"),))
    >>> [(r.subject, r.role) for r in find_reported_by(a, [])]
    [('Person/张坤', '记者')]
    """
    out = []
    for c in article.credits:
        s, e = byline_span(article, c)
        out.append(Relation(entity_key(EntityType.PERSON, c.name), Predicate.REPORTED_BY, article.id, article.id,
                            article.text[s:e], s, e, c.role))
    return out
