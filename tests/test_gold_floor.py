"""Floor on the development gold: extraction quality must not fall below what it reached.

The gold lives beside the checkout in ../shared/gold (or $UKG_GOLD). Outside CI a
missing gold folder skips with the reason; in CI (CI=true) it fails. Only the pages
that have gold are built, so relations on other pages don't count against precision.
"""

import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from kg.evaluate import TYPES, evaluate, load_gold
from kg.pipeline import build, export

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("UKG_GOLD", ROOT.parent / "shared" / "gold"))

# Floors sit a little under the scores measured when they were set (README, "How
# extraction works"); raise them when extraction improves, never lower them quietly.
FLOORS = {
    "core entities": 0.95,
    "relations": 0.90,
    "themes": 0.78,
    **{t: 0.90 for t in TYPES},
    **{p: 0.85 for p in ("holdsPost", "organizes", "reportedBy", "awarded", "partOf", "locatedIn")},
    "participatesIn": 0.80,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not GOLD.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"development gold not found at {GOLD}: CI must have ../shared/gold")
        pytest.skip(f"development gold not found at {GOLD} (set UKG_GOLD)")
    gold = load_gold(GOLD)
    pages = tmp_path_factory.mktemp("seeds")
    for name in gold:
        shutil.copy(ROOT / "seeds" / name, pages / name)
    out = tmp_path_factory.mktemp("floor")
    export(build([pages]), out)
    store = pyoxigraph.Store()
    with open(out / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    return evaluate(store, gold)


def score_of(report, row):
    if row == "core entities":
        return report.core
    if row == "relations":
        return report.all_relations
    if row == "themes":
        return report.themes
    return report.entities.get(row) or report.relations[row]


@pytest.mark.parametrize("row, floor", FLOORS.items())
def test_gold_floor(report, row, floor):
    score = score_of(report, row)
    assert score.f1 >= floor, f"{row} F1 {score.f1:.3f} fell below its floor {floor} (tp {score.tp}, fp {score.fp}, fn {score.fn})"


def test_no_entity_split_within_a_page_and_multi_page_entities_are_one_node(report):
    assert report.splits == []
    named_twice, one_node = report.cross_file
    assert named_twice and one_node == named_twice
