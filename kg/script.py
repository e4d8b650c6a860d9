"""Simplified and Traditional Chinese: read a Traditional page as Simplified, keep the original.

A page is Traditional when most of the characters that differ between the two
scripts are in their Traditional form (`traditional_share`). Such a page is
converted with OpenCC's tables (phrases first, then characters; the `opencc` wheel
ships them, nothing is fetched): tw2s then hk2s, so Taiwan (著, 裡) and Hong Kong
(衞, 枱) variants come out as plain t2s would for OpenCC's standard forms. The conversion keeps the length, character
i of the result standing for character i of the original, so offsets found in the
Simplified text locate the original surface form: 山東省總工會 is read as
山东省总工会 and `original_form` gives back 山東省總工會 as an alias.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache
from typing import Protocol

from .text import is_cjk

CHAIN = ("tw2s", "hk2s")  # each ends in t2s; together they also undo Taiwan and Hong Kong variants
MIN_SHARE = 0.5  # share of Traditional-only characters among those that differ
SAMPLE = 200_000  # characters looked at to tell the script of a page


class HasOriginal(Protocol):
    text: str
    original: str


@cache
def _converter(config: str):
    try:
        import opencc
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise ImportError("reading Traditional Chinese needs OpenCC: pip install opencc") from e
    errors = []
    for name in (config, f"{config}.json"):  # the wheel and the pure-Python port spell configs differently
        try:
            return opencc.OpenCC(name)
        except Exception as e:  # noqa: BLE001 - each port raises its own error for an unknown config
            errors.append(f"{name}: {e}")
    raise ImportError(f"the installed opencc has no {config} conversion ({'; '.join(errors)}): pip install -U opencc")


@lru_cache(maxsize=65536)
def _char(ch: str, config: str) -> str:
    out = _converter(config).convert(ch)
    return out if len(out) == 1 else ch


def traditional_share(text: str, sample: int = SAMPLE) -> float:
    """Share of Traditional-only characters among the characters of `text` (its first
    `sample`) whose Simplified and Traditional forms differ; 0.0 when there are none.

    >>> traditional_share("山東省總工會"), traditional_share("山东省总工会"), traditional_share("工人日报 2025")
    (1.0, 0.0, 0.0)
    """
    # count every character in C, then keep the ideographs among the distinct ones
    counts = {c: n for c, n in Counter(text[:sample]).items() if is_cjk(c)}
    trad = sum(n for c, n in counts.items() if _char(c, "t2s") != c)
    simp = sum(n for c, n in counts.items() if _char(c, "s2t") != c)
    return trad / (trad + simp) if trad + simp else 0.0


def is_traditional(text: str) -> bool:
    """Whether a page is written in Traditional characters.

    A Simplified page that quotes a name in Traditional characters (李璉飞) stays Simplified.

    >>> is_traditional("全國總工會召開會議"), is_traditional("全国总工会召开会议,李璉飞出席")
    (True, False)
    """
    return traditional_share(text) >= MIN_SHARE


def to_simplified(text: str) -> str:
    """Traditional to Simplified, keeping the length (offsets stay valid).

    OpenCC converts line by line; a line whose phrase conversion would change its
    length is converted character by character instead.

    >>> to_simplified("山東省總工會\\n勞動模範 乾隆 頭髮 衞生 著力 裡面")
    '山东省总工会\\n劳动模范 乾隆 头发 卫生 着力 里面'

    Corner brackets become the mainland's quotation marks, which the finders read
    (推出「職工暖心餐」項目 names a programme as 推出“职工暖心餐”项目 does):

    >>> to_simplified("推出「職工暖心餐」『項目』")
    '推出“职工暖心餐”‘项目’'
    """
    out = []
    for line in text.split("\n"):
        for config in CHAIN:
            new = _converter(config).convert(line)
            line = new if len(new) == len(line) else "".join(_char(c, config) for c in line)
        out.append(line)
    return "\n".join(out).translate(_MAINLAND_QUOTES)


_MAINLAND_QUOTES = str.maketrans("「」『』", "“”‘’")


def align_original(text: str, converted: str, original: str) -> str:
    """The original form of `text`, a subsequence of `converted` (the page text it
    was cut from, paragraphs joined and markers dropped), where `original` is the
    same page before conversion, character for character. "" when `text` is not
    such a subsequence.

    >>> align_original("总工会\\n职工", "##总工会\\n\\n职工", "##總工會\\n\\n職工")
    '總工會\\n職工'
    >>> align_original("工会", "职工", "職工")
    ''
    """
    if len(converted) != len(original):
        return ""
    out, j = [], 0
    for ch in text:
        j = converted.find(ch, j)
        if j < 0:
            return ""
        out.append(original[j])
        j += 1
    return "".join(out)


def original_form(item: HasOriginal, start: int, end: int) -> str | None:
    """The original surface form of `item.text[start:end]` (an Article or a Page read
    from Traditional), or None when it reads the same or there is no original.

    >>> from kg.model import Page
    >>> page = Page("p.txt", "山东省总工会召开会议", original="山東省總工會召開會議")
    >>> original_form(page, 0, 6), original_form(page, 0, 1), original_form(Page("q.txt", "工会"), 0, 2)
    ('山東省總工會', None, None)
    """
    original = getattr(item, "original", "")
    if not original or len(original) != len(item.text):
        return None
    form = original[start:end]
    return form if form != item.text[start:end] else None
