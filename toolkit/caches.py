"""Every process-global cache of the toolkit, declared here and emptied by one call.

What does not change between files (a template's parsed identity map, a catalog's schema, the
gate's scans of parts every form of one template shares, the width of a word) is computed once
per process. Each such cache is made by this module, so that one rule holds for all:

- :func:`memo` makes a dict that empties itself whole when it reaches its limit (the next
  template's entries simply refill it; nothing is evicted one by one);
- :func:`function` memoises a function of a few plain arguments (``functools.lru_cache``);
- :func:`clear` empties every cache (tests that must not see another test's state call it);
  :func:`sizes` says what each holds.

A cache keyed on an object's ``id`` keeps that object in the value and checks it on a hit
(``hit[0] is obj``): an id is reused once its object is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])


class _CacheInfo(Protocol):
    @property
    def currsize(self) -> int: ...


class _Memoised(Protocol):
    """What ``functools.lru_cache`` makes of a function: it can be emptied and counted."""

    def cache_clear(self) -> None: ...

    def cache_info(self) -> _CacheInfo: ...


class Memo(dict[K, V]):
    """A dict used as a cache: :meth:`put` empties it first when it holds ``limit`` entries."""

    __slots__ = ("name", "limit")

    def __init__(self, name: str, limit: int) -> None:
        super().__init__()
        self.name, self.limit = name, limit

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def cache_clear(self) -> None:
        self.clear()


_REGISTRY: dict[str, Memo[Any, Any] | _Memoised] = {}


def _register(name: str, cache: Memo[Any, Any] | _Memoised) -> None:
    if name in _REGISTRY:
        raise ValueError(f"cache {name!r} is declared twice")
    _REGISTRY[name] = cache


def memo(name: str, limit: int) -> Memo[Any, Any]:
    """A new process-global dict cache called ``name`` (module.what), at most ``limit`` entries."""
    out: Memo[Any, Any] = Memo(name, limit)
    _register(name, out)
    return out


def function(name: str, maxsize: int | None) -> Callable[[F], F]:
    """Decorator: memoise a function of hashable arguments (``maxsize=None``: a small, fixed
    set of arguments, such as the characters of a font)."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _register(name, cached)
        return cast(F, cached)  # lru_cache keeps fn's signature; its stub's wrapper type does not say so

    return wrap


def clear() -> None:
    """Empty every cache of the process."""
    for cache in _REGISTRY.values():
        cache.cache_clear()


def sizes() -> dict[str, int]:
    """How many entries each cache holds, by name."""
    out = {}
    for name, cache in _REGISTRY.items():
        out[name] = len(cache) if isinstance(cache, Memo) else cache.cache_info().currsize
    return out


def names() -> list[str]:
    """The caches declared so far (those of the modules imported)."""
    return sorted(_REGISTRY)
