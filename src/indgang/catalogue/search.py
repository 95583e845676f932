"""Danish-aware search over the service catalogue.

Words are reduced with the Snowball Danish stemmer plus a step for the
nominal endings -ning/-ing ("flytning" ~ "flytte"), and compound words are
split into known parts ("sundhedskortet" → sundhed + kort, "lægeskift" →
læge + skift), so "skifte læge" finds "Lægeskift". The index is a term →
weight map stored on each service; the catalogue is small (hundreds of
services), so scoring happens in Python and runs the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import snowballstemmer

_WORD = re.compile(r"[a-zæøåéü0-9]+")
_STEMMER = snowballstemmer.stemmer("danish")
MIN_PART = 3

STOPWORDS = frozenset(
    [
        "af",
        "at",
        "de",
        "den",
        "der",
        "det",
        "du",
        "eller",
        "en",
        "er",
        "et",
        "for",
        "fra",
        "få",
        "har",
        "hvad",
        "hvis",
        "hvordan",
        "i",
        "jeg",
        "kan",
        "man",
        "med",
        "min",
        "mit",
        "mine",
        "ny",
        "nyt",
        "nye",
        "og",
        "om",
        "på",
        "skal",
        "som",
        "til",
        "ved",
        "vil",
    ]
)

# Word parts citizens combine into compounds, beside the words of the catalogue.
SEED_PARTS = [
    "sundhed",
    "kort",
    "læge",
    "skift",
    "pas",
    "flyt",
    "parkering",
    "tilladelse",
    "navn",
    "ændring",
    "bolig",
    "støtte",
    "børn",
    "barn",
    "penge",
    "ydelse",
    "tilskud",
    "plads",
    "skole",
    "fødsel",
    "dag",
    "pleje",
    "beboer",
    "licens",
    "bil",
    "folk",
    "register",
    "adresse",
    "pension",
    "alder",
    "dødsfald",
    "begravelse",
    "hjælp",
    "kørsel",
    "syg",
    "sikring",
]


def stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word)
    for ending in ("ning", "ing"):
        if stemmed.endswith(ending) and len(stemmed) - len(ending) >= MIN_PART:
            return stemmed[: -len(ending)]
    return stemmed


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def split_compound(word: str, lexicon: frozenset[str]) -> list[str]:
    """Known stems a compound is made of, or [] if it cannot be split."""
    for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        left, right = word[:i], word[i:]
        right_parts = [stem(right)] if stem(right) in lexicon else split_compound(right, lexicon)
        if not right_parts:
            continue
        # Danish joins parts with a linking -s- or -e- ("sundhed-s-kort", "navn-e-ændring").
        for candidate in (left, left[:-1] if left[-1:] in ("s", "e") else ""):
            if len(candidate) >= MIN_PART and stem(candidate) in lexicon:
                return [stem(candidate), *right_parts]
    return []


@cache
def seed_lexicon() -> frozenset[str]:
    return frozenset(stem(w) for w in SEED_PARTS)


def terms(text: str, lexicon: frozenset[str]) -> set[str]:
    """The index terms of a text: stems, and the parts of compounds."""
    found: set[str] = set()
    for word in words(text):
        found.add(stem(word))
        if len(word) >= 2 * MIN_PART:
            found.update(split_compound(word, lexicon))
    return found


def lexicon_for(texts: Iterable[str]) -> frozenset[str]:
    return seed_lexicon() | {stem(w) for text in texts for w in words(text) if len(w) >= MIN_PART}


def score(query_terms: set[str], index: dict[str, int]) -> tuple[int, int]:
    """(how many query terms matched, summed weight) — higher is better."""
    matched = [index[t] for t in query_terms if t in index]
    return len(matched), sum(matched)
