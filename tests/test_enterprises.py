"""Enterprise finder: (text, expected names) tables with left-boundary and subunit cases."""

import pytest

from kg.extract.enterprises import find_enterprises
from kg.model import Article, EntityType


def names(text):
    return [m.name for m in find_enterprises(Article("a", "s", 0, "", text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "走进阿拉山口金沙河面业有限公司,挂面车间一派繁忙。",
            ["阿拉山口金沙河面业有限公司"],
        ),
        # a bank's branch is named in full; a branch of a bare head is no name
        ("市总工会联合中国工商银行东江分行开展活动。", ["中国工商银行东江分行"]),
        ("中国农业银行青禾七里河支行工会获评先进。", ["中国农业银行青禾七里河支行"]),
        ("他在银行分行工作,后到公司分公司。", []),
        (
            "在位于塔城重点开发开放试验区的三一(塔城)风电设备有限公司,生产线正运转。",
            ["三一(塔城)风电设备有限公司"],
        ),
        (
            "近日,江西永新县工业园区吉安鑫骥科技有限公司经理正在准备。",
            ["吉安鑫骥科技有限公司"],
        ),
        (
            "今年被评为全国劳动模范的广州燃气集团有限公司西区分公司职工林小江",
            ["广州燃气集团有限公司西区分公司"],
        ),
        (
            "全国劳动模范、大唐吉林发电有限公司辽源发电分公司维护部副主任",
            ["大唐吉林发电有限公司辽源发电分公司"],
        ),
        (
            "广东省劳动模范、广东电网有限责任公司东莞供电局高级技能专家",
            ["广东电网有限责任公司东莞供电局"],
        ),
        # departments after the legal unit are dropped
        ("近日,山钢股份分公司能源动力厂职工王志超说。", ["山钢股份分公司"]),
        (
            "秋冬时节,陕煤集团黄陵矿业公司二号煤矿选煤厂内热火朝天。",
            ["陕煤集团黄陵矿业公司二号煤矿"],
        ),
        (
            "市总工会在谷红制药组织开展竞赛,在惠利制药开展比武。",
            ["谷红制药", "惠利制药"],
        ),
        ("走进巴克图口岸丝路文化商品城,商品琳琅满目。", ["巴克图口岸丝路文化商品城"]),
    ],
)
def test_enterprise_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“公司产品主要以小麦为原料。”公司总经理说。",
        "2024年公司总价值约4320万元",
        "对此,该公司工会作为牵头部门",
        "2000年的一场电厂蒸汽管道爆裂事故",
        "《利用电厂余热实施推进集中供热(汽)项目实现共赢》项目荣获一等奖",
    ],
)
def test_generic_company_words_are_not_enterprises(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "走访宁夏回族自治区吴忠市红寺堡区宁夏弘德包装公司",
            ["宁夏弘德包装公司"],
        ),  # divisions that only locate it
        ("在青岛市松山机械有限公司挂职", ["青岛市松山机械有限公司"]),
        (
            "国网江苏省电力有限公司南京供电分公司职工",
            ["国网江苏省电力有限公司南京供电分公司"],
        ),
        (
            "他来到宁德时代新能源科技股份有限公司,又走进比亚迪股份有限公司。",
            ["宁德时代新能源科技股份有限公司", "比亚迪股份有限公司"],
        ),
        ("近日,TCL科技集团股份有限公司举办技能大赛", ["TCL科技集团股份有限公司"]),
    ],
)
def test_unseen_style_sentences(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a cooperative or shop after 的 is a description unless a place names it
        ("还加入了村里的山羊养殖合作社,一年下来", []),
        ("加入了宋家沟村的宋家沟村山羊养殖合作社", ["宋家沟村山羊养殖合作社"]),
        ("岢岚县宋家沟村山羊养殖合作社年收入增加", ["岢岚县宋家沟村山羊养殖合作社"]),
        # 该市 + a company is the city's company: flagged for the linker
        ("该市建筑机械有限公司职工徐卫杰说", ["该市建筑机械有限公司"]),
    ],
)
def test_descriptions_and_context_companies(text, expected):
    assert [m.text for m in find_enterprises(Article("a", "s", 0, "", text))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("广东省广州市天河区某科技有限公司员工说", []),  # anonymised
        ("他在一家物流有限公司上班,后来去了顺丰速运有限公司", ["顺丰速运有限公司"]),
    ],
)
def test_unnamed_companies(text, expected):
    assert [m.text for m in find_enterprises(Article("a", "s", 0, "", text))] == expected


def test_enterprise_names_in_usual_frames():
    """An enterprise of common shape (places, a stem, a legal form) is named in the usual
    frames, also inside its union's name after two divisions (广东省佛山市X有限公司工会)."""
    from kg.extract import find_mentions

    missed = []
    for stem in ("宏达机械", "新兴铸管", "东方电气", "天马微电子"):
        for form in ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "集团", "科技有限公司"):
            for place in ("", "江苏", "武汉市", "广东省佛山市"):
                name = place + stem + form
                for frame in ("在{n}工作的张伟说。", "{n}工会开展活动。", "近日,{n}举办技能比武。"):
                    text = frame.format(n=name)
                    found = [m.text for m in find_mentions(Article("a", "s", 0, "", text)) if m.type is EntityType.ENTERPRISE]
                    if not any(name.endswith(f) and f.endswith(stem + form) for f in found):
                        missed.append(text)
    assert missed == []
