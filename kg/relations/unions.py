"""partOf between unions: a union is a sub-body of another, only where the text says so.

Two shapes, both between adjacent union mentions of one sentence:

- the parent first: 西安市总工会直属的X工会, 市总所属X公司工会, X区总工会下辖的Y工会联合会;
- the child first: X公司工会隶属于Y市总工会, X工会是Y总工会(下属)的基层工会.

Two unions merely named together (由A和B联合主办) are never related.
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention, Predicate, Relation
from .base import clean, doc_of, unique

_PARENT_FIRST = re.compile(r"^(?:所属|下属|下辖|直属|领导下?的|管辖的?)的?$")
_CHILD_FIRST = re.compile(r"^(?:隶属于?|归属于?|受|是|为|系)$")
# 的基层工会, 下属的基层工会, 直属工会: what the child is of the parent
_CHILD_TAIL = re.compile(r"^的?(?:(?:下属|直属|所属)的?)?(?:基层|分支)?(?:工会|单位|组织|机构)|^(?:领导|管辖)")


def find_union_part_of(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """partOf relations between two unions.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "凌钢集团工会隶属于朝阳市总工会。"
    >>> ms = [(Mention("凌钢集团工会", T.UNION, 0, 6), "Union/凌钢集团工会"), (Mention("朝阳市总工会", T.UNION, 9, 15), "Union/朝阳市总工会")]
    >>> [(r.subject, r.object) for r in find_union_part_of(Article("a", "a", 0, "", t), ms)]
    [('Union/凌钢集团工会', 'Union/朝阳市总工会')]
    """
    doc = doc_of(article, linked)
    unions = doc.of_type(EntityType.UNION)
    out = []
    for first, second in zip(unions, unions[1:]):
        if doc.sentence(first.start) != doc.sentence(second.start) or first.key == second.key:
            continue
        gap = clean(doc.text[first.end:second.start])
        if _PARENT_FIRST.match(gap):
            out.append(doc.relation(second.key, Predicate.PART_OF, first.key, first.start))
        elif gap in ("隶属", "隶属于", "归属", "归属于") or (
            _CHILD_FIRST.match(gap) and _CHILD_TAIL.match(clean(doc.text[second.end:second.end + 8]))
        ):
            out.append(doc.relation(first.key, Predicate.PART_OF, second.key, first.start))
    return unique(out)
