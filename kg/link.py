"""Mentions -> canonical entities: context references within an article, then one
entity per (type, canonical name) across the corpus.

This is the one resolver of context references. The finders only flag them
(`Mention.context`); the level or kind a reference asks for is read from its
surface by `parse_context`: 市总, 省总工会, 该县总工会, 高新区总, 市教育局, 省政府,
镇党委, 团省委, 该公司工会, 该市建筑机械有限公司, 驻惠州工会工作服务站, a bare 人社局.

They name a different body in every article, so they are resolved inside their
article only, never across articles: two cities' 市总 can never meet. A reference
takes the full name of its level the article makes certain: the only candidate,
the nearest one before it in its paragraph, the one the headline names, or a
dominant one; for 省 the province of the article's places (gazetteer). Otherwise
it is dropped, never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from .extract.people import is_syllable_name
from .gazetteer import lookup, province_of
from .model import Article, Entity, EntityType, Mention, entity_key
from .script import original_form
from .text import split_sentences

# administrative levels a context reference can point at, longest first
_LEVELS = ("自治区", "自治州", "街道", "地区", "省", "市", "县", "区", "州", "盟", "镇", "乡")
# the place names that satisfy a level (a province may be an autonomous region)
_PLACE_ENDS = {"省": ("省", "自治区"), "区": ("区",), "自治区": ("自治区",)}
# heads of an enterprise a reference such as 该公司工会 points back to
_COMPANY_HEADS = ("公司", "集团", "企业", "厂", "矿")
# entity types whose short forms inside an article are the tail of a longer name (托育园 -> 天骄托育园)
_TAIL_TYPES = (EntityType.ENTERPRISE, EntityType.ORGANIZATION, EntityType.PROGRAMME)
# a transliterated name of an ethnic minority, its parts joined by a middle dot: 热汗古丽·尼亚孜
_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}(?:[·•][\u4e00-\u9fff]{2,8}){1,2}")
# a Person mention that is a surname plus a form of address or a nickname is not a Person
_ADDRESS = re.compile(r"^(?:[小老阿].|.(?:女士|先生|师傅|老师|大姐|大哥|阿姨|同志|大爷|奶奶|姐|哥))$")


@dataclass(frozen=True)
class ContextRef:
    """A parsed context reference: 该县总工会 -> ContextRef("", "县", "总工会")."""

    prefix: str  # words before the level that narrow it (高新 in 高新区总)
    level: str  # 省, 市, 县 ... or an enterprise head such as 公司
    suffix: str  # what the body is at that level (总工会, 教育局, 工会)
    company: bool = False
    parent: bool = False  # a sub-body named without its parent union (驻惠州工会工作服务站)
    lead: str = ""  # words the full name starts with (共青团 for 团省委 -> 共青团湖北省委)


def parse_context(text: str) -> ContextRef | None:
    """Split a context reference into the level it points at and the body it names.

    >>> parse_context("市总")
    ContextRef(prefix='', level='市', suffix='总工会', company=False, parent=False, lead='')
    >>> parse_context("该县总工会").level, parse_context("省政府").suffix
    ('县', '政府')
    >>> parse_context("该公司工会") == parse_context("公司工会")
    True
    >>> parse_context("该公司工会")
    ContextRef(prefix='', level='公司', suffix='工会', company=True, parent=False, lead='')
    >>> parse_context("驻惠州工会工作服务站").parent
    True
    >>> parse_context("工会") is None
    True
    """
    text = "".join(text.split())  # 市\n总: a PDF line break inside the reference
    if text.startswith("驻") and len(text) > 3:
        return ContextRef("", "工会", text, parent=True)
    t = text[1:] if text[:1] in "该本" else text
    if re.fullmatch(r"团[省市县区]委", t):  # the Youth League committee of the level
        return ContextRef("", t[1], "委", lead="共青团")
    for head in _COMPANY_HEADS:
        # 该公司工会, and a bare 公司工会 (the union finder takes it only where a clause opens)
        if t.startswith(head) and (text[:1] in "该本" or t == head + "工会"):
            return ContextRef("", head, t[len(head):], company=True)
    hits = [(t.find(lv), -len(lv), lv) for lv in _LEVELS if lv in t]
    if not hits:
        return None
    i, _, level = min(hits)
    suffix = t[i + len(level):]
    if suffix.endswith("总"):
        suffix += "工会"
    if suffix.startswith("总") and not suffix.startswith("总工会"):
        return None  # 市总专门组织部: a verb phrase glued to 市总, not a body of the city
    return ContextRef(t[:i], level, suffix)


def is_person_name(text: str) -> bool:
    """Whether a Person mention is a full name rather than a form of address.

    >>> is_person_name("李璉飞"), is_person_name("李女士"), is_person_name("小佳")
    (True, False, False)
    >>> is_person_name("热汗古丽·尼亚孜"), is_person_name("古丽娜尔·阿不都热依木"), is_person_name("乌云其木格")
    (True, True, True)
    """
    if "·" in text or "•" in text:
        return _DOTTED_NAME.fullmatch(text) is not None
    if len(text) > 4:  # no surname and more elements: 乌云其木格
        return is_syllable_name(text)
    return 2 <= len(text) <= 4 and not _ADDRESS.match(text)


def _certain(occurrences: list[tuple[str, int]], pos: int, article: Article) -> str | None:
    """The one name among (name, offset) occurrences the article makes certain at `pos`."""
    names = {n for n, _ in occurrences}
    if len(names) == 1:
        return names.pop()
    if not names:
        return None
    para_start = article.text.rfind("\n", 0, pos) + 1
    before = [(p, n) for n, p in occurrences if para_start <= p < pos]
    if before:
        return max(before)[1]
    in_headline = {n for n, p in occurrences if p < len(article.headline)}
    if len(in_headline) == 1:
        return in_headline.pop()
    ranked = Counter(n for n, _ in occurrences).most_common()
    if ranked[0][1] >= 2 * ranked[1][1]:
        return ranked[0][0]
    return None


def _place_names(named: list[tuple[Mention, str]]) -> list[tuple[str, int]]:
    """(place, offset) for the places named and those a union's name carries
    (粤海街道 from 粤海街道总工会: towns and streets are not in the gazetteer).

    >>> from kg.model import EntityType as T
    >>> _place_names([(Mention("粤海街道总工会", T.UNION, 0, 7), "粤海街道总工会"), (Mention("深圳市", T.PLACE, 9, 12), "深圳市")])
    [('粤海街道', 0), ('深圳市', 9)]
    """
    out = []
    for m, name in named:
        if m.type is EntityType.UNION and name.endswith("总工会"):
            out.append((name[: -len("总工会")], m.start))
        elif m.type is EntityType.PLACE:
            out.append((name, m.start))
    return out


class _Named:
    """An article's named mentions by type, and its places by level, each list worked out
    once for all the context references of the article (in the order named)."""

    def __init__(self, named: list[tuple[Mention, str]]):
        self.named = named
        self._of_type: dict[EntityType, list[tuple[Mention, str]]] | None = None
        self._places: list[tuple[str, int]] | None = None
        self._at_level: dict[str, list[tuple[str, int]]] = {}

    def of_type(self, type_: EntityType) -> list[tuple[Mention, str]]:
        if self._of_type is None:
            self._of_type = defaultdict(list)
            for m, name in self.named:
                self._of_type[m.type].append((m, name))
        return self._of_type.get(type_, [])

    def places_at(self, level: str) -> list[tuple[str, int]]:
        """The places of `_place_names` whose names end in the level (自治区 is no 区)."""
        found = self._at_level.get(level)
        if found is None:
            if self._places is None:
                self._places = _place_names(self.named)
            ends = _PLACE_ENDS.get(level, (level,))
            found = self._at_level[level] = [(name, start) for name, start in self._places
                                             if name.endswith(ends) and not (level == "区" and name.endswith("自治区"))]
        return found


def _place_occurrences(ref: ContextRef, index: _Named) -> list[tuple[str, int]]:
    """The places of the level asked for, with the body's suffix."""
    return [(name + ref.suffix, start) for name, start in index.places_at(ref.level) if ref.prefix in name]


def _province_fallback(ref: ContextRef, named: list[tuple[Mention, str]]) -> list[tuple[str, int]]:
    """X省 + suffix from the province of the article's cities, when the gazetteer knows it."""
    out = []
    for m, name in named:
        div = lookup(name) if m.type is EntityType.PLACE else None
        prov = province_of(div) if div is not None else None
        if prov is not None:
            out.append((prov.name + ref.suffix, m.start))
    return out


def _bare_body(text: str) -> ContextRef | None:
    """A bureau named with no place at all (会同人社局) is the city's."""
    return ContextRef("", "市", text) if _BARE_BUREAU.fullmatch(text) else None


_BARE_BUREAU = re.compile(r"[\u4e00-\u9fff]{2,8}局")


def _resolve_ref(m: Mention, ref: ContextRef, index: _Named, article: Article) -> str | None:
    named = index.named
    if ref.parent:
        occ = [(name, p.start) for p, name in index.of_type(EntityType.UNION)]
        parent = _certain(occ, m.start, article)
        return parent + ref.suffix if parent else None
    if ref.company:
        heads = [(p.start, name) for p, name in index.of_type(EntityType.ENTERPRISE)
                 if p.start < m.start and (ref.level in name or ref.level == "企业")]
        return max(heads)[1] + ref.suffix if heads else None
    if not ref.suffix and m.type is not EntityType.PLACE:
        return None
    tail = ref.level + ref.suffix
    tails = (tail, "自治区" + ref.suffix) if ref.level == "省" else (tail,)
    occ = [(name, p.start) for p, name in index.of_type(m.type)
           if name.endswith(tails) and len(name) > len(tail) and ref.prefix in name]
    occ += _place_occurrences(ref, index)
    if not occ and ref.level == "省":
        occ = _province_fallback(ref, named)
    if not occ and ref.level == "区":  # 区总工会 in an article naming no district: 自治区总工会, as in 新疆
        return _resolve_ref(m, replace(ref, level="自治区"), index, article)
    name = _certain(occ, m.start, article)
    return ref.lead + name if name and not name.startswith(ref.lead) else name


def _tails(named: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """Each name of an enterprise, organisation or programme that is the tail of exactly one
    longer name of its type in the article, as that name (托育园 -> 天骄托育园).

    >>> from kg.model import EntityType as T
    >>> ms = [Mention("天骄托育园", T.ENTERPRISE, 0, 5), Mention("托育园", T.ENTERPRISE, 6, 9), Mention("托育园", T.UNION, 10, 13)]
    >>> [n for _, n in _tails([(m, m.name) for m in ms])]
    ['天骄托育园', '天骄托育园', '托育园']
    """
    of_type: dict[EntityType, set[str]] = defaultdict(set)
    for m, n in named:
        of_type[m.type].add(n)
    tails: dict[tuple[EntityType, str], str] = {}
    for type_ in _TAIL_TYPES:
        names = of_type.get(type_, ())
        for n in names:
            if len(n) < 2:
                continue
            longer = [x for x in names if x != n and x.endswith(n)]
            if len(longer) == 1:
                tails[type_, n] = longer[0]
    if not tails:
        return named
    return [(m, tails.get((m.type, n), n)) for m, n in named]


def _merge_transpositions(named: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """A long name whose characters are an earlier name's in another order is a
    typo for it (全国爱心用人托育单位 -> 全国爱心托育用人单位): the first spelling wins."""
    first: dict[tuple[EntityType, str], str] = {}
    spelled: dict[int, str] = {}  # index in `named` -> the first spelling, where it differs
    long = [i for i, (m, name) in enumerate(named) if m.type in _SPELLED_TYPES and len(name) >= 6]
    for i in sorted(long, key=lambda i: named[i][0].start):  # stable: by start, then as given
        m, name = named[i]
        spelling = first.setdefault((m.type, "".join(sorted(name))), name)
        if spelling != name:
            spelled[i] = spelling
    if not spelled:
        return named
    return [(m, spelled.get(i, name)) for i, (m, name) in enumerate(named)]


_SPELLED_TYPES = frozenset(_TAIL_TYPES + (EntityType.HONOUR,))


def _merge_short_forms(named: list[tuple[Mention, str | None]]) -> list[tuple[Mention, str | None]]:
    """Names of bodies that are the same once conventional short forms are applied
    (郑州市人社局 / 郑州市人力资源和社会保障局) name one body: the longest wins.

    >>> from kg.model import EntityType as T
    >>> ms = [(Mention("市人社局", T.ORGANIZATION, 0, 4), "郑州市人社局"),
    ...       (Mention("郑州市人力资源和社会保障局", T.ORGANIZATION, 5, 18), "郑州市人力资源和社会保障局")]
    >>> [n for _, n in _merge_short_forms(ms)]
    ['郑州市人力资源和社会保障局', '郑州市人力资源和社会保障局']
    """
    groups: dict[str, set[str]] = {}
    for m, name in named:
        if name and m.type is EntityType.ORGANIZATION:
            groups.setdefault(shortened(name), set()).add(name)
    full = {n: max(names, key=lambda x: (len(x), x)) for names in groups.values() if len(names) > 1 for n in names}
    if not full:
        return named
    return [(m, full.get(name, name)) if m.type is EntityType.ORGANIZATION else (m, name) for m, name in named]


def shortened(name: str) -> str:
    """A body's name with the conventional short forms of `kg/data/org_abbreviations.tsv`.

    >>> shortened("郑州市人力资源和社会保障局"), shortened("省总工会")
    ('郑州市人社局', '省总工会')
    """
    for full, short in _short_forms():
        if full in name:
            name = name.replace(full, short)
    return name


@lru_cache(maxsize=1)
def _short_forms() -> tuple[tuple[str, str], ...]:
    rows = files("kg").joinpath("data", "org_abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [tuple(line.split("\t")) for line in rows if line.strip() and not line.startswith("#")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))  # longest first: 人民代表大会常务委员会 before its parts


def _merge_name_variants(named: list[tuple[Mention, str]], text: str) -> list[tuple[Mention, str]]:
    """A person name that differs from another in the same article by one inserted
    middle character (韩涛 / 韩军涛) is a misprint of it when the two never share a
    sentence (two people listed together do): the spelling met first wins.

    >>> from kg.model import EntityType as T
    >>> t = "厂长韩涛介绍。订单排满了。韩军涛说。"
    >>> ms = [(Mention("韩涛", T.PERSON, 2, 4), "韩涛"), (Mention("韩军涛", T.PERSON, 13, 16), "韩军涛")]
    >>> [n for _, n in _merge_name_variants(ms, t)]
    ['韩涛', '韩涛']
    >>> t = "韩涛、韩军涛介绍。"
    >>> ms = [(Mention("韩涛", T.PERSON, 0, 2), "韩涛"), (Mention("韩军涛", T.PERSON, 3, 6), "韩军涛")]
    >>> [n for _, n in _merge_name_variants(ms, t)]
    ['韩涛', '韩军涛']
    """
    people = sorted({n for m, n in named if m.type is EntityType.PERSON})
    shorts = [p for p in people if len(p) == 2]  # a pair needs a two- and a three-character name
    pairs = [(long, short) for long in people if len(long) == 3 for short in shorts if long[0] == short[0] and long[-1] == short[-1]]
    if not pairs:
        return named  # no two names spelled alike: no sentence to look up
    spans = split_sentences(text)
    starts = [a for a, _ in spans]
    sentences: dict[str, set[int]] = defaultdict(set)
    first: dict[str, int] = {}
    for m, n in named:
        if m.type is EntityType.PERSON:
            sentences[n].add(_sentence_start(spans, starts, m.start))
            first[n] = min(first.get(n, m.start), m.start)
    variant = {}
    for long, short in pairs:
        if not sentences[long] & sentences[short]:
            keep, drop = (short, long) if first[short] <= first[long] else (long, short)
            variant.setdefault(drop, keep)
    return [(m, variant.get(n, n) if m.type is EntityType.PERSON else n) for m, n in named]


def _sentence_start(spans: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    """Where the sentence holding `pos` starts (`pos` itself when none does), as
    sentence_at(text, pos, spans)[0], by bisection.

    >>> _sentence_start([(0, 2), (2, 5)], [0, 2], 3), _sentence_start([(0, 2), (3, 5)], [0, 3], 2)
    (2, 2)
    """
    i = bisect_right(starts, pos) - 1
    return spans[i][0] if i >= 0 and pos < spans[i][1] else pos


def resolve_context(mentions: list[Mention], article: Article | None = None) -> list[tuple[Mention, str | None]]:
    """Pair each mention with its canonical name; a context reference takes the
    body of its level that the article makes certain, or None.

    >>> from kg.model import EntityType as T
    >>> ms = [Mention("双鸭山市总工会", T.UNION, 0, 7), Mention("市总", T.UNION, 9, 11, context=True)]
    >>> [name for _, name in resolve_context(ms)]
    ['双鸭山市总工会', '双鸭山市总工会']
    """
    if article is None:
        article = Article("", "", 0, "", "")
    named = [(m, m.name) for m in mentions if not m.context and (m.type is not EntityType.PERSON or is_person_name(m.name))]
    named = _tails(named)
    named = _merge_transpositions(named)
    named = _merge_name_variants(named, article.text)
    resolved = {id(m): n for m, n in named}
    out = []
    index = _Named(named)
    for m in mentions:
        if not m.context:
            out.append((m, resolved.get(id(m))))
            continue
        ref = parse_context(m.text) or (_bare_body(m.text) if m.type is EntityType.ORGANIZATION else None)
        out.append((m, _resolve_ref(m, ref, index, article) if ref else None))
    return _merge_short_forms(out)  # context references too: 市人社局 resolved to 郑州市人社局


def link_article(article: Article, mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Entity keys for the mentions of one article; unresolvable context references are dropped.

    >>> from kg.model import EntityType as T
    >>> a = Article("a#0", "a.txt", 0, "石家庄市总推出新课", "石家庄市总推出新课\\n市总联合市教育局。")
    >>> ms = [Mention("石家庄市总", T.UNION, 0, 5, canonical="石家庄市总工会"), Mention("石家庄市", T.PLACE, 0, 4),
    ...       Mention("市总", T.UNION, 10, 12, context=True), Mention("市教育局", T.ORGANIZATION, 14, 18, context=True)]
    >>> [key for _, key in link_article(a, ms)]
    ['Union/石家庄市总工会', 'Place/石家庄市', 'Union/石家庄市总工会', 'Organization/石家庄市教育局']
    """
    linked = [(m, entity_key(m.type, name)) for m, name in resolve_context(mentions, article) if name]
    return linked + original_forms(article, linked)


def original_forms(article: Article, linked: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """For an article read from Traditional Chinese, each mention's original surface form
    as a mention of the same entity, so 山東省總工會 becomes an alias of 山东省总工会.

    >>> from kg.model import EntityType as T
    >>> a = Article("a#0", "a.txt", 0, "", "山东省总工会召开会议", original="山東省總工會召開會議")
    >>> [(m.text, key) for m, key in original_forms(a, [(Mention("山东省总工会", T.UNION, 0, 6), "Union/山东省总工会")])]
    [('山東省總工會', 'Union/山东省总工会')]
    """
    out: list[tuple[Mention, str]] = []
    if not article.original or len(article.original) != len(article.text):
        return out  # no original form differs (original_form would say None for each)
    for m, key in linked:
        form = original_form(article, m.start, m.end)
        if form:
            out.append((replace(m, text=form, rule=f"{m.rule}+original"), key))
    return out


def collect_entities(linked: Iterable[tuple[Mention, str]]) -> dict[str, Entity]:
    """One Entity per key, with every surface form other than the label as an alias.

    >>> from kg.model import EntityType as T
    >>> m1 = Mention("双鸭山市总", T.UNION, 0, 5, canonical="双鸭山市总工会")
    >>> m2 = Mention("市总", T.UNION, 9, 11, context=True)
    >>> ents = collect_entities([(m1, "Union/双鸭山市总工会"), (m2, "Union/双鸭山市总工会")])
    >>> sorted(ents["Union/双鸭山市总工会"].aliases)
    ['双鸭山市总', '市总']
    """
    collector = EntityCollector()
    collector.add(linked)
    return collector.entities()


class EntityCollector:
    """`collect_entities` fed a few mentions at a time (a build adds them page by page):
    one type and one set of surface forms per key, the entities made at the end.

    >>> from kg.model import EntityType as T
    >>> c = EntityCollector()
    >>> c.add([(Mention("双鸭山市总", T.UNION, 0, 5, canonical="双鸭山市总工会"), "Union/双鸭山市总工会")])
    >>> c.add([(Mention("市 总", T.UNION, 9, 12, context=True), "Union/双鸭山市总工会")])
    >>> sorted(c.entities()["Union/双鸭山市总工会"].aliases)
    ['双鸭山市总', '市总']
    """

    def __init__(self):
        self._types: dict[str, EntityType] = {}
        self._forms: dict[str, set[str]] = {}

    def add(self, linked: Iterable[tuple[Mention, str]]) -> None:
        types, forms = self._types, self._forms
        for m, key in linked:
            types[key] = m.type
            found = forms.get(key)
            if found is None:
                found = forms[key] = set()
            found.add("".join(m.text.split()))  # re.sub(r"\s+", "", text): str.split knows the same spaces

    def entities(self) -> dict[str, Entity]:
        out = {}
        for key in sorted(self._types):
            label = key.split("/", 1)[1]
            out[key] = Entity(key, self._types[key], label, frozenset(self._forms[key] - {label, ""}))
        return out
