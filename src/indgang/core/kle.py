"""KLE, the municipalities' common classification of tasks, with OS2KLE keywords.

``data/kle/OS2KLE.txt`` (MPL-2.0, see ``data/kle/SOURCES.md`` and
``LICENSE.txt`` beside it) gives every KLE topic its number, title and
weighted keywords. ``data/kle/local-keywords.txt`` adds the municipality's
own everyday words and English ones in the same spirit (OS2KLE is meant to be
extended locally).

``KleIndex.score`` finds the topics whose keywords a text mentions. Words
are compared on their letters four at a time, so a keyword is found inside a
Danish compound ("vuggestue" in "vuggestuepladsen"), in its inflections
("kørekortet") and with æøå written as ae/oe/aa or e/o/a. Other
misspellings are left to the router's character n-gram classifier. Pure
Python and SciPy, no Django; loaded once per process.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "kle"
NUMBER = re.compile(r"^\d{2}(\.\d{2}){0,2}$")
_LINE = re.compile(
    r"^KLENummer='(?P<number>[^']*)':KLETitel='(?P<title>[^']*)':Keywords\[Weight\]=(?P<keywords>.*)$"
)
_KEYWORD = re.compile(r"^(?P<word>.*?)\s*\[(?P<weight>-?\d+)\]\s*$")
_FOLD = str.maketrans({"æ": "e", "ø": "o", "å": "a", "ä": "e", "ö": "o", "ü": "u"})
# Letters compared at a time; a keyword counts as mentioned when this share
# of its four-letter pieces occur in the text.
GRAM = 4
CONTAINMENT = 0.8
# How much a general topic ("… i almindelighed", NN.NN.00) weighs against a
# specific one with the same keywords.
GENERAL = 0.9


class KleFormatError(ValueError):
    pass


@dataclass(frozen=True)
class KleTopic:
    number: str
    title: str
    keywords: tuple[tuple[str, int], ...]

    @property
    def group(self) -> str:
        return self.number[:2]


def canon(text: str) -> str:
    """The form texts and keywords are compared in: lower case, æøå and their
    ae/oe/aa spellings all as e/o/a, accents and punctuation gone."""
    text = text.lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = text.replace("ae", "e").replace("oe", "o").replace("aa", "a")
    return re.sub(r"\s+", " ", text).strip()


def parse(lines: Iterable[str]) -> list[KleTopic]:
    """Parse OS2KLE's format, one topic a line:
    ``KLENummer='05.01.08':KLETitel='...':Keywords[Weight]=word[5];other[10];``."""
    topics = []
    for number, line in enumerate(lines, start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        match = _LINE.match(line)
        if match is None or not NUMBER.match(match["number"]):
            raise KleFormatError(f"line {number}: not an OS2KLE topic line")
        keywords = []
        for item in match["keywords"].split(";"):
            if not item.strip():
                continue
            found = _KEYWORD.match(item)
            if found is None:
                raise KleFormatError(f"line {number}: keyword without a weight: {item!r}")
            keywords.append((found["word"].strip(), int(found["weight"])))
        topics.append(KleTopic(match["number"], match["title"].strip(), tuple(keywords)))
    return topics


def parse_local(lines: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """Local keywords: ``NN.NN.NN: word; other words; word[20]`` a line, ``#`` comments."""
    extra: dict[str, list[tuple[str, int]]] = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kle, _, words = line.partition(":")
        kle = kle.strip()
        if not NUMBER.match(kle) or not words.strip():
            raise KleFormatError(f"line {number}: expected 'NN.NN.NN: word; word'")
        for item in words.split(";"):
            item = item.strip()
            if not item:
                continue
            found = _KEYWORD.match(item)
            word, weight = (found["word"], int(found["weight"])) if found else (item, 5)
            extra.setdefault(kle, []).append((word.strip(), weight))
    return extra


def _grams(text: str) -> set[str]:
    out = set()
    for word in text.split():
        padded = f" {word} "
        if len(padded) <= GRAM:
            out.add(padded)
        else:
            out.update(padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1))
    return out


# OS2KLE keywords that are also everyday words in any inquiry ("brug"
# as in "har brug for", English "and", "kort" as in short, "plan").
COMMON = frozenset(
    [
        "and",
        "app",
        "art",
        "bla",
        "brug",
        "del",
        "due",
        "form",
        "hold",
        "kort",
        "lag",
        "mark",
        "plan",
        "port",
        "post",
        "sel",
        "sine",
        "test",
        "tre",
        "tur",
        # Longer ones every kind of inquiry uses ("står" folds to "star").
        "star",
        "betale",
        "fjerne",
        "mangler",
        "bruger",
        "privat",
        "borger",
        "kommune",
        "kommunal",
        "hjelp",
        "behandling",
        "ansogning",
        "telefon",
        "ferie",
    ]
)


def _usable(word: str) -> bool:
    # Account codes ("ok011"), paragraphs ("§ 85"), one- or two-letter
    # abbreviations and everyday words say nothing about a citizen's text.
    folded = canon(word)
    return (
        len(folded) >= 3
        and folded not in COMMON
        and not any(c.isdigit() for c in folded)
        and "§" not in word
    )


def _has_word(words: set[str], word: str, ending: int) -> bool:
    """``word`` on its own or with a short ending ("pas", "passet")."""
    return word in words or any(w.startswith(word) and len(w) <= len(word) + ending for w in words)


@dataclass(frozen=True)
class Match:
    number: str
    title: str
    score: float


class KleIndex:
    """Every usable keyword of every topic, ready to be found in texts."""

    def __init__(
        self, topics: Sequence[KleTopic], local: dict[str, list[tuple[str, int]]] | None = None
    ):
        from scipy import sparse

        self.topics = {t.number: t for t in topics}
        self.numbers = [t.number for t in topics]
        position = {n: i for i, n in enumerate(self.numbers)}
        phrases: dict[tuple[str, int], float] = {}
        for topic in topics:
            items = [(topic.title, 5), *topic.keywords, *((local or {}).get(topic.number, []))]
            for word, weight in items:
                if weight <= 0 or not _usable(word):
                    continue
                key = (canon(word), position[topic.number])
                # Local keywords are written for citizens' wording: they weigh like
                # OS2KLE's stronger ones. Weights beyond 100 are OS2KLE's codes.
                value = 1.0 + math.log10(max(5, min(weight, 100)) / 5)
                phrases[key] = max(phrases.get(key, 0.0), value)
        for number in local or {}:
            if number not in position:
                raise KleFormatError(f"local keyword for unknown KLE number {number}")
        # A keyword many topics share ("tilskud", "børn") tells little.
        spread: dict[str, int] = {}
        for phrase, _ in phrases:
            spread[phrase] = spread.get(phrase, 0) + 1
        self.phrases = [p for p, _ in phrases]
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        sizes: list[int] = []
        values: list[float] = []
        topic_of: list[int] = []
        for k, ((phrase, column), strength) in enumerate(phrases.items()):
            grams = _grams(phrase)
            for gram in grams:
                rows.append(k)
                cols.append(vocabulary.setdefault(gram, len(vocabulary)))
            sizes.append(len(grams))
            idf = math.log(1 + len(topics) / spread[phrase])
            # Longer keywords are more specific: "genoptræningsplan" over "plan".
            length = min(1.0, len(phrase.replace(" ", "")) / 8)
            # A topic "… i almindelighed" (NN.NN.00) yields to a specific one
            # the same words find: citizens write about a specific matter.
            general = GENERAL if self.numbers[column].endswith(".00") else 1.0
            values.append(strength * idf * (0.4 + 0.6 * length) * general)
            topic_of.append(column)
        self.vocabulary = vocabulary
        self.keyword_grams = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(sizes), len(vocabulary)),
        ).T.tocsr()
        self.sizes = np.array(sizes, dtype=np.float32)
        self.to_topics = sparse.csr_matrix(
            (np.array(values, dtype=np.float32), (range(len(topic_of)), topic_of)),
            shape=(len(topic_of), len(topics)),
        )
        self.short = np.array([len(p) <= 4 and " " not in p for p in self.phrases])
        # A keyword of several words counts only when every word is there:
        # "debt to the municipality" is not found in "ask the municipality".
        self.several = np.array([" " in p for p in self.phrases])
        self._short_words = {p: k for k, p in enumerate(self.phrases) if self.short[k]}

    def title(self, number: str) -> str:
        topic = self.topics.get(number)
        return topic.title if topic else ""

    def _text_matrix(self, texts: Sequence[str]) -> tuple[object, list[str]]:
        from scipy import sparse

        rows, cols = [], []
        folded = [canon(t) for t in texts]
        for i, text in enumerate(folded):
            for gram in _grams(text):
                j = self.vocabulary.get(gram)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(self.vocabulary)),
        )
        return matrix, folded

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """A (texts × topics) array of keyword evidence; 0 where none."""
        from scipy import sparse

        if not texts:
            return np.zeros((0, len(self.numbers)), dtype=np.float32)
        matrix, folded = self._text_matrix(texts)
        overlap = (matrix @ self.keyword_grams).tocsr()
        overlap = overlap.multiply(1.0 / self.sizes).tocsr()
        # Short keywords are checked word by word below instead.
        short = self.short[overlap.indices]
        overlap.data = np.where((overlap.data >= CONTAINMENT) | short, overlap.data, 0.0)
        overlap.eliminate_zeros()
        # Short keywords ("pas", "sfo") only count as a word of their own or
        # with a short ending ("passet", "sfo'en"), not inside other words.
        coo = overlap.tocoo()
        keep = ~self.short[coo.col]
        data = coo.data.copy()
        words = [set(text.split()) for text in folded]
        for n in np.flatnonzero(~keep):
            phrase = self.phrases[coo.col[n]]
            keep[n] = _has_word(words[coo.row[n]], phrase, 3)
            data[n] = 1.0
        for n in np.flatnonzero(self.several[coo.col] & keep):
            row = coo.row[n]
            keep[n] = all(
                _has_word(words[row], word, 2)
                if len(word) <= 3
                else word[: max(4, len(word) - 2)] in folded[row]
                for word in self.phrases[coo.col[n]].split()
            )
        overlap = sparse.csr_matrix(
            (data[keep], (coo.row[keep], coo.col[keep])), shape=overlap.shape
        )
        return np.asarray((overlap @ self.to_topics).todense())

    def rank(self, text: str, top: int = 3) -> list[Match]:
        row = self.scores([text])[0]
        order = np.argsort(-row)[:top]
        return [
            Match(self.numbers[i], self.topics[self.numbers[i]].title, float(row[i]))
            for i in order
            if row[i] > 0
        ]


def cache_file() -> Path:
    """Where the built index is kept between processes: named after the
    keyword files and this module's code, so any change builds it anew."""
    digest = hashlib.sha256()
    for path in (DATA / "OS2KLE.txt", DATA / "local-keywords.txt", Path(__file__)):
        if path.exists():
            digest.update(path.read_bytes())
    base = os.environ.get("KLE_INDEX_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "indgang"
    )
    return Path(base) / f"kle-index-{digest.hexdigest()[:16]}.pickle"


def _private(path: Path) -> bool:
    """The file and its directory belong to this user and nobody else may write them."""
    for item in (path, path.parent):
        status = item.stat()
        if status.st_uid != os.getuid() or status.st_mode & 0o022:
            return False
    return True


def build_index() -> KleIndex:
    """The shipped OS2KLE topics and local keywords (about two CPU-seconds)."""
    topics = parse((DATA / "OS2KLE.txt").read_text(encoding="utf-8").splitlines())
    local_file = DATA / "local-keywords.txt"
    local = (
        parse_local(local_file.read_text(encoding="utf-8").splitlines())
        if local_file.exists()
        else {}
    )
    return KleIndex(topics, local)


@lru_cache(maxsize=1)
def index() -> KleIndex:
    """The index, built once per process, lazily, on first use; the built
    index is kept in the user's cache directory (``KLE_INDEX_CACHE_DIR``), so
    the next process loads it in a few hundredths of a second instead of
    building it. ``indgang route warm`` builds it ahead (at install)."""
    path = cache_file()
    try:
        if _private(path):
            with path.open("rb") as stream:
                # Only a file this user wrote, in a directory nobody else can
                # write to (checked just above), is unpickled.
                loaded = pickle.load(stream)  # noqa: S301
            if isinstance(loaded, KleIndex):
                return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    built = build_index()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as out:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
        for old in path.parent.glob("kle-index-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # built from files that have changed since
    except OSError:
        pass  # a read-only home: build per process, as before
    return built


def title(number: str) -> str:
    return index().title(number)
