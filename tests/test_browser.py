"""The page in headless Chromium: offline, drawn, searchable, and inert to hostile text.

Needs Debian's chromium (/usr/bin/chromium) and the `playwright` package; without
either the tests skip and say which is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import viz
from kg.graph import entities

from test_viz import busy_graph, hostile_graph, synthetic_graph

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH: apt-get install -y chromium fonts-noto-cjk (see .ci/run)")


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)  # a fresh temporary profile
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser(chromium):
    """A context that enforces the page's Content-Security-Policy, as a user's browser does."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module", params=["csp-enforced", "csp-bypassed"])
def any_browser(chromium, request):
    """Both with the page's CSP and without it, so that the escaping itself is tested, not only the safety net."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=request.param == "csp-bypassed")
    yield context
    context.close()


class Loaded:
    """A page opened from disk with every non-file request blocked and recorded."""

    def __init__(self, context, path: Path):
        self.console, self.requests = [], []
        self.page = context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def eval(self, js: str):
        return self.page.evaluate(js)

    def search(self, text: str) -> list[str]:
        self.page.fill("#q", text)
        self.page.press("#q", "Enter")
        return self.eval("kg.network.getSelectedNodes()")


@pytest.fixture(scope="module")
def seeds_page(browser, tmp_path_factory):
    from kg.pipeline import build

    g = build([ROOT / "seeds"])
    path = tmp_path_factory.mktemp("seeds") / "graph.html"
    viz.write_html(g, path)
    loaded = Loaded(browser, path)
    yield g, loaded
    loaded.page.close()


def test_page_is_offline_and_quiet(seeds_page):
    _, page = seeds_page
    assert page.requests == [] and page.console == []


def test_every_entity_is_drawn(seeds_page):
    g, page = seeds_page
    assert page.eval("kg.nodes.length") == len(entities(g))
    assert page.eval("kg.network.body.nodeIndices.length") == len(entities(g))


def test_search_finds_the_first_union_and_opens_its_panel(seeds_page, tmp_path):
    g, page = seeds_page
    unions = [n for n in entities(g) if g.nodes[n]["type"] == "Union"]
    if not unions:
        pytest.skip("the seeds graph has no Union to search for")
    label = g.nodes[unions[0]]["label"]
    (selected,) = page.search(label)
    assert g.nodes[selected]["label"] == label
    assert page.page.text_content("#panel-body h2") == label
    page.page.wait_for_timeout(400)  # let the focus animation end before the picture
    page.page.screenshot(path=str(tmp_path / "seeds.png"))
    page.page.screenshot(path="/tmp/viz-shot.png")


def test_search_by_alias(seeds_page):
    g, page = seeds_page
    aliased = [(n, a) for n in entities(g) for a in g.nodes[n]["aliases"] if a != g.nodes[n]["label"]]
    if not aliased:
        pytest.skip("no entity in the seeds graph has an alias yet")
    key, alias = aliased[0]
    (selected,) = page.search(alias)[:1]
    assert alias in g.nodes[selected]["aliases"] or g.nodes[selected]["label"] == alias


def test_type_filter_hides_that_type(seeds_page):
    g, page = seeds_page
    first = page.eval("kg.data.types[0]")
    page.page.click(f"#legend label[data-type='{first['type']}'] input")
    try:
        assert page.eval("kg.network.body.nodeIndices.length") == len(entities(g)) - first["count"]
    finally:
        page.page.click(f"#legend label[data-type='{first['type']}'] input")
    assert page.eval("kg.network.body.nodeIndices.length") == len(entities(g))


def test_hostile_text_runs_nothing_on_load_hover_or_click(any_browser, tmp_path):
    path = tmp_path / "hostile.html"
    viz.write_html(hostile_graph(), path, with_articles=True)
    page = Loaded(any_browser, path)
    page.page.wait_for_timeout(300)
    ids = page.eval("kg.nodeView.getIds()")
    hovered = set()
    for node in ids:  # positions are read each time: the side panel narrows the canvas
        pos = page.page.evaluate("id => kg.network.canvasToDOM(kg.network.getPositions([id])[id])", node)
        box = page.page.locator("#graph").bounding_box()
        x, y = box["x"] + pos["x"], box["y"] + pos["y"]
        page.page.mouse.move(x, y)
        page.page.wait_for_timeout(300)  # tooltip delay
        if page.eval("document.querySelector('.vis-tooltip') && document.querySelector('.vis-tooltip').style.visibility") == "visible":
            hovered.add(node)
        page.page.mouse.click(x, y)
        assert page.eval("kg.network.getSelectedNodes()") == [node]
        for button in page.page.locator("#panel button.link").all():
            button.hover()
        page.page.mouse.move(1, 1)
    assert hovered == set(ids)
    page.search("<img")
    page.page.screenshot(path=str(tmp_path / "hostile.png"))
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("document.querySelectorAll('#panel img, #filters img, #panel script, .vis-tooltip *:not(br)').length") == 0
    assert page.console == [] and page.requests == []
    page.page.close()


def test_big_graph_note_and_search_reveals_hidden_node(browser, tmp_path):
    path = tmp_path / "big.html"
    viz.write_html(synthetic_graph(300), path, max_nodes=100)
    page = Loaded(browser, path)
    assert page.eval("kg.network.body.nodeIndices.length") == 100
    assert "200" in page.page.text_content("#note") and page.page.is_visible("#note")
    hidden = page.eval("kg.data.hidden.nodes[0].id")
    label = page.eval(f"kg.data.info[{hidden!r}].label")
    assert page.search(label) == [hidden]
    assert page.eval("kg.network.body.nodeIndices.length") == 101
    view = viz._make_view(synthetic_graph(300), max_nodes=100)  # the records pyvis would have written
    expected = sorted((e for e in view._edges(kept=False) if hidden in (e["from"], e["to"])
                       and {e["from"], e["to"]} - {hidden} <= view.kept), key=lambda e: e["id"])
    assert expected and page.eval(f"kg.edges.get({{filter: e => e.from === {hidden!r} || e.to === {hidden!r}}})") == expected
    assert page.console == [] and page.requests == []
    page.page.close()


def test_capped_panels_say_how_many_more_and_give_the_command(browser, tmp_path):
    path = tmp_path / "busy.html"
    viz.write_html(busy_graph(viz.EVIDENCE_SHOWN + 7, 120), path)
    page = Loaded(browser, path)
    rid = page.eval("Object.keys(kg.data.relations)[0]")
    page.page.evaluate("id => kg.showEdge(id)", rid)
    assert page.page.locator("#panel .evidence").count() == viz.EVIDENCE_SHOWN
    assert "and 7 more of 27 evidence sentences" in page.page.text_content("#panel .more-evidence")
    assert page.page.text_content("#panel code.command") == "kg query evidence subject=张三 object=示例市总工会"
    page.page.evaluate("kg.select('Person/张三')")
    heads = page.page.locator("#panel h3").all_text_contents()
    assert "提及的文章 Articles (121)" in heads
    assert "and 71 more articles" in page.page.text_content("#panel li.more")
    page.page.screenshot(path=str(tmp_path / "busy.png"))
    assert page.console == [] and page.requests == []
    page.page.close()
