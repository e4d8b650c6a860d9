"""organizes (Union/Enterprise/Organization -> Programme) and participatesIn
(Person -> Programme).

A body organises a programme when a sentence makes it the subject of a verb of
running or launching with the programme after the verb (双鸭山市总还设立了“翻转课堂”),
names it as host after 由 (由A和B联合主办的P), names the body right before the
programme (纺织城工人文化宫职工夜校), or says whose the programme is (“三述”活动,
是X市总…的举措). A programme that no sentence gives an organiser belongs to
the one body whose sentences open its paragraph running things, else to the body
the headline (or the lead) is about (辽源市总举办“大国工匠进辽源”活动), else to
the body that opens most of the article's sentences running things. The hosts of
an event (本届X节由A主办、B承办, 启动仪式由…) organise the programme the event
names, or the article's programme; 指导 (guiding) is not hosting.

A person takes part when the programme's name carries the person's name, or the
person's sentence has a cue of attending, teaching or benefiting (学员, 参加, 授课,
资助) and names the programme, or the article is about one programme, or the
person is at the programme as an event (张三在“X”活动中提出…). A sentence may name
the programme by a demonstrative and the tail of its name (这次专班), and a person
named only inside a programme's name (吴刚劳模创新工作室) takes part in it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from operator import attrgetter

from ..model import Article, EntityType, Mention, Predicate, Relation
from .base import (
    ORG_TYPES,
    Doc,
    Node,
    clean,
    cue_words,
    doc_of,
    opens_with_speech,
    unique,
)

_QUOTES = "“”‘’\"'「」『』《》"
# 由 as "by" (由A主办), not inside 由于, 自由, 理由, 由此; the character comes first and what
# stands before it is checked after it, so that the regex engine skips to each 由 at once
_BY = re.compile(r"由(?<![自理缘]由)(?![于此])")
# verbs of taking part: a body before them is a participant, not the organiser
_JOINING = ("参加", "参与", "加入", "报名")
_ACTORS = ORG_TYPES + (EntityType.PROGRAMME,)
_END = attrgetter("end")
_CLAUSE_END = re.compile(r"[,，。;；]")
_COMMA = re.compile(r"[,，;；]")
_LIST_MARKS = re.compile(r"[、,，\s" + _QUOTES + "]*")


def _preceded_by(doc: Doc, node: Node, kind: str) -> bool:
    """Whether a cue word of `kind` stands right before the node, quotes and places
    aside (深入河北省沽源县X学校: the places only say where the school is)."""
    start = node.start
    place_ending = _places_by_end(doc)
    while start in place_ending:
        start = place_ending[start]
    before = clean(doc.text[max(0, start - 6):start]).rstrip(_QUOTES)
    return before.endswith(cue_words(kind)) and not before.endswith(cue_words("not-" + kind))


def _places_by_end(doc: Doc) -> dict[int, int]:
    """End -> start of the first place node ending there, worked out once per article."""
    found = doc.memo.get("places by end")
    if found is None:
        found = doc.memo["places by end"] = {}
        for n in doc.of_type(EntityType.PLACE):
            found.setdefault(n.end, n.start)
    return found


def _has_verb(text: str) -> bool:
    organize = _any_of("organize")
    if not organize.search(text):
        return False  # masking nouns only takes characters away: no verb before, none after
    if not _any_of("not-verb").search(text):
        return True
    for noun in cue_words("not-verb"):
        text = text.replace(noun, "_")
    return organize.search(text) is not None


@cache
def _any_of(kind: str) -> re.Pattern:
    """One pattern for the cue words of a kind: whether a text holds one is a single search.

    >>> _any_of("organize").search("市总开展了活动") is not None
    True
    """
    return re.compile("|".join(map(re.escape, cue_words(kind))))


def _list_gap() -> re.Pattern:
    """What may stand between two co-organisers: joiners, each perhaps after an adverb
    (A还将联合B), and list items the finders did not name (联合团省委、: short words ending in 、).

    >>> [bool(_list_gap().fullmatch(gap)) for gap in ("、", "联合团省委、", "则联合", "还与", "职工和", "举办")]
    [True, True, True, True, False, False]
    """
    joiners = "|".join(map(re.escape, cue_words("coordinate")))
    adverbs = "|".join(map(re.escape, cue_words("coordinate-adverb")))
    return re.compile(rf"(?:(?:{adverbs})?(?:{joiners})|[\u4e00-\u9fff]{{1,8}}?、)*")


_LIST_GAP = _list_gap()


def _coordinated(doc: Doc, last: Node, floor: int) -> list[Node]:
    """`last` and the co-organisers joined to it by 、/和/与/联合 before it."""
    group = [last]
    while True:
        p = None
        for n in doc.nodes_in(floor, group[-1].start, ORG_TYPES):  # the first of those ending furthest
            if p is None or n.end > p.end:
                p = n
        if p is None:
            return group
        gap = clean(doc.text[p.end:group[-1].start]).strip(",，")
        if not _LIST_GAP.fullmatch(gap) or any(w in gap for w in cue_words("not-host")):
            return group  # 由A指导、B主办: A guides, it does not host
        group.append(p)


def _clause_start(doc: Doc, pos: int) -> int:
    """Start of the sentence at `pos`, reaching back over sentences that end in ；(one subject, several clauses)."""
    a, _ = doc.sentence(pos)
    k = doc.sentences_ending_by(a)
    while k:
        s, e = doc.sentences[k - 1]
        if not doc.text[s:e].rstrip().endswith(("；", ";")):
            break
        a, k = s, k - 1
    return a


def _can_run(doc: Doc, org: Node, after: str) -> bool:
    """Whether a body can be the subject of the verb of running in the text `after` it."""
    if _preceded_by(doc, org, "locative"):
        return False  # 在X举办: a venue
    if after[:1] in "“\"「『":
        return False  # 省红十字会“救护服务”: X names whose service it is
    return not any(w in after for w in _JOINING)  # X职工参加了工会开展的P: X takes part


def _subject_organisers(doc: Doc, prog: Node) -> list[Node] | None:
    """The nearest body before the programme, in its sentence, with a verb of running between.

    None when the nearest actor is another programme (“石工大讲堂”开设了“云上课堂”):
    the programme is part of that one, not run by the article's subject.
    """
    a = _clause_start(doc, prog.start)
    before = doc.nodes_in(a, prog.start, _ACTORS)
    for org in sorted(before, key=_END, reverse=True):  # nearest end first; reverse keeps ties in order
        between = clean(doc.text[org.end:prog.start])
        if not _has_verb(between) or (org.type is not EntityType.PROGRAMME and not _can_run(doc, org, between)):
            continue
        if org.type is not EntityType.PROGRAMME:
            return _coordinated(doc, org, a)
        if "," not in between and "，" not in between and not _has_verb(doc.text[a:org.start]):
            return None
    return []


def _hosts_by(doc: Doc, a: int, b: int) -> tuple[int, list[Node]]:
    """Where 由 stands in the sentence a..b and the bodies after it each followed by a hosting verb."""
    by = _BY.search(doc.text, a, b)
    if by is None:
        return -1, []
    you = by.start()
    orgs = doc.nodes_in(you + 1, b, ORG_TYPES)
    hosts = []
    for i, org in enumerate(orgs):
        nxt = orgs[i + 1].start if i + 1 < len(orgs) else b
        tail = clean(doc.text[org.end:nxt])
        if _has_verb(_CLAUSE_END.split(tail, 1)[0]):
            hosts.append(org)
    return you, hosts


def _hosts_after_you(doc: Doc, prog: Node) -> list[Node]:
    """由A、B主办 in the programme's sentence: the bodies each followed by a hosting verb."""
    a, b = doc.sentence(prog.start)
    you, hosts = _hosts_by(doc, a, b)
    if not hosts:
        return []
    # the programme is the one hosted: before 由, or right after the verb as 主办的P
    last = hosts[-1].end
    after = [p for p in doc.of_type(EntityType.PROGRAMME) if last <= p.start < b and "的" in doc.text[last:p.start]]
    before = [p for p in doc.of_type(EntityType.PROGRAMME) if a <= p.start < you]
    target = after[0] if after else (before[-1] if before else None)
    return _with_coordinated(doc, hosts, a) if target == prog else []


def _event_hosts(doc: Doc, main: str | None) -> list[Relation]:
    """启动仪式由A主办、B承办: the hosts of an event of the article's programme, in a
    sentence that names no programme itself."""
    out = []
    for a, b in _sentences_with(doc, "由"):  # the others have no host after 由
        if doc.nodes_in(a, b, (EntityType.PROGRAMME,)):
            continue
        you, hosts = _hosts_by(doc, a, b)
        if not hosts or not any(w in doc.text[a:you] for w in cue_words("event")):
            continue
        target = _named_by_head(doc, doc.text[a:you]) or main
        if target:
            out += [doc.relation(h.key, Predicate.ORGANIZES, target, h.start) for h in _with_coordinated(doc, hosts, you)]
    return out


def _sentences_with(doc: Doc, char: str) -> list[tuple[int, int]]:
    """The sentences that hold `char`, in order.

    >>> from kg.model import Article
    >>> _sentences_with(Doc(Article("a", "a", 0, "", "由甲主办。乙。丙由丁承办,由戊协办。"), []), "由")
    [(0, 5), (7, 18)]
    """
    out, pos = [], doc.text.find(char)
    while pos >= 0:
        a, b = doc.sentence(pos)
        if b > a and (not out or out[-1] != (a, b)):
            out.append((a, b))
        pos = doc.text.find(char, max(b, pos + 1))
    return out


def _named_by_head(doc: Doc, text: str) -> str | None:
    """本届快递员节 names 东江省快递员节: a programme of the article whose name, less a
    short prefix (a place), the text contains."""
    text = clean(text).translate({ord(c): None for c in _QUOTES})
    hits = set()
    for p in doc.of_type(EntityType.PROGRAMME):
        label = p.key.split("/", 1)[1]
        for cut in range(0, 4):
            head = label[cut:]
            if len(head) >= 4 and head in text:
                hits.add(p.key)
                break
    return hits.pop() if len(hits) == 1 else None


def _with_coordinated(doc: Doc, hosts: list[Node], floor: int) -> list[Node]:
    out = []
    for h in hosts:
        for n in _coordinated(doc, h, floor):
            if n not in out:
                out.append(n)
    return out


def _owner_after(doc: Doc, prog: Node) -> list[Node]:
    """“三述”活动,是X市总淬炼干部队伍的系列举措之一: P 是 ORG …的."""
    _, b = doc.sentence(prog.start)
    after = doc.starting_in(prog.end, b)
    if not after or after[0].type not in ORG_TYPES:
        return []
    org = after[0]
    gap = clean(doc.text[prog.end:org.start]).strip(_QUOTES)
    clause = _COMMA.split(doc.text[org.end:b], 1)[0]
    if _OWNER_GAP.fullmatch(gap) and "的" in clause:
        return [org]
    return []


_OWNER_GAP = re.compile(r"(?:活动|项目|品牌|行动|工程|计划)?[,，]?(?:是|为|系)")


def _juxtaposed(doc: Doc, prog: Node) -> list[Node]:
    """纺织城工人文化宫职工夜校: the body named right before the programme."""
    org = None
    for n in doc.of_type(*ORG_TYPES):  # the first of the bodies before it ending furthest
        if n.start >= prog.start:
            break
        if n.end <= prog.start and (org is None or n.end > org.end):
            org = n
    if org is None:
        return []
    gap = clean(doc.text[org.end:prog.start]).strip(_QUOTES)
    if gap not in ("", "的") or _preceded_by(doc, org, "locative"):
        return []
    # 落实青禾市委、市政府“三讲”活动要求: the bodies listed together share it
    return _coordinated(doc, org, doc.sentence(prog.start)[0])


def headline_subject(doc: Doc) -> Node | None:
    """The body a headline is about: a Union, Enterprise or Organization opening it.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> a = Article("a", "a", 0, "辽源市总举办活动", "辽源市总举办活动\\n正文。")
    >>> headline_subject(Doc(a, [(Mention("辽源市总", T.UNION, 0, 4), "Union/辽源市总工会")])).key
    'Union/辽源市总工会'
    """
    n = len(doc.article.headline)
    head = next((x for x in doc.starting_before(n) if x.end <= n and x.type in ORG_TYPES), None)
    if head is not None and head.start <= 6:
        return head
    return _lead_subject(doc)


def _lead_subject(doc: Doc) -> Node | None:
    """The body the first sentence of the body has running something (近日,X总工会联合…开展…)."""
    start = len(doc.article.headline)
    lead = next(((a, b) for a, b in doc.sentences if a >= start), None)
    if lead is None:
        return None
    a, b = lead
    orgs = [n for n in doc.starting_in(a, b) if n.type in ORG_TYPES]
    if not orgs:
        return None
    rest = clean(doc.text[orgs[0].end:b])
    if _BY.search(doc.text, a, orgs[0].start):
        return None  # 启动仪式由X指导、Y主办: an agent after 由, not the subject
    return orgs[0] if _has_verb(rest) and _can_run(doc, orgs[0], rest) else None


def paragraph_subject(doc: Doc, pos: int) -> Node | None:
    """The one body that opens sentences of the paragraph at `pos` running something
    (同时,泰安市总与…合作开播…): the paragraph is about it.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "泰安各级工会开展“鹊桥会”。不久前,泰安市总推出新平台。"
    >>> doc = Doc(Article("a", "a", 0, "", t), [(Mention("泰安市总", T.UNION, 18, 22), "Union/泰安市总工会")])
    >>> paragraph_subject(doc, 8).key
    'Union/泰安市总工会'
    """
    lo = doc.text.rfind("\n", 0, pos) + 1
    hi = doc.text.find("\n", pos)
    hi = len(doc.text) if hi < 0 else hi
    return _one_actor(doc, doc.sentences_from(lo, hi))


def article_subject(doc: Doc) -> Node | None:
    """The body that opens most sentences of the body running something (more than all others together), when the
    headline and the lead name none (工会扶贫走向线上化 … 青禾县总连续召开…开展…).

    Bodies listed together at the opening (东江省住建厅、省总工会等部门出台…) each count.
    """
    counts, nodes = Counter(), {}
    for a, b in doc.sentences:
        if a < len(doc.article.headline):
            continue
        first = _opening_actor(doc, a, b)
        if first is None:
            continue
        group = [first] + _listed_with(doc, first, b)
        for n in group:
            nodes.setdefault(n.key, n)
        counts.update({n.key for n in group})
    ranked = counts.most_common()
    # a clear majority: an article surveying many bodies has no one subject
    if not ranked or ranked[0][1] <= sum(c for _, c in ranked[1:]):
        return None
    return nodes[ranked[0][0]]


def _listed_with(doc: Doc, first: Node, b: int) -> list[Node]:
    """The bodies joined to `first` by 、/和/与 right after it (A、B等部门)."""
    out, last = [], first
    for n in doc.starting_in(last.end, b):
        if n.start < last.end:
            continue
        if n.type not in ORG_TYPES or not clean(doc.text[last.end:n.start]) in ("、", "和", "与", "及"):
            break
        out.append(n)
        last = n
    return out


def _opening_actor(doc: Doc, a: int, b: int) -> Node | None:
    """The body opening the sentence a..b as the subject of a verb of running.

    A body after 由 is an agent of a passive (启动仪式由X指导), not the sentence's subject.
    """
    key = ("opening actor", a, b)  # the article's subject and each paragraph's ask of the same sentences
    if key not in doc.memo:
        doc.memo[key] = _find_opening_actor(doc, a, b)
    return doc.memo[key]


def _find_opening_actor(doc: Doc, a: int, b: int) -> Node | None:
    first = next(iter(doc.starting_in(a, b)), None)
    if first is None or first.type not in ORG_TYPES or first.start - a > _OPENING:
        return None
    rest = clean(doc.text[first.end:b])
    if _BY.search(doc.text, a, first.start) is None and _has_verb(rest) and _can_run(doc, first, rest):
        return first
    return None


def _one_actor(doc: Doc, sentences: list[tuple[int, int]]) -> Node | None:
    """The one body that opens some of `sentences` as the subject of a verb of running."""
    found = {}
    for a, b in sentences:
        first = _opening_actor(doc, a, b)
        if first is not None:
            found.setdefault(first.key, first)
    return next(iter(found.values())) if len(found) == 1 else None


# how many characters of adverbial (不久前, 同时, 2022年以来) may open a sentence before its subject
_OPENING = 8


def organisers(doc: Doc, prog: Node) -> list[Node] | None:
    """The bodies a sentence names as organisers of one programme mention; None when
    the sentence makes the programme part of another one."""
    for rule in (_hosts_after_you, _subject_organisers, _juxtaposed, _owner_after):
        found = rule(doc, prog)
        if found is None or found:
            return found
    return []


def _listed_after(doc: Doc, prev: Node, prog: Node) -> bool:
    gap = doc.text[prev.end:prog.start]
    return doc.sentence(prev.start) == doc.sentence(prog.start) and _LIST_MARKS.fullmatch(gap) is not None


def find_organizes(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """organizes from sentences, then from the headline's subject for the rest.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "双鸭山市总还设立了“翻转课堂”。"
    >>> ms = [(Mention("双鸭山市总", T.UNION, 0, 5), "Union/双鸭山市总工会"), (Mention("翻转课堂", T.PROGRAMME, 10, 14), "Programme/翻转课堂")]
    >>> [(r.subject, r.object) for r in find_organizes(Article("a", "a", 0, "", t), ms)]
    [('Union/双鸭山市总工会', 'Programme/翻转课堂')]
    """
    doc = doc_of(article, linked)
    out, claimed = [], set()
    progs = doc.of_type(EntityType.PROGRAMME)
    if not progs:
        return []  # an event's hosts organise a programme the article names
    found: list[Node] | None = []
    for i, prog in enumerate(progs):
        # a programme listed right after another (“云上课堂”,“劳模带你学技能”) shares its organisers
        if not (i and _listed_after(doc, progs[i - 1], prog)):
            found = organisers(doc, prog)
        if found is None:
            claimed.add(prog.key)
        for org in found or []:
            out.append(doc.relation(org.key, Predicate.ORGANIZES, prog.key, prog.start))
            claimed.add(prog.key)
    subject: list[Node | None] = []  # the headline's or the article's subject, looked for once, when needed
    for prog in progs:
        if prog.key in claimed or _preceded_by(doc, prog, "instrument"):
            continue
        if _preceded_by(doc, prog, "locative") and not _framed_event(doc, prog):
            continue
        owner = paragraph_subject(doc, prog.start)
        if owner is None:
            if not subject:
                subject.append(headline_subject(doc) or article_subject(doc))
            owner = subject[0]
        if owner is not None:
            out.append(doc.relation(owner.key, Predicate.ORGANIZES, prog.key, prog.start))
            claimed.add(prog.key)
    return unique(out + _event_hosts(doc, dominant_programme(doc)))


_EVENT_FRAME = re.compile(r"^[”\"』」]?(?:系列)?(?:主题)?(?:活动|比赛|大赛|竞赛|培训班|课堂|直播活动|[\u4e00-\u9fff]{0,6}活动)?(?:中|上|期间|现场)")


def _framed_event(doc: Doc, prog: Node) -> bool:
    """在“云游青禾”的直播活动中, 在“三讲”活动中: an event, not a venue."""
    after = doc.text[prog.end:prog.end + 16].replace("的", "")
    return _preceded_by(doc, prog, "locative") and _EVENT_FRAME.match(clean(after)) is not None


def dominant_programme(doc: Doc) -> str | None:
    """The programme an article is about: named in the headline, or clearly the most named."""
    if "dominant programme" not in doc.memo:  # organizes and participatesIn both ask
        doc.memo["dominant programme"] = _dominant_programme(doc)
    return doc.memo["dominant programme"]


def _dominant_programme(doc: Doc) -> str | None:
    progs = doc.of_type(EntityType.PROGRAMME)
    in_headline = {p.key for p in progs if p.end <= len(doc.article.headline)}
    if len(in_headline) == 1:
        return in_headline.pop()
    ranked = Counter(p.key for p in progs).most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _speaks(doc: Doc, person: Node) -> bool:
    """白宇洋坦言…, 陈林在仪式上说…: a person quoted is a source, not shown taking part."""
    return opens_with_speech(clean(doc.text[person.end:person.end + 16]))


def _in_byline(doc: Doc, person: Node) -> bool:
    """(记者叶小钟 通讯员刘雪晴): reporters named in the dateline."""
    name = clean(person.text)
    for c in doc.article.credits:
        if c.name == name:
            return True
    return _CREDIT_BEFORE.search(doc.text[max(0, person.start - 14):person.start]) is not None


_CREDIT_BEFORE = re.compile(r"(记者|通讯员|摄影?)[\u4e00-\u9fff\s]{0,12}$")


# between a person and 在“P”活动中: adverbs only (近日, 也, 曾)
_LEAD_TO_EVENT = re.compile(r"[\u4e00-\u9fff]{0,4}在[“\"「『]?")


# 这次专班, 该培训班: a demonstrative and a short noun pointing back at a programme named before
_DEMONSTRATIVE = re.compile(r"(?:这次|此次|本次|这期|本期|该|这个|这一)([\u4e00-\u9fff]{2,5})")


def _referred(doc: Doc, sentence: str) -> set[str]:
    """The one programme of the article whose name ends in the noun after a demonstrative
    (这次专班 -> 青禾环卫技能专班); none when the noun fits several or none.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "工会开设“青禾环卫技能专班”。这次专班开班,王五报名。"
    >>> doc = Doc(Article("a", "a", 0, "", t), [(Mention("青禾环卫技能专班", T.PROGRAMME, 5, 13), "Programme/青禾环卫技能专班")])
    >>> _referred(doc, "这次专班开班,王五报名。")
    {'Programme/青禾环卫技能专班'}
    """
    labels = {p.key: p.key.split("/", 1)[1] for p in doc.of_type(EntityType.PROGRAMME)}
    for m in _DEMONSTRATIVE.finditer(clean(sentence)):
        noun = m.group(1)
        for cut in range(len(noun), 1, -1):
            hits = {k for k, label in labels.items() if label.endswith(noun[:cut]) and label != noun[:cut]}
            if hits:
                if len(hits) == 1:
                    return hits
                break
    return set()


def _named_inside(doc: Doc, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """吴刚劳模创新工作室: a person whose mention lies inside the programme's mention (and so
    is no node of its own) takes part in it."""
    out = []
    progs = doc.of_type(EntityType.PROGRAMME)
    people = [(m, key) for m, key in linked if m.type is EntityType.PERSON] if progs else []
    for p in progs:
        label = p.key.split("/", 1)[1]
        for m, key in people:
            if p.start <= m.start and m.end <= p.end and clean(m.text) in label:
                out.append(doc.relation(key, Predicate.PARTICIPATES_IN, p.key, p.start))
    return out


def find_participates_in(article: Article, linked: list[tuple[Mention, str]]) -> list[Relation]:
    """participatesIn: people who attend, teach, join or benefit from a programme.

    >>> from kg.model import Article, Mention, EntityType as T
    >>> t = "学员尚鑫正在参加职工夜校的课。"
    >>> ms = [(Mention("尚鑫", T.PERSON, 2, 4), "Person/尚鑫"), (Mention("职工夜校", T.PROGRAMME, 8, 12), "Programme/职工夜校")]
    >>> [(r.subject, r.object) for r in find_participates_in(Article("a", "a", 0, "", t), ms)]
    [('Person/尚鑫', 'Programme/职工夜校')]
    """
    doc = doc_of(article, linked)
    progs = doc.of_type(EntityType.PROGRAMME)
    if not progs:
        return []  # each rule below names a programme of the article
    main = dominant_programme(doc)
    cues, role_cues = _any_of("participate"), _any_of("participate-role")
    out = _named_inside(doc, linked)
    for person in doc.of_type(EntityType.PERSON):
        if _in_byline(doc, person):
            continue
        name = clean(person.text)
        for p in progs:
            if name in p.key.split("/", 1)[1]:
                out.append(doc.relation(person.key, Predicate.PARTICIPATES_IN, p.key, person.start))
        a, b = doc.sentence(person.start)
        if _speaks(doc, person) and not role_cues.search(_COMMA.split(doc.text[a:person.start])[-1]):
            continue  # a quoted source only speaks, unless named as a learner or beneficiary (受助学生代表X说)
        sentence = doc.text[a:b]
        here = {p.key for p in progs if a <= p.start < b} or _referred(doc, sentence)
        for p in progs:  # 王林在“三讲”活动中提出: the person is at the event
            if person.end <= p.start < b and _framed_event(doc, p) and _LEAD_TO_EVENT.fullmatch(clean(doc.text[person.end:p.start])):
                out.append(doc.relation(person.key, Predicate.PARTICIPATES_IN, p.key, person.start))
        if role_cues.search(sentence):
            targets = here or ({main} if main else set())
        elif cues.search(sentence):
            targets = here
        else:
            continue
        for key in sorted(targets):
            out.append(doc.relation(person.key, Predicate.PARTICIPATES_IN, key, person.start))
    return unique(out)
