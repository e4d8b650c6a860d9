"""Evaluate an export against gold annotations (format of the annotation guideline).

Entities are compared per source file by type and name: a system entity matches a
gold entity of the same type when its label, or one of its non-generic aliases,
equals the gold name or a gold alias after normalisation. Relations are compared
over the whole export after mapping system entities to the gold entities they
matched; reportedBy is compared as (person, file).

>>> normalize_name("“泉城有约” ")
'泉城有约'
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

TYPES = ("Union", "Person", "Enterprise", "Programme", "Place", "Organization", "Honour")
CORE = ("Union", "Person", "Enterprise", "Programme")
# context words that name a different body in every article: never enough to match alone
GENERIC = frozenset({"市总", "省总", "县总", "区总", "市总工会", "省总工会", "县总工会", "区总工会", "总工会", "工会"})
_QUOTES = dict.fromkeys(map(ord, "\"'“”‘’「」『』《》〈〉"))

PATTERNS = {
    "holdsPost": "?s org:memberOf ?o .",
    "organizes": "?s ukg:organizes ?o .",
    "partOf": "?s ukg:partOf ?o .",
    "locatedIn": "?s ukg:locatedIn ?o .",
    "awarded": "?s ukg:awarded ?o .",
    "participatesIn": "?s ukg:participatesIn ?o .",
    "reportedBy": "?o schema:author ?s .",  # ?o: the article, compared by its source file
}


def normalize_name(text: str) -> str:
    """NFKC, no white space, no quotation marks."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(text.split()).translate(_QUOTES)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(self.p, 3), "r": round(self.r, 3), "f1": round(self.f1, 3), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Report:
    entities: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    relations: dict[str, Score] = field(default_factory=lambda: {p: Score() for p in PATTERNS})
    themes: Score = field(default_factory=Score)
    splits: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    cross_file: tuple[int, int] = (0, 0)  # (gold entities named on 2+ pages, of those one node)
    missed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    spurious: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relation_missed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relation_spurious: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def total(self, scores) -> Score:
        out = Score()
        for s in scores:
            out.tp, out.fp, out.fn = out.tp + s.tp, out.fp + s.fp, out.fn + s.fn
        return out

    @property
    def core(self) -> Score:
        return self.total(self.entities[t] for t in CORE)

    @property
    def all_relations(self) -> Score:
        return self.total(self.relations.values())

    def as_dict(self) -> dict:
        return {
            "entities": {"core": self.core.as_dict(), "by_type": {t: s.as_dict() for t, s in self.entities.items()}},
            "relations": {"all": self.all_relations.as_dict(), "by_predicate": {p: s.as_dict() for p, s in self.relations.items()}},
            "themes": self.themes.as_dict(),
            "linking": {"splits_within_file": self.splits, "merged_entities": self.merges,
                        "cross_file_entities": self.cross_file[0], "cross_file_linked": self.cross_file[1]},
            "missed": dict(self.missed), "spurious": dict(self.spurious),
            "relations_missed": dict(self.relation_missed), "relations_spurious": dict(self.relation_spurious),
        }


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold files keyed by the seed file name they annotate."""
    gold = {}
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold *.json files in {gold_dir}")
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "file" not in data or "entities" not in data:
            raise ValueError(f"{path}: expected a gold object with 'file' and 'entities'")
        gold[data["file"]] = data
    return gold


def _rows(store, query: str):
    from .query import with_prefixes

    for sol in store.query(with_prefixes(query)):
        yield tuple(None if sol[i] is None else sol[i].value for i in range(len(sol)))


def system_entities(store) -> dict[str, dict]:
    """iri -> {types, label, alts, files} read from an export."""
    ents: dict[str, dict] = {}
    types = ", ".join(f"ukg:{t}" for t in TYPES)
    for e, t, label in _rows(store, f"SELECT ?e ?t ?l WHERE {{ ?e a ?t ; rdfs:label ?l . FILTER(?t IN ({types})) }}"):
        ent = ents.setdefault(e, {"types": set(), "label": normalize_name(label), "alts": set(), "files": set()})
        ent["types"].add(t.rsplit("#", 1)[-1])
    for e, alt in _rows(store, "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }"):
        if e in ents:
            ents[e]["alts"].add(normalize_name(alt))
    q = "SELECT ?e ?src WHERE { { ?a schema:mentions ?e } UNION { ?a schema:author ?e } ?a dcterms:source ?src }"
    for e, src in _rows(store, q):
        if e in ents:
            ents[e]["files"].add(PurePath(src).name)
    return ents


def evaluate(store, gold: dict[str, dict]) -> Report:
    """Score the export in `store` (a pyoxigraph Store) against `gold`."""
    rep = Report()
    ents = system_entities(store)
    iri_to_gold: dict[str, str] = {}
    gold_iris: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fname, data in sorted(gold.items()):
        names = [(g["type"], g["name"], {normalize_name(g["name"])} | {normalize_name(a) for a in g.get("aliases", [])})
                 for g in data["entities"]]
        matched: dict[tuple[str, str], set[str]] = defaultdict(set)
        for iri, e in sorted(ents.items()):
            if fname not in e["files"]:
                continue
            exact = [(t, n) for t, n, ns in names if t in e["types"] and e["label"] in ns]
            loose = [(t, n) for t, n, ns in names if t in e["types"] and (e["alts"] - GENERIC) & (ns - GENERIC)]
            hits = exact or loose
            if not hits:
                for t in sorted(e["types"]):
                    rep.entities[t].fp += 1
                    rep.spurious[t].append(f"{fname}: {e['label']}")
                continue
            if len(set(exact) | set(loose)) > 1:
                rep.merges.append(f"{fname}: {e['label']} ~ " + ", ".join(n for _, n in sorted(set(exact) | set(loose))))
            matched[hits[0]].add(iri)
            iri_to_gold[iri] = hits[0][1]
            gold_iris[hits[0]].add(iri)
        for t, n, _ in names:
            if (t, n) in matched:
                rep.entities[t].tp += 1
                if len(matched[(t, n)]) > 1:
                    rep.splits.append(f"{fname}: {n}")
            else:
                rep.entities[t].fn += 1
                rep.missed[t].append(f"{fname}: {n}")
    pages = Counter((g["type"], g["name"]) for data in gold.values() for g in {(x["type"], x["name"]): x for x in data["entities"]}.values())
    multi = [k for k, n in pages.items() if n > 1 and k in gold_iris]
    rep.cross_file = (len(multi), sum(1 for k in multi if len(gold_iris[k]) == 1))
    _score_relations(rep, store, gold, iri_to_gold)
    _score_themes(rep, store, gold, iri_to_gold, gold_iris)
    return rep


def _score_relations(rep: Report, store, gold, iri_to_gold) -> None:
    source = dict(_rows(store, "SELECT ?a ?src WHERE { ?a dcterms:source ?src }"))
    for pred, pattern in PATTERNS.items():
        want = set()
        for fname, data in gold.items():
            for r in data.get("relations", []):
                if r["p"] == pred:
                    want.add((r["s"], fname if pred == "reportedBy" else r["o"]))
        got, unmapped = set(), []
        for s, o in _rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ {pattern} }}"):
            o_name = PurePath(source.get(o, "")).name if pred == "reportedBy" else iri_to_gold.get(o)
            if s in iri_to_gold and o_name:
                got.add((iri_to_gold[s], o_name))
            else:
                unmapped.append(f"{s.rsplit('/', 1)[-1]} -> {o.rsplit('/', 1)[-1]}")
        score = rep.relations[pred]
        score.tp = len(got & want)
        score.fp = len(got - want) + len(unmapped)
        score.fn = len(want - got)
        rep.relation_missed[pred] = sorted(f"{s} -> {o}" for s, o in want - got)
        rep.relation_spurious[pred] = sorted(f"{s} -> {o}" for s, o in got - want) + sorted(unmapped)


def _score_themes(rep: Report, store, gold, iri_to_gold, gold_iris) -> None:
    want: dict[str, set[str]] = defaultdict(set)
    for data in gold.values():
        for name, themes in data.get("programme_themes", {}).items():
            want[name].update(themes)
    got: dict[str, set[str]] = defaultdict(set)
    for p, n in _rows(store, "SELECT ?p ?n WHERE { ?p ukg:theme ?c . ?c skos:notation ?n }"):
        if p in iri_to_gold:
            got[iri_to_gold[p]].add(n)
    for name, themes in sorted(want.items()):
        if ("Programme", name) in gold_iris:
            rep.themes.tp += len(got[name] & themes)
            rep.themes.fp += len(got[name] - themes)
            rep.themes.fn += len(themes - got[name])


def format_report(rep: Report, show: int = 10) -> str:
    """A plain-text report: scores per type and predicate, linking, then examples of errors."""
    lines = [f"{'type':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    row = lambda name, s: f"{name:<15}{s.p:>7.3f}{s.r:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"  # noqa: E731
    lines += [row(t, s) for t, s in rep.entities.items()] + [row("CORE", rep.core), ""]
    lines += [row(p, s) for p, s in rep.relations.items()] + [row("ALL", rep.all_relations), ""]
    lines.append(row("themes", rep.themes))
    lines.append(f"linking: {len(rep.splits)} split within a page, {len(rep.merges)} merged, "
                 f"{rep.cross_file[1]}/{rep.cross_file[0]} multi-page entities are one node")
    for title, items in [("split", rep.splits), ("merged", rep.merges)]:
        if items and show:
            lines.append(f"{title}: " + "; ".join(items[:show]))
    for kind, table in [("missed", rep.missed), ("spurious", rep.spurious),
                        ("missed relation", rep.relation_missed), ("spurious relation", rep.relation_spurious)]:
        for key, items in table.items():
            if items and show:
                lines.append(f"{kind} {key} ({len(items)}): " + "; ".join(items[:show]))
    return "\n".join(lines)
