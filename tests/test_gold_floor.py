"""Floor on the development gold: extraction quality must not fall below what it reached.

The gold lives beside the checkout in ../shared/gold (or $UKG_GOLD). Outside CI a
missing gold folder skips with the reason; in CI (CI=true) it fails.
"""

import os
from pathlib import Path

import pyoxigraph
import pytest

from kg.evaluate import evaluate, load_gold
from kg.pipeline import build, export

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("UKG_GOLD", ROOT.parent / "shared" / "gold"))

# Floors sit a little under the scores measured when they were set (see the README's
# extraction section); raise them when extraction improves, never lower them quietly.
FLOORS = {
    "core": 0.20,
    "relations": 0.10,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not GOLD.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"development gold not found at {GOLD}: CI must have ../shared/gold")
        pytest.skip(f"development gold not found at {GOLD} (set UKG_GOLD)")
    out = tmp_path_factory.mktemp("floor")
    export(build([ROOT / "seeds"]), out)
    store = pyoxigraph.Store()
    with open(out / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    return evaluate(store, load_gold(GOLD))


@pytest.mark.parametrize("row, floor", FLOORS.items())
def test_gold_floor(report, row, floor):
    score = report.core if row == "core" else report.all_relations
    assert score.f1 >= floor, f"{row} F1 {score.f1:.3f} fell below its floor {floor}"
