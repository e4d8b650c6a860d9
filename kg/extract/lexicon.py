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
from functools import cache, lru_cache


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
