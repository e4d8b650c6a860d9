"""IRIs minted from names: iri_safe's shortcut for plain names gives what the general path gives."""

import sys

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kg.vocab import (
    _KEPT_AS_IS,
    _percent_encoded,
    article_iri,
    article_iri_text,
    entity_iri,
    entity_iri_text,
    iri_safe,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("双鸭山市总工会", "双鸭山市总工会"),
        ("A-b.c_d~9", "A-b.c_d~9"),
        ("三一(塔城)风电", "三一%28塔城%29风电"),
        ("A <b> c", "A%20%3Cb%3E%20c"),
        ("“泉城有约”", "%E2%80%9C泉城有约%E2%80%9D"),
        ("Cafe\u0301", "Café"),  # NFC first: e and the combining accent make é, a letter
        ("\u00a0", "%C2%A0"),  # not ASCII, at most 0xA0: encoded
        ("①号", "①号"),  # a number (No) beyond 0xA0 is kept
        ("\uf900", "\u8c48"),  # a compatibility ideograph: NFC maps it to the unified one
        ("𠀀", "𠀀"),  # an ideograph beyond the BMP: kept, by the general path
    ],
)
def test_iri_safe(text, expected):
    assert iri_safe(text) == expected == _percent_encoded(text)


def test_every_code_point_the_shortcut_keeps_is_kept_by_the_general_path():
    kept = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and _KEPT_AS_IS.fullmatch(chr(c))]
    assert len(kept) == 10 + 52 + 4 + (0x9FFF - 0x4E00 + 1)
    assert [c for c in kept if _percent_encoded(c) != c] == []
    text = "".join(kept)
    assert iri_safe(text) == _percent_encoded(text) == text


def test_every_code_point_gives_the_general_paths_answer():
    # one code point, then beside a kept one (NFC may join neighbours)
    for c in range(0, sys.maxunicode + 1, 11):
        if 0xD800 <= c <= 0xDFFF:
            continue
        for text in (chr(c), "工" + chr(c), chr(c) + "a"):
            assert iri_safe(text) == _percent_encoded(text), hex(c)


@seed(20261123)
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("工会a0-._~ (%\u0301\u00a0"), st.characters()), max_size=8))
def test_iri_safe_equals_the_general_path(text):
    assert iri_safe(text) == _percent_encoded(text)


@pytest.mark.parametrize(("type_name", "label"), [("Union", "双鸭山市总工会"), ("Person", "A <b> c"), ("Place", "")])
def test_entity_iri_text(type_name, label):
    assert entity_iri_text(type_name, label) == str(entity_iri(type_name, label))


@pytest.mark.parametrize(
    ("article_id", "expected"),
    [
        ("000_0ec4487dac34524e#2", "https://w3id.org/union-kg/id/article/000_0ec4487dac34524e/2"),
        ("pages/a b#10", "https://w3id.org/union-kg/id/article/pages%2Fa%20b/10"),
        ("no-hash", "https://w3id.org/union-kg/id/article//no-hash"),
        ("x#1#2", "https://w3id.org/union-kg/id/article/x%231/2"),
        ("双鸭山#0", "https://w3id.org/union-kg/id/article/双鸭山/0"),
    ],
)
def test_article_iri_text(article_id, expected):
    assert article_iri_text(article_id) == str(article_iri(article_id)) == expected
