"""Programme mentions: named initiatives, usually a quoted proper name.

A quote names a programme when a head noun follows it (“学讲用”考评激励机制), when
it ends in one itself (“雏雁行动”, “环卫工人关爱月”), when a launch verb introduces
it (开展“队网合一”) or follows it (“X”上线), when a numbered edition opens it
(第三届“X”), when it is a combined method (“A+B”相结合的模式), when it titles an event
(在“X”的直播活动中) or when it stands in apposition to a head (工作品牌——“新音台”).
Quoted slogans (“深扎根”, “出圈”) have none of these. Unquoted names are taken only
for nationwide programmes (金秋助学, 职工夜校), for X行动/X计划/X工程/X班 right after a
launch verb or a clause boundary, for long X活动/X专班 right after a launch verb or a
dash, and for studios named after a person (何成劳模和工匠人才创新工作室). A quoted
honour title (“X示范户”) is not a programme, but its 选树活动 is. Cue words live in
`kg/data/programmes.json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Article, EntityType, Mention
from .honours import honour_title
from .people import _find_all, plausible_name, word_bounds

_OPEN, _CLOSE = "“‘", "”’"
# a quote without clause punctuation, or a two-part slogan name: “爱心助学,筑梦前行”
_QUOTE = re.compile(r"[“‘]([^“”‘’，。！？；：,!?;:\n]{2,26}|[\u4e00-\u9fff]{2,8}[,，][\u4e00-\u9fff]{2,8})[”’]")


@dataclass(frozen=True)
class Cues:
    heads: tuple[str, ...]
    launch_verbs: tuple[str, ...]
    unquoted_heads: tuple[str, ...]
    unquoted_boundaries: tuple[str, ...]
    stop_quotes: frozenset[str]
    generic_modifiers: tuple[str, ...]
    known: dict[str, str]  # surface form -> canonical name
    own_heads: tuple[str, ...] = ()
    verb_heads: tuple[str, ...] = ()
    after_verbs: tuple[str, ...] = ()
    strict_unquoted_heads: tuple[str, ...] = ()
    head_not_opened_by: tuple[str, ...] = ()


@cache
def load_cues() -> Cues:
    """The programme cue lists, read once from kg/data.

    >>> load_cues().known["夜校"]
    '职工夜校'
    """
    raw = json.loads((resources.files("kg") / "data" / "programmes.json").read_text(encoding="utf-8"))
    longest = lambda ws: tuple(sorted(set(ws), key=lambda w: (-len(w), w)))
    known = {}
    for entry in raw["known"]:
        for form in [entry["name"], *entry["aliases"]]:
            known[form] = entry["name"]
    return Cues(
        heads=longest(raw["heads"]),
        launch_verbs=longest(raw["launch_verbs"]),
        unquoted_heads=longest(raw["unquoted_heads"]),
        unquoted_boundaries=longest(raw["unquoted_boundaries"]),
        stop_quotes=frozenset(raw["stop_quotes"]),
        generic_modifiers=tuple(raw["generic_modifiers"]),
        known=known,
        own_heads=longest(raw["own_heads"]),
        verb_heads=longest(raw["verb_heads"]),
        after_verbs=longest(raw["after_verbs"]),
        strict_unquoted_heads=longest(raw["strict_unquoted_heads"]),
        head_not_opened_by=longest(raw["head_not_opened_by"]),
    )


@cache
def _head_after(verb: bool = False) -> re.Pattern:
    """A short modifier and a head noun right after a closing quote: 考评激励机制, 服务品牌."""
    cues = load_cues()
    heads = "|".join(map(re.escape, sorted(cues.heads + (cues.verb_heads if verb else ()), key=lambda w: (-len(w), w))))
    return re.compile(rf"(?:[\u4e00-\u9fffA-Za-z]{{0,10}}?)(?:{heads})(?!的)")


def head_after(text: str, end: int, *, verb: bool = False) -> str:
    """The head phrase that follows a closing quote at `end`, or ''; with `verb` (a launch
    verb opens the quote) heads such as 队伍 count too.

    >>> head_after("“学讲用”考评激励机制,通过", 5), head_after("“过来人”的真实经历", 5)
    ('考评激励机制', '')
    >>> head_after("“天山工匠”建立工作室", 6), head_after("“天山工匠”创新工作室", 6)
    ('', '创新工作室')
    """
    m = _head_after(verb).match(text, end)
    if not m or _NOT_HEAD.search(m.group()) or m.group().startswith(load_cues().head_not_opened_by):
        return ""
    return m.group()


# a verb or function word inside what follows a quote: a clause, not a head phrase
_NOT_HEAD = re.compile(r"[的了和与等是在写进办让把为给到被使对向搭]")


def _verb_before(text: str, start: int, cues: Cues) -> bool:
    """A launch verb at most two characters before an opening quote: 开展免费“…”."""
    before = text[max(0, start - 8) : start]
    if not _CLAUSE_MARKS.isdisjoint(before[-2:]):
        return False
    n, verbs = len(before), cues.launch_verbs  # ends at most two characters before the quote
    return before.endswith(verbs) or before.endswith(verbs, 0, n - 1) or before.endswith(verbs, 0, n - 2)


_CLAUSE_MARKS = frozenset("，。,；;“”")


class _Quotes:
    """The quotes of one article, with the launch verb before and the head after each
    worked out once: the programme rules and the naming step both ask."""

    def __init__(self, text: str, cues: Cues):
        self.text = text
        self.cues = cues
        self.matches = list(_QUOTE.finditer(text))
        # words some cues cannot do without: an article without them skips those cues
        self.has_cup, self.has_edition, self.has_combined = "杯" in text, "届" in text, "相结合的" in text
        self._verbs: dict[int, bool] = {}
        self._heads: dict[tuple[int, bool], str] = {}

    def verb_before(self, start: int) -> bool:
        found = self._verbs.get(start)
        if found is None:
            found = self._verbs[start] = _verb_before(self.text, start, self.cues)
        return found

    def head_after(self, end: int, verb: bool) -> str:
        found = self._heads.get((end, verb))
        if found is None:
            found = self._heads[end, verb] = head_after(self.text, end, verb=verb)
        return found


def _chains(text: str, quotes: list[re.Match]) -> list[list[re.Match]]:
    """Runs of adjacent quotes (“冬送温暖”“夏送清凉”, “A”、“B”) that share their cues.

    >>> t = "开展“冬送温暖”“夏送清凉”、“春送岗位”和“金秋助学”"
    >>> [[m.group(1) for m in chain] for chain in _chains(t, list(_QUOTE.finditer(t)))]
    [['冬送温暖', '夏送清凉', '春送岗位'], ['金秋助学']]
    """
    chains: list[list[re.Match]] = []
    for m in quotes:
        if chains:
            gap = m.start() - chains[-1][-1].end()
            if gap == 0 or (gap == 1 and text[m.start() - 1] == "、"):
                chains[-1].append(m)
                continue
        chains.append([m])
    return chains


# a quote that holds a word: not only marks or spaces
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _quoted(q: _Quotes) -> list[tuple[int, int, str, str, str]]:
    """(start, end, quote content, head, rule) for every quote that names a programme."""
    text, cues = q.text, q.cues
    found = []
    for chain in _chains(text, q.matches):
        first, last = chain[0], chain[-1]
        shared_verb = q.verb_before(first.start())
        shared_head = q.head_after(last.end(), shared_verb)
        for m in chain:
            content = m.group(1)
            if content in cues.stop_quotes or not _WORDY.search(content):
                continue
            head = shared_head if m is last else ""
            cup = _CUP.match(text, m.end()) if q.has_cup else None
            if cup:  # “X”杯…竞赛: the whole contest is the name
                found.append((m.start(), cup.end(), content, cup.group(), "programme-cup"))
            elif honour_title(content):  # “X示范户”选树活动: the quote is the honour, the programme takes the head
                if head:
                    found.append((m.start(), m.end() + len(head), content, head, "programme-honour-head"))
            elif len(chain) > 1 and (shared_head or _listed_kind(text, last.end(), cues)):
                found.append((m.start(), m.end(), content, "", "programme-quote-chain"))
            elif head:
                found.append((m.start(), m.end() + len(head), content, head, "programme-quote-head"))
            elif _own_head(content, cues):
                found.append((m.start(), m.end(), content, "", "programme-quote-own-head"))
            elif ((q.has_edition and _edition(text, m.start())) or _launched_after(text, m.end(), cues)
                  or (q.has_combined and _combined(text, m.end(), cues)) or _of_event(text, m, cues)):
                found.append((m.start(), m.end(), content, "", "programme-quote-cue"))
            elif shared_verb and len(content) >= 3 and "、" not in content and _closes(text, last.end(), len(chain)):
                found.append((m.start(), m.end(), content, "", "programme-quote-verb"))
            elif text[max(0, m.start() - 2) : m.start()] == "——" and text.endswith(cues.heads, 0, m.start() - 2) and len(content) <= 8:
                found.append((m.start(), m.end(), content, "", "programme-quote-apposition"))
    return found


def _own_head(content: str, cues: Cues) -> bool:
    """A quote that ends in a head: “雏雁行动”, “环卫工人关爱月” (not “三个月”)."""
    return len(content) >= 4 and content.endswith(_own_heads()) and not content.endswith("个月")


@cache
def _own_heads() -> tuple[str, ...]:
    """The heads and the own heads of the cue file in one tuple (joined once)."""
    cues = load_cues()
    return cues.heads + cues.own_heads


def _edition(text: str, start: int) -> bool:
    """A numbered edition before the quote names a recurring event: 第三届“会聚良缘 泉城有约”."""
    return _EDITION.search(text[max(0, start - 6) : start]) is not None


_EDITION = re.compile(r"第[0-9一二三四五六七八九十百]+届$")


def _launched_after(text: str, end: int, cues: Cues) -> bool:
    """A launch verb right after the quote ends its clause: ‘乘风破浪的铁娘子’上线,."""
    verb = _after_verb().match(text, end)  # the first of the verbs, longest first, written there
    return verb is not None and _ends_clause(text, verb.end())


@cache
def _after_verb() -> re.Pattern:
    return re.compile("|".join(map(re.escape, load_cues().after_verbs)))


def _combined(text: str, end: int, cues: Cues) -> bool:
    """A combined method named as a mode: “理论培训+体悟实训”相结合的培训新模式."""
    return _combined_pattern().match(text, end, end + 20) is not None


@cache
def _combined_pattern() -> re.Pattern:
    heads = load_cues().heads
    return re.compile(rf"相结合的[\u4e00-\u9fff]{{0,8}}?(?:{'|'.join(map(re.escape, heads))})")


def _of_event(text: str, m: re.Match, cues: Cues) -> bool:
    """A short name before 的 and the event it titles: 在“云游游象州”的旅游扶贫直播活动中."""
    if len(m.group(1)) > 8 or m.start() == 0 or text[m.start() - 1] != "在" or _LISTED.search(m.group(1)):
        return False
    return _EVENT_AFTER.match(text, m.end(), m.end() + 16) is not None


_LISTED = re.compile(r"[、+·\s]")
_EVENT_AFTER = re.compile(r"的[\u4e00-\u9fff]{0,10}?(?:活动|行动|比赛|竞赛|大赛)(?:中|上|里)")


# a contest named after a cup: “巴渝工匠”杯重庆市第十三届…职业技能竞赛
_CUP = re.compile(r"杯[\u4e00-\u9fff0-9]{0,30}?(?:竞赛|大赛|比赛|联赛|锦标赛|挑战赛|运动会)")


def _ends_clause(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in "，。、；：,;:.！!？?\n“‘（(等为…"


def _closes(text: str, end: int, quotes: int) -> bool:
    """A verb-introduced quote must end its clause; a list of them may run on (设计了“A”“B”3条路线)
    but not modify a noun (建立“A”“B”的服务体系)."""
    if text.startswith("的", end):
        return False
    return quotes > 1 or _ends_clause(text, end)


def _listed_kind(text: str, end: int, cues: Cues) -> bool:
    """A list of quotes closed by 等 and a kind noun: “A”“B”等12期课程."""
    return _listed_pattern().match(text, end) is not None


@cache
def _listed_pattern() -> re.Pattern:
    heads = load_cues().heads
    return re.compile(rf"等[0-9一二三四五六七八九十百多余个期项场条门类]*(?:课程|{'|'.join(map(re.escape, heads))})")


def _canonical_names(q: _Quotes, quoted) -> dict[str, str]:
    """One name per quote content in an article: with its head when the text always uses
    the same one (“学讲用”考评激励机制), else bare (“新音台”, “新音台”调研工作)."""
    heads: dict[str, Counter] = {}
    for _, _, content, head, _ in quoted:
        heads.setdefault(content, Counter())[head] += 1
    for m in q.matches:  # uses that no rule took still show the bare name
        if m.group(1) not in heads or honour_title(m.group(1)):
            continue  # a bare “X示范户” is the honour, never the programme
        verb = q.verb_before(m.start())
        if not q.head_after(m.end(), verb) and not _CUP.match(q.text, m.end()):
            heads[m.group(1)][""] += 1
    names = {}
    for content, counts in heads.items():
        if len(counts) == 1 and "" not in counts:
            names[content] = content + next(iter(counts))
        else:
            names[content] = content
    return {content: _known_name(name, load_cues()) for content, name in names.items()}


def _known_name(name: str, cues: Cues) -> str:
    """A known programme's own name for a quoted name that is one of its forms and holds
    it: “金秋助学”活动 is 金秋助学, as the unquoted 金秋助学 in the same article is.

    >>> cues = load_cues()
    >>> _known_name("金秋助学活动", cues), _known_name("雏雁行动", cues)
    ('金秋助学', '雏雁行动')
    """
    known = cues.known.get(name)
    return known if known and known in name else name


def _bare_mentions(q: _Quotes, names: dict[str, str], taken: set[int]) -> list[Mention]:
    """Later quotes of a known programme name that carry no cue of their own: “新音台”创建以来."""
    text, out = q.text, []
    for m in q.matches:
        if m.group(1) in names and not honour_title(m.group(1)) and taken.isdisjoint(range(m.start(), m.end())):
            taken.update(range(m.start(), m.end()))
            out.append(_mention(text, m.start(), m.end(), names[m.group(1)], "programme-quote-again"))
    return out


def _unquoted_again(text: str, names: dict[str, str], taken: set[int]) -> list[Mention]:
    """Unquoted uses of a quoted name of four or more characters, also without the place
    it opens with: 本届环卫工人节 after “福建省环卫工人节”; shorter names (“三述”) are too
    often ordinary words."""
    forms = {c: names[c] for c in names if len(c) >= 4 and not honour_title(c)}
    for content, name in list(forms.items()):  # without its place: 环卫工人节 for “福建省环卫工人节”
        short = _PLACE_PREFIX.sub("", content)
        if short != content and len(short) >= 4:
            forms.setdefault(short, name)
    out = []
    for form in sorted(forms, key=lambda c: (-len(c), c)):
        for start in _find_all(text, form):
            end = start + len(form)
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                out.append(_mention(text, start, end, forms[form], "programme-again"))
    return out


_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市县区]")


def _mention(text: str, start: int, end: int, name: str, rule: str) -> Mention:
    surface = text[start:end].strip(_OPEN + _CLOSE)
    s = start + (1 if text[start] in _OPEN else 0)
    return Mention(surface, EntityType.PROGRAMME, s, s + len(surface), canonical=None if surface == name else name, rule=rule)


def _known(text: str, cues: Cues, taken: set[int]) -> list[Mention]:
    present = {name for form, name in cues.known.items() if form == name and form in text}
    out = []
    if not present:
        return out  # every form below counts only with its full name present
    for form in _known_forms():
        if cues.known[form] not in present:
            continue
        for start in _find_all(text, form):
            end = start + len(form)
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                out.append(_mention(text, start, end, cues.known[form], "programme-known"))
    return out


@cache
def _known_forms() -> tuple[str, ...]:
    """The forms of the known programmes, longest first.

    >>> _known_forms()[-1]
    '夜校'
    """
    return tuple(sorted(load_cues().known, key=lambda f: (-len(f), f)))


@cache
def _unquoted_pattern() -> re.Pattern:
    cues = load_cues()
    heads = "|".join(map(re.escape, sorted(cues.unquoted_heads + cues.strict_unquoted_heads, key=lambda w: (-len(w), w))))
    bounds = "|".join(map(re.escape, cues.unquoted_boundaries))
    # a year also closes what precedes a name: 2025年金秋助学行动 (not 年度: 2024年度X计划)
    # a head that opens a longer word does not close a name: 工程师, 计划生育, 行动者
    return re.compile(rf"(?:^|{bounds}|[0-9]年(?:度)?)([\u4e00-\u9fff]{{4,30}}?(?:{heads}))(?![师者生员])")


@cache
def _unquoted_parts() -> tuple[re.Pattern, re.Pattern, int, int]:
    """What `_unquoted_matches` looks for first: any head, any boundary (the pattern's
    opening alternatives but ^), how far before its head a match may start, and how far
    after the start of a head found another may start inside it."""
    cues = load_cues()
    heads = cues.unquoted_heads + cues.strict_unquoted_heads
    head = re.compile("|".join(map(re.escape, sorted(heads, key=lambda w: (-len(w), w)))))
    bound = re.compile("|".join(map(re.escape, cues.unquoted_boundaries)) + "|[0-9]年")
    longest_bound = max([*map(len, cues.unquoted_boundaries), len("0年度")])
    return head, bound, longest_bound, max(map(len, heads)) - 1


def _unquoted_matches(text: str) -> list[re.Match]:
    """What `_unquoted_pattern().finditer(text)` finds, trying only the starts that can match.

    The pattern tries a name of 4 to 30 characters after every boundary, and commas are
    everywhere; but a match opens with ^ or a boundary, and its head starts 4 to 30
    characters (and the boundary) after it. So only the boundaries in the window before
    each head are tried, in order, with matches not overlapping, as finditer does.

    >>> t = "开展帮助环卫工人实现微心愿活动,实施职工技能提升计划。"
    >>> [m.group(1) for m in _unquoted_matches(t)] == [m.group(1) for m in _unquoted_pattern().finditer(t)]
    True
    """
    pattern = _unquoted_pattern()
    head, bound, longest_bound, inside = _unquoted_parts()
    before, after = longest_bound + 30, inside - 4
    out: list[re.Match] = []
    pos, tried = 0, -1  # the end of the last match; the last start tried
    for h in head.finditer(text):
        # a head hidden inside the one found starts at most `inside` characters after it
        lo, hi = max(pos, tried + 1, h.start() - before, 0), h.start() + after
        if hi < lo:
            continue
        starts = [0] if lo == 0 else []  # ^
        for b in bound.finditer(text, lo, hi + longest_bound):
            if b.start() > hi:
                break
            starts.extend(range(b.start(), min(b.end(), hi + 1)))  # a boundary may start inside another
        for start in starts:
            if start >= pos and (m := pattern.match(text, start)):
                out.append(m)
                pos = m.end()
        tried = hi
    return out


def _unquoted(text: str, cues: Cues, taken: set[int]) -> list[Mention]:
    out = []
    for m in _unquoted_matches(text):
        name = m.group(1)
        # an organiser or a launch verb before the name is not part of it: 全国总工会新就业形态…行动
        cut = max((name.rfind(w) + len(w) for w in ("总工会", "工会", *cues.unquoted_boundaries) if w in name[:-2]), default=0)
        name, start = name[cut:], m.start(1) + cut
        if len(name) < 6:
            continue
        head = max((h for h in cues.unquoted_heads + cues.strict_unquoted_heads if name.endswith(h)), key=len)
        modifier = name[: -len(head)]
        # after a dash the name is an apposition and may join two nouns: ——职工学历和技能专班
        dash = cut == 0 and m.group().startswith("—")
        if len(modifier) < 4 or (_NOT_MODIFIER_AFTER_DASH if dash else _NOT_MODIFIER).search(modifier):
            continue
        if modifier.startswith(cues.generic_modifiers) and len(modifier) < 6:
            continue
        if head in cues.strict_unquoted_heads and not _strict_ok(m, cut, modifier, dash, cues):
            continue
        if taken.isdisjoint(range(start, m.end(1))):
            taken.update(range(start, m.end(1)))
            out.append(_mention(text, start, m.end(1), name, "programme-unquoted"))
    return out


# function words and a body (市总) are no part of a modifier; nor, but after a dash, 和/与
_NOT_MODIFIER_AFTER_DASH = re.compile(r"[的了是在等将对为把这该年]|[省市区县]总")
_NOT_MODIFIER = re.compile(r"[的了是在等将对为把这该年]|[省市区县]总|[和与]")


def _strict_ok(m: re.Match, cut: int, modifier: str, dash: bool, cues: Cues) -> bool:
    """活动/专班 close a name only after a launch verb or a dash, behind a long specific
    modifier: 开展帮助环卫工人实现微心愿活动, not 开展各类健康服务活动."""
    bound = m.group()[: m.start(1) - m.start()] if cut == 0 else m.group(1)[:cut]
    launched = bound.endswith(cues.launch_verbs)
    return (dash or launched) and len(modifier) >= 8 and not modifier.startswith(cues.generic_modifiers)


_STUDIO = re.compile(r"([\u4e00-\u9fff]{2,4}?)((?:劳模|工匠|技能大师|大师|职工|首席技师)[\u4e00-\u9fff]{0,10}?工作室)")


def _studios(text: str, taken: set[int]) -> list[Mention]:
    """Studios named after a person: 何成劳模和工匠人才创新工作室 (not 7家劳模创新工作室)."""
    out = []
    if "工作室" not in text:
        return out  # every match ends in it; the pattern would try every character
    for m in _STUDIO.finditer(text):
        person = m.group(1)
        start = m.start(1)
        bounds = word_bounds(text[max(0, start - 6) : m.end(1)])
        offset = min(6, start)
        # the name part must itself look like a full personal name and start a word
        for cut in range(len(person) - 3, len(person) - 1):
            if cut >= 0 and plausible_name(person[cut:]) and offset + cut in bounds:
                start = m.start(1) + cut
                break
        else:
            continue
        if taken.isdisjoint(range(start, m.end())):
            taken.update(range(start, m.end()))
            out.append(_mention(text, start, m.end(), text[start : m.end()], "programme-studio"))
    return out


def find_programmes(article: Article) -> list[Mention]:
    """Programme mentions in an article.

    >>> from kg.model import Article
    >>> text = "市总建立“学讲用”考评激励机制,开展‘雏雁行动’,助力他们“深扎根”“稳增长”。"
    >>> [m.name for m in find_programmes(Article("a", "s", 0, "", text))]
    ['学讲用考评激励机制', '雏雁行动']
    """
    text = article.text
    cues = load_cues()
    q = _Quotes(text, cues)
    quoted = _quoted(q)
    names = _canonical_names(q, quoted)
    taken: set[int] = set()
    found = []
    for start, end, content, head, rule in quoted:
        taken.update(range(start, end))
        if rule == "programme-honour-head":  # the quote is an honour's span: the head alone is the surface
            found.append(_mention(text, end - len(head), end, content + head, rule))
            continue
        # the span is the quote alone, so its bare name becomes an alias of the headed name
        found.append(_mention(text, start, start + len(content) + 2, names[content], rule))
    found += _bare_mentions(q, names, taken)
    found += _known(text, cues, taken)
    found += _studios(text, taken)
    found += _unquoted(text, cues, taken)
    found += _unquoted_again(text, names, taken)
    return sorted(found, key=lambda m: (m.start, m.end))
