"""Programme mentions named by their shape rather than by quotes.

The quote finder (`programmes.py`) takes quoted names and a few unquoted heads;
this one adds families whose proper name is a shape of its own:

- a contest a division opens (辽宁省朝阳市职工技能大赛) or a cup names (X杯…竞赛);
- a service line a number opens (12351工会服务职工热线平台);
- software or a site a brand opens: a mixed-script brand (X e家手机培训软件), or a
  name right after a clause boundary before 服务网/APP (在X服务网推出);
- formulas: a quoted “工会+X”, a quoted A+B formula with a head (“普惠+特殊”服务形式),
  a numeral formula that names a system (五位一体的…体系);
- a quote joined to a head the quote finder lacks (‘X’爱情专列, “X”…集体婚礼);
- an event co-titled after 暨 (…相亲大会暨X交友活动).

Generic activities without a proper name (开展职工技能大赛, 技能培训) match none of
these. Cue words live in `kg/data/programme_names.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import gazetteer as gz
from ..model import Article, EntityType, Mention
from .people import _find_all

# a quoted name: no clause punctuation inside, or a two-part slogan (the quote finder's shape)
_QUOTE = re.compile(r"[“‘]([^“”‘’，。！？；：,!?;:\n]{2,26}|[\u4e00-\u9fff]{2,8}[,，][\u4e00-\u9fff]{2,8})[”’]")
_CLAUSE = "，。！？；：,!?;:\n“”‘’（）()《》、 "
_CLAUSE_MARK = re.compile("[" + re.escape(_CLAUSE) + "]")
_STOP = re.compile(r"[的了和与及等在是为对把将从向被让给]")
_NUM = "一二三四五六七八九十两百千万0-9"
# a numeral formula: 五位一体, 三化一型, 一中心一张网十联户 (not 二是一体: 是 is no part of one),
# not after a numeral or 第. The pattern opens with the numeral and checks what stands before it
# after it (a lookbehind over two characters), so that the regex engine skips to numerals at
# once instead of trying every position: (?<![N第])(?:N X{1,2}?){2,3} written as N(?<![N第].)X{1,2}?(?:N X{1,2}?){1,2}
_FORMULA_PART = rf"(?:(?![{_NUM}是个次年月日号要在的对为和与及等])[\u4e00-\u9fff]){{1,2}}?"
_FORMULA = re.compile(rf"([{_NUM}](?<![{_NUM}第].){_FORMULA_PART}(?:[{_NUM}]{_FORMULA_PART}){{1,2}})")
_EDITION = re.compile(r"^(?:第[0-9一二三四五六七八九十百]+届)?(?:[0-9]{4}年度?)?")


@dataclass(frozen=True)
class Cues:
    contest_heads: tuple[str, ...]
    cup_heads: tuple[str, ...]
    hotline_heads: tuple[str, ...]
    app_heads: tuple[str, ...]
    app_fillers: tuple[str, ...]
    site_heads: tuple[str, ...]
    generic_names: frozenset[str]
    formula_heads: tuple[str, ...]
    system_heads: tuple[str, ...]
    quote_heads: tuple[str, ...]
    cojoined_heads: tuple[str, ...]
    generic_modifiers: tuple[str, ...]
    boundaries: tuple[str, ...]
    clause_verbs: tuple[str, ...]


@cache
def load_cues() -> Cues:
    """The shape cues, read once from kg/data.

    >>> "热线" in load_cues().hotline_heads
    True
    """
    raw = json.loads((resources.files("kg") / "data" / "programme_names.json").read_text(encoding="utf-8"))
    longest = lambda ws: tuple(sorted(set(ws), key=lambda w: (-len(w), w)))
    return Cues(
        **{k: longest(raw[k]) for k in Cues.__dataclass_fields__ if k != "generic_names"},
        generic_names=frozenset(raw["generic_names"]),
    )


@cache
def _alt(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


@cache
def _any_word(words: tuple[str, ...]) -> re.Pattern:
    """Any of `words`: whether a text holds one is a single search.

    >>> _any_word(("专列", "婚礼")).search("集体婚礼").group()
    '婚礼'
    """
    return re.compile(_alt(words))


@cache
def _compiled(pattern: str) -> re.Pattern:
    """A pattern compiled once: the cue patterns are built from word lists on each call."""
    return re.compile(pattern)


def _mention(text: str, start: int, end: int, name: str, rule: str) -> Mention:
    surface = text[start:end]
    return Mention(surface, EntityType.PROGRAMME, start, end, canonical=None if surface == name else name, rule=rule)


def _clause_before(text: str, end: int, limit: int = 30) -> int:
    """Where the clause that runs up to `end` starts (at most `limit` characters back)."""
    start = max(0, end - limit)
    cut = -1
    for m in _CLAUSE_MARK.finditer(text, start, end):  # the last clause mark in the window
        cut = m.start()
    return max(start, cut + 1)


def _after_boundary(text: str, end: int, cues: Cues) -> int:
    """The start of a name that ends at `end`: after the clause start and the last boundary word."""
    start = _clause_before(text, end)
    chunk = text[start:end]
    cut = max((chunk.rfind(w) + len(w) for w in cues.boundaries + cues.clause_verbs if w in chunk), default=0)
    return start + cut


# --- contests ------------------------------------------------------------------------


def _division_starts(text: str, lo: int, hi: int):
    """Runs of full division names in text[lo:hi], earliest first: (start, end)."""
    i = lo
    while i < hi - 2:
        end = i
        while True:
            step = next((L for L in range(9, 2, -1) if end + L <= hi and gz.is_full_name(text[end : end + L])), 0)
            if not step:
                break
            end += step
        if end > i:
            yield i, end
            i = end
        else:
            i += 1


def _contests(text: str, cues: Cues) -> list[Mention]:
    """辽宁省职工技能大赛, 朝阳市第五届职工运动会; not 开展职工技能大赛, 在朝阳市举办职工技能大赛."""
    out = []
    for m in _compiled(_contest_pattern(cues.contest_heads)).finditer(text):
        lo = _clause_before(text, m.start(), 24)
        start = next((s for s, e in _division_starts(text, lo, m.start()) if _contest_modifier(text[e : m.start()], cues)), None)
        if start is not None:
            out.append(_mention(text, start, m.end(), text[start : m.end()], "programme-name-contest"))
    return out


@cache
def _contest_pattern(heads: tuple[str, ...]) -> str:
    return rf"(?:{_alt(heads)})"


def _contest_modifier(rest: str, cues: Cues) -> bool:
    """What may stand between a division and a contest head: an edition, a year, a short
    descriptor; no organiser (青岛市人社局技能大赛) and no verb (北京市总工会举办职工技能大赛)."""
    rest = rest[_EDITION.match(rest).end() :]
    if len(rest) > 10 or not re.fullmatch(r"[\u4e00-\u9fff]*", rest) or _STOP.search(rest):
        return False
    return not re.search(r"[局委厅部办会院司]", rest) and not any(v in rest for v in cues.clause_verbs)


@cache
def _cup_pattern(heads: tuple[str, ...]) -> str:
    return rf"杯[\u4e00-\u9fff0-9]{{0,30}}?(?:{_alt(heads)})"


def _cups(text: str, cues: Cues) -> list[Mention]:
    """振兴杯全国青年职业技能大赛: an unquoted cup opens the contest's name."""
    out = []
    if "杯" not in text:
        return out
    for m in _compiled(_cup_pattern(cues.cup_heads)).finditer(text):
        start = _after_boundary(text, m.start(), cues)
        cup = text[start : m.start()]
        if not 2 <= len(cup) <= 6 or not re.fullmatch(r"[\u4e00-\u9fff]+", cup) or _STOP.search(m.group()):
            continue
        out.append(_mention(text, start, m.end(), text[start : m.end()], "programme-name-cup"))
    return out


# --- lines, software, sites -----------------------------------------------------------


def _hotlines(text: str, cues: Cues) -> list[Mention]:
    """12351工会服务职工热线平台; not 2024年以来的热线 (a year or a count is no number name)."""
    return [
        _mention(text, m.start(), m.end(), m.group(), "programme-name-hotline")
        for m in _compiled(_hotline_pattern(cues.hotline_heads)).finditer(text)
        if not _STOP.search(m.group())
    ]


@cache
def _hotline_pattern(heads: tuple[str, ...]) -> str:
    """Three to six digits, not after a digit, 第 or a point, then a short name and a head.

    The first digit comes first and what stands before it is checked after it (a lookbehind
    over two characters): (?<![0-9第.])[0-9]{3,6} as [0-9](?<![0-9第.].)[0-9]{2,5}, so that
    the regex engine skips to digits at once instead of trying every position.
    """
    return (rf"[0-9](?<![0-9第.].)[0-9]{{2,5}}(?![0-9年月日号万亿余多个名人家次元项条场期所座户件位天届周岁])"
            rf"[\u4e00-\u9fff]{{0,12}}?(?:{_alt(heads)})")


@cache
def _app_tail_pattern(fillers: tuple[str, ...], heads: tuple[str, ...]) -> str:
    return rf"[\u4e00-\u9fff]{{0,2}}?(?:{_alt(fillers)}){{0,3}}(?:{_alt(heads)})"


# one to four letters, written as a letter then up to three more: a pattern that opens with
# a character class lets the regex engine skip to letters at once, one that opens with a
# repeat is tried at every position
_LATIN = re.compile(r"[A-Za-z][A-Za-z]{0,3}")


def _apps(text: str, cues: Cues) -> list[Mention]:
    """A mixed-script brand and its software: 凌钢e家手机培训软件 (not 手机APP)."""
    out = []
    tail = _compiled(_app_tail_pattern(cues.app_fillers, cues.app_heads))
    for m in _LATIN.finditer(text):
        if m.group() in cues.app_heads or (m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()):
            continue
        if len(m.group()) > 1 and m.group().isupper():  # an acronym (AI, VR) describes, a brand letter (e, i) names
            continue
        t = tail.match(text, m.end())
        if not t:
            continue
        start = _after_boundary(text, m.start(), cues)
        brand = text[start : m.start()]
        if not 2 <= len(brand) <= 4 or brand in cues.generic_names or not re.fullmatch(r"[\u4e00-\u9fff]+", brand):
            continue
        out.append(_mention(text, start, t.end(), text[start : t.end()], "programme-name-app"))
    return out


def _sites(text: str, cues: Cues) -> list[Mention]:
    """A name that opens its clause or follows a boundary word, before 服务网/APP: 在江苏教科技服务网推出."""
    out = []
    for m in _compiled(_contest_pattern(cues.site_heads)).finditer(text):
        start = _after_boundary(text, m.start(), cues)
        name = text[start : m.start()]
        if not 3 <= len(name) <= 8 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
            continue
        if name.startswith(tuple(cues.generic_names)) or _STOP.search(name):
            continue
        out.append(_mention(text, start, m.end(), text[start : m.end()], "programme-name-site"))
    return out


# --- formulas and quotes ----------------------------------------------------------------


def _head(text: str, end: int, heads: tuple[str, ...], room: int = 10) -> str:
    """A short modifier and one of `heads` right after `end`, or '' (also when a verb intervenes)."""
    m = _head_pattern(heads, room).match(text, end)
    if not m or _STOP.search(m.group()) or any(v in m.group() for v in load_cues().clause_verbs):
        return ""
    return m.group()


@cache
def _head_pattern(heads: tuple[str, ...], room: int) -> re.Pattern:
    return re.compile(rf"[\u4e00-\u9fff]{{0,{room}}}?(?:{_alt(heads)})")


def _formula_quotes(text: str, cues: Cues) -> list[Mention]:
    """“工会+培训”, “工会+法院”劳动争议多元调解中心, “普惠+特殊”服务形式."""
    out = []
    if "+" not in text:
        return out  # every formula holds one
    for m in _QUOTE.finditer(text):
        content = m.group(1)
        if "+" not in content or content.endswith("+") or content.startswith("+"):
            continue
        head = _head(text, m.end(), cues.formula_heads)
        union = content.startswith("工会+") and content.count("+") == 1
        if head or union:
            out.append(_mention(text, m.start(1), m.end(1), content + head, "programme-name-formula"))
    return out


def _numeral_systems(text: str, cues: Cues) -> list[Mention]:
    """A numeral formula before a system head: 五位一体的职工技能提升体系 -> 五位一体."""
    out = []
    for m in _FORMULA.finditer(text):
        end = m.end() + (1 if text[m.end() : m.end() + 1] in "”’" else 0)
        linked = text.startswith("的", end)
        head = _head(text, end + linked, cues.system_heads)
        # one numeral repeated is a per-unit policy (一企一策, 一对一帮扶机制), not a system's name
        if not head or len(set(re.findall(f"[{_NUM}]", m.group(1)))) < 2:
            continue
        # the head joins the name only when it follows at once: 三位一体服务模式, but 五位一体的…体系
        name = m.group(1) if linked else m.group(1) + head
        out.append(_mention(text, m.start(1), m.end(), name, "programme-name-numeral"))
    return out


def _quote_heads(text: str, cues: Cues) -> list[Mention]:
    """A quote joined to a head the quote finder lacks: ‘X’爱情专列, “X”济南市…集体婚礼, “爱情专列”."""
    out = []
    if not _any_word(cues.quote_heads).search(text):
        return out  # both shapes end in a head written in the text
    for m in _QUOTE.finditer(text):
        content = m.group(1)
        head = _head(text, m.end(), cues.quote_heads, room=12)
        if head:
            out.append(_mention(text, m.start(1), m.end(1), content + head, "programme-name-quote-head"))
        elif len(content) >= 4 and content.endswith(cues.quote_heads):
            out.append(_mention(text, m.start(1), m.end(1), content, "programme-name-quote-own-head"))
    return out


@cache
def _cojoined_pattern(heads: tuple[str, ...]) -> str:
    return rf"暨([\u4e00-\u9fff]{{3,14}}?)(?:{_alt(heads)})(?![中室站部基者])"


def _cojoined(text: str, cues: Cues) -> list[Mention]:
    """An event co-titled after 暨 with a quoted name: “X”七夕相亲大会暨海右青年人才交友活动
    (a co-title shares the naming of the event it joins; 知识竞赛暨应急演练活动 is none)."""
    out = []
    if "暨" not in text:
        return out
    for m in _compiled(_cojoined_pattern(cues.cojoined_heads)).finditer(text):
        modifier = m.group(1)
        if not re.search(r"[”’]", text[_clause_before(text, m.start(), 40) - 1 : m.start()]):
            continue
        if _STOP.search(modifier) or modifier.startswith(cues.generic_modifiers + tuple(cues.generic_names)):
            continue
        out.append(_mention(text, m.start(1), m.end(), text[m.start(1) : m.end()], "programme-name-cojoined"))
    return out


def _again(text: str, found: list[Mention]) -> list[Mention]:
    """Other uses of a formula name found once (the headline's “五位一体”, a later “工会+培训”)."""
    out = []
    forms = {m.text: m.name for m in found if m.rule in ("programme-name-formula", "programme-name-numeral")}
    taken = {(m.start, m.end) for m in found}
    for form, name in forms.items():
        if len(form) < 4:
            continue
        for start in _find_all(text, form):
            if (start, start + len(form)) not in taken:
                out.append(_mention(text, start, start + len(form), name, "programme-name-again"))
    return out


def find_named_programmes(article: Article) -> list[Mention]:
    """Programmes named by a shape: a division's contest, a numbered line, a brand's app,
    a formula, a quote joined to an event head, an event co-titled after 暨.

    >>> from kg.model import Article
    >>> text = "连续包揽辽宁省职工技能大赛状元,依托12351工会服务职工热线平台,开展职工技能大赛。"
    >>> [m.name for m in find_named_programmes(Article("a", "s", 0, "", text))]
    ['辽宁省职工技能大赛', '12351工会服务职工热线平台']
    """
    text = article.text
    cues = load_cues()
    found: list[Mention] = []
    for rule in (_contests, _cups, _hotlines, _apps, _sites, _formula_quotes, _numeral_systems, _quote_heads, _cojoined):
        found += rule(text, cues)
    found += _again(text, found)
    return sorted(set(found), key=lambda m: (m.start, m.end, m.name))
