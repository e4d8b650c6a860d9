"""Union mentions: full names (X总工会, X教育工会, X公司工会), their abbreviations
(X市总, 全总, 湖北工会) and context references (市总, 省总工会, 该公司工会).

Context references are resolved here when the article makes them certain: the
nearest full union of the same level before them, or the article's province
for 省总; otherwise they are flagged `context=True` for the linker.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..model import Article, EntityType, Mention
from . import orgnames as names

_HEAD = names.head_regex("union_heads")
_NOT_AFTER = names.load("org_boundaries.json")["head_not_followed_by"]
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
    return re.compile(rf"(?:新区|高新区|[{_LEVEL_CHARS}])总(?!{not_after})")


_ABBREV = _abbrev()


def _fixed() -> re.Pattern:
    rows = [p for p in names.load("org_patterns.json")["names"] if p["type"] == "Union"]
    return re.compile(
        "|".join(
            re.escape(p["pattern"])
            for p in sorted(rows, key=lambda p: -len(p["pattern"]))
        )
    )


_FIXED = _fixed()
_FIXED_ID = {p["pattern"]: p["id"] for p in names.load("org_patterns.json")["names"]}


def _industry(rest: str) -> bool:
    return rest in names.words("industries")


def _enterprise_like(prefix: str) -> bool:
    return (
        any(prefix.endswith(s) for s in names.words("enterprise_stems"))
        and len(prefix) >= 3
    )


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
    if head != "工会":  # 总工会, 工会联合会
        if _place_like(stripped):
            return _full_place(stripped) + head
        return prefix + head if _enterprise_like(prefix) else None
    if _place_like(
        stripped
    ):  # 湖北工会, 格尔木工会: the place's federation as a collective
        if stripped.endswith(("社区", "村")):  # 安居社区工会 has no 总工会
            return stripped + head
        return _full_place(stripped) + "总工会"
    places = names.places_in(prefix)
    if places and places[0].start == 0:
        lead = places[0]
        rest = prefix[lead.end :]
        if _industry(rest):
            return lead.full + rest + head
    if _enterprise_like(prefix):
        return prefix + head
    return None


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


# -- context references -------------------------------------------------------


def _level_of(name: str) -> str:
    for suffix in ("高新区", "新区", "自治区", "省", "市", "区", "县", "镇", "旗"):
        if name.endswith(suffix + "总工会"):
            return "省" if suffix == "自治区" else suffix
    return ""


def _resolve(level: str, pos: int, full: list[Mention], article: Article) -> str | None:
    same = [m for m in full if _level_of(m.name) == level]
    before = [m for m in same if m.end <= pos]
    if before:
        return before[-1].name
    if same and len({m.name for m in same}) == 1:
        return same[0].name
    if level == "省":
        prov = names.article_province(article.text)
        return prov + "总工会" if prov else None
    if level in (
        "市",
        "区",
        "县",
    ):  # no full union of that level: the place named nearest before
        place = names.nearest_place(article.text, pos, level)
        return place + "总工会" if place else None
    return None


def _resolve_company(pos: int, article: Article) -> str | None:
    from .enterprises import find_enterprises

    before = [m for m in find_enterprises(article) if m.end <= pos]
    return before[-1].name + "工会" if before else None


# -- finding ------------------------------------------------------------------


def _candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, prefix, head) for every head; the prefix may be empty."""
    out = []
    for m in _HEAD.finditer(text):
        if any(
            text.startswith(w, m.end()) for w in _NOT_AFTER.get(m.group(), ())
        ):  # 工会工作 is union work
            continue
        start = names.left_edge(text, m.start())
        out.append((start, m.end(), text[start : m.start()], m.group()))
    for m in _ABBREV.finditer(text):
        level_end = m.end() - 1
        start = names.left_edge(text, level_end)
        out.append((start, m.end(), text[start:level_end], "总"))
    return out


def find_unions(article: Article) -> list[Mention]:
    """Union mentions in an article, with canonical names.

    >>> from kg.model import Article
    >>> t = "日前,活动在黑龙江省双鸭山市总工会举行。市总还专门开办培训班。"
    >>> [(m.text, m.name) for m in find_unions(Article("a", "s", 0, "", t))]
    [('黑龙江省双鸭山市总工会', '双鸭山市总工会'), ('市总', '双鸭山市总工会')]
    """
    text = article.text
    titles = names.in_book_title(text)
    found: list[Mention] = []
    fixed_spans = []
    for m in _FIXED.finditer(text):
        fixed_spans.append(m.span())
        found.append(
            Mention(
                m.group(),
                EntityType.UNION,
                m.start(),
                m.end(),
                canonical=_FIXED_ID[m.group()],
                rule="union-national",
            )
        )
    pending = []
    for start, end, prefix, head in _candidates(text):
        if names.inside(titles, start, end) or any(
            a < end and start < b for a, b in fixed_spans
        ):
            continue
        surface = text[start:end]
        ctx = _context_level(text, start, prefix, head)
        if ctx:
            pending.append((ctx[1], end, ctx[0]))
            continue
        if head == "总":  # X市总 -> X市总工会
            full, trim = (
                _trimmed(prefix, "总工会")
                if prefix and not _generic_level(prefix)
                else (None, 0)
            )
            start, surface = start + trim, surface[trim:]
            if full:
                found.append(
                    Mention(
                        surface,
                        EntityType.UNION,
                        start,
                        end,
                        canonical=full,
                        rule="union-abbrev",
                    )
                )
            continue
        level = _industry_context(prefix) if head == "工会" else None
        if level:
            place = (
                names.nearest_place(text, start, level)
                if level == "市"
                else names.article_province(text)
            )
            found.append(
                Mention(
                    surface,
                    EntityType.UNION,
                    start,
                    end,
                    canonical=place and place + prefix[1:] + head,
                    context=not place,
                    rule="union-context",
                )
            )
            continue
        full, trim = _trimmed(prefix, head)
        start, surface = start + trim, surface[trim:]
        if full:
            found.append(
                Mention(
                    surface,
                    EntityType.UNION,
                    start,
                    end,
                    canonical=full,
                    rule="union-name",
                )
            )
    found.extend(_context_mentions(article, pending, found))
    return sorted(found, key=lambda m: (m.start, m.end))


def _generic_level(prefix: str) -> bool:
    return prefix in names.words("place_heads")


_THAT = re.compile(r"该(公司|集团|[省市区县镇])$")


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
    if head == "工会":
        return None
    if prefix in _LEVELS or prefix in ("高新区", "新区"):
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


def _context_mentions(article: Article, pending, found: list[Mention]) -> list[Mention]:
    text = article.text
    full = [m for m in found if m.rule != "union-context"]
    out = []
    for start, end, level in pending:
        surface = text[start:end]
        if level in ("公司", "集团"):
            name = _resolve_company(start, article)
        elif level in ("高新区", "新区"):
            name = next(
                (
                    m.name
                    for m in reversed(full)
                    if m.end <= start and m.name.endswith(level + "总工会")
                ),
                None,
            )
        else:
            name = _resolve(level, start, full, article)
        out.append(
            Mention(
                surface,
                EntityType.UNION,
                start,
                end,
                canonical=name,
                context=name is None,
                rule="union-context",
            )
        )
    return out
