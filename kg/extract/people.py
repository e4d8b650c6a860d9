"""Person mentions in article bodies: a surname-led span of 2-4 characters
bordered by a role title (主席于世军), an apposition (学员尚鑫) or a speech verb
(何成说), with jieba's word boundaries to choose the length of the name.

A name seen once is then found everywhere else in the article, and names listed
beside a known name (李万君、王善更、杨永修等) are taken too. Cue words live in
`kg/data/people.json`, surnames in `kg/data/surnames.txt`.

Speed comes from looking only where a name could be taken: one regex finds the
surname characters with a cue around them (`_cued_starts`), and jieba cuts only
the clauses of spans whose fate its words could change (`_contenders`,
`_may_be_supported`, `_needs_words`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from ..model import Article, EntityType, Mention
from ..text import longest_alternation
from . import lexicon as lex

_CJK = re.compile(r"[\u4e00-\u9fff]+")
# an author credited in parentheses at the end of a paragraph: （龙慧梅）
_PAREN_CREDIT = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)]\s*(?:\n|$)")
_TITLE = re.compile(r"《[^《》]*》")  # the title of a book, song or document
_LIST_SEPARATORS = "、 和与及"
# transliterated names of ethnic minorities: 热汗古丽·尼亚孜 (no surname to anchor them); the
# dot between two characters, the name's first part read back from it (`_dotted_start`)
_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[·•](?=[\u4e00-\u9fff]{2})")

STRONG, WEAK, NONE = 2, 1, 0
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset("“‘「『\""), frozenset("”’」』\"")


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
    party_words: tuple[str, ...] = ()
    party_roles: tuple[str, ...] = ()
    first_chars: frozenset[str] = frozenset()
    speech_re: re.Pattern | None = None  # `speech` as one alternation, first listed first
    right_weak_re: re.Pattern | None = None
    cued_start_re: re.Pattern | None = None  # where a cued name may start (`_cued_starts`)


def _alternation(words: tuple[str, ...], width: int = 8) -> re.Pattern:
    # only words that fit in the `width` characters looked at; alternatives are tried in
    # order, so the first word that matches wins, as in a loop over `words`
    return re.compile("|".join(re.escape(w) for w in words if len(w) <= width))


def _char_class(chars) -> str:
    """A regex character class of `chars`; one that never matches when there are none.

    >>> _char_class({"长", "员"}), _char_class(())
    ('[员长]', '(?!)')
    """
    return "[" + "".join(sorted(map(re.escape, chars))) + "]" if chars else "(?!)"


def _ends_here(words: tuple[str, ...], width: int = 8) -> str:
    """Lookbehinds, one per word length (a lookbehind has a fixed width), that hold just
    after a character preceded by one of `words`: the regex has consumed the name's first
    character when it asks. Only words that fit in the `width` characters `_left` reads.

    >>> bool(re.search("张" + _ends_here(("主任", "工")), "副主任张三"))
    True
    """
    by_length: dict[int, list[str]] = {}
    for w in words:
        if len(w) <= width:
            by_length.setdefault(len(w), []).append(re.escape(w))
    return "|".join(f"(?<=(?:{'|'.join(ws)}).)" for _, ws in sorted(by_length.items())) or "(?!)"


def _cued_starts(first_chars, roles, left_weak, speech, right_weak) -> re.Pattern:
    """Where a span may start that `_cued` would keep, found in C so that the candidate
    loop skips the many surname characters with no cue around them (高素质, 成功).

    A kept span has a role before it (STRONG on the left), a weak cue before it and any
    cue after it, or a speech verb after it; its name has 2-4 Chinese characters, so the
    cue after it starts 1-3 characters after the first one. The pattern may find more
    starts than `_cued` keeps (a space before the name, cues longer than `_left` and
    `_right` read), never fewer; a cheap character class guards each word list.

    >>> p = _cued_starts({"张", "李"}, ("主任",), ("，",), ("说",), ("等",))
    >>> [m.start() for m in p.finditer("主任张三，李四等人张五说张六来")]
    [2, 5, 9]
    """

    def chars(words, at):  # the characters words have at index `at`, of words `_alternation` keeps
        return _char_class({w[at] for w in words if len(w) <= 8})

    rest = r"[\u4e00-\u9fff]{1,3}"  # the name after its first character (plausible_name)
    role_before = rf"(?<=[ \u3000].)|(?<={chars(roles, -1)}.)(?:{_ends_here(roles)})"
    weak_before = rf"(?<=\A.)|(?<=\n.)|(?<={chars(left_weak, -1)}.)(?:{_ends_here(left_weak)})"
    any_after = speech + right_weak
    cue_after = rf"(?={rest}(?:\Z|\n|{chars(any_after, 0)}))(?={rest}(?:\Z|\n|{_alternation(any_after).pattern}))"
    said_after = rf"(?={rest}{chars(speech, 0)})(?={rest}(?:{_alternation(speech).pattern}))"
    return re.compile(rf"{_char_class(first_chars)}(?:{role_before}|(?:{weak_before}){cue_after}|{said_after})")


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
    roles, speech, right_weak, left_weak = (_longest_first(raw[k]) for k in ("roles", "speech", "right_weak", "left_weak"))
    first_chars = frozenset(s[0] for s in surnames)
    return Cues(
        surnames=frozenset(surnames),
        roles=roles,
        speech=speech,
        right_weak=right_weak,
        left_weak=left_weak,
        stop=_longest_first(raw["stop"]),
        not_name_chars=frozenset(raw["not_name_chars"]),
        honorifics=_longest_first(raw["honorifics"]),
        party_words=_longest_first(raw["party_words"]),
        party_roles=_longest_first(raw["party_roles"]),
        first_chars=first_chars,
        speech_re=_alternation(speech),
        right_weak_re=_alternation(right_weak),
        cued_start_re=_cued_starts(first_chars, roles, left_weak, speech, right_weak),
    )


# not cached: a clause is asked about once per article; across articles clauses repeat
# only in synthetic corpora, where a cache would flatter the benchmark
def _tokens(text: str) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    """Word boundaries, and the words that may be names: out of jieba's dictionary
    (joined by its HMM) or tagged nr there. jieba's POS HMM would be ten times slower."""
    bounds: set[int] = {0, len(text)}
    names: set[tuple[int, int]] = set()
    pos = 0
    freq, name_words = lex.tokenizer().FREQ, _name_words()
    for word in lex.cut(text, hmm=True):
        end = pos + len(word)
        bounds.add(end)  # the word's start is the end of the word before it, or 0
        # dictionary names, or unknown three-character words (战疫, 成金 are two); `_tag` inlined,
        # as this loop runs for every word of every clause that holds a candidate
        if (word in name_words if freq.get(word, 0) > 0 else len(word) >= 3):
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
        # a run's tokens by its span: a candidate asks about its run two or three times
        # (`aligned`, `tagged`), and candidates share runs; kept for this text only
        self._cut: dict[tuple[int, int], tuple[frozenset[int], frozenset[tuple[int, int]]]] = {}

    @cached_property
    def _reversed(self) -> str:
        # read backwards by matching forwards in the reversed text, so that only the
        # sentences and runs a candidate stands in are ever scanned
        return self.text[::-1]

    def start_of(self, i: int) -> int:
        """Where the sentence holding offset `i` starts.

        >>> Sentences("好。李四说。").start_of(3), Sentences("好。李四说。").start_of(0)
        (2, 0)
        """
        m = self._END.search(self._reversed, len(self.text) - i)  # the last end before i
        return len(self.text) - m.start() if m else 0

    def _run(self, i: int) -> tuple[int, int] | None:
        """The run holding the character at `i`, None when it is no word character.

        >>> w = Sentences("好，李四abc说。")
        >>> w._run(4), w._run(2), w._run(1)
        ((2, 8), (2, 8), None)
        """
        ahead = _han().match(self.text, i)
        if ahead is None:
            return None
        # no sentence end is a word character: the runs of the text are those of its sentences
        behind = _han().match(self._reversed, len(self.text) - i)
        return (i - (behind.end() - behind.start()) if behind else i), ahead.end()

    def _bound(self, i: int) -> bool:
        """Whether jieba's tokens of the sentence start or end at `i`: anywhere but
        inside a run, and inside one where jieba cuts it."""
        run = self._run(i)
        if run is None or run[0] == i:
            return True
        return i - run[0] in self._tokens(run)[0]

    def aligned(self, start: int, end: int) -> bool:
        return self._bound(start) and self._bound(end)

    def starts(self, start: int) -> bool:
        return self._bound(start)

    def tagged(self, start: int, end: int) -> bool:
        run = self._run(start)
        if run is None:
            return False
        return (start - run[0], end - run[0]) in self._tokens(run)[1]

    def _tokens(self, run: tuple[int, int]) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
        """`_tokens` of the run at `run`, cut once per text."""
        cut = self._cut.get(run)
        if cut is None:
            cut = self._cut[run] = _tokens(self.text[run[0] : run[1]])
        return cut


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


def _may_be_supported(name: str, cued: tuple[int, int, int]) -> bool:
    """Whether `_score` could support a name with weak cues (less than STRONG + WEAK),
    judged from the dictionary alone, so that jieba is asked only about spans it could
    support. Weak cues never support a dictionary word that is no name (成功). Weak cues
    on both sides need jieba to cut the span as one name (`_tokens`): a word tagged nr
    (顾客 is one), or an unknown word of three characters or more, never an unknown pair.

    >>> [_may_be_supported(n, (WEAK, WEAK, 1)) for n in ("成功", "何成", "李璉飞", "顾客")]
    [False, False, True, True]
    >>> _may_be_supported("何成", (STRONG, NONE, 0))
    True
    """
    tag = _tag(name)
    if tag == "w":  # `_common`
        return False
    return not (cued[0] == cued[1] == WEAK and tag is None and len(name) < 3)


def _common(name: str) -> bool:
    """A dictionary word that is no name: 顾客, 常客."""
    return _tag(name) not in (None, "nr")


def _score(text: str, start: int, end: int, cued: tuple[int, int, int], words: Sentences) -> tuple | None:
    """A sort key for a cued candidate span, or None when its context does not support a name."""
    left, right, cue_len = cued
    if left + right < STRONG + WEAK and text[start - 1 : start] in _OPEN_QUOTES and text[end : end + 1] in _CLOSE_QUOTES:
        return None  # “金点子”: a quoted word is a term or a slogan, a name needs a stronger cue
    aligned = words.aligned(start, end)
    tagged = left + right < STRONG + WEAK and words.tagged(start, end)
    common = _common(text[start:end])
    # jieba glues a neighbouring character to an unknown name, the next one (马小红边) or
    # the title's last (快递员韦小龙: 员韦 / 小龙): after a title, a three-character name
    # that starts a word, or ends one where the title's last character starts one, is taken
    glued = left == STRONG and right == NONE and end - start == 3 and (
        words.starts(start) or (words.starts(start - 1) and words.starts(end))
    )
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
    titled = {i for m in _TITLE.finditer(text) for i in range(m.start(), m.end())} if "《" in text else ()
    spans: list[tuple[int, int, tuple[int, int, int]]] = []
    surnames, n = cues.surnames, len(text)
    for m in cues.cued_start_re.finditer(text):  # the starts `_cued` could keep, not every surname
        i = m.start()
        if i in titled:
            continue
        left = nickname = None  # the same for every span starting at i, computed once
        here: list[tuple[int, int, tuple[int, int, int]]] = []
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
                    nickname = _nickname(text, i) or _party(text, i, cues)
                if not nickname:
                    if left is None:
                        left = _left(text, i, cues)
                    cued = _cued(text, i, i + sl + gl, cues, left)
                    if cued and (cued[0] + cued[1] >= STRONG + WEAK or _may_be_supported(name, cued)):
                        here.append((i, i + sl + gl, cued))
        if here:  # spans that can never be taken do not make jieba cut their sentence
            spans += _contenders(here)
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


def _contenders(spans: list[tuple[int, int, tuple[int, int, int]]]) -> list[tuple[int, int, tuple[int, int, int]]]:
    """The cued spans of one start that can be the one taken there. Only the best key of a
    start is kept, and a key leads with the strength of its cues; strong cues (at least
    STRONG + WEAK) support a name whatever jieba says, so a span with weaker cues than the
    strongest of its start never wins it, and jieba need not be asked about it. Left out
    of its sentence, such a span no longer sends the sentence to jieba (`_needs_words`):
    the spans it overlapped keep their order, which their cues alone decide, unless they
    overlap another span of the same strength, and then jieba is asked as before.

    >>> _contenders([(0, 2, (2, 0, 0)), (0, 3, (2, 2, 1))])
    [(0, 3, (2, 2, 1))]
    >>> _contenders([(0, 2, (2, 0, 0)), (0, 3, (1, 1, 1))])
    [(0, 2, (2, 0, 0)), (0, 3, (1, 1, 1))]
    """
    top = max(left + right for _, _, (left, right, _) in spans)
    if top < STRONG + WEAK:
        return spans
    return [span for span in spans if span[2][0] + span[2][1] == top]


def _overlaps(s: int, e: int, group: list) -> bool:
    """Whether span s..e overlaps another span of its sentence. A span that overlaps none,
    with strong cues, is taken whatever jieba says, under the rule its cues give: only the
    order of equal keys could change, and it takes no span from another."""
    return any(s2 < e and s < e2 and (s2, e2) != (s, e) for s2, e2, _ in group)


def _nickname(text: str, i: int) -> bool:
    # 老王, 小李: a surname right after 老/小/阿 is a form of address, not a full name
    return i > 0 and text[i - 1] in "老小阿" and (i < 2 or not "\u4e00" <= text[i - 2] <= "\u9fff" or text[i - 2] in "，。、“”")


def _party(text: str, i: int, cues: Cues) -> bool:
    """Whether the 方 at `i` names a party (职工方首席代表, 甲方代表, 主办方负责人), not the
    surname 方: a party word before it and a party's role after it (职工方建国 is a name).

    >>> cues = load_cues()
    >>> [_party(t, t.index("方"), cues) for t in ("作为职工方首席代表", "甲方代表", "职工方建国说", "合作方负责人")]
    [True, True, False, True]
    """
    return text.startswith("方", i) and text.endswith(cues.party_words, 0, i) and text.startswith(cues.party_roles, i + 1)


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
    titles = "《" in text  # in_title reads back to the start of the text: skip it where it cannot hold
    for name in sorted(names, key=lambda n: (-len(n), n)):
        for start in _find_all(text, name):
            end = start + len(name)
            if taken.isdisjoint(range(start, end)) and not (titles and in_title(text, start)):
                taken.update(range(start, end))
                mentions.append(Mention(name, EntityType.PERSON, start, end, rule=names[name]))
    return sorted(mentions, key=lambda m: (m.start, m.end))


@cache
def name_syllables() -> tuple[str, ...]:
    """Elements of Tibetan and Mongolian names (kg/data/name_syllables.txt), longest first.

    >>> "次仁" in name_syllables(), "其木格" in name_syllables()
    (True, True)
    """
    raw = (resources.files("kg") / "data" / "name_syllables.txt").read_text(encoding="utf-8")
    words = {w for line in raw.splitlines() if not line.startswith("#") for w in line.split()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _syllable_set() -> frozenset[str]:
    return frozenset(name_syllables())


@cache
def _syllable_run() -> re.Pattern:
    """One to four name elements in a row.

    Written as one element then up to three more, the same greedy match as `(?:…){1,4}`:
    a pattern that opens with an alternation of literals lets `re` skip in C the positions
    whose character opens no element, where a repeat makes it try every alternative at
    every position (about 20 times slower on an article). The elements are a trie
    (`longest_alternation`): the longest element that starts at a position, as their
    alternation sorted longest first finds it.

    >>> [m.group() for m in _syllable_run().finditer("部长普布次仁介绍,尼玛次仁次仁次仁次仁")]
    ['普布次仁', '尼玛次仁次仁次仁', '次仁']
    """
    element = longest_alternation(name_syllables())
    return re.compile(f"{element}(?:{element}){{0,3}}")


def is_syllable_name(name: str) -> bool:
    """Whether a name is a run of Tibetan or Mongolian name elements (普布次仁, 乌云其木格).

    >>> is_syllable_name("普布次仁"), is_syllable_name("乌云其木格"), is_syllable_name("普布次")
    (True, True, False)
    """
    return _syllable_run().fullmatch(name) is not None


def _syllable_names(text: str, cues: Cues) -> list[str]:
    """Names written as runs of name elements, with the cues a name needs around the run: a
    title before and a cue after (拉萨市总工会宣教部部长普布次仁介绍). A run of one element is
    a name only after a title (副主席达娃在拉萨调研), as it is often an everyday word.

    >>> cues = load_cues()
    >>> t = "宣教部部长普布次仁介绍,副主席达娃在拉萨调研,本报记者 乌云其木格 通讯员,尼玛县"
    >>> _syllable_names(t, cues)
    ['普布次仁', '达娃', '乌云其木格']
    """
    out = []
    for m in _syllable_run().finditer(text):
        start, end = m.span()
        if start and _CJK.fullmatch(text[start - 1]) and _left(text, start, cues) == NONE:
            continue  # the run starts inside a word
        cued = _cued(text, start, end, cues)
        if not cued:
            continue
        if m.group() in _syllable_set() and cued[0] != STRONG:
            continue
        out.append(m.group())
    return out


def _dotted_start(text: str, dot: int, cues: Cues) -> int | None:
    """Where the first part of a dotted name ending at `dot` starts: 2-6 characters back, the
    longest part that opens the run of characters or has a cue before it (副主席古丽娜尔·…, 的艾尔肯·…).

    >>> cues = load_cues()
    >>> [_dotted_start(t, t.index("·"), cues) for t in ("热汗古丽·尼亚孜", "副主席古丽娜尔·阿不", "来自中泰公司的艾尔肯·吐", "“一带·一路”")]
    [0, 3, 7, None]
    """
    for start in range(max(0, dot - 6), dot - 1):
        before = text[start - 1 : start] if start else ""
        if before in ("“", "‘", "·", "•") or not _CJK.fullmatch(text[start:dot]):
            continue
        if not _CJK.match(before) or _left(text, start, cues) != NONE:
            return start
    return None


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
    for dot in _DOT.finditer(text) if "·" in text or "•" in text else ():  # the regex tries every character
        start = _dotted_start(text, dot.start(), cues)
        if start is None:
            continue
        # the end with the strongest cue after it, the nearest of those: 古丽娜尔·阿不都热依木表示
        # (都 after 阿不 is a weaker cue), 热汗古丽·尼亚孜说 (not 尼亚孜说 before 。)
        ends = [(right, -end) for end in range(dot.end() + 2, min(dot.end() + 7, len(text) + 1))
                if (right := _right(text, end, cues)[0]) and _left(text, start, cues) + right >= STRONG
                and "”" not in text[end : end + 1]]
        if ends:
            names.setdefault(text[start : -max(ends)[1]], "person-dotted")
    for name in _syllable_names(text, cues):
        names.setdefault(name, "person-syllables")
    for _ in range(3):  # lists grow from both ends: A、B、C等
        added = _listed_beside(text, names, cues)
        if not added:
            break
        names.update(added)
    return _occurrences(text, names)
