"""Place mentions from the administrative-division table."""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention

_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市)")


def find_places(article: Article) -> list[Mention]:
    """Place mentions in an article (placeholder: X省, X市).

    >>> from kg.model import Article
    >>> [m.text for m in find_places(Article("a", "s", 0, "", "在黑龙江省举行"))]
    ['在黑龙江省']
    """
    return [Mention(m.group(), EntityType.PLACE, m.start(), m.end(), rule="place-suffix") for m in _PLACE.finditer(article.text)]
