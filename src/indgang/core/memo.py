"""Process-local copies of small, rarely changed data (the catalogue, the
directory), read on many pages and dropped when the data changes.

A ``Memo`` builds its value once per process and hands the same value to
every request until one of these happens:

- the data changed: a save or delete of one of the models it watches (or a
  call to ``invalidate()``) gives it a new *generation* in Django's cache.
  Every process compares its copy's generation with the cache's on each read
  (one cache lookup), so with a shared cache (``CACHE_URL``, Redis) every
  process sees a change at once; the process that made the change does in any
  case;
- the copy is older than ``max_age`` seconds: the bound on staleness for
  processes that share no cache (several web processes without ``CACHE_URL``,
  which check indgang.W002 warns about), and for changes made without the
  ORM's signals (``QuerySet.update``, raw SQL).

The generation is bumped both at once and when the transaction commits: a
request that rebuilt from the old rows between the write and the commit does
not keep them. Values are shared by the threads of a process: treat them as
read-only.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")


class Memo(Generic[T]):
    every: ClassVar[list[Memo[Any]]] = []

    def __init__(self, name: str, build: Callable[[], T], *, max_age: float = 60.0) -> None:
        self.name = name
        self.key = f"memo:{name}"
        self.build = build
        self.max_age = max_age
        self._lock = threading.Lock()
        self._value: T | None = None
        self._generation: str | None = None
        self._built = 0.0
        Memo.every.append(self)

    def _current_generation(self) -> str:
        generation = cache.get(self.key)
        if generation is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            generation = cache.get(self.key) or ""
        return str(generation)

    def get(self) -> T:
        generation = self._current_generation()
        with self._lock:
            fresh = time.monotonic() - self._built < self.max_age
            if self._value is not None and self._generation == generation and fresh:
                return self._value
        value = self.build()
        with self._lock:
            self._value, self._generation, self._built = value, generation, time.monotonic()
        return value

    def invalidate(self) -> None:
        """Drop every process's copy (now, and again when the transaction commits)."""

        def bump() -> None:
            self.forget()
            cache.set(self.key, uuid.uuid4().hex, None)

        bump()
        transaction.on_commit(bump)

    def forget(self) -> None:
        """Drop this process's copy only."""
        with self._lock:
            self._value, self._generation = None, None

    def watch(self, *watched: type[models.Model] | Any) -> None:
        """Invalidate on a save or delete of these models (or a change of these
        many-to-many relations: pass ``Model.field.through``)."""
        for model in watched:
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(self._changed, sender=model, weak=False)

    def _changed(self, *args: Any, **kwargs: Any) -> None:
        self.invalidate()

    @classmethod
    def forget_all(cls, memos: Iterable[Memo[Any]] | None = None) -> None:
        """Drop this process's copies (tests: the database was rolled back)."""
        for memo in cls.every if memos is None else memos:
            memo.forget()
