"""The only place where IRIs and prefixes are spelled.

>>> entity_iri("Union", "双鸭山市总工会")
rdflib.term.URIRef('https://w3id.org/union-kg/id/union/双鸭山市总工会')
>>> str(entity_iri("Person", "A <b> c"))
'https://w3id.org/union-kg/id/person/A%20%3Cb%3E%20c'
>>> str(UKG.organizes)
'https://w3id.org/union-kg/ontology#organizes'
>>> UKG.organises  # a typo fails loudly instead of minting a new term
Traceback (most recent call last):
...
AttributeError: term 'organises' not in namespace 'https://w3id.org/union-kg/ontology#'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace


class UKG(DefinedNamespace):
    """The union-kg ontology terms (declared in ontology/ukg.ttl; a test keeps the two in step)."""

    _NS = Namespace("https://w3id.org/union-kg/ontology#")
    _fail = True

    # classes
    Union: URIRef  # 工会
    Person: URIRef  # 人物
    Enterprise: URIRef  # 企业
    Programme: URIRef  # 项目/品牌/活动
    Place: URIRef  # 地点
    Organization: URIRef  # 其他组织
    Honour: URIRef  # 荣誉
    Article: URIRef  # 新闻文章
    Assertion: URIRef  # 一条有出处的陈述
    Relatedness: URIRef  # 两个项目的相关度（限定关系）
    # relations between entities
    organizes: URIRef
    partOf: URIRef
    locatedIn: URIRef
    awarded: URIRef
    participatesIn: URIRef
    theme: URIRef
    targets: URIRef
    relatedTo: URIRef
    # qualified relatedTo: programme -> Relatedness -> other programme
    relatedness: URIRef
    relatedProgramme: URIRef
    score: URIRef
    rank: URIRef
    reason: URIRef
    # provenance of an assertion
    evidence: URIRef
    start: URIRef
    end: URIRef
    # individuals
    unspecifiedRole: URIRef


ID = Namespace("https://w3id.org/union-kg/id/")
_ID_TEXT = str(ID)
THEME = Namespace("https://w3id.org/union-kg/theme/")
TARGET = Namespace("https://w3id.org/union-kg/target/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")

ONTOLOGY = URIRef("https://w3id.org/union-kg/ontology")
THEME_SCHEME = URIRef("https://w3id.org/union-kg/theme")
TARGET_SCHEME = URIRef("https://w3id.org/union-kg/target")

# the package's copy of ontology/*.ttl, so that an installed kg (not only an editable one)
# has them; tests/test_ontology.py fails when the two differ: cp ontology/*.ttl kg/ontology/
ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"

PREFIXES = {
    "ukg": UKG._NS,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "org": ORG,
    "skos": SKOS,
    "rdfs": RDFS,
    "prov": PROV,
    "owl": OWL,
    "xsd": XSD,
    "rdf": RDF,
    "foaf": FOAF,
    "sh": SH,
    "theme": THEME,
    "target": TARGET,
}

_UNRESERVED = set("-._~")
# names made only of ASCII letters and digits, -._~ and CJK unified ideographs (letters, and
# unchanged by NFC) come out as they went in: most labels. tests/test_vocab.py checks every
# code point of this class against the general path
_KEPT_AS_IS = re.compile(r"[0-9A-Za-z\-._~\u4e00-\u9fff]*")


def iri_safe(text: str) -> str:
    """Percent-encode everything but letters, digits and -._~ so any name makes a valid IRI.

    >>> iri_safe("三一(塔城)风电"), iri_safe("双鸭山市总工会")
    ('三一%28塔城%29风电', '双鸭山市总工会')
    """
    if _KEPT_AS_IS.fullmatch(text):
        return text
    return _percent_encoded(text)


def _percent_encoded(text: str) -> str:
    """`iri_safe` character by character: NFC, then each character kept or percent-encoded.

    >>> _percent_encoded("A <b> c"), _percent_encoded("Cafe\u0301")
    ('A%20%3Cb%3E%20c', 'Café')
    """
    return "".join([_CHARACTERS.get(ch) or _character(ch) for ch in unicodedata.normalize("NFC", text)])


def _character(ch: str) -> str:
    """A character of `_percent_encoded`: itself, or its UTF-8 bytes percent-encoded; remembered
    (labels share a few thousand characters, and the export mints every label's IRI).

    >>> _character("工"), _character("“"), _character("~")
    ('工', '%E2%80%9C', '~')
    """
    if ch in _UNRESERVED or (unicodedata.category(ch)[0] in "LN" and (ch.isascii() or ord(ch) > 0xA0)):
        text = ch
    else:
        text = "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
    if len(_CHARACTERS) < 100_000:
        _CHARACTERS[ch] = text
    return text


_CHARACTERS: dict[str, str] = {}  # character -> `_character`


def entity_iri(type_name: str, label: str) -> URIRef:
    """The stable IRI of an entity: its type and canonical label."""
    return ID[f"{type_name.lower()}/{iri_safe(label)}"]


def entity_iri_text(type_name: str, label: str) -> str:
    """`str(entity_iri(type_name, label))` without making the URIRef (exports write hundreds
    of thousands of them as text).

    >>> entity_iri_text("Union", "双鸭山市总工会") == str(entity_iri("Union", "双鸭山市总工会"))
    True
    """
    return f"{_ID_TEXT}{type_name.lower()}/{iri_safe(label)}"


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article id such as 000_0ec4487dac34524e#2."""
    stem, _, n = article_id.rpartition("#")
    return ID[f"article/{iri_safe(stem)}/{n}"]


def article_iri_text(article_id: str) -> str:
    """`str(article_iri(article_id))` without making the URIRef (an export cites each article many times).

    >>> article_iri_text("000_0ec4487dac34524e#2") == str(article_iri("000_0ec4487dac34524e#2"))
    True
    """
    stem, _, n = article_id.rpartition("#")
    return f"{_ID_TEXT}article/{iri_safe(stem)}/{n}"


def theme_iri(notation: str) -> URIRef:
    """The SKOS concept of a programme theme notation (ontology/themes.ttl).

    >>> str(theme_iri("matchmaking"))
    'https://w3id.org/union-kg/theme/matchmaking'
    """
    return THEME[iri_safe(notation)]


def target_iri(label: str) -> URIRef:
    """The SKOS concept of a programme's target group, e.g. 青年职工.

    >>> str(target_iri("青年职工"))
    'https://w3id.org/union-kg/target/青年职工'
    """
    return TARGET[iri_safe(label)]


def hashed_iri(kind: str, *parts: str) -> URIRef:
    """A stable IRI for a node made of other nodes (a membership, a statement).

    >>> str(hashed_iri("membership", "a", "b"))
    'https://w3id.org/union-kg/id/membership/687d61996b1c1278'
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return ID[f"{kind}/{digest}"]
