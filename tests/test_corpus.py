"""kg.corpus: reading files, repairing PDF damage, cutting pages into articles, bylines."""

import json
from pathlib import Path

import pytest

from kg.corpus import choose_headline, page_paragraphs, parse_credits, read_pages, split_articles, split_markers, trailing_credit
from kg.model import Page

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
GOLD = Path("/work/shared/gold")


def split(text: str, source: str = "p.txt"):
    return split_articles(Page(source, text))


def summary(text: str):
    """(headline, [(name, role)]) per article."""
    return [(a.headline, [(c.name, c.role) for c in a.credits]) for a in split(text)]


# --- PDF repair: (page text, article texts) ---------------------------------------------


@pytest.mark.parametrize(
    "page, texts",
    [
        # a paragraph cut mid-sentence is joined again
        (
            "标题甲\n\n本报记者 王某明\n\n通过专题研究、专项培养等方式,助力他们\n\n承担起推动工作的重要使命。",
            ["标题甲\n本报记者 王某明\n通过专题研究、专项培养等方式,助力他们承担起推动工作的重要使命。"],
        ),
        # a word cut across the paragraph break: 青 / 岛市总
        (
            "标题甲\n\n本报记者 王某明\n\n这是兄弟工会的做法。青\n\n岛市总探索建立新模式。",
            ["标题甲\n本报记者 王某明\n这是兄弟工会的做法。青岛市总探索建立新模式。"],
        ),
        # a word cut inside quotation marks: “智 / 慧口岸”
        (
            "标题甲\n\n本报记者 王某明\n\n选择口岸,看中的是效率。专列与“智\n\n慧口岸”的建设,让通关效率大幅提升。",
            ["标题甲\n本报记者 王某明\n选择口岸,看中的是效率。专列与“智慧口岸”的建设,让通关效率大幅提升。"],
        ),
        # a short cut line that looks like a title: the next one starts with a one-character clause
        (
            "标题甲\n\n本报记者 王某明\n\n为保障年轻干部练就过硬本\n\n领、砥砺一流作风,市总出台了举措。",
            ["标题甲\n本报记者 王某明\n为保障年轻干部练就过硬本领、砥砺一流作风,市总出台了举措。"],
        ),
        # a cut inside 《》
        (
            "标题甲\n\n本报记者 王某明\n\n某市总工会最新出台的《加强市总\n\n直属文化宫管理措施》中,标准化是关键词。",
            ["标题甲\n本报记者 王某明\n某市总工会最新出台的《加强市总直属文化宫管理措施》中,标准化是关键词。"],
        ),
        # a subheading is never joined into the body, nor the body into it
        (
            "标题甲\n\n本报记者 王某明\n\n市总聚焦主责主业,关注职工群众的难题\n\n破解成长难题\n\n年初以来,市总建立了机制。",
            ["标题甲\n本报记者 王某明\n市总聚焦主责主业,关注职工群众的难题\n破解成长难题\n年初以来,市总建立了机制。"],
        ),
        # Markdown heading marks go, the heading text stays
        (
            "## 标题甲\n\n本报讯(记者王某明)近日,市总举办活动。\n\n### 小标题乙\n\n活动共设5个项目。",
            ["标题甲\n本报讯(记者王某明)近日,市总举办活动。\n小标题乙\n活动共设5个项目。"],
        ),
        # continuation markers go, on a line of their own or stuck to a paragraph
        (
            "标题甲\n\n本报记者 王某明\n\n市总举办活动。(下转第2版)\n\n(上接第1版)\n\n活动共设5个项目。",
            ["标题甲\n本报记者 王某明\n市总举办活动。", "活动共设5个项目。"],
        ),
        # full-width brackets and digits are folded (the length is kept)
        ("标题甲\n\n本报讯（记者王某明）近日,市总举办２场活动。", ["标题甲\n本报讯(记者王某明)近日,市总举办2场活动。"]),
        # CRLF line ends read like LF
        ("标题甲\r\n\r\n本报记者 王某明\r\n\r\n市总举办活动。", ["标题甲\n本报记者 王某明\n市总举办活动。"]),
    ],
)
def test_repair(page, texts):
    assert [a.text for a in split(page.replace("\r\n", "\n"))] == texts


# --- page structure: (page text, [(headline, credits)]) -----------------------------------


@pytest.mark.parametrize(
    "page, expected",
    [
        # headline, kicker column line, byline, body
        (
            "某市总建立考评机制—— 让年轻干部“深扎根”\n\n工会实践调研行\n\n本报记者 王某明\n\n日前,活动举行。",
            [("让年轻干部“深扎根”", [("王某明", "记者")])],
        ),
        # kicker line ending in ——, then the title
        (
            "某市总将文化宫打造成“学校和乐园”——\n\n职工夜校这样“出圈”\n\n本报通讯员 路某燕 本报记者 毛某曦\n\n华灯初上。",
            [("职工夜校这样“出圈”", [("路某燕", "通讯员"), ("毛某曦", "记者")])],
        ),
        # two articles with 本报讯 leads; a name chained to the next role without a space
        (
            "工会助学再升级\n\n为困难学子提供援助\n\n本报讯(记者张某坤 通讯员黎某甜 王某倩)近日,活动举行。\n\n"
            "此外,助学行动着力拓展渠道。\n\n格尔木工会帮扶困难职工\n\n本报讯(记者邢某祥)近日,市总开展救助。",
            [
                ("工会助学再升级", [("张某坤", "记者"), ("黎某甜", "通讯员"), ("王某倩", "通讯员")]),
                ("格尔木工会帮扶困难职工", [("邢某祥", "记者")]),
            ],
        ),
        # leads without a credit after them (本报讯 近日,…) head their articles too
        (
            "## 标题甲\n\n本报讯 近日,甲市总工会开展活动。\n\n## 标题乙\n\n本报讯 6月1日,乙市总工会启动活动。(赵某强)",
            [("标题甲", []), ("标题乙", [("赵某强", "通讯员")])],
        ),
        # a deck paragraph between the headline and the lead; a dated 电 lead with an unroled name
        (
            "某市总打造干部队伍\n\n通过广渠道历练干部等路径,培育工会干部法治化素养。\n\n"
            "本报青岛12月5日电(杨某清 记者张某 通讯员陆某)12月5日上午,大赛开幕。",
            [("某市总打造干部队伍", [("杨某清", "记者"), ("张某", "记者"), ("陆某", "通讯员")])],
        ),
        # subheadings stay in their article
        (
            "标题甲\n\n本报记者 王某明\n\n正文一。\n\n小标题一\n\n正文二。\n\n小标题二\n\n正文三。",
            [("标题甲", [("王某明", "记者")])],
        ),
        # photo news: heading, caption, 摄 credit; then the next article
        (
            "标题甲\n\n本报记者 王某明\n\n正文一。\n\n劳模送祝福\n\n11月24日,劳模为职工送上祝福。\n\n本报通讯员 沈某岳 摄\n\n"
            "标题乙\n\n正文二。",
            [("标题甲", [("王某明", "记者")]), ("劳模送祝福", [("沈某岳", "摄影")]), ("标题乙", [])],
        ),
        # everyone in a 摄 line is a photographer; "报" credits a correspondent's short report
        (
            "医护人员比拼技能\n\n决赛开赛。\n\n本报记者 刘某 本报通讯员 贺某宇 摄\n\n高职学生赛技能\n\n比赛举行。\n\n本报通讯员 陈某川 报",
            [("医护人员比拼技能", [("刘某", "摄影"), ("贺某宇", "摄影")]), ("高职学生赛技能", [("陈某川", "通讯员")])],
        ),
        # a wide blank gap (a picture stood there) before a heading starts an article
        (
            "标题甲\n\n本报记者 王某明\n\n正文一。\n\n\n\n\n岁末招聘会“上新”\n\n招聘会举行。",
            [("标题甲", [("王某明", "记者")]), ("岁末招聘会“上新”", [])],
        ),
        # Markdown: level 1-2 headings head articles, ### is a subheading unless a byline follows
        (
            "## 标题甲\n\n本报讯(记者甲某某)正文一。\n\n### 小标题\n\n正文二。\n\n### 标题乙\n\n本报记者 乙某某\n\n正文三。",
            [("标题甲", [("甲某某", "记者")]), ("标题乙", [("乙某某", "记者")])],
        ),
        # a continuation piece with its headline, and one without
        (
            "于细微处见真章\n\n(上接第1版)\n\n小专业也有大作为\n\n采访中,何某常提起这句话。\n\n(上接第1版)\n\n托育园自开园以来成功申报托位。",
            [("于细微处见真章", []), ("", [])],
        ),
        # a byline in the middle of another article starts a piece of its own
        (
            "标题甲\n\n本报讯(记者庞某敏)正文一。\n\n正文二。\n\n本报记者 刘某林 本报通讯员 贺某芳\n\n正文三。",
            [("标题甲", [("庞某敏", "记者")]), ("", [("刘某林", "记者"), ("贺某芳", "通讯员")])],
        ),
        # a closing "(name)" credits a correspondent and ends the article
        (
            "标题甲\n\n近日,县总工会开展活动。\n\n“我们要做好服务。”贺某说。(龙某梅)\n\n标题乙\n\n正文二。(简某玉)",
            [("标题甲", [("龙某梅", "通讯员")]), ("标题乙", [("简某玉", "通讯员")])],
        ),
        # 新华社发(X 摄) closes a photo caption
        ("标题甲\n\n招聘会举行。让求职者找到工作。 新华社发(邵某智 摄)", [("标题甲", [("邵某智", "摄影")])]),
        # brackets that are no credit: a place name, a picture note
        ("标题甲\n\n本报记者 王某明\n\n(中亚)班列数突破5000列。\n\n班列运行平稳。(资料图)", [("标题甲", [("王某明", "记者")])]),
    ],
)
def test_split_articles(page, expected):
    assert summary(page) == expected


# --- bylines: (line, [(name, role)]) ---------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("本报记者 张世某", [("张世某", "记者")]),
        ("本报通讯员 路某燕 本报记者 毛某曦", [("路某燕", "通讯员"), ("毛某曦", "记者")]),
        ("记者张某 通讯员黎某 王某", [("张某", "记者"), ("黎某", "通讯员"), ("王某", "通讯员")]),
        ("记者柳某某 彭某 通讯员吴某金", [("柳某某", "记者"), ("彭某", "记者"), ("吴某金", "通讯员")]),
        ("本报记者 刘某梦 摄", [("刘某梦", "摄影")]),
        ("本报记者 刘某梦摄", [("刘某梦", "摄影")]),
        ("本报记者 刘某 本报通讯员 贺某宇 摄", [("刘某", "摄影"), ("贺某宇", "摄影")]),
        ("本报通讯员 陈某川 报", [("陈某川", "通讯员")]),
        ("本报特约记者 欧阳某某", [("欧阳某某", "记者")]),
        ("记者 张某、李某某", [("张某", "记者"), ("李某某", "记者")]),
        ("杨某清 记者张某 通讯员陆某", [("杨某清", "记者"), ("张某", "记者"), ("陆某", "通讯员")]),
        ("本报驻吉林记者 王某明", [("王某明", "记者")]),
        ("工人日报记者 王某明 新华社记者 李某 摄", [("王某明", "摄影"), ("李某", "摄影")]),
        ("本报记者", []),
    ],
)
def test_parse_credits(line, expected):
    assert [(c.name, c.role) for c in parse_credits(line)] == expected


def test_parse_credits_spans_point_at_the_names():
    line = "本报通讯员 路某燕 本报记者 毛某曦"
    assert [line[c.start : c.end] for c in parse_credits(line)] == ["路某燕", "毛某曦"]
    assert [c.start for c in parse_credits(line, offset=100)] == [106, 115]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("贺某说。(龙某梅)", "龙某梅"),
        ("让求职者找到工作。 新华社发(邵某智 摄)", "邵某智 摄"),
        ("(中亚)班列数突破5000列", None),
        ("班列运行平稳。(资料图)", None),
        ("班列运行平稳。(2025年)", None),
        ("班列运行平稳。(完)", None),
    ],
)
def test_trailing_credit(text, expected):
    m = trailing_credit(text)
    assert (m.group(1) if m else None) == expected


@pytest.mark.parametrize(
    "heads, expected",
    [
        (["某市总将文化宫打造成“学校和乐园”——", "职工夜校这样“出圈”"], "职工夜校这样“出圈”"),
        (["某市总建立考评机制—— 让年轻干部“深扎根”", "工会实践调研行"], "让年轻干部“深扎根”"),
        (["工会助学再升级", "为困难学子提供援助"], "工会助学再升级"),
        (["某市总打造“鹊桥”——", "标题", "阅读提示"], "标题"),
        ([], ""),
    ],
)
def test_choose_headline(heads, expected):
    assert choose_headline(heads) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("(上接第1版)", [("(上接第1版)", "up")]),
        ("（下转第二版）", [("（下转第二版）", "down")]),
        ("正文。(下转第2版)", [("正文。", "text"), ("(下转第2版)", "down")]),
        ("(上接第1版)正文。", [("(上接第1版)", "up"), ("正文。", "text")]),
        ("上接第1版", [("上接第1版", "up")]),
        ("他说上接第1版的内容。", [("他说上接第1版的内容。", "text")]),  # bare words inside a sentence stay
    ],
)
def test_split_markers(line, expected):
    assert [(t, k) for _, t, k in split_markers(0, line)] == expected


# --- offsets and ids -------------------------------------------------------------------------


def seed_pages():
    return list(read_pages([ROOT / "seeds"]))


def all_articles():
    return [a for page in seed_pages() for a in split_articles(page)] + split((DATA / "page_pieces.txt").read_text("utf-8"))


def test_credit_spans_point_at_the_names_in_the_article_text():
    arts = all_articles()
    assert sum(len(a.credits) for a in arts) > 40
    for a in arts:
        for c in a.credits:
            assert a.text[c.start : c.end] == c.name, (a.id, c)


def test_page_offsets_locate_the_article():
    for page in seed_pages():
        for a in split_articles(page):
            first, last = a.text.split("\n")[0], a.text.split("\n")[-1]
            span = page.text[a.page_start : a.page_end]
            assert span.startswith(first[:5]) and span.endswith(last[-5:]), a.id


def test_article_ids_are_unique_and_numbered_per_page():
    arts = all_articles()
    assert len({a.id for a in arts}) == len(arts)
    page = seed_pages()[0]
    assert [a.id for a in split_articles(page)][:2] == [f"{Path(page.source).stem}#0", f"{Path(page.source).stem}#1"]


# --- reading files -----------------------------------------------------------------------------


def test_read_pages_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        list(read_pages([tmp_path / "no-such-folder"]))


def test_read_pages_walks_folders_sorted_and_keeps_txt_and_md(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("标题", encoding="utf-8")
    (tmp_path / "a.txt").write_text("标题", encoding="utf-8")
    (tmp_path / "note.json").write_text("{}", encoding="utf-8")
    assert [Path(p.source).relative_to(tmp_path).as_posix() for p in read_pages([tmp_path])] == ["a.txt", "b/z.md"]


def test_read_pages_drops_bom_and_crlf(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeff标题\r\n\r\n正文。\r正文二。".encode("utf-8"))
    assert [p.text for p in read_pages([tmp_path])] == ["标题\n\n正文。\n正文二。"]


def test_same_stem_in_two_folders_gives_distinct_article_ids(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.txt").write_text("标题\n\n本报记者 王某明\n\n正文。", encoding="utf-8")
    pages = list(read_pages([tmp_path]))
    ids = [a.id for page in pages for a in split_articles(page)]
    assert ids == ["p#0", "p~2#0"]


def test_a_file_given_twice_is_read_once(tmp_path):
    (tmp_path / "p.txt").write_text("标题", encoding="utf-8")
    assert len(list(read_pages([tmp_path, tmp_path / "p.txt"]))) == 1


# --- the seeds ---------------------------------------------------------------------------------


def test_fixture_page_pieces():
    """An invented page with every artefact at once (tests/data/page_pieces.txt)."""
    arts = split((DATA / "page_pieces.txt").read_text("utf-8"))
    assert [(a.headline, [(c.name, c.role) for c in a.credits]) for a in arts] == [
        ("让职工在家门口享受服务", [("王某明", "记者")]),
        ("某县开展技能竞赛", [("张某坤", "记者"), ("黎某甜", "通讯员"), ("王某倩", "通讯员")]),
        ("劳模送祝福", [("沈某岳", "摄影")]),
        ("于细微处见真章", []),
        ("", []),
        ("“五小”活动助推企业发展", [("龙某梅", "通讯员")]),
    ]
    assert "助力他们承担起" in arts[0].text and "青岛市总工会" in arts[0].text
    assert "上接" not in "".join(a.text for a in arts) and "#" not in "".join(a.text for a in arts)


def test_seeds_split_into_plausible_articles():
    counts = {Path(p.source).name[:3]: len(split_articles(p)) for p in seed_pages()}
    assert set(counts) == {"000", "001", "002", "003", "004"}
    assert all(5 <= n <= 14 for n in counts.values()), counts


@pytest.mark.parametrize(
    "seed, headline",
    [
        ("000", "让年轻工会干部“深扎根”“稳增长”"),
        ("000", "职工夜校这样“出圈”"),
        ("001", "劳动模范送祝福"),
        ("001", "“思政课上,职工和学生听得眼睛都亮了”"),
        ("002", "高职学生赛技能"),
        ("003", "436对新人从工会“鹊桥”步入婚姻殿堂"),
        ("003", "宁波北仑区“中国工人大思政课”在车间一线开讲"),
        ("004", "工会搭“鹊桥” 职工喜“脱单”"),
        ("004", "“移动餐车”受欢迎"),
    ],
)
def test_seed_headlines(seed, headline):
    page = next(p for p in seed_pages() if Path(p.source).name.startswith(seed))
    assert headline in [a.headline for a in split_articles(page)]


@pytest.mark.skipif(not GOLD.is_dir(), reason="gold annotations not available")
@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_credits_match_gold_reported_by(seed):
    gold_file = next(GOLD.glob(f"{seed}_*.json"))
    gold = json.loads(gold_file.read_text("utf-8"))
    want = {(r["s"], r["role"]) for r in gold["relations"] if r["p"] == "reportedBy"}
    page = next(p for p in seed_pages() if Path(p.source).name.startswith(seed))
    got = {(c.name, c.role) for a in split_articles(page) for c in a.credits}
    assert got == want


@pytest.mark.parametrize(
    "page, expected",
    [
        # column titles after 记者 are no names
        ("标题甲\n\n记者手记\n\n正文。", [("标题甲", [])]),
        ("标题甲\n\n记者观察\n\n正文。", [("标题甲", [])]),
        # Markdown emphasis around a byline or heading
        ("## **标题甲**\n\n**本报记者 王某明**\n\n正文。", [("标题甲", [("王某明", "记者")])]),
        # 摄影报道: a photographer
        ("标题甲\n\n图为职工参加比赛。\n\n本报记者 王某明 摄影报道", [("标题甲", [("王某明", "摄影")])]),
    ],
)
def test_split_articles_edge_cases(page, expected):
    assert summary(page) == expected


@pytest.mark.parametrize(
    "page, headlines",
    [
        # "#" titles over "##" sections: the sections stay in their article
        ("# 标题甲\n\n正文一。\n\n## 小节一\n\n正文二。\n\n# 标题乙\n\n正文三。\n\n## 小节二\n\n正文四。", ["标题甲", "标题乙"]),
        # one Markdown level only: a ### heading is a subheading unless a byline follows
        ("### 标题甲\n\n本报记者 王某明\n\n正文一。\n\n### 小节\n\n正文二。", ["标题甲"]),
    ],
)
def test_markdown_levels(page, headlines):
    assert [a.headline for a in split(page)] == headlines


def test_caption_with_closing_photo_credit_is_its_own_piece_without_a_gap():
    page = "标题甲\n\n本报记者 王某明\n\n正文一。\n\n岁末招聘会“上新”\n\n招聘会举行。 新华社发(邵某智 摄)"
    assert summary(page) == [("标题甲", [("王某明", "记者")]), ("岁末招聘会“上新”", [("邵某智", "摄影")])]


@pytest.mark.parametrize(
    "page, expected",
    [
        # a decorative box before the byline, as printed
        ("标题甲\n\n□本报记者 王某明 通讯员 李某\n\n正文。", [("标题甲", [("王某明", "记者"), ("李某", "通讯员")])]),
        # a heading that only looks like a byline
        ("标题甲\n\n本报记者 王某明\n\n正文。\n\n通讯员培训班\n\n正文二。", [("标题甲", [("王某明", "记者")])]),
        # a closing credit with a role, and names joined by 、
        ("标题甲\n\n正文。(本报记者 王某明、李某某)", [("标题甲", [("王某明", "记者"), ("李某某", "记者")])]),
    ],
)
def test_split_articles_more_byline_forms(page, expected):
    assert summary(page) == expected


def test_credit_span_after_a_decorative_box():
    [a] = split("标题甲\n\n■本报记者 王某明\n\n正文。")
    assert [a.text[c.start : c.end] for c in a.credits] == ["王某明"]
    assert a.text.split("\n")[1] == "本报记者 王某明"


@pytest.mark.parametrize(
    ("start", "line", "expected"),
    [
        (5, "  正文。 ", [(7, "正文。", "text")]),  # no 版: the line is all text
        (0, "   ", []),
        (0, "第3版要闻", [(0, "第3版要闻", "text")]),
        (2, " (上接第1版)正文", [(3, "(上接第1版)", "up"), (10, "正文", "text")]),
    ],
)
def test_split_markers_table(start, line, expected):
    assert split_markers(start, line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  ## 标题\n\n正文。", [(5, "标题", "heading", 2)]),  # white space before the marks
        ("####### 七级\n\n正文。", [(6, "# 七级", "heading", 6)]),
        ("#标题\n\n正文。", [(1, "标题", "heading", 1)]),
    ],
)
def test_markdown_headings(text, expected):
    assert [(p.start, p.text, p.kind, p.level) for p in page_paragraphs(text)][:1] == expected
