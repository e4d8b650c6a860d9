"""kg.text: width folding, sentences and the paragraph shapes the page splitter reads."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.text import (
    continues,
    ends_sentence,
    is_balanced,
    is_fragment_start,
    is_heading,
    is_kicker,
    longest_alternation,
    normalize_width,
    sentence_at,
    split_sentences,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（记者张某）", "(记者张某)"),
        ("２０２５年", "2025年"),
        ("工会\u3000驿站", "工会 驿站"),
        ("“智慧口岸”", "“智慧口岸”"),  # CJK quotation marks are not ASCII: left alone
    ],
)
def test_normalize_width(text, expected):
    out = normalize_width(text)
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("他说:“好。”我们走。\n新段", ["他说:“好。”", "我们走。", "新段"]),
        ("甲!乙?丙", ["甲!", "乙?", "丙"]),
        ("  前导空格。", ["前导空格。"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize("text, pos, expected", [("甲。乙丙。", 3, "乙丙。"), ("甲。乙丙。", 0, "甲。")])
def test_sentence_at(text, pos, expected):
    a, b = sentence_at(text, pos)
    assert text[a:b] == expected


def test_sentence_at_outside_any_sentence_is_empty():
    assert sentence_at("甲。\n\n", 3) == (3, 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("破解年轻干部成长难题", True),
        ("技改创新 点“煤”成金", True),
        ("“思政课上,职工和学生听得眼睛都亮了”", True),  # a quoted headline may hold a comma
        ("某市总与时俱进提升服务,将文化宫打造成“学校和乐园”——", True),  # kicker
        ("某市总建立考评机制,打造专业化干部队伍—— 让年轻干部“深扎根”", True),  # kicker + title on one line
        ("一、加强组织建设", True),
        ("他说,好。", False),
        ("“好!”", False),  # a short quote, not a title
        ("某市总工会最新出台的《加强市总", False),  # an open bracket: cut mid-title
        ("……", False),
        ("", False),
        ("这是一段很长很长的正文没有任何标点但是它的长度已经远远超过了任何一个标题可能的长度上限所以它不会被当作标题来读", False),
    ],
)
def test_is_heading(text, expected):
    assert is_heading(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("某市总打造“学校和乐园”——", True), ("某市总打造“学校和乐园”", False), ("他说——", True)],
)
def test_is_kicker(text, expected):
    assert is_kicker(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("工会出台了措施。", True),
        ("他说:“好。”", True),
        ("贺某说。(龙某某)", True),
        ("助力他们", False),
        ("散装粮食专列与“智", False),
        ("打造了“新音台”", False),  # a quoted term ends no sentence
        ("某市总打造“学校和乐园”——", True),
    ],
)
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("某市总出台的《十条措施》", True), ("某市总出台的《加强市总", False), ("“智", False), ("三一(塔城)风电", True)],
)
def test_is_balanced(text, expected):
    assert is_balanced(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("领、砥砺一流作风,市总出台了举措。", True),
        ("来。40亩的项目就这样落了地。", True),
        (",让通关效率大幅提升。", True),
        ("此外,市总每年还开展培训。", False),
        ("一、加强组织建设", False),
        ("2、完善制度", False),
        ("年初以来,市总建立了机制。", False),
    ],
)
def test_is_fragment_start(text, expected):
    assert is_fragment_start(text) is expected


@pytest.mark.parametrize(
    "prev, nxt, expected",
    [
        # a paragraph cut mid-sentence
        ("通过聚焦关注、专题研究等方式,助力他们", "承担起推动工运事业发展的重要使命。", True),
        # a word cut across the break: 青 / 岛市总, 三 / 意秦腔, “智 / 慧口岸”
        ("这是某市总在学习兄弟工会的做法。青", "岛市总探索建立相结合的培训新模式。", True),
        ("“用腹式呼吸,声音集中在鼻腔……”跟着三", "意秦腔演员学习发声技巧,生活变得有滋有味。", True),
        ("选择口岸,看中的就是这里的效率。散装粮食专列与“智", "慧口岸”的建设,让通关效率大幅提升。", True),
        # a short cut line that looks like a title, and a cut inside 《》
        ("为保障年轻干部在基层一线练就过硬本", "领、砥砺一流作风,市总出台了保障举措。", True),
        ("某市总工会最新出台的《加强市总", "直属文化宫管理十条措施》中,标准化是关键词。", True),
        # not joined: a finished paragraph, a heading on either side
        ("工会出台了措施。", "此外,市总还开展培训。", False),
        ("破解年轻干部成长难题", "年初以来,某市总建立了一套机制。", False),
        ("某市总在推进中聚焦主责主业,关注难题", "助力年轻干部勇挑重担", False),
        ("", "正文。", False),
    ],
)
def test_continues(prev, nxt, expected):
    assert continues(prev, nxt) is expected


@pytest.mark.parametrize(
    "words, text, expected",
    [
        (["工会", "总工会", "工会联合会"], "市总工会和工会联合会", ["总工会", "工会联合会"]),
        (["工会", "工会联合会"], "工会联合", ["工会"]),  # the longer word fails: the shorter one stands
        (["中心", "中学", "中"], "中心中学中", ["中心", "中学", "中"]),
        (["a.b", "a"], "a.b axb", ["a.b", "a"]),  # regex characters are escaped
        (["局"], "", []),
    ],
)
def test_longest_alternation(words, text, expected):
    assert re.findall(longest_alternation(words), text) == expected


@given(st.lists(st.text("abc", min_size=1, max_size=4), min_size=1, max_size=8), st.text("abcd", max_size=30))
def test_longest_alternation_matches_as_the_longest_first_alternation(words, text):
    longest_first = "|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))
    trie = re.compile(longest_alternation(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in re.finditer(longest_first, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ""),
        ("（记者张某）２０２５", "(记者张某)2025"),
        ("全角　空格", "全角 空格"),
        ("ＡＢｃ～！", "ABc~!"),
        ("｟不在范围｠", "｟不在范围｠"),  # U+FF5F/FF60 are not full-width ASCII
        ("半角 (ok) 2025", "半角 (ok) 2025"),
    ],
)
def test_normalize_width_folds_only_full_width_ascii(text, expected):
    from kg.text import normalize_width

    assert normalize_width(text) == expected
    assert len(normalize_width(text)) == len(text)
