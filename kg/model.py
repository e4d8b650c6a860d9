"""Plain records that flow between the stages.

Every stage takes and returns these frozen dataclasses, so a stage can be
tested by building its input by hand.

>>> Mention("双鸭山市总", EntityType.UNION, 0, 5, canonical="双鸭山市总工会").name
'双鸭山市总工会'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    """The seven entity types of the annotation guideline (ontology class names)."""

    UNION = "Union"
    PERSON = "Person"
    ENTERPRISE = "Enterprise"
    PROGRAMME = "Programme"
    PLACE = "Place"
    ORGANIZATION = "Organization"
    HONOUR = "Honour"


class Predicate(str, Enum):
    """The relation predicates of the guideline, spelled as in the ontology."""

    HOLDS_POST = "holdsPost"
    REPORTED_BY = "reportedBy"
    ORGANIZES = "organizes"
    PART_OF = "partOf"
    LOCATED_IN = "locatedIn"
    AWARDED = "awarded"
    PARTICIPATES_IN = "participatesIn"


@dataclass(frozen=True)
class Page:
    """One input file: its path as given and its decoded text.

    `stem` prefixes its article ids; `read_pages` makes it unique among the pages
    it reads (the file stem, or "stem~2"... when two files share one). `original`
    is the text as written when `text` is its Simplified reading (a Traditional
    page), of the same length, character for character; "" otherwise.
    """

    source: str
    text: str
    stem: str = ""
    original: str = ""


@dataclass(frozen=True)
class Credit:
    """A byline credit: 本报记者 张坤 -> Credit("张坤", "记者")."""

    name: str
    role: str  # 记者, 通讯员 or 摄影
    start: int = 0  # the name's span in Article.text (bylines stay in the text)
    end: int = 0


@dataclass(frozen=True)
class Article:
    """One article of a page, after PDF repair.

    `text` is the repaired article text (headline first, then the body);
    mention and evidence offsets refer to it. `page_start`/`page_end` locate the
    article in the page text as read. `original` is `text` as written on a
    Traditional page (same length; see `kg.script.original_form`), "" otherwise.
    """

    id: str
    source: str
    index: int
    headline: str
    text: str
    credits: tuple[Credit, ...] = ()
    page_start: int = 0
    page_end: int = 0
    original: str = ""


@dataclass(frozen=True)
class Mention:
    """A span of `Article.text` naming an entity of one type.

    `canonical` is the full name the finder already knows (双鸭山市总 ->
    双鸭山市总工会); `None` means the surface form is the name. `context` marks
    references such as 市总 or 该县总工会 that only the article can resolve.
    """

    text: str
    type: EntityType
    start: int
    end: int
    canonical: str | None = None
    context: bool = False
    rule: str = ""

    @property
    def name(self) -> str:
        return self.canonical or self.text


@dataclass(frozen=True)
class Entity:
    """A linked real-world entity with one canonical label and its aliases."""

    key: str  # stable id within the corpus: "Union/双鸭山市总工会"
    type: EntityType
    label: str
    aliases: frozenset[str] = frozenset()
    attrs: tuple[tuple[str, str], ...] = ()  # extra facts, e.g. (("adcode", "230500"),)


@dataclass(frozen=True)
class Relation:
    """A fact stated by one sentence of one article.

    `subject`/`object` are entity keys (for reportedBy the object is the article id);
    `start`/`end` locate `evidence` in `Article.text`.
    """

    subject: str
    predicate: Predicate
    object: str
    article: str
    evidence: str
    start: int
    end: int
    role: str | None = None


@dataclass
class ArticleResult:
    """What extraction and linking produced for one article."""

    article: Article
    mentions: list[tuple[Mention, str]] = field(default_factory=list)  # (mention, entity key)
    relations: list[Relation] = field(default_factory=list)


def entity_key(type_: EntityType, label: str) -> str:
    """The corpus-wide key of an entity.

    >>> entity_key(EntityType.UNION, "中华全国总工会")
    'Union/中华全国总工会'
    """
    return f"{type_.value}/{label}"
