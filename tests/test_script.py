"""kg.script: Traditional pages read as Simplified, with their original surface forms."""

import pytest

from kg.corpus import split_articles
from kg.model import Page
from kg.script import (
    align_original,
    is_traditional,
    original_form,
    to_simplified,
    traditional_share,
)


@pytest.mark.parametrize(
    "text, traditional",
    [
        ("山東省總工會召開全委會議", True),
        ("山东省总工会召开全委会议", False),
        ("工会", False),  # no character that differs between the scripts
        ("", False),
        ("本报讯 部长李璉飞出席会议并讲话,要求各级工会做好服务", False),  # a name in Traditional on a Simplified page
        ("本報訊 部長李琏飛出席會議", True),  # and the other way round
        ("Union 2025", False),
    ],
)
def test_is_traditional(text, traditional):
    assert is_traditional(text) is traditional


def test_traditional_share_counts_only_characters_that_differ():
    assert traditional_share("工人日報") == 1.0
    assert traditional_share("工人日報 工人日报") == 0.5


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("山東省總工會", "山东省总工会"),
        ("勞動模範、職工之家", "劳动模范、职工之家"),
        ("乾隆年間 幹部", "乾隆年间 干部"),  # phrase tables: 乾 stays in 乾隆
        ("頭髮\n後來", "头发\n后来"),
        ("著力 裡面 台灣", "着力 里面 台湾"),  # Taiwan forms
        ("衞生 枱賬", "卫生 台账"),  # Hong Kong forms
        ("ＡＢＣ（記者）", "ＡＢＣ（记者）"),
        ("", ""),
    ],
)
def test_to_simplified_keeps_the_length(traditional, simplified):
    out = to_simplified(traditional)
    assert out == simplified and len(out) == len(traditional)


@pytest.mark.parametrize(
    "text, converted, original, expected",
    [
        ("总工会", "总工会", "總工會", "總工會"),
        ("标题\n正文", "## 标题\n\n(上接第1版)正文", "## 標題\n\n(上接第1版)正文", "標題\n正文"),  # marks and markers dropped
        ("工会", "职工", "職工", ""),  # not a subsequence
        ("工会", "工会", "工會会", ""),  # lengths differ: no alignment
    ],
)
def test_align_original(text, converted, original, expected):
    assert align_original(text, converted, original) == expected


def test_split_articles_carry_the_original_of_a_traditional_page():
    original = "山東省總工會舉辦技能競賽\n\n本報記者 王某明\n\n近日,山東省總工會在濟南舉辦職工技能競賽。"
    page = Page("t.txt", to_simplified(original), original=original)
    [article] = split_articles(page)
    assert len(article.original) == len(article.text)
    start = article.text.index("山东省总工会")
    assert original_form(article, start, start + 6) == "山東省總工會"
    assert original_form(article, 0, 1) is None  # 山 reads the same
    assert article.text.replace("\n", "") == to_simplified(original).replace("\n", "")


def test_a_simplified_page_has_no_original():
    [article] = split_articles(Page("s.txt", "山东省总工会举办技能竞赛\n\n近日,山东省总工会举办职工技能竞赛。"))
    assert article.original == "" and original_form(article, 0, 6) is None
