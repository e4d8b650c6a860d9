"""End to end: seeds in, a deterministic Turtle export out."""

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg.pipeline import build, export

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    export(build([ROOT / "seeds"]), out)
    return out


def test_turtle_parses_with_pyoxigraph(seeds_export):
    store = pyoxigraph.Store()
    with open(seeds_export / "graph.ttl", "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def test_build_is_byte_identical_across_processes(tmp_path, seeds_export):
    # a second interpreter gets a different hash seed: set and dict order must not leak
    code = "import sys; from kg.pipeline import build, export; export(build([sys.argv[1]]), __import__('pathlib').Path(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds"), str(tmp_path)], check=True, env={"PYTHONHASHSEED": "7"})
    for name in ("graph.ttl", "graph.json", "graph.html"):
        assert (tmp_path / name).read_bytes() == (seeds_export / name).read_bytes(), name
