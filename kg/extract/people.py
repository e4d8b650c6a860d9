"""Person mentions in article bodies: a surname-led span of 2-4 characters
bordered by a role title (主席于世军), an apposition (学员尚鑫) or a speech verb
(何成说), with jieba's word boundaries to choose the length of the name.

A name seen once is then found everywhere else in the article, and names listed
beside a known name (李万君、王善更、杨永修等) are taken too. Cue words live in
`kg/data/people.json`, surnames in `kg/data/surnames.txt`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..model import Article, EntityType, Mention
from . import lexicon as lex

_CJK = re.compile(r"[\u4e00-\u9fff]+")
# an author credited in parentheses at the end of a paragraph: （龙慧梅）
_PAREN_CREDIT = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)]\s*(?:\n|$)")
_LIST_SEPARATORS = "、 和与及"
# transliterated names of ethnic minorities: 热汗古丽·尼亚孜 (no surname to anchor them)
_DOTTED = re.compile(r"(?<![“‘\u4e00-\u9fff·])[\u4e00-\u9fff]{2,6}[·•](?=[\u4e00-\u9fff]{2})")

STRONG, WEAK, NONE = 2, 1, 0


@dataclass(frozen=True)
class Cues:
    """The word lists of `people.json`, loaded once."""

    surnames: frozenset[str]
    roles: tuple[str, ...]
    speech: tuple[str, ...]
    right_weak: tuple[str, ...]
    left_weak: tuple[str, ...]
    stop: tuple[str, ...]
    not_name_chars: frozenset[str]
    honorifics: tuple[str, ...]
    first_chars: frozenset[str] = frozenset()
    speech_re: re.Pattern | None = None  # `speech` as one alternation, first listed first
    right_weak_re: re.Pattern | None = None
    first_re: re.Pattern | None = None  # any character of `first_chars`


def _alternation(words: tuple[str, ...], width: int = 8) -> re.Pattern:
    # only words that fit in the `width` characters looked at; alternatives are tried in
    # order, so the first word that matches wins, as in a loop over `words`
    return re.compile("|".join(re.escape(w) for w in words if len(w) <= width))


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def load_cues() -> Cues:
    """The cue lists, read once from kg/data.

    >>> "欧阳" in load_cues().surnames and "王" in load_cues().surnames
    True
    """
    data = resources.files("kg") / "data"
    surnames = [
        w
        for line in (data / "surnames.txt").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for w in line.split()
    ]
    raw = json.loads((data / "people.json").read_text(encoding="utf-8"))
    return Cues(
        surnames=frozenset(surnames),
        roles=_longest_first(raw["roles"]),
        speech=_longest_first(raw["speech"]),
        right_weak=_longest_first(raw["right_weak"]),
        left_weak=_longest_first(raw["left_weak"]),
        stop=_longest_first(raw["stop"]),
        not_name_chars=frozenset(raw["not_name_chars"]),
        honorifics=_longest_first(raw["honorifics"]),
        first_chars=frozenset(s[0] for s in surnames),
        speech_re=_alternation(_longest_first(raw["speech"])),
        right_weak_re=_alternation(_longest_first(raw["right_weak"])),
        first_re=re.compile("[" + "".join(sorted(map(re.escape, {s[0] for s in surnames}))) + "]"),
    )


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    """Word boundaries, and the words that may be names: out of jieba's dictionary
    (joined by its HMM) or tagged nr there. jieba's POS HMM would be ten times slower."""
    bounds: set[int] = {0, len(text)}
    names: set[tuple[int, int]] = set()
    pos = 0
    for word in lex.tokenizer().cut(text, HMM=True):
        end = pos + len(word)
        bounds.update((pos, end))
        tag = _tag(word)
        # dictionary names, or unknown three-character words (战疫, 成金 are two)
        if tag == "nr" or tag is None and len(word) >= 3:
            names.add((pos, end))
        pos = end
    return frozenset(bounds), frozenset(names)


def _tag(word: str) -> str | None:
    """'nr' for a name in jieba's dictionary (tags nr, nrt, nrfg), 'w' for any other
    dictionary word, None when it is not in the dictionary. Read from the dictionary
    file (`lexicon`): jieba.posseg's table of every word's tag costs a second to load."""
    if not lex.in_dictionary(word):
        return None
    return "nr" if word in _name_words() else "w"


_NAME_TAGS = ("nr", "nrfg", "nrt")  # the tags of jieba's dictionary that begin with nr


@cache
def _name_words() -> frozenset[str]:
    return frozenset().union(*(lex.words_tagged(t) for t in _NAME_TAGS))


@cache
def _han() -> re.Pattern:
    """jieba's runs of word characters: it cuts each run on its own, and every other
    character is a token of its own (a \\r\\n pair aside)."""
    import jieba

    return jieba.re_han_default


class Sentences:
    """jieba's view of a text, computed only where a candidate asks: POS tagging the
    whole page would cost about a second. jieba cuts each run of word characters on
    its own, so a run is cut alone, as it would be inside its sentence."""

    _END = re.compile(r"[。！？；!?;\n]")

    def __init__(self, text: str):
        self.text = text
        self._ends = [m.start() for m in self._END.finditer(text)]
        # no sentence end is a word character: the runs of the text are those of its sentences
        self._runs = [m.span() for m in _han().finditer(text)]
        self._run_starts = [a for a, _ in self._runs]

    def start_of(self, i: int) -> int:
        """Where the sentence holding offset `i` starts."""
        k = bisect_right(self._ends, i - 1)
        return self._ends[k - 1] + 1 if k else 0

    def _run(self, i: int) -> tuple[int, int] | None:
        """The run holding the character at `i`, None when it is no word character."""
        k = bisect_right(self._run_starts, i) - 1
        if k >= 0 and i < self._runs[k][1]:
            return self._runs[k]
        return None

    def _bound(self, i: int) -> bool:
        """Whether jieba's tokens of the sentence start or end at `i`: anywhere but
        inside a run, and inside one where jieba cuts it."""
        run = self._run(i)
        if run is None or run[0] == i:
            return True
        a, b = run
        return i - a in _tokens(self.text[a:b])[0]

    def aligned(self, start: int, end: int) -> bool:
        return self._bound(start) and self._bound(end)

    def starts(self, start: int) -> bool:
        return self._bound(start)

    def tagged(self, start: int, end: int) -> bool:
        run = self._run(start)
        if run is None:
            return False
        a, b = run
        return (start - a, end - a) in _tokens(self.text[a:b])[1]


def word_bounds(text: str) -> frozenset[int]:
    """Offsets where jieba starts or ends a word.

    >>> sorted(word_bounds("公司张阳"))
    [0, 2, 4]
    """
    return _tokens(text)[0]


@cache
def plausible_name(name: str, surname_len: int = 1) -> bool:
    """Whether a span could be a full personal name on its own form.

    >>> [plausible_name(n) for n in ("于世军", "高素质", "李女士", "王说", "何成")]
    [True, False, False, False, True]
    """
    cues = load_cues()
    given = name[surname_len:]
    if not 1 <= len(given) <= 2 or not _CJK.fullmatch(name):
        return False
    if name[:surname_len] not in cues.surnames:
        return False
    if any(c in cues.not_name_chars for c in given):
        return False
    if name.startswith(cues.stop) or name in cues.roles:
        return False
    return not given.startswith(cues.honorifics)


def _left(text: str, start: int, cues: Cues) -> int:
    before = text[max(0, start - 8) : start]
    if start == 0 or before.endswith("\n"):
        return WEAK
    if before.rstrip(" \u3000").endswith(cues.roles):  # 本报记者 张世光
        return STRONG
    return WEAK if before.endswith(cues.left_weak) else NONE


def _right(text: str, end: int, cues: Cues) -> tuple[int, int]:
    """Strength of the cue after a name and the cue's length (longer cues are surer)."""
    if end >= len(text) or text[end] == "\n":
        return WEAK, 1
    m = cues.speech_re.match(text, end, end + 8)
    if m:
        return STRONG, m.end() - end
    m = cues.right_weak_re.match(text, end, end + 8)
    if m:
        return WEAK, m.end() - end
    return NONE, 0


def _cued(text: str, start: int, end: int, cues: Cues, left: int | None = None) -> tuple[int, int, int] | None:
    """(left, right, cue length) of a candidate span, or None when its cues cannot support a name;
    `left`, when given, is `_left(text, start, cues)`."""
    if left is None:
        left = _left(text, start, cues)
    right, cue_len = _right(text, end, cues)
    if left + right < STRONG or (left == NONE or right == NONE) and STRONG not in (left, right):
        return None
    return left, right, cue_len


def _common(name: str) -> bool:
    """A dictionary word that is no name: 顾客, 常客."""
    return _tag(name) not in (None, "nr")


def _score(text: str, start: int, end: int, cued: tuple[int, int, int], words: Sentences) -> tuple | None:
    """A sort key for a cued candidate span, or None when its context does not support a name."""
    left, right, cue_len = cued
    aligned = words.aligned(start, end)
    tagged = left + right < STRONG + WEAK and words.tagged(start, end)
    common = _common(text[start:end])
    # jieba glues a following character to an unknown name (马小红边): after a title,
    # a three-character name that starts a word is still taken
    glued = left == STRONG and right == NONE and end - start == 3 and words.starts(start)
    ok = (left + right >= STRONG + WEAK) or (
        not common and (glued or aligned and (STRONG in (left, right) or (left and right and tagged)))
    )
    if not ok:
        return None
    return (left + right, aligned, tagged, cue_len, end - start == 3)


def _needs_words(spans: list[tuple[int, int, tuple[int, int, int]]]) -> bool:
    """Whether the cued spans of one sentence need jieba's view: a span with weak cues
    only, or two overlapping spans with cues of the same strength (jieba's view decides
    which is taken). Otherwise the strongest cues decide, whatever jieba says."""
    for k, (start, end, (left, right, _)) in enumerate(spans):
        if left + right < STRONG + WEAK:
            return True
        for s, e, (l2, r2, _) in spans[:k]:
            if start < e and s < end and l2 + r2 == left + right:
                return True
    return False


def _candidates(text: str, words: Sentences, cues: Cues) -> dict[str, str]:
    """Names supported by their context, with the rule that found them."""
    titled = {i for m in re.finditer(r"《[^《》]*》", text) for i in range(m.start(), m.end())} if "《" in text else ()
    spans: list[tuple[int, int, tuple[int, int, int]]] = []
    surnames, n = cues.surnames, len(text)
    for m in cues.first_re.finditer(text):
        i = m.start()
        if i in titled:
            continue
        left = nickname = None  # the same for every span starting at i, computed once
        for sl in (2, 1):  # two-character surnames (欧阳) before one-character ones
            if text[i : i + sl] not in surnames:
                continue
            for gl in (1, 2):
                if i + sl + gl > n:
                    break
                name = text[i : i + sl + gl]
                if not plausible_name(name, sl):
                    continue
                if nickname is None:
                    nickname = _nickname(text, i)
                if not nickname:
                    if left is None:
                        left = _left(text, i, cues)
                    cued = _cued(text, i, i + sl + gl, cues, left)
                    # weak cues never support a dictionary word (顾客): no need to ask jieba
                    if cued and (cued[0] + cued[1] >= STRONG + WEAK or not _common(name)):
                        spans.append((i, i + sl + gl, cued))
    by_sentence: dict[int, list] = {}
    for span in spans:  # a name holds no sentence end, so spans of two sentences never overlap
        by_sentence.setdefault(words.start_of(span[0]), []).append(span)
    needed = {start for start, group in by_sentence.items() if _needs_words(group)}
    best: list[tuple[tuple, int, int]] = []
    for start, group in by_sentence.items():
        options: dict[int, list] = {}
        for s, e, cued in group:
            if start in needed and (cued[0] + cued[1] < STRONG + WEAK or _overlaps(s, e, group)):
                key = _score(text, s, e, cued, words)
            else:  # jieba's view would not change which spans are taken, nor their rule
                key = (cued[0] + cued[1], False, False, cued[2], e - s == 3)
            if key:
                options.setdefault(s, []).append((key, s, e))
        best += [max(o) for o in options.values()]
    taken: set[int] = set()
    found: dict[str, str] = {}
    for key, s, e in sorted(best, key=lambda b: (b[0], -b[1]), reverse=True):
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            found.setdefault(text[s:e], "person-context" if key[0] >= 3 else "person-jieba")
    return found


def _overlaps(s: int, e: int, group: list) -> bool:
    """Whether span s..e overlaps another span of its sentence. A span that overlaps none,
    with strong cues, is taken whatever jieba says, under the rule its cues give: only the
    order of equal keys could change, and it takes no span from another."""
    return any(s2 < e and s < e2 and (s2, e2) != (s, e) for s2, e2, _ in group)


def _nickname(text: str, i: int) -> bool:
    # 老王, 小李: a surname right after 老/小/阿 is a form of address, not a full name
    return i > 0 and text[i - 1] in "老小阿" and (i < 2 or not "\u4e00" <= text[i - 2] <= "\u9fff" or text[i - 2] in "，。、“”")


def _listed_beside(text: str, names: dict[str, str], cues: Cues) -> dict[str, str]:
    """Names joined to a known name by 、 or a space: 李万君、王善更、杨永修等."""
    added: dict[str, str] = {}
    for name in list(names):
        for start in _find_all(text, name):
            for s, e in _neighbours(text, start, start + len(name), cues):
                cand = text[s:e]
                if cand not in names and cand not in added:
                    added[cand] = "person-list"
    return added


def _neighbours(text: str, start: int, end: int, cues: Cues):
    if end < len(text) and text[end] in _LIST_SEPARATORS:
        for n in (3, 2):
            s, e = end + 1, end + 1 + n
            if _is_listed(text, s, e, cues) and (e >= len(text) or text[e] in _LIST_SEPARATORS + "等，。）)\n" or text.startswith(cues.speech, e)):
                yield s, e
                break
    if start > 0 and text[start - 1] in _LIST_SEPARATORS:
        for n in (3, 2):
            s, e = start - 1 - n, start - 1
            if s >= 0 and _is_listed(text, s, e, cues) and _left(text, s, cues):
                yield s, e
                break


def _is_listed(text: str, s: int, e: int, cues: Cues) -> bool:
    name = text[s:e]
    sl = 2 if name[:2] in cues.surnames else 1
    return plausible_name(name, sl)


def in_title(text: str, start: int) -> bool:
    """Whether `start` lies inside 《…》, the title of a book, song or document.

    >>> in_title("话剧《张三的草原》和张三", 4), in_title("话剧《张三的草原》和张三", 11)
    (True, False)
    """
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


def _find_all(text: str, word: str):
    """Starts of the non-overlapping occurrences of `word`, left to right, as
    `re.finditer(re.escape(word), text)` finds them, without compiling a pattern per word.

    >>> list(_find_all("张三张三张", "张三")), list(_find_all("aaaa", "aa"))
    ([0, 2], [0, 2])
    """
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))


def _occurrences(text: str, names: dict[str, str]) -> list[Mention]:
    mentions = []
    taken: set[int] = set()
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for start in _find_all(text, name):
            end = start + len(name)
            if taken.isdisjoint(range(start, end)) and not in_title(text, start):
                taken.update(range(start, end))
                mentions.append(Mention(name, EntityType.PERSON, start, end, rule=names[name]))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def find_people(article: Article) -> list[Mention]:
    """Person mentions in an article, every occurrence of each name found.

    >>> from kg.model import Article
    >>> text = "双鸭山市总工会组织部部长李璉飞告诉记者，考评已量化。李璉飞介绍，何成说，李女士笑了。"
    >>> sorted({m.text for m in find_people(Article("a", "s", 0, "", text))})
    ['何成', '李璉飞']
    """
    text = article.text
    cues = load_cues()
    names = _candidates(text, Sentences(text), cues)
    for m in _PAREN_CREDIT.finditer(text):
        name = m.group(1)
        if plausible_name(name, 2 if name[:2] in cues.surnames else 1):
            names.setdefault(name, "person-credit")
    for m in _DOTTED.finditer(text):
        for end in range(m.end() + 2, min(m.end() + 7, len(text) + 1)):
            right, _ = _right(text, end, cues)
            if right and _left(text, m.start(), cues) + right >= STRONG and "”" not in text[end : end + 1]:
                names.setdefault(text[m.start() : end], "person-dotted")
                break
    for _ in range(3):  # lists grow from both ends: A、B、C等
        added = _listed_beside(text, names, cues)
        if not added:
            break
        names.update(added)
    return _occurrences(text, names)
