"""Union mentions: full names (X总工会, X教育工会, X公司工会), their abbreviations
(X市总, 全总, 湖北工会) and context references (市总, 省总工会, 该公司工会,
省建设建材工会, 驻惠州工会工作服务站).

A context reference is only found here, flagged `context=True`, with the level
it asks for readable from its surface; `kg.link` resolves it inside its article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from ..model import Article, EntityType, Mention
from ..text import longest_alternation
from . import orgnames as names

_HEAD = names.head_regex("union_heads")
# head -> the words that make it part of a longer word (工会工作 is union work), as a tuple for str.startswith
_NOT_AFTER = {head: tuple(ws) for head, ws in names.load("org_boundaries.json")["head_not_followed_by"].items()}
_LEVEL_CHARS = "省市区县镇旗"
_LEVELS = frozenset(_LEVEL_CHARS)


def _abbrev() -> re.Pattern:
    not_after = "|".join(
        map(
            re.escape,
            sorted(
                names.load("org_boundaries.json")["abbrev_not_followed_by"],
                key=len,
                reverse=True,
            ),
        )
    )
    # the level chars spelled out as alternatives, not a class: a branch whose every
    # alternative opens with a literal lets `re` skip to the positions they open at
    levels = "|".join(_LEVEL_CHARS)
    return re.compile(rf"(?:新区|高新区|{levels})总(?!{not_after})")


_ABBREV = _abbrev()


def _fixed() -> re.Pattern:
    rows = [p for p in names.load("org_patterns.json")["names"] if p["type"] == "Union"]
    return re.compile(longest_alternation(p["pattern"] for p in rows))


_FIXED = _fixed()
_FIXED_ID = {p["pattern"]: p["id"] for p in names.load("org_patterns.json")["names"]}


def _industry(rest: str) -> bool:
    """教育, 建设建材, 快递行业: the words of an industry union after its place."""
    return rest in names.words("industries") or (
        len(rest) >= 3 and rest.endswith(("行业", "产业")) and not names.is_generic(rest)
    )


def _enterprise_like(prefix: str) -> bool:
    return len(prefix) >= 3 and prefix.endswith(_ENTERPRISE_STEMS)


_ENTERPRISE_STEMS = tuple(names.words("enterprise_stems"))


def _place_like(prefix: str) -> bool:
    """A place chain, possibly ending in a zone or town word (青岛高新区, 冲蒺镇)."""
    places = names.places_in(prefix)
    if places and places[0].start == 0 and places[-1].end == len(prefix):
        return all(a.end == b.start for a, b in pairwise(places))
    if any(p.start > 0 for p in places):
        return False
    # towns and zones are not in the gazetteer: 冲蒺镇, 小港街道, 青岛高新区
    heads = [
        h
        for h in names.words("place_heads")
        if prefix.endswith(h) and (len(h) > 1 or h in "镇乡村")
    ]
    if not heads:
        return False
    stem = prefix[: -max(map(len, heads))]
    return 0 < len(stem) <= 4 or bool(places and places[0].start == 0)


@lru_cache(maxsize=16384)  # a function of a name: the same prefixes recur across articles
def canonical_union(prefix: str, head: str) -> str | None:
    """The formal name of a union from the words before its head, or None when
    those words do not name one (各级, 基层, 教科技).

    >>> canonical_union("黑龙江省双鸭山市", "总工会")
    '双鸭山市总工会'
    >>> canonical_union("湖北", "工会"), canonical_union("江苏教育科技", "工会")
    ('湖北省总工会', '江苏省教育科技工会')
    >>> canonical_union("各级", "工会") is None, canonical_union("胜利油田", "工会")
    (True, '胜利油田工会')
    """
    if names.is_generic(prefix):
        return None
    stripped = names.strip_places(prefix)
    if head == "总工会":
        if _place_like(stripped):
            return _full_place(stripped) + head
        return prefix[names.location_length(prefix) :] + head if _enterprise_like(prefix) else None
    if _place_like(stripped):
        if head != "工会":  # 工会联合会
            return _full_place(stripped) + head
        if stripped.endswith(("社区", "村", "地区")):  # 安居社区工会, 阿克苏地区工会: no 总工会 named
            return stripped + head
        return _full_place(stripped) + "总工会"  # 湖北工会, 格尔木工会: the place's federation as a collective
    industry = _industry_name(prefix)
    if industry:
        return industry + head
    if _enterprise_like(prefix):  # 宁夏回族自治区吴忠市红寺堡区宁夏弘德包装公司: drop where it is
        return prefix[names.location_length(prefix) :] + head
    return None


def _industry_name(prefix: str) -> str | None:
    """A place and an industry (江苏教育科技, 济南市快递行业) with the place in full."""
    places = names.places_in(prefix)
    if not places or places[0].start:
        return None
    rest = prefix[places[0].end :]
    if _industry(rest):
        return places[0].full + rest
    return None


@lru_cache(maxsize=16384)
def _trimmed(prefix: str, head: str) -> tuple[str | None, int]:
    """canonical_union of the prefix, else of its tail from a division on
    (接到济南市总 -> 济南市总工会), with how many characters were dropped."""
    full = canonical_union(prefix, head)
    if full:
        return full, 0
    for place in names.places_in(prefix):
        if place.start and (full := canonical_union(prefix[place.start :], head)):
            return full, place.start
    return None, 0


def _industry_context(prefix: str) -> str | None:
    """The level char of 省建设建材 / 市教育 (an industry union named without its place)."""
    return prefix[0] if prefix[:1] in "省市" and _industry(prefix[1:]) else None


def _full_place(prefix: str) -> str:
    """双鸭山 -> 双鸭山市, but 青岛高新区 stays (a zone keeps its short city name)."""
    places = names.places_in(prefix)
    if len(places) == 1 and places[0].start == 0 and places[0].end == len(prefix):
        return places[0].full
    return prefix


# -- finding ------------------------------------------------------------------


def _candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, prefix, head) for every head; the prefix may be empty."""
    out = []
    for m in _HEAD.finditer(text):
        if text.startswith(_NOT_AFTER.get(m.group(), ()), m.end()):  # 工会工作 is union work
            continue
        start = names.left_edge(text, m.start(), window=24)
        out.append((start, m.end(), text[start : m.start()], m.group()))
    for m in _ABBREV.finditer(text):
        level_end = m.end() - 1
        start = names.left_edge(text, level_end)
        out.append((start, m.end(), text[start:level_end], "总"))
    return out


def find_unions(article: Article) -> list[Mention]:
    """Union mentions in an article; context references are flagged, not resolved.

    >>> from kg.model import Article
    >>> t = "日前,活动在黑龙江省双鸭山市总工会举行。市总还专门开办培训班。"
    >>> [(m.text, m.name, m.context) for m in find_unions(Article("a", "s", 0, "", t))]
    [('黑龙江省双鸭山市总工会', '双鸭山市总工会', False), ('市总', '市总', True)]
    """
    text = article.text
    titles = names.in_book_title(text)
    found: list[Mention] = []
    fixed_spans = []
    for m in _FIXED.finditer(text):
        fixed_spans.append(m.span())
        found.append(
            Mention(m.group(), EntityType.UNION, m.start(), m.end(), canonical=_FIXED_ID[m.group()], rule="union-national")
        )
    for start, end, prefix, head in _candidates(text):
        if names.inside(titles, start, end) or (fixed_spans and any(a < end and start < b for a, b in fixed_spans)):
            continue
        ctx = _context_level(text, start, prefix, head)
        if ctx or (head == "工会" and _industry_context(prefix)):
            start = ctx[1] if ctx else start
            found.append(Mention(text[start:end], EntityType.UNION, start, end, context=True, rule="union-context"))
            continue
        surface = text[start:end]
        if head == "总":  # X市总 -> X市总工会
            full, trim = _trimmed(prefix, "总工会") if prefix and not _generic_level(prefix) else (None, 0)
            rule = "union-abbrev"
        else:
            full, trim = _trimmed(prefix, head)
            rule = "union-name"
        if full:
            found.append(Mention(surface[trim:], EntityType.UNION, start + trim, end, canonical=full, rule=rule))
    found.extend(_stations(text, titles))
    return sorted(found, key=lambda m: (m.start, m.end))


_STATION = names.head_regex("union_station_heads")


def _stations(text: str, titles) -> list[Mention]:
    """A union's outpost (X工会工作服务站): named by its place or company, or, as
    驻惠州工会工作服务站, by where it is posted, then a sub-body of the article's union."""
    out = []
    for m in _STATION.finditer(text):
        start = names.left_edge(text, m.start())
        if text[start - 1 : start] == "驻" and names.places_in(text[start : start + 4]):
            out.append(Mention(text[start - 1 : m.end()], EntityType.UNION, start - 1, m.end(), context=True, rule="union-station"))
            continue
        prefix = text[start : m.start()]
        if names.inside(titles, start, m.end()) or not canonical_union(prefix, "工会"):
            continue
        out.append(Mention(text[start : m.end()], EntityType.UNION, start, m.end(), rule="union-station"))
    return out


def _generic_level(prefix: str) -> bool:
    return prefix in names.words("place_heads")


# area words that stand alone before 总工会 as a reference (州总工会, 街道总工会)
_BARE_AREAS = ("高新区", "新区", "州", "自治州", "自治区", "地区", "盟", "街道")
_THAT = re.compile(r"该(公司|集团|[省市区县镇])$")
_CLAUSE_OPENERS = frozenset("，,。；;：:、\n“")


def _context_level(
    text: str, start: int, prefix: str, head: str
) -> tuple[str, int] | None:
    """(level, start) of a context reference: 市总, 省总工会, 该县总工会, 该公司工会, 高新区总."""
    if not prefix:
        m = _THAT.search(text, max(0, start - 4), start)
        return (m.group(1), m.start()) if m else None
    if text[start - 1 : start] == "该" and (
        prefix in ("公司", "集团") or prefix in _LEVELS
    ):
        return prefix, start - 1
    if prefix in ("公司", "集团") and (start == 0 or text[start - 1] in _CLAUSE_OPENERS):
        return prefix, start  # 。公司工会主席吴芳: the union of the company named before
    if head == "工会":
        return None
    if text[start - 1 : start] in ("各", "全", "每"):  # 各地区总工会: a class of bodies
        return None
    if prefix in _LEVELS or prefix in _BARE_AREAS:
        return prefix, start
    # 对标省总工会: a word jieba glued to the level char is not a place
    if (
        len(prefix) == 2
        and prefix[-1] in _LEVEL_CHARS
        and prefix[0] not in _LEVEL_CHARS
        and not names.places_in(prefix)
    ):
        return prefix[-1], start + 1
    return None
