"""Pure string helpers: width normalisation, sentence splitting, paragraph shapes.

`normalize_width` keeps string length, so offsets computed on its output are
offsets into its input. The shape tests (`is_heading`, `continues`, ...) look
at one or two paragraphs of a PDF-extracted page and say what they read as;
`corpus.split_articles` builds the page structure from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Full-width ASCII (Ａ-ｚ, ０-９, （ ）...) -> ASCII; ideographic space -> space.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")

SENTENCE_END = "。！？!?；;"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[”’」』\"]?|\n|$)")

# A paragraph ending in one of these ends a sentence (or a quoted or bracketed one).
_PARAGRAPH_END = "。！？!?；;:：…)）》"
# Openers and their closers: a paragraph with an opener left open was cut.
_PAIRS = {"“": "”", "‘": "’", "《": "》", "(": ")", "「": "」", "『": "』", "【": "】", "〈": "〉"}
_CLAUSE_PUNCT = ",，、。；;：:！!？?"
_NUMERAL = "0123456789一二三四五六七八九十百千〇零两"
_KICKER_DASH = re.compile(r"[—－-]{2}")
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|‘[^‘’]*’")
_PAIR_CHARS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")
HEADING_MAX = 45


def normalize_width(text: str) -> str:
    """Fold full-width ASCII to half width, keeping the length.

    >>> normalize_width("（记者张某）２０２５")
    '(记者张某)2025'
    """
    # str.translate with a dict runs per character in Python terms: slow on long Chinese
    # texts; translating only the runs of full-width characters is six times faster
    return _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(_WIDTH), text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, closing quotes kept with their sentence.

    >>> t = "他说:“好。”我们走。\\n新段"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['他说:“好。”', '我们走。', '新段']
    """
    return list(_sentence_spans(text))


@lru_cache(maxsize=1024)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """split_sentences, computed once per text: linking, relations and exports all ask."""
    spans = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return tuple(spans)


def sentence_at(text: str, pos: int, spans: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The span of the sentence holding position `pos`.

    >>> t = "甲。乙丙。"
    >>> sentence_at(t, 3)
    (2, 5)
    """
    for a, b in spans if spans is not None else split_sentences(text):
        if a <= pos < b:
            return a, b
    return pos, pos


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph.

    >>> is_cjk("工"), is_cjk("A")
    (True, False)
    """
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_balanced(par: str) -> bool:
    """True when no quotation mark or bracket is left open at the end of `par`.

    >>> is_balanced("某市总出台的《十条措施》"), is_balanced("某市总出台的《加强市总")
    (True, False)
    """
    stack: list[str] = []
    for ch in _PAIR_CHARS.findall(par):  # every other character leaves the stack as it is
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return not stack


def ends_sentence(par: str) -> bool:
    """True when `par` ends where a paragraph may end (a full stop, closing quote...).

    >>> ends_sentence("他说:“好。”"), ends_sentence("助力他们"), ends_sentence("打造了“新音台”")
    (True, False, False)
    """
    par = par.rstrip()
    if par.endswith(("——", "--")):
        return True
    if par[-1:] in "”’」』":  # a quoted term may stand mid-sentence; a quoted sentence ends
        return par[-2:-1] in _PARAGRAPH_END
    return par[-1:] != "" and par[-1] in _PARAGRAPH_END


def is_kicker(par: str) -> bool:
    """A lead-in headline line (引题) ends with a dash: the title follows.

    >>> is_kicker("某市总将工人文化宫打造成职工爱去的“学校和乐园”——")
    True
    """
    return bool(_KICKER_DASH.search(par[-2:])) and len(par) <= 2 * HEADING_MAX


def is_heading(par: str) -> bool:
    """A short line without sentence punctuation reads as a headline or subheading.

    Commas may stand inside quotation marks and in a kicker part before "——".

    >>> is_heading("破解年轻干部成长难题"), is_heading("他说,好。"), is_heading("某市总出台的《加强市总")
    (True, False, False)
    >>> is_heading("“思政课上,职工和学生听得眼睛都亮了”")
    True
    """
    par = par.strip()
    if not par or len(par) > 2 * HEADING_MAX or not is_balanced(par):
        return False  # a longer paragraph is neither a kicker nor a title
    if is_kicker(par):
        return True
    title = _KICKER_DASH.split(par)[-1].strip()
    if not title or len(title) > HEADING_MAX or len(par) > 2 * HEADING_MAX:
        return False
    unquoted = _QUOTED.sub("“”", title)
    if any(c in unquoted for c in "，。；;：:！!？?,…"):
        return False
    return not any(c in title for c in "。；;！!？?…")  # a quote holding a sentence is body text


def is_fragment_start(par: str) -> bool:
    """True when `par` starts in the middle of a sentence: a closing mark, or a
    one-character clause such as "领、砥砺一流作风" (the rest of a word cut off).

    >>> is_fragment_start("领、砥砺一流作风,某市总出台了举措。"), is_fragment_start("一、加强组织建设")
    (True, False)
    >>> is_fragment_start("此外,某市总每年还开展培训。")
    False
    """
    par = par.lstrip()
    if not par:
        return False
    if par[0] in "，,、。；;：:！!？?”’》)）」』":
        return True
    return len(par) > 2 and is_cjk(par[0]) and par[0] not in _NUMERAL and par[1] in _CLAUSE_PUNCT


def continues(prev: str, nxt: str) -> bool:
    """True when paragraph `nxt` goes on with the sentence `prev` was cut in.

    >>> continues("通过聚焦关注、专题研究等方式,助力他们", "承担起推动工运事业发展的重要使命。")
    True
    >>> continues("破解年轻干部成长难题", "年初以来,某市总建立了一套机制。")
    False
    >>> continues("为保障年轻干部在基层一线练就过硬本", "领、砥砺一流作风,某市总出台了举措。")
    True
    """
    if not prev or not nxt or ends_sentence(prev):
        return False
    if is_fragment_start(nxt):
        return True
    return not is_heading(prev) and not is_heading(nxt)


def longest_alternation(words: Iterable[str]) -> str:
    """A regex that matches, where it is tried, the longest of `words` that starts there,
    as their alternation sorted longest first does, but written as a trie: `re` tries one
    branch per next character instead of every word in turn.

    >>> longest_alternation(["工会", "总工会", "工会联合会"])
    '(?:工会(?:联合会)?|总工会)'
    >>> re.findall(longest_alternation(["a.b", "a", "ab"]), "a.b axb ab")
    ['a.b', 'a', 'ab']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" in node:  # a word ends here: the longer words first (greedy), then this one
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
