"""Enterprise mentions: X有限公司, X集团, X分公司, X煤矿, X制药, X供电局, X商品城.

A chain of legal units is one name (广州燃气集团有限公司西区分公司); a
department after it (能源动力厂, 维护部) is left out, as the guideline asks.
"""

from __future__ import annotations

from ..model import Article, EntityType, Mention
from . import orgnames as names

_HEAD = names.head_regex("enterprise_heads")
# a bare 公司 or 集团 needs a longer stem than a specific head like 有限公司
_MIN_STEM = {"公司": 3, "集团": 2}


def _location_length(stem: str) -> int:
    """Length of the divisions that only locate an enterprise: a run of full
    names before another place name or before a second full name
    (宁夏回族自治区吴忠市红寺堡区宁夏弘德包装 -> 宁夏弘德包装; 青岛市松山机械 stays).

    >>> _location_length("河北省石家庄市华北制药"), _location_length("阿拉山口金沙河面业")
    (3, 0)
    """
    run = []
    for place in names.places_in(stem):
        if (run and place.start != run[-1].end) or stem[
            place.start : place.end
        ] != place.full:
            break
        run.append(place)
    if not run:
        return 0
    after = names.places_in(stem[run[-1].end :][:4])
    if after and after[0].start == 0:
        return run[-1].end
    return run[-2].end if len(run) >= 2 else 0


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
        spans.append((start + _location_length(stem), m.end()))
    # keep the longest chain: 大唐吉林发电有限公司 is inside ...辽源发电分公司
    return [
        s
        for s in spans
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
    ]


def find_enterprises(article: Article) -> list[Mention]:
    """Enterprise mentions in an article.

    >>> from kg.model import Article
    >>> t = "走进阿拉山口金沙河面业有限公司,山钢股份分公司能源动力厂职工说。"
    >>> [m.text for m in find_enterprises(Article("a", "s", 0, "", t))]
    ['阿拉山口金沙河面业有限公司', '山钢股份分公司']
    """
    text = article.text
    return [
        Mention(text[a:b], EntityType.ENTERPRISE, a, b, rule="enterprise-head")
        for a, b in _spans(text)
    ]
