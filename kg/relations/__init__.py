"""Relations between linked mentions, each with the sentence that states it.

One small rule module per predicate family; each rule is a function
`rule(article, linked) -> list[Relation]` listed in `_rules()`, run in that order:

| module | predicates |
|---|---|
| `byline` | reportedBy |
| `posts` | holdsPost (with the role as written) |
| `programmes` | organizes, participatesIn |
| `awards` | awarded; participatesIn of the winners of a programme named after the honour |
| `unions` | partOf between unions |
| `geo` | partOf between places, locatedIn |

`base` holds what the rules share: sentence lookup, cue words and role titles
from kg/data/, and the evidence sentence of each Relation.
"""

from __future__ import annotations

from functools import cache

from ..model import Article, Mention, Relation
from .base import forget_docs


@cache
def _rules() -> tuple:
    from .awards import find_awarded, find_winners_take_part
    from .byline import find_reported_by
    from .geo import find_located_in, find_place_part_of
    from .posts import find_holds_post
    from .programmes import find_organizes, find_participates_in
    from .unions import find_union_part_of

    return (find_reported_by, find_holds_post, find_organizes, find_participates_in, find_awarded, find_winners_take_part, find_union_part_of, find_place_part_of, find_located_in)


def find_relations(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """All relations stated in one article, in rule order, without duplicates.

    >>> from kg.model import EntityType as T
    >>> t = "青禾市总工会组织部部长王一鸣介绍。"
    >>> ms = [(Mention("青禾市总工会", T.UNION, 0, 6), "Union/青禾市总工会"), (Mention("王一鸣", T.PERSON, 11, 14), "Person/王一鸣")]
    >>> [(r.predicate.value, r.role, r.evidence) for r in find_relations(Article("a#0", "a.txt", 0, "", t), ms)]
    [('holdsPost', '组织部部长', '青禾市总工会组织部部长王一鸣介绍。')]
    """
    out: list[Relation] = []
    seen: set[tuple] = set()
    try:
        for rule in _rules():
            for rel in rule(article, linked):
                # a Relation equals another when all its fields do; their tuple hashes in C, a Relation in Python
                key = (rel.subject, rel.predicate, rel.object, rel.article, rel.evidence, rel.start, rel.end, rel.role)
                if key not in seen:
                    seen.add(key)
                    out.append(rel)
    finally:
        forget_docs()
    return out
