"""Honour mentions: level + title, regional craftsman titles, talent titles, achievement
awards and titles for bodies; generic uses of 劳模/工匠 are not honours."""

import pytest

from kg.extract import finditer_near
from kg.extract.honours import _title_word, find_honours, load_patterns
from kg.extract.people import _find_all
from kg.model import Article


def honours(text: str) -> list[tuple[str, str]]:
    """(canonical name, surface) pairs."""
    return [(m.name, m.text) for m in find_honours(Article("a", "s", 0, "", text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全国劳动模范张高津、全国五一劳动奖章获得者刘凤媛", [("全国劳动模范", "全国劳动模范"), ("全国五一劳动奖章", "全国五一劳动奖章")]),
        ("当问及今年当选全国劳模的感受", [("全国劳动模范", "全国劳模")]),
        ("广东省劳动模范梁永昌代表毕业生", [("广东省劳动模范", "广东省劳动模范")]),
        ("浙江省五一劳动奖章获得者", [("浙江省五一劳动奖章", "浙江省五一劳动奖章")]),
        ("他先后被评为省劳动模范、市五一劳动奖章获得者", [("省劳动模范", "省劳动模范"), ("市五一劳动奖章", "市五一劳动奖章")]),
        ("全国劳动模范、新疆工匠年度人物、国家电网工匠……", [("全国劳动模范", "全国劳动模范"), ("新疆工匠年度人物", "新疆工匠年度人物"), ("国家电网工匠", "国家电网工匠")]),
        ("享有盛誉的大国工匠杨永修", [("大国工匠", "大国工匠")]),
        (",津门工匠白津生", [("津门工匠", "津门工匠")]),
        ("培养出“天山英才”1人", [("天山英才", "天山英才")]),
        ("等成果项目刚荣获省级“五小”优秀成果奖", [("五小优秀成果奖", "省级“五小”优秀成果奖")]),
        ("推荐评选五一劳动奖等各类奖项的优先条件", [("五一劳动奖", "五一劳动奖")]),
        ("即入选100家2023年全国爱心托育用人单位。", [("全国爱心托育用人单位", "全国爱心托育用人单位")]),
        # generic uses of the title words
        ("7家劳模创新工作室、劳模精神代代传", []),
        ("这是一位工匠对初心的诠释,厚植工匠文化", []),
        ("李万君、王善更等知名工匠先后来辽源", []),
        ("组建3家“青岛高新工匠学院”", []),
        ("并优先推荐评选劳动模范", []),
        ("来自全国各工会干部院校等单位的专家", []),
        ("工会和市劳动模范协会", []),
        # a competition cup named after a title, and a book title
        ("“齐鲁工匠”杯职业技能大赛开幕", []),
        ("赠送图书《大国工匠人物传》", []),
        ("“大国工匠年度人物”某某等6位", [("大国工匠年度人物", "大国工匠年度人物")]),
        # titles named by a head noun: quoted, listed before 称号, or after an award verb
        ("在帮扶村选树“自主脱贫红旗示范户”,以此激发动力", [("自主脱贫红旗示范户", "自主脱贫红旗示范户")]),
        ("获得了“就业创业示范户”和“孝老敬老示范户”称号", [("就业创业示范户", "就业创业示范户"), ("孝老敬老示范户", "孝老敬老示范户")]),
        ("他被授予“全国文明家庭”荣誉称号", [("全国文明家庭", "全国文明家庭")]),
        ("评选表彰“月度岗位能手”“年度岗位工匠”", [("月度岗位能手", "月度岗位能手"), ("年度岗位工匠", "年度岗位工匠")]),
        ("活动表彰了环卫抗疫先锋,环卫抗疫先锋代表讲述故事", [("环卫抗疫先锋", "环卫抗疫先锋"), ("环卫抗疫先锋", "环卫抗疫先锋")]),
        ("她被评为“最美环卫工人”", [("最美环卫工人", "最美环卫工人")]),
        ("中国青年五四奖章评选结果揭晓", [("中国青年五四奖章", "中国青年五四奖章")]),
        # a scope word as the level: 全区, 全省, 自治区
        ("青禾市总工会连续12年被评为全区工会帮扶工作先进单位。", [("全区工会帮扶工作先进单位", "全区工会帮扶工作先进单位")]),
        ("他被评为全省优秀工会工作者。", [("全省优秀工会工作者", "全省优秀工会工作者")]),
        ("该公司荣获自治区五一劳动奖状。", [("自治区五一劳动奖状", "自治区五一劳动奖状")]),
        ("全区各级工会先进单位", []),
        # a contest named after a title is no honour (it is a programme)
        ("市总工会举办“龙城工匠”技能比武,共有800余名选手参赛。", []),
        # generic titles, themes and cups are not
        ("表彰了一批先进个人,评为优秀标兵", []),
        ("以“疫路有您·礼赞先锋”为主题", []),
        ("选树一批劳模工匠", []),
        ("“巴渝工匠”杯职业技能竞赛", []),
    ],
)
def test_find_honours(text, expected):
    assert honours(text) == expected


# --- finditer_near: the honour patterns tried only near their titles find what finditer finds


@pytest.mark.parametrize(
    "text",
    [
        "全国劳动模范、广东省五一劳动奖章、被评为省劳动模范和市劳模",
        "黑龙江省劳动模范,内蒙古自治区五一劳动奖章,中央企业劳动模范",
        "工会和市劳动模范座谈,劳模创新工作室,大国工匠年度人物",
        "新疆工匠年度人物、津门工匠、一位工匠、齐鲁工匠精神",
        "“五小”优秀成果奖,省级“金点子”优秀成果奖,全国创新优秀成果奖",
        "没有称号的一句话。",
        "",
    ],
)
def test_near_titles_as_finditer(text):
    p = load_patterns()
    cases = [
        (p.titled, [m.start() for m in _title_word(p.title_words).finditer(text)], p.level_max, max(map(len, p.title_words)) - 1),
        (p.craftsman, list(_find_all(text, "工匠")), 4, -2),
        (p.award, list(_find_all(text, "优秀成果奖")), 8, -2),
    ]
    for pattern, anchors, before, after in cases:
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in finditer_near(pattern, text, anchors, before, after)] == expected
