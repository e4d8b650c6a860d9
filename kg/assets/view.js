// union-kg page script. Reads the JSON blob in #kg-data and builds every piece of the
// interface with textContent/setAttribute: no data ever goes through innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var GLYPH = { dot: "\u25CF", triangle: "\u25B2", square: "\u25A0", star: "\u2605", triangleDown: "\u25BC",
                hexagon: "\u2B22", diamond: "\u25C6", box: "\u25AD" };
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function basename(s) { return String(s).split(/[\\/]/).pop(); }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().trim(); }
  function cmp(a, b) {
    for (var i = 0; i < a.length; i++) { if (a[i] < b[i]) return -1; if (a[i] > b[i]) return 1; }
    return 0;
  }

  var typeStyle = {}, typeOn = {}, sourceOn = {};
  data.types.forEach(function (t) { typeStyle[t.type] = t; typeOn[t.type] = true; });
  data.sources.forEach(function (s) { sourceOn[s] = true; });
  var hiddenNodes = {};
  data.hidden.nodes.forEach(function (n) { hiddenNodes[n.id] = n; });
  var relByNode = {};
  Object.keys(data.relations).sort().forEach(function (id) {
    var r = data.relations[id];
    (r.from === r.to ? [r.from] : [r.from, r.to]).forEach(function (n) { (relByNode[n] = relByNode[n] || []).push(id); });
  });

  function allSourcesOn() { return data.sources.every(function (s) { return sourceOn[s]; }); }
  function passes(id) {
    var info = data.info[id];
    if (!info) return true;
    if (!typeOn[info.type]) return false;
    if (allSourcesOn()) return true;
    return info.sources.some(function (i) { return sourceOn[data.sources[i]]; });  // places in data.sources
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return passes(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return passes(e.from) && passes(e.to); } });
  var network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, data.options);
  var kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: data,
             firstDrawMs: null };
  window.kg = kg;

  network.once("afterDrawing", function () {
    kg.firstDrawMs = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  // Physics only shapes the first picture, then stops, so big pages stay responsive.
  network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });

  function refresh() { nodeView.refresh(); edgeView.refresh(); updateStats(); }
  function updateStats() {
    $("stats").textContent = nodeView.length + " / " + Object.keys(data.info).length + " nodes shown, " +
      edgeView.length + " edges";
  }

  // Header, note, legend with type filters, source filters.
  document.title = data.title;
  $("title").textContent = data.title;
  if (data.note) { $("note").textContent = data.note; $("note").hidden = false; }

  function checkbox(checked, onchange) {
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onchange(box.checked); refresh(); });
    return box;
  }
  data.types.forEach(function (t) {
    var li = el("li"), label = el("label");
    var sw = el("span", GLYPH[t.shape] || GLYPH.dot, "swatch");
    sw.style.color = t.color;
    label.append(checkbox(true, function (on) { typeOn[t.type] = on; }), sw, el("span", t.type + " (" + t.count + ")"));
    label.setAttribute("data-type", t.type);
    li.append(label);
    $("legend").append(li);
  });
  data.sources.forEach(function (s) {
    var li = el("li"), label = el("label");
    label.append(checkbox(true, function (on) { sourceOn[s] = on; }), el("span", " " + basename(s)));
    label.setAttribute("title", s);
    li.append(label);
    $("sources").append(li);
  });
  function resetFilters() {
    Object.keys(typeOn).forEach(function (t) { typeOn[t] = true; });
    Object.keys(sourceOn).forEach(function (s) { sourceOn[s] = true; });
    document.querySelectorAll("#filters input[type=checkbox]").forEach(function (b) { b.checked = true; });
    refresh();
  }

  // Search by label or any alias: exact, then prefix, then substring; busiest first.
  var index = Object.keys(data.info).sort().map(function (id) {
    var i = data.info[id];
    return { id: id, names: [i.label].concat(i.aliases).map(norm) };
  });
  function search(q) {
    q = norm(q);
    if (!q) return [];
    var hits = [];
    index.forEach(function (r) {
      var rank = 9;
      r.names.forEach(function (n) {
        var x = n === q ? 0 : n.indexOf(q) === 0 ? 1 : n.indexOf(q) >= 0 ? 2 : 9;
        if (x < rank) rank = x;
      });
      if (rank < 9) hits.push([rank, -data.info[r.id].degree, data.info[r.id].label, r.id]);
    });
    return hits.sort(cmp).map(function (h) { return h[3]; });
  }
  // A hidden relation's edge, as pyvis writes a drawn one (viz.py `_edges`): the page does not carry it twice.
  function relationEdge(rid) {
    var r = data.relations[rid];
    var label = r.predicate + (r.roles.length ? ": " + r.roles.join("\u3001") : "");
    return { arrows: "to", from: r.from, id: rid, label: label, title: nameOf(r.from) + " \u2014" + label + "\u2192 " + nameOf(r.to),
             to: r.to };
  }
  function reveal(id) {
    if (nodes.get(id) || !hiddenNodes[id]) return;
    nodes.add(hiddenNodes[id]);
    delete hiddenNodes[id];
    function joins(e) { return (e.from === id || e.to === id) && nodes.get(e.from) && nodes.get(e.to) && !edges.get(e.id); }
    edges.add(data.hidden.edges.filter(joins).concat((relByNode[id] || []).map(relationEdge).filter(joins)));
  }
  function select(id) {
    if (!data.info[id]) return false;
    reveal(id);
    if (!passes(id)) resetFilters();
    refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    showNode(id);
    return true;
  }
  function linkTo(id, text) {
    if (!data.info[id]) return el("span", text);
    var b = el("button", text, "link");
    b.type = "button";
    b.addEventListener("click", function () { select(id); });
    return b;
  }
  $("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hits = search($("q").value), list = $("results");
    list.replaceChildren();
    $("results-box").hidden = false;
    if (!hits.length) { list.append(el("li", "没有找到 no match", "muted")); return; }
    hits.slice(0, 30).forEach(function (id) {
      var li = el("li");
      li.append(linkTo(id, data.info[id].label), el("span", " " + data.info[id].type, "muted"));
      list.append(li);
    });
    if (hits.length > 30) list.append(el("li", "+" + (hits.length - 30) + " more", "muted"));
    select(hits[0]);
  });

  // Side panel: type, aliases, articles that mention the node, relations with their evidence.
  function nameOf(id) {
    if (data.info[id]) return data.info[id].label;
    if (data.articles[id]) return data.articles[id].headline;
    return id;
  }
  function articleItem(a) {
    var art = data.articles[a] || { headline: a, source: "" }, li = el("li");
    li.append(linkTo(a, art.headline || a), el("div", basename(art.source) + " \u00B7 " + a, "muted"));
    return li;
  }
  function relationItem(rid) {
    var r = data.relations[rid], li = el("li");
    var pred = r.predicate + (r.roles.length ? " (" + r.roles.join("\u3001") + ")" : "");
    li.append(linkTo(r.from, nameOf(r.from)), el("strong", " \u2014" + pred + "\u2192 "), linkTo(r.to, nameOf(r.to)));
    r.evidence.forEach(function (ev) {
      var box = el("div", null, "evidence");
      box.append(el("div", ev.sentence));
      var art = data.articles[ev.article];
      box.append(el("div", (art ? art.headline + " \u00B7 " + basename(art.source) : ev.article), "muted"));
      li.append(box);
    });
    if (r.evidence_total > r.evidence.length) li.append(moreEvidence(r));
    return li;
  }
  // The page carries the first few evidence records of a relation; the command lists them all.
  function moreEvidence(r) {
    var box = el("div", null, "more-evidence");
    box.append(el("div", "还有 " + (r.evidence_total - r.evidence.length) + " 条证据 · and " +
                  (r.evidence_total - r.evidence.length) + " more of " + r.evidence_total + " evidence sentences; all of them, 100 a page (page=2 …):"),
               el("code", r.evidence_command, "command"),
               el("div", "(next to graph.ttl, or add --graph DIR/graph.ttl)", "muted"));
    return box;
  }
  var PANEL_MAX = 200;  // a hub's panel lists the first 200 items, so a click stays quick
  // `total` counts items the page does not carry too (a node's articles past the cap); `unsaid` says so.
  function section(body, title, items, total, unsaid) {
    total = total || items.length;
    if (!total) return;
    body.append(el("h3", title + " (" + total + ")"));
    var ul = el("ul");
    items.slice(0, PANEL_MAX).forEach(function (li) { ul.append(li); });
    if (items.length > PANEL_MAX) ul.append(el("li", "+" + (items.length - PANEL_MAX) + " more", "muted"));
    if (total > items.length) ul.append(el("li", unsaid(total - items.length), "muted more"));
    body.append(ul);
  }
  function lazy(ids, make) {  // items past PANEL_MAX are counted, not built
    return ids.map(function (x, i) { return i < PANEL_MAX ? make(x) : null; });
  }
  function openPanel() {
    var body = $("panel-body");
    body.replaceChildren();
    $("panel").hidden = false;
    return body;
  }
  function showNode(id) {
    var info = data.info[id], body = openPanel();
    body.append(el("h2", info.label));
    var t = el("span", info.type, "type");
    t.style.background = (typeStyle[info.type] || {}).color || "#888";
    body.append(t, el("span", "  degree " + info.degree, "muted"));
    section(body, "别名 Aliases", info.aliases.map(function (a) { return el("li", a); }));
    section(body, "提及的文章 Articles", lazy(info.articles, articleItem), info.articles_total, function (n) {
      return "还有 " + n + " 篇 · and " + n + " more articles (not in this page)";
    });
    section(body, "关系 Relations", lazy(relByNode[id] || [], relationItem));
    body.setAttribute("data-node", id);
  }
  function showEdge(eid) {
    if (!data.relations[eid]) return;
    var body = openPanel();
    body.append(el("h2", data.relations[eid].predicate));
    section(body, "证据 Evidence", [relationItem(eid)]);
  }
  kg.search = search;
  kg.select = select;
  kg.showNode = showNode;
  kg.showEdge = showEdge;
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  $("close").addEventListener("click", function () { $("panel").hidden = true; network.unselectAll(); });
  if (data.focus && data.info[data.focus]) {
    network.once("afterDrawing", function () { network.selectNodes([data.focus]); showNode(data.focus); });
  }
  updateStats();
})();
