"""awarded: a Person, Enterprise or Organization holds a named Honour.

Shapes, most inside one sentence:

- the honour stands before the name, alone or in a chain with posts:
  全国劳动模范张高津, 全国五一劳动奖章获得者刘凤媛, 全国劳动模范、X公司维护部副主任卢学良;
- a verb of awarding with the honour after it: 管委会入选…全国爱心托育用人单位,
  当选全国劳模 (the one person of the sentence when no subject stands before the verb);
- a list of honours with 荣誉 and exactly one person in the sentence (满墙荣誉见证着何成);
- 作为H代表, honoured at the ceremony of H (H表彰大会上…获得表彰), a body after
  荣获H的, a pronoun subject (他一家被评为H: the one person of the sentence before),
  the one given H after 授予 (the giver stands before it), and the people the
  article says were honoured when its headline names one honour.

Winners of an honour take part in the article's programme named after it
(`find_winners_take_part`).
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention, Predicate, Relation
from .base import Doc, Node, clean, cue_words, doc_of, opens_with_speech, unique
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
    hits = [(before.rfind(v), v) for v in cue_words("award") if v in before]
    if not hits:
        return []
    verb, word = max(hits, key=lambda h: (h[0], -len(h[1])))
    if word in cue_words("award-giver") and not before[:verb].endswith("被"):
        # 市总工会授予张三…称号: the one given it stands after the verb, the giver before
        return doc.nodes_in(left + verb + 1, honour.start, _HOLDERS)
    # a union may be the subject too: it holds the honour (X工会获评模范职工之家), though the
    # guideline gives unions no awarded relation, and the sentence's next person did not win it
    subjects = doc.nodes_in(left, left + verb, _HOLDERS + (EntityType.UNION,))
    people = [n for n in subjects if n.type is EntityType.PERSON]
    if subjects:  # X公司职工李四荣获…: the person, not the employer
        return people or [n for n in subjects[-1:] if n.type is not EntityType.UNION]
    a, b = doc.sentence(honour.start)
    named = _people_in(doc, a, b)
    # 吴芳介绍,公司有3个班组获得H: what a speaker reports is not hers, unless she is its subject (她获得H)
    people = {k: n for k, n in named.items() if not _reports(doc, n, honour)}
    if len(people) == 1:
        return list(people.values())
    if people:
        return []
    if len(named) == 1 and _PRONOUN.match(clean(doc.text[left:left + verb])):
        return list(named.values())
    return _holder_after(doc, honour) or _pronoun_subject(doc, a, left + verb)


def _reports(doc: Doc, person: Node, honour: Node) -> bool:
    """Whether the person is a speaker whose verb of speech stands between them and the honour."""
    return person.end <= honour.start and opens_with_speech(clean(doc.text[person.end:honour.start]))


def _people_in(doc: Doc, a: int, b: int) -> dict[str, Node]:
    """The people named in a..b, by key (the last mention of each)."""
    return {n.key: n for n in doc.starting_in(a, b) if n.type is EntityType.PERSON}


def _holder_after(doc: Doc, honour: Node) -> list[Node]:
    """荣获全国五一劳动奖状的X公司: the body right after 的 holds it."""
    nxt = next(iter(doc.starting_from(honour.end)), None)
    if nxt is None or nxt.type not in _HOLDERS:
        return []
    return [nxt] if _OF_HOLDER.fullmatch(clean(doc.text[honour.end:nxt.start])) else []


_OF_HOLDER = re.compile(r"[”\"」』]?(?:称号|荣誉称号|荣誉)?的")


def _pronoun_subject(doc: Doc, a: int, verb: int) -> list[Node]:
    """他一家被评为…: 他/她 as subject means the one person named in the sentence before."""
    if not _PRONOUN.match(clean(doc.text[a:verb])):
        return []
    earlier = doc.sentences_before(a)[-1:]
    if not earlier:
        return []
    s, e = earlier[0]
    people = _people_in(doc, s, e)
    return list(people.values()) if len(people) == 1 else []


# the clause opens with a singular pronoun as subject: 他, 她一家, 其
_PRONOUN = re.compile(r"^(?:[他她](?!们)|其)(?:一家|家|本人)?(?:也|还|又|曾|先后|多次|再次|今年|去年)*被?$")
# 作为“H”代表, 作为H: the person before 作为 holds H
_AS_HOLDER = re.compile(r"作为[“\"「『]?$")
# H表彰大会上…获得表彰: the person honoured at the ceremony of H
_CEREMONY = re.compile(r"^[”\"」』]?(?:称号)?(?:表彰大会|表彰会|颁奖大会|颁奖典礼|颁奖仪式|命名大会)")
_HONOURED = ("获得表彰", "受到表彰", "受表彰", "获表彰", "领奖")


def _as_holder(doc: Doc, honour: Node) -> list[Node]:
    """王林作为“创业示范户”代表获得表彰: the person right before 作为."""
    a, _ = doc.sentence(honour.start)
    if not _AS_HOLDER.search(doc.text[max(a, honour.start - 4):honour.start]):
        return []
    at = doc.text.rfind("作为", a, honour.start)
    prev = doc.nodes_in(a, at, _HOLDERS)
    return prev[-1:] if prev and not clean(doc.text[prev[-1].end:at]) else []


def _ceremony(doc: Doc, honour: Node) -> list[Node]:
    """在“H”表彰大会上,…村民王林…获得表彰: the people of the sentence who are honoured."""
    _, b = doc.sentence(honour.start)
    if not _CEREMONY.match(clean(doc.text[honour.end:honour.end + 8])):
        return []
    out = []
    for n in doc.starting_in(honour.end, b):
        if n.type is EntityType.PERSON:
            clause_end = _clause_bounds(doc, n.start)[1]
            if any(w in doc.text[n.end:clause_end] for w in _HONOURED):
                out.append(n)
    return out


def _headline_honour(doc: Doc) -> list[Relation]:
    """X总工会选树“勤劳致富示范户” in the headline: the people the article says were
    honoured (在受表彰的人中,26岁的王林最年轻) hold the headline's one honour."""
    head = doc.article.headline
    n = doc.text.find(head) + len(head) if head and head in doc.text else len(head)  # a kicker may stand above it
    honours = {h.key for h in doc.of_type(EntityType.HONOUR) if h.end <= n}
    if len(honours) != 1 or any(p.end <= n for p in doc.of_type(EntityType.PERSON)):
        return []
    honour = honours.pop()
    out = []
    for person in doc.of_type(EntityType.PERSON):
        if person.start < n:
            continue
        left, right = _clause_bounds(doc, person.start)
        a, _ = doc.sentence(person.start)
        clause = doc.text[max(a, left - 12):right]
        if any(w in clause for w in _HONOURED):
            out.append(doc.relation(person.key, Predicate.AWARDED, honour, person.start))
    return out


def _wall_of_honours(doc: Doc, honour: Node) -> list[Node]:
    """全国劳动模范、全国五一劳动奖章……满墙荣誉见证着何成: the one person of the sentence."""
    a, b = doc.sentence(honour.start)
    if "荣誉" not in doc.text[a:b]:
        return []
    people = _people_in(doc, a, b)
    return list(people.values()) if len(people) == 1 else []


def _copula_holder(doc: Doc, honour: Node) -> list[Node]:
    """孙立军是全国劳动模范, 她是一名全国五一劳动奖章获得者: the person right before 是 holds it."""
    a, _ = doc.sentence(honour.start)
    before = [n for n in doc.nodes_in(a, honour.start) if n.end <= honour.start]
    if not before or before[-1].type is not EntityType.PERSON:
        return []
    return before[-1:] if _COPULA.fullmatch(clean(doc.text[before[-1].end:honour.start])) else []


_COPULA = re.compile(r"(?:也|还|就|更)?是(?:一名|一位|一个)?[“\"「『]?")


def find_awarded(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """awarded relations.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "全国劳动模范张高津来到现场。"
    >>> ms = [(Mention("全国劳动模范", T.HONOUR, 0, 6), "Honour/全国劳动模范"), (Mention("张高津", T.PERSON, 6, 9), "Person/张高津")]
    >>> [(r.subject, r.object) for r in find_awarded(Article("a", "a", 0, "", t), ms)]
    [('Person/张高津', 'Honour/全国劳动模范')]
    """
    doc = doc_of(article, linked)
    if doc.awarded is None:  # find_winners_take_part asks again for the same article
        doc.awarded = _awarded(doc)
    return list(doc.awarded)


def _awarded(doc: Doc) -> list[Relation]:
    out = []
    for person in doc.of_type(EntityType.PERSON):
        for kind, node, _ in appositive_chain(doc, person):
            if kind == "honour":
                out.append(doc.relation(person.key, Predicate.AWARDED, node.key, person.start))
    for honour in doc.of_type(EntityType.HONOUR):
        holders = (_as_holder(doc, honour) or _copula_holder(doc, honour) or _verb_awards(doc, honour)
                   or _ceremony(doc, honour) or _wall_of_honours(doc, honour))
        for holder in holders:
            out.append(doc.relation(holder.key, Predicate.AWARDED, honour.key, honour.start))
    return unique(out + _headline_honour(doc))


def find_winners_take_part(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """participatesIn: a person awarded H takes part in the article's programme named
    after H (“勤劳致富示范户”选树活动, 最美职工评选).

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "王林被评为最美职工。最美职工评选活动已举办三届。"
    >>> ms = [(Mention("王林", T.PERSON, 0, 2), "Person/王林"), (Mention("最美职工", T.HONOUR, 5, 9), "Honour/最美职工"),
    ...       (Mention("最美职工评选活动", T.PROGRAMME, 10, 18), "Programme/最美职工评选活动")]
    >>> [(r.subject, r.object) for r in find_winners_take_part(Article("a", "a", 0, "", t), ms)]
    [('Person/王林', 'Programme/最美职工评选活动')]
    """
    doc = doc_of(article, linked)
    progs = {p.key for p in doc.of_type(EntityType.PROGRAMME)}
    out = []
    for rel in find_awarded(article, linked):
        if not rel.subject.startswith(EntityType.PERSON.value + "/"):
            continue
        honour = rel.object.split("/", 1)[1]
        for prog in sorted(progs):
            label = prog.split("/", 1)[1]
            if honour in label and honour != label:
                out.append(Relation(rel.subject, Predicate.PARTICIPATES_IN, prog, rel.article, rel.evidence, rel.start, rel.end))
    return unique(out)

