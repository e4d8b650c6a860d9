"""Enterprise mentions: X有限公司, X集团, X分公司, X煤矿, X制药, X供电局, X商品城.

A chain of legal units is one name (广州燃气集团有限公司西区分公司); a
department after it (能源动力厂, 维护部) is left out, as the guideline asks.
"""

from __future__ import annotations

import re

from ..model import Article, EntityType, Mention
from . import orgnames as names

_HEAD = names.head_regex("enterprise_heads")
# heads that also end a plain description: 村里的山羊养殖合作社, 附近的社区超市
_COMMON_HEADS = frozenset(
    p["pattern"] for p in names.load("org_patterns.json")["enterprise_heads"] if p["id"] in ("shop", "cooperative")
)
# a bare 公司 or 集团 needs a longer stem than a specific head like 有限公司
_MIN_STEM = {"公司": 3, "集团": 2}
_HEADS = frozenset(p["pattern"] for p in names.load("org_patterns.json")["enterprise_heads"])
# heads of a branch (分公司, 分行): a branch of a bare head (银行分行, 公司分公司) names no enterprise
_BRANCH_HEADS = frozenset(p["pattern"] for p in names.load("org_patterns.json")["enterprise_heads"] if p["id"] == "branch")


def _placed(stem: str) -> bool:
    places = names.places_in(stem[:8])
    return (bool(places) and places[0].start == 0) or names.locality_length(stem) > 0


def _spans(text: str) -> list[tuple[int, int]]:
    titles = names.in_book_title(text)
    spans = []
    for m in _HEAD.finditer(text):
        start = names.left_edge(text, m.start(), window=24)
        stem = text[start : m.start()]
        if (
            len(stem) < _MIN_STEM.get(m.group(), 2)
            or names.is_generic(stem)
            or names.inside(titles, start, m.end())
        ):
            continue
        if (
            names.division(stem) and m.group() in _MIN_STEM
        ):  # 东营市公司: a place, not a name
            continue
        if m.group() in _BRANCH_HEADS and stem in _HEADS:  # 银行分行: a kind of branch, not a named one
            continue
        if m.group() in _COMMON_HEADS and text[start - 1 : start] == "的" and not _placed(stem):
            continue
        if text[start - 1 : start] in ("某", "家") and not _placed(stem):  # 某科技有限公司, 一家物流公司: unnamed
            continue
        spans.append((start + names.location_length(stem), m.end()))
    # keep the longest chain: 大唐吉林发电有限公司 is inside ...辽源发电分公司
    return [
        s
        for s in spans
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
    ]


def find_enterprises(article: Article) -> list[Mention]:
    """Enterprise mentions in an article; 该市建筑机械有限公司 is a context
    reference (the city's company), flagged for the linker.

    >>> from kg.model import Article
    >>> t = "走进阿拉山口金沙河面业有限公司,山钢股份分公司能源动力厂职工说。该市建筑机械有限公司"
    >>> [(m.text, m.context) for m in find_enterprises(Article("a", "s", 0, "", t))]
    [('阿拉山口金沙河面业有限公司', False), ('山钢股份分公司', False), ('该市建筑机械有限公司', True)]
    """
    text = article.text
    out = []
    for a, b in _spans(text):
        if _THAT_PLACE.fullmatch(text, a - 2, a):
            out.append(Mention(text[a - 2 : b], EntityType.ENTERPRISE, a - 2, b, context=True, rule="enterprise-context"))
        else:
            out.append(Mention(text[a:b], EntityType.ENTERPRISE, a, b, rule="enterprise-head"))
    return out


_THAT_PLACE = re.compile(r"[该本][省市县区]")
