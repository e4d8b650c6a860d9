import pytest

from kg.extract.places import find_places
from kg.model import Article, EntityType, Mention, Predicate, entity_key
from kg.relations.geo import find_located_in, find_place_part_of

T = EntityType


def article(text: str) -> Article:
    return Article("t#0", "t.txt", 0, "", text)


def linked_for(text: str, bodies: list[tuple[str, EntityType, str | None]] = ()) -> list[tuple[Mention, str]]:
    """Place mentions from the finder plus hand-placed bodies (surface, type, canonical)."""
    out = [(m, entity_key(m.type, m.name)) for m in find_places(article(text))]
    for surface, type_, canonical in bodies:
        start = text.index(surface)
        m = Mention(surface, type_, start, start + len(surface), canonical=canonical)
        out.append((m, entity_key(type_, m.name)))
    return out


def pairs(relations) -> list[tuple[str, str]]:
    return sorted((r.subject.split("/", 1)[1], r.object.split("/", 1)[1]) for r in relations)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("黑龙江省双鸭山市举行", [("双鸭山市", "黑龙江省")]),
        # the nearest named level only; 海西 is not named, so not added
        ("青海省的格尔木市", [("格尔木市", "青海省")]),
        ("青海省海西蒙古族藏族自治州格尔木市", [("格尔木市", "海西蒙古族藏族自治州"), ("海西蒙古族藏族自治州", "青海省")]),
        # both must be named
        ("襄阳举行", []),
        # two provinces side by side are not nested
        ("山东江苏两省", []),
        # a town right after its county-level city
        ("江门市台山市冲蒺镇总工会", [("冲蒺镇", "台山市"), ("台山市", "江门市")]),
        # a village right after its township
        ("岢岚县宋家沟乡上村村民", [("上村", "宋家沟乡"), ("宋家沟乡", "岢岚县")]),
        # a zone is part of the division its name opens with, not of what precedes it
        ("在山东省青岛高新区", [("青岛市", "山东省"), ("青岛高新区", "青岛市")]),
        ("江西永新县工业园区", [("永新县", "江西省"), ("永新县工业园区", "永新县")]),
        ("新疆塔城重点开发开放试验区", [("塔城地区", "新疆维吾尔自治区"), ("新疆塔城重点开发开放试验区", "塔城地区")]),
        # a zone without a division in its name gets nothing from the table
        ("以巴克图口岸为载体", []),
    ],
)
def test_place_part_of(text, expected):
    assert pairs(find_place_part_of(article(text), linked_for(text))) == expected


@pytest.mark.parametrize(
    "text, bodies, expected",
    [
        ("双鸭山市总工会举行", [("双鸭山市总工会", T.UNION, None)], [("双鸭山市总工会", "双鸭山市")]),
        ("泸州市卫生健康委指导", [("泸州市卫生健康委", T.ORGANIZATION, None)], [("泸州市卫生健康委", "泸州市")]),
        # the most specific place inside the name
        (
            "大唐吉林发电有限公司辽源发电分公司",
            [("大唐吉林发电有限公司辽源发电分公司", T.ENTERPRISE, None)],
            [("大唐吉林发电有限公司辽源发电分公司", "辽源市")],
        ),
        # a place right before the name
        ("在井陉矿区正丰煤矿", [("正丰煤矿", T.ENTERPRISE, None)], [("正丰煤矿", "井陉矿区")]),
        # a zone right before beats the city the name opens with
        (
            "江西永新县工业园区吉安鑫骥科技有限公司",
            [("吉安鑫骥科技有限公司", T.ENTERPRISE, None)],
            [("吉安鑫骥科技有限公司", "永新县工业园区")],
        ),
        # 位于X的Y
        (
            "在位于新疆塔城重点开发开放试验区的三一风电设备有限公司",
            [("三一风电设备有限公司", T.ENTERPRISE, None)],
            [("三一风电设备有限公司", "新疆塔城重点开发开放试验区")],
        ),
        # a body met only by a context reference still has its full name
        ("双鸭山市召开会议。市总举办活动", [("市总", T.UNION, "双鸭山市总工会")], [("双鸭山市总工会", "双鸭山市")]),
        # ... but the place must be named in the article
        ("市总举办活动", [("市总", T.UNION, "双鸭山市总工会")], []),
        # a province before a city's body is not where it is
        ("陕西省西安市工人文化宫", [("西安市工人文化宫", T.ORGANIZATION, None)], [("西安市工人文化宫", "西安市")]),
        # no place in or before the name
        ("凌钢集团工会组织", [("凌钢集团工会", T.UNION, None)], []),
        # a country counts, below any division
        ("德国博世公司", [("博世公司", T.ENTERPRISE, None)], [("博世公司", "德国")]),
        # people are never located
        ("湖北张三", [("张三", T.PERSON, None)], []),
        # 湖北省的 without a locating verb is not enough for a division
        ("湖北省的凌钢集团工会", [("凌钢集团工会", T.UNION, None)], []),
    ],
)
def test_located_in(text, bodies, expected):
    assert pairs(find_located_in(article(text), linked_for(text, bodies))) == expected


def test_evidence_is_the_sentence():
    text = "今年以来成效显著。黑龙江省双鸭山市总工会举行活动。"
    linked = linked_for(text, [("双鸭山市总工会", T.UNION, None)])
    for rel in find_place_part_of(article(text), linked) + find_located_in(article(text), linked):
        assert rel.evidence == "黑龙江省双鸭山市总工会举行活动。"
        assert text[rel.start : rel.end] == rel.evidence
        assert rel.predicate in (Predicate.PART_OF, Predicate.LOCATED_IN)


def test_deterministic_order():
    text = "山东省青岛市、济南市和烟台市"
    linked = linked_for(text)
    first = find_place_part_of(article(text), linked)
    assert first == find_place_part_of(article(text), list(reversed(linked)))
    assert pairs(first) == [("济南市", "山东省"), ("烟台市", "山东省"), ("青岛市", "山东省")]
