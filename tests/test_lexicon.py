"""The segmenter the finders share: `lexicon.cut` gives jieba's words, with and without
its HMM, on any text; it only walks jieba's best path faster."""

from pathlib import Path

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kg.extract import lexicon


def jieba_words(text: str, hmm: bool) -> list[str]:
    return list(lexicon.tokenizer().cut(text, HMM=hmm))


@pytest.mark.parametrize(
    ("text", "hmm", "expected"),
    [
        ("湖北襄阳举行", False, ["湖北", "襄阳", "举行"]),
        ("北京大学", False, ["北京大学"]),
        ("社会长治久安", False, ["社会", "长治久安"]),
        # letters and digits of one character each join without the HMM
        ("在2025年,ABC公司", False, ["在", "2025", "年", ",", "ABC", "公司"]),
        ("a1b2", False, ["a1b2"]),
        # the HMM joins unknown single characters into a name
        ("马小红边说", True, ["马小红边", "说"]),
        ("马小红边说", False, ["马", "小", "红", "边", "说"]),
        # white space and marks outside the runs, one character each but white space
        ("公司 \r\n工会。。", False, ["公司", " ", "\r\n", "工会", "。", "。"]),
        ("", True, []),
        ("。", True, ["。"]),
    ],
)
def test_cut(text, hmm, expected):
    assert lexicon.cut(text, hmm=hmm) == expected == jieba_words(text, hmm)


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("hmm", [False, True])
def test_cut_is_jiebas_on_the_seeds(hmm):
    for page in sorted(SEEDS.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        assert lexicon.cut(text, hmm=hmm) == jieba_words(text, hmm), page.name


# characters of dictionary words and near-words, so that ties and long prefixes come up,
# with letters, digits, marks and white space between them
PIECES = st.sampled_from(
    ["北京", "大学", "长治", "久安", "社会", "工会", "主席", "马小红", "边", "说", "有限公司", "总工会", "市", "的",
     "和", "a", "B", "7", "_", "-", "%", ".", " ", "\r\n", "\n", "。", ",", "“", "”", "·", "𠀀", "々"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=6)), max_size=30).map("".join)


@seed(20261123)
@settings(max_examples=300, deadline=None)
@given(text=TEXT, hmm=st.booleans())
def test_cut_is_jiebas_on_any_text(text, hmm):
    assert lexicon.cut(text, hmm=hmm) == jieba_words(text, hmm)


# ---------------------------------------------------------------- the HMM that joins unknown characters


def finalseg_words(text: str) -> list[str]:
    from jieba import finalseg

    return list(finalseg.cut(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("马小红边", ["马小红边"]),
        ("李璉飞", ["李璉", "飞"]),
        ("李璉飞ab1", ["李璉", "飞", "ab1"]),
        ("璉飞说", ["璉", "飞", "说"]),
        ("龘", ["龘"]),  # no emission probability in any state: every sum ties
        ("龘龘龘", finalseg_words("龘龘龘")),
        ("甲", ["甲"]),
        ("", []),
        # letters, digits and marks are cut apart from the Chinese runs, as finalseg cuts them
        ("王A3.5%乙丙", ["王", "A3.5%", "乙丙"]),
        ("王A 3.5%,乙丙", ["王", "A", " ", "3.5%", ",", "乙丙"]),
        ("ab", ["ab"]),
        ("𠀀々", ["𠀀々"]),  # no Chinese run of finalseg's: one piece
    ],
)
def test_hmm_cut(text, expected):
    assert lexicon.hmm_cut(text) == expected == finalseg_words(text)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ("BE", ["甲乙"]),
        ("BMME", ["甲乙丙丁"]),
        ("SS", ["甲", "乙"]),
        ("BES", ["甲乙", "丙"]),
        ("SB", ["甲", "乙"]),  # a word begun and not ended: what follows the last word
        ("BM", ["甲乙"]),
        ("EE", ["甲", "甲乙"]),  # an end without a begin runs from the last begin (0), as in jieba
    ],
)
def test_words_of_states(states, expected):
    run = "甲乙丙丁"[: len(states)]
    path = ["BMSE".index(s) for s in states]
    assert lexicon._words_of_states(run, path) == expected


@pytest.mark.parametrize(
    ("run", "ends", "expected"),
    [
        ("北京大学", [4, 2, 4, 4], ["北京大学"]),
        ("马小红边说", [1, 2, 3, 4, 5], ["马小红边", "说"]),  # the HMM joins the single characters
        ("工会马小红边说", [2, 2, 3, 4, 5, 6, 7], ["工会", "马小红边", "说"]),
        ("甲工会", [1, 3, 3], ["甲", "工会"]),  # one single character alone: no HMM
        ("甲乙", [1, 2], ["甲", "乙"]),  # a dictionary word of single characters: each alone
        ("", [], []),
    ],
)
def test_words_with_hmm(run, ends, expected):
    assert lexicon._words_with_hmm(run, ends) == expected
    if ends == lexicon._best_ends(run):  # a path jieba takes: its words
        assert expected == jieba_words(run, True)


# Chinese characters the HMM has seen and not seen, with what finalseg cuts apart
HMM_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("马小红边说王李飞的了是人在有") + ["a", "Z", "3", ".", "%", " ", "。", "𠀀"]),
    ),
    max_size=12,
)


@seed(20261124)
@settings(max_examples=500, deadline=None)
@given(text=HMM_TEXT)
def test_hmm_cut_is_finalsegs_on_any_text(text):
    assert lexicon.hmm_cut(text) == finalseg_words(text)


def test_fragments_that_are_no_words_are_kept_within_bounds(monkeypatch):
    # a tiny bound: the table starts again many times in one page, and the words stay jieba's
    monkeypatch.setattr(lexicon, "_MAX_NO_WORDS", 50)
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    assert lexicon.cut(text) == jieba_words(text, False)
    limit = len(lexicon.tokenizer().FREQ) + 50
    assert len(lexicon._log_probabilities()) <= limit
    assert any(v is lexicon._NO_WORD for v in lexicon._log_probabilities().values())
