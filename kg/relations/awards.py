"""awarded: a Person, Enterprise or Organization holds a named Honour.

Three shapes, each inside one sentence:

- the honour stands before the name, alone or in a chain with posts:
  全国劳动模范张高津, 全国五一劳动奖章获得者刘凤媛, 全国劳动模范、X公司维护部副主任卢学良;
- a verb of awarding with the honour after it: 管委会入选…全国爱心托育用人单位,
  当选全国劳模 (the one person of the sentence when no subject stands before the verb);
- a list of honours with 荣誉 and exactly one person in the sentence (满墙荣誉见证着何成).
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention, Predicate, Relation
from .base import Doc, Node, cue_words, unique
from .posts import appositive_chain

_HOLDERS = (EntityType.PERSON, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
_CLAUSE = re.compile(r"[,，:：()（）]")


def _clause_bounds(doc: Doc, pos: int) -> tuple[int, int]:
    a, b = doc.sentence(pos)
    left = max((m.end() + a for m in _CLAUSE.finditer(doc.text[a:pos])), default=a)
    right = next((m.start() + pos for m in _CLAUSE.finditer(doc.text[pos:b])), b)
    return left, right


def _verb_awards(doc: Doc, honour: Node) -> list[Node]:
    """Holders of an honour that follows a verb of awarding in its clause."""
    left, _ = _clause_bounds(doc, honour.start)
    before = doc.text[left:honour.start]
    for holder in cue_words("award-holder"):  # 获得者 names a holder, it is not a verb here
        before = before.replace(holder, "_" * len(holder))
    hits = [before.rfind(v) for v in cue_words("award") if v in before]
    if not hits:
        return []
    verb = max(hits)
    subjects = [n for n in doc.nodes if left <= n.start and n.end <= left + verb and n.type in _HOLDERS]
    people = [n for n in subjects if n.type is EntityType.PERSON]
    if subjects:  # X公司职工李四荣获…: the person, not the employer
        return people or subjects[-1:]
    a, b = doc.sentence(honour.start)
    people = {n.key: n for n in doc.nodes if a <= n.start < b and n.type is EntityType.PERSON}
    return list(people.values()) if len(people) == 1 else []


def _wall_of_honours(doc: Doc, honour: Node) -> list[Node]:
    """全国劳动模范、全国五一劳动奖章……满墙荣誉见证着何成: the one person of the sentence."""
    a, b = doc.sentence(honour.start)
    if "荣誉" not in doc.text[a:b]:
        return []
    people = {n.key: n for n in doc.nodes if a <= n.start < b and n.type is EntityType.PERSON}
    return list(people.values()) if len(people) == 1 else []


def find_awarded(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """awarded relations.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "全国劳动模范张高津来到现场。"
    >>> ms = [(Mention("全国劳动模范", T.HONOUR, 0, 6), "Honour/全国劳动模范"), (Mention("张高津", T.PERSON, 6, 9), "Person/张高津")]
    >>> [(r.subject, r.object) for r in find_awarded(Article("a", "a", 0, "", t), ms)]
    [('Person/张高津', 'Honour/全国劳动模范')]
    """
    doc = Doc(article, linked)
    out = []
    for person in doc.of_type(EntityType.PERSON):
        for kind, node, _ in appositive_chain(doc, person):
            if kind == "honour":
                out.append(doc.relation(person.key, Predicate.AWARDED, node.key, person.start))
    for honour in doc.of_type(EntityType.HONOUR):
        for holder in _verb_awards(doc, honour) or _wall_of_honours(doc, honour):
            out.append(doc.relation(holder.key, Predicate.AWARDED, honour.key, honour.start))
    return unique(out)
