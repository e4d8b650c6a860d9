"""ontology/: the OWL ontology, the SKOS theme scheme and the SHACL shapes."""

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

sys.path.insert(0, str(Path(__file__).parent))
from test_rdf import sample_graph

from kg.rdf import to_rdf
from kg.vocab import FOAF, ONTOLOGY, ORG, SCHEMA, THEME_SCHEME, UKG, theme_iri

ROOT = Path(__file__).resolve().parents[1]
FILES = ["ukg.ttl", "themes.ttl", "shapes.ttl"]
# the notations of gold/GUIDELINE.md
NOTATIONS = [
    "cadre-development", "matchmaking", "education-aid", "skills-and-craftsmen", "ideological-education",
    "hardship-relief", "health", "culture-and-learning", "employment", "poverty-alleviation",
    "rights-protection", "safety", "childcare", "reform", "digital",
]
PROV = "http://www.w3.org/ns/prov#"
UKG_TERMS = {UKG[name] for name in UKG.__annotations__}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "ukg.ttl")


@pytest.fixture(scope="module")
def themes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "themes.ttl")


@pytest.mark.parametrize("name", FILES)
def test_files_parse_in_pyoxigraph(name):
    store = pyoxigraph.Store()
    with open(ROOT / "ontology" / name, "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 50


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's `rapper` is absent: apt-get install -y raptor2-utils (.ci/deps.sh)")
@pytest.mark.parametrize("name", FILES)
def test_files_parse_in_rapper(name):
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(ROOT / "ontology" / name)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr


@pytest.mark.parametrize(
    "p, o",
    [
        (RDF.type, OWL.Ontology),
        (OWL.versionIRI, URIRef("https://w3id.org/union-kg/ontology/0.1.0")),
        (DCTERMS.license, URIRef("https://opensource.org/licenses/MIT")),
        (DCTERMS.creator, Literal("union-kg contributors")),
    ],
)
def test_metadata(onto, p, o):
    assert (ONTOLOGY, p, o) in onto


def _langs(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p)}


def test_every_ukg_term_in_code_is_declared_with_zh_and_en_labels(onto):
    for term in sorted(UKG_TERMS):
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in onto, f"{term} is not declared in ontology/ukg.ttl"
        assert _langs(onto, term, RDFS.label) == {"zh", "en"}, term
        assert _langs(onto, term, SKOS.definition) == {"zh", "en"}, term


def test_every_ukg_term_in_the_ontology_is_known_to_the_code(onto):
    declared = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(UKG._NS))}
    assert declared == UKG_TERMS


def test_every_term_the_export_uses_is_declared(onto):
    from kg.related import example_graph

    rdf = to_rdf(sample_graph()) + to_rdf(example_graph())  # the sample has one programme: nothing related
    used = set(rdf.predicates()) | set(rdf.objects(None, RDF.type))
    builtin = {RDF.type, RDF.Statement, RDF.subject, RDF.predicate, RDF.object, RDFS.label, RDFS.isDefinedBy, OWL.Ontology}
    declared = {s for s in onto.subjects(RDF.type, None)}
    assert used - builtin - declared == set()


@pytest.mark.parametrize(
    "cls, parent",
    [
        (UKG.Union, ORG.FormalOrganization),
        (UKG.Organization, ORG.FormalOrganization),
        (UKG.Enterprise, SCHEMA.Corporation),
        (UKG.Person, SCHEMA.Person),
        (UKG.Person, FOAF.Person),
        (UKG.Place, SCHEMA.Place),
        (UKG.Article, SCHEMA.NewsArticle),
        (UKG.Article, URIRef(PROV + "Entity")),
        (UKG.Assertion, RDF.Statement),
    ],
)
def test_alignments_hold_under_rdfs_inference(onto, cls, parent):
    import owlrl

    g = Graph() + onto
    g.add((URIRef("urn:x"), RDF.type, cls))
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    assert (URIRef("urn:x"), RDF.type, parent) in g


def test_seven_entity_classes_are_pairwise_disjoint(onto):
    q = "SELECT ?c WHERE { ?x a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?c }"
    members = {row[0] for row in onto.query(q, initNs={"owl": OWL, "rdf": RDF})}
    assert members == {UKG[t] for t in ("Union", "Person", "Enterprise", "Programme", "Place", "Organization", "Honour")}


def test_theme_scheme_has_the_guideline_notations(themes):
    assert sorted(str(n) for n in themes.objects(None, SKOS.notation)) == sorted(NOTATIONS)


@pytest.mark.parametrize("notation", NOTATIONS)
def test_theme_concept(themes, notation):
    c = theme_iri(notation)
    assert (c, RDF.type, SKOS.Concept) in themes
    assert (c, SKOS.inScheme, THEME_SCHEME) in themes and (THEME_SCHEME, SKOS.hasTopConcept, c) in themes
    assert _langs(themes, c, SKOS.prefLabel) == {"zh", "en"}
    assert str(c) == f"https://w3id.org/union-kg/theme/{notation}"


@pytest.mark.parametrize("extra, ok", [("", True), ("ukgsh:Bad a sh:NodeShape ; sh:property [ sh:minCount 1 ] .", False)])
def test_shapes_pass_shacl_shacl(extra, ok):
    from pyshacl.entrypoints import meta_validate

    text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8") + extra
    conforms, _, report = meta_validate(Graph().parse(data=text, format="turtle"))
    assert conforms == ok, report


def test_shapes_with_the_ontology_still_accept_the_sample(onto):
    import pyshacl

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, report = pyshacl.validate(to_rdf(sample_graph()), shacl_graph=shapes, ont_graph=onto, inference="rdfs", allow_warnings=True)
    assert conforms, report


@pytest.mark.parametrize("name", FILES)
def test_package_carries_the_ontology_files_unchanged(name):
    # an installed kg reads kg/ontology/; ontology/ is the copy people edit
    packaged = ROOT / "kg" / "ontology" / name
    assert packaged.read_bytes() == (ROOT / "ontology" / name).read_bytes(), f"kg/ontology/{name} differs from ontology/{name}: cp ontology/*.ttl kg/ontology/"


def test_the_code_reads_the_ontology_from_inside_the_package():
    import kg
    from kg.vocab import ONTOLOGY_DIR

    assert ONTOLOGY_DIR == Path(kg.__file__).resolve().parent / "ontology"
    assert sorted(p.name for p in ONTOLOGY_DIR.glob("*.ttl")) == sorted(FILES)


def test_package_data_ships_the_ontology():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["kg"]
    assert "ontology/*.ttl" in patterns
