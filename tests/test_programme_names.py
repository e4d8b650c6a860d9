"""Programmes named by a shape (kg/extract/programme_names.py): tables of (text, expected names)."""

import re

import pytest

from kg.extract import find_mentions
from kg.extract.programme_names import (
    _FORMULA,
    _NUM,
    _hotline_pattern,
    find_named_programmes,
    load_cues,
)
from kg.model import Article, EntityType


def names(text: str) -> list[str]:
    return sorted({m.name for m in find_named_programmes(Article("a", "s", 0, "", text))})


@pytest.mark.parametrize(
    "text, expected",
    [
        # a contest a division opens, also a chain of divisions
        ("连续5届包揽辽宁省朝阳市职工技能大赛焊工赛项状元。", ["辽宁省朝阳市职工技能大赛"]),
        ("9个工种进入湖北省职工技能大赛前10名。", ["湖北省职工技能大赛"]),
        ("云南省妇幼健康职业技能竞赛省级决赛在昆明市开赛。", ["云南省妇幼健康职业技能竞赛"]),
        ("苏州市第五届职工运动会开幕。", ["苏州市第五届职工运动会"]),
        # regression: a union named earlier in the clause hid the division that opens the contest
        ("北京市总工会联合市人社局举办北京市职工职业技能大赛。", ["北京市职工职业技能大赛"]),
        # an unquoted cup names its contest
        ("他参加振兴杯全国青年职业技能大赛获奖。", ["振兴杯全国青年职业技能大赛"]),
        # a service line a number opens
        ("依托12351工会服务职工热线平台,集中受理职工诉求。", ["12351工会服务职工热线平台"]),
        ("职工可拨打12351职工服务热线咨询。", ["12351职工服务热线"]),
        # a mixed-script brand and its software
        ("工会开发了学习系统和凌钢e家手机培训软件,职工可以随时学习。", ["凌钢e家手机培训软件"]),
        # a site a clause boundary opens
        ("在江苏教科技服务网推出线上健康服务专区。", ["江苏教科技服务网"]),
        # formulas
        ("建立“工会+培训”“工会+招聘”的服务体系。", ["工会+培训", "工会+招聘"]),
        ("建立9个“工会+法院”劳动争议多元调解中心。", ["工会+法院劳动争议多元调解中心"]),
        ("市总深化“普惠+特殊”服务形式,打造升级版。", ["普惠+特殊服务形式"]),
        ("打造的培训、练兵、比武等五位一体的职工技能提升体系。", ["五位一体"]),
        ("“五位一体”激励职工创新。工会打造五位一体的职工技能提升体系。", ["五位一体"]),
        # a quote joined to an event head the quote finder lacks
        ("欢迎乘坐‘爱之旅—20240831号’爱情专列。", ["爱之旅—20240831号爱情专列"]),
        ("“爱情专列”启程。", ["爱情专列"]),
        ("“与国同庆 鹊在泉城”济南市青年职工集体婚礼在湖畔举行。", ["与国同庆 鹊在泉城济南市青年职工集体婚礼"]),
        # an event co-titled after 暨
        ("第三届“会聚良缘”七夕相亲大会暨海右青年人才交友活动在济南举办。", ["会聚良缘七夕相亲大会", "海右青年人才交友活动"]),
    ],
)
def test_named_programmes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # generic activities without a proper name
        "工会开展技能培训和婚恋交友活动。",
        "今年开展职工技能大赛,参赛职工达千人。",
        "组织全市职工技能大赛,评出一批能手。",
        "在朝阳市举办职工技能大赛。",
        "青岛市总工会举办职工技能大赛。",
        "表彰大会暨全市职工技能大赛颁奖仪式举行。",
        "启动仪式暨职工志愿服务活动举行。",
        "全市企业参加了安全生产知识竞赛暨应急演练活动。",
        "河南省总工会第十届职工运动会在郑州开幕。",
        # a year or a count is no number name; a phone number is no brand
        "2024年以来开通热线,受理诉求300余件。",
        "全年受理热线电话500多个。",
        # generic software, acronyms, and sites
        "职工可通过手机APP报名,也可下载安装工会APP。",
        "推动AI技术平台建设。",
        "借助网上服务网办理。",
        "他带领团队开发了智能巡检App,效率提升30%。",
        "公司上线了OA系统和ERP平台。",
        # slogans and compositions that are not formulas of a programme
        "“线上+线下”助力职工脱单。",
        "迈入‘互联网+’时代。",
        "搭起“工会+教育+企业+学校”的四位一体合作平台。",
        "选煤厂以“现场诊断+精准技改”破局。",
        # per-unit policies and idioms are no system names
        "推行一企一策帮扶机制和一对一帮扶机制。",
        "二是一体化推进机制建设。",
        "大家一心一意干工作。",
    ],
)
def test_no_programme(text):
    assert names(text) == []


def test_quote_finder_wins_a_tie():
    """The quote finder's name stays when both finders take the same quote (“2+3”培训模式)."""
    text = "采用“2+3”培训模式,即2天理论加3天实训。"
    found = [m for m in find_mentions(Article("a", "s", 0, "", text)) if m.type is EntityType.PROGRAMME]
    assert [m.name for m in found] == ["2+3培训模式"]


# --- the patterns written with their first character first match as the lookbehind-first ones

_FORMULA_LOOKBEHIND_FIRST = re.compile(rf"(?<![{_NUM}第])((?:[{_NUM}](?:(?![{_NUM}是个次年月日号要在的对为和与及等])[\u4e00-\u9fff]){{1,2}}?){{2,3}})")


@pytest.mark.parametrize(
    "text",
    ["五位一体的职工技能提升体系", "第三届一中心一张网十联户", "二是一体化", "12三化一型", "一企一策", "三位一体服务模式,五位一体", ""],
)
def test_formula_pattern_as_lookbehind_first(text):
    assert [m.span(1) for m in _FORMULA.finditer(text)] == [m.span(1) for m in _FORMULA_LOOKBEHIND_FIRST.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["依托12351工会服务职工热线平台", "第12351热线", "3.12351热线", "2024年以来的热线", "拨打123456789服务热线", "12351热线和12345热线平台"],
)
def test_hotline_pattern_as_lookbehind_first(text):
    heads = "|".join(map(re.escape, load_cues().hotline_heads))
    lookbehind_first = re.compile(rf"(?<![0-9第.])[0-9]{{3,6}}(?![0-9年月日号万亿余多个名人家次元项条场期所座户件位天届周岁])[\u4e00-\u9fff]{{0,12}}?(?:{heads})")
    assert [m.span() for m in re.finditer(_hotline_pattern(load_cues().hotline_heads), text)] == [m.span() for m in lookbehind_first.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("凌钢e家手机培训软件", ["e"]),
        ("ABCDEFG工会App", ["ABCD", "EFG", "App"]),
        ("i工会,AI", ["i", "AI"]),
        ("没有字母", []),
    ],
)
def test_latin_runs_are_found_as_the_repeat_finds_them(text, expected):
    from kg.extract.programme_names import _LATIN

    assert [m.group() for m in _LATIN.finditer(text)] == expected
    assert [m.span() for m in _LATIN.finditer(text)] == [m.span() for m in re.finditer(r"[A-Za-z]{1,4}", text)]
