"""The only place where IRIs and prefixes are spelled.

>>> entity_iri("Union", "双鸭山市总工会")
rdflib.term.URIRef('https://w3id.org/union-kg/id/union/双鸭山市总工会')
>>> str(entity_iri("Person", "A <b> c"))
'https://w3id.org/union-kg/id/person/A%20%3Cb%3E%20c'
"""

from __future__ import annotations

import hashlib
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

UKG = Namespace("https://w3id.org/union-kg/ontology#")
ID = Namespace("https://w3id.org/union-kg/id/")
THEME = Namespace("https://w3id.org/union-kg/theme/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES = {
    "ukg": UKG,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "org": ORG,
    "skos": SKOS,
    "rdfs": RDFS,
    "prov": PROV,
    "owl": OWL,
    "xsd": XSD,
    "rdf": RDF,
    "theme": THEME,
}

_UNRESERVED = set("-._~")


def iri_safe(text: str) -> str:
    """Percent-encode everything but letters, digits and -._~ so any name makes a valid IRI.

    >>> iri_safe("三一(塔城)风电")
    '三一%28塔城%29风电'
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _UNRESERVED or (unicodedata.category(ch)[0] in "LN" and (ch.isascii() or ord(ch) > 0xA0)):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def entity_iri(type_name: str, label: str) -> URIRef:
    """The stable IRI of an entity: its type and canonical label."""
    return ID[f"{type_name.lower()}/{iri_safe(label)}"]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article id such as 000_0ec4487dac34524e#2."""
    stem, _, n = article_id.rpartition("#")
    return ID[f"article/{iri_safe(stem)}/{n}"]


def hashed_iri(kind: str, *parts: str) -> URIRef:
    """A stable IRI for a node made of other nodes (a membership, a statement).

    >>> str(hashed_iri("membership", "a", "b"))
    'https://w3id.org/union-kg/id/membership/687d61996b1c1278'
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return ID[f"{kind}/{digest}"]
