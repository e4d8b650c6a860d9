"""Organization finder: (text, expected names) tables with context and boundary cases."""

import pytest

from kg.extract.organizations import find_organizations
from kg.model import Article


def orgs(text):
    return [
        (m.name, m.context) for m in find_organizations(Article("a", "s", 0, "", text))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("双鸭山市人大常委会副主任于世军表示", [("双鸭山市人大常委会", False)]),
        ("1995年,何成从武汉水利电力大学材料专业学成。", [("武汉水利电力大学", False)]),
        ("产业园里的天骄托育园自2023年开园以来", [("天骄托育园", False)]),
        (
            "托育园成立不久,泸州白酒产业园区管委会即入选名单",
            [("泸州白酒产业园区管委会", False)],
        ),
        ("入选全国总工会、国家卫生健康委联合公布的名单", [("国家卫生健康委", False)]),
        ("华灯初上,陕西省西安市工人文化宫普拉提教室里", [("西安市工人文化宫", False)]),
        (
            "边家村工人文化宫的书法教室墨香四溢,陕西省书协理事、西安市职工书协副主席赵刚",
            [
                ("边家村工人文化宫", False),
                ("陕西省书协", False),
                ("西安市职工书协", False),
            ],
        ),
        (
            "日前,陕西省推进产业工人队伍建设改革协调小组办公室印发通知",
            [("陕西省推进产业工人队伍建设改革协调小组办公室", False)],
        ),
        (
            "年会在广西壮族自治区总工会干部学校召开",
            [("广西壮族自治区总工会干部学校", False)],
        ),
        (
            "来自云南省一院、昆医大附一院、云南大学附属医院等",
            [
                ("云南省一院", False),
                ("昆医大附一院", False),
                ("云南大学附属医院", False),
            ],
        ),
        (
            "中国中共党史学会中国工人历史研究分会召开研讨会",
            [
                ("中国中共党史学会", False),
                ("中国中共党史学会中国工人历史研究分会", False),
            ],
        ),
    ],
)
def test_full_names(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "在四川省委办公厅、省政府印发的方案中",
            [("四川省委办公厅", False), ("四川省政府", False)],
        ),
        (
            "石家庄市总联合市教育局、市工商联、市企业家协会建起联盟",
            [
                ("石家庄市教育局", False),
                ("石家庄市工商联", False),
                ("石家庄市企业家协会", False),
            ],
        ),
        ("同时,泰安市总与市广播电视台合作开播栏目", [("泰安市广播电视台", False)]),
        (
            "贵州省仁怀市长岗镇坚持党建引领。镇党委深化队网合一。",
            [("长岗镇党委", False)],
        ),
        (
            "贵州双龙航空港经济区健全体系。由经济区党工委领导主持座谈会。",
            [("贵州双龙航空港经济区党工委", False)],
        ),
        ("市教育局印发通知", [("市教育局", True)]),
    ],
)
def test_context_references(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "小佳今年考上了大学,但学费却让她犯了难",
        "这位畜牧科班出身的大学生",
        "从兄弟城市工会中学习先进经验",
        "过去工人文化宫受众以中老年人为主",
        "在整体上提升工人文化宫的软硬件水平",
        "西安各工人文化宫整合课程项目",
        "实现与12家三甲医院的数据互联",
        "累计向党委、政府提供资政报告",
    ],
)
def test_generic_words_are_not_organizations(text):
    assert orgs(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("由山西省委宣传部、省总工会主办", [("山西省委宣传部", False)]),
        ("北京市西城区人民法院判决", [("西城区人民法院", False)]),
        (
            "广东南华工商职业学院举行典礼",
            [("广东南华工商职业学院", False)],
        ),  # a short place form stays in the name
        (
            "近日,江西省赣州市南康区总工会联合区家具协会开展比武。",
            [("南康区家具协会", False)],
        ),
        ("梅河口市总将会同人社局等部门开展竞赛", [("梅河口市人社局", False)]),
        (
            "中国中共党史学会中国工人历史与现状研究分会召开研讨会",
            [
                ("中国中共党史学会", False),
                ("中国中共党史学会中国工人历史与现状研究分会", False),
            ],
        ),
        ("由梅河口市总和梅河新区卫生健康局联合举办", [("梅河新区卫生健康局", False)]),
        (
            "他毕业于清华大学,后来到对外经济贸易大学任教",
            [("清华大学", False), ("对外经济贸易大学", False)],
        ),  # 于 glued to 清华
        (
            "南康区总工会开展活动,区委、区政府高度重视。",
            [("南康区委", False), ("南康区政府", False)],
        ),
    ],
)
def test_unseen_style_sentences(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "双鸭山市总工会组织部部长李璉飞告诉记者",  # a union's department
        "市总专门组织部分年轻干部走进产业园",  # 组织部分 is not 组织部
        "实现小事不出组、大事不出镇。镇党委深化改革。",  # no town is named: 镇党委 stays unresolved
        "青岛高新区一院南经开区东西部协作推进会",
        "企业工会、区域性行业工会联合会纷纷成立",  # a union word, not an association
        "组建3家“青岛高新工匠学院”",  # a quoted brand
        "双鸭山市总工会办公室负责人说",  # a union's own office
    ],
)
def test_regression_negatives(text):
    assert [o for o in orgs(text) if not o[1]] == []
