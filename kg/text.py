"""Pure string helpers: width normalisation, sentence splitting.

Every helper here keeps string length, so offsets computed on the output are
offsets into the input.
"""

from __future__ import annotations

import re

# Full-width ASCII (Ａ-ｚ, ０-９, （ ）...) -> ASCII; ideographic space -> space.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20

SENTENCE_END = "。！？!?；;"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[”’」』\"]?|\n|$)")


def normalize_width(text: str) -> str:
    """Fold full-width ASCII to half width, keeping the length.

    >>> normalize_width("（记者张坤）２０２５")
    '(记者张坤)2025'
    """
    return text.translate(_WIDTH)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, closing quotes kept with their sentence.

    >>> t = "他说:“好。”我们走。\\n新段"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['他说:“好。”', '我们走。', '新段']
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


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
