"""Per-process caches of what does not change between files: the catalog's version hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import caches

if TYPE_CHECKING:
    from ..catalog import Catalog

_VERSIONS = caches.memo("validate.cache.versions", 64)  # per catalog object: its version hash


def catalog_version(catalog: Catalog) -> str:
    """``catalog.version`` (a hash over the whole catalog), computed once per catalog object."""
    hit = _VERSIONS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    return _VERSIONS.put(id(catalog), (catalog, catalog.version))[1]
