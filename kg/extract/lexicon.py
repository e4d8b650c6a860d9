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
    path with the same arithmetic, so every tie breaks as in jieba; the HMM that joins
    unknown characters runs on jieba's model, its states unrolled (`_hmm_words`).

    >>> cut("湖北襄阳举行"), cut("在2025年,ABC公司"), cut("马小红边说", hmm=True)
    (['湖北', '襄阳', '举行'], ['在', '2025', '年', ',', 'ABC', '公司'], ['马小红边', '说'])
    """
    import jieba

    words: list[str] = []
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        if jieba.re_han_default.match(block):
            words += _cut_run(block, hmm)
            continue
        for piece in jieba.re_skip_default.split(block):  # what jieba yields outside runs
            if jieba.re_skip_default.match(piece):
                words.append(piece)
            else:
                words.extend(piece)
    return words


def _cut_run(run: str, hmm: bool) -> list[str]:
    """jieba's words of one run of word characters (`__cut_DAG`, `__cut_DAG_NO_HMM`)."""
    ends, words, x, buf = _best_ends(run), [], 0, ""
    while x < len(run):
        y = ends[x]
        if y - x == 1 and (hmm or _ASCII_ALNUM.match(run, x)):
            buf += run[x]  # single characters wait: the HMM joins them, and letters and digits join
        else:
            if buf:
                words += _flush(buf, hmm)
                buf = ""
            words.append(run[x:y])
        x = y
    if buf:
        words += _flush(buf, hmm)
    return words


def _flush(buf: str, hmm: bool) -> list[str]:
    """What jieba yields for a run of single characters: joined letters and digits without
    the HMM; with it, the HMM's words when the run is no dictionary word, else each character."""
    if not hmm or len(buf) == 1:
        return [buf]
    if frequency(buf):
        return list(buf)
    return _hmm_cut(buf)


def _hmm_cut(text: str) -> list[str]:
    """`list(jieba.finalseg.cut(text))`: the HMM's words of each run of Han characters
    (`_hmm_words`), anything else as finalseg splits it.

    >>> _hmm_cut("马小红边"), _hmm_cut("李璉飞ab1")
    (['马小红边'], ['李璉', '飞', 'ab1'])
    """
    from jieba import finalseg

    words: list[str] = []
    for block in finalseg.re_han.split(text):
        if finalseg.re_han.match(block):
            for word in _hmm_words(block, finalseg):
                if word in finalseg.Force_Split_Words:
                    words.extend(word)
                else:
                    words.append(word)
        else:
            words += [x for x in finalseg.re_skip.split(block) if x]
    return words


def _hmm_words(run: str, finalseg) -> list[str]:
    """jieba's HMM words of a run of Han characters (`finalseg.viterbi` and `__cut`).

    finalseg keeps a dict per position and a path list per state, and takes each max
    over a list of (probability, state) tuples; here the four states are unrolled with
    the same sums in the same order, ties broken as those tuples break them (the later
    state letter wins), and the path is read back from pointers.

    >>> from jieba import finalseg
    >>> _hmm_words("马小红边", finalseg), _hmm_words("璉飞说", finalseg)
    (['马小红边'], ['璉', '飞', '说'])
    """
    low = finalseg.MIN_FLOAT
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    e_b, e_m, e_e, e_s = emit["B"].get, emit["M"].get, emit["E"].get, emit["S"].get
    # trans_p[y0].get(y) for the pairs of PrevStatus: B <- E, S; M <- M, B; S <- S, E; E <- B, M
    t_eb, t_sb = trans["E"].get("B", low), trans["S"].get("B", low)
    t_mm, t_bm = trans["M"].get("M", low), trans["B"].get("M", low)
    t_ss, t_es = trans["S"].get("S", low), trans["E"].get("S", low)
    t_be, t_me = trans["B"].get("E", low), trans["M"].get("E", low)
    c = run[0]
    v_b, v_m = start["B"] + e_b(c, low), start["M"] + e_m(c, low)
    v_e, v_s = start["E"] + e_e(c, low), start["S"] + e_s(c, low)
    back = []  # per position after the first: the state each state came from
    for c in run[1:]:
        em = e_b(c, low)
        p_e, p_s = v_e + t_eb + em, v_s + t_sb + em
        n_b, f_b = (p_s, "S") if p_s >= p_e else (p_e, "E")  # max([(p_e, "E"), (p_s, "S")])
        em = e_m(c, low)
        p_m, p_b = v_m + t_mm + em, v_b + t_bm + em
        n_m, f_m = (p_b, "B") if p_b > p_m else (p_m, "M")  # max([(p_m, "M"), (p_b, "B")])
        em = e_s(c, low)
        p_s, p_e = v_s + t_ss + em, v_e + t_es + em
        n_s, f_s = (p_e, "E") if p_e > p_s else (p_s, "S")  # max([(p_s, "S"), (p_e, "E")])
        em = e_e(c, low)
        p_b, p_m = v_b + t_be + em, v_m + t_me + em
        n_e, f_e = (p_m, "M") if p_m >= p_b else (p_b, "B")  # max([(p_b, "B"), (p_m, "M")])
        v_b, v_m, v_s, v_e = n_b, n_m, n_s, n_e
        back.append({"B": f_b, "M": f_m, "S": f_s, "E": f_e})
    state = "S" if v_s >= v_e else "E"  # max((V[-1][y], y) for y in "ES")
    states = [state]
    for came in reversed(back):
        state = came[state]
        states.append(state)
    states.reverse()
    words, begin, rest = [], 0, 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            words.append(run[begin : i + 1])
            rest = i + 1
        elif state == "S":
            words.append(run[i])
            rest = i + 1
    if rest < len(run):
        words.append(run[rest:])
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
    for k in range(n - 1, -1, -1):
        best, i, frag = None, k, run[k]
        while True:  # the dictionary words that start at k: jieba's prefix dict says when to stop
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
                p += score[i + 1]  # (log f - log total) + rest, in jieba's order
                if best is None or p >= best:  # jieba's max over (score, end): the longer word wins a tie
                    best, ends[k] = p, i + 1
            i += 1
            if i == n:
                break
            frag = run[k : i + 1]
        if best is None:  # no word starts here: the character alone (ends[k] is k + 1)
            best = log(get(run[k]) or 1) - logtotal + score[k + 1]
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
