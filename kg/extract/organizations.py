"""Organization mentions: government bodies, Party committees, congresses, 政协,
schools, hospitals, associations, media, 文化宫 and national bodies.

A name without its place (市教育局, 省政府, 镇党委, 经济区党工委, a bare 人社局)
is a context reference: flagged `context=True` here, resolved by `kg.link`.
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention
from ..text import longest_alternation
from . import orgnames as names

_FIXED_ROWS = [
    p for p in names.load("org_patterns.json")["names"] if p["type"] == "Organization"
]
_FIXED = re.compile(longest_alternation(p["pattern"] for p in _FIXED_ROWS))
_FIXED_ID = {p["pattern"]: p["id"] for p in _FIXED_ROWS}
_HEAD = names.head_regex("org_heads")
# head -> the words that make it part of a longer word, as a tuple for str.startswith
_NOT_AFTER = {head: tuple(ws) for head, ws in names.load("org_boundaries.json")["head_not_followed_by"].items()}
_LEVELS = frozenset("省市县区镇乡")
_STEM_ENDS = {head: tuple(ws) for head, ws in names.load("org_boundaries.json")["head_needs_stem_ending"].items()}
_MIN_STEM = {"学会": 3, "协会": 3, "分会": 3}
_NEEDS_ANCHOR = names.words("head_needs_anchor")
_NEEDS_PLACE = names.words("head_needs_place")
_NOT_BEFORE = names.load("org_boundaries.json")["head_not_preceded_by"]
_PARTY_LEVEL_WORDS = frozenset({"省委", "市委", "县委", "区委", "自治区", "自治州"})


def _starts_with_place(stem: str) -> bool:
    places = names.places_in(stem[:8])
    return bool(places) and places[0].start == 0


def _anchored(stem: str) -> bool:
    """Whether a stem starts like a body's name: a division, a town or zone, or a
    national word (象州县扶贫 -> 象州县扶贫馆; 校内外技能实训 -> no 基地)."""
    places = names.places_in(stem[:8])
    return (
        (bool(places) and places[0].start == 0 and places[0].end < len(stem))
        or 0 < names.locality_length(stem) < len(stem)
        or stem.startswith(("中国", "中华", "全国"))
    )


def _generic(stem: str) -> bool:
    return names.is_generic(stem) or stem in names.words("org_generic")


def _context_stem(stem: str) -> tuple[str, str] | None:
    """(place word, rest) when a stem starts with a bare level or zone word:
    市教育 -> ('市', '教育'), 经济区 -> ('经济区', '')."""
    toks = names.tokens(stem)
    if toks and toks[0] in _LEVELS:
        return toks[0], stem[1:]
    if toks and toks[0] in _PARTY_LEVEL_WORDS:  # 市委宣传部, 自治区人社厅
        return toks[0], stem[len(toks[0]) :]
    if stem in _ZONE_WORDS:
        return stem, ""
    return None


_ZONE_WORDS = names.words("place_heads") | names.words("zones")


_BODY_ENDS = f"{_HEAD.pattern}|{names.head_regex('enterprise_heads').pattern}|[省市区县镇]总|工会"
_ENDS_BODY = re.compile(f"(?:{_BODY_ENDS})$")
_PARTY_OF_LEVEL = ("省委", "市委", "县委", "区委")
_THAT_PLACE = re.compile(r"[该本][省市县区]")
_BUREAU = re.compile(r"[\u4e00-\u9fff]{2,8}[局厅]")


def _across_conjunction(text: str, start: int, stem: str) -> tuple[int, str]:
    """A stem cut at 与/和/及 inside a name (中国工人历史与现状研究分会) grows over
    the conjunction when it does not start with a place: a name after a
    conjunction that is a new body starts with one (与北京大学)."""
    if not stem or text[start - 1 : start] not in ("与", "和", "及"):
        return start, stem
    places = names.places_in(stem[:6])
    if (places and places[0].start == 0) or stem.startswith(("中国", "中华", "全国")):
        return start, stem
    left = names.left_edge(text, start - 1)
    if _ENDS_BODY.search(
        text, left, start - 1
    ):  # 梅河口市总和梅河新区卫生健康局: two bodies
        return start, stem
    if start - 1 - left >= 2:
        return left, text[left : start - 1] + text[start - 1] + stem
    return start, stem


def _reference(text: str, start: int, end: int) -> Mention:
    return Mention(text[start:end], EntityType.ORGANIZATION, start, end, context=True, rule="org-context")


def _candidates(text: str) -> list[Mention]:
    titles = names.in_book_title(text)
    # 民政部门, 人社部门: a class of departments, not the ministry
    fixed = [(m.start(), m.end()) for m in _FIXED.finditer(text) if not (m.group().endswith("部") and text[m.end() : m.end() + 1] == "门")]
    out = [
        Mention(
            text[a:b],
            EntityType.ORGANIZATION,
            a,
            b,
            canonical=_FIXED_ID[text[a:b]],
            rule="org-national",
        )
        for a, b in fixed
    ]
    for m in _HEAD.finditer(text):
        head = m.group()
        if text.startswith(_NOT_AFTER.get(head, ()), m.end()):
            continue
        if text[m.start() - 1 : m.start()] in _NOT_BEFORE.get(head, ()):  # 格局, 宾馆, 餐厅
            continue
        start = names.left_edge(text, m.start())
        stem = text[start : m.start()]
        if names.inside(titles, start, m.end()) or names.inside(fixed, start, m.end()):
            continue
        if stem == "团" and head in _PARTY_OF_LEVEL:  # 团省委: the Youth League's committee
            out.append(_reference(text, start, m.end()))
            continue
        if not stem and (head in _PARTY_OF_LEVEL or _BUREAU.fullmatch(head)):
            # 区委、区政府 / 会同人社局 / 该市教育局: the body of the place just named, for the linker
            that = 2 if _THAT_PLACE.fullmatch(text, start - 2, start) else 0
            out.append(_reference(text, start - that, m.end()))
            continue
        if (
            stem.endswith("工会") and head == "联合会"
        ):  # 行业工会联合会 belongs to the union finder
            continue
        if not stem.endswith(_STEM_ENDS.get(head, ("",))):  # 宣传部 only of a Party committee (市委宣传部)
            continue
        ctx = _context_stem(stem)
        if ctx and ctx[1].startswith(
            "总"
        ):  # 市总专门组织: a union abbreviation, not a place word
            continue
        if ctx:
            out.append(_reference(text, start, m.end()))
            continue
        if _THAT_PLACE.fullmatch(text, start - 2, start) and stem:  # 该市职工服务中心: the city's
            out.append(_reference(text, start - 2, m.end()))
            continue
        cut = names.cut_after_function_words(stem)
        start, stem = start + len(stem) - len(cut), cut
        start, stem = _across_conjunction(text, start, stem)
        if _context_stem(stem):  # 省人大常委会环境与城乡建设工作委员会: the place came with the conjunction
            out.append(_reference(text, start, m.end()))
            continue
        if len(stem) < _MIN_STEM.get(head, 2) or _generic(stem):
            continue
        if head in _NEEDS_ANCHOR and not _anchored(stem):
            continue
        if head in _NEEDS_PLACE and not _starts_with_place(stem):  # 天津柔道队, not 男子篮球队
            continue
        if head == "馆" and stem[-1] in "宾旅饭茶酒会展场":  # 宾馆, 会展馆: a business or a venue
            continue
        if head == "一院" and not (
            names.division(stem) or stem.endswith("附")
        ):  # 云南省一院, 昆医大附一院
            continue
        if (
            text[start - 1 : start] == "“" and text[m.end() : m.end() + 1] == "”"
        ):  # “劳模工匠学院”: a brand, not a body
            continue
        if stem.endswith("工会") and head in (
            "办公室",
            "办公厅",
        ):  # a union's own office
            continue
        name = names.strip_places(stem, full_only=True) + head
        out.append(
            Mention(
                text[start : m.end()],
                EntityType.ORGANIZATION,
                start,
                m.end(),
                canonical=None if name == text[start : m.end()] else name,
                rule="org-name",
            )
        )
    return out


def _new_body(rest: str) -> bool:
    """Whether the words after an inner name start another body (学会 + 中国…分会)."""
    return (
        rest.startswith(("中国", "中华", "全国"))
        or bool(names.places_in(rest[:4]))
        and names.places_in(rest[:4])[0].start == 0
    )


def find_organizations(article: Article) -> list[Mention]:
    """Organization mentions in an article.

    >>> from kg.model import Article
    >>> t = "据悉,在四川省委办公厅、省政府印发的方案中,石家庄市总联合市教育局开展活动。"
    >>> [(m.name, m.context) for m in find_organizations(Article("a", "s", 0, "", t))]
    [('四川省委办公厅', False), ('省政府', True), ('市教育局', True)]
    """
    found = _candidates(article.text)
    kept = []
    for m in found:
        outer = [
            o for o in found if o is not m and o.start <= m.start and m.end <= o.end
        ]
        if outer and not all(
            o.start == m.start and _new_body(article.text[m.end : o.end]) for o in outer
        ):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))
