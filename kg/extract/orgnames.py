"""Shared grammar of organisation names for the Union, Organization and Enterprise finders.

A name is found from its head (总工会, 有限公司, 大学 ...) and grown leftwards
over jieba tokens until a boundary word (在, 走进, 的 ...), punctuation or a
digit; `kg/data/org_boundaries.json` holds those words. Administrative
divisions come from `kg.gazetteer` and decide canonical names: leading full
division names are dropped while another place name follows
(黑龙江省双鸭山市总工会 -> 双鸭山市总工会).
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from ..text import longest_alternation
from . import lexicon as lex

# the run of name characters that ends where a search stops (possessive: no backtracking)
_NAME_TAIL = re.compile(r"[\u4e00-\u9fffA-Z()（）]*+\Z")
_BOOK_TITLE = re.compile(r"《[^《》]{0,60}》")


@cache
def load(name: str) -> dict:
    """A JSON data file of this package, parsed once.

    >>> "stop" in load("org_boundaries.json")
    True
    """
    path = resources.files("kg") / "data" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:  # say which file broke
        raise ValueError(f"kg/data/{name}:{e.lineno}: expected JSON, {e.msg}") from e


@cache
def words(key: str) -> frozenset[str]:
    """A word list of org_boundaries.json as a set.

    >>> "走进" in words("stop")
    True
    """
    return frozenset(load("org_boundaries.json")[key])


def head_regex(key: str) -> re.Pattern:
    """The heads in org_patterns.json[key], the longest that starts at a position.

    >>> head_regex("union_heads").findall("市总工会、教育工会")
    ['总工会', '工会']
    """
    return re.compile(longest_alternation({p["pattern"] for p in load("org_patterns.json")[key]}))


@lru_cache(maxsize=4096)
def tokens(s: str) -> tuple[str, ...]:
    """jieba words of a short string, without HMM guessing (cached).

    >>> tokens("走进阿拉山口")
    ('走进', '阿拉山口')
    """
    return tuple(lex.cut(s))


# -- divisions ---------------------------------------------------------------


class Place(NamedTuple):
    """A division named in a string: its span there and its full name."""

    start: int
    end: int
    full: str
    province: str | None


@lru_cache(maxsize=1)
def _gazetteer():
    try:
        from .. import gazetteer
    except ImportError:  # pragma: no cover - the gazetteer is another module's job
        return None
    return gazetteer


_LEVELS = ("province", "prefecture", "county")


@lru_cache(maxsize=65536)
def division(name: str) -> tuple[str, str | None] | None:
    """(full name, province) of a division named in full or short, else None.

    >>> division("湖北")
    ('湖北省', '湖北省')
    """
    gaz = _gazetteer()
    if gaz is None or len(name) < 2:
        return None
    found = gaz.candidates(name)
    if not found or name in gaz.common_word_forms():
        return None
    # an ambiguous short form (吉林: province or city) stands for the higher level
    div = (
        found[0]
        if len(found) == 1
        else min(
            found, key=lambda d: _LEVELS.index(d.level) if d.level in _LEVELS else 9
        )
    )
    return div.name, gaz.province_of(div).name


@lru_cache(maxsize=1)
def _forms() -> frozenset[str]:
    gaz = _gazetteer()
    return frozenset(gaz.surface_forms()) if gaz is not None else frozenset()


def places_in(s: str, *, longest: int = 16) -> list[Place]:
    """Divisions named in `s`, longest match at each position, left to right (the longest
    full name, 积石山保安族东乡族撒拉族自治县, has 15 characters).

    >>> [p.full for p in places_in("黑龙江省双鸭山市")]
    ['黑龙江省', '双鸭山市']
    """
    return list(_places_in(s, longest))


def place_run_ends(name: str) -> list[int]:
    """Where each division of the run that opens a name ends (广东省|佛山市|宏达机械有限公司工会).

    >>> place_run_ends("广东省佛山市宏达机械有限公司工会"), place_run_ends("宏达机械有限公司工会")
    ([3, 6], [])
    """
    ends: list[int] = []
    for place in places_in(name):
        if place.start != (ends[-1] if ends else 0):
            break
        ends.append(place.end)
    return ends


@lru_cache(maxsize=16384)
def _places_in(s: str, longest: int) -> tuple[Place, ...]:
    # the finders ask about the same short prefixes again and again (湖北省, 双鸭山市)
    forms, lengths = _forms(), _lengths_by_pair()
    out, i, size = [], 0, len(s)
    while i < size - 1:
        for n in lengths.get(s[i : i + 2], ()):
            if n > longest or i + n > size:
                continue
            hit = s[i : i + n] in forms and division(s[i : i + n])
            if hit:
                out.append(Place(i, i + n, hit[0], hit[1]))
                i += n
                break
        else:
            i += 1
    return tuple(out)


@lru_cache(maxsize=1)
def _lengths_by_pair() -> dict[str, tuple[int, ...]]:
    """Per opening pair of characters the lengths of the surface forms it opens, longest
    first: places_in tries only those instead of every length up to 12.

    >>> 4 in _lengths_by_pair()["黑龙"], 3 in _lengths_by_pair()["黑龙"]
    (True, True)
    """
    lengths: dict[str, set[int]] = {}
    for form in _forms():
        if len(form) >= 2:
            lengths.setdefault(form[:2], set()).add(len(form))
    return {pair: tuple(sorted(ns, reverse=True)) for pair, ns in lengths.items()}


# -- left boundary -----------------------------------------------------------


def left_edge(text: str, head_start: int, *, window: int = 20) -> int:
    """Where the name whose head starts at `head_start` begins.

    >>> t = "走进阿拉山口金沙河面业有限公司"
    >>> t[left_edge(t, t.index("有限公司")):]
    '阿拉山口金沙河面业有限公司'
    """
    # the run of name characters that ends at the head, at most `window` long
    i = _NAME_TAIL.search(text, max(0, head_start - window), head_start).start()
    return i + _name_start(text[i:head_start])


@lru_cache(maxsize=16384)
def _name_start(seg: str) -> int:
    """Where a name begins in `seg`, the name characters right before its head: after an
    unclosed bracket, and after the last boundary word (走进, 在 ...) or zone word.

    >>> _name_start("走进阿拉山口金沙河面业"), _name_start("于清华"), _name_start("(北京"), _name_start("")
    (2, 1, 1, 0)
    >>> _name_start("于都县"), _name_start("于清华")
    (0, 1)
    """
    i = 0
    if seg.count("(") + seg.count("（") != seg.count(")") + seg.count("）"):
        cut = max(seg.rfind("("), seg.rfind("（"), seg.rfind(")"), seg.rfind("）"))
        i, seg = cut + 1, seg[cut + 1 :]
    stop, zones, split = (
        words("stop"),
        words("zones"),
        load("org_boundaries.json")["split"],
    )
    pos = len(seg)
    toks = [t for tok in tokens(seg) for t in split.get(tok, [tok])]
    first = ""
    for tok in reversed(toks):
        if tok in stop or (tok in zones and len(seg) - pos >= 2):
            break
        pos -= len(tok)
        first = tok
    # jieba glues a preposition to a short name (于清华): drop it (a division's own 于 comes back below: 于都县)
    if len(first) >= 3 and first[0] in "于在由从向把被据" and first[1:] not in stop:
        pos += 1
    # a boundary word inside a division's full name is part of the name (襄都区, 从化区, 南和区)
    return i + min(pos, _division_start(seg, pos))


def _division_start(seg: str, pos: int) -> int:
    """Where the division, or run of divisions, that ends `seg` begins when `pos` cuts into it; else `pos`.

    >>> _division_start("襄都区", 2), _division_start("广州市从化区", 4), _division_start("走进从化区", 3), _division_start("走进阿拉山口", 2)
    (0, 0, 2, 2)
    """
    places = [p for p in places_in(seg) if seg[p.start : p.end] == p.full]
    if not places or places[-1].end != len(seg) or places[-1].start >= pos:
        return pos
    start = places[-1].start
    for p in reversed(places[:-1]):  # the divisions written before it, in one run
        if p.end != start:
            break
        start = p.start
    return start


def is_generic(prefix: str) -> bool:
    """True when a name's prefix is a collective word, not a name (全省, 各级).

    >>> is_generic("各级"), is_generic("山东省教育"), is_generic("本市"), is_generic("本溪市")
    (True, False, True, False)
    """
    if not prefix or prefix in words("generic"):
        return True
    if prefix.startswith(("各", "全省", "全市", "该", "本")):
        places = places_in(prefix)  # 本溪市 is a division, not 本 (this) + 溪市
        return not (places and places[0].start == 0)
    return False


@lru_cache(maxsize=16384)  # the finders strip the same prefixes again and again
def strip_places(prefix: str, *, full_only: bool = False) -> str:
    """Drop leading divisions while another division or a town follows, and a
    place before a town, zone or community that the body belongs to.

    >>> strip_places("江门市台山市冲蒺镇"), strip_places("青岛西海岸新区")
    ('冲蒺镇', '青岛西海岸新区')
    >>> strip_places("河北省沽源县西辛营乡寄宿制", full_only=True)
    '西辛营乡寄宿制'
    >>> strip_places("包头市北梁新区安居社区妇女创业园就业培训", full_only=True)
    '安居社区妇女创业园就业培训'
    >>> strip_places("秣陵街道佳湖社区")
    '佳湖社区'
    """
    while True:
        places = places_in(prefix)
        lead = places[0].end if places and places[0].start == 0 else locality_length(prefix)
        if not lead:
            return prefix
        if (
            full_only and places and places[0].start == 0 and prefix[: places[0].end] != places[0].full
        ):  # 广东南华工商: a short form is part of the name
            return prefix
        rest = prefix[lead:]
        nxt = places[1] if len(places) > 1 else None
        follows_division = nxt is not None and nxt.start == lead and (
            not full_only or rest[: nxt.end - nxt.start] == nxt.full
        )  # 西宁市城西唐道: a short form after a full name may be a street's name
        town = (
            len(rest) >= 2
            and rest.endswith(("镇", "乡", "街道"))
            and rest not in words("place_heads")
        )
        inner = locality_length(rest)
        # the body of a town, zone or community inside the place (沽源县西辛营乡寄宿制学校),
        # or that community itself (秣陵街道佳湖社区); a zone keeps its city (青岛西海岸新区)
        of_locality = 0 < inner < len(rest) or (inner == len(rest) > 0 and not rest.endswith("新区"))
        if rest and (follows_division or town or of_locality):
            prefix = rest
        else:
            return prefix


_LOCALITY = re.compile(r"([\u4e00-\u9fff]{2,5}?)(镇|乡|街道|新区|社区|村)")


@lru_cache(maxsize=16384)
def locality_length(s: str) -> int:
    """Length of a town, zone, community or village name that `s` starts with
    (not in the gazetteer): 西辛营乡寄宿制 -> 4; 城乡建设, 美丽乡村 -> 0.

    >>> locality_length("西辛营乡寄宿制"), locality_length("城乡建设"), locality_length("美丽乡村")
    (4, 0, 0)
    """
    m = _LOCALITY.match(s)
    if not m or m.group(1) in words("generic") or m.group(1)[0] in "全各本该这那每":
        return 0
    ends, pos = set(), 0
    for tok in tokens(s):
        pos += len(tok)
        ends.add(pos)
    return m.end() if m.end() in ends else 0


@lru_cache(maxsize=16384)
def location_length(stem: str) -> int:
    """Length of the divisions that only locate an enterprise: a run of full
    names before another place name or before a second full name
    (宁夏回族自治区吴忠市红寺堡区宁夏弘德包装 -> 宁夏弘德包装; 青岛市松山机械 stays).

    >>> location_length("河北省石家庄市华北制药"), location_length("阿拉山口金沙河面业")
    (3, 0)
    """
    run = []
    for place in places_in(stem):
        if (run and place.start != run[-1].end) or stem[
            place.start : place.end
        ] != place.full:
            break
        run.append(place)
    if not run:
        return 0
    after = places_in(stem[run[-1].end :][:4])
    if after and after[0].start == 0:
        return run[-1].end
    return run[-2].end if len(run) >= 2 else 0


@lru_cache(maxsize=16384)
def cut_after_function_words(stem: str) -> str:
    """Drop what precedes the last time word, verb or locality word of a stem
    that does not start with a place (过去工人文化宫 -> 工人文化宫). The words are
    `org_stop` in org_boundaries.json: jieba's tagger would cost a second to load.

    >>> cut_after_function_words("整体上提升"), cut_after_function_words("陕西省推进产业工人")
    ('', '陕西省推进产业工人')
    """
    places = places_in(stem[:6])
    if places and places[0].start == 0:
        return stem
    cut_words = words("org_stop")
    pos, kept = 0, 0
    for tok in tokens(stem):
        pos += len(tok)
        if tok in cut_words:
            kept = pos
    return stem[kept:]


def in_book_title(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles, where names are not mentions of bodies."""
    return [m.span() for m in _BOOK_TITLE.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the spans.

    >>> inside([(0, 4), (6, 9)], 6, 8), inside([(0, 4), (6, 9)], 3, 7)
    (True, False)
    """
    for a, b in spans:  # a loop, not any(): called for every candidate name
        if a <= start and end <= b:
            return True
    return False
