"""YAML loading that remembers line numbers, so that every catalog problem can say where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BaocaoError


class LineDict(dict):
    """A mapping from YAML that knows the line (1-based) it started on."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    line: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (checked by the caller, with a clear message)."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        d[key] = loader.construct_object(value_node, deep=True)
        d.key_lines[str(key)] = key_node.start_mark.line + 1
    return d


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line = node.start_mark.line + 1
    return seq


class Decimal(float):
    """A YAML decimal number that remembers how it was written (``text``): YAML reads the
    Vietnamese 54.000 as 54.0, and only the text tells that a count meant fifty-four thousand."""

    text: str = ""


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = Decimal(loader.construct_yaml_float(node))
    value.text = str(node.value)
    return value


FLOAT_TAG = "tag:yaml.org,2002:float"
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor(FLOAT_TAG, _construct_float)


class YamlError(BaocaoError, ValueError):
    """A YAML file or text that cannot be read: ``path``, ``line`` (None when unknown) and
    ``detail`` (the parser's words, in English)."""

    path: Path
    line: int | None
    detail: str
    where: str

    vi = "{where}: không đọc được YAML: {detail}"
    en = "{where}: cannot read the YAML: {detail}"

    def __init__(self, path: Path, line: int | None, detail: str):
        super().__init__(path=path, line=line, detail=detail, where=f"{path}:{line or '?'}")


def load(path: Path) -> Any:
    """Load a YAML file; mappings are :class:`LineDict`. Raises :class:`YamlError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise YamlError(path, None, f"not UTF-8: {e}") from e
    return _parse(path, text)


def loads(text: str, name: str = "<text>") -> Any:
    """Parse YAML text (a cell, a generated file) like :func:`load`; raises :class:`YamlError`."""
    return _pure(Path(name), text)


def _pure(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise YamlError(path, line, str(e.problem or e)) from e
    except yaml.YAMLError as e:
        raise YamlError(path, None, str(e)) from e


# --- speed: libyaml's parser, and a cache for large files ---------------------------------------
# A national workspace has thousands of units: the pure-Python parser needs seconds for them,
# at every start of the command line and of every worker. libyaml (when PyYAML has it) builds
# the same documents with the same line numbers ~5x faster; a file of more than CACHE_MIN
# characters is also cached as JSON (keyed by the sha256 of its text) in the user's cache
# folder, which loads ~20x faster again. Errors always come from the pure-Python loader, so
# that their messages and lines do not depend on the parser.
CACHE_MIN = 200_000
CACHE_FORMAT = "baocao-yaml-cache/2"  # 2: decimals keep their text

_CLoader: type[yaml.CSafeLoader] | None = None  # None: PyYAML built without libyaml
if getattr(yaml, "__with_libyaml__", False):

    class _LibyamlLoader(yaml.CSafeLoader):
        """libyaml parser; the same resolvers and constructors as :class:`_Loader`."""

    _LibyamlLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _LibyamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _LibyamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _LibyamlLoader.add_constructor(FLOAT_TAG, _construct_float)
    _CLoader = _LibyamlLoader


def _parse(path: Path, text: str) -> Any:
    if _CLoader is None:
        return _pure(path, text)
    cache = _cache_file(text) if len(text) >= CACHE_MIN else None
    if cache is not None:
        hit = _cache_read(cache)
        if hit is not None:
            return hit
    try:
        doc = yaml.load(text, Loader=_CLoader)  # noqa: S506 - CSafeLoader subclass
    except yaml.YAMLError:
        return _pure(path, text)  # the same message and line as always (or the same document)
    if cache is not None:
        _cache_write(cache, doc)
    return doc


def _cache_file(text: str) -> Path | None:
    """Where a file's parsed form is cached; ``BAOCAO_CACHE_DIR=off`` turns the cache off."""
    import hashlib
    import os

    env = os.environ.get("BAOCAO_CACHE_DIR")
    if env == "off":
        return None
    root = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baocao"
    return root / "yaml" / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.json"


def _encode(x: Any) -> Any:
    if isinstance(x, dict):
        return {
            "l": getattr(x, "line", 0),
            "k": getattr(x, "key_lines", {}),
            "d": [[k, _encode(v)] for k, v in x.items()],
        }
    if isinstance(x, list):
        return {"l": getattr(x, "line", 0), "s": [_encode(v) for v in x]}
    if isinstance(x, Decimal):
        return {"f": float(x), "t": x.text}
    return x


def _decode(x: Any) -> Any:
    if isinstance(x, dict):
        if "f" in x:
            number = Decimal(x["f"])
            number.text = x["t"]
            return number
        if "d" in x:
            d = LineDict((k, _decode(v)) for k, v in x["d"])
            d.line, d.key_lines = x["l"], x["k"]
            return d
        seq = LineList(_decode(v) for v in x["s"])
        seq.line = x["l"]
        return seq
    return x


def _plain(x: Any) -> bool:
    """Only what JSON gives back unchanged (dates are kept as text by :class:`_Loader`)."""
    if isinstance(x, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in x.items())
    if isinstance(x, list):
        return all(_plain(v) for v in x)
    return x is None or isinstance(x, (str, int, float, bool))


def _cache_read(cache: Path) -> Any:
    import json

    try:
        doc = json.loads(cache.read_text(encoding="utf-8"))
        if doc.get("format") != CACHE_FORMAT:
            return None
        return _decode(doc["doc"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cache_write(cache: Path, doc: Any) -> None:
    import json
    import os

    if not _plain(doc):
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": CACHE_FORMAT, "doc": _encode(doc)}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a cache only: never a reason to fail


def line_of(obj: Any, key: str | None = None) -> int | None:
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return getattr(obj, "line", None)
