"""jieba's default tokenizer and dictionary word classes, without jieba.posseg.

Every finder shares `jieba.dt`, so its dictionary is loaded once per process.
Word classes are read straight from the dictionary file that `jieba.dt` loaded
(lines "word freq tag"): `jieba.posseg` would parse all 349k lines into a dict
(about a second) where a finder needs one or two classes.

>>> "黄陵" in words_tagged("ns"), "合作" in words_tagged("ns")
(True, False)
>>> in_dictionary("合作"), in_dictionary("吴忠")
(True, False)
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from math import log
from typing import NamedTuple


@cache
def tokenizer():
    """jieba's default tokenizer (`jieba.dt`), initialised once.

    >>> tokenizer().lcut("湖北襄阳举行", HMM=False)
    ['湖北', '襄阳', '举行']
    """
    try:
        import jieba
    except ImportError as e:
        raise ImportError("the finders need jieba: pip install jieba") from e
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


@cache
def _dictionary() -> bytes:
    """The dictionary file, every line between two newlines."""
    with tokenizer().get_dict_file() as f:
        data = f.read().replace(b"\r\n", b"\n")
    return b"\n" + data.strip(b"\n") + b"\n"


@cache
def words_tagged(tag: str) -> frozenset[str]:
    """The dictionary words whose class is exactly `tag` (ns, v, vn, nr ...).

    >>> "建设" in words_tagged("v"), "建设" in words_tagged("vn")
    (False, True)
    """
    data, out = _dictionary(), set()
    key = f" {tag}\n".encode()
    i = data.find(key)
    while i != -1:
        line = data.rfind(b"\n", 0, i) + 1
        out.add(data[line : data.index(b" ", line)].decode("utf-8"))
        i = data.find(key, i + 1)
    return frozenset(out)


@lru_cache(maxsize=4096)
def tag_of(word: str) -> str | None:
    """The dictionary class of one word, None when it is no word: one search of the
    file, for the few words a finder asks about.

    >>> tag_of("建设"), tag_of("黄陵"), tag_of("吴忠")
    ('vn', 'ns', None)
    """
    if not in_dictionary(word):
        return None
    data = _dictionary()
    i = data.find(f"\n{word} ".encode())
    if i == -1:  # a word of a user dictionary
        return None
    return data[i + 1 : data.index(b"\n", i + 1)].rsplit(b" ", 1)[1].decode()


def in_dictionary(word: str) -> bool:
    """Whether `word` is a dictionary word (the prefix entries of `FREQ` have frequency 0)."""
    return tokenizer().FREQ.get(word, 0) > 0


def frequency(word: str) -> int:
    """The dictionary frequency of `word`, 0 when it is no word."""
    return tokenizer().FREQ.get(word, 0)


def cut(text: str, hmm: bool = False) -> list[str]:
    """`list(tokenizer().cut(text, HMM=hmm))`, the same words, about three times faster.

    jieba works out the best path through each run of word characters in Python: a
    dict of lists and a generator of tuples per character. `_best_ends` walks the same
    path with the same arithmetic, so every tie breaks as in jieba; `hmm_cut` runs jieba's
    HMM, which joins unknown characters, the same way.

    >>> cut("湖北襄阳举行"), cut("在2025年,ABC公司"), cut("马小红边说", hmm=True)
    (['湖北', '襄阳', '举行'], ['在', '2025', '年', ',', 'ABC', '公司'], ['马小红边', '说'])
    """
    import jieba

    words: list[str] = []
    # a split on a pattern with one group alternates: text outside runs, a run, text outside ...
    outside = True
    for block in jieba.re_han_default.split(text):
        if not outside:
            words += _cut_run(block, hmm)
        elif len(block) == 1:  # most often one mark between two runs, yielded as it is
            words.append(block)
        elif block:
            for piece in jieba.re_skip_default.split(block):  # what jieba yields outside runs
                if jieba.re_skip_default.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
        outside = not outside
    return words


def _cut_run(run: str, hmm: bool) -> list[str]:
    """jieba's words of one run of word characters (`__cut_DAG`, `__cut_DAG_NO_HMM`)."""
    if hmm:
        return _words_with_hmm(run, _best_ends(run))
    ends, words, x, buf = _best_ends(run), [], 0, ""
    while x < len(run):
        y = ends[x]
        if y - x == 1 and _ASCII_ALNUM.match(run, x):
            buf += run[x]  # single letters and digits wait: they join
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(run[x:y])
        x = y
    if buf:
        words.append(buf)
    return words


def _words_with_hmm(run: str, ends: list[int]) -> list[str]:
    """The words of `run` on the path `ends` (see `_best_ends`), single characters in a row
    left to the HMM as jieba's `__cut_DAG` leaves them.

    >>> _words_with_hmm("马小红边说", [1, 2, 3, 4, 5]), _words_with_hmm("北京大学", [4, 2, 4, 4])
    (['马小红边', '说'], ['北京大学'])
    """
    words: list[str] = []
    x, n, single = 0, len(run), -1  # single: where the pending single characters start
    while x < n:
        y = ends[x]
        if y - x == 1:
            if single < 0:
                single = x
        else:
            if single >= 0:
                if single == x - 1:  # one character alone: no HMM
                    words.append(run[single])
                else:
                    words += _join_singles(run[single:x])
                single = -1
            words.append(run[x:y])
        x = y
    if single >= 0:
        words += _join_singles(run[single:])
    return words


def _join_singles(buf: str) -> list[str]:
    """What jieba yields, with the HMM, for single characters in a row: the HMM's words when
    they are no dictionary word, else each character.

    >>> _join_singles("马小红边"), _join_singles("甲乙"), _join_singles("说")
    (['马小红边'], ['甲', '乙'], ['说'])
    """
    if len(buf) == 1:
        return [buf]
    if frequency(buf):
        return list(buf)
    return hmm_cut(buf)


def hmm_cut(text: str) -> list[str]:
    """`list(jieba.finalseg.cut(text))`, the same words, about three times faster: each run
    of Chinese characters is cut at the states of its Viterbi path, everything else at
    letters and digits, as jieba does.

    >>> hmm_cut("马小红边"), hmm_cut("王A3.5%乙丙")
    (['马小红边'], ['王', 'A3.5%', '乙丙'])
    """
    model = _hmm_model()
    if _HMM_HAN.fullmatch(text):  # the usual buffer: Chinese characters only
        words = _viterbi_words(text, model)
        return words if model.force_split.isdisjoint(words) else _force_split(words, model.force_split)
    words: list[str] = []
    for block in _HMM_HAN.split(text):
        if not block:
            continue
        if _HMM_HAN.match(block):
            words += _force_split(_viterbi_words(block, model), model.force_split)
        else:
            words += [piece for piece in _HMM_SKIP.split(block) if piece]
    return words


def _force_split(words: list[str], force_split: set[str]) -> list[str]:
    """`words` with those of `force_split` cut into their characters, as `finalseg.cut` does."""
    out: list[str] = []
    for word in words:
        if word in force_split:
            out.extend(word)
        else:
            out.append(word)
    return out


_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")  # jieba.finalseg.re_han
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba.finalseg.re_skip


class _HmmModel(NamedTuple):
    """jieba's HMM (`jieba.finalseg`) in the shape `_viterbi_words` reads: the states B, M,
    S, E as positions 0-3 (BEGIN, MIDDLE, SINGLE, END)."""

    start: tuple[float, float, float, float]
    trans: tuple[float, ...]  # B->E, B->M, E->B, E->S, M->M, M->E, S->B, S->S
    emissions: _Emissions  # character -> its emission log probability in each state
    force_split: set[str]  # jieba's own set of words cut into characters (`add_force_split`), as it grows


BEGIN, MIDDLE, SINGLE, END = range(4)  # the states of a character in a word, in `_HmmModel`'s order


@cache
def _hmm_model() -> _HmmModel:
    """jieba's HMM tables, read once (jieba never changes them)."""
    from jieba import finalseg

    start = tuple(finalseg.start_P[y] for y in "BMSE")
    trans = tuple(finalseg.trans_P[a][b] for a, b in ("BE", "BM", "EB", "ES", "MM", "ME", "SB", "SS"))
    emissions = _Emissions(tuple(finalseg.emit_P[y] for y in "BMSE"), finalseg.MIN_FLOAT)
    return _HmmModel(start, trans, emissions, finalseg.Force_Split_Words)


class _Emissions(dict):
    """Character -> its emission log probability in each state (B, M, S, E), looked up in
    jieba's four tables when first met: one lookup per character for the Viterbi loop.

    >>> e = _Emissions(({"甲": -1.0}, {}, {"甲": -2.0}, {}), -9.0)
    >>> e["甲"], e["乙"]
    ((-1.0, -9.0, -2.0, -9.0), (-9.0, -9.0, -9.0, -9.0))
    """

    def __init__(self, tables: tuple[dict[str, float], ...], unseen: float):
        super().__init__()
        self.tables, self.unseen = tables, unseen

    def __missing__(self, char: str) -> tuple[float, ...]:
        found = self[char] = tuple(table.get(char, self.unseen) for table in self.tables)
        return found


def _viterbi_words(run: str, model: _HmmModel) -> list[str]:
    """jieba's HMM words of a run of Chinese characters (`finalseg.__cut`): the same best
    path, with the same sums in the same order and ties broken as jieba's `max` over
    (probability, state letter) breaks them, kept as one back pointer per state and character.

    >>> _viterbi_words("马小红边", _hmm_model())
    ['马小红边']
    """
    t_be, t_bm, t_eb, t_es, t_mm, t_me, t_sb, t_ss = model.trans
    emissions = model.emissions
    s_b, s_m, s_s, s_e = model.start
    e_b, e_m, e_s, e_e = emissions[run[0]]
    v_b, v_m, v_s, v_e = s_b + e_b, s_m + e_m, s_s + e_s, s_e + e_e
    back = []  # per character after the first: the state before it, for each state it may be in
    for c in run[1:]:
        e_b, e_m, e_s, e_e = emissions[c]
        # each state has two possible predecessors; on a tie jieba keeps the later letter
        x, y = v_e + t_eb + e_b, v_s + t_sb + e_b
        n_b, from_b = (x, END) if x > y else (y, SINGLE)
        x, y = v_m + t_mm + e_m, v_b + t_bm + e_m
        n_m, from_m = (x, MIDDLE) if x >= y else (y, BEGIN)
        x, y = v_s + t_ss + e_s, v_e + t_es + e_s
        n_s, from_s = (x, SINGLE) if x >= y else (y, END)
        x, y = v_b + t_be + e_e, v_m + t_me + e_e
        n_e, from_e = (x, BEGIN) if x > y else (y, MIDDLE)
        back.append((from_b, from_m, from_s, from_e))
        v_b, v_m, v_s, v_e = n_b, n_m, n_s, n_e
    state = SINGLE if v_s >= v_e else END  # the path ends in E or S, S on a tie
    path = [state]
    for pointers in reversed(back):
        state = pointers[state]
        path.append(state)
    path.reverse()
    return _words_of_states(run, path)


def _words_of_states(run: str, path: list[int]) -> list[str]:
    """The words of `run` whose characters are in the states of `path` (`finalseg.__cut`):
    B..E and S are words; what follows the last word is one more.

    >>> _words_of_states("甲乙丙丁", [BEGIN, END, SINGLE, BEGIN])
    ['甲乙', '丙', '丁']
    """
    words, begin, after = [], 0, 0
    for i, state in enumerate(path):
        if state == BEGIN:
            begin = i
        elif state == END:
            words.append(run[begin : i + 1])
            after = i + 1
        elif state == SINGLE:
            words.append(run[i])
            after = i + 1
    if after < len(run):
        words.append(run[after:])
    return words


def _best_ends(run: str) -> list[int]:
    """Where the word starting at each position of a run ends on jieba's best path
    (`Tokenizer.get_DAG` and `Tokenizer.calc` in one backward pass).

    >>> _best_ends("北京大学")
    [4, 2, 4, 4]
    """
    t = tokenizer()
    log_p, get = _log_probabilities(), t.FREQ.get
    logtotal = log(t.total)
    n = len(run)
    score = [0.0] * (n + 1)  # the best path's log probability from each position to the end
    ends = list(range(1, n + 1))
    k = n
    for char in reversed(run):
        k -= 1
        # the dictionary words that start at k, shortest first: the character alone first
        p = log_p.get(char)
        if p is None:
            f = get(char)
            if f is None:  # not even a prefix: the character alone, as jieba scores an unknown one
                score[k] = log(1) - logtotal + score[k + 1]
                continue
            p = log_p[char] = log(f) - logtotal if f else False
        best = None if p is False else p + score[k + 1]  # (log f - log total) + rest, in jieba's order
        j = k + 2
        while j <= n:  # longer words, until jieba's prefix dict says no word goes on
            frag = run[k:j]
            p = log_p.get(frag)
            if p is None:
                f = get(frag)
                if f is None:  # the walk ends: no word starts with frag
                    log_p[frag] = _NO_WORD
                    break
                p = log_p[frag] = log(f) - logtotal if f else False
            elif p is _NO_WORD:
                break
            if p is not False:
                p += score[j]
                if best is None or p >= best:  # jieba's max over (score, end): the longer word wins a tie
                    best = p
                    ends[k] = j
            j += 1
        if best is None:  # no word starts here: the character alone (ends[k] is k + 1)
            best = log(get(char) or 1) - logtotal + score[k + 1]
        score[k] = best
    return ends


_ASCII_ALNUM = re.compile("[a-zA-Z0-9]")  # jieba's re_eng


def _log_probabilities() -> dict[str, float | bool | object]:
    """Dictionary word -> log(frequency) - log(total), prefix -> False, and a prefix with one
    more character that is neither -> `_NO_WORD`, filled as they are met.

    Every walk through the prefixes of a position ends at such a fragment, and asking jieba's
    dictionary of some 600,000 entries about it costs more than finding it here (the smaller
    table stays in the processor's cache). Words and prefixes are at most the dictionary's
    entries; the fragments that are neither grow with the text, so past `_MAX_NO_WORDS` more
    entries than the dictionary holds the table starts again.

    Kept while jieba's dictionary stays as loaded (its total and size): the project never
    adds words, and a word added later must not meet a stale entry.
    """
    t = tokenizer()
    state = (id(t.FREQ), len(t.FREQ), t.total)
    if _LOG_P["state"] != state or len(_LOG_P["table"]) > len(t.FREQ) + _MAX_NO_WORDS:
        _LOG_P["state"], _LOG_P["table"] = state, {}
    return _LOG_P["table"]


_LOG_P: dict = {"state": None, "table": {}}
_NO_WORD = object()  # a fragment that is no dictionary word and opens none
_MAX_NO_WORDS = 200_000  # about 20 MB of short strings
