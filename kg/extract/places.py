"""Place mentions: administrative divisions (full and short forms), towns and
villages, countries, and named zones used as places.

Divisions come from the gazetteer; a short form must stand as a word of its own
(jieba token boundaries), so 江门 in 浙江门户 is no place. Short forms that are
everyday words (和平, 日照) need the article to name the division or a place
around it, and shared short forms (吉林) resolve by the article's other places.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache

from .. import gazetteer as gz
from ..model import Article, EntityType, Mention
from ..text import longest_alternation
from . import lexicon as lex

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = gz.place_words()
# characters that never sit inside a town, village or zone name: function words, level words
_STOP = set(_WORDS["name_stop_chars"])
# an abbreviation counts only right after one of these (在鄂, 赴京, 援疆) and before a boundary or one of these
_ABBR_BEFORE, _ABBR_AFTER = set(_WORDS["abbr_before"]), set(_WORDS["abbr_after"])
# district stems that are only a direction (城西, 河东, 江北, 市中)
_GENERIC_DISTRICT = re.compile(_WORDS["generic_district_pattern"])
# words that a division's suffix may open: 合作|市场, 资源|区域
_SUFFIX_WORDS = set(_WORDS["suffix_words"])
_NOT_AFTER_COUNTRY = set(_WORDS["not_after_country"])  # 朝鲜族, 俄语, 印度洋: a people, language or ocean
_HEADS = "|".join(_WORDS["town_heads"])
_TOWN = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?)({_HEADS})")
_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,4}?)村")
_TOWN_BEFORE_ORG = re.compile(rf"([\u4e00-\u9fff]{{2,3}})({_HEADS})(?={'|'.join(_WORDS['town_bodies'])})")
# the head and body every _TOWN_BEFORE_ORG match holds: found fast (it opens with a literal)
_TOWN_HEAD_BODY = re.compile(rf"(?:{_HEADS})(?:{'|'.join(_WORDS['town_bodies'])})")
_GENERIC_TOWNS = set(_WORDS["generic_towns"])
_NOT_AFTER_VILLAGE = set(_WORDS["not_after_village"])  # 村民, 村庄: the 村 starts another word
_VILLAGE_END = re.compile(rf"$|[^\u4e00-\u9fff]|[的和与及在是为等]|{'|'.join(_WORDS['village_bodies'])}")
_GENERIC_VILLAGES = set(_WORDS["generic_villages"])
_LIST_END = "的等"
_LIST_ITEM = re.compile(rf"(?<=、)[\u4e00-\u9fff]{{2,4}}(?=、|[{_LIST_END}])")
_CLAUSE = re.compile(r"[^，,。；;:：！？\n]+")
_COMMUNITY = re.compile(r"([\u4e00-\u9fff]{2,4}?)社区")
_COMMUNITY_BEFORE_ORG = re.compile(rf"社区(?={'|'.join(_WORDS['community_bodies'])})")
# what makes X社区 a kind of community rather than its name (城市社区, 老旧社区)
_GENERIC_COMMUNITY_WORDS = set(_WORDS["generic_community_words"])
# zone heads, longest first; the bare ones may follow a division directly (青岛高新区)
_ZONE_HEADS = tuple(sorted(_WORDS["zone_heads"], key=len, reverse=True))
_BARE_ZONE = set(_WORDS["bare_zone_heads"])
# zones run like a district (包头市北梁新区): named without the city written in full before them
_DISTRICT_ZONE = set(_WORDS["district_zone_heads"])
_ZONE = re.compile(longest_alternation(_ZONE_HEADS))
_MAX_ZONE_PROPER = 8
_SHORT_RULES = ("place-short", "place-district-short")
# how common the rest of a jieba token must be for a place to head it (北京|大学, not 长治|久安)
_WORD_FREQ = 50
_EVERYDAY_FREQ = 500  # a word this frequent names a kind, not one place (重点, 示范, 花园)


@lru_cache(maxsize=16)
def _tokens(text: str) -> tuple[tuple[int, int], ...]:
    spans, pos = [], 0
    for tok in lex.cut(text):
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    return tuple(spans)


@cache
def _run_chars() -> re.Pattern[str]:
    """jieba's re_han_default: it segments each maximal run of these characters on its own,
    so the tokens around a position come from segmenting only the run that holds it."""
    import jieba

    return jieba.re_han_default


def _run_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the run that holds text[pos], None when text[pos] is in no run.

    >>> _run_at("在湖北襄阳,举行", 2), _run_at("在湖北襄阳,举行", 5)
    ((0, 5), None)
    """
    ahead = _run_chars().match(text, pos)
    if ahead is None:
        return None
    return pos - _run_length_before(text, pos), ahead.end()


def _run_length_before(text: str, pos: int) -> int:
    """How many run characters end right before `pos`: a match on the reversed text before
    it, widened while the run fills the window (runs are short; texts are long).

    >>> _run_length_before("a,湖北襄阳", 6), _run_length_before("湖北" * 40, 80), _run_length_before("湖北,", 3)
    (4, 80, 0)
    """
    width = 32
    while True:
        lo = max(0, pos - width)
        back = _run_chars().match(text[lo:pos][::-1])
        n = back.end() if back else 0
        if n < pos - lo or lo == 0:
            return n
        width *= 8


RunTokens = tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]


class _RunsOfOneText:
    """The jieba tokens of the runs of the last text asked about, each run cut once: an
    article asks about the same run for several places (a list of cities is one run).
    Not kept across texts: runs are clauses, which repeat across articles only in
    synthetic corpora.

    >>> runs = _RunsOfOneText()
    >>> t = "湖北襄阳,湖北"
    >>> runs.tokens(t, 0, 4) is runs.tokens(t, 0, 4), runs.tokens(t, 0, 4)[0]
    (True, (0, 2))
    """

    def __init__(self):
        # the text and its runs' tokens, replaced as one: a thread (Dask runs pages in threads)
        # that meets another text keeps filling the table of its own
        self._memo: tuple[str | None, dict[tuple[int, int], RunTokens]] = (None, {})

    def tokens(self, text: str, r0: int, r1: int) -> RunTokens:
        memo = self._memo
        if memo[0] is not text:  # identity, not equality: comparing two articles costs a scan
            memo = self._memo = (text, {})
        cut = memo[1].get((r0, r1))
        if cut is None:
            cut = memo[1][r0, r1] = _run_tokens(text[r0:r1])
        return cut


_RUNS = _RunsOfOneText()


def _run_tokens(run: str) -> RunTokens:
    """The jieba tokens of one run: their starts, their ends, and the set of ends.

    >>> _run_tokens("湖北襄阳举行")
    ((0, 2, 4), (2, 4, 6), frozenset({2, 4, 6}))
    """
    starts, ends, pos = [], [], 0
    for tok in lex.cut(run):
        starts.append(pos)
        pos += len(tok)
        ends.append(pos)
    return tuple(starts), tuple(ends), frozenset(ends)


def _token_at(text: str, pos: int) -> tuple[int, int, int, int, frozenset[int]] | None:
    """The jieba token (a, b) of the whole text that holds text[pos], the start and end of
    its run, and where the run's tokens end (from the run's start); None when pos lies
    outside every run."""
    span = _run_at(text, pos)
    if span is None:
        return None
    r0, r1 = span
    tstarts, tends, tend_set = _RUNS.tokens(text, r0, r1)
    j = bisect_right(tstarts, pos - r0) - 1
    return r0 + tstarts[j], r0 + tends[j], r0, r1, tend_set


def _stands_alone_slow(text: str, start: int, end: int, cuts: frozenset[int]) -> bool:
    tokens = _tokens(text)
    ends = {b for _, b in tokens}
    for a, b in tokens:
        if a == start or (a < start < b and start in cuts):
            if b <= end:
                return end in ends
            rest = text[end:b]
            return len(rest) >= 2 and lex.frequency(rest) >= _WORD_FREQ
    return False


def stands_alone(text: str, start: int, end: int, cuts: frozenset[int] = frozenset()) -> bool:
    """Whether text[start:end] is a word of its own: jieba cuts before it (or `cuts` says a
    place ends there: 上海|浦东 is one jieba token), and after it or where the rest of the
    token is a word too (北京 in 北京大学, not 长治 in 长治久安).

    >>> stands_alone("社会长治久安", 2, 4), stands_alone("浙江门户网站", 1, 3), stands_alone("北京大学", 0, 2)
    (False, False, True)
    >>> stands_alone("上海浦东", 2, 4), stands_alone("上海浦东", 2, 4, frozenset({2}))
    (False, True)
    """
    tok = _token_at(text, start)
    if tok is None or end > tok[3]:
        return _stands_alone_slow(text, start, end, cuts)
    a, b, r0, _, token_ends = tok
    if not (a == start or start in cuts):
        return False
    if b <= end:
        return end - r0 in token_ends
    rest = text[end:b]  # 长白|山 is a mountain, 北京|大学 a university in Beijing
    return len(rest) >= 2 and lex.frequency(rest) >= _WORD_FREQ


@cache
def _surfaces() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """Every surface form -> its kind ('division', 'country', 'abbr', 'district'), and
    per first character the lengths of the forms it opens, longest first."""
    kinds = {name: "division" for name in gz.surface_forms()}
    kinds.update({name: "country" for name in gz.countries()})
    kinds.update({abbr: "abbr" for abbr in gz.province_abbreviations()})
    kinds.update({stem: "district" for stem in gz.district_short_forms() if stem not in kinds})
    lengths: dict[str, set[int]] = {}
    for form in kinds:
        lengths.setdefault(form[0], set()).add(len(form))
    return kinds, {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}


def _scan(text: str) -> list[tuple[int, int, str]]:
    """The longest surface form starting at each position.

    >>> _scan("在鄂北京")
    [(1, 2, 'abbr'), (2, 4, 'division'), (3, 4, 'abbr')]
    """
    kinds = _surfaces()[0]
    pairs, singles = _by_pair()
    get, pair_lengths, size, out = kinds.get, pairs.get, len(text), []
    # most positions _first_chars finds open no form: drop them in one comprehension
    starts = [m.start() for m in _first_chars().finditer(text)]
    opening = [(i, ns) for i in starts if (ns := pair_lengths(text[i : i + 2])) or text[i] in singles]
    for i, lengths in opening:
        for n in lengths or ():  # forms of two or more characters open with the pair
            if i + n <= size and (kind := get(text[i : i + n])):
                out.append((i, i + n, kind))
                break
        else:
            if text[i] in singles:
                out.append((i, i + 1, kinds[text[i]]))
    return out


@cache
def _by_pair() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Per opening pair of characters the lengths of the forms it opens, longest first;
    and the one-character forms."""
    lengths: dict[str, set[int]] = {}
    for form in _surfaces()[0]:
        if len(form) >= 2:
            lengths.setdefault(form[:2], set()).add(len(form))
    singles = frozenset(form for form in _surfaces()[0] if len(form) == 1)
    return {pair: tuple(sorted(ns, reverse=True)) for pair, ns in lengths.items()}, singles


@cache
def _first_chars() -> re.Pattern[str]:
    """Where a form may open: a first character of a longer form before a second one, or a
    one-character form."""
    pairs, singles = _by_pair()

    def chars(cs) -> str:
        return "[" + "".join(re.escape(ch) for ch in sorted(cs)) + "]"

    firsts, seconds = chars({p[0] for p in pairs}), chars({p[1] for p in pairs})
    return re.compile(f"{firsts}(?={seconds})|{chars(singles)}" if singles else f"{firsts}(?={seconds})")


class _Found:
    """A literal occurrence, read like a re.Match (start, end, group)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, text: str):
        self._start, self._end, self._text = start, start + len(text), text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


def _occurrences(word: str, text: str) -> list:
    """The non-overlapping occurrences of `word` in `text`, left to right, as
    re.finditer(re.escape(word), text) finds them, without compiling a pattern.

    >>> [(m.start(), m.end()) for m in _occurrences("村村", "村村村村村")]
    [(0, 2), (2, 4)]
    """
    if not word:
        return list(re.finditer(re.escape(word), text))
    out, i = [], text.find(word)
    while i != -1:
        out.append(_Found(i, word))
        i = text.find(word, i + len(word))
    return out


def _abbr_ok(text: str, start: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[start + 1] if start + 1 < len(text) else ""
    return before in _ABBR_BEFORE and (not _CJK.match(after) or after in _ABBR_AFTER)


def _supported(div: gz.Division, named: set[gz.Division]) -> bool:
    """The article names this division, a division around it, or one in its province."""
    if div in named or not named.isdisjoint(_ancestors(div)):
        return True
    province = gz.province_of(div)
    return any(gz.province_of(n) == province for n in named)


@lru_cache(maxsize=8192)
def _ancestors(div: gz.Division) -> frozenset[gz.Division]:
    """The divisions around `div`, as a set (asked for every short form of every article)."""
    return frozenset(gz.ancestors(div))


@lru_cache(maxsize=8192)
def _ancestor_forms(div: gz.Division) -> tuple[str, ...]:
    """The full and short names of the divisions around `div` (宁夏回族自治区, 宁夏 for 盐池县)."""
    return tuple(f for up in gz.ancestors(div) for f in (up.name, *gz.short_forms(up)))


def word_class(form: str) -> str:
    """'place' when jieba's dictionary knows the form as a place name, 'word' when it
    knows it as something else, 'unknown' when it does not know it.

    >>> word_class("黄陵"), word_class("合作"), word_class("吴忠")
    ('place', 'word', 'unknown')
    """
    if form in lex.words_tagged("ns"):
        return "place"
    return "word" if lex.in_dictionary(form) else "unknown"


def _short_ok(
    form: str,
    div: gz.Division,
    named: set[gz.Division],
    full_named: set[gz.Division],
    glued: bool = False,
    left_open: bool = False,
) -> bool:
    """Whether a short form may stand for `div` here: the lower the level and the more
    it reads as an everyday word or given name (合作, 永修), the more the text must support it.
    A county's short form that is a word passes right after a division around it (宁夏盐池),
    or when it is a rare word and the article names a division around it (凌源 beside 朝阳市)."""
    if form in gz.common_word_forms():
        return _supported(div, named - {div})
    kind = word_class(form)
    if div.level == "province" or kind == "place":
        return True
    if div.level == "prefecture":
        return kind == "unknown" or _supported(div, named - {div})
    if kind == "word":
        rare_and_placed = left_open and lex.frequency(form) < _WORD_FREQ and not named.isdisjoint(_ancestors(div))
        return div in full_named or glued or rare_and_placed
    return _supported(div, named - {div})


def _glued(text: str, start: int, div: gz.Division) -> bool:
    """Whether a division around `div` is written right before `start` (宁夏|盐池)."""
    return text.endswith(_ancestor_forms(div), 0, start)


def _division(
    text: str,
    start: int,
    end: int,
    named: set[gz.Division],
    full_named: set[gz.Division],
    cuts: frozenset[int],
    alone: dict[tuple[int, int], bool] | None = None,
    context: tuple[gz.Division, ...] | None = None,
) -> gz.Division | None:
    """The division text[start:end] names here, if it names one. `alone` holds what
    stands_alone said, without cuts, for some spans already; `context` is `named` by code."""
    form = text[start:end]
    context = _by_code(named) if context is None else context
    if gz.is_full_name(form):
        if len(form) < 3:  # 城区, 郊区, 赵县: everyday words, or a surname and 县, unless right after their parent
            return _after_parent(text, start, form)
        div = gz.resolve(form, context)
        if div is None:
            return None
        if _opens_suffix_word(text, end, div):
            return None
        return div if form not in gz.common_word_forms() or _supported(div, named - {div}) else None
    div = gz.resolve(form, context)  # before stands_alone, which may segment with jieba
    if div is None:
        return None
    # a rare word counts only after a boundary (在凌源钢铁集团), never inside a name (杨永修)
    left_open = start == 0 or not _CJK.match(text[start - 1]) or text[start - 1] in _STOP
    if not _short_ok(form, div, named, full_named, _glued(text, start, div), left_open):
        return None
    # last: stands_alone may segment with jieba; the cuts only matter where a place ends at
    # the start (上海|浦东)
    known = alone.get((start, end)) if alone is not None and start not in cuts else None
    return div if (known if known is not None else stands_alone(text, start, end, cuts)) else None


def _after_parent(text: str, start: int, form: str) -> gz.Division | None:
    """The one division named `form` whose parent's full name is written right before it
    (阳泉市城区, 邯郸市涉县).

    >>> [d and d.code for d in (_after_parent("阳泉市城区", 3, "城区"), _after_parent("在城区", 1, "城区"))]
    ['140302', None]
    """
    found = [d for d in gz.candidates(form)
             if (p := gz.parent(d)) is not None and text[max(0, start - len(p.name)) : start] == p.name]
    return found[0] if len(found) == 1 else None


def _opens_suffix_word(text: str, end: int, div: gz.Division) -> bool:
    """合作 + 市场 is no 合作市: a word plus a suffix that opens the next word."""
    return text[end - 1 : end + 1] in _SUFFIX_WORDS and any(map(_common, gz.short_forms(div)))


def _district(text: str, start: int, end: int, named: set[gz.Division], cuts: frozenset[int]) -> gz.Division | None:
    """A district by its short form (宁波北仑 -> 北仑区), only where the article names its city
    or the district itself, and the form is no everyday word (新城, 城中)."""
    form = text[start:end]
    if _common(form) or form in gz.common_word_forms():
        return None
    if _GENERIC_DISTRICT.fullmatch(form) and start not in cuts:
        return None  # 城西 is the west of any town, unless it follows its city: 西宁市城西
    found = [d for d in gz.district_short_forms()[form] if d in named or gz.parent(d) in named]
    # last: stands_alone may segment with jieba
    return found[0] if len(found) == 1 and stands_alone(text, start, end, cuts) else None


def _by_code(named: set[gz.Division]) -> tuple[gz.Division, ...]:
    """The named divisions in code order: the context gz.resolve reads."""
    return tuple(sorted(named, key=_code))


def _code(div: gz.Division) -> str:
    return div.code


def _start(m: Mention) -> int:
    return m.start


def _filter(spans: list[Mention]) -> list[Mention]:
    """The longest spans that overlap no longer one (the earliest wins a tie), by start.

    >>> ms = [Mention(t, EntityType.PLACE, a, b) for t, a, b in [("湖北", 0, 2), ("湖北省", 0, 3), ("北省", 1, 3)]]
    >>> [m.text for m in _filter(ms)]
    ['湖北省']
    """
    ordered = sorted(spans, key=_start)
    end = 0
    for m in ordered:  # most lists overlap nowhere: every span is kept
        if m.start < end or m.start >= m.end:
            break
        end = m.end
    else:
        return ordered
    taken = bytearray(max((m.end for m in spans), default=0))  # 1 where a kept span lies
    kept = []
    for m in sorted(spans, key=lambda m: (-(m.end - m.start), m.start)):
        if taken.find(1, m.start, m.end) == -1:
            kept.append(m)
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return sorted(kept, key=lambda m: m.start)


def _divisions_and_countries(text: str) -> list[tuple[Mention, gz.Division | None]]:
    raw = _scan(text)
    # pass 1: the places that need no context, to be the context of the rest
    named, full_named = set(), set()
    cuts = frozenset(b for _, b, kind in raw if kind == "division")  # 上海|浦东: a place ends inside a jieba token
    alone: dict[tuple[int, int], bool] = {}  # stands_alone without cuts, asked again in pass 2
    for a, b, kind in raw:
        if kind != "division":
            continue
        form = text[a:b]
        div, long_full, placed = _plain_division(form)
        if div is None:
            continue
        if long_full and text[b - 1 : b + 1] not in _SUFFIX_WORDS:
            named.add(div)
            full_named.add(div)
        elif placed:
            alone[a, b] = stands_alone(text, a, b)
            if alone[a, b]:
                named.add(div)
    found, context = [], _by_code(named)
    for a, b, kind in raw:
        form = text[a:b]
        if kind == "division":
            plain, long_full, _ = _plain_division(form)
            if long_full:  # a full name of one division and no everyday word: no context needed
                div = None if _opens_suffix_word(text, b, plain) else plain
            else:
                div = _division(text, a, b, named, full_named, cuts, alone, context)
            if div:
                rule = "place-division" if long_full or gz.is_full_name(form) else "place-short"
                found.append((Mention(form, EntityType.PLACE, a, b, canonical=div.name, rule=rule), div))
        elif kind == "district" and (div := _district(text, a, b, named, cuts)):
            found.append((Mention(form, EntityType.PLACE, a, b, canonical=div.name, rule="place-district-short"), div))
        elif kind == "country" and text[b : b + 1] not in _NOT_AFTER_COUNTRY and stands_alone(text, a, b):
            found.append((Mention(form, EntityType.PLACE, a, b, canonical=gz.countries()[form], rule="place-country"), None))
        elif kind == "abbr" and _abbr_ok(text, a):
            div = gz.province_abbreviations()[form]
            found.append((Mention(form, EntityType.PLACE, a, b, canonical=div.name, rule="place-abbr"), div))
    keep = {id(m) for m in _filter([m for m, _ in found])}  # by identity: cheaper than a Mention's hash
    return [(m, d) for m, d in found if id(m) in keep]


@lru_cache(maxsize=16384)
def _plain_division(form: str) -> tuple[gz.Division | None, bool, bool]:
    """What pass 1 reads of a division's surface form: the one division it names (None when
    it is an everyday word or shared), whether it is a full name of three or more characters,
    and whether a short form is a province or a place word by jieba's dictionary.

    >>> [(d and d.name, full, placed) for d, full, placed in map(_plain_division, ["湖北省", "湖北", "吉林", "和平"])]
    [('湖北省', True, True), ('湖北省', False, True), (None, False, False), (None, False, False)]
    """
    div = gz.lookup(form) if form not in gz.common_word_forms() else None
    if div is None:
        return None, False, False
    return div, gz.is_full_name(form) and len(form) >= 3, div.level == "province" or word_class(form) == "place"


def _name_ok(name: str) -> bool:
    return not (_STOP & set(name))


def _common(word: str) -> bool:
    """An everyday word rather than a name (重点, 农村, 建设), by jieba's dictionary."""
    return word_class(word) == "word" and lex.frequency(word) >= _WORD_FREQ


def _starts_word(text: str, pos: int) -> bool:
    if pos == 0:
        return True
    tok = _token_at(text, pos)
    if tok is None:
        return any(a == pos for a, _ in _tokens(text))
    return tok[0] == pos


def _town_ok(text: str, m: re.Match, after_place: bool = False) -> bool:
    """Right after its division a town may bear a word's name (拱墅区小河街道), unless the word is
    an everyday one (重点镇, 花园镇 would be a kind of town)."""
    name, head = m.group(1), m.group(2)
    wordy = lex.frequency(name) >= _EVERYDAY_FREQ if after_place else _common(name)
    if not _name_ok(name) or wordy or m.group() in _GENERIC_TOWNS:
        return False
    return not (head == "乡" and text[m.end() : m.end() + 1] == "村")  # 乡村振兴


def _village_at(text: str, i: int) -> tuple[int, str] | None:
    """The village name ending with the 村 at `i` (宋家沟村), if one stands there."""
    if text[i + 1 : i + 2] in _NOT_AFTER_VILLAGE:
        return None
    for n in (3, 2):
        start = i - n
        name = text[start:i]
        if start >= 0 and _CJK.fullmatch(name[:1] or "x") and all(map(_CJK.match, name)) and _name_ok(name):
            if _opens_after_boundary(text, start):
                return (start, name + "村") if name + "村" not in _GENERIC_VILLAGES else None
    return None


def _opens_after_boundary(text: str, start: int) -> bool:
    """Whether a name may begin at `start`: after punctuation, after a function character
    that jieba does not glue to the name (其|中大坪村 is no boundary), or after an everyday
    word that jieba ends there (其中|大坪村)."""
    before = text[start - 1] if start > 0 else ""
    if not before or not _CJK.match(before):
        return True
    if not _starts_word(text, start):
        return False
    tok = _token_at(text, start - 1)
    if tok is None:
        word = next((text[a:b] for a, b in _tokens(text) if b == start), "")
    else:
        word = text[tok[0] : tok[1]] if tok[1] == start else ""
    return before in _STOP or (len(word) > 1 and lex.frequency(word) >= _EVERYDAY_FREQ)


def _villages_alone(text: str) -> list[str]:
    """Villages named on their own: 、-listed (宋家沟村、吴家岔村、口子村) or before a boundary
    or a village body (吴家岔村党支部), not quoted (“强组兴村”), not made of everyday words."""
    found = {}
    i = text.find("村")
    while i != -1:
        hit = _village_at(text, i)
        if hit and text[hit[0] - 1 : hit[0]] != "“" and text[i + 1 : i + 2] != "”":
            found[hit[0]] = hit[1]
        i = text.find("村", i + 1)
    if not found:  # most articles name no village
        return []
    plain = {pos for pos, v in found.items() if not _has_common_word(v[:-1])}
    listed = set()
    if len(found) >= 2:  # a list needs two villages
        for clause in _CLAUSE.finditer(text):
            items = [pos for pos in found if clause.start() <= pos < clause.end() and "、" in (text[pos - 1 : pos], text[pos + len(found[pos]) : pos + len(found[pos]) + 1])]
            if len(items) >= 2 and plain & set(items):
                listed |= set(items)
    ended = {pos for pos in plain if _VILLAGE_END.match(text, pos + len(found[pos]))}
    return sorted({found[pos] for pos in listed | ended} | _listed_among_villages(text, {(p, p + len(found[p])) for p in listed}))


@lru_cache(maxsize=8192)
def _has_common_word(name: str) -> bool:
    """Whether a name is, or jieba cuts it into, an everyday word of two or more characters.

    >>> _has_common_word("宋家沟"), _has_common_word("示范")
    (False, True)
    """
    return any(len(w) > 1 and lex.frequency(w) >= _WORD_FREQ for w in [name, *lex.cut(name)])


def _listed_among_villages(text: str, villages: set[tuple[int, int]]) -> set[str]:
    """Names without 村 in a list of villages (宋家沟村、吴家岔村、柳林湾、口子村的): a village
    before them and a village or the list's end after them."""
    if not villages:
        return set()
    ends, starts = {b for _, b in villages}, {a for a, _ in villages}
    out = set()
    for m in _LIST_ITEM.finditer(text):
        a, b = m.span()
        if a - 1 in ends and (b + 1 in starts or text[b] in _LIST_END) and _name_ok(m.group()) and not _common(m.group()):
            out.add(m.group())
    return out


def _towns(text: str, places: list[Mention]) -> list[Mention]:
    """Towns and villages right after a division (台山市冲蒺镇, X镇Y村) or before a town body
    (长岗镇党委), then every other occurrence of the same names."""
    names: list[str] = []
    for p in places:
        m = _TOWN.match(text, p.end)
        if m and _town_ok(text, m, after_place=True):
            names.append(m.group())
            v = _VILLAGE.match(text, m.end())
            if v and _name_ok(v.group(1)) and not _common(v.group()):
                names.append(v.group())
    for m in _towns_before_bodies(text):
        if _town_ok(text, m) and _starts_word(text, m.start()):
            names.append(m.group())
    villages = _villages_alone(text)
    names += villages
    out = []
    for name in sorted(set(names)):
        rule = "place-village" if name.endswith("村") or name in villages else "place-town"
        out += [Mention(name, EntityType.PLACE, m.start(), m.end(), rule=rule) for m in _occurrences(name, text)]
    return out


def _towns_before_bodies(text: str) -> list[re.Match]:
    """_TOWN_BEFORE_ORG's matches (长岗镇党委), searched only from three characters before
    the first head and body: no match starts earlier, and most texts hold none.

    >>> [m.group() for m in _towns_before_bodies("今天,长岗镇党委、大坪乡政府召开会议")]
    ['长岗镇', '大坪乡']
    """
    first = _TOWN_HEAD_BODY.search(text)
    if first is None:
        return []
    return list(_TOWN_BEFORE_ORG.finditer(text, max(0, first.start() - 3)))


def _community_ok(m: re.Match) -> bool:
    name = m.group(1)
    generic = name in _GENERIC_COMMUNITY_WORDS or any(name.endswith(w) for w in _GENERIC_COMMUNITY_WORDS)
    return _name_ok(name) and not generic


def _communities(text: str, places: list[Mention]) -> list[Mention]:
    """Urban communities (X社区, the level of a village) right after a place (包头市北梁新区安居社区)
    or before a community body (安居社区党委), then every other occurrence of the same names."""
    names = set()
    for p in places:
        m = _COMMUNITY.match(text, p.end)
        if m and _community_ok(m):
            names.add(m.group())
    for body in _COMMUNITY_BEFORE_ORG.finditer(text):
        for n in (4, 3, 2):  # the longest name that jieba starts a word at
            m = _COMMUNITY.fullmatch(text, body.start() - n, body.end()) if body.start() >= n else None
            if m and _community_ok(m) and _starts_word(text, m.start()):
                names.add(m.group())
                break
    return [Mention(n, EntityType.PLACE, m.start(), m.end(), rule="place-community")
            for n in sorted(names) for m in _occurrences(n, text)]


def _zone_start(text: str, head_start: int, head: str, places: list[Mention]) -> int | None:
    """Where a zone name ending in `head` begins: at the most specific division before it
    (or the run of short forms ending there: 新疆塔城重点开发开放试验区), else a short bare
    name after a boundary (以巴克图口岸)."""
    lo = head_start
    while lo > 0 and _CJK.match(text[lo - 1]) and head_start - lo < 16:
        lo -= 1
    chain = sorted((p for p in places if lo <= p.start and p.end <= head_start), key=lambda p: p.start)
    for i, p in enumerate(chain):
        rest = chain[i:]
        if all(x.end == y.start for x, y in zip(rest, rest[1:])):
            proper = text[rest[-1].end : head_start]
            # a district's short form may be the whole proper name (广州南沙新区), a province's not (新疆口岸)
            bare_ok = head in _BARE_ZONE or rest[-1].rule == "place-district-short"
            if len(proper) > _MAX_ZONE_PROPER or not _name_ok(proper) or (not proper and not bare_ok):
                continue
            if proper and _opens_with_verb(proper):
                continue
            if head in _DISTRICT_ZONE and len(proper) >= 2 and rest[-1].rule == "place-division":
                return rest[-1].end
            start = rest[-1].start
            for q in reversed(rest[:-1]):  # glued short forms stay: 新疆塔城
                if q.rule not in _SHORT_RULES or rest[-1].rule not in _SHORT_RULES:
                    break
                start = q.start
            return start
    bare = head_start
    while bare > lo and text[bare - 1] not in _STOP:
        bare -= 1
    name = text[bare:head_start]
    if not 2 <= len(name) <= 4 or (bare > 0 and _CJK.match(text[bare - 1]) and text[bare - 1] not in _STOP):
        return None
    if any(len(w) > 1 and _common(w) for w in [name, *lex.cut(name)]) or any(p.start < head_start and bare < p.end for p in places):
        return None  # 新疆口岸, 智慧口岸: a place or an everyday word before a generic head
    return bare


def _opens_with_verb(text: str) -> bool:
    """Whether a zone's proper part opens with a verb: 武汉建设产业园 is no zone's name.

    >>> _opens_with_verb("建设"), _opens_with_verb("重点开发开放"), _opens_with_verb("白酒")
    (True, False, False)
    """
    first = next(iter(lex.cut(text)), "")
    return len(first) > 1 and (lex.tag_of(first) or "").startswith("v")


def _zones(text: str, places: list[Mention]) -> list[Mention]:
    """Named zones (X高新区, X产业园, X口岸), then shorter references to them (高新区总)."""
    names = {}
    for m in _ZONE.finditer(text):
        start = _zone_start(text, m.start(), m.group(), places)
        if start is not None and m.start() > start:
            names[text[start : m.end()]] = m.group()
    # a zone name that ends another one is a shorter reference to it (塔城重点开发开放试验区)
    names = {n: h for n, h in names.items() if not any(o != n and o.endswith(n) for o in names)}
    out = []
    taken: set[int] = set()
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for m in _occurrences(name, text):
            out.append(Mention(name, EntityType.PLACE, m.start(), m.end(), rule="place-zone"))
            taken.update(range(m.start(), m.end()))
    for name in sorted(names, key=lambda n: (-len(n), n)):
        # shorter tails of the name; X产业园区 is also written X产业园
        tails = [name[-k:] for k in range(len(name) - 1, len(names[name]) - 1, -1)]
        if name.endswith("园区"):
            tails += [name[-k:-1] for k in range(len(name), len(names[name]) - 1, -1)]
        for tail in tails:
            for m in _occurrences(tail, text):
                before = text[m.start() - 1] if m.start() else ""
                if not taken.isdisjoint(range(m.start(), m.end())) or (before and _CJK.match(before) and before not in _STOP):
                    continue
                out.append(Mention(tail, EntityType.PLACE, m.start(), m.end(), canonical=name, rule="place-zone-ref"))
                taken.update(range(m.start(), m.end()))
    return out


def find_places(article: Article) -> list[Mention]:
    """Place mentions in an article, canonical names in full official form.

    >>> from kg.model import Article
    >>> t = "湖北襄阳举行,江门市台山市冲蒺镇总工会、青岛高新区和哈萨克斯坦客商参加"
    >>> [(m.text, m.name) for m in find_places(Article("a", "s", 0, "", t))]  # doctest: +NORMALIZE_WHITESPACE
    [('湖北', '湖北省'), ('襄阳', '襄阳市'), ('江门市', '江门市'), ('台山市', '台山市'), ('冲蒺镇', '冲蒺镇'),
     ('青岛高新区', '青岛高新区'), ('青岛', '青岛市'), ('哈萨克斯坦', '哈萨克斯坦')]
    """
    text = article.text
    places = [m for m, _ in _divisions_and_countries(text)]
    towns = _towns(text, places)
    spans = {(p.start, p.end) for p in places}
    ends = {p.end: p.start for p in places if p.rule == "place-division"}
    # a zone that is also a division's full name (天津市滨海新区) is the division, and so is
    # one that ends in a division's full name (重庆两江新区: 重庆 + 两江新区)
    zones = [z for z in _zones(text, places + towns)
             if (z.start, z.end) not in spans and not z.start < ends.get(z.end, z.start) < z.end]
    communities = _communities(text, places + towns + zones)
    found = _filter(places + towns + communities) + [z for z in _filter(zones)]
    return sorted(set(found), key=lambda m: (m.start, -m.end, m.text, m.name, m.rule))

