"""holdsPost: a person holds a post at, works for or belongs to a Union, Enterprise
or Organization, with the role as written.

Three shapes, each inside one sentence:

- an appositive chain before the name: 双鸭山市人大常委会副主任、市总工会主席于世军
  (honours may sit in the same chain: 全国劳动模范、X公司维护部副主任卢学良);
- a copula, a bracket or commas after the name: 陈慕娟是X镇总工会的一名社会化工会工作者,
  张三(X公司总经理), 张三,X公司首席技师,…;
- a colleague after 、/和 shares the body: X工会主席张三、副主席李四;
- a place of work: 在X公司挂职两年的工会干部张三, 来自X公司的张三, X公司的工会干事张三;
- a bare head that points back to a body named shortly before: 公司总经理温路.
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention, Predicate, Relation
from .base import ORG_TYPES, Doc, Node, as_role, clean, cue_words, doc_of, role_kind, starts_with_role, unique, worker_titles

# mention types a role may run through (职工夜校负责人, 日照西线路车间职工)
_TRANSPARENT = (EntityType.PLACE, EntityType.PROGRAMME)
_COPULA = re.compile(r"^(?:是|系|任|现任|担任|为|[(（])")
_COPULA_FIRST = frozenset("是系任现担为(（")
_QUOTES = "“”‘’\"'「」『』"
_ONE_OF = re.compile(r"^的?(?:一名|一位|一个|一员)?")
_HEADS = ("公司", "集团", "企业", "厂", "矿", "医院", "学校", "学院", "协会", "单位")
_BARE = re.compile(r"(?:^|[^\u4e00-\u9fff])(该|本)?(" + "|".join(_HEADS) + r")([\u4e00-\u9fff、]+)$")
# X公司的工会干事, X工会的一名职工: 的 before an office, or before 一名 and any title
_POSSESSIVE = re.compile(r"^的(一名|一位|一个)?(.+)$")
# a body named inside the role (职工保险互助中心干部): the post is at that body, which no finder named
_SUB_BODY = re.compile(r"中心|协会|学会|基金会|学校|医院|研究院")
# 在X公司已经挂职两年的工会干部: the place of work before a verb of working and 的
# the role after 张三,X公司: up to the next comma or sentence end
_UP_TO_COMMA = re.compile(r"([^,，。;；、]*)[,，。;；]")
# the last run of Chinese characters before a name: 操作工 in 车间操作工马小红
_LAST_WORD = re.compile(r"(?:^|[^\u4e00-\u9fff])([\u4e00-\u9fff]{1,8})$")
_WORKED_AT = re.compile(r"^(?:已经|已|曾经|曾|一直|长期)?(?:工作|挂职|任职|就职|供职|上班|从业)了?"
                        r"(?:[\d一二两三四五六七八九十百几]+(?:多|余)?(?:年|个月))?了?的(.+)$")


def _before(doc: Doc, pos: int, floor: int) -> Node | None:
    """The nearest node ending at or before `pos`, not before `floor`, skipping transparent ones."""
    best = None
    for n in doc.nodes_in(floor, pos):  # the first of those ending furthest
        if n.type not in _TRANSPARENT and (best is None or n.end > best.end):
            best = n
    return best


def appositive_chain(doc: Doc, person: Node) -> list[tuple[str, Node, str | None]]:
    """Walk back from a person over `ORG role`, `honour` and `、`: [("post"|"honour", node, role)].

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "双鸭山市人大常委会副主任、市总工会主席于世军表示"
    >>> ms = [(Mention("双鸭山市人大常委会", T.ORGANIZATION, 0, 9), "Organization/双鸭山市人大常委会"),
    ...       (Mention("市总工会", T.UNION, 13, 17), "Union/双鸭山市总工会"), (Mention("于世军", T.PERSON, 19, 22), "Person/于世军")]
    >>> doc = Doc(Article("a", "a", 0, "", t), ms)
    >>> [(kind, n.key, role) for kind, n, role in appositive_chain(doc, doc.nodes[-1])]
    [('post', 'Union/双鸭山市总工会', '主席'), ('post', 'Organization/双鸭山市人大常委会', '副主任')]
    """
    key = ("chain", person)  # holdsPost and awarded both walk every person's chain
    chain = doc.memo.get(key)
    if chain is None:
        chain = doc.memo[key] = _walk_chain(doc, person)
    return chain


def _nearest_before(doc: Doc, person: Node) -> Node | None:
    """The nearest node before a person in its sentence: the chain and the place of work both start there."""
    key = ("before", person)
    if key not in doc.memo:
        doc.memo[key] = _before(doc, person.start, doc.sentence(person.start)[0])
    return doc.memo[key]


def _walk_chain(doc: Doc, person: Node) -> list[tuple[str, Node, str | None]]:
    floor = doc.sentence(person.start)[0]
    pos, first, out = person.start, True, []
    holder_words = cue_words("award-holder")
    while True:
        prev = _nearest_before(doc, person) if first else _before(doc, pos, floor)
        if prev is None:
            return out
        gap = clean(doc.text[prev.end:pos]).strip(_QUOTES)
        if not first:
            if not gap.endswith("、"):
                return out
            gap = gap[:-1]
        if prev.type in ORG_TYPES:
            role = as_role(gap) or _possessive_role(gap)
            if role is None or _SUB_BODY.search(role):
                return out
            out += _union_post(doc, prev, role) or [("post", prev, role)]
        elif prev.type is EntityType.HONOUR and (gap in ("",) + holder_words or _awarded_the(doc, prev, gap)
                                                 or (first and gap.startswith("、") and as_role(gap[1:]))):
            # 东江工匠、某汽车基地设备经理张三: an honour before a post at a body no finder named
            out.append(("honour", prev, None))
        else:
            return out
        pos, first = prev.start, False


def _union_post(doc: Doc, org: Node, role: str) -> list[tuple[str, Node, str]]:
    """X公司党委副书记、工会主席: the post after 、工会 is at the company's union, when the article
    names that union (X公司工会); [] otherwise, and the whole role stays at `org`."""
    first, sep, rest = role.partition("、工会")
    if not sep or org.type is EntityType.UNION:
        return []
    union, at_union = _own_union(doc, org), as_role(rest)
    if union is None or not at_union or not as_role(first):
        return []
    return [("post", union, at_union), ("post", org, first)]


def _own_union(doc: Doc, org: Node) -> Node | None:
    """The union named after `org`, or after the enterprise whose body `org` is (X公司党委 -> X公司工会);
    never a federation (X市总工会)."""
    name = org.key.split("/", 1)[1]
    for n in doc.of_type(EntityType.UNION):
        union = n.key.split("/", 1)[1]
        if union.endswith("工会") and not union.endswith("总工会") and len(union) > 4 and name.startswith(union[:-2]):
            return n
    return None


def _possessive_role(gap: str) -> str | None:
    """的工会干事 -> 工会干事; 的一名职工 -> 职工; 的徒弟 -> None (a relation to a person, not a post).

    >>> _possessive_role("的工会干事"), _possessive_role("的一名职工"), _possessive_role("的徒弟")
    ('工会干事', '职工', None)
    """
    m = _POSSESSIVE.match(gap)
    role = m and as_role(m.group(2))
    if not role or not (m.group(1) or role_kind(role) == "post"):
        return None
    return role


def _worked_at_posts(doc: Doc, person: Node) -> list[tuple[Node, str | None]]:
    """在X公司已经挂职两年的工会干部张三 -> [(X公司, 工会干部)]; 来自X公司的张三 -> [(X公司, None)]."""
    org = _nearest_before(doc, person)
    if org is None or org.type not in ORG_TYPES:
        return []
    before = clean(doc.text[max(0, org.start - 2):org.start])
    if not before.endswith(("来自", "在")):
        return []
    gap = clean(doc.text[org.end:person.start])
    if before.endswith("来自") and gap.startswith("的"):
        role = as_role(gap[1:]) if gap[1:] else None
        return [(org, role)] if role or gap == "的" else []
    if not before.endswith("在"):
        return []
    m = _WORKED_AT.match(gap)
    role = m and as_role(m.group(1))
    return [(org, role)] if role else []


def _awarded_the(doc: Doc, honour: Node, gap: str) -> bool:
    """被评为全国劳动模范的…: an honour joined by 的 after a verb of awarding."""
    if gap != "的":
        return False
    before = clean(doc.text[max(0, honour.start - 6):honour.start])
    return before.endswith(cue_words("award"))


def _copula_posts(doc: Doc, person: Node) -> list[tuple[Node, str]]:
    """陈慕娟是X镇总工会的一名社会化工会工作者 -> [(X镇总工会, 社会化工会工作者)]."""
    end = doc.sentence(person.start)[1]
    if doc.text[person.end:person.end + 1] not in _COPULA_FIRST:
        return []  # what the pattern opens with is not there: no need to cut out the rest of the sentence
    m = _COPULA.match(doc.text[person.end:end])
    if not m:
        return []
    at = person.end + m.end()
    org = next((n for n in doc.starting_in(at, at + 1) if n.type in ORG_TYPES), None)
    if org is None:
        return []
    rest = doc.text[org.end:end]
    rest = rest[_ONE_OF.match(rest).end():]
    role = starts_with_role(rest)
    return [(org, role)] if role else []


def _apposition_posts(doc: Doc, person: Node) -> list[tuple[Node, str]]:
    """张三,X公司首席技师,…: a body and a role set off by commas right after the name."""
    end = doc.sentence(person.start)[1]
    if not (person.end < end and doc.text[person.end] in ",，"):
        return []
    org = next((n for n in doc.starting_in(person.end + 1, person.end + 2) if n.type in ORG_TYPES), None)
    if not org:
        return []
    m = _UP_TO_COMMA.match(doc.text, org.end, end + 1)
    role = m and as_role(m.group(1))
    return [(org, role)] if role else []


def _colleague_posts(doc: Doc, person: Node, posts: dict[str, list[tuple[Node, str]]]) -> list[tuple[Node, str]]:
    """X工会主席张三、副主席李四 (or 和, 与, 及): a role after the name shares the body of the person just before."""
    floor = doc.sentence(person.start)[0]
    prev = doc.nodes_in(floor, person.start)
    if not prev or prev[-1].type is not EntityType.PERSON or not posts.get(prev[-1].key):
        return []
    gap = clean(doc.text[prev[-1].end:person.start])
    role = gap[:1] in ("、", "和", "与", "及") and as_role(gap[1:])
    return [(posts[prev[-1].key][0][0], role)] if role else []


def _bare_head_post(doc: Doc, person: Node) -> tuple[Node, str] | None:
    """公司总经理温路, where 公司 is the company named in the sentences just before."""
    a, _ = doc.sentence(person.start)
    m = _BARE.search(clean(doc.text[a:person.start]))
    if not m:
        return None
    head, role = m.group(2), as_role(m.group(3))
    if role is None:
        return None
    window = doc.sentences_before(a)[-2:]
    lo = window[0][0] if window else a
    cands = [n for n in doc.starting_in(lo, person.start) if n.type in ORG_TYPES
             and (clean(n.text).endswith(head) or n.key.endswith(head) or (head == "企业" and n.type is EntityType.ENTERPRISE))]
    if not cands or len({n.key for n in cands}) > 1:
        return None
    return cands[-1], role


def _bare_worker_post(doc: Doc, person: Node) -> tuple[Node, str] | None:
    """操作工马小红 in an article about one enterprise: a worker of that enterprise."""
    a, _ = doc.sentence(person.start)
    m = _LAST_WORD.search(clean(doc.text[a:person.start]))
    if not m or m.group(1) not in worker_titles():
        return None
    firms = doc.of_type(EntityType.ENTERPRISE)
    if len({n.key for n in firms}) != 1 or len(firms) < 2:
        return None
    return firms[0], m.group(1)


def find_holds_post(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """holdsPost relations with their roles.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "双鸭山市总工会组织部部长李璉飞告诉记者。"
    >>> ms = [(Mention("双鸭山市总工会", T.UNION, 0, 7), "Union/双鸭山市总工会"), (Mention("李璉飞", T.PERSON, 12, 15), "Person/李璉飞")]
    >>> [(r.subject, r.object, r.role) for r in find_holds_post(Article("a", "a", 0, "", t), ms)]
    [('Person/李璉飞', 'Union/双鸭山市总工会', '组织部部长')]
    """
    doc = doc_of(article, linked)
    out, held = [], {}
    for person in doc.of_type(EntityType.PERSON):
        posts = [(n, role) for kind, n, role in appositive_chain(doc, person) if kind == "post"]
        posts += _copula_posts(doc, person) + _apposition_posts(doc, person) + _worked_at_posts(doc, person)
        if not posts:
            bare = _colleague_posts(doc, person, held) or [_bare_head_post(doc, person) or _bare_worker_post(doc, person)]
            posts = [p for p in bare if p]
        held[person.key] = posts
        out += [doc.relation(person.key, Predicate.HOLDS_POST, org.key, person.start, role) for org, role in posts]
    return unique(out)
