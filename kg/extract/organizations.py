"""Organization mentions: government bodies, Party committees, congresses, 政协,
schools, hospitals, associations, media, 文化宫 and national bodies.

A name without its place (市教育局, 省政府, 镇党委, 经济区党工委) takes the
place the article names nearest before it, or the only one it names; when
neither is certain it is flagged `context=True`.
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention
from . import orgnames as names

_FIXED_ROWS = [
    p for p in names.load("org_patterns.json")["names"] if p["type"] == "Organization"
]
_FIXED = re.compile(
    "|".join(
        re.escape(p["pattern"])
        for p in sorted(_FIXED_ROWS, key=lambda p: -len(p["pattern"]))
    )
)
_FIXED_ID = {p["pattern"]: p["id"] for p in _FIXED_ROWS}
_HEAD = names.head_regex("org_heads")
_NOT_AFTER = names.load("org_boundaries.json")["head_not_followed_by"]
_LEVELS = frozenset("省市县区镇乡")
_STEM_ENDS = names.load("org_boundaries.json")["head_needs_stem_ending"]
_MIN_STEM = {"学会": 3, "协会": 3, "分会": 3}


def _generic(stem: str) -> bool:
    return names.is_generic(stem) or stem in names.words("org_generic")


def _context_stem(stem: str) -> tuple[str, str] | None:
    """(place word, rest) when a stem starts with a bare level or zone word:
    市教育 -> ('市', '教育'), 经济区 -> ('经济区', '')."""
    toks = names.tokens(stem)
    if toks and toks[0] in _LEVELS:
        return toks[0], stem[1:]
    for zone in sorted(
        names.words("place_heads") | names.words("zones"), key=len, reverse=True
    ):
        if stem == zone:
            return zone, ""
    return None


def _place_before(text: str, pos: int, word: str) -> str | None:
    """The full name of the place a bare level or zone word stands for at `pos`."""
    if word in ("省", "市", "县", "区"):
        if word == "省":
            near = names.nearest_place(text, pos, "省") or names.nearest_place(
                text, pos, "自治区"
            )
            return near or names.article_province(text)
        return names.nearest_place(text, pos, word)
    # towns and zones are not in the gazetteer: find where the article names them in full
    found = []
    for m in re.finditer(re.escape(word), text):
        start = names.left_edge(text, m.start())
        stem = text[start : m.start()]
        places = names.places_in(stem[:6])
        if (
            stem and not _generic(stem) and places and places[0].start == 0
        ):  # 贵州省仁怀市长岗镇, not 大事不出镇
            found.append((m.start(), names.strip_places(stem + word)))
    before = [n for p, n in found if p < pos]
    if before:
        return before[-1]
    return found[0][1] if len({n for _, n in found}) == 1 else None


_BODY_ENDS = f"{_HEAD.pattern}|{names.head_regex('enterprise_heads').pattern}|[省市区县镇]总|工会"
_ENDS_BODY = re.compile(f"(?:{_BODY_ENDS})$")
_PARTY_OF_LEVEL = ("省委", "市委", "县委", "区委")
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


def _candidates(text: str) -> list[Mention]:
    titles = names.in_book_title(text)
    fixed = [(m.start(), m.end()) for m in _FIXED.finditer(text)]
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
        if any(text.startswith(w, m.end()) for w in _NOT_AFTER.get(head, ())):
            continue
        start = names.left_edge(text, m.start())
        stem = text[start : m.start()]
        if names.inside(titles, start, m.end()) or any(
            a <= start and m.end() <= b for a, b in fixed
        ):
            continue
        if (
            not stem and head in _PARTY_OF_LEVEL
        ):  # 区委、区政府: the committee of the place just named
            place = _place_before(text, start, head[0])
            out.append(
                Mention(
                    head,
                    EntityType.ORGANIZATION,
                    start,
                    m.end(),
                    canonical=place and place + head[1:],
                    context=not place,
                    rule="org-context",
                )
            )
            continue
        if (
            stem.endswith("工会") and head == "联合会"
        ):  # 行业工会联合会 belongs to the union finder
            continue
        if not stem and _BUREAU.fullmatch(
            head
        ):  # 会同人社局: the bureau of the city just named
            place = names.nearest_place(text, start, "市")
            if place:
                out.append(
                    Mention(
                        head,
                        EntityType.ORGANIZATION,
                        start,
                        m.end(),
                        canonical=place + head,
                        rule="org-bare-bureau",
                    )
                )
            continue
        if not stem.endswith(
            tuple(_STEM_ENDS.get(head, ("",)))
        ):  # 宣传部 only of a Party committee (市委宣传部)
            continue
        ctx = _context_stem(stem)
        if ctx and ctx[1].startswith(
            "总"
        ):  # 市总专门组织: a union abbreviation, not a place word
            continue
        if ctx:
            place = _place_before(text, start, ctx[0])
            name = place + ctx[1] + head if place else None
            out.append(
                Mention(
                    text[start : m.end()],
                    EntityType.ORGANIZATION,
                    start,
                    m.end(),
                    canonical=name,
                    context=name is None,
                    rule="org-context",
                )
            )
            continue
        cut = names.cut_after_function_words(stem)
        start, stem = start + len(stem) - len(cut), cut
        start, stem = _across_conjunction(text, start, stem)
        if len(stem) < _MIN_STEM.get(head, 2) or _generic(stem):
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
    >>> [m.name for m in find_organizations(Article("a", "s", 0, "", t))]
    ['四川省委办公厅', '四川省政府', '石家庄市教育局']
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
