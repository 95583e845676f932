"""From KLE evidence to an administration, through the municipality's KLE map.

For each text: the OS2KLE and local keywords it mentions (``core.kle``), plus
the labelled examples it resembles (the shipped training data and every
caseworker correction, each with a KLE number: ``Memory``), give a score per
KLE topic. The municipality's map turns the strongest topics into a
distribution over its administrations. No Django here beyond the map object.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from indgang.core import kle

if TYPE_CHECKING:
    from indgang.core.municipality import MunicipalityMap

# How many topics count towards an administration, and how much keyword
# score makes the KLE evidence sure (1 - e^(-score/EVIDENCE)).
TOP_TOPICS = 8
EVIDENCE = 4.0
# A labelled example this similar (cosine of TF-IDF) or more adds its topic.
NEIGHBOUR_MIN = 0.35
NEIGHBOUR_WEIGHT = 12.0
NEIGHBOURS = 5


# A caseworker's correction this similar to a new text (or more) pulls the
# new text towards the corrected administration, in proportion.
CORRECTION_MIN = 0.6


@dataclass
class Memory:
    """Labelled examples (text, KLE number) to compare new texts with, and
    which of them are caseworkers' corrections (their administration)."""

    vectorizer: Any
    matrix: Any
    numbers: list[str | None]
    corrections: list[str | None] | None = None

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        numbers: Sequence[str | None],
        corrections: Sequence[str | None] | None = None,
    ) -> Memory | None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts:
            return None
        vectorizer = TfidfVectorizer(
            preprocessor=kle.canon, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
        )
        matrix = vectorizer.fit_transform(list(texts))
        return cls(vectorizer, matrix, list(numbers), list(corrections) if corrections else None)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        similarity: np.ndarray = (self.vectorizer.transform(list(texts)) @ self.matrix.T).toarray()
        return similarity

    def nearest_correction(self, similarity: np.ndarray) -> list[tuple[str, float] | None]:
        """Per text: the administration of the most similar correction, if similar enough."""
        if not self.corrections or not any(self.corrections):
            return [None] * len(similarity)
        columns = np.array([a is not None for a in self.corrections])
        out: list[tuple[str, float] | None] = []
        for row in similarity:
            masked = np.where(columns, row, 0.0)
            j = int(np.argmax(masked))
            administration = self.corrections[j]
            ok = masked[j] >= CORRECTION_MIN and administration is not None
            out.append((administration, float(masked[j])) if ok else None)  # type: ignore[arg-type]
        return out

    def add_to(self, scores: np.ndarray, similarity: np.ndarray, position: dict[str, int]) -> None:
        for i, row in enumerate(similarity):
            for j in _strongest(row, NEIGHBOURS):
                if row[j] < NEIGHBOUR_MIN:
                    break
                number = self.numbers[j]
                column = position.get(number) if number else None
                if column is not None:
                    scores[i, column] += NEIGHBOUR_WEIGHT * float(row[j])


def _strongest(row: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest values, largest first (ties: lower index)."""
    if len(row) <= count:
        return np.argsort(-row, kind="stable")
    part = np.argpartition(-row, count - 1)[:count]
    return part[np.lexsort((part, -row[part]))]


@dataclass(frozen=True)
class KleGuess:
    number: str
    title: str
    confidence: float


@dataclass(frozen=True)
class Evidence:
    """The KLE view of one text for one municipality."""

    distribution: dict[str, float]  # administration → probability
    topics: list[tuple[str, float]]  # (KLE number, score), strongest first
    strength: float  # 0..1: how much keyword evidence there is
    correction: tuple[str, float] | None = None  # (administration, similarity)
    # administration → share of the mapped keyword evidence (sums to 1, or empty)
    share: dict[str, float] = field(default_factory=dict)

    def best_kle(
        self, administration: str | None, municipality: MunicipalityMap
    ) -> KleGuess | None:
        """The strongest topic the municipality gives to ``administration``
        (any topic when ``None``), with its share of the evidence."""
        total = sum(score for _, score in self.topics) or 1.0
        for number, score in self.topics:
            place = municipality.place(number)
            if administration is None or (place and place.administration == administration):
                return KleGuess(number, kle.title(number), round(self.strength * score / total, 4))
        return None


def scores(
    texts: Sequence[str], memory: Memory | None = None
) -> tuple[np.ndarray, list[tuple[str, float] | None]]:
    index = kle.index()
    matrix = index.scores(texts)
    corrections: list[tuple[str, float] | None] = [None] * len(texts)
    if memory is not None and len(texts):
        similarity = memory.similarity(texts)
        memory.add_to(matrix, similarity, {n: i for i, n in enumerate(index.numbers)})
        corrections = memory.nearest_correction(similarity)
    return matrix, corrections


def evidence(
    texts: Sequence[str], municipality: MunicipalityMap, memory: Memory | None = None
) -> list[Evidence]:
    index = kle.index()
    matrix, corrections = scores(texts, memory)
    administrations = sorted(municipality.administrations)
    out = []
    for row, correction in zip(matrix, corrections, strict=True):
        order = _strongest(row, TOP_TOPICS)
        topics = [(index.numbers[i], float(row[i])) for i in order if row[i] > 0]
        mass = dict.fromkeys(administrations, 0.0)
        for number, score in topics:
            place = municipality.place(number)
            if place is not None and place.administration in mass:
                mass[place.administration] += score
        total = sum(mass.values())
        strength = 1 - math.exp(-(topics[0][1] if topics else 0.0) / EVIDENCE) if total else 0.0
        uniform = (1 - strength) / len(administrations)
        distribution = {
            a: (strength * mass[a] / total if total else 0.0) + uniform for a in administrations
        }
        share = {a: mass[a] / total for a in administrations} if total else {}
        out.append(Evidence(distribution, topics, strength, correction, share))
    return out


def weak_labels(
    texts: Sequence[str], administrations: Sequence[str], municipality: MunicipalityMap
) -> list[str | None]:
    """The KLE topic each labelled example most likely has: the strongest one
    its keywords find among those the municipality gives to its administration."""
    index = kle.index()
    matrix = index.scores(texts)
    out: list[str | None] = []
    for row, administration in zip(matrix, administrations, strict=True):
        found = None
        for i in np.argsort(-row)[:40]:
            if row[i] <= 0:
                break
            place = municipality.place(index.numbers[i])
            if place is not None and place.administration == administration:
                found = index.numbers[i]
                break
        out.append(found)
    return out
