"""What every relation rule needs: an article's linked mentions by position and
sentence, the word lists under kg/data/, and a Relation with its evidence sentence."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from operator import is_, itemgetter
from typing import NamedTuple

from ..model import Article, EntityType, Mention, Predicate, Relation
from ..text import split_sentences

ORG_TYPES = (EntityType.UNION, EntityType.ENTERPRISE, EntityType.ORGANIZATION)
# characters that never occur inside a role title as written: they mark a clause, not a post
_NOT_ROLE = set("的和与及向为对在把被让请派将给由从同跟说是")
_NO_QUOTES = {ord(c): None for c in "“”‘’\"'「」『』"}
_CJK = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9、·]+$")
_ROLE_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9、·]*")


@lru_cache(maxsize=None)
def _table(name: str) -> tuple[tuple[str, str], ...]:
    rows = []
    for line in files("kg").joinpath("data", name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, kind = line.partition("\t")
            if not kind:
                raise ValueError(f"kg/data/{name}: expected 'pattern<TAB>id', got {line!r}")
            rows.append((pattern.strip(), kind.strip()))
    return tuple(rows)


@lru_cache(maxsize=None)
def cue_words(kind: str) -> tuple[str, ...]:
    """Cue words of one kind from kg/data/cues.tsv, longest first.

    >>> "举办" in cue_words("organize"), cue_words("award-holder")[0]
    (True, '称号获得者')
    """
    return tuple(sorted({p for p, k in _table("cues.tsv") if k == kind}, key=lambda w: (-len(w), w)))


def opens_with_speech(text: str) -> bool:
    """Whether the text after a name opens with a verb of speech, perhaps after where
    the words were said (在仪式上说, 在接受采访时表示): the person is a quoted source.

    >>> [opens_with_speech(t) for t in ("说,", "在仪式上说", "在接受采访时表示", "在仪式上领奖", "说明书")]
    [True, True, True, False, True]
    """
    return _speech_opening().match(text) is not None


@lru_cache(maxsize=1)
def _speech_opening() -> re.Pattern:
    speech = "|".join(map(re.escape, cue_words("speech")))
    return re.compile(rf"(?:在[\u4e00-\u9fff]{{1,10}}?[上中时])?(?:{speech})")


@lru_cache(maxsize=None)
def role_titles() -> tuple[str, ...]:
    """Role titles from kg/data/roles.tsv, longest first.

    >>> "组织部部长".endswith(role_titles()), "主席" in role_titles()
    (True, True)
    """
    return tuple(sorted({p for p, _ in _table("roles.tsv")}, key=lambda w: (-len(w), w)))


def role_kind(role: str) -> str | None:
    """The kind (post or worker) of the longest title a role ends with.

    >>> role_kind("工会干事"), role_kind("徒弟"), role_kind("邀请")
    ('post', 'worker', None)
    """
    title = next((t for t in role_titles() if role.endswith(t)), None)
    return _role_kinds().get(title) if title else None


@lru_cache(maxsize=None)
def _role_kinds() -> dict[str, str]:
    return dict(_table("roles.tsv"))


@lru_cache(maxsize=None)
def worker_titles() -> frozenset[str]:
    """Titles of staff rather than office holders (职工, 操作工).

    >>> "操作工" in worker_titles(), "主席" in worker_titles()
    (True, False)
    """
    return frozenset(p for p, k in _table("roles.tsv") if k == "worker")


def clean(text: str) -> str:
    """Text with the white space of PDF line breaks removed.

    >>> clean("维护部副\\n\\n主任")
    '维护部副主任'
    """
    # str.split() cuts at exactly the characters \s matches, and is several times faster than re.sub
    return "".join(text.split())


def as_role(text: str, max_len: int = 20) -> str | None:
    """The post a gap of text names, or None: department words ending in a title, 、-joined.

    >>> as_role("组织部部长"), as_role("党组书记、副主席"), as_role("邀请专家"), as_role("的徒弟")
    ('组织部部长', '党组书记、副主席', None, None)
    >>> as_role("“职工夜校”负责人")
    '职工夜校负责人'
    """
    role = clean(text).translate(_NO_QUOTES)
    if not role or len(role) > max_len or not _CJK.match(role) or _NOT_ROLE & set(role):
        return None
    titles = role_titles()
    if all(piece and piece.endswith(titles) for piece in role.split("、")):
        return role
    return None


def starts_with_role(text: str, max_len: int = 20) -> str | None:
    """The longest role at the start of `text`.

    >>> starts_with_role("社会化工会工作者。台下")
    '社会化工会工作者'
    """
    head = _ROLE_CHARS.match(clean(text)[:max_len]).group()
    for end in range(len(head), 0, -1):
        if as_role(head[:end]):
            return head[:end]
    return None


class Node(NamedTuple):
    """A linked mention of one article (a tuple: the rules build tens of thousands)."""

    start: int
    end: int
    type: EntityType
    key: str
    text: str


class Doc:
    """One article's linked mentions, ordered by position, with sentence lookup.

    Only outermost mentions are nodes: a place inside a union's name is not
    a separate actor of the sentence. The rules ask for the nodes of a span and the
    sentence of an offset thousands of times, so both are found by bisection.
    """

    def __init__(self, article: Article, linked: list[tuple[Mention, str]]):
        self.article = article
        self.linked = linked
        self.text = article.text
        self.sentences = split_sentences(article.text)
        self._starts = [a for a, _ in self.sentences]
        self._ends = [b for _, b in self.sentences]
        spans = _by_start_longest_first({(m.start, m.end, m.type, key, m.text) for m, key in linked})
        nodes = []
        # spans come by start, so a node inside an earlier one ends before the furthest end
        # so far, or at it from an earlier start
        furthest, first_start = -1, {}
        for span in spans:
            s, e = span[0], span[1]
            if e <= s:
                continue  # byline credits carry no span in the text
            if e < furthest or first_start.get(e, s) < s:
                continue
            nodes.append(_new_tuple(Node, span))  # the span is (start, end, type, key, text): a Node's fields
            furthest = max(furthest, e)
            first_start.setdefault(e, s)
        self.nodes = nodes
        self._node_starts = [n.start for n in nodes]
        self._of_type: dict[tuple[EntityType, ...], list[Node]] = {}
        self._linked_of: dict[EntityType, list[tuple[Mention, str]]] | None = None
        self.memo: dict = {}  # what one rule works out for the article and another asks again
        self.awarded: list[Relation] | None = None  # awards.find_awarded, computed once

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts, pos) - 1  # spans do not overlap and come in order
        if i >= 0 and pos < self._ends[i]:
            return self.sentences[i]
        return pos, pos

    def sentences_before(self, pos: int) -> list[tuple[int, int]]:
        """The sentences that end at or before `pos`, in order."""
        return self.sentences[: bisect_right(self._ends, pos)]

    def sentences_ending_by(self, pos: int) -> int:
        """How many sentences end at or before `pos` (the first ones)."""
        return bisect_right(self._ends, pos)

    def sentences_from(self, a: int, b: int) -> list[tuple[int, int]]:
        """The sentences that start in [a, b), in order."""
        return self.sentences[bisect_left(self._starts, a) : bisect_left(self._starts, b)]

    def starting_in(self, a: int, b: int) -> list[Node]:
        """The nodes that start in [a, b), in order."""
        starts = self._node_starts
        return self.nodes[bisect_left(starts, a) : bisect_left(starts, b)]

    def starting_before(self, pos: int) -> list[Node]:
        """The nodes that start before `pos`, in order (every node ending by `pos` is one)."""
        return self.nodes[: bisect_left(self._node_starts, pos)]

    def starting_from(self, pos: int) -> list[Node]:
        """The nodes that start at or after `pos`, in order."""
        return self.nodes[bisect_left(self._node_starts, pos) :]

    def nodes_in(self, a: int, b: int, types: tuple[EntityType, ...] | None = None) -> list[Node]:
        # a node ends after it starts, so one that ends by b starts before b
        if types is None:
            return [n for n in self.starting_in(a, b) if n.end <= b]
        return [n for n in self.starting_in(a, b) if n.end <= b and n.type in types]

    def linked_of(self, type_: EntityType) -> list[tuple[Mention, str]]:
        """The linked pairs of one type, nested mentions too, in the order linked."""
        if self._linked_of is None:
            self._linked_of = {}
            for pair in self.linked:
                self._linked_of.setdefault(pair[0].type, []).append(pair)
        return self._linked_of.get(type_, [])

    def of_type(self, *types: EntityType) -> list[Node]:
        """The nodes of `types`, in order (one list per article and types: do not change it)."""
        found = self._of_type.get(types)
        if found is None:
            found = self._of_type[types] = [n for n in self.nodes if n.type in types]
        return found

    def relation(self, subject: str, predicate: Predicate, obj: str, at: int, role: str | None = None) -> Relation:
        """A relation whose evidence is the sentence holding offset `at`."""
        a, b = self.sentence(at)
        return Relation(subject, predicate, obj, self.article.id, self.text[a:b], a, b, role)


_new_tuple = tuple.__new__  # a NamedTuple from a tuple of its fields, without its Python-level __new__


def _by_start_longest_first(spans: Iterable[tuple]) -> list[tuple]:
    """(start, end, type, ...) spans by start, then longest first, then type; as given on ties.

    The same order as one sort on (start, -end, type), in three stable sorts on C keys: a
    Python key function would run for each span. The types are str enums: they compare as
    their values.

    >>> from kg.model import EntityType as T
    >>> [s[:2] for s in _by_start_longest_first([(3, 5, T.PLACE), (0, 2, T.UNION), (0, 7, T.UNION)])]
    [(0, 7), (0, 2), (3, 5)]
    """
    out = sorted(spans, key=itemgetter(2))
    out.sort(key=itemgetter(1), reverse=True)  # reverse keeps the order of equal keys
    out.sort(key=itemgetter(0))
    return out


_LAST: list = [None]


def doc_of(article: Article, linked: list[tuple[Mention, str]]) -> Doc:
    """`Doc(article, linked)`, shared by the rules that run one after another on the same
    article: the last one built is reused while `linked` holds the same pairs."""
    hit = _LAST[0]
    if hit is not None and hit[0] is article and hit[1] is linked and len(hit[2]) == len(linked) and all(map(is_, hit[2], linked)):
        return hit[3]
    doc = Doc(article, linked)
    _LAST[0] = (article, linked, tuple(linked), doc)
    return doc


def forget_docs() -> None:
    """Drop the shared Doc and what its memo holds: memo entries (geo's places) point back at
    their Doc, a cycle only the collector would free, and a build freezes the collector's
    older objects after each page (`kg.pipeline.Linker`), so the cycle would never be freed."""
    hit = _LAST[0]
    if hit is not None:
        hit[3].memo.clear()
    _LAST[0] = None


def unique(relations: list[Relation]) -> list[Relation]:
    """Relations without repeats of the same (subject, predicate, object, role), first evidence kept."""
    seen, out = set(), []
    for r in relations:
        k = (r.subject, r.predicate, r.object, r.role)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
