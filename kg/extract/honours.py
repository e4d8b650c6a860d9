"""Honour mentions: national and provincial titles found by pattern.

全国劳动模范 / 广东省五一劳动奖章 (a level prefix and a title), short forms mapped
to full ones (全国劳模 -> 全国劳动模范), regional craftsman titles (新疆工匠年度人物,
津门工匠, 大国工匠), talent titles (“天山英才”), achievement awards (“五小”优秀成果奖)
titles for bodies (全国爱心托育用人单位), and titles named by their head noun
(产业脱贫示范户, 环卫抗疫先锋) when quoted, before 称号 or after an award verb
(表彰了, 评为). Patterns live in `kg/data/honours.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Article, EntityType, Mention
from . import finditer_near
from .people import _find_all

_BEFORE = ",;:、，。：；“”‘’（）()\n 的为是获被当选评授予荣获成"


@dataclass(frozen=True)
class Patterns:
    titled: re.Pattern
    craftsman: re.Pattern
    talent: re.Pattern
    award: re.Pattern
    unit: re.Pattern
    titles: dict[str, str]
    craftsman_stop: tuple[str, ...]
    talent_stop: tuple[str, ...]
    after_stop: tuple[str, ...]
    title_heads: tuple[str, ...] = ()
    title_stop: tuple[str, ...] = ()
    awarded: re.Pattern | None = None
    quote_award_verbs: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()  # what every `titled` match holds: a title or a bare title
    level_max: int = 0  # the longest level before a title: a `titled` match starts at most this far before its title


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


@cache
def load_patterns() -> Patterns:
    """The honour patterns, compiled once from kg/data/honours.json.

    >>> load_patterns().titles["劳模"]
    '劳动模范'
    """
    raw = json.loads((resources.files("kg") / "data" / "honours.json").read_text(encoding="utf-8"))
    provinces = _alt(raw["provinces"])
    # 全国, 广东省, 广东, 马鞍山市, or a bare 省/市 after a boundary (被评为省劳动模范)
    bare_level = rf"(?<=[{re.escape(_BEFORE)}])[省市]"
    level = rf"(?:{_alt(raw['level_prefixes'])}|(?:{provinces})(?:省|市|自治区)?|(?:(?![为被评获是选的和与会、])[\u4e00-\u9fff]){{2,3}}(?:省|市)(?![总级])|{bare_level})"
    titles = _alt(raw["titles"])
    return Patterns(
        titled=re.compile(rf"(?<![省市])({level})({titles})|(?<![省市级国])({_alt(raw['bare_titles'])})"),
        craftsman=re.compile(r"([\u4e00-\u9fff]{2,4}?)工匠(年度人物)?"),
        talent=re.compile(r"[“]?([\u4e00-\u9fff]{2,4})英才[”]?"),
        award=re.compile(r"(省级|市级|全国)?[“]?([\u4e00-\u9fff]{2,4})[”]?(优秀成果奖)"),
        unit=re.compile(rf"(?:{_alt(raw['unit_levels'])})([\u4e00-\u9fff]{{2,8}}?)({_alt(raw['unit_heads'])})"),
        titles=dict(raw["titles"]),
        craftsman_stop=tuple(raw["craftsman_stop"]),
        talent_stop=tuple(raw["talent_stop"]),
        after_stop=tuple(raw["after_stop"]),
        title_heads=tuple(sorted(raw["title_heads"], key=lambda w: (-len(w), w))),
        title_stop=tuple(raw["title_stop"]),
        quote_award_verbs=tuple(raw["quote_award_verbs"]),
        title_words=tuple(raw["titles"]) + tuple(raw["bare_titles"]),
        # the level alternatives: a prefix, a province with 省/市/自治区, two or three characters and 省/市, a bare 省/市
        level_max=max([*map(len, raw["level_prefixes"]), *(len(p) + len("自治区") for p in raw["provinces"]), 3 + 1, 1]),
        awarded=re.compile(rf"(?:{_alt(raw['award_verbs'])})([\u4e00-\u9fff]{{2,10}}?(?:{_alt(raw['title_heads'])}))"),
    )


@cache
def _title_word(words: tuple[str, ...]) -> re.Pattern:
    """Any of `words`, as one pattern: whether a text holds one is a single search."""
    return re.compile("|".join(map(re.escape, words)))


def _titled(text: str, p: Patterns):
    # the pattern would try every character as a level: try only the starts near a title
    # (a title hidden inside a longer one found starts before that one ends)
    anchors = [m.start() for m in _title_word(p.title_words).finditer(text)]
    if not anchors:
        return
    longest = max(map(len, p.title_words))
    for m in finditer_near(p.titled, text, anchors, p.level_max, longest - 1):
        if m.group(3):
            yield m.start(), m.end(), m.group(3), "honour-bare"
            continue
        level, title = m.group(1), m.group(2)
        if re.search(r"[和与的、会]", level):
            continue  # 工会和市劳动模范: a clause, not a level
        if title == "劳模" and text.startswith(("创新", "工匠", "精神"), m.end()):
            continue  # 劳模创新工作室, 劳模精神: a modifier, not the title
        yield m.start(), m.end(), level + p.titles[title], "honour-title"


def _craftsmen(text: str, p: Patterns):
    if "工匠" not in text:
        return  # every match holds it; the pattern would try every character
    # every match holds 工匠 two to four characters after its start: try only those starts
    for m in finditer_near(p.craftsman, text, _find_all(text, "工匠"), 4, -2):
        # the prefix is the shortest run that starts after a boundary: 、新疆工匠
        for k in range(len(m.group(1)) - 2, -1, -1):
            prefix = m.group(1)[k:]
            s = m.start(1) + k
            if s == 0 or text[s - 1] in _BEFORE:
                break
        else:
            continue
        if prefix.startswith(p.craftsman_stop) or prefix.endswith(p.craftsman_stop):
            continue
        # a closing quote may stand between: “齐鲁工匠”杯, “龙城工匠”技能比武
        if not m.group(2) and text[m.end() : m.end() + 1 + max(map(len, p.after_stop))].lstrip("”’").startswith(p.after_stop):
            continue
        yield s, m.end(), text[s : m.end()], "honour-craftsman"


def _talents(text: str, p: Patterns):
    if "英才" not in text:
        return
    for m in p.talent.finditer(text):
        name = m.group(1)
        s = m.start(1)
        if text[m.start()] != "“" and not (s == 0 or text[s - 1] in _BEFORE):
            continue
        if name.startswith(p.talent_stop) or text.startswith(p.after_stop, m.end(1) + 2):
            continue
        yield s, m.end(1) + 2, name + "英才", "honour-talent"


def _awards(text: str, p: Patterns):
    if "优秀成果奖" not in text:
        return
    # a level (2), a quote mark, two to four characters and a quote mark before the award
    for m in finditer_near(p.award, text, _find_all(text, "优秀成果奖"), 8, -2):
        name = m.group(2) + m.group(3)
        yield m.start(), m.end(), name, "honour-award"


def _units(text: str, p: Patterns):
    if "全" not in text:
        return  # every scope opens with it (全国, 全区): most texts need no search
    for m in p.unit.finditer(text):
        if re.search(r"[的各等和与、]", m.group(1)):
            continue
        yield m.start(), m.end(), m.group(), "honour-unit"


# a quoted title, alone or in a list closed by 称号: “就业创业示范户”“热心公益示范户”和“孝老敬老示范户”称号
_QUOTED = re.compile(r"“([^“”，。！？；：,!?;:、·\s]{2,14})”")
_LIST_JOIN = ("", "、", "和", "及", "与", "以及")
_LONGEST_JOIN = max(map(len, _LIST_JOIN))


@cache
def _not_title_after(after_stop: tuple[str, ...]) -> tuple[str, ...]:
    """What after a quote makes it a theme or a cup, not a title: 为主题, 杯, and the words after no title."""
    return ("为主题", "杯", *after_stop)
_TITLE_AFTER = re.compile(r"(?:荣誉)?称号")


@cache
def honour_title(name: str) -> bool:
    """Whether a phrase names a title by its head noun, with a specific modifier.

    >>> [honour_title(n) for n in ("产业脱贫示范户", "环卫抗疫先锋", "先进个人", "优秀标兵", "齐鲁工匠精神")]
    [True, True, False, False, False]
    """
    p = load_patterns()
    head = next((h for h in p.title_heads if name.endswith(h)), None)
    if head is None or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    modifier = name[: -len(head)]
    stop = p.title_stop + (p.craftsman_stop if head == "工匠" else ())
    return 2 <= len(modifier) <= 10 and not modifier.startswith(stop) and not re.search(r"[的了和与等是在]", modifier)


def _quoted_titles(text: str, p: Patterns):
    """Quoted titles: one that ends in a title head, any quote of a list closed by 称号,
    or a list right after an award verb (被评为“最美环卫工人”)."""
    quotes = list(_QUOTED.finditer(text))
    runs: list[list[re.Match]] = []
    for m in quotes:
        gap = m.start() - runs[-1][-1].end() if runs else _LONGEST_JOIN + 1
        if gap <= _LONGEST_JOIN and text[m.start() - gap : m.start()] in _LIST_JOIN:
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        titled = _TITLE_AFTER.match(text, run[-1].end()) is not None
        titled = titled or text.endswith(p.quote_award_verbs, 0, run[0].start())
        for m in run:
            if text.startswith(_not_title_after(p.after_stop), m.end(), m.end() + 4):
                continue
            if titled or honour_title(m.group(1)):
                yield m.start(1), m.end(1), m.group(1), "honour-quoted"


def _awarded_titles(text: str, p: Patterns):
    """Unquoted titles right after an award verb: 活动表彰了环卫抗疫先锋."""
    for m in p.awarded.finditer(text):
        name = m.group(1)
        if honour_title(name) and not text.startswith(p.after_stop, m.end(1)):
            yield m.start(1), m.end(1), name, "honour-awarded"


def _again(text: str, names: set[str], taken: set[int]):
    """Later uses of a title of four or more characters found by a cue elsewhere:
    环卫抗疫先锋代表讲述 (not “十佳”, too often an ordinary word)."""
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for start in _find_all(text, name):
            if taken.isdisjoint(range(start, start + len(name))):
                yield start, start + len(name), name, "honour-again"


def _in_title(text: str, start: int) -> bool:
    """Inside 《…》, a book or document title: 《大国工匠人物传》."""
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


def find_honours(article: Article) -> list[Mention]:
    """Honour mentions in an article.

    >>> from kg.model import Article
    >>> text = "全国劳动模范、全国五一劳动奖章、新疆工匠年度人物……当选全国劳模,厚植工匠文化"
    >>> [m.name for m in find_honours(Article("a", "s", 0, "", text))]
    ['全国劳动模范', '全国五一劳动奖章', '新疆工匠年度人物', '全国劳动模范']
    """
    text = article.text
    p = load_patterns()
    found = []
    taken: set[int] = set()
    spans = [*_titled(text, p), *_awards(text, p), *_units(text, p), *_talents(text, p), *_craftsmen(text, p)]
    spans += [*_quoted_titles(text, p), *_awarded_titles(text, p)]
    for start, end, name, rule in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if _in_title(text, start):
            continue
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            surface = text[start:end]
            found.append(
                Mention(surface, EntityType.HONOUR, start, end, canonical=None if surface == name else name, rule=rule)
            )
    cued = {m.name for m in found if m.rule in ("honour-quoted", "honour-awarded") and len(m.name) >= 4}
    for start, end, name, rule in _again(text, cued, taken):
        if not _in_title(text, start):
            taken.update(range(start, end))
            found.append(Mention(name, EntityType.HONOUR, start, end, rule=rule))
    return sorted(found, key=lambda m: (m.start, m.end))
