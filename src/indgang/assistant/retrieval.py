"""Finding the content a question is about: services, referrals and places.

Citizens type freely: misspellings, missing æøå ("laege", "korekort"),
compounds ("parkeringslicens"), Danish or English. Text is folded to a
canonical form (æ/ae → a, ø/oe → o, å/aa → a), reduced with the Danish and
English Snowball stemmers, and matched twice: on words (TF-IDF over stems)
and on character n-grams (TF-IDF over 3–5-grams, which catches typos and
compound parts). The index is derived from the catalogue and the directory
and rebuilt when their content changes; it is a cache, never the truth.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer

from indgang.catalogue import queries as catalogue
from indgang.catalogue import referrals as referral_queries
from indgang.directory import queries as directory

WORD = re.compile(r"[a-z0-9æøåéü]+")
_DA = snowballstemmer.stemmer("danish")
_EN = snowballstemmer.stemmer("english")
WORD_WEIGHT = 0.4
CHAR_WEIGHT = 0.6
# A place counts as named when at least this share of its name's words is in the question.
PLACE_SHARE = 0.5
# Added when the question holds a service's whole name ("pas", "storskrald"): short
# names have few character n-grams, so the plain scores undervalue them.
NAME_BONUS = 0.1

# Words that say nothing about the matter: question words, pronouns, filler.
STOPWORDS = frozenset(
    [
        "af",
        "alle",
        "alt",
        "at",
        "bare",
        "blev",
        "blive",
        "bliver",
        "da",
        "de",
        "dem",
        "den",
        "denne",
        "der",
        "deres",
        "det",
        "dig",
        "din",
        "dine",
        "dit",
        "du",
        "efter",
        "eller",
        "en",
        "er",
        "et",
        "for",
        "fra",
        "få",
        "får",
        "gerne",
        "gøre",
        "gør",
        "ham",
        "han",
        "har",
        "have",
        "hej",
        "hende",
        "her",
        "hos",
        "hun",
        "hvad",
        "hvem",
        "hvilken",
        "hvilke",
        "hvis",
        "hvor",
        "hvordan",
        "hvornår",
        "i",
        "ikke",
        "ind",
        "jeg",
        "jer",
        "kan",
        "kommer",
        "kunne",
        "man",
        "med",
        "meget",
        "men",
        "mig",
        "min",
        "mine",
        "mit",
        "mod",
        "må",
        "ned",
        "noget",
        "nogen",
        "nok",
        "nu",
        "når",
        "og",
        "om",
        "op",
        "os",
        "over",
        "på",
        "sig",
        "sin",
        "skal",
        "skulle",
        "som",
        "så",
        "til",
        "ud",
        "under",
        "var",
        "vi",
        "vil",
        "ville",
        "vores",
        "være",
        "været",
        "kommunen",
        "kommune",
        "københavn",
        "københavns",
        "a",
        "about",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "got",
        "have",
        "how",
        "i",
        "i'm",
        "im",
        "if",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "need",
        "of",
        "on",
        "or",
        "our",
        "please",
        "should",
        "so",
        "that",
        "the",
        "their",
        "there",
        "to",
        "up",
        "us",
        "want",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

HOURS_WORDS = frozenset(
    [
        "åben",
        "åbent",
        "åbner",
        "åbningstid",
        "åbningstider",
        "lukker",
        "lukket",
        "lukke",
        "telefontid",
        "ringe",
        "ring",
        "adresse",
        "ligger",
        "hvor",
        "open",
        "opening",
        "hours",
        "close",
        "closes",
        "closing",
        "address",
        "where",
        "located",
        "phone",
    ]
)
# Words that name a kind of place rather than which one.
GENERIC_PLACE_WORDS = frozenset(
    ["borgerservice", "bibliotek", "biblioteket", "jobcenter", "jobcentret", "kobenhavn"]
)


def fold(text: str) -> str:
    """Lower-case and fold Danish letters so "læge", "laege" and "lage" meet."""
    text = text.lower()
    for old, new in (("æ", "a"), ("ø", "o"), ("å", "a"), ("ae", "a"), ("oe", "o"), ("aa", "a")):
        text = text.replace(old, new)
    return text


@cache
def _folded_stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in STOPWORDS)


def tokens(text: str) -> list[str]:
    """Folded words of a text, without stopwords."""
    stop = _folded_stopwords()
    raw = WORD.findall(text.lower())
    return [w for w in (fold(r) for r in raw) if w not in stop and len(w) > 1]


def stems(text: str) -> list[str]:
    found: list[str] = []
    for word in tokens(text):
        danish = _DA.stemWord(word)
        found.append(danish)
        english = _EN.stemWord(word)
        if english != danish:
            found.append(english)
    return found


def char_text(text: str) -> str:
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Document:
    kind: str  # "service" | "referral" | "place"
    key: str  # the slug
    text: str
    names: tuple[frozenset[str], ...] = ()  # the stems of each of its names (Danish, English)


@dataclass
class Hit:
    kind: str
    key: str
    score: float


@dataclass
class Index:
    version: str
    documents: list[Document]
    words: TfidfVectorizer
    chars: TfidfVectorizer
    word_matrix: object
    char_matrix: object
    place_names: dict[str, list[str]] = field(default_factory=dict)

    def rank(self, question: str) -> list[Hit]:
        """Services and referrals by how well they fit the question, best first."""
        word_q = self.words.transform([question])
        char_q = self.chars.transform([question])
        if word_q.nnz == 0 and char_q.nnz == 0:
            return []
        scores = WORD_WEIGHT * (self.word_matrix @ word_q.T).toarray().ravel()  # type: ignore[attr-defined]
        scores += CHAR_WEIGHT * (self.char_matrix @ char_q.T).toarray().ravel()  # type: ignore[attr-defined]
        asked = set(stems(question))
        for i, document in enumerate(self.documents):
            if any(name and name <= asked for name in document.names):
                scores[i] += NAME_BONUS
        order = np.argsort(-scores)
        return [
            Hit(self.documents[i].kind, self.documents[i].key, float(scores[i]))
            for i in order[:10]
            if scores[i] > 0
        ]

    def places(self, question: str) -> list[tuple[str, float]]:
        """Directory units the question names, with the share of the name it matched."""
        asked = [_DA.stemWord(w) for w in tokens(question)]
        generic = {_DA.stemWord(fold(w)) for w in GENERIC_PLACE_WORDS}
        found = []
        for slug, name_words in self.place_names.items():
            distinctive = [w for w in name_words if w not in generic]
            matched = sum(1 for w in name_words if any(_same(w, a) for a in asked))
            specific = sum(1 for w in distinctive if any(_same(w, a) for a in asked))
            if specific and matched / len(name_words) >= PLACE_SHARE:
                found.append((slug, matched / len(name_words)))
        found.sort(key=lambda item: -item[1])
        return found


def _same(name_word: str, asked: str) -> bool:
    """ "nordvest" names "Nord", "jobcentret" names "Jobcenter"; "centre" is not "Centrum"."""
    return asked == name_word or (len(name_word) >= 4 and asked.startswith(name_word))


def asks_for_hours(question: str) -> bool:
    folded = {fold(w) for w in WORD.findall(question.lower())}
    return bool(folded & {fold(w) for w in HOURS_WORDS})


def _service_text(service: object) -> str:
    s = service  # a catalogue Service
    name = f"{s.name} {s.name_en}"  # type: ignore[attr-defined]
    keywords = f"{s.keywords} {s.keywords_en}"  # type: ignore[attr-defined]
    body = " ".join(
        [
            s.summary,  # type: ignore[attr-defined]
            s.summary_en,  # type: ignore[attr-defined]
            s.who_can_get,  # type: ignore[attr-defined]
            s.who_can_get_en,  # type: ignore[attr-defined]
            *(f"{f.question} {f.answer}" for f in s.faqs.all()),  # type: ignore[attr-defined]
        ]
    )
    # Name and search words count more than the running text.
    return " ".join([name] * 3 + [keywords] * 2 + [body])


def _documents() -> tuple[list[Document], dict[str, list[str]]]:
    documents = [
        Document(
            "service",
            s.slug,
            _service_text(s),
            (frozenset(stems(s.name)), frozenset(stems(s.name_en))),
        )
        for s in catalogue.services()
    ]
    for r in referral_queries.referrals():
        text = " ".join([f"{r.topic} {r.topic_en}"] * 2 + [r.keywords] * 2 + [r.authority])
        documents.append(Document("referral", r.slug, text))
    places = {
        unit.slug: [_DA.stemWord(w) for w in tokens(unit.name)] for unit in directory.public_units()
    }
    return documents, places


def _version() -> str:
    """Changes whenever the catalogue, the referrals or the directory do."""
    digest = hashlib.sha256()
    services = catalogue.services().select_related(None).prefetch_related(None)
    for row in services.order_by("pk").values_list("pk", "search_index", "name_en", "keywords_en"):
        digest.update(repr(row).encode())
    for referral in (
        referral_queries.referrals().order_by("pk").values_list("pk", "topic", "keywords")
    ):
        digest.update(repr(referral).encode())
    units = directory.public_units().select_related(None).prefetch_related(None)
    for unit in units.order_by("pk").values_list("pk", "name"):
        digest.update(repr(unit).encode())
    return digest.hexdigest()


_lock = threading.Lock()
_current: Index | None = None


def build() -> Index:
    documents, places = _documents()
    texts = [d.text for d in documents] or [""]
    words = TfidfVectorizer(analyzer=stems, sublinear_tf=True)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=char_text, sublinear_tf=True
    )
    return Index(
        version=_version(),
        documents=documents,
        words=words,
        chars=chars,
        word_matrix=words.fit_transform(texts),
        char_matrix=chars.fit_transform(texts),
        place_names=places,
    )


def index() -> Index:
    """The current index, rebuilt when the content has changed since it was built."""
    global _current
    version = _version()
    with _lock:
        if _current is None or _current.version != version:
            _current = build()
        return _current
