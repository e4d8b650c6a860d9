"""Union mentions: X总工会, X工会 and their abbreviations (X市总, 全总)."""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention

# Placeholder grammar: a run of CJK before 总工会/工会. Refined in the extraction issue.
_UNION = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|市|区|县|镇)?总工会")


def find_unions(article: Article) -> list[Mention]:
    """Union mentions in an article.

    >>> from kg.model import Article
    >>> [m.text for m in find_unions(Article("a", "s", 0, "", "黑龙江省双鸭山市总工会举行"))]
    ['黑龙江省双鸭山市总工会']
    """
    return [
        Mention(m.group(), EntityType.UNION, m.start(), m.end(), rule="union-suffix")
        for m in _UNION.finditer(article.text)
    ]
