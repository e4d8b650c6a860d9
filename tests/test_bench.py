"""The benchmark's warm-up: it loads what a build reads once per process by building a
page of its own, which must name one of each kind of entity to reach every finder."""

import json

from kg.bench import initialize


def test_warm_up_page_reaches_every_kind_of_entity(tmp_path):
    initialize(tmp_path)
    nodes = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))["nodes"]
    types = {n["type"] for n in nodes if n.get("kind") == "entity"}
    assert types == {"Union", "Person", "Enterprise", "Programme", "Place", "Organization", "Honour"}
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
